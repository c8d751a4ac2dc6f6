#include "nn/dropout.hpp"

#include <cmath>

#include "kernels/mask.hpp"
#include "kernels/rng.hpp"

namespace dp {

AlphaParams alpha_params(float rate) {
  const double p = rate, q = 1.0 - rate;
  const double alpha_prime = -static_cast<double>(kernels::kSeluLambda) * kernels::kSeluAlpha;
  const double a = 1.0 / std::sqrt(q * (1.0 + p * alpha_prime * alpha_prime));
  const double b = -a * alpha_prime * p;
  return {static_cast<float>(a), static_cast<float>(b), static_cast<float>(a * alpha_prime + b)};
}

float keep_scale(DropoutMode mode, float rate) { return mode == DropoutMode::Inverted ? 1.0f / (1.0f - rate) : 1.0f; }

void sample_mask(const DropoutSpec& d, DropoutMode mode, uint64_t key, int row0, bool shared_rows, int rows, int width,
                 float* f, Uniforms uniforms) {
  const float keep = 1.0f - d.rate;
  const int sampled_rows = shared_rows ? 1 : rows;
  for (int r = 0; r < sampled_rows; ++r) {
    float* fr = f + r * width;
    const int counter_row = shared_rows ? 0 : row0 + r;
    const uint32_t c0 = static_cast<uint32_t>(counter_row) * static_cast<uint32_t>(width);
    switch (d.kind) {
      case DropoutKind::Bernoulli:
        if (uniforms == Uniforms::Bits16) {
          kernels::bernoulli_mask16(key, c0, width, keep, keep_scale(mode, d.rate), fr);
          break;
        }
        [[fallthrough]];
      case DropoutKind::DropConnect: kernels::bernoulli_mask(key, c0, width, keep, keep_scale(mode, d.rate), fr); break;
      case DropoutKind::Alpha: kernels::bernoulli_mask(key, c0, width, keep, alpha_params(d.rate).a, fr); break;
      case DropoutKind::Gaussian: {
        const float sigma = std::sqrt(d.rate / keep);
        for (int j = 0; j < width; ++j) fr[j] = 1.0f + sigma * normal01(key, c0 + static_cast<uint32_t>(j));
        break;
      }
    }
  }
}

void dropout_forward_train(const DropoutSpec& d, int n, const float* x, const float* f, float* y) {
  if (d.kind == DropoutKind::Alpha) {
    const AlphaParams ap = alpha_params(d.rate);
    for (int i = 0; i < n; ++i) y[i] = f[i] != 0.0f ? x[i] * f[i] + ap.b : ap.dropped;
    return;
  }
  for (int i = 0; i < n; ++i) y[i] = x[i] * f[i];
}

void dropout_backward(int n, const float* dy, const float* f, float* dx) {
  for (int i = 0; i < n; ++i) dx[i] = dy[i] * f[i];
}

void dropout_forward_inference(const DropoutSpec& d, DropoutMode mode, int n, float* x) {
  const bool scales = mode == DropoutMode::Original &&
                      (d.kind == DropoutKind::Bernoulli || d.kind == DropoutKind::DropConnect) && d.rate > 0.0f;
  if (!scales) return;
  const float keep = 1.0f - d.rate;
  for (int i = 0; i < n; ++i) x[i] *= keep;
}

}  // namespace dp
