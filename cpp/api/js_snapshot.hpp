// Snapshots: a network's config, counters, weights and optimizer state as a
// plain JSON-serialisable object, and back. Float buffers are stored as
// base64 of their little-endian float32 bytes, so a snapshot taken to JSON and
// back restores bit for bit (-0 and the NaNs of a diverged network included;
// decimal numbers in JSON would turn -0 into 0 and NaN into null). A snapshot
// is user data once saved to a file: restore validates every field.
#pragma once
#include "api/js_read.hpp"
#include "nn/network.hpp"

namespace dp::api {

inline constexpr int kSnapshotVersion = 2;

val snapshot_to_val(const dp::NetworkState& s);
// "" and the state, or why the object is not a usable snapshot.
dp::NetworkState read_snapshot(Reader& r, const val& snap);

}  // namespace dp::api
