// Output heads: binary (sigmoid + binary cross-entropy), multiclass
// (softmax + cross-entropy), regression (identity + mean squared error).
// z, p are (n, k) with k outputs; y is (n): a 0/1 label, a class index or a target.
#pragma once
#include <algorithm>
#include <limits>

#include "nn/task.hpp"

namespace dp {

struct Metrics {
  double loss = 0.0;      // mean loss (data term only)
  double accuracy = 0.0;  // NaN for regression
  int count = 0;
};

// p = sigmoid(z) / softmax(z) / z. p may alias z.
void head_forward(Task t, int n, int k, const float* z, float* p);
// Sum over the n rows of the loss, computed stably from the logits z.
double head_loss_sum(Task t, int n, int k, const float* z, const float* y);
// dz = d(mean loss over `denominator` rows)/dz for these n rows.
void head_backward(Task t, int n, int k, const float* p, const float* y, float denominator, float* dz);
// Number of rows classified correctly (classification only).
int head_correct(Task t, int n, int k, const float* p, const float* y);

// Mean loss and accuracy of n rows with labels y, in chunks of `chunk` rows (the dense and
// the convolutional networks' evaluate): run(start, len) makes the inference pass over rows
// [start, start + len) and returns the chunk's logits and outputs as {z, p}. Both are NaN
// for n = 0; the accuracy is NaN for regression.
template <class Run>
Metrics evaluate_in_chunks(Task t, int k, int n, int chunk, const float* y, Run run) {
  Metrics m;
  m.count = n;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n == 0) {
    m.loss = m.accuracy = nan;
    return m;
  }
  double sum = 0.0;
  int correct = 0;
  for (int start = 0; start < n; start += chunk) {
    const int len = std::min(chunk, n - start);
    const auto [z, p] = run(start, len);
    sum += head_loss_sum(t, len, k, z, y + start);
    correct += head_correct(t, len, k, p, y + start);
  }
  m.loss = sum / n;
  m.accuracy = t == Task::Regression ? nan : static_cast<double>(correct) / n;
  return m;
}

}  // namespace dp
