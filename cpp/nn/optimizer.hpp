// Parameter updates: regularisers, SGD / momentum / Adam, max-norm.
#pragma once
#include <cstdint>

#include "nn/config.hpp"

namespace dp {

// g += d/dw (l1*sum|w| + l2*sum w^2), for the weights (not the biases).
void add_penalty_gradient(float l1, float l2, int n, const float* w, float* g);
double penalty(float l1, float l2, int n, const float* w);

// One update of n parameters w with gradient g; m and v are the optimizer's
// state (momentum velocity; Adam's first and second moments); t counts
// updates from 1 (Adam's bias correction).
void optimizer_step(const Config& c, int64_t t, int n, float* w, const float* g, float* m, float* v);

// Max-norm (Srivastava et al. 2014): the incoming weights of each unit, column
// o of the (in, out) kernel, are projected onto the ball of radius c.
void apply_max_norm(int in, int out, float c, float* kernel);

}  // namespace dp
