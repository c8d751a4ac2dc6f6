#include "kernels/mask.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/rng.hpp"

#if DP_HAVE_XSIMD
#include <xsimd/xsimd.hpp>
#endif

namespace dp::kernels {

void f32_bernoulli_mask__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out) {
  const float threshold = keep * 16777216.0f;
  for (int i = 0; i < n; ++i) {
    const float u24 = static_cast<float>(counter_hash(key, counter0 + static_cast<uint32_t>(i)) >> 8);
    out[i] = u24 < threshold ? scale : 0.0f;
  }
}

void f32_bernoulli_dropout__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                   float* y) {
  const float threshold = keep * 16777216.0f;
  for (int i = 0; i < n; ++i) {
    const float u24 = static_cast<float>(counter_hash(key, counter0 + static_cast<uint32_t>(i)) >> 8);
    y[i] = x[i] * (u24 < threshold ? scale : 0.0f);
  }
}

uint32_t mask16_threshold(float keep) {
  return static_cast<uint32_t>(std::lround(static_cast<double>(keep) * 65536.0));
}

namespace {
inline uint32_t counter_u16(uint64_t key, uint32_t u) {
  const uint32_t word = counter_hash(key, (u >> 3) * 4u + (u & 3u));
  return (u & 4u) ? word >> 16 : word & 0xffffu;
}

// The 16-bit mask factors of units counter0 .. counter0 + n - 1 into y, or (kApply)
// x times them.
template <bool kApply>
void bernoulli16_scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x, float* y) {
  const uint32_t threshold = mask16_threshold(keep);
  for (int i = 0; i < n; ++i) {
    const float f = counter_u16(key, counter0 + static_cast<uint32_t>(i)) < threshold ? scale : 0.0f;
    if constexpr (kApply)
      y[i] = x[i] * f;
    else
      y[i] = f;
  }
}
}  // namespace

void f32_bernoulli_mask16__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out) {
  bernoulli16_scalar<false>(key, counter0, n, keep, scale, nullptr, out);
}

void f32_bernoulli_dropout16__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                     float* y) {
  bernoulli16_scalar<true>(key, counter0, n, keep, scale, x, y);
}

#if DP_HAVE_XSIMD
namespace {
using ub = xsimd::batch<uint32_t>;
using ib = xsimd::batch<int32_t>;
using fb = xsimd::batch<float>;

inline ub hash_round(ub x) {
  x ^= x >> 16;
  x *= ub(0x7feb352du);
  x ^= x >> 15;
  x *= ub(0x846ca68bu);
  x ^= x >> 16;
  return x;
}

// The mask factors (scale or 0) of units counter .. counter + W - 1.
// u24 < keep * 2^24 (a float) holds exactly when u24 < ceil(keep * 2^24), so the test is
// an integer compare (no conversion); the factor is the compare's all-ones lanes ANDed
// with scale's bits (0.0f is all zero bits), one instruction instead of a select.
struct MaskDraw {
  ub lanes, k_lo, k_hi;
  ib threshold;
  fb scale;
  MaskDraw(uint64_t key, float keep, float s)
      : lanes(lane_indices()),
        k_lo(static_cast<uint32_t>(key)),
        k_hi(static_cast<uint32_t>(key >> 32)),
        threshold(static_cast<int32_t>(std::ceil(keep * 16777216.0f))),
        scale(s) {}
  static ub lane_indices() {
    alignas(16) uint32_t lane[ub::size];
    for (size_t l = 0; l < ub::size; ++l) lane[l] = static_cast<uint32_t>(l);
    return ub::load_aligned(lane);
  }
  fb operator()(uint32_t counter) const {
    const ub h = hash_round(hash_round((ub(counter) + lanes) ^ k_lo) ^ k_hi);
    const ib u24 = xsimd::bitwise_cast<ib>(h >> 8);  // < 2^24: the signed compare is right
    const ib kept((u24 < threshold).data);           // all ones where kept
    return xsimd::bitwise_cast<fb>(kept) & scale;
  }
};

// The factors of the eight units 8b .. 8b + 7 from the four hashes of words 4b .. 4b + 3:
// the low halves give units 8b .. 8b + 3, the high halves 8b + 4 .. 8b + 7.
struct MaskDraw16 {
  ub lanes, k_lo, k_hi, low16;
  ib threshold;
  fb scale;
  MaskDraw16(uint64_t key, float keep, float s)
      : lanes(MaskDraw::lane_indices()),
        k_lo(static_cast<uint32_t>(key)),
        k_hi(static_cast<uint32_t>(key >> 32)),
        low16(0xffffu),
        threshold(static_cast<int32_t>(mask16_threshold(keep))),
        scale(s) {}
  void operator()(uint32_t word0, fb& first, fb& second) const {
    const ub h = hash_round(hash_round((ub(word0) + lanes) ^ k_lo) ^ k_hi);
    const ib lo = xsimd::bitwise_cast<ib>(h & low16), hi = xsimd::bitwise_cast<ib>(h >> 16);  // < 2^16
    first = xsimd::bitwise_cast<fb>(ib((lo < threshold).data)) & scale;
    second = xsimd::bitwise_cast<fb>(ib((hi < threshold).data)) & scale;
  }
};

// Units before the first multiple of 8 and after the last whole block go through the
// scalar kernel, which computes the same function.
template <bool kApply>
void bernoulli16_xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x, float* y) {
  static_assert(ub::size == 4, "the 16-bit masks take four 32-bit lanes");
  const MaskDraw16 draw(key, keep, scale);
  int i = std::min(n, static_cast<int>((8u - (counter0 & 7u)) & 7u));
  bernoulli16_scalar<kApply>(key, counter0, i, keep, scale, x, y);
  for (; i + 8 <= n; i += 8) {
    fb a, b;
    draw(((counter0 + static_cast<uint32_t>(i)) >> 3) * 4u, a, b);
    if constexpr (kApply) {
      a *= fb::load_unaligned(x + i);
      b *= fb::load_unaligned(x + i + 4);
    }
    a.store_unaligned(y + i);
    b.store_unaligned(y + i + 4);
  }
  bernoulli16_scalar<kApply>(key, counter0 + static_cast<uint32_t>(i), n - i, keep, scale, kApply ? x + i : nullptr,
                             y + i);
}
}  // namespace

void f32_bernoulli_mask16__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out) {
  bernoulli16_xsimd<false>(key, counter0, n, keep, scale, nullptr, out);
}

void f32_bernoulli_dropout16__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                    float* y) {
  bernoulli16_xsimd<true>(key, counter0, n, keep, scale, x, y);
}

void f32_bernoulli_dropout__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                  float* y) {
  constexpr int W = static_cast<int>(fb::size);
  const MaskDraw draw(key, keep, scale);
  int i = 0;
  for (; i + W <= n; i += W)
    (fb::load_unaligned(x + i) * draw(counter0 + static_cast<uint32_t>(i))).store_unaligned(y + i);
  if (i < n) f32_bernoulli_dropout__scalar(key, counter0 + static_cast<uint32_t>(i), n - i, keep, scale, x + i, y + i);
}

void f32_bernoulli_mask__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out) {
  constexpr int W = static_cast<int>(ub::size);
  static_assert(W == static_cast<int>(fb::size), "float and uint32 batches must have the same width");
  const MaskDraw draw(key, keep, scale);
  int i = 0;
  for (; i + W <= n; i += W) draw(counter0 + static_cast<uint32_t>(i)).store_unaligned(out + i);
  if (i < n) f32_bernoulli_mask__scalar(key, counter0 + static_cast<uint32_t>(i), n - i, keep, scale, out + i);
}
#endif

}  // namespace dp::kernels
