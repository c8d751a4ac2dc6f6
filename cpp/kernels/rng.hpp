// Counter-based random numbers: every draw is a pure function of (key, counter),
// so any mask, weight or shuffle can be regenerated from the seed alone and
// two networks that share a seed share every stream they have in common.
#pragma once
#include <cstdint>

namespace dp {

// SplitMix64 finaliser: a bijective 64-bit mix (Steele, Lea, Flood 2014).
constexpr uint64_t mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// A stream key from a seed and up to three labels (purpose, layer, step...).
constexpr uint64_t stream_key(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return mix64(mix64(mix64(mix64(seed) ^ a) ^ b) ^ c);
}

// 32-bit hash of a 32-bit counter under a 64-bit key. Two rounds of the
// "lowbias32" mixer (C. Wellons), with the key folded in between; the SIMD
// mask kernel computes exactly the same function four lanes at a time.
constexpr uint32_t hash32_round(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}
constexpr uint32_t counter_hash(uint64_t key, uint32_t counter) {
  return hash32_round(hash32_round(counter ^ static_cast<uint32_t>(key)) ^ static_cast<uint32_t>(key >> 32));
}

// Uniform in [0, 1) with 24 bits of resolution (exactly representable in float).
inline float uniform01(uint64_t key, uint32_t counter) {
  return static_cast<float>(counter_hash(key, counter) >> 8) * (1.0f / 16777216.0f);
}

// Uniform in (0, 1]: safe to take the log of.
inline double uniform_open0(uint64_t key, uint32_t counter) {
  return (static_cast<double>(counter_hash(key, counter) >> 8) + 1.0) * (1.0 / 16777216.0);
}

// Standard normal via Box-Muller from counters 2i and 2i+1.
float normal01(uint64_t key, uint32_t index);

// Distinct purposes of the streams derived from one seed.
enum Stream : uint64_t {
  kStreamInit = 1,     // initial weights, per layer
  kStreamShuffle = 2,  // minibatch order, per epoch
  kStreamMask = 3,     // dropout masks, per site and step (or epoch)
  kStreamMC = 4,       // Monte-Carlo dropout passes
  kStreamData = 5,     // dataset generation
  kStreamThinned = 6,  // a single thinned network for display
};

}  // namespace dp
