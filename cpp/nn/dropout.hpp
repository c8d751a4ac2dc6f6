// Dropout at one "site": the input features (site 0) or the outputs of a
// hidden layer. Training multiplies by a mask factor f (and, for alpha
// dropout, adds an offset); inference applies the standard rule.
#pragma once
#include <cstdint>

#include "nn/config.hpp"

namespace dp {

// Alpha dropout for SELU (Klambauer et al. 2017): kept x -> a*x + b,
// dropped -> a*alpha' + b, alpha' = -lambda*alpha; a and b keep mean 0, variance 1.
struct AlphaParams {
  float a, b, dropped;
};
AlphaParams alpha_params(float rate);

// The factor a kept unit is multiplied by while training:
// inverted 1/(1-rate), original 1.
float keep_scale(DropoutMode mode, float rate);

// Draws a training mask factor for `rows` x `width` units (or weights) into f.
// Row r uses counters (row0 + r)*width.. so a large set can be sampled in
// chunks; with shared_rows only one row is drawn (counters from 0), into f[0..width).
// bernoulli: scale or 0; alpha: a or 0; gaussian: 1 + sqrt(rate/(1-rate))*N(0,1).
// dropconnect masks are bernoulli masks over the weights.
// Uniforms::Bits16 (Monte-Carlo passes) draws bernoulli unit masks two to a hash
// (kernels::bernoulli_mask16); every other mask takes 24-bit uniforms.
enum class Uniforms { Bits24, Bits16 };
void sample_mask(const DropoutSpec& d, DropoutMode mode, uint64_t key, int row0, bool shared_rows, int rows, int width,
                 float* f, Uniforms uniforms = Uniforms::Bits24);

// Training: y = x*f (+ alpha offset). x, f, y are (n). y may alias x.
void dropout_forward_train(const DropoutSpec& d, int n, const float* x, const float* f, float* y);
// Training backward: dx = dy*f. dx may alias dy.
void dropout_backward(int n, const float* dy, const float* f, float* dx);
// Inference rule: original-mode bernoulli and dropconnect scale by 1-rate; everything else is identity.
// (Scaling a site's activations by 1-rate equals scaling the next layer's weights by it.)
void dropout_forward_inference(const DropoutSpec& d, DropoutMode mode, int n, float* x);

}  // namespace dp
