// Bernoulli dropout masks drawn straight from the counter-based generator.
#pragma once
#include <cstdint>

namespace dp::kernels {

// out[i] = scale if unit i is kept, else 0, for i in [0, n). Unit i is kept
// when the 24-bit uniform from counter_hash(key, counter0 + i) is below
// keep * 2^24, so P(kept) = keep exactly up to 2^-24.
void f32_bernoulli_mask__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out);
void f32_bernoulli_mask__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out);

// Dropout with the mask above, drawn and applied in one pass (Monte-Carlo inference):
// y[i] = x[i] * (unit i kept ? scale : 0), bit for bit what the mask followed by a
// multiplication gives. y may alias x.
void f32_bernoulli_dropout__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                   float* y);
void f32_bernoulli_dropout__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                  float* y);

#if DP_HAVE_XSIMD
inline constexpr auto bernoulli_mask = f32_bernoulli_mask__xsimd;
inline constexpr auto bernoulli_dropout = f32_bernoulli_dropout__xsimd;
#else
inline constexpr auto bernoulli_mask = f32_bernoulli_mask__scalar;
inline constexpr auto bernoulli_dropout = f32_bernoulli_dropout__scalar;
#endif

}  // namespace dp::kernels
