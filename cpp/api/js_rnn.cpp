#include "api/js_rnn.hpp"

#include <algorithm>
#include <cmath>

#include "api/js_error.hpp"
#include "api/js_out.hpp"
#include "data/sequences.hpp"

namespace dp::api {
namespace {

using dp::rnn::Cell;
using dp::rnn::Head;
using dp::rnn::RecurrentDropout;

// A string setting with a few allowed names; `names[i]` maps to `values[i]`.
template <class E, size_t N>
void read_name(Reader& r, const val& v, E& out, const std::string& label, const char* const (&names)[N],
               const E (&values)[N]) {
  if (!r.ok() || kind_of(v) == JsKind::Undefined) return;
  const std::string s = kind_of(v) == JsKind::String ? v.as<std::string>() : "";
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) {
      out = values[i];
      return;
    }
  std::vector<std::string> list(names, names + N);
  r.fail("unknown " + label + " " + describe(v) + "; choose one of " + list_of(list));
}

constexpr const char* kCellNames[] = {"lstm", "rnn"};
constexpr Cell kCells[] = {Cell::Lstm, Cell::TanhRnn};
constexpr const char* kHeadNames[] = {"many-to-one", "many-to-many"};
constexpr Head kHeads[] = {Head::ManyToOne, Head::ManyToMany};
constexpr const char* kKindNames[] = {"variational", "naive", "non-recurrent"};
constexpr RecurrentDropout kKinds[] = {RecurrentDropout::Variational, RecurrentDropout::Naive,
                                       RecurrentDropout::NonRecurrent};

template <class E, size_t N>
const char* name_in(E v, const char* const (&names)[N], const E (&values)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (values[i] == v) return names[i];
  return "";
}

void read_dropout(Reader& r, const val& v, dp::rnn::RecurrentDropoutSpec& d) {
  if (!r.ok() || kind_of(v) == JsKind::Undefined) return;
  if (!r.is_object(v))
    return r.fail("dropout must be an object like { kind: 'variational', inputRate: 0.25, recurrentRate: 0.25 }, got " +
                  describe(v));
  r.only_keys(v, {"kind", "inputRate", "recurrentRate", "outputRate"}, "dropout");
  read_name(r, field(v, "kind"), d.mode, "recurrent dropout kind", kKindNames, kKinds);
  r.number(field(v, "inputRate"), d.input_rate, "the input dropout rate");
  r.number(field(v, "recurrentRate"), d.recurrent_rate, "the recurrent dropout rate");
  r.number(field(v, "outputRate"), d.output_rate, "the output dropout rate");
}

// What setData and update check beyond the core's validation.
void check_dropout(Reader& r, const dp::rnn::RecurrentDropoutSpec& d) {
  if (r.ok() && d.mode == RecurrentDropout::NonRecurrent && d.recurrent_rate != 0.0f)
    r.fail(
        "'non-recurrent' dropout never drops the recurrent state (Zaremba et al. 2014): set recurrentRate to 0, "
        "or choose 'naive' or 'variational'");
}

}  // namespace

dp::rnn::SequenceModelConfig read_rnn_config(Reader& r, const val& obj) {
  dp::rnn::SequenceModelConfig c;
  if (!r.is_object(obj)) {
    r.fail("the RecurrentNetwork config must be an object like { cell: 'lstm', units: 16, head: 'many-to-one' }, got " +
           describe(obj));
    return c;
  }
  r.only_keys(obj, {"cell", "inputs", "units", "head", "task", "classes", "dropout", "learningRate", "seed"},
              "the RecurrentNetwork config");
  read_name(r, field(obj, "cell"), c.shape.cell, "cell", kCellNames, kCells);
  r.integer(field(obj, "inputs"), c.shape.inputs, "inputs", 1, dp::kMaxInputs);
  r.integer(field(obj, "units"), c.shape.units, "units", 1, dp::rnn::kMaxRecurrentUnits);
  read_name(r, field(obj, "head"), c.head, "head", kHeadNames, kHeads);
  c.task = c.head == Head::ManyToMany ? dp::Task::Regression : dp::Task::Binary;
  r.choice(field(obj, "task"), c.task, "task");
  if (r.ok() && c.task == dp::Task::Multiclass) {
    if (kind_of(field(obj, "classes")) == JsKind::Undefined) r.fail("a multiclass task needs classes (2 or more)");
    r.integer(field(obj, "classes"), c.outputs, "classes", 2, dp::kMaxClasses);
  } else if (r.ok() && kind_of(field(obj, "classes")) != JsKind::Undefined) {
    r.fail("classes is only for task 'multiclass'");
  }
  read_dropout(r, field(obj, "dropout"), c.dropout);
  r.number(field(obj, "learningRate"), c.learning_rate, "learning rate");
  r.whole(field(obj, "seed"), c.seed, "seed");
  check_dropout(r, c.dropout);
  if (r.ok()) r.fail(dp::rnn::validate_sequence_model_config(c));
  return c;
}

val JsRecurrentNetwork::config() const {
  const dp::rnn::SequenceModelConfig& c = model_.config;
  val o = val::object();
  o.set("cell", std::string(name_in(c.shape.cell, kCellNames, kCells)));
  o.set("inputs", c.shape.inputs);
  o.set("units", c.shape.units);
  o.set("head", std::string(name_in(c.head, kHeadNames, kHeads)));
  o.set("task", std::string(dp::name_of(c.task)));
  if (c.task == dp::Task::Multiclass) o.set("classes", c.outputs);
  val d = val::object();
  d.set("kind", std::string(name_in(c.dropout.mode, kKindNames, kKinds)));
  d.set("inputRate", c.dropout.input_rate);
  d.set("recurrentRate", c.dropout.recurrent_rate);
  d.set("outputRate", c.dropout.output_rate);
  o.set("dropout", d);
  o.set("learningRate", c.learning_rate);
  o.set("seed", static_cast<double>(c.seed));
  return o;
}

bool JsRecurrentNetwork::read_sequences(Reader& r, const val& x, int steps, const std::string& label) {
  const size_t per = static_cast<size_t>(steps) * model_.config.shape.inputs;
  if (r.floats(x, rows_, label) && (rows_.empty() || rows_.size() % per != 0))
    r.fail(label + " has " + std::to_string(rows_.size()) + " values, not a whole number (1 or more) of sequences of " +
           std::to_string(steps) + " steps x " + std::to_string(model_.config.shape.inputs) + " inputs");
  return r.ok();
}

void JsRecurrentNetwork::set_data(val data) {
  Reader r;
  const dp::rnn::SequenceModelConfig& c = model_.config;
  int T = 0;
  std::vector<float> tx, ty, vx, vy;
  if (!r.is_object(data))
    r.fail("setData needs an object { steps, train: { x, y }, validation: { x, y } } (as makeSequences returns), got " +
           describe(data));
  r.only_keys(data, {"steps", "train", "validation", "name", "inputs", "manyToMany"}, "setData");
  if (r.ok() && kind_of(field(data, "steps")) == JsKind::Undefined)
    r.fail("setData needs steps, the length of every sequence (1 to 64)");
  r.integer(field(data, "steps"), T, "steps", 1, dp::rnn::kMaxSequenceSteps);
  int inputs = c.shape.inputs;
  r.integer(field(data, "inputs"), inputs, "inputs", 1, dp::kMaxInputs);
  if (r.ok() && inputs != c.shape.inputs)
    r.fail("the data has " + std::to_string(inputs) + " inputs per step, the network " +
           std::to_string(c.shape.inputs));
  bool many = c.head == Head::ManyToMany;
  r.boolean(field(data, "manyToMany"), many, "manyToMany");
  if (r.ok() && many != (c.head == Head::ManyToMany))
    r.fail(many ? "this data has a target at every step: it needs a 'many-to-many' head"
                : "this data has one label per sequence: it needs a 'many-to-one' head");
  const int per_y = dp::rnn::targets_per_sequence(c, T);
  auto read_split = [&](const val& split, const std::string& name, std::vector<float>& x, std::vector<float>& y) {
    if (!r.is_object(split)) return r.fail("the " + name + " set must be an object { x, y }, got " + describe(split));
    r.only_keys(split, {"x", "y", "count"}, "the " + name + " set");
    r.floats(field(split, "x"), x, name + " x");
    r.floats(field(split, "y"), y, name + " y");
    const size_t n = r.ok() ? y.size() / per_y : 0;
    if (r.ok() && (y.size() % per_y != 0 || x.size() != n * T * c.shape.inputs))
      r.fail("the " + name + " set has " + std::to_string(x.size()) + " x values and " + std::to_string(y.size()) +
             " targets: sequences of " + std::to_string(T) + " steps need steps x inputs x values and " +
             std::to_string(per_y) + " target(s) each");
    if (r.ok() && n == 0 && name == "training") r.fail("the training set is empty: it needs at least one sequence");
    const val count = field(split, "count");
    if (r.ok() && kind_of(count) != JsKind::Undefined &&
        !(kind_of(count) == JsKind::Number && count.as<double>() == static_cast<double>(n)))
      r.fail("the " + name + " set's count is " + describe(count) + ", but it has " + std::to_string(n) + " sequences");
    for (size_t i = 0; r.ok() && c.task != dp::Task::Regression && i < y.size(); ++i) {
      const float top = c.task == dp::Task::Binary ? 1.0f : static_cast<float>(c.outputs - 1);
      if (y[i] != std::floor(y[i]) || y[i] < 0.0f || y[i] > top)
        r.fail("the " + name + " labels must be whole numbers from 0 to " + std::to_string(static_cast<int>(top)) +
               ", got " + short_number(y[i]) + " at " + std::to_string(i));
    }
  };
  if (r.ok()) read_split(field(data, "train"), "training", tx, ty);
  const val v = r.ok() ? field(data, "validation") : val::undefined();
  if (r.ok() && kind_of(v) != JsKind::Undefined && kind_of(v) != JsKind::Null) read_split(v, "validation", vx, vy);
  if (!reported(r)) return;
  steps_ = T;
  train_n_ = static_cast<int>(ty.size() / per_y);
  val_n_ = static_cast<int>(vy.size() / per_y);
  train_x_ = std::move(tx);
  train_y_ = std::move(ty);
  val_x_ = std::move(vx);
  val_y_ = std::move(vy);
}

// Multiply-adds of one sequence forward: the stacked gate matmul and the head at every step.
double JsRecurrentNetwork::work_per_sequence(int steps) const {
  const dp::rnn::RecurrentShape& s = model_.config.shape;
  return static_cast<double>(steps) *
         (static_cast<double>(s.kernel_size()) + static_cast<double>(s.units) * model_.config.outputs);
}

val JsRecurrentNetwork::train(val steps) {
  Reader r;
  int n = 0;
  if (kind_of(steps) == JsKind::Undefined) r.fail("train(steps) needs the number of steps");
  r.integer(steps, n, "steps", 0, 1000000);
  if (r.ok() && train_n_ == 0) r.fail("there is no training data yet: call setData(data) first");
  const double per_step = 3.0 * train_n_ * work_per_sequence(steps_);
  if (r.ok() && n * per_step > kMaxWorkPerCall)
    r.fail("train(" + std::to_string(n) + ") is too much work for one call: this network and data allow at most " +
           std::to_string(static_cast<long long>(kMaxWorkPerCall / per_step)) + " steps per call");
  if (!reported(r)) return val::undefined();
  double sum = 0.0;
  int done = 0;
  for (int k = 0; k < n && !diverged_; ++k) {
    const double loss = dp::rnn::train_step(model_, train_n_, steps_, train_x_.data(), train_y_.data());
    bool finite = std::isfinite(loss);
    for (size_t i = 0; finite && i < model_.params.size(); ++i) finite = std::isfinite(model_.params[i]);
    if (!finite) diverged_ = true;
    sum += loss;
    ++done;
  }
  if (done > 0) last_loss_ = sum / done;
  val o = val::object();
  o.set("step", static_cast<double>(model_.step));
  o.set("loss", done > 0 ? last_loss_ : NAN);
  o.set("diverged", diverged_);
  return o;
}

val JsRecurrentNetwork::evaluate() {
  const bool regression = model_.config.task == dp::Task::Regression;
  auto one = [&](std::vector<float>& x, std::vector<float>& y, int n) {
    if (n == 0) return val::null();
    const dp::rnn::Evaluation e = dp::rnn::evaluate(model_, n, steps_, x.data(), y.data());
    return metrics_to_val(e.loss, regression ? NAN : e.accuracy, n);
  };
  val o = val::object();
  if (train_n_ == 0) {
    report_error("there is no data yet: call setData(data) first");
    return val::undefined();
  }
  const val tr = one(train_x_, train_y_, train_n_), va = one(val_x_, val_y_, val_n_);
  o.set("train", tr);
  o.set("validation", va);
  const bool finite = std::isfinite(tr["loss"].as<double>()) && (val_n_ == 0 || std::isfinite(va["loss"].as<double>()));
  o.set("diverged", diverged_ || !finite);
  o.set("step", static_cast<double>(model_.step));
  return o;
}

val JsRecurrentNetwork::predict(val x, val steps) {
  Reader r;
  int T = 0;
  if (kind_of(steps) == JsKind::Undefined) r.fail("predict(x, steps) needs the steps of each sequence (1 to 64)");
  r.integer(steps, T, "steps", 1, dp::rnn::kMaxSequenceSteps);
  if (r.ok()) read_sequences(r, x, T, "predict's sequences");
  const int n = r.ok() ? static_cast<int>(rows_.size() / (static_cast<size_t>(T) * model_.config.shape.inputs)) : 0;
  if (r.ok() && n * work_per_sequence(T) > kMaxWorkPerCall)
    r.fail("predict of " + std::to_string(n) + " sequences is too much work for one call: use fewer per call");
  if (!reported(r)) return val::undefined();
  const int per = dp::rnn::targets_per_sequence(model_.config, T), outs = model_.config.outputs;
  out_.resize(static_cast<size_t>(n) * per * outs);
  std::vector<float> y(static_cast<size_t>(n) * per, 0.0f);  // the loss is not used
  dp::rnn::sequence_loss(model_, n, T, rows_.data(), y.data(), nullptr, false, out_.data());
  return float_array(out_);
}

val JsRecurrentNetwork::masks(val example) const {
  Reader r;
  const dp::rnn::SequenceMasks& m = model_.last_masks;
  int e = 0;
  if (model_.step == 0 || m.B == 0) r.fail("there are no masks yet: masks are drawn by train()");
  r.integer(example, e, "example", 0, std::max(m.B - 1, 0));
  if (!reported(r)) return val::undefined();
  const dp::rnn::RecurrentShape& s = model_.config.shape;
  auto site = [&](const std::vector<float>& mask, int width) {
    return mask.empty() ? val::null() : float_array(dp::rnn::mask_units_by_time(mask, m.T, m.B, width, e));
  };
  val o = val::object();
  o.set("kind", std::string(name_in(model_.config.dropout.mode, kKindNames, kKinds)));
  o.set("steps", m.T);
  o.set("examples", m.B);
  o.set("input", site(m.input, s.inputs));
  o.set("recurrent", site(m.recurrent, s.units));
  o.set("output", site(m.output, s.units));
  return o;
}

val JsRecurrentNetwork::hidden_states(val x) {
  Reader r;
  const int in = model_.config.shape.inputs;
  if (r.floats(x, rows_, "hiddenStates' sequence") &&
      (rows_.empty() || rows_.size() % in != 0 || rows_.size() / in > dp::rnn::kMaxSequenceSteps))
    r.fail("hiddenStates takes one sequence of 1 to 64 steps x " + std::to_string(in) + " inputs, got " +
           std::to_string(rows_.size()) + " values");
  if (!reported(r)) return val::undefined();
  const int T = static_cast<int>(rows_.size() / in);
  out_.resize(static_cast<size_t>(dp::rnn::targets_per_sequence(model_.config, T)) * model_.config.outputs);
  std::vector<float> y(dp::rnn::targets_per_sequence(model_.config, T), 0.0f);
  dp::rnn::sequence_loss(model_, 1, T, rows_.data(), y.data(), nullptr, false, out_.data());
  return float_array(model_.cache.h);  // (T, 1, H)
}

void JsRecurrentNetwork::update(val settings) {
  Reader r;
  dp::rnn::SequenceModelConfig next = model_.config;
  if (!r.is_object(settings))
    r.fail("update needs an object like { dropout: { recurrentRate: 0.25 } }, got " + describe(settings));
  r.only_keys(settings, {"dropout", "learningRate"},
              "update (only dropout and the learning rate change; a new size needs a new RecurrentNetwork)");
  read_dropout(r, field(settings, "dropout"), next.dropout);
  r.number(field(settings, "learningRate"), next.learning_rate, "learning rate");
  check_dropout(r, next.dropout);
  if (r.ok()) r.fail(dp::rnn::validate_sequence_model_config(next));
  if (reported(r)) model_.config = next;
}

val make_sequences(val spec) {
  Reader r;
  dp::SequenceSpec s;
  if (!r.is_object(spec))
    r.fail("makeSequences needs an object like { name: 'pattern', sequences: 64, steps: 32 }, got " + describe(spec));
  r.only_keys(spec, {"name", "sequences", "steps", "noise", "validation", "seed"}, "makeSequences");
  const val name = r.ok() ? field(spec, "name") : val::undefined();
  if (r.ok() && kind_of(name) != JsKind::String)
    r.fail("makeSequences needs a name: 'sines' or 'pattern'; got " + describe(name));
  if (r.ok()) s.name = name.as<std::string>();
  r.integer(field(spec, "sequences"), s.sequences, "sequences", -1000000, 1000000);
  r.integer(field(spec, "steps"), s.steps, "steps", -1000000, 1000000);
  r.number(field(spec, "noise"), s.noise, "noise");
  r.number(field(spec, "validation"), s.validation, "validation fraction");
  r.whole(field(spec, "seed"), s.seed, "seed");
  if (r.ok()) r.fail(dp::validate_sequence_spec(s));
  if (!reported(r)) return val::undefined();
  const dp::SequenceDataset d = dp::make_sequence_dataset(s);
  val o = val::object();
  o.set("name", d.name);
  o.set("steps", d.steps);
  o.set("inputs", d.inputs);
  o.set("manyToMany", d.many_to_many);
  o.set("train", split_val(d.train.x, d.train.y, d.train.count));
  o.set("validation", split_val(d.validation.x, d.validation.y, d.validation.count));
  return o;
}

}  // namespace dp::api
