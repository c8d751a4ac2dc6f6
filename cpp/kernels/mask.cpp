#include "kernels/mask.hpp"

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
}  // namespace

void f32_bernoulli_mask__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out) {
  constexpr int W = static_cast<int>(ub::size);
  static_assert(W == static_cast<int>(fb::size), "float and uint32 batches must have the same width");
  alignas(16) uint32_t lane[W];
  for (int l = 0; l < W; ++l) lane[l] = static_cast<uint32_t>(l);
  const ub lanes = ub::load_aligned(lane);
  const ub k_lo(static_cast<uint32_t>(key));
  const ub k_hi(static_cast<uint32_t>(key >> 32));
  const fb threshold(keep * 16777216.0f);
  const fb vscale(scale);
  const fb zero(0.0f);
  int i = 0;
  for (; i + W <= n; i += W) {
    const ub counter = ub(counter0 + static_cast<uint32_t>(i)) + lanes;
    const ub h = hash_round(hash_round(counter ^ k_lo) ^ k_hi);
    // h >> 8 fits in 24 bits, so the signed conversion to float is exact.
    const fb u24 = xsimd::to_float(xsimd::bitwise_cast<ib>(h >> 8));
    xsimd::select(u24 < threshold, vscale, zero).store_unaligned(out + i);
  }
  if (i < n) f32_bernoulli_mask__scalar(key, counter0 + static_cast<uint32_t>(i), n - i, keep, scale, out + i);
}
#endif

}  // namespace dp::kernels
