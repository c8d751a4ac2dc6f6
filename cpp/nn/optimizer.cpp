#include "nn/optimizer.hpp"

#include <cmath>

namespace dp {

void add_penalty_gradient(float l1, float l2, int n, const float* w, float* g) {
  if (l1 == 0.0f && l2 == 0.0f) return;
  for (int i = 0; i < n; ++i) {
    const float sign = w[i] > 0.0f ? 1.0f : (w[i] < 0.0f ? -1.0f : 0.0f);
    g[i] += l1 * sign + 2.0f * l2 * w[i];
  }
}

double penalty(float l1, float l2, int n, const float* w) {
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += l1 * std::fabs(w[i]) + static_cast<double>(l2) * w[i] * w[i];
  return s;
}

void optimizer_step(const Config& c, int64_t t, int n, float* w, const float* g, float* m, float* v) {
  const float lr = c.learning_rate;
  switch (c.optimizer) {
    case OptimizerKind::Sgd:
      for (int i = 0; i < n; ++i) w[i] -= lr * g[i];
      break;
    case OptimizerKind::Momentum:  // PyTorch's form: v = mu*v + g; w -= lr*v
      for (int i = 0; i < n; ++i) {
        m[i] = c.momentum * m[i] + g[i];
        w[i] -= lr * m[i];
      }
      break;
    case OptimizerKind::Adam: {  // Kingma & Ba 2015, with bias correction
      const float c1 = static_cast<float>(1.0 / (1.0 - std::pow(static_cast<double>(c.beta1), static_cast<double>(t))));
      const float c2 = static_cast<float>(1.0 / (1.0 - std::pow(static_cast<double>(c.beta2), static_cast<double>(t))));
      // The settings in locals: a store through m or v could otherwise change c's fields,
      // which would have to be read again each time and keep the loop from vectorising.
      const float b1 = c.beta1, b2 = c.beta2, eps = c.epsilon;
      for (int i = 0; i < n; ++i) {
        m[i] = b1 * m[i] + (1.0f - b1) * g[i];
        v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
        w[i] -= lr * (m[i] * c1) / (std::sqrt(v[i] * c2) + eps);
      }
      break;
    }
  }
}

void apply_max_norm(int in, int out, float c, float* kernel) {
  if (c <= 0.0f) return;
  for (int o = 0; o < out; ++o) {
    double sq = 0.0;
    for (int i = 0; i < in; ++i) sq += static_cast<double>(kernel[i * out + o]) * kernel[i * out + o];
    const double norm = std::sqrt(sq);
    if (norm <= c) continue;
    const float s = static_cast<float>(c / norm);
    for (int i = 0; i < in; ++i) kernel[i * out + o] *= s;
  }
}

}  // namespace dp
