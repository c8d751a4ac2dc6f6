// The network config in the Keras vocabulary of the JS API <-> dp::Config.
#pragma once
#include "api/js_read.hpp"
#include "nn/config.hpp"

namespace dp::api {

dp::Config read_config(Reader& r, const val& obj);
// The settings update() accepts, applied over `next` (rates and kinds included).
void read_update(Reader& r, const val& partial, dp::Config& next);
val config_to_val(const dp::Config& c);

}  // namespace dp::api
