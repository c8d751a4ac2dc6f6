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

// Monte-Carlo passes draw two units from each hash: unit u's 16-bit uniform is the low
// half of counter_hash(key, (u / 8) * 4 + u % 4) for u % 8 < 4 and its high half
// otherwise (so four SIMD lanes give eight units, and the hash costs half as much per
// unit). Unit u is kept when that uniform is below round(keep * 2^16), so
// P(kept) = round(keep * 2^16) / 2^16, within 2^-17 of keep. A pure function of
// (key, u): calls over any split of a counter range give the same masks.
uint32_t mask16_threshold(float keep);
void f32_bernoulli_mask16__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out);
void f32_bernoulli_mask16__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, float* out);
void f32_bernoulli_dropout16__scalar(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                     float* y);
void f32_bernoulli_dropout16__xsimd(uint64_t key, uint32_t counter0, int n, float keep, float scale, const float* x,
                                    float* y);

#if DP_HAVE_XSIMD
inline constexpr auto bernoulli_mask16 = f32_bernoulli_mask16__xsimd;
inline constexpr auto bernoulli_dropout16 = f32_bernoulli_dropout16__xsimd;
inline constexpr auto bernoulli_mask = f32_bernoulli_mask__xsimd;
inline constexpr auto bernoulli_dropout = f32_bernoulli_dropout__xsimd;
#else
inline constexpr auto bernoulli_mask16 = f32_bernoulli_mask16__scalar;
inline constexpr auto bernoulli_dropout16 = f32_bernoulli_dropout16__scalar;
inline constexpr auto bernoulli_mask = f32_bernoulli_mask__scalar;
inline constexpr auto bernoulli_dropout = f32_bernoulli_dropout__scalar;
#endif

}  // namespace dp::kernels
