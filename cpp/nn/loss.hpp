// Output heads: binary (sigmoid + binary cross-entropy), multiclass
// (softmax + cross-entropy), regression (identity + mean squared error).
// z, p are (n, k) with k outputs; y is (n): a 0/1 label, a class index or a target.
#pragma once
#include "nn/task.hpp"

namespace dp {

// p = sigmoid(z) / softmax(z) / z. p may alias z.
void head_forward(Task t, int n, int k, const float* z, float* p);
// Sum over the n rows of the loss, computed stably from the logits z.
double head_loss_sum(Task t, int n, int k, const float* z, const float* y);
// dz = d(mean loss over `denominator` rows)/dz for these n rows.
void head_backward(Task t, int n, int k, const float* p, const float* y, float denominator, float* dz);
// Number of rows classified correctly (classification only).
int head_correct(Task t, int n, int k, const float* p, const float* y);

}  // namespace dp
