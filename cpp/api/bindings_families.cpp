// The Embind bindings of the second module, dropout_families: the convolutional
// network (js_cnn.hpp) on the glyph images and the recurrent network (js_rnn.hpp)
// on sequences. A module of its own so that the page's first load carries only
// the dense core; the page loads this one when a learner opens "Where dropout
// applies". Errors cross as in bindings.cpp: boundary.js guards every function.
#include <emscripten/bind.h>

#include "api/js_cnn.hpp"
#include "api/js_error.hpp"
#include "api/js_out.hpp"
#include "api/js_rnn.hpp"

namespace dp::api {
namespace {

JsConvNetwork* make_conv_network(val config) {
  Reader r;
  const dp::CnnConfig c = read_cnn_config(r, config);
  if (!r.ok()) {
    report_error(r.error);
    return nullptr;  // boundary.js throws; Embind hands JS a null it never sees
  }
  return new JsConvNetwork(c);
}

JsRecurrentNetwork* make_recurrent_network(val config) {
  Reader r;
  const dp::rnn::SequenceModelConfig c = read_rnn_config(r, config);
  if (!r.ok()) {
    report_error(r.error);
    return nullptr;
  }
  return new JsRecurrentNetwork(c);
}

}  // namespace
}  // namespace dp::api

EMSCRIPTEN_BINDINGS(dropout_families) {
  using namespace emscripten;
  using dp::api::JsConvNetwork;
  using dp::api::JsRecurrentNetwork;
  class_<JsConvNetwork>("ConvNetwork")
      .constructor(&dp::api::make_conv_network, allow_raw_pointers())
      .function("config", &JsConvNetwork::config)
      .function("setData", &JsConvNetwork::set_data)
      .function("train", &JsConvNetwork::train)
      .function("evaluate", &JsConvNetwork::evaluate)
      .function("predict", &JsConvNetwork::predict)
      .function("predictMC", &JsConvNetwork::predict_mc)
      .function("masks", &JsConvNetwork::masks)
      .function("featureMaps", &JsConvNetwork::feature_maps)
      .function("filters", &JsConvNetwork::filters)
      .function("update", &JsConvNetwork::update);
  class_<JsRecurrentNetwork>("RecurrentNetwork")
      .constructor(&dp::api::make_recurrent_network, allow_raw_pointers())
      .function("config", &JsRecurrentNetwork::config)
      .function("setData", &JsRecurrentNetwork::set_data)
      .function("train", &JsRecurrentNetwork::train)
      .function("evaluate", &JsRecurrentNetwork::evaluate)
      .function("predict", &JsRecurrentNetwork::predict)
      .function("masks", &JsRecurrentNetwork::masks)
      .function("hiddenStates", &JsRecurrentNetwork::hidden_states)
      .function("update", &JsRecurrentNetwork::update);
  function("makeGlyphs", &dp::api::make_glyphs);
  function("makeSequences", &dp::api::make_sequences);
  function("memoryStats", &dp::api::memory_stats);
}
