#include "cnn/cnn_config.hpp"

#include <cmath>
#include <cstdio>

namespace dp {
namespace {

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string range_error(const char* what, int v, int lo, int hi) {
  if (v >= lo && v <= hi) return "";
  return std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
         std::to_string(v);
}

// A dropping probability: 0 <= rate <= 0.95 (written so that NaN fails).
std::string rate_error(const char* what, float rate) {
  if (rate >= 0.0f && rate <= 0.95f) return "";
  return std::string(what) + " must be between 0 and 0.95, got " + fmt(rate);
}

}  // namespace

std::string validate(const CnnConfig& c) {
  for (const std::string& e :
       {range_error("image height", c.height, 2, kCnnMaxSide), range_error("image width", c.width, 2, kCnnMaxSide),
        range_error("input channels", c.channels, 1, kCnnMaxChannels),
        range_error("filters", c.filters, 1, kCnnMaxChannels), range_error("hidden units", c.hidden, 1, kMaxUnits),
        range_error("classes", c.classes, 2, kMaxClasses), range_error("batch size", c.batch_size, 1, kCnnMaxBatch),
        rate_error("the feature-map dropout rate", c.conv_dropout.rate),
        rate_error("the hidden dropout rate", c.hidden_rate)})
    if (!e.empty()) return e;
  if (c.kernel != 3 && c.kernel != 5) return "the kernel size must be 3 or 5, got " + std::to_string(c.kernel);
  if (c.conv_h() < 2 || c.conv_w() < 2)
    return "a " + std::to_string(c.height) + "x" + std::to_string(c.width) + " image is too small for a " +
           std::to_string(c.kernel) + "x" + std::to_string(c.kernel) + " 'valid' convolution followed by 2x2 pooling";
  const double patch_floats =
      static_cast<double>(c.batch_size) * c.conv_h() * c.conv_w() * c.kernel * c.kernel * c.channels;
  if (patch_floats > kCnnMaxPatchFloats)
    return "the batch is too large for this image and kernel: lower the batch size";
  if (!(c.learning_rate >= kLearningRate[0] && c.learning_rate <= kLearningRate[1]))
    return "learning rate must be between " + fmt(kLearningRate[0]) + " and " + fmt(kLearningRate[1]) + ", got " +
           fmt(c.learning_rate);
  if (!(c.momentum >= 0.0f && c.momentum <= kMaxMomentum) || !(c.beta1 >= 0.0f && c.beta1 <= kMaxMomentum) ||
      !(c.beta2 >= 0.0f && c.beta2 <= kMaxMomentum))
    return "momentum, beta1 and beta2 must be between 0 and " + fmt(kMaxMomentum);
  if (!(c.epsilon >= kEpsilon[0] && c.epsilon <= kEpsilon[1]))
    return "epsilon must be between " + fmt(kEpsilon[0]) + " and " + fmt(kEpsilon[1]) + ", got " + fmt(c.epsilon);
  return "";
}

Config optimizer_config(const CnnConfig& c) {
  Config o;
  o.optimizer = c.optimizer;
  o.learning_rate = c.learning_rate;
  o.momentum = c.momentum;
  o.beta1 = c.beta1;
  o.beta2 = c.beta2;
  o.epsilon = c.epsilon;
  return o;
}

}  // namespace dp
