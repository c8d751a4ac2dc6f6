// Dropout on feature maps (n, h, w, c), channels last, in two kinds:
//   Elementwise: one Bernoulli per activation, as dense dropout (Keras Dropout on a conv output);
//   Spatial:     one Bernoulli per channel per example, so a whole feature map is kept or
//                dropped (Keras SpatialDropout2D, PyTorch Dropout2d). Neighbouring
//                activations of a map are correlated, so dropping single ones hides little.
// "rate" is the probability of DROPPING. The factors follow nn/dropout.hpp: a kept unit is
// multiplied by 1/(1-rate) in the inverted mode and by 1 in the original mode, whose
// inference then scales by 1-rate; inverted inference is the identity.
#pragma once
#include <cstdint>

#include "nn/config.hpp"

namespace dp {

enum class FeatureDropoutKind { Elementwise, Spatial };

struct FeatureDropout {
  float rate = 0.0f;
  FeatureDropoutKind kind = FeatureDropoutKind::Spatial;
};

const char* name_of(FeatureDropoutKind k);  // "elementwise", "spatial"

// Mask values for n examples of (hw pixels, c channels): n*hw*c elementwise, n*c spatial.
int feature_mask_size(FeatureDropoutKind kind, int n, int hw, int c);

// Draws the training factors (scale or 0) of n examples into f, from counters 0.. of key:
// elementwise f is (n, hw, c), spatial f is (n, c). Rate 0 gives all 1.
void sample_feature_mask(const FeatureDropout& d, DropoutMode mode, uint64_t key, int n, int hw, int c, float* f);

// Training: y = x * f, with a spatial factor f[example][channel] applied to every pixel.
// x, y are (n, hw, c); y may alias x.
void feature_dropout_forward(FeatureDropoutKind kind, int n, int hw, int c, const float* x, const float* f, float* y);
// Training backward: dx = dy * f, as the forward. dx may alias dy.
void feature_dropout_backward(FeatureDropoutKind kind, int n, int hw, int c, const float* dy, const float* f,
                              float* dx);
// Inference: the original mode scales by 1-rate, the inverted mode changes nothing. x is (count).
void feature_dropout_inference(const FeatureDropout& d, DropoutMode mode, int count, float* x);

}  // namespace dp
