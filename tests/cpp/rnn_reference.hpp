// A plain double-precision forward pass of rnn::SequenceModel (same flat parameters,
// same masks, std::tanh and std::exp), written straight from the equations in
// cpp/rnn/recurrent_layer.hpp: the reference the float kernels and the analytic
// backpropagation through time are checked against.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

#include "rnn/sequence_model.hpp"

namespace test_helpers {

inline double sigmoid_d(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Mean loss of B sequences; x is (B, T, in), y (B, targets), masks as in the model.
inline double reference_sequence_loss(const dp::rnn::SequenceModelConfig& c, const std::vector<double>& w, int B, int T,
                                      const float* x, const float* y, const dp::rnn::SequenceMasks* m) {
  using dp::rnn::Cell;
  const int in = c.shape.inputs, H = c.shape.units, G = c.shape.gates(), GH = G * H, out = c.outputs;
  const size_t bias = static_cast<size_t>(c.shape.rows()) * GH, head = bias + GH, head_b = head + H * out;
  auto mask = [&](const std::vector<float>& v, int t, int b, int width, int u) {
    return v.empty() ? 1.0 : static_cast<double>(v[(static_cast<size_t>(t) * B + b) * width + u]);
  };
  const std::vector<float> none;
  const auto& mx = m ? m->input : none;
  const auto& mh = m ? m->recurrent : none;
  const auto& mo = m ? m->output : none;
  double total = 0.0;
  int rows = 0;
  for (int b = 0; b < B; ++b) {
    std::vector<double> h(H, 0.0), cs(H, 0.0), z(GH);
    for (int t = 0; t < T; ++t) {
      for (int o = 0; o < GH; ++o) {
        double s = w[bias + o];
        for (int i = 0; i < in; ++i)
          s += x[(static_cast<size_t>(b) * T + t) * in + i] * mask(mx, t, b, in, i) * w[i * GH + o];
        for (int u = 0; u < H; ++u) s += h[u] * mask(mh, t, b, H, u) * w[(in + u) * GH + o];
        z[o] = s;
      }
      for (int u = 0; u < H; ++u) {
        if (c.shape.cell == Cell::TanhRnn) {
          h[u] = std::tanh(z[u]);
          continue;
        }
        cs[u] = sigmoid_d(z[H + u]) * cs[u] + sigmoid_d(z[u]) * std::tanh(z[2 * H + u]);
        h[u] = sigmoid_d(z[3 * H + u]) * std::tanh(cs[u]);
      }
      const bool last = t == T - 1;
      if (c.head == dp::rnn::Head::ManyToOne && !last) continue;
      std::vector<double> logits(out);
      for (int k = 0; k < out; ++k) {
        double s = w[head_b + k];
        for (int u = 0; u < H; ++u) s += h[u] * mask(mo, t, b, H, u) * w[head + u * out + k];
        logits[k] = s;
      }
      const double target = c.head == dp::rnn::Head::ManyToMany ? y[static_cast<size_t>(b) * T + t] : y[b];
      if (c.task == dp::Task::Regression) {
        total += (logits[0] - target) * (logits[0] - target);
      } else if (c.task == dp::Task::Binary) {
        const double zz = logits[0];
        total += std::max(zz, 0.0) - zz * target + std::log1p(std::exp(-std::abs(zz)));
      } else {
        const double mx_l = *std::max_element(logits.begin(), logits.end());
        double se = 0.0;
        for (double l : logits) se += std::exp(l - mx_l);
        total += mx_l + std::log(se) - logits[static_cast<int>(target)];
      }
      ++rows;
    }
  }
  return total / rows;
}

}  // namespace test_helpers
