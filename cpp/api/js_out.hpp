// Small helpers the bound classes share for what goes back to JS: numbers in
// messages, Float32Array copies, metrics, and reporting a Reader's error.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "api/js_read.hpp"
#include "nn/network.hpp"

namespace dp::api {

// The most multiply-adds one call may do (about a second or two of wasm):
// train(steps) and the inference calls are refused beyond it, with the
// largest argument that fits, so no call can freeze a page for minutes.
inline constexpr double kMaxWorkPerCall = 2e10;

// A number as a message shows it: 4 significant digits ("2e+10", "0.3333").
std::string short_number(double v);
// A fresh Float32Array holding a copy of n floats (JS owns it; wasm memory may move).
val float_array(const float* p, size_t n);
inline val float_array(const std::vector<float>& v) { return float_array(v.data(), v.size()); }
// A data split as JS sees it: { x: Float32Array, y: Float32Array, count }.
val split_val(const std::vector<float>& x, const std::vector<float>& y, int count);
// { loss, accuracy (null when NaN), count }, or null for an empty set.
val metrics_to_val(double loss, double accuracy, int count);
// { step, epoch, loss, diverged }, what train(steps) returns.
val train_result_val(const dp::TrainResult& t);
// { train, validation, diverged, step, epoch }, what evaluate() returns; diverged also
// when a loss is not finite.
val evaluation_val(const dp::Metrics& train, const dp::Metrics& validation, bool diverged, int64_t step, int64_t epoch);
// Reports r's error, if any (js_error.hpp); true when there was none.
bool reported(const Reader& r);
// { allocatedBytes, heapBytes }: bytes malloc has handed out, and the size of wasm
// memory (for leak tests). Both modules export it as memoryStats.
val memory_stats();

}  // namespace dp::api
