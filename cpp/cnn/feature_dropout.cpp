#include "cnn/feature_dropout.hpp"

#include <algorithm>

#include "kernels/mask.hpp"
#include "nn/dropout.hpp"

namespace dp {

const char* name_of(FeatureDropoutKind k) { return k == FeatureDropoutKind::Spatial ? "spatial" : "elementwise"; }

int feature_mask_size(FeatureDropoutKind kind, int n, int hw, int c) {
  return kind == FeatureDropoutKind::Spatial ? n * c : n * hw * c;
}

void sample_feature_mask(const FeatureDropout& d, DropoutMode mode, uint64_t key, int n, int hw, int c, float* f) {
  const int size = feature_mask_size(d.kind, n, hw, c);
  if (d.rate == 0.0f) {
    std::fill(f, f + size, 1.0f);
    return;
  }
  kernels::bernoulli_mask(key, 0, size, 1.0f - d.rate, keep_scale(mode, d.rate), f);
}

void feature_dropout_forward(FeatureDropoutKind kind, int n, int hw, int c, const float* x, const float* f, float* y) {
  if (kind == FeatureDropoutKind::Elementwise) {
    const size_t count = static_cast<size_t>(n) * hw * c;
    for (size_t i = 0; i < count; ++i) y[i] = x[i] * f[i];
    return;
  }
  for (int e = 0; e < n; ++e) {
    const float* fe = f + static_cast<size_t>(e) * c;
    for (int p = 0; p < hw; ++p) {
      const size_t o = (static_cast<size_t>(e) * hw + p) * c;
      for (int ch = 0; ch < c; ++ch) y[o + ch] = x[o + ch] * fe[ch];
    }
  }
}

void feature_dropout_backward(FeatureDropoutKind kind, int n, int hw, int c, const float* dy, const float* f,
                              float* dx) {
  feature_dropout_forward(kind, n, hw, c, dy, f, dx);  // y = x f is linear in x: the same product
}

void feature_dropout_inference(const FeatureDropout& d, DropoutMode mode, int count, float* x) {
  dropout_forward_inference({d.rate, DropoutKind::Bernoulli}, mode, count, x);
}

}  // namespace dp
