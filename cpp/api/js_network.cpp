#include "api/js_network.hpp"

#include <cmath>
#include <cstdio>

#include "api/js_config.hpp"
#include "api/js_error.hpp"
#include "api/js_out.hpp"
#include "api/js_snapshot.hpp"

namespace dp::api {
namespace {

std::string fmt(double v) { return short_number(v); }

}  // namespace

val JsNetwork::config() const { return config_to_val(net_.config()); }

void JsNetwork::set_data(val data) {
  Reader r;
  std::vector<float> tx, ty, vx, vy;
  const int in = net_.config().inputs;
  auto read_split_ = [&](const val& split, const std::string& name, std::vector<float>& x, std::vector<float>& y) {
    read_split(r, split, name, static_cast<size_t>(in), "x values", "labels times " + std::to_string(in) + " inputs", x,
               y);
  };
  if (!r.is_object(data))
    r.fail("setData needs an object { train: { x, y }, validation: { x, y } }, got " + describe(data));
  if (r.ok()) read_split_(field(data, "train"), "training", tx, ty);
  const val v = r.ok() ? field(data, "validation") : val::undefined();
  if (r.ok() && kind_of(v) != JsKind::Undefined && kind_of(v) != JsKind::Null) read_split_(v, "validation", vx, vy);
  if (r.ok())
    r.fail(net_.set_data(tx.data(), ty.data(), static_cast<int>(ty.size()), vx.data(), vy.data(),
                         static_cast<int>(vy.size())));
  reported(r);
}

val JsNetwork::train(val steps) {
  Reader r;
  int n = 0;
  if (kind_of(steps) == JsKind::Undefined) r.fail("train(steps) needs the number of steps");
  r.integer(steps, n, "steps", 0, 1000000);
  if (r.ok() && net_.train_count() == 0) r.fail("there is no training data yet: call setData(dataset) first");
  const double batch = std::min(net_.config().batch_size, std::max(net_.train_count(), 1));
  // Forward and backward: about three multiply-adds per weight and row.
  const double per_step = 3.0 * batch * static_cast<double>(net_.parameter_count());
  if (r.ok() && n * per_step > kMaxWorkPerCall)
    r.fail("train(" + std::to_string(n) + ") is too much work for one call (" + fmt(n * per_step) +
           " multiply-adds, the limit is " + fmt(kMaxWorkPerCall) + "): this network allows at most " +
           std::to_string(static_cast<long long>(kMaxWorkPerCall / per_step)) + " steps per call");
  if (!reported(r)) return val::undefined();
  return train_result_val(net_.train(n));
}

val JsNetwork::evaluate() {
  const dp::Metrics tr = net_.evaluate_train(), va = net_.evaluate_validation();
  return evaluation_val(tr, va, net_.diverged(), net_.step(), net_.epoch());
}

// Each point's loss at inference, for 'train' or 'validation': where a mean loss comes from.
val JsNetwork::point_losses(val set) {
  const bool train = kind_of(set) == JsKind::String && set.as<std::string>() == "train";
  const bool validation = kind_of(set) == JsKind::String && set.as<std::string>() == "validation";
  if (!train && !validation) {
    report_error("pointLosses(set) needs 'train' or 'validation', got " + describe(set));
    return val::undefined();
  }
  const int n = train ? net_.train_count() : net_.validation_count();
  if (n == 0) return val::null();
  out_.resize(n);
  if (train)
    net_.train_point_losses(out_.data());
  else
    net_.validation_point_losses(out_.data());
  return float_array(out_);
}

bool JsNetwork::read_rows(Reader& r, const val& x, const std::string& label, bool need_rows) {
  const int in = net_.config().inputs;
  if (r.floats(x, rows_, label) && rows_.size() % in != 0)
    r.fail(label + " has " + std::to_string(rows_.size()) + " values, not a multiple of the " + std::to_string(in) +
           " inputs");
  if (r.ok() && need_rows && rows_.empty()) r.fail(label + " needs at least one row of " + std::to_string(in));
  return r.ok();
}

bool JsNetwork::within_limits(Reader& r, const std::string& what, double n, double passes,
                              double outputs_per_row) const {
  const double work = n * passes * static_cast<double>(net_.parameter_count());
  if (r.ok() && n * outputs_per_row > kMaxValues)
    r.fail(what + " is too large: " + fmt(n * outputs_per_row) + " values, the limit is " + fmt(kMaxValues));
  if (r.ok() && work > kMaxWorkPerCall)
    r.fail(what + " is too much work for one call (" + fmt(work) + " multiply-adds, the limit is " +
           fmt(kMaxWorkPerCall) + "): split it into smaller calls");
  return r.ok();
}

val JsNetwork::predict(val x) {
  Reader r;
  const int k = net_.config().outputs();
  if (read_rows(r, x, "predict(x)")) within_limits(r, "predict(x)", rows(), 1, k);
  if (!reported(r)) return val::undefined();
  out_.resize(static_cast<size_t>(rows()) * k);
  net_.predict(rows_.data(), rows(), out_.data());
  return float_array(out_);
}

val JsNetwork::predict_thinned(val x, val seed) {
  Reader r;
  uint64_t s = 0;
  const int k = net_.config().outputs();
  if (kind_of(seed) == JsKind::Undefined) r.fail("predictThinned(x, seed) needs the seed of the thinned network");
  r.whole(seed, s, "predictThinned seed");
  if (read_rows(r, x, "predictThinned(x)")) within_limits(r, "predictThinned(x)", rows(), 1, k);
  if (!reported(r)) return val::undefined();
  out_.resize(static_cast<size_t>(rows()) * k);
  net_.predict_thinned(rows_.data(), rows(), s, out_.data());
  return float_array(out_);
}

// The masks of predictThinned(x, seed)'s thinned network, in the layout of masks() with one
// row: { site, kind, rate, shared: true, units, rows: 1, values } per site (DropConnect: the
// inputs x units weight mask, rows = inputs). A site without dropout keeps every unit.
val JsNetwork::thinned_masks(val seed) {
  Reader r;
  uint64_t s = 0;
  if (kind_of(seed) == JsKind::Undefined) r.fail("thinnedMasks(seed) needs the seed of the thinned network");
  r.whole(seed, s, "thinnedMasks seed");
  if (!reported(r)) return val::undefined();
  const std::vector<std::vector<float>> masks = net_.thinned_masks(s);
  const dp::Config& c = net_.config();
  val list = val::array();
  for (int site = 0; site < c.sites(); ++site) {
    const dp::DropoutSpec& d = c.site_dropout(site);
    std::vector<float> values = masks[site];
    if (d.kind != dp::DropoutKind::Gaussian)
      for (float& v : values) v = (d.rate == 0.0f || v != 0.0f) ? 1.0f : 0.0f;
    const bool connect = d.kind == dp::DropoutKind::DropConnect;
    val o = val::object();
    o.set("site", site);
    o.set("kind", std::string(dp::name_of(d.kind)));
    o.set("rate", d.rate);
    o.set("shared", true);
    o.set("units", connect ? net_.layers()[site].out : c.site_width(site));
    o.set("rows", connect ? net_.layers()[site].in : 1);
    o.set("values", float_array(values));
    list.set(site, o);
  }
  return list;
}

val JsNetwork::predict_mc(val x, val passes) {
  Reader r;
  int t = 0;
  const int k = net_.config().outputs();
  if (kind_of(passes) == JsKind::Undefined) r.fail("predictMC(x, passes) needs the number of passes");
  r.integer(passes, t, "passes", 1, 10000);
  if (r.ok() && net_.diverged()) r.fail("predictMC: the network has diverged; its outputs are not finite numbers");
  if (read_rows(r, x, "predictMC(x)")) within_limits(r, "predictMC(x, passes)", rows(), t, 2.0 * k);
  if (!reported(r)) return val::undefined();
  const size_t n = static_cast<size_t>(rows()) * k;
  out_.resize(n);
  out2_.resize(n);
  net_.predict_mc(rows_.data(), rows(), t, out_.data(), out2_.data());
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(out_[i]) || !std::isfinite(out2_[i])) {
      report_error("predictMC: the outputs overflowed (not finite numbers) for these inputs");
      return val::undefined();
    }
  val o = val::object();
  o.set("mean", float_array(out_));
  o.set("variance", float_array(out2_));
  return o;
}

bool JsNetwork::read_grid(Reader& r, const val& opts, const char* name, bool allow_thinned, bool& thinned,
                          uint64_t& thinned_seed) {
  const std::string call = name;
  int w = 100, h = 100;
  double box[4] = {-6, 6, -6, 6};
  // predictGrid colours a plane: 2 inputs. unitGrid also takes a 1-input network: its units along x
  // (height 1, no yMin / yMax).
  const int inputs = net_.config().inputs;
  const bool along_x = !allow_thinned && inputs == 1;
  if (inputs != 2 && !along_x)
    r.fail(call + " needs a network with 2 inputs" + (allow_thinned ? "" : " (or 1, along x)") + "; this one has " +
           std::to_string(inputs) + (allow_thinned ? " (use predict for a curve)" : ""));
  if (along_x) box[2] = 0, box[3] = 1;
  if (r.ok() && !r.is_object(opts))
    r.fail(call + " needs { width, height, xMin, xMax, yMin, yMax }, got " + describe(opts));
  if (allow_thinned)
    r.only_keys(opts, {"width", "height", "xMin", "xMax", "yMin", "yMax", "thinned", "thinnedSeed"}, call);
  else
    r.only_keys(opts, {"width", "height", "xMin", "xMax", "yMin", "yMax"}, call);
  r.integer(field(opts, "width"), w, "grid width", 1, 2048);
  r.integer(field(opts, "height"), h, "grid height", 1, 2048);
  const char* keys[4] = {"xMin", "xMax", "yMin", "yMax"};
  for (int i = 0; i < 4; ++i) r.number(field(opts, keys[i]), box[i], keys[i]);
  if (r.ok() && along_x && h != 1)
    r.fail(call + " of a 1-input network runs along x: height must be 1, got " + std::to_string(h));
  for (int i = 0; i < 4 && r.ok(); ++i)
    if (std::fabs(box[i]) > kMaxMagnitude)
      r.fail(std::string(keys[i]) + " must be within ±1e+06, got " + describe(field(opts, keys[i])));
  if (r.ok() && !(box[0] < box[1] && box[2] < box[3])) r.fail("the grid box needs xMin < xMax and yMin < yMax");
  if (allow_thinned) {
    r.boolean(field(opts, "thinned"), thinned, "thinned");
    r.whole(field(opts, "thinnedSeed"), thinned_seed, "thinnedSeed");
  }
  if (!r.ok()) return false;
  // Cell centres; row 0 is the top of the picture (yMax).
  grid_w_ = w;
  grid_h_ = h;
  grid_x_.resize(static_cast<size_t>(w) * h * inputs);
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const size_t c = (static_cast<size_t>(j) * w + i) * inputs;
      grid_x_[c] = static_cast<float>(box[0] + (i + 0.5) * (box[1] - box[0]) / w);
      if (inputs == 2) grid_x_[c + 1] = static_cast<float>(box[3] - (j + 0.5) * (box[3] - box[2]) / h);
    }
  return true;
}

// A view over wasm memory, taken after every allocation (TOOLCHAIN.md trap 9).
val JsNetwork::predict_grid(val opts) {
  Reader r;
  bool thinned = false;
  uint64_t seed = 0;
  const int k = net_.config().outputs();
  if (read_grid(r, opts, "predictGrid", true, thinned, seed))
    within_limits(r, "predictGrid", static_cast<double>(grid_w_) * grid_h_, 1, k);
  if (!reported(r)) return val::undefined();
  const int n = grid_w_ * grid_h_;
  grid_out_.resize(static_cast<size_t>(n) * k);
  if (thinned)
    net_.predict_thinned(grid_x_.data(), n, seed, grid_out_.data());
  else
    net_.predict(grid_x_.data(), n, grid_out_.data());
  return val(emscripten::typed_memory_view(grid_out_.size(), grid_out_.data()));
}

// What every hidden unit responds to over the grid: a view of (hidden units, height, width).
val JsNetwork::unit_grid(val opts) {
  Reader r;
  bool thinned = false;
  uint64_t seed = 0;
  if (read_grid(r, opts, "unitGrid", false, thinned, seed))
    within_limits(r, "unitGrid", static_cast<double>(grid_w_) * grid_h_, 1, net_.hidden_units());
  if (!reported(r)) return val::undefined();
  const int n = grid_w_ * grid_h_;
  grid_out_.resize(static_cast<size_t>(n) * net_.hidden_units());
  net_.hidden_activations(grid_x_.data(), n, grid_out_.data());
  return val(emscripten::typed_memory_view(grid_out_.size(), grid_out_.data()));
}

val JsNetwork::masks() const {
  val list = val::array();
  const dp::Config& c = net_.config();
  const int rows = net_.step() == 0 ? 0 : net_.mask_rows();
  const bool shared = net_.masks_shared();
  for (int s = 0; s < c.sites(); ++s) {
    // The kind and rate this mask was drawn with (update() may have changed them since).
    const dp::DropoutSpec& d = net_.mask_spec(s);
    const float* f = rows > 0 ? net_.mask_buffer(s) : nullptr;
    std::vector<float> values;
    val m = val::object();
    m.set("site", s);
    m.set("kind", std::string(dp::name_of(d.kind)));
    m.set("rate", d.rate);
    m.set("shared", shared);
    if (d.kind == dp::DropoutKind::DropConnect) {
      const dp::DenseLayer& l = net_.layers()[s];
      m.set("units", l.out);
      m.set("rows", rows > 0 ? l.in : 0);
      if (f) values.assign(f, f + static_cast<size_t>(l.in) * l.out);
    } else {
      const int w = c.site_width(s);
      m.set("units", w);
      m.set("rows", rows);
      for (int row = 0; row < rows; ++row) {
        const float* src = f + (shared ? 0 : static_cast<size_t>(row) * w);
        values.insert(values.end(), src, src + w);
      }
    }
    // 1 kept / 0 dropped, except Gaussian dropout, whose factor is the information.
    if (d.kind != dp::DropoutKind::Gaussian)
      for (float& v : values) v = (d.rate == 0.0f || v != 0.0f) ? 1.0f : 0.0f;
    m.set("values", float_array(values));
    list.set(s, m);
  }
  return list;
}

val JsNetwork::weights() const {
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

val JsNetwork::activation_stats(val x) {
  Reader r;
  if (read_rows(r, x, "activationStats(x)", true)) within_limits(r, "activationStats(x)", rows(), 1, 0);
  if (!reported(r)) return val::undefined();
  const auto stats = net_.activation_stats(rows_.data(), rows());
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

void JsNetwork::update(val partial) {
  Reader r;
  dp::Config next = net_.config();
  read_update(r, partial, next);
  if (r.ok()) r.fail(net_.update(next));
  reported(r);
}

val JsNetwork::snapshot() const { return snapshot_to_val(net_.state()); }

}  // namespace dp::api
