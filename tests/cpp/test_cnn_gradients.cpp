// Finite-difference gradient checks through the whole CNN (cpp/cnn/cnn_network.hpp):
// conv ('same' and 'valid', 3x3 and 5x5, odd sides), relu, feature-map dropout
// (elementwise and spatial, inverted and original) with the mask held fixed, 2x2
// max-pooling (odd sides rounded down), the dense head with dropout, softmax
// cross-entropy; every weight, bias and input pixel.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cnn/cnn_network.hpp"
#include "kernels/rng.hpp"

using namespace dp;

namespace {

constexpr int kBatch = 3;

// As tests/cpp/test_gradients.cpp: central differences in float32 with step h = 3e-3
// have truncation error ~h^2 f'''/6 and rounding error ~6e-8 |L| / h, both ~1e-5; the
// tolerance is 30x that plus 1% of the gradient for the float32 forward pass's own error.
constexpr float kStep = 3e-3f;
bool close(double numeric, double analytic) {
  return std::fabs(numeric - analytic) <= 3e-4 + 1e-2 * std::fabs(analytic);
}
// relu and max-pooling are piecewise smooth: when a kink (a pre-activation crossing 0,
// or a window's maximum changing hands) lies within [w-h, w+h], the central difference
// mixes two pieces, but one of the one-sided differences lies on the piece containing w,
// where the analytic gradient lives.
bool matches(double up, double mid, double down, double analytic) {
  return close((up - down) / (2 * kStep), analytic) || close((up - mid) / kStep, analytic) ||
         close((mid - down) / kStep, analytic);
}

struct Counts {
  int checked = 0, bad = 0;
};

// Perturbs v[i] for every i and compares with g.
template <class Loss>
void check_values(const char* what, std::vector<float>& v, const std::vector<float>& g, Loss loss, Counts& counts) {
  for (size_t i = 0; i < v.size(); ++i) {
    const double mid = loss();
    const float saved = v[i];
    v[i] = saved + kStep;
    const double up = loss();
    v[i] = saved - kStep;
    const double down = loss();
    v[i] = saved;
    ++counts.checked;
    if (!matches(up, mid, down, g[i])) {
      ++counts.bad;
      INFO(what << "[" << i << "]: numeric " << (up - down) / (2 * kStep) << ", analytic " << g[i]);
      CHECK(matches(up, mid, down, g[i]));
    }
  }
}

void check_cnn_gradients(const CnnConfig& cfg) {
  CnnNetwork net(cfg);
  std::vector<float> x(static_cast<size_t>(kBatch) * cfg.image_size()), y(kBatch);
  const uint64_t key = stream_key(123, 78);
  for (size_t i = 0; i < x.size(); ++i) x[i] = 2.0f * uniform01(key, static_cast<uint32_t>(i)) - 1.0f;
  for (int i = 0; i < kBatch; ++i) y[i] = static_cast<float>(i % cfg.classes);
  // Draw this step's masks once, then hold them fixed.
  net.gradients(x.data(), y.data(), kBatch, MaskSource::Sampled);
  net.gradients(x.data(), y.data(), kBatch, MaskSource::Fixed, true);
  if (cfg.conv_dropout.rate > 0.0f) {  // the check is through dropout only if something was dropped
    int dropped = 0;
    for (float f : net.feature_mask()) dropped += f == 0.0f;
    CHECK(dropped > 0);
  }
  auto loss = [&] { return net.loss(x.data(), y.data(), kBatch, MaskSource::Fixed); };
  Counts counts;
  const char* names[] = {"conv", "hidden", "output"};
  for (int l = 0; l < 3; ++l) {
    DenseLayer& layer = net.layers()[l];
    const std::vector<float> dk = layer.dkernel, db = layer.dbias;
    const std::string kernel = std::string(names[l]) + " kernel", bias = std::string(names[l]) + " bias";
    check_values(kernel.c_str(), layer.kernel, dk, loss, counts);
    check_values(bias.c_str(), layer.bias, db, loss, counts);
  }
  const std::vector<float> dx(net.input_gradient().begin(), net.input_gradient().begin() + x.size());
  check_values("input", x, dx, loss, counts);
  CHECK(counts.checked > 0);
  CHECK(counts.bad == 0);
}

CnnConfig grad_config(bool same, FeatureDropoutKind kind, DropoutMode mode) {
  CnnConfig c;
  c.height = same ? 7 : 9;
  c.width = same ? 7 : 11;
  c.channels = same ? 2 : 1;
  c.kernel = same ? 3 : 5;
  c.filters = same ? 3 : 5;
  c.same = same;
  c.conv_dropout = {0.4f, kind};
  c.hidden = 5;
  c.hidden_rate = 0.3f;
  c.classes = 3;
  c.mode = mode;
  c.seed = 9;
  return c;
}

}  // namespace

TEST_CASE("CNN gradients match finite differences through conv, dropout, pooling and the dense head") {
  for (bool same : {true, false})
    for (FeatureDropoutKind kind : {FeatureDropoutKind::Elementwise, FeatureDropoutKind::Spatial})
      for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original}) {
        const std::string what =
            std::string(same ? "same 3x3 on 7x7x2" : "valid 5x5 on 9x11x1") + " " + name_of(kind) + " " + name_of(mode);
        CAPTURE(what);
        check_cnn_gradients(grad_config(same, kind, mode));
      }
}

TEST_CASE("CNN gradients match finite differences without dropout, and with odd pooled sides") {
  CnnConfig c = grad_config(true, FeatureDropoutKind::Spatial, DropoutMode::Inverted);
  c.conv_dropout.rate = 0.0f;
  c.hidden_rate = 0.0f;
  c.height = 5;  // 5x5 'same' -> 5x5 maps -> 2x2 pooled: the last row and column get no gradient
  c.width = 5;
  check_cnn_gradients(c);
}
