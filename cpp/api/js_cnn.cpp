#include "api/js_cnn.hpp"

#include <algorithm>
#include <cmath>

#include "api/js_error.hpp"
#include "api/js_out.hpp"
#include "data/glyphs.hpp"

namespace dp::api {
namespace {

const char* kKinds = "'spatial' or 'elementwise'";

void read_kind(Reader& r, const val& v, dp::FeatureDropoutKind& kind) {
  if (!r.ok() || kind_of(v) == JsKind::Undefined) return;
  const std::string s = kind_of(v) == JsKind::String ? v.as<std::string>() : "";
  if (s == "spatial")
    kind = dp::FeatureDropoutKind::Spatial;
  else if (s == "elementwise")
    kind = dp::FeatureDropoutKind::Elementwise;
  else
    r.fail("unknown feature-map dropout kind " + describe(v) + "; choose " + kKinds);
}

void read_conv_dropout(Reader& r, const val& v, dp::FeatureDropout& d) {
  const JsKind k = kind_of(v);
  if (!r.ok() || k == JsKind::Undefined) return;
  if (k == JsKind::Number) return r.number(v, d.rate, "the feature-map dropout rate");
  if (!r.is_object(v))
    return r.fail("convDropout must be a rate or an object like { rate: 0.2, kind: 'spatial' }, got " + describe(v));
  r.only_keys(v, {"rate", "kind"}, "convDropout");
  r.number(field(v, "rate"), d.rate, "the feature-map dropout rate");
  read_kind(r, field(v, "kind"), d.kind);
}

// The settings that can change while training (also accepted by update()).
void read_live(Reader& r, const val& obj, dp::CnnConfig& c) {
  read_conv_dropout(r, field(obj, "convDropout"), c.conv_dropout);
  r.number(field(obj, "rate"), c.hidden_rate, "the hidden dropout rate");
  r.choice(field(obj, "dropoutMode"), c.mode, "dropout mode");
  r.choice(field(obj, "optimizer"), c.optimizer, "optimizer");
  r.number(field(obj, "learningRate"), c.learning_rate, "learning rate");
  r.number(field(obj, "momentum"), c.momentum, "momentum");
  r.number(field(obj, "beta1"), c.beta1, "beta1");
  r.number(field(obj, "beta2"), c.beta2, "beta2");
  r.number(field(obj, "epsilon"), c.epsilon, "epsilon");
  r.integer(field(obj, "batchSize"), c.batch_size, "batch size", 1, dp::kCnnMaxBatch);
}

}  // namespace

dp::CnnConfig read_cnn_config(Reader& r, const val& obj) {
  dp::CnnConfig c;
  if (!r.is_object(obj)) {
    r.fail("the ConvNetwork config must be an object like { height: 12, width: 12, filters: 8, classes: 4 }, got " +
           describe(obj));
    return c;
  }
  r.only_keys(
      obj,
      {"height", "width", "channels", "kernelSize", "filters", "padding", "convDropout", "hidden", "rate", "classes",
       "dropoutMode", "optimizer", "learningRate", "momentum", "beta1", "beta2", "epsilon", "batchSize", "seed"},
      "the ConvNetwork config");
  r.integer(field(obj, "height"), c.height, "image height", 2, dp::kCnnMaxSide);
  r.integer(field(obj, "width"), c.width, "image width", 2, dp::kCnnMaxSide);
  r.integer(field(obj, "channels"), c.channels, "input channels", 1, dp::kCnnMaxChannels);
  r.integer(field(obj, "kernelSize"), c.kernel, "kernel size", 1, 99);
  r.integer(field(obj, "filters"), c.filters, "filters", 1, dp::kCnnMaxChannels);
  const val padding = field(obj, "padding");
  if (r.ok() && kind_of(padding) != JsKind::Undefined) {
    const std::string p = kind_of(padding) == JsKind::String ? padding.as<std::string>() : "";
    if (p != "same" && p != "valid") r.fail("unknown padding " + describe(padding) + "; choose 'same' or 'valid'");
    c.same = p == "same";
  }
  r.integer(field(obj, "hidden"), c.hidden, "hidden units", 1, dp::kMaxUnits);
  r.integer(field(obj, "classes"), c.classes, "classes", 2, dp::kMaxClasses);
  r.whole(field(obj, "seed"), c.seed, "seed");
  read_live(r, obj, c);
  if (r.ok()) r.fail(dp::validate(c));
  return c;
}

val JsConvNetwork::config() const {
  const dp::CnnConfig& c = net_.config();
  val o = val::object();
  o.set("height", c.height);
  o.set("width", c.width);
  o.set("channels", c.channels);
  o.set("kernelSize", c.kernel);
  o.set("filters", c.filters);
  o.set("padding", std::string(c.same ? "same" : "valid"));
  val d = val::object();
  d.set("rate", c.conv_dropout.rate);
  d.set("kind", std::string(dp::name_of(c.conv_dropout.kind)));
  o.set("convDropout", d);
  o.set("hidden", c.hidden);
  o.set("rate", c.hidden_rate);
  o.set("classes", c.classes);
  o.set("dropoutMode", std::string(dp::name_of(c.mode)));
  o.set("optimizer", std::string(dp::name_of(c.optimizer)));
  o.set("learningRate", c.learning_rate);
  o.set("momentum", c.momentum);
  o.set("beta1", c.beta1);
  o.set("beta2", c.beta2);
  o.set("epsilon", c.epsilon);
  o.set("batchSize", c.batch_size);
  o.set("seed", static_cast<double>(c.seed));
  o.set("mapHeight", c.conv_h());
  o.set("mapWidth", c.conv_w());
  return o;
}

bool JsConvNetwork::read_images(Reader& r, const val& x, const std::string& label) {
  const size_t in = static_cast<size_t>(net_.config().image_size());
  if (r.floats(x, rows_, label) && rows_.size() % in != 0)
    r.fail(label + " has " + std::to_string(rows_.size()) + " values, not a multiple of one image's " +
           std::to_string(in) + " (height x width x channels)");
  return r.ok();
}

void JsConvNetwork::set_data(val data) {
  Reader r;
  const size_t in = static_cast<size_t>(net_.config().image_size());
  std::vector<float> tx, ty, vx, vy;
  auto read_split_ = [&](const val& split, const std::string& name, std::vector<float>& x, std::vector<float>& y) {
    read_split(r, split, name, in, "pixel values", "labels of " + std::to_string(in) + "-value images", x, y);
  };
  if (!r.is_object(data))
    r.fail("setData needs an object { train: { x, y }, validation: { x, y } } (as makeGlyphs returns), got " +
           describe(data));
  if (r.ok()) read_split_(field(data, "train"), "training", tx, ty);
  const val v = r.ok() ? field(data, "validation") : val::undefined();
  if (r.ok() && kind_of(v) != JsKind::Undefined && kind_of(v) != JsKind::Null) read_split_(v, "validation", vx, vy);
  if (r.ok())
    r.fail(net_.set_data(tx.data(), ty.data(), static_cast<int>(ty.size()), vx.data(), vy.data(),
                         static_cast<int>(vy.size())));
  reported(r);
}

// Multiply-adds of one image through the network, forward.
double JsConvNetwork::work_per_image() const {
  const dp::CnnConfig& c = net_.config();
  return static_cast<double>(c.conv_h()) * c.conv_w() * c.kernel * c.kernel * c.channels * c.filters +
         static_cast<double>(c.flat()) * c.hidden + static_cast<double>(c.hidden) * c.classes;
}

val JsConvNetwork::train(val steps) {
  Reader r;
  int n = 0;
  if (kind_of(steps) == JsKind::Undefined) r.fail("train(steps) needs the number of steps");
  r.integer(steps, n, "steps", 0, 1000000);
  if (r.ok() && net_.train_count() == 0) r.fail("there is no training data yet: call setData(data) first");
  const double per_step = 3.0 * net_.config().batch_size * work_per_image();
  if (r.ok() && n * per_step > kMaxWorkPerCall)
    r.fail("train(" + std::to_string(n) + ") is too much work for one call: this network allows at most " +
           std::to_string(static_cast<long long>(kMaxWorkPerCall / per_step)) + " steps per call");
  if (!reported(r)) return val::undefined();
  return train_result_val(net_.train(n));
}

val JsConvNetwork::evaluate() {
  const dp::Metrics tr = net_.evaluate_train(), va = net_.evaluate_validation();
  return evaluation_val(tr, va, net_.diverged(), net_.step(), net_.epoch());
}

val JsConvNetwork::predict(val x) {
  Reader r;
  read_images(r, x, "predict's images");
  const size_t in = static_cast<size_t>(net_.config().image_size());
  const double n = static_cast<double>(rows_.size() / in);
  if (r.ok() && n * work_per_image() > kMaxWorkPerCall)
    r.fail("predict of " + short_number(n) + " images is too much work for one call: use fewer images per call");
  if (!reported(r)) return val::undefined();
  out_.resize(static_cast<size_t>(n) * net_.config().classes);
  net_.predict(rows_.data(), static_cast<int>(n), out_.data());
  return float_array(out_);
}

val JsConvNetwork::predict_mc(val x, val passes) {
  Reader r;
  int k = 0;
  if (kind_of(passes) == JsKind::Undefined) r.fail("predictMC(x, passes) needs the number of passes (1 to 1000)");
  r.integer(passes, k, "passes", 1, 1000);
  if (r.ok()) read_images(r, x, "predictMC's images");
  const size_t in = static_cast<size_t>(net_.config().image_size());
  const double n = r.ok() ? static_cast<double>(rows_.size() / in) : 0;
  if (r.ok() && n * k * work_per_image() > kMaxWorkPerCall)
    r.fail("predictMC of " + short_number(n) + " images x " + std::to_string(k) +
           " passes is too much work for one call: use fewer images or passes per call");
  if (!reported(r)) return val::undefined();
  out_.resize(static_cast<size_t>(n) * net_.config().classes);
  net_.predict_mc(rows_.data(), static_cast<int>(n), k, out_.data());
  return float_array(out_);
}

val JsConvNetwork::masks(val example) const {
  Reader r;
  int e = 0;
  if (net_.mask_rows() == 0) r.fail("there are no masks yet: masks are drawn by train()");
  r.integer(example, e, "example", 0, std::max(net_.mask_rows() - 1, 0));
  if (!reported(r)) return val::undefined();
  const dp::CnnConfig& c = net_.config();
  val o = val::object();
  o.set("kind", std::string(dp::name_of(net_.feature_mask_kind())));
  o.set("examples", net_.mask_rows());
  o.set("featureMaps", float_array(net_.feature_mask_maps(e)));
  o.set("hidden", float_array(net_.hidden_mask().data() + static_cast<size_t>(e) * c.hidden, c.hidden));
  return o;
}

val JsConvNetwork::feature_maps(val image) {
  Reader r;
  const size_t in = static_cast<size_t>(net_.config().image_size());
  if (read_images(r, image, "featureMaps' image") && rows_.size() != in)
    r.fail("featureMaps takes one image of " + std::to_string(in) + " values, got " + std::to_string(rows_.size()));
  if (!reported(r)) return val::undefined();
  const dp::CnnConfig& c = net_.config();
  out_.resize(c.classes);
  net_.predict(rows_.data(), 1, out_.data());
  const int hw = c.conv_h() * c.conv_w(), f = c.filters;
  std::vector<float> maps(static_cast<size_t>(hw) * f);
  const std::vector<float>& conv = net_.conv_maps();  // (1, h, w, f)
  for (int p = 0; p < hw; ++p)
    for (int k = 0; k < f; ++k) maps[static_cast<size_t>(k) * hw + p] = conv[static_cast<size_t>(p) * f + k];
  return float_array(maps);
}

val JsConvNetwork::filters() const {
  const dp::DenseLayer& conv = net_.layers()[dp::CnnNetwork::kConv];  // (k*k*c, f)
  const int rows = conv.in, f = conv.out;
  std::vector<float> w(static_cast<size_t>(rows) * f);
  for (int i = 0; i < rows; ++i)
    for (int k = 0; k < f; ++k) w[static_cast<size_t>(k) * rows + i] = conv.kernel[static_cast<size_t>(i) * f + k];
  val o = val::object();
  o.set("kernel", float_array(w));
  o.set("bias", float_array(conv.bias));
  return o;
}

void JsConvNetwork::update(val settings) {
  Reader r;
  dp::CnnConfig next = net_.config();
  if (!r.is_object(settings))
    r.fail("update needs an object like { convDropout: { rate: 0.2 }, rate: 0.5 }, got " + describe(settings));
  r.only_keys(settings,
              {"convDropout", "rate", "dropoutMode", "optimizer", "learningRate", "momentum", "beta1", "beta2",
               "epsilon", "batchSize"},
              "update (only dropout and training settings change; a new size needs a new ConvNetwork)");
  read_live(r, settings, next);
  if (r.ok()) r.fail(net_.update(next));
  reported(r);
}

val make_glyphs(val spec) {
  Reader r;
  dp::GlyphSpec g;
  if (kind_of(spec) != JsKind::Undefined && !r.is_object(spec))
    r.fail("makeGlyphs needs an object like { classes: 4, train: 40, noise: 0.1, seed: 1 }, got " + describe(spec));
  r.only_keys(spec, {"side", "classes", "train", "validation", "noise", "seed"}, "makeGlyphs");
  r.integer(field(spec, "side"), g.side, "side", -1000000, 1000000);
  r.integer(field(spec, "classes"), g.classes, "classes", -1000000, 1000000);
  r.integer(field(spec, "train"), g.train, "training images", -1000000, 1000000);
  r.integer(field(spec, "validation"), g.validation, "validation images", -1000000, 1000000);
  r.number(field(spec, "noise"), g.noise, "noise");
  r.whole(field(spec, "seed"), g.seed, "seed");
  if (r.ok()) r.fail(dp::validate_glyph_spec(g));
  if (!reported(r)) return val::undefined();
  const dp::GlyphData d = dp::make_glyphs(g);
  val o = val::object();
  o.set("side", d.side);
  o.set("classes", d.classes);
  val names = val::array();
  for (int i = 0; i < d.classes; ++i) names.set(i, dp::glyph_names()[i]);
  o.set("names", names);
  o.set("train", split_val(d.train.x, d.train.y, d.train.count));
  o.set("validation", split_val(d.validation.x, d.validation.y, d.validation.count));
  return o;
}

}  // namespace dp::api
