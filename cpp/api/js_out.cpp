#include "api/js_out.hpp"

#include <emscripten/emscripten.h>
#include <malloc.h>

#include <cmath>
#include <cstdio>

#include "api/js_error.hpp"

namespace dp::api {

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

val float_array(const float* p, size_t n) {
  return val::global("Float32Array").new_(emscripten::typed_memory_view(n, p));
}

val split_val(const std::vector<float>& x, const std::vector<float>& y, int count) {
  val o = val::object();
  o.set("x", float_array(x));
  o.set("y", float_array(y));
  o.set("count", count);
  return o;
}

val metrics_to_val(double loss, double accuracy, int count) {
  if (count == 0) return val::null();
  val o = val::object();
  o.set("loss", loss);
  o.set("accuracy", std::isnan(accuracy) ? val::null() : val(accuracy));
  o.set("count", count);
  return o;
}

// dpPendingError lives in boundary.js; setting it runs no user code and cannot throw.
EM_JS(void, dp_report_error, (const char* message), { dpPendingError = UTF8ToString(message); });

void report_error(const std::string& message) { dp_report_error(message.c_str()); }

val memory_stats() {
  const struct mallinfo mi = mallinfo();
  val o = val::object();
  o.set("allocatedBytes", static_cast<double>(mi.uordblks));
  o.set("heapBytes", val::module_property("HEAP8")["length"]);
  return o;
}

val train_result_val(const dp::TrainResult& t) {
  val o = val::object();
  o.set("step", static_cast<double>(t.step));
  o.set("epoch", static_cast<double>(t.epoch));
  o.set("loss", t.loss);
  o.set("diverged", t.diverged);
  return o;
}

val evaluation_val(const dp::Metrics& tr, const dp::Metrics& va, bool diverged, int64_t step, int64_t epoch) {
  val o = val::object();
  o.set("train", metrics_to_val(tr.loss, tr.accuracy, tr.count));
  o.set("validation", metrics_to_val(va.loss, va.accuracy, va.count));
  const bool finite = (tr.count == 0 || std::isfinite(tr.loss)) && (va.count == 0 || std::isfinite(va.loss));
  o.set("diverged", diverged || !finite);
  o.set("step", static_cast<double>(step));
  o.set("epoch", static_cast<double>(epoch));
  return o;
}

bool reported(const Reader& r) {
  if (!r.ok()) report_error(r.error);
  return r.ok();
}

}  // namespace dp::api
