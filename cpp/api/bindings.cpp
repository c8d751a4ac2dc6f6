// The Embind bindings: the only C++ that includes Emscripten headers (with the
// other files of cpp/api/). The JS API in the Keras vocabulary (docs/API.md):
// the Network class (js_network.hpp), datasets and memory statistics. The
// convolutional and recurrent networks are another module (bindings_families.cpp),
// so the page loads them only when a learner opens them.
//
// How errors cross: boundary.js (linked as --post-js) wraps every function
// bound here. It copies the arguments into inert data first, calls in, and
// throws a JS Error if the call reported one (js_error.hpp); C++ never throws.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include "api/js_config.hpp"
#include "api/js_error.hpp"
#include "api/js_network.hpp"
#include "api/js_out.hpp"
#include "api/js_read.hpp"
#include "api/js_snapshot.hpp"
#include "data/datasets.hpp"

namespace dp::api {
namespace {

JsNetwork* make_network(val config) {
  Reader r;
  const dp::Config c = read_config(r, config);
  if (!r.ok()) {
    report_error(r.error);
    return nullptr;  // boundary.js throws; Embind hands JS a null it never sees
  }
  return new JsNetwork(c);
}

JsNetwork* restore_network(val snap) {
  Reader r;
  const dp::NetworkState s = read_snapshot(r, snap);
  if (!r.ok()) {
    report_error(r.error);
    return nullptr;
  }
  return new JsNetwork(s);
}

val make_dataset(val spec) {
  Reader r;
  dp::DatasetSpec d;
  if (!r.is_object(spec))
    r.fail("makeDataset needs an object like { name: 'moons', points: 200, noise: 0.2 }, got " + describe(spec));
  r.only_keys(spec, {"name", "points", "noise", "validation", "seed"}, "makeDataset");
  const val name = r.ok() ? field(spec, "name") : val::undefined();
  if (r.ok() && kind_of(name) != JsKind::String)
    r.fail("makeDataset needs a dataset name: one of " + list_of(dp::dataset_names()) + "; got " + describe(name));
  if (r.ok()) {
    d.name = name.as<std::string>();
    d.points = dp::default_points(d.name);
  }
  r.integer(field(spec, "points"), d.points, "points", -1000000000, 1000000000);
  r.number(field(spec, "noise"), d.noise, "noise");
  r.number(field(spec, "validation"), d.validation, "validation fraction");
  r.whole(field(spec, "seed"), d.seed, "seed");
  if (r.ok()) r.fail(dp::validate_dataset_spec(d));
  if (!r.ok()) {
    report_error(r.error);
    return val::undefined();
  }
  const dp::Dataset ds = dp::make_dataset(d);
  val out = val::object();
  out.set("name", ds.name);
  out.set("task", std::string(dp::name_of(ds.task)));
  out.set("inputs", ds.inputs);
  out.set("outputs", ds.outputs);
  out.set("classes", ds.classes);
  out.set("train", split_val(ds.train.x, ds.train.y, ds.train.count));
  out.set("validation", split_val(ds.validation.x, ds.validation.y, ds.validation.count));
  val box = val::object();
  box.set("xMin", ds.box[0]);
  box.set("xMax", ds.box[1]);
  box.set("yMin", ds.box[2]);
  box.set("yMax", ds.box[3]);
  out.set("box", box);
  return out;
}

val dataset_names() {
  val list = val::array();
  int i = 0;
  for (const std::string& n : dp::dataset_names()) list.set(i++, n);
  return list;
}

}  // namespace

}  // namespace dp::api

EMSCRIPTEN_BINDINGS(dropout_core) {
  using namespace emscripten;
  using dp::api::JsNetwork;
  class_<JsNetwork>("Network")
      .constructor(&dp::api::make_network, allow_raw_pointers())
      .class_function("restore", &dp::api::restore_network, allow_raw_pointers())
      .function("config", &JsNetwork::config)
      .function("setData", &JsNetwork::set_data)
      .function("train", &JsNetwork::train)
      .function("evaluate", &JsNetwork::evaluate)
      .function("pointLosses", &JsNetwork::point_losses)
      .function("predict", &JsNetwork::predict)
      .function("predictThinned", &JsNetwork::predict_thinned)
      .function("thinnedMasks", &JsNetwork::thinned_masks)
      .function("predictMC", &JsNetwork::predict_mc)
      .function("predictGrid", &JsNetwork::predict_grid)
      .function("unitGrid", &JsNetwork::unit_grid)
      .function("masks", &JsNetwork::masks)
      .function("weights", &JsNetwork::weights)
      .function("activationStats", &JsNetwork::activation_stats)
      .function("unitAblation", &JsNetwork::unit_ablation)
      .function("setSilenced", &JsNetwork::set_silenced)
      .function("silenced", &JsNetwork::silenced)
      .function("update", &JsNetwork::update)
      .function("snapshot", &JsNetwork::snapshot);
  function("makeDataset", &dp::api::make_dataset);
  function("datasetNames", &dp::api::dataset_names);
  function("memoryStats", &dp::api::memory_stats);
}
