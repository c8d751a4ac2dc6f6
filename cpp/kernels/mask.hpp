// Bernoulli dropout masks drawn straight from the counter-based generator.
#pragma once
#include <cstdint>

namespace dp::kernels {

// out[i] = scale if unit i is kept, else 0, for i in [0, n). Unit i is kept
// when the 24-bit uniform from counter_hash(key, counter0 + i) is below
// keep * 2^24, so P(kept) = keep exactly up to 2^-24.
void f32_bernoulli_mask__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out);
void f32_bernoulli_mask__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out);

#if DP_HAVE_XSIMD
inline constexpr auto bernoulli_mask = f32_bernoulli_mask__xsimd;
#else
inline constexpr auto bernoulli_mask = f32_bernoulli_mask__scalar;
#endif

}  // namespace dp::kernels
