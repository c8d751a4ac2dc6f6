// The JS side of the "remove one unit" probe (nn/ablation.cpp): unitAblation(set),
// setSilenced(units) and silenced(). Like every method of JsNetwork, these report
// a refusal (js_error.hpp) and return undefined; none throws.
#include <cstdio>
#include <string>
#include <vector>

#include "api/js_error.hpp"
#include "api/js_network.hpp"
#include "api/js_out.hpp"

namespace dp::api {
namespace {

// The most entries setSilenced takes: every unit of the largest network.
constexpr int kMaxSilenced = dp::kMaxHiddenLayers * dp::kMaxUnits;

std::string fmt(double v) { return short_number(v); }

}  // namespace

// { baseline, layers: [{ layer, losses: Float32Array }] } for 'train' or 'validation'; null for an empty set.
val JsNetwork::unit_ablation(val set) {
  const std::string name = kind_of(set) == JsKind::String ? set.as<std::string>() : "";
  if (name != "train" && name != "validation") {
    report_error("unitAblation(set) needs 'train' or 'validation', got " + describe(set));
    return val::undefined();
  }
  const bool train = name == "train";
  const int n = train ? net_.train_count() : net_.validation_count();
  if (n == 0) return val::null();
  const double work = n * net_.ablation_work_per_row();
  if (work > kMaxWorkPerCall) {
    report_error("unitAblation('" + name + "') is too much work for one call (" + fmt(work) +
                 " multiply-adds, the limit is " + fmt(kMaxWorkPerCall) + "): use a smaller set or network");
    return val::undefined();
  }
  const dp::UnitAblation a = train ? net_.train_ablation() : net_.validation_ablation();
  val layers = val::array();
  for (size_t l = 0; l < a.losses.size(); ++l) {
    out_.assign(a.losses[l].begin(), a.losses[l].end());
    val o = val::object();
    o.set("layer", static_cast<int>(l + 1));
    // A copy: the array owns its values (a view of out_ would change with the next layer).
    o.set("losses", val::global("Float32Array").new_(emscripten::typed_memory_view(out_.size(), out_.data())));
    layers.set(l, o);
  }
  val o = val::object();
  o.set("baseline", a.baseline);
  o.set("layers", layers);
  return o;
}

void JsNetwork::set_silenced(val units) {
  Reader r;
  int length = 0;
  std::vector<dp::UnitRef> list;
  const auto& layers = net_.config().layers;
  const int L = static_cast<int>(layers.size());
  if (r.array(units, length, "setSilenced(units)", kMaxSilenced, "of { layer, unit } (an empty array clears)")) {
    if (length > 0 && L == 0) r.fail("setSilenced: this network has no hidden layers, so no unit to silence");
    for (int i = 0; i < length && r.ok(); ++i) {
      const val item = units[i];
      const std::string where = "setSilenced(units)[" + std::to_string(i) + "]";
      if (!r.is_object(item)) {
        r.fail(where + " must be an object { layer, unit }, got " + describe(item));
        break;
      }
      r.only_keys(item, {"layer", "unit"}, where);
      const val layer = field(item, "layer"), unit = field(item, "unit");
      if (r.ok() && (kind_of(layer) == JsKind::Undefined || kind_of(unit) == JsKind::Undefined))
        r.fail(where + " needs both a layer (1 to " + std::to_string(L) + ") and a unit");
      dp::UnitRef u;
      r.integer(layer, u.layer, where + ".layer (a hidden layer)", 1, L);
      if (r.ok())
        r.integer(unit, u.unit, where + ".unit (of layer " + std::to_string(u.layer) + ")", 0,
                  layers[u.layer - 1].units - 1);
      list.push_back(u);
    }
  }
  if (r.ok()) r.fail(net_.set_silenced(list));
  if (!r.ok()) report_error(r.error);
}

val JsNetwork::silenced() const {
  val list = val::array();
  int i = 0;
  for (const dp::UnitRef& u : net_.silenced()) {
    val o = val::object();
    o.set("layer", u.layer);
    o.set("unit", u.unit);
    list.set(i++, o);
  }
  return list;
}

}  // namespace dp::api
