#include "api/js_snapshot.hpp"

#include <cstring>

#include "api/js_config.hpp"

namespace dp::api {
namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_floats(const std::vector<float>& v) {
  std::vector<unsigned char> bytes(v.size() * 4);
  for (size_t i = 0; i < v.size(); ++i) {
    uint32_t u;
    std::memcpy(&u, &v[i], 4);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<unsigned char>(u >> (8 * b));  // little-endian
  }
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t n =
        (bytes[i] << 16) | (i + 1 < bytes.size() ? bytes[i + 1] << 8 : 0) | (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// Strict: canonical padding, no whitespace, a whole number of floats.
bool floats_from_base64(const std::string& s, std::vector<float>& out) {
  if (s.size() % 4 != 0) return false;
  auto value = [](char c) -> int {
    const char* p = std::strchr(kAlphabet, c);
    return c != '\0' && p ? static_cast<int>(p - kAlphabet) : -1;
  };
  std::vector<unsigned char> bytes;
  bytes.reserve(s.size() / 4 * 3);
  for (size_t i = 0; i < s.size(); i += 4) {
    const bool last = i + 4 == s.size();
    const int pad = last ? (s[i + 3] == '=') + (s[i + 2] == '=') : 0;
    if (pad == 1 && s[i + 2] == '=') return false;
    int v[4];
    for (int k = 0; k < 4 - pad; ++k)
      if ((v[k] = value(s[i + k])) < 0) return false;
    for (int k = 4 - pad; k < 4; ++k) v[k] = 0;
    const uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    bytes.push_back(static_cast<unsigned char>(n >> 16));
    if (pad < 2) bytes.push_back(static_cast<unsigned char>(n >> 8));
    if (pad < 1) bytes.push_back(static_cast<unsigned char>(n));
  }
  if (bytes.size() % 4 != 0) return false;
  out.resize(bytes.size() / 4);
  for (size_t i = 0; i < out.size(); ++i) {
    const uint32_t u = bytes[i * 4] | (bytes[i * 4 + 1] << 8) | (bytes[i * 4 + 2] << 16) |
                       (static_cast<uint32_t>(bytes[i * 4 + 3]) << 24);
    std::memcpy(&out[i], &u, 4);
  }
  return true;
}

void read_buffers(Reader& r, const val& list, const char* key, std::vector<std::vector<float>>& dest) {
  int n = 0;
  if (!r.array(list, n, std::string("snapshot ") + key, dp::kMaxHiddenLayers + 1, "of base64 strings, one per layer"))
    return;
  dest.resize(n);
  for (int i = 0; i < n && r.ok(); ++i) {
    const val s = list[i];
    const std::string label = std::string("snapshot ") + key + "[" + std::to_string(i) + "]";
    if (kind_of(s) != JsKind::String) return r.fail(label + " must be a base64 string, got " + describe(s));
    if (s["length"].as<double>() > kMaxValues) return r.fail(label + " is too large");
    if (!floats_from_base64(s.as<std::string>(), dest[i]))
      r.fail(label + " is not base64 of float32 values (damaged or edited)");
  }
}

}  // namespace

val snapshot_to_val(const dp::NetworkState& s) {
  val o = val::object();
  o.set("version", kSnapshotVersion);
  o.set("config", config_to_val(s.config));
  o.set("step", static_cast<double>(s.step));
  o.set("epoch", static_cast<double>(s.epoch));
  o.set("cursor", s.cursor);
  o.set("diverged", s.diverged);
  val params = val::array(), opt = val::array();
  for (size_t i = 0; i < s.params.size(); ++i) {
    params.set(i, base64_floats(s.params[i]));
    opt.set(i, base64_floats(s.optimizer[i]));
  }
  o.set("params", params);
  o.set("optimizer", opt);
  return o;
}

dp::NetworkState read_snapshot(Reader& r, const val& snap) {
  dp::NetworkState s;
  if (!r.is_object(snap)) {
    r.fail("restore needs a snapshot object from network.snapshot(), got " + describe(snap));
    return s;
  }
  r.only_keys(snap, {"version", "config", "step", "epoch", "cursor", "diverged", "params", "optimizer"},
              "the snapshot");
  for (const char* key : {"version", "config", "step", "epoch", "cursor", "diverged", "params", "optimizer"})
    if (r.ok() && kind_of(field(snap, key)) == JsKind::Undefined)
      r.fail(std::string("the snapshot has no '") + key + "'");
  const val version = r.ok() ? field(snap, "version") : val::undefined();
  if (r.ok() && !(kind_of(version) == JsKind::Number && version.as<double>() == kSnapshotVersion))
    r.fail("snapshot version must be " + std::to_string(kSnapshotVersion) + " (this build's format), got " +
           describe(version));
  if (r.ok() && !r.is_object(field(snap, "config")))
    r.fail("snapshot config must be an object, got " + describe(field(snap, "config")));
  if (r.ok()) s.config = read_config(r, field(snap, "config"));
  uint64_t step = 0, epoch = 0;
  r.whole(field(snap, "step"), step, "snapshot step");
  r.whole(field(snap, "epoch"), epoch, "snapshot epoch");
  r.integer(field(snap, "cursor"), s.cursor, "snapshot cursor", 0, static_cast<int>(kMaxValues));
  r.boolean(field(snap, "diverged"), s.diverged, "snapshot diverged");
  s.step = static_cast<int64_t>(step);
  s.epoch = static_cast<int64_t>(epoch);
  if (r.ok()) read_buffers(r, field(snap, "params"), "params", s.params);
  if (r.ok()) read_buffers(r, field(snap, "optimizer"), "optimizer", s.optimizer);
  if (r.ok()) r.fail(dp::Network::validate_state(s));
  return s;
}

}  // namespace dp::api
