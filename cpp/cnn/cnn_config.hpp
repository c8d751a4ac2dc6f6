// A small convolutional classifier, as plain data:
//   image (height, width, channels)
//   -> conv (kernel x kernel, filters, stride 1, 'same' or 'valid') -> relu
//   -> feature-map dropout (elementwise or spatial)
//   -> 2x2 max-pool (stride 2, odd sides rounded down) -> flatten
//   -> dense (hidden units) -> relu -> dropout (Bernoulli per unit)
//   -> dense (classes) -> softmax, cross-entropy loss.
// "rate" is always the probability of DROPPING.
#pragma once
#include <cstdint>
#include <string>

#include "cnn/feature_dropout.hpp"
#include "nn/config.hpp"

namespace dp {

inline constexpr int kCnnMaxSide = 32;
inline constexpr int kCnnMaxChannels = 16;  // input channels and filters
inline constexpr int kCnnMaxBatch = 256;
// im2col holds a batch's patches: batch * conv positions * kernel^2 * channels floats.
inline constexpr double kCnnMaxPatchFloats = 16.0 * 1024 * 1024;  // 64 MB

struct CnnConfig {
  int height = 12, width = 12, channels = 1;
  int kernel = 3;  // 3 or 5
  int filters = 8;
  bool same = true;             // padding: 'same' (output as large as the input) or 'valid'
  FeatureDropout conv_dropout;  // on the conv layer's maps, after relu, before pooling
  int hidden = 32;
  float hidden_rate = 0.0f;  // dropout after the hidden dense layer
  int classes = 4;
  DropoutMode mode = DropoutMode::Inverted;
  OptimizerKind optimizer = OptimizerKind::Adam;
  float learning_rate = 0.01f;
  float momentum = 0.9f;
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;  // Adam
  int batch_size = 32;
  uint64_t seed = 1;

  int conv_h() const { return same ? height : height - kernel + 1; }
  int conv_w() const { return same ? width : width - kernel + 1; }
  int pooled_h() const { return conv_h() / 2; }
  int pooled_w() const { return conv_w() / 2; }
  int flat() const { return pooled_h() * pooled_w() * filters; }  // inputs of the hidden dense layer
  int image_size() const { return height * width * channels; }
};

// "" when the config is usable, else a message a learner understands.
std::string validate(const CnnConfig& c);

// The optimizer settings as the dense network's Config, for nn/optimizer.hpp.
Config optimizer_config(const CnnConfig& c);

}  // namespace dp
