#include "api/js_read.hpp"

#include <emscripten/emscripten.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dp::api {
namespace {

// One call into JS per question, rather than several val round trips.
// The bodies are JavaScript, which clang-format would break (`===` into `== =`).
// clang-format off
EM_JS(int, dp_kind_of, (emscripten::EM_VAL handle), {
  const v = Emval.toValue(handle);
  if (v === undefined) return 0;
  if (v === null) return 1;
  switch (typeof v) {
    case 'boolean': return 2;
    case 'number': return 3;
    case 'string': return 4;
    case 'object':
      if (Array.isArray(v)) return 5;
      if (v instanceof Float32Array) return 6;
      if (v instanceof Float64Array) return 7;
      const proto = Object.getPrototypeOf(v);
      return proto === null || proto === Object.prototype ? 8 : 9;
    default: return 9;
  }
});

EM_JS(char*, dp_describe, (emscripten::EM_VAL handle), {
  const v = Emval.toValue(handle);
  let s;
  if (typeof v === 'string')
    s = JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  else if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null)
    s = String(v);
  else if (typeof v === 'bigint')
    s = 'a BigInt';
  else if (Array.isArray(v))
    s = 'an array of ' + v.length;
  else if (ArrayBuffer.isView(v))
    s = 'a ' + v.constructor.name + ' of ' + v.length;
  else if (typeof v === 'object')
    s = 'an object';
  else
    s = 'a ' + typeof v;
  const size = lengthBytesUTF8(s) + 1;
  const p = _malloc(size);
  stringToUTF8(s, p, size);
  return p;
});

// Copies n numbers from an array or typed array into dest; returns the index
// of the first that is not a number within +-limit, or -1.
EM_JS(int, dp_copy_numbers, (emscripten::EM_VAL handle, float* dest, int n, double limit), {
  const src = Emval.toValue(handle);
  const base = dest >> 2;
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (typeof x !== 'number' || !(Math.abs(x) <= limit)) return i;
    HEAPF32[base + i] = x;
  }
  return -1;
});

EM_JS(emscripten::EM_VAL, dp_field, (emscripten::EM_VAL handle, const char* key), {
  const o = Emval.toValue(handle);
  const proto = o !== null && typeof o === 'object' ? Object.getPrototypeOf(o) : undefined;
  const plain = proto === null || proto === Object.prototype;
  return Emval.toHandle(plain && !Array.isArray(o) ? o[UTF8ToString(key)] : undefined);
});

// clang-format on

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

JsKind kind_of(const val& v) { return static_cast<JsKind>(dp_kind_of(v.as_handle())); }

val field(const val& obj, const char* key) { return val::take_ownership(dp_field(obj.as_handle(), key)); }

std::string describe(const val& v) {
  char* p = dp_describe(v.as_handle());
  std::string s(p);
  std::free(p);
  return s;
}

std::string list_of(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

void Reader::only_keys(const val& obj, std::initializer_list<const char*> known, const std::string& where) {
  if (!ok() || !is_object(obj)) return;
  const val keys = val::global("Object").call<val>("keys", obj);
  const int n = keys["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    const std::string k = keys[i].as<std::string>();
    bool found = false;
    for (const char* s : known) found = found || k == s;
    if (found) continue;
    std::vector<std::string> names(known.begin(), known.end());
    return fail("unknown setting '" + k + "' in " + where + "; known settings: " + list_of(names));
  }
}

void Reader::number(const val& v, double& out, const std::string& label) {
  if (!ok() || kind_of(v) == JsKind::Undefined) return;
  const double d = kind_of(v) == JsKind::Number ? v.as<double>() : NAN;
  if (!std::isfinite(d)) return fail(label + " must be a finite number, got " + describe(v));
  out = d;
}

void Reader::number(const val& v, float& out, const std::string& label) {
  double d = out;
  number(v, d, label);
  if (!ok() || kind_of(v) == JsKind::Undefined) return;
  // A 32-bit float holds nonzero magnitudes from FLT_MIN to FLT_MAX; outside, the value would
  // silently become 0, a denormal or infinity.
  if (d != 0.0 && !(std::fabs(d) >= FLT_MIN && std::fabs(d) <= FLT_MAX))
    return fail(label + " must be a number a 32-bit float holds (0, or from " + fmt(FLT_MIN) + " to " + fmt(FLT_MAX) +
                " in size), got " + describe(v));
  out = static_cast<float>(d);
}

void Reader::integer(const val& v, int& out, const std::string& label, int lo, int hi) {
  if (!ok() || kind_of(v) == JsKind::Undefined) return;
  const double d = kind_of(v) == JsKind::Number ? v.as<double>() : NAN;
  if (!(d >= lo && d <= hi && d == std::floor(d)))
    return fail(label + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                describe(v));
  out = static_cast<int>(d);
}

void Reader::whole(const val& v, uint64_t& out, const std::string& label, double hi) {
  if (!ok() || kind_of(v) == JsKind::Undefined) return;
  const double d = kind_of(v) == JsKind::Number ? v.as<double>() : NAN;
  if (!(d >= 0 && d <= hi && d == std::floor(d)))
    return fail(label + " must be a whole number from 0 to " + fmt(hi) + ", got " + describe(v));
  out = static_cast<uint64_t>(d);
}

void Reader::boolean(const val& v, bool& out, const std::string& label) {
  if (!ok() || kind_of(v) == JsKind::Undefined) return;
  if (kind_of(v) != JsKind::Boolean) return fail(label + " must be true or false, got " + describe(v));
  out = v.as<bool>();
}

bool Reader::floats(const val& v, std::vector<float>& out, const std::string& label, double limit, double max_values) {
  if (!ok()) return false;
  const JsKind k = kind_of(v);
  if (k != JsKind::Array && k != JsKind::Float32Array && k != JsKind::Float64Array) {
    fail(label + " must be a Float32Array, a Float64Array or an array of numbers, got " + describe(v));
    return false;
  }
  const double n = v["length"].as<double>();
  if (n > max_values) {
    fail(label + " is too large: " + fmt(n) + " values, the limit is " + fmt(max_values));
    return false;
  }
  out.resize(static_cast<size_t>(n));
  const int bad = dp_copy_numbers(v.as_handle(), out.data(), static_cast<int>(n), limit);
  if (bad >= 0) {
    fail(label + "[" + std::to_string(bad) + "] must be a finite number within ±" + fmt(limit) + ", got " +
         describe(v[bad]));
    return false;
  }
  return true;
}

bool Reader::array(const val& v, int& length, const std::string& label, int max_length, const std::string& example) {
  if (!ok()) return false;
  if (kind_of(v) != JsKind::Array) {
    fail(label + " must be an array " + example + ", got " + describe(v));
    return false;
  }
  const double n = v["length"].as<double>();
  if (n > max_length) {
    fail(label + " may hold at most " + std::to_string(max_length) + " entries, got " + fmt(n));
    return false;
  }
  length = static_cast<int>(n);
  return true;
}

void read_split(Reader& r, const val& split, const std::string& name, size_t width, const std::string& values_label,
                const std::string& rows_label, std::vector<float>& x, std::vector<float>& y) {
  if (!r.ok()) return;
  if (!r.is_object(split)) return r.fail("the " + name + " set must be an object { x, y }, got " + describe(split));
  r.only_keys(split, {"x", "y", "count"}, "the " + name + " set");
  r.floats(field(split, "x"), x, name + " x");
  r.floats(field(split, "y"), y, name + " y");
  if (r.ok() && x.size() != y.size() * width)
    r.fail("the " + name + " set has " + std::to_string(x.size()) + " " + values_label + ", but " +
           std::to_string(y.size()) + " " + rows_label + " need " + std::to_string(y.size() * width));
  const val count = field(split, "count");
  if (r.ok() && kind_of(count) != JsKind::Undefined &&
      !(kind_of(count) == JsKind::Number && count.as<double>() == static_cast<double>(y.size())))
    r.fail("the " + name + " set's count is " + describe(count) + ", but it has " + std::to_string(y.size()) +
           " labels");
}

}  // namespace dp::api
