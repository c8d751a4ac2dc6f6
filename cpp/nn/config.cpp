#include "nn/config.hpp"

#include <cmath>
#include <cstdio>

namespace dp {
namespace {

template <class E>
struct Names;
template <>
struct Names<Activation> {
  static constexpr Activation values[] = {Activation::Relu,    Activation::LeakyRelu, Activation::Tanh,
                                          Activation::Sigmoid, Activation::Linear,    Activation::Selu};
  static constexpr const char* names[] = {"relu", "leaky_relu", "tanh", "sigmoid", "linear", "selu"};
};
template <>
struct Names<Task> {
  static constexpr Task values[] = {Task::Binary, Task::Multiclass, Task::Regression};
  static constexpr const char* names[] = {"binary", "multiclass", "regression"};
};
template <>
struct Names<DropoutKind> {
  static constexpr DropoutKind values[] = {DropoutKind::Bernoulli, DropoutKind::Gaussian, DropoutKind::Alpha,
                                           DropoutKind::DropConnect};
  static constexpr const char* names[] = {"bernoulli", "gaussian", "alpha", "dropconnect"};
};
template <>
struct Names<DropoutMode> {
  static constexpr DropoutMode values[] = {DropoutMode::Inverted, DropoutMode::Original};
  static constexpr const char* names[] = {"inverted", "original"};
};
template <>
struct Names<MaskPer> {
  static constexpr MaskPer values[] = {MaskPer::Example, MaskPer::Batch, MaskPer::Epoch};
  static constexpr const char* names[] = {"example", "batch", "epoch"};
};
template <>
struct Names<Init> {
  static constexpr Init values[] = {Init::Auto, Init::Glorot, Init::He};
  static constexpr const char* names[] = {"auto", "glorot", "he"};
};
template <>
struct Names<OptimizerKind> {
  static constexpr OptimizerKind values[] = {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam};
  static constexpr const char* names[] = {"sgd", "momentum", "adam"};
};

template <class E>
const char* name_impl(E e) {
  int i = 0;
  for (E v : Names<E>::values) {
    if (v == e) return Names<E>::names[i];
    ++i;
  }
  return "?";
}
template <class E>
bool parse_impl(const std::string& s, E& out) {
  int i = 0;
  for (const char* n : Names<E>::names) {
    if (s == n) {
      out = Names<E>::values[i];
      return true;
    }
    ++i;
  }
  return false;
}

// %g, as a learner would write the number (no iostreams: they add ~100 KB to the wasm).
std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// A dropout rate is a probability of dropping: 0 <= rate < 1. At rate 1
// nothing passes and the inverted scale 1/(1-rate) is infinite; a nonzero rate
// below kMinNonzero drops nothing in practice and is refused as a likely mistake.
std::string check_rate(const DropoutSpec& d, const std::string& where) {
  if (!(d.rate == 0.0f || (d.rate >= static_cast<float>(kMinNonzero) && d.rate < 1.0f)))
    return "dropout rate of " + where + " must be in [0, 1) (the probability of dropping a unit), 0 or at least " +
           fmt(kMinNonzero) + ", got " + fmt(d.rate);
  return "";
}

// "" if v is lo..hi (or exactly 0 when zero_ok), the bounds rounded to float as v was.
std::string check_range(const char* what, float v, double lo, double hi, bool zero_ok) {
  if ((zero_ok && v == 0.0f) || (v >= static_cast<float>(lo) && v <= static_cast<float>(hi))) return "";
  return std::string(what) + " must be " + (zero_ok ? "0 or " : "") + "from " + fmt(lo) + " to " + fmt(hi) + ", got " +
         fmt(v);
}

}  // namespace

template <class E>
std::string choices() {
  std::string s;
  for (const char* n : Names<E>::names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}
template std::string choices<Activation>();
template std::string choices<Task>();
template std::string choices<DropoutKind>();
template std::string choices<DropoutMode>();
template std::string choices<MaskPer>();
template std::string choices<Init>();
template std::string choices<OptimizerKind>();

const char* name_of(Activation a) { return name_impl(a); }
const char* name_of(Task t) { return name_impl(t); }
const char* name_of(DropoutKind k) { return name_impl(k); }
const char* name_of(DropoutMode m) { return name_impl(m); }
const char* name_of(MaskPer m) { return name_impl(m); }
const char* name_of(Init i) { return name_impl(i); }
const char* name_of(OptimizerKind o) { return name_impl(o); }
bool parse(const std::string& s, Activation& out) { return parse_impl(s, out); }
bool parse(const std::string& s, Task& out) { return parse_impl(s, out); }
bool parse(const std::string& s, DropoutKind& out) { return parse_impl(s, out); }
bool parse(const std::string& s, DropoutMode& out) { return parse_impl(s, out); }
bool parse(const std::string& s, MaskPer& out) { return parse_impl(s, out); }
bool parse(const std::string& s, Init& out) { return parse_impl(s, out); }
bool parse(const std::string& s, OptimizerKind& out) { return parse_impl(s, out); }

std::string validate(const Config& c) {
  if (c.inputs < 1 || c.inputs > kMaxInputs)
    return "inputs must be between 1 and " + fmt(kMaxInputs) + ", got " + fmt(c.inputs);
  if (c.task == Task::Multiclass && (c.classes < 2 || c.classes > kMaxClasses))
    return "classes must be between 2 and " + fmt(kMaxClasses) + ", got " + fmt(c.classes);
  if (c.layers.size() > static_cast<size_t>(kMaxHiddenLayers))
    return "at most " + fmt(kMaxHiddenLayers) + " hidden layers are allowed, got " + fmt(c.layers.size());
  if (auto e = check_rate(c.input_dropout, "the input"); !e.empty()) return e;
  if (c.input_dropout.kind == DropoutKind::Alpha && c.input_dropout.rate > 0.0f)
    return "alpha dropout is made for SELU layers; use bernoulli or gaussian dropout on the input";
  for (size_t i = 0; i < c.layers.size(); ++i) {
    const LayerSpec& l = c.layers[i];
    const std::string where = "layer " + fmt(i + 1);
    if (l.units < 1 || l.units > kMaxUnits)
      return "units of " + where + " must be between 1 and " + fmt(kMaxUnits) + ", got " + fmt(l.units);
    if (auto e = check_rate(l.dropout, where); !e.empty()) return e;
  }
  // Ranges outside which a value is legal but useless (a denormal learning rate,
  // momentum 1e-50): refused with the range, so a typo is reported, not trained on.
  const std::string errors[] = {
      check_range("learning rate", c.learning_rate, kLearningRate[0], kLearningRate[1], false),
      check_range("momentum", c.momentum, kMinNonzero, kMaxMomentum, true),
      check_range("Adam's beta1", c.beta1, kMinNonzero, kMaxMomentum, true),
      check_range("Adam's beta2", c.beta2, kMinNonzero, kMaxMomentum, true),
      check_range("Adam's epsilon", c.epsilon, kEpsilon[0], kEpsilon[1], false),
      check_range("L1 penalty", c.l1, kPenalty[0], kPenalty[1], true),
      check_range("L2 penalty", c.l2, kPenalty[0], kPenalty[1], true),
      check_range("max-norm (0 = off)", c.max_norm, kMaxNorm[0], kMaxNorm[1], true),
  };
  for (const std::string& e : errors)
    if (!e.empty()) return e;
  if (c.batch_size < 1 || c.batch_size > kMaxBatchSize)
    return "batch size must be from 1 to " + fmt(kMaxBatchSize) + ", got " + fmt(c.batch_size);
  return "";
}

}  // namespace dp
