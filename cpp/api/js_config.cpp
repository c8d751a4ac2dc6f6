#include "api/js_config.hpp"

namespace dp::api {
namespace {

void read_dropout(Reader& r, const val& v, dp::DropoutSpec& d, const std::string& where) {
  const JsKind k = kind_of(v);
  if (k == JsKind::Undefined) return;
  if (k == JsKind::Number) return r.number(v, d.rate, "dropout rate of " + where);
  if (!r.is_object(v)) return r.fail(where + " dropout must be an object like { rate: 0.2, kind: 'bernoulli' }");
  r.only_keys(v, {"rate", "kind"}, where + " dropout");
  r.number(field(v, "rate"), d.rate, "dropout rate of " + where);
  r.choice(field(v, "kind"), d.kind, "dropout kind");
}

// The settings that can change while training (also accepted by update()).
void read_live_settings(Reader& r, const val& obj, dp::Config& c) {
  r.choice(field(obj, "dropoutMode"), c.mode, "dropout mode");
  r.choice(field(obj, "maskPer"), c.mask_per, "mask granularity");
  r.choice(field(obj, "optimizer"), c.optimizer, "optimizer");
  r.number(field(obj, "learningRate"), c.learning_rate, "learning rate");
  r.number(field(obj, "momentum"), c.momentum, "momentum");
  r.number(field(obj, "beta1"), c.beta1, "beta1");
  r.number(field(obj, "beta2"), c.beta2, "beta2");
  r.number(field(obj, "epsilon"), c.epsilon, "epsilon");
  r.number(field(obj, "l1"), c.l1, "L1 penalty");
  r.number(field(obj, "l2"), c.l2, "L2 penalty");
  r.number(field(obj, "maxNorm"), c.max_norm, "max-norm");
  r.integer(field(obj, "batchSize"), c.batch_size, "batch size", 1, dp::kMaxBatchSize);
}

void read_layer(Reader& r, const val& l, int i, dp::LayerSpec& spec) {
  const std::string where = "layer " + std::to_string(i + 1);
  if (!r.is_object(l)) return r.fail(where + " must be an object like { units: 8, activation: 'relu', rate: 0.5 }");
  r.only_keys(l, {"units", "activation", "rate", "kind"}, where);
  if (r.ok() && kind_of(field(l, "units")) == JsKind::Undefined) return r.fail("units of " + where + " is missing");
  r.integer(field(l, "units"), spec.units, "units of " + where, 1, dp::kMaxUnits);
  r.choice(field(l, "activation"), spec.activation, "activation");
  r.number(field(l, "rate"), spec.dropout.rate, "dropout rate of " + where);
  r.choice(field(l, "kind"), spec.dropout.kind, "dropout kind");
}

}  // namespace

dp::Config read_config(Reader& r, const val& obj) {
  dp::Config c;
  if (!r.is_object(obj)) {
    r.fail("the network config must be an object like { inputs: 2, layers: [{ units: 8, rate: 0.5 }] }, got " +
           describe(obj));
    return c;
  }
  r.only_keys(obj,
              {"inputs", "task", "classes", "layers", "inputDropout", "dropoutMode", "maskPer", "init", "optimizer",
               "learningRate", "momentum", "beta1", "beta2", "epsilon", "l1", "l2", "maxNorm", "batchSize", "seed"},
              "the network config");
  if (r.ok() && kind_of(field(obj, "inputs")) == JsKind::Undefined) r.fail("the network config needs inputs (1 to 64)");
  r.integer(field(obj, "inputs"), c.inputs, "inputs", 1, dp::kMaxInputs);
  r.choice(field(obj, "task"), c.task, "task");
  r.integer(field(obj, "classes"), c.classes, "classes", 2, dp::kMaxClasses);
  r.choice(field(obj, "init"), c.init, "initialisation");
  read_live_settings(r, obj, c);
  r.whole(field(obj, "seed"), c.seed, "seed");
  read_dropout(r, field(obj, "inputDropout"), c.input_dropout, "the input");
  const val layers = field(obj, "layers");
  int n = 0;
  if (r.ok() && kind_of(layers) != JsKind::Undefined &&
      r.array(layers, n, "layers", dp::kMaxHiddenLayers, "of { units, activation, rate }")) {
    c.layers.resize(n);
    for (int i = 0; i < n && r.ok(); ++i) read_layer(r, layers[i], i, c.layers[i]);
  }
  if (r.ok()) r.fail(dp::validate(c));
  return c;
}

void read_update(Reader& r, const val& partial, dp::Config& next) {
  if (!r.is_object(partial))
    return r.fail("update needs an object of settings, e.g. { learningRate: 0.01 }, got " + describe(partial));
  r.only_keys(partial,
              {"dropoutMode", "maskPer", "optimizer", "learningRate", "momentum", "beta1", "beta2", "epsilon", "l1",
               "l2", "maxNorm", "batchSize", "rates", "kinds"},
              "update");
  read_live_settings(r, partial, next);
  const int sites = next.sites();
  const std::string example = "of " + std::to_string(sites) + " (the input's, then one per hidden layer)";
  int n = 0;
  const val rates = field(partial, "rates");
  if (r.ok() && kind_of(rates) != JsKind::Undefined && r.array(rates, n, "rates", sites, example)) {
    if (n != sites) r.fail("rates must be an array " + example + ", got " + describe(rates));
    for (int s = 0; s < n && r.ok(); ++s)
      r.number(rates[s], next.site_dropout(s).rate, "rates[" + std::to_string(s) + "]");
  }
  const val kinds = field(partial, "kinds");
  if (r.ok() && kind_of(kinds) != JsKind::Undefined && r.array(kinds, n, "kinds", sites, example)) {
    if (n != sites) r.fail("kinds must be an array " + example + ", got " + describe(kinds));
    for (int s = 0; s < n && r.ok(); ++s) {
      if (kind_of(kinds[s]) == JsKind::Undefined) r.fail("kinds[" + std::to_string(s) + "] is missing");
      r.choice(kinds[s], next.site_dropout(s).kind, "dropout kind");
    }
  }
  if (r.ok()) r.fail(dp::validate(next));
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

}  // namespace dp::api
