// Everything that defines a network and its training, as plain data.
// "rate" is always the probability of DROPPING a unit; keep = 1 - rate.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/activation.hpp"
#include "nn/task.hpp"

namespace dp {

using kernels::Activation;

enum class DropoutKind { Bernoulli, Gaussian, Alpha, DropConnect };
// Inverted: train x*m/(1-rate), inference identity.
// Original (Srivastava et al. 2014): train x*m, inference scaled by 1-rate.
enum class DropoutMode { Inverted, Original };
// How often a fresh mask is drawn: per example per step, per minibatch step, or per epoch.
enum class MaskPer { Example, Batch, Epoch };
enum class Init { Auto, Glorot, He };
enum class OptimizerKind { Sgd, Momentum, Adam };

struct DropoutSpec {
  float rate = 0.0f;
  DropoutKind kind = DropoutKind::Bernoulli;
};

struct LayerSpec {
  int units = 16;
  Activation activation = Activation::Relu;
  DropoutSpec dropout;  // applied to this layer's outputs
};

inline constexpr int kMaxHiddenLayers = 8;
inline constexpr int kMaxUnits = 256;
inline constexpr int kMaxInputs = 64;
inline constexpr int kMaxClasses = 16;

// Ranges of the numeric settings (validate() refuses anything outside them).
// A nonzero rate, momentum, beta or penalty below kMinNonzero is refused:
// such values (1e-50, 5e-324) act as 0 and are almost surely a mistake.
inline constexpr double kMinNonzero = 1e-6;
inline constexpr double kMaxMomentum = 0.9999;  // momentum, Adam's beta1 and beta2
inline constexpr double kLearningRate[2] = {1e-6, 100};
inline constexpr double kEpsilon[2] = {1e-12, 1};
inline constexpr double kPenalty[2] = {1e-8, 10};   // L1, L2 (0 = off)
inline constexpr double kMaxNorm[2] = {1e-3, 1e3};  // 0 = off
inline constexpr int kMaxBatchSize = 100000;

struct Config {
  int inputs = 2;
  Task task = Task::Binary;
  int classes = 3;  // multiclass only
  DropoutSpec input_dropout;
  std::vector<LayerSpec> layers;
  DropoutMode mode = DropoutMode::Inverted;
  MaskPer mask_per = MaskPer::Example;
  Init init = Init::Auto;
  OptimizerKind optimizer = OptimizerKind::Adam;
  float learning_rate = 0.01f;
  float momentum = 0.9f;
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;  // Adam
  float l1 = 0.0f, l2 = 0.0f;
  float max_norm = 0.0f;  // 0 = off
  int batch_size = 32;
  uint64_t seed = 1;

  int outputs() const { return task == Task::Multiclass ? classes : 1; }
  // Width of dropout site s: site 0 is the input, site i the output of hidden layer i.
  int site_width(int s) const { return s == 0 ? inputs : layers[s - 1].units; }
  const DropoutSpec& site_dropout(int s) const { return s == 0 ? input_dropout : layers[s - 1].dropout; }
  DropoutSpec& site_dropout(int s) { return s == 0 ? input_dropout : layers[s - 1].dropout; }
  int sites() const { return static_cast<int>(layers.size()) + 1; }
};

// "" when the config is usable, else a message a learner understands.
std::string validate(const Config& c);

// Names as used in the JS API and the URL; parse_* return false for an unknown name.
const char* name_of(Activation a);
const char* name_of(Task t);
const char* name_of(DropoutKind k);
const char* name_of(DropoutMode m);
const char* name_of(MaskPer m);
const char* name_of(Init i);
const char* name_of(OptimizerKind o);
bool parse(const std::string& s, Activation& out);
bool parse(const std::string& s, Task& out);
bool parse(const std::string& s, DropoutKind& out);
bool parse(const std::string& s, DropoutMode& out);
bool parse(const std::string& s, MaskPer& out);
bool parse(const std::string& s, Init& out);
bool parse(const std::string& s, OptimizerKind& out);
// "relu, leaky_relu, tanh, ..." for error messages.
template <class E>
std::string choices();

}  // namespace dp
