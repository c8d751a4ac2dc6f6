// Reading JS values into C++ at the API boundary. Every value read here has
// already been copied into inert data by boundary.js (plain objects, arrays,
// Float32Array / Float64Array copies, primitives), so reading it runs no user
// code and cannot throw. Readers never throw either: each keeps the first
// problem it meets as a message, and the caller reports it (js_error.hpp).
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "nn/config.hpp"

namespace dp::api {

using emscripten::val;

// The most values one array argument may hold, and one call may return:
// 2^24 floats (64 MB).
inline constexpr double kMaxValues = 16777216;
// Data and the inputs of predict: finite numbers within +-kMaxMagnitude.
inline constexpr double kMaxMagnitude = 1e6;
// Seeds: whole numbers that a JS number holds exactly.
inline constexpr double kMaxSeed = 9007199254740991.0;  // 2^53 - 1

enum class JsKind { Undefined, Null, Boolean, Number, String, Array, Float32Array, Float64Array, Object, Other };
JsKind kind_of(const val& v);
// obj[key] if obj is a plain object, else undefined: reading a field can never
// throw (obj["k"] on undefined would throw a TypeError through the C++ frames).
val field(const val& obj, const char* key);
// How a value reads in a message: "\"abc\"", "NaN", "an array of 3", "a Float32Array of 8", ...
std::string describe(const val& v);
std::string list_of(const std::vector<std::string>& names);

class Reader {
 public:
  std::string error;

  bool ok() const { return error.empty(); }
  void fail(const std::string& message) {
    if (error.empty()) error = message;
  }
  // A plain object: not null, not an array.
  bool is_object(const val& v) const { return kind_of(v) == JsKind::Object; }
  // Refuses keys other than `known`, so a typo is reported instead of ignored.
  void only_keys(const val& obj, std::initializer_list<const char*> known, const std::string& where);

  // Optional values: undefined leaves `out` as it is.
  void number(const val& v, double& out, const std::string& label);  // finite
  void number(const val& v, float& out, const std::string& label);   // finite and a 32-bit float (no denormals)
  void integer(const val& v, int& out, const std::string& label, int lo, int hi);
  void whole(const val& v, uint64_t& out, const std::string& label, double hi = kMaxSeed);
  void boolean(const val& v, bool& out, const std::string& label);
  template <class E>
  void choice(const val& v, E& out, const std::string& label) {
    if (!ok() || kind_of(v) == JsKind::Undefined) return;
    if (kind_of(v) != JsKind::String || !dp::parse(v.as<std::string>(), out))
      fail("unknown " + label + " " + describe(v) + "; choose one of " + dp::choices<E>());
  }

  // A required array of numbers: a Float32Array, a Float64Array or an array of
  // finite numbers within +-limit, at most max_values long.
  bool floats(const val& v, std::vector<float>& out, const std::string& label, double limit = kMaxMagnitude,
              double max_values = kMaxValues);
  // A required JS array (its length in `length`), at most max_length long.
  bool array(const val& v, int& length, const std::string& label, int max_length, const std::string& example);
};

// Reads a data split { x, y, count? }: y holds one target per row, x `width` values per
// row, count (if given) the rows. A mismatch says "the <name> set has N <values_label>,
// but M <rows_label> need W*M" (e.g. "x values", "labels times 2 inputs").
void read_split(Reader& r, const val& split, const std::string& name, size_t width, const std::string& values_label,
                const std::string& rows_label, std::vector<float>& x, std::vector<float>& y);

}  // namespace dp::api
