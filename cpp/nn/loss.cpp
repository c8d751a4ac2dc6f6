#include "nn/loss.hpp"

#include <cmath>

namespace dp {

void head_forward(Task t, int n, int k, const float* z, float* p) {
  if (t == Task::Binary) {
    for (int i = 0; i < n; ++i) p[i] = 1.0f / (1.0f + std::exp(-z[i]));
  } else if (t == Task::Multiclass) {
    for (int i = 0; i < n; ++i) {
      const float* zr = z + i * k;
      float* pr = p + i * k;
      float m = zr[0];
      for (int j = 1; j < k; ++j) m = zr[j] > m ? zr[j] : m;
      float s = 0.0f;
      for (int j = 0; j < k; ++j) s += (pr[j] = std::exp(zr[j] - m));
      for (int j = 0; j < k; ++j) pr[j] /= s;
    }
  } else if (p != z) {
    for (int i = 0; i < n * k; ++i) p[i] = z[i];
  }
}

double head_loss_sum(Task t, int n, int k, const float* z, const float* y) {
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    if (t == Task::Binary) {
      // -[y log s(z) + (1-y) log(1-s(z))] = max(z,0) - z*y + log(1 + e^-|z|)
      const double zi = z[i];
      sum += (zi > 0 ? zi : 0.0) - zi * y[i] + std::log1p(std::exp(-std::fabs(zi)));
    } else if (t == Task::Multiclass) {
      const float* zr = z + i * k;
      double m = zr[0];
      for (int j = 1; j < k; ++j) m = zr[j] > m ? zr[j] : m;
      double s = 0.0;
      for (int j = 0; j < k; ++j) s += std::exp(zr[j] - m);
      sum += m + std::log(s) - zr[static_cast<int>(y[i])];
    } else {
      const double d = static_cast<double>(z[i]) - y[i];
      sum += d * d;
    }
  }
  return sum;
}

void head_backward(Task t, int n, int k, const float* p, const float* y, float denominator, float* dz) {
  const float inv = 1.0f / denominator;
  if (t == Task::Multiclass) {
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < k; ++j) dz[i * k + j] = (p[i * k + j] - (j == static_cast<int>(y[i]) ? 1.0f : 0.0f)) * inv;
  } else {
    // sigmoid + BCE and identity + MSE both give a residual; MSE's square adds the 2.
    const float factor = t == Task::Regression ? 2.0f * inv : inv;
    for (int i = 0; i < n; ++i) dz[i] = (p[i] - y[i]) * factor;
  }
}

int head_correct(Task t, int n, int k, const float* p, const float* y) {
  int correct = 0;
  for (int i = 0; i < n; ++i) {
    if (t == Task::Binary) {
      correct += (p[i] >= 0.5f) == (y[i] >= 0.5f);
    } else if (t == Task::Multiclass) {
      int best = 0;
      for (int j = 1; j < k; ++j) best = p[i * k + j] > p[i * k + best] ? j : best;
      correct += best == static_cast<int>(y[i]);
    }
  }
  return correct;
}

}  // namespace dp
