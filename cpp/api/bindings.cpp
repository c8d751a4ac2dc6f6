// The Embind bindings: the only C++ that includes Emscripten headers.
//
// JS objects in the Keras vocabulary are read into dp::Config; every error
// becomes a JS Error with a readable message. The core uses no C++
// exceptions: functions here collect an error string, let every C++ object
// go out of scope, and only then throw into JS (an exception thrown from JS
// unwinds wasm frames without running destructors).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/config.hpp"
#include "nn/network.hpp"

using emscripten::val;

namespace {

// ---------------------------------------------------------------- errors

char g_error[1024];

void set_error(const std::string& message) { std::snprintf(g_error, sizeof g_error, "%s", message.c_str()); }

// Throws without creating any C++ object or val handle that the unwinding would leak.
EM_JS(void, dp_throw_js_error, (const char* message), { throw new Error(UTF8ToString(message)); });

[[noreturn]] void throw_error() {
  dp_throw_js_error(g_error);
  __builtin_unreachable();
}

// ---------------------------------------------------------------- reading JS values

// Reads settings from a JS object; keeps the first error it meets.
class Reader {
 public:
  std::string error;

  bool ok() const { return error.empty(); }
  void fail(const std::string& m) {
    if (error.empty()) error = m;
  }

  static std::string describe(const val& v) {
    const std::string t = v.typeOf().as<std::string>();
    if (t == "string") return "\"" + v.as<std::string>() + "\"";
    if (t == "object" && v.isNull()) return "null";
    if (t == "object" && v.isArray()) return "an array";
    return t == "object" ? "an object" : t;
  }

  // Rejects keys other than `known`, so a typo is reported instead of ignored.
  void only_keys(const val& obj, const std::vector<std::string>& known, const std::string& where) {
    if (!ok()) return;
    const val keys = val::global("Object").call<val>("keys", obj);
    const int n = keys["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      const std::string k = keys[i].as<std::string>();
      bool found = false;
      for (const std::string& s : known) found = found || s == k;
      if (!found) {
        std::string list;
        for (const std::string& s : known) list += (list.empty() ? "" : ", ") + s;
        fail("unknown setting '" + k + "' in " + where + "; known settings: " + list);
        return;
      }
    }
  }

  bool is_object(const val& v) const { return v.typeOf().as<std::string>() == "object" && !v.isNull() && !v.isArray(); }

  void number(const val& obj, const char* key, float& out, const std::string& label) {
    double d = out;
    number(obj, key, d, label);
    out = static_cast<float>(d);
  }
  void number(const val& obj, const char* key, double& out, const std::string& label) {
    if (!ok()) return;
    const val v = obj[key];
    if (v.isUndefined()) return;
    if (v.typeOf().as<std::string>() != "number") return fail(label + " must be a number, got " + describe(v));
    out = v.as<double>();
  }
  void integer(const val& obj, const char* key, int& out, const std::string& label, int lo, int hi) {
    if (ok()) integer_value(obj[key], out, label, lo, hi);
  }
  // An absent (undefined) value leaves `out` as it is.
  void integer_value(const val& v, int& out, const std::string& label, int lo, int hi) {
    if (!ok() || v.isUndefined()) return;
    const bool is_num = v.typeOf().as<std::string>() == "number";
    const double d = is_num ? v.as<double>() : 0.0;
    if (!is_num || d != std::floor(d) || d < lo || d > hi)
      return fail(label + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                  ", got " + (is_num ? val::global("String")(v).as<std::string>() : describe(v)));
    out = static_cast<int>(d);
  }

  template <class E>
  void choice(const val& obj, const char* key, E& out, const std::string& label) {
    if (ok()) choice_value(obj[key], out, label);
  }
  template <class E>
  void choice_value(const val& v, E& out, const std::string& label) {
    if (!ok() || v.isUndefined()) return;
    if (v.typeOf().as<std::string>() != "string" || !dp::parse(v.as<std::string>(), out))
      fail("unknown " + label + " " + describe(v) + "; choose one of " + dp::choices<E>());
  }
};

void read_dropout(Reader& r, const val& v, dp::DropoutSpec& d, const std::string& where) {
  if (v.isUndefined()) return;
  if (v.typeOf().as<std::string>() == "number") {
    d.rate = v.as<float>();
    return;
  }
  if (!r.is_object(v)) return r.fail(where + " must be an object like { rate: 0.2, kind: 'bernoulli' }");
  r.only_keys(v, {"rate", "kind"}, where);
  r.number(v, "rate", d.rate, "dropout rate of " + where);
  r.choice(v, "kind", d.kind, "dropout kind");
}

const std::vector<std::string> kConfigKeys = {"inputs",      "task",    "classes",   "layers",    "inputDropout",
                                              "dropoutMode", "maskPer", "init",      "optimizer", "learningRate",
                                              "momentum",    "beta1",   "beta2",     "epsilon",   "l1",
                                              "l2",          "maxNorm", "batchSize", "seed"};

void read_seed(Reader& r, const val& obj, uint64_t& seed) {
  double s = static_cast<double>(seed);
  r.number(obj, "seed", s, "seed");
  if (r.ok() && !(s >= 0 && s <= 9007199254740991.0 && s == std::floor(s)))
    return r.fail("seed must be a whole number from 0 to 2^53-1, got " + std::to_string(s));
  seed = static_cast<uint64_t>(s);
}

// The settings that can change while training (also accepted by update()).
void read_live_settings(Reader& r, const val& obj, dp::Config& c) {
  r.choice(obj, "dropoutMode", c.mode, "dropout mode");
  r.choice(obj, "maskPer", c.mask_per, "mask granularity");
  r.choice(obj, "optimizer", c.optimizer, "optimizer");
  r.number(obj, "learningRate", c.learning_rate, "learning rate");
  r.number(obj, "momentum", c.momentum, "momentum");
  r.number(obj, "beta1", c.beta1, "beta1");
  r.number(obj, "beta2", c.beta2, "beta2");
  r.number(obj, "epsilon", c.epsilon, "epsilon");
  r.number(obj, "l1", c.l1, "L1 penalty");
  r.number(obj, "l2", c.l2, "L2 penalty");
  r.number(obj, "maxNorm", c.max_norm, "max-norm");
  r.integer(obj, "batchSize", c.batch_size, "batch size", 1, 100000);
}

dp::Config read_config(Reader& r, const val& obj) {
  dp::Config c;
  if (!r.is_object(obj)) {
    r.fail("the network config must be an object like { inputs: 2, layers: [{ units: 8, rate: 0.5 }] }");
    return c;
  }
  r.only_keys(obj, kConfigKeys, "the network config");
  r.integer(obj, "inputs", c.inputs, "inputs", 1, dp::kMaxInputs);
  r.choice(obj, "task", c.task, "task");
  r.integer(obj, "classes", c.classes, "classes", 2, dp::kMaxClasses);
  r.choice(obj, "init", c.init, "initialisation");
  read_live_settings(r, obj, c);
  read_seed(r, obj, c.seed);
  read_dropout(r, obj["inputDropout"], c.input_dropout, "the input");
  const val layers = obj["layers"];
  if (!layers.isUndefined() && r.ok()) {
    if (!layers.isArray()) {
      r.fail("layers must be an array of { units, activation, rate }");
      return c;
    }
    const int n = layers["length"].as<int>();
    if (n > dp::kMaxHiddenLayers) {
      r.fail("at most " + std::to_string(dp::kMaxHiddenLayers) + " hidden layers are allowed, got " +
             std::to_string(n));
      return c;
    }
    for (int i = 0; i < n && r.ok(); ++i) {
      const std::string where = "layer " + std::to_string(i + 1);
      const val l = layers[i];
      if (!r.is_object(l)) {
        r.fail(where + " must be an object like { units: 8, activation: 'relu', rate: 0.5 }");
        break;
      }
      r.only_keys(l, {"units", "activation", "rate", "kind"}, where);
      dp::LayerSpec spec;
      const val units = l["units"];
      if (units.isUndefined()) r.fail("units of " + where + " is missing");
      if (r.ok() && units.typeOf().as<std::string>() == "number" && units.as<double>() < 1)
        r.fail("units of " + where + " must be at least 1, got " + val::global("String")(units).as<std::string>());
      r.integer(l, "units", spec.units, "units of " + where, 1, dp::kMaxUnits);
      r.choice(l, "activation", spec.activation, "activation");
      r.number(l, "rate", spec.dropout.rate, "dropout rate of " + where);
      r.choice(l, "kind", spec.dropout.kind, "dropout kind");
      c.layers.push_back(spec);
    }
  }
  if (r.ok()) r.fail(dp::validate(c));
  return c;
}

val config_to_val(const dp::Config& c) {
  val o = val::object();
  o.set("inputs", c.inputs);
  o.set("task", std::string(dp::name_of(c.task)));
  o.set("classes", c.classes);
  val layers = val::array();
  for (size_t i = 0; i < c.layers.size(); ++i) {
    val l = val::object();
    l.set("units", c.layers[i].units);
    l.set("activation", std::string(dp::name_of(c.layers[i].activation)));
    l.set("rate", c.layers[i].dropout.rate);
    l.set("kind", std::string(dp::name_of(c.layers[i].dropout.kind)));
    layers.set(i, l);
  }
  o.set("layers", layers);
  val in = val::object();
  in.set("rate", c.input_dropout.rate);
  in.set("kind", std::string(dp::name_of(c.input_dropout.kind)));
  o.set("inputDropout", in);
  o.set("dropoutMode", std::string(dp::name_of(c.mode)));
  o.set("maskPer", std::string(dp::name_of(c.mask_per)));
  o.set("init", std::string(dp::name_of(c.init)));
  o.set("optimizer", std::string(dp::name_of(c.optimizer)));
  o.set("learningRate", c.learning_rate);
  o.set("momentum", c.momentum);
  o.set("beta1", c.beta1);
  o.set("beta2", c.beta2);
  o.set("epsilon", c.epsilon);
  o.set("l1", c.l1);
  o.set("l2", c.l2);
  o.set("maxNorm", c.max_norm);
  o.set("batchSize", c.batch_size);
  o.set("seed", static_cast<double>(c.seed));
  return o;
}

// Numbers from a typed array or a plain array; fails on anything else.
bool read_floats(Reader& r, const val& v, std::vector<float>& out, const std::string& label) {
  if (!r.ok()) return false;
  if (v.isUndefined() || v.isNull() || v.typeOf().as<std::string>() != "object" || !v["length"].isNumber()) {
    r.fail(label + " must be a Float32Array or an array of numbers, got " + Reader::describe(v));
    return false;
  }
  out = emscripten::convertJSArrayToNumberVector<float>(v);
  return true;
}

val float_array(const float* p, size_t n) {
  return val::global("Float32Array").new_(emscripten::typed_memory_view(n, p));
}
val float_array(const std::vector<float>& v) { return float_array(v.data(), v.size()); }
// A plain JS array (JSON-serialisable; float32 values are exact as doubles).
val plain_array(const std::vector<float>& v) { return val::global("Array").call<val>("from", float_array(v)); }

val metrics_to_val(const dp::Metrics& m) {
  if (m.count == 0) return val::null();
  val o = val::object();
  o.set("loss", m.loss);
  o.set("accuracy", std::isnan(m.accuracy) ? val::null() : val(m.accuracy));
  o.set("count", m.count);
  return o;
}

// ---------------------------------------------------------------- the JS Network class

class JsNetwork {
 public:
  explicit JsNetwork(const dp::Config& c) : net_(c) {}
  explicit JsNetwork(const dp::NetworkState& s) : net_(s) {}

  val config() const { return config_to_val(net_.config()); }

  void set_data(val data) {
    if (!try_set_data(data)) throw_error();
  }

  val train(val steps) {
    int n = 0;
    if (!try_steps(steps, n)) throw_error();
    const dp::TrainResult t = net_.train(n);
    val o = val::object();
    o.set("step", static_cast<double>(t.step));
    o.set("epoch", static_cast<double>(t.epoch));
    o.set("loss", t.loss);
    o.set("diverged", t.diverged);
    return o;
  }

  val evaluate() {
    val o = val::object();
    const dp::Metrics tr = net_.evaluate_train(), va = net_.evaluate_validation();
    o.set("train", metrics_to_val(tr));
    o.set("validation", metrics_to_val(va));
    const bool finite = (tr.count == 0 || std::isfinite(tr.loss)) && (va.count == 0 || std::isfinite(va.loss));
    o.set("diverged", net_.diverged() || !finite);
    o.set("step", static_cast<double>(net_.step()));
    o.set("epoch", static_cast<double>(net_.epoch()));
    return o;
  }

  val predict(val x) {
    if (!read_rows(x, "predict(x)")) throw_error();
    out_.resize(rows_.size() / net_.config().inputs * net_.config().outputs());
    net_.predict(rows_.data(), static_cast<int>(rows_.size() / net_.config().inputs), out_.data());
    return float_array(out_);
  }

  // One thinned network (a training-mode pass with one mask for every row), chosen by `seed`.
  val predict_thinned(val x, val seed) {
    double s = 0;
    if (!read_rows(x, "predictThinned(x)") || !try_number(seed, "thinned seed", s)) throw_error();
    out_.resize(rows_.size() / net_.config().inputs * net_.config().outputs());
    net_.predict_thinned(rows_.data(), static_cast<int>(rows_.size() / net_.config().inputs),
                         static_cast<uint64_t>(std::fabs(s)), out_.data());
    return float_array(out_);
  }

  val predict_mc(val x, val passes) {
    int t = 0;
    if (!try_passes(passes, t) || !read_rows(x, "predictMC(x)")) throw_error();
    const int n = static_cast<int>(rows_.size() / net_.config().inputs);
    const size_t k = static_cast<size_t>(n) * net_.config().outputs();
    out_.resize(k);
    out2_.resize(k);
    net_.predict_mc(rows_.data(), n, t, out_.data(), out2_.data());
    val o = val::object();
    o.set("mean", float_array(out_));
    o.set("variance", float_array(out2_));
    return o;
  }

  // A view over wasm memory, taken after every allocation (trap 9).
  val predict_grid(val opts) {
    if (!try_grid(opts, false)) throw_error();
    return val(emscripten::typed_memory_view(grid_out_.size(), grid_out_.data()));
  }

  // What every hidden unit responds to over the grid: a view of (hidden units, height, width).
  val unit_grid(val opts) {
    if (!try_grid(opts, true)) throw_error();
    return val(emscripten::typed_memory_view(grid_out_.size(), grid_out_.data()));
  }

  val masks() const {
    val list = val::array();
    const dp::Config& c = net_.config();
    for (int s = 0; s < c.sites(); ++s) {
      const dp::DropoutSpec& d = c.site_dropout(s);
      val m = val::object();
      m.set("site", s);
      m.set("kind", std::string(dp::name_of(d.kind)));
      m.set("rate", d.rate);
      m.set("shared", net_.masks_shared());
      const int rows = net_.step() == 0 ? 0 : net_.mask_rows();
      const float* f = rows > 0 ? net_.mask_buffer(s) : nullptr;
      std::vector<float> values;
      if (d.kind == dp::DropoutKind::DropConnect) {
        const dp::DenseLayer& l = net_.layers()[s];
        m.set("units", l.out);
        m.set("rows", rows > 0 ? l.in : 0);
        if (f) values.assign(f, f + static_cast<size_t>(l.in) * l.out);
      } else {
        const int w = c.site_width(s);
        m.set("units", w);
        m.set("rows", rows);
        for (int r = 0; r < rows; ++r)
          values.insert(values.end(), f + (net_.masks_shared() ? 0 : r * w), f + (net_.masks_shared() ? 0 : r * w) + w);
      }
      // 1 kept / 0 dropped, except Gaussian dropout, whose factor is the information.
      if (d.kind != dp::DropoutKind::Gaussian)
        for (float& v : values) v = (d.rate == 0.0f || v != 0.0f) ? 1.0f : 0.0f;
      m.set("values", float_array(values));
      list.set(s, m);
    }
    return list;
  }

  val weights() const {
    val list = val::array();
    int i = 0;
    for (const dp::DenseLayer& l : net_.layers()) {
      val o = val::object();
      o.set("inputs", l.in);
      o.set("units", l.out);
      o.set("kernel", float_array(l.kernel));
      o.set("bias", float_array(l.bias));
      list.set(i++, o);
    }
    return list;
  }

  val activation_stats(val x) {
    if (!read_rows(x, "activationStats(x)")) throw_error();
    const auto stats = net_.activation_stats(rows_.data(), static_cast<int>(rows_.size() / net_.config().inputs));
    val list = val::array();
    for (size_t l = 0; l < stats.size(); ++l) {
      val o = val::object();
      o.set("layer", static_cast<int>(l + 1));
      o.set("meanActivation", stats[l].mean_activation);
      o.set("nearZeroFraction", stats[l].near_zero_fraction);
      o.set("unitMeans", float_array(stats[l].unit_means));
      list.set(l, o);
    }
    return list;
  }

  void update(val partial) {
    if (!try_update(partial)) throw_error();
  }

  val snapshot() const {
    const dp::NetworkState s = net_.state();
    val o = val::object();
    o.set("version", 1);
    o.set("config", config_to_val(s.config));
    o.set("step", static_cast<double>(s.step));
    o.set("epoch", static_cast<double>(s.epoch));
    o.set("cursor", s.cursor);
    o.set("diverged", s.diverged);
    val params = val::array(), opt = val::array();
    for (size_t i = 0; i < s.params.size(); ++i) {
      params.set(i, plain_array(s.params[i]));
      opt.set(i, plain_array(s.optimizer[i]));
    }
    o.set("params", params);
    o.set("optimizer", opt);
    return o;
  }

 private:
  // Each try_* function leaves its message in g_error and destroys its locals
  // before the caller throws.
  bool try_steps(const val& steps, int& n) const {
    Reader r;
    r.integer_value(steps, n, "steps", 0, 10000000);
    if (r.ok() && steps.isUndefined()) r.fail("train(steps) needs the number of steps");
    if (r.ok() && net_.train_count() == 0) r.fail("there is no training data yet: call setData(dataset) first");
    if (!r.ok()) set_error(r.error);
    return r.ok();
  }

  static bool try_number(const val& v, const char* label, double& out) {
    if (v.isNumber() && std::isfinite(v.as<double>())) {
      out = v.as<double>();
      return true;
    }
    set_error(std::string(label) + " must be a finite number, got " + Reader::describe(v));
    return false;
  }

  static bool try_passes(const val& passes, int& t) {
    Reader r;
    r.integer_value(passes, t, "passes", 1, 10000);
    if (r.ok() && passes.isUndefined()) r.fail("predictMC(x, passes) needs the number of passes");
    if (!r.ok()) set_error(r.error);
    return r.ok();
  }

  bool try_set_data(const val& data) {
    Reader r;
    std::vector<float> tx, ty, vx, vy;
    const int in = net_.config().inputs;
    auto read_split = [&](const val& split, const char* name, std::vector<float>& x, std::vector<float>& y) {
      if (!r.is_object(split)) return r.fail(std::string("the ") + name + " set must be an object { x, y }");
      read_floats(r, split["x"], x, std::string(name) + " x");
      read_floats(r, split["y"], y, std::string(name) + " y");
      if (r.ok() && x.size() != y.size() * in)
        r.fail(std::string("the ") + name + " set has " + std::to_string(x.size()) + " x values, but " +
               std::to_string(y.size()) + " labels times " + std::to_string(in) + " inputs need " +
               std::to_string(y.size() * in));
    };
    if (!r.is_object(data)) r.fail("setData needs an object { train: { x, y }, validation: { x, y } }");
    if (r.ok()) read_split(data["train"], "training", tx, ty);
    const val v = r.ok() ? data["validation"] : val::undefined();
    if (r.ok() && !v.isUndefined() && !v.isNull()) read_split(v, "validation", vx, vy);
    if (r.ok())
      r.fail(net_.set_data(tx.data(), ty.data(), static_cast<int>(ty.size()), vx.data(), vy.data(),
                           static_cast<int>(vy.size())));
    if (!r.ok()) set_error(r.error);
    return r.ok();
  }

  bool read_rows(const val& x, const std::string& label) {
    Reader r;
    const int in = net_.config().inputs;
    if (read_floats(r, x, rows_, label) && rows_.size() % in != 0)
      r.fail(label + " has " + std::to_string(rows_.size()) + " values, not a multiple of the " + std::to_string(in) +
             " inputs");
    if (!r.ok()) set_error(r.error);
    return r.ok();
  }

  bool try_grid(const val& opts, bool units) {
    Reader r;
    int w = 100, h = 100;
    double box[4] = {-6, 6, -6, 6};
    bool thinned = false;
    double thinned_seed = 0;
    if (net_.config().inputs != 2)
      r.fail("predictGrid needs a network with 2 inputs; this one has " + std::to_string(net_.config().inputs) +
             " (use predict for a curve)");
    if (r.ok() && !r.is_object(opts)) r.fail("predictGrid needs { width, height, xMin, xMax, yMin, yMax }");
    r.only_keys(opts, {"width", "height", "xMin", "xMax", "yMin", "yMax", "thinned", "thinnedSeed"}, "predictGrid");
    r.integer(opts, "width", w, "grid width", 1, 2048);
    r.integer(opts, "height", h, "grid height", 1, 2048);
    r.number(opts, "xMin", box[0], "xMin");
    r.number(opts, "xMax", box[1], "xMax");
    r.number(opts, "yMin", box[2], "yMin");
    r.number(opts, "yMax", box[3], "yMax");
    r.number(opts, "thinnedSeed", thinned_seed, "thinnedSeed");
    if (r.ok()) thinned = !opts["thinned"].isUndefined() && opts["thinned"].as<bool>();
    if (r.ok() && !(std::isfinite(box[0]) && std::isfinite(box[1]) && box[0] < box[1] && std::isfinite(box[2]) &&
                    std::isfinite(box[3]) && box[2] < box[3]))
      r.fail("the grid box needs finite xMin < xMax and yMin < yMax");
    if (!r.ok()) {
      set_error(r.error);
      return false;
    }
    // Cell centres; row 0 is the top of the picture (yMax).
    grid_x_.resize(static_cast<size_t>(w) * h * 2);
    for (int j = 0; j < h; ++j)
      for (int i = 0; i < w; ++i) {
        grid_x_[(j * w + i) * 2] = static_cast<float>(box[0] + (i + 0.5) * (box[1] - box[0]) / w);
        grid_x_[(j * w + i) * 2 + 1] = static_cast<float>(box[3] - (j + 0.5) * (box[3] - box[2]) / h);
      }
    if (units) {
      grid_out_.resize(static_cast<size_t>(w) * h * net_.hidden_units());
      net_.hidden_activations(grid_x_.data(), w * h, grid_out_.data());
      return true;
    }
    grid_out_.resize(static_cast<size_t>(w) * h * net_.config().outputs());
    if (thinned)
      net_.predict_thinned(grid_x_.data(), w * h, static_cast<uint64_t>(std::fabs(thinned_seed)), grid_out_.data());
    else
      net_.predict(grid_x_.data(), w * h, grid_out_.data());
    return true;
  }

  bool try_update(const val& partial) {
    Reader r;
    dp::Config next = net_.config();
    if (!r.is_object(partial)) r.fail("update needs an object of settings, e.g. { learningRate: 0.01 }");
    r.only_keys(partial,
                {"dropoutMode", "maskPer", "optimizer", "learningRate", "momentum", "beta1", "beta2", "epsilon", "l1",
                 "l2", "maxNorm", "batchSize", "rates", "kinds"},
                "update");
    read_live_settings(r, partial, next);
    const val rates = r.ok() ? partial["rates"] : val::undefined();
    if (!rates.isUndefined()) {
      if (!rates.isArray() || rates["length"].as<int>() != next.sites())
        r.fail("rates must be an array of " + std::to_string(next.sites()) +
               " dropout rates: the input's, then one per hidden layer");
      for (int s = 0; r.ok() && s < next.sites(); ++s) {
        const val v = rates[s];
        if (!v.isNumber())
          r.fail("rates[" + std::to_string(s) + "] must be a number, got " + Reader::describe(v));
        else
          next.site_dropout(s).rate = v.as<float>();
      }
    }
    const val kinds = r.ok() ? partial["kinds"] : val::undefined();
    if (!kinds.isUndefined()) {
      if (!kinds.isArray() || kinds["length"].as<int>() != next.sites())
        r.fail("kinds must be an array of " + std::to_string(next.sites()) + " dropout kinds");
      for (int s = 0; r.ok() && s < next.sites(); ++s) {
        r.choice_value(kinds[s], next.site_dropout(s).kind, "dropout kind");
      }
    }
    if (r.ok()) r.fail(net_.update(next));
    if (!r.ok()) set_error(r.error);
    return r.ok();
  }

  dp::Network net_;
  std::vector<float> rows_, out_, out2_, grid_x_, grid_out_;
};

JsNetwork* try_make_network(const val& config) {
  Reader r;
  const dp::Config c = read_config(r, config);
  if (!r.ok()) {
    set_error(r.error);
    return nullptr;
  }
  return new JsNetwork(c);
}

JsNetwork* make_network(val config) {
  JsNetwork* n = try_make_network(config);
  if (!n) throw_error();
  return n;
}

JsNetwork* try_restore(const val& snap) {
  Reader r;
  dp::NetworkState s;
  if (!r.is_object(snap) || !r.is_object(snap["config"]) || !snap["params"].isArray() || !snap["optimizer"].isArray())
    r.fail("restore needs a snapshot object from network.snapshot()");
  if (r.ok()) s.config = read_config(r, snap["config"]);
  double step = 0, epoch = 0;
  r.number(snap, "step", step, "snapshot step");
  r.number(snap, "epoch", epoch, "snapshot epoch");
  r.integer(snap, "cursor", s.cursor, "snapshot cursor", 0, 1 << 30);
  s.step = static_cast<int64_t>(step);
  s.epoch = static_cast<int64_t>(epoch);
  if (r.ok()) s.diverged = snap["diverged"].isTrue();
  for (const char* key : {"params", "optimizer"}) {
    const val list = r.ok() ? snap[key] : val::array();
    const int n = list["length"].as<int>();
    auto& dest = std::string(key) == "params" ? s.params : s.optimizer;
    for (int i = 0; i < n && r.ok(); ++i) {
      dest.emplace_back();
      read_floats(r, list[i], dest.back(), std::string("snapshot ") + key);
    }
  }
  if (r.ok()) r.fail(dp::Network::validate_state(s));
  if (!r.ok()) {
    set_error(r.error);
    return nullptr;
  }
  return new JsNetwork(s);
}

JsNetwork* restore_network(val snap) {
  JsNetwork* n = try_restore(snap);
  if (!n) throw_error();
  return n;
}

// ---------------------------------------------------------------- datasets

val split_to_val(const dp::Split& s) {
  val o = val::object();
  o.set("x", float_array(s.x));
  o.set("y", float_array(s.y));
  o.set("count", s.count);
  return o;
}

bool try_make_dataset(const val& spec, val& out) {
  Reader r;
  dp::DatasetSpec d;
  if (!r.is_object(spec)) r.fail("makeDataset needs an object like { name: 'moons', points: 200, noise: 0.2 }");
  r.only_keys(spec, {"name", "points", "noise", "validation", "seed"}, "makeDataset");
  const val name = r.ok() ? spec["name"] : val::undefined();
  if (r.ok() && name.typeOf().as<std::string>() != "string") {
    std::string list;
    for (const std::string& n : dp::dataset_names()) list += (list.empty() ? "" : ", ") + n;
    r.fail("makeDataset needs a dataset name: one of " + list);
  }
  if (r.ok()) {
    d.name = name.as<std::string>();
    d.points = dp::default_points(d.name);
  }
  r.integer(spec, "points", d.points, "points", -1000000000, 1000000000);
  r.number(spec, "noise", d.noise, "noise");
  r.number(spec, "validation", d.validation, "validation fraction");
  read_seed(r, spec, d.seed);
  if (r.ok()) r.fail(dp::validate_dataset_spec(d));
  if (!r.ok()) {
    set_error(r.error);
    return false;
  }
  const dp::Dataset ds = dp::make_dataset(d);
  out = val::object();
  out.set("name", ds.name);
  out.set("task", std::string(dp::name_of(ds.task)));
  out.set("inputs", ds.inputs);
  out.set("outputs", ds.outputs);
  out.set("classes", ds.classes);
  out.set("train", split_to_val(ds.train));
  out.set("validation", split_to_val(ds.validation));
  val box = val::object();
  box.set("xMin", ds.box[0]);
  box.set("xMax", ds.box[1]);
  box.set("yMin", ds.box[2]);
  box.set("yMax", ds.box[3]);
  out.set("box", box);
  return true;
}

val make_dataset(val spec) {
  val out = val::undefined();
  if (!try_make_dataset(spec, out)) throw_error();
  return out;
}

val dataset_names() {
  val list = val::array();
  int i = 0;
  for (const std::string& n : dp::dataset_names()) list.set(i++, n);
  return list;
}

// Bytes malloc has handed out, and the size of wasm memory: for leak tests.
val memory_stats() {
  const struct mallinfo mi = mallinfo();
  val o = val::object();
  o.set("allocatedBytes", static_cast<double>(mi.uordblks));
  o.set("heapBytes", val::module_property("HEAP8")["length"]);
  return o;
}

}  // namespace

EMSCRIPTEN_BINDINGS(dropout_core) {
  using namespace emscripten;
  class_<JsNetwork>("Network")
      .constructor(&make_network, allow_raw_pointers())
      .class_function("restore", &restore_network, allow_raw_pointers())
      .function("config", &JsNetwork::config)
      .function("setData", &JsNetwork::set_data)
      .function("train", &JsNetwork::train)
      .function("evaluate", &JsNetwork::evaluate)
      .function("predict", &JsNetwork::predict)
      .function("predictThinned", &JsNetwork::predict_thinned)
      .function("predictMC", &JsNetwork::predict_mc)
      .function("predictGrid", &JsNetwork::predict_grid)
      .function("unitGrid", &JsNetwork::unit_grid)
      .function("masks", &JsNetwork::masks)
      .function("weights", &JsNetwork::weights)
      .function("activationStats", &JsNetwork::activation_stats)
      .function("update", &JsNetwork::update)
      .function("snapshot", &JsNetwork::snapshot);
  function("makeDataset", &make_dataset);
  function("datasetNames", &dataset_names);
  function("memoryStats", &memory_stats);
}
