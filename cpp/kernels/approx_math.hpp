// exp, expm1 (of x <= 0), tanh and the logistic sigmoid in float32 arithmetic, written
// once over an `Ops` policy so that the scalar references (Ops = float) and the xsimd
// kernels (Ops = 4-lane batches, activation_xsimd.cpp) run the very same operations
// in the same order and give bit-identical results. No fused multiply-add anywhere:
// WebAssembly SIMD128 has none, and native builds use -msse4.2 (no FMA), so every
// a*b+c here rounds twice, on every build.
//
// Maximum errors against double-precision libm over every float in [-inf, inf], measured
// by an exhaustive sweep of all 2^32 bit patterns (DP_EXHAUSTIVE=1 tests/cpp/
// test_activations.cpp; the default test run sweeps every 509th pattern and every
// special value and asserts the bounds below). An ulp is the spacing of floats at the
// exact result (2^-149 below 2^-126), as XNNPACK's eval/*-ulp.cc programs measure it.
//   exp      1.03 ulp  (measured 1.021) denormal results included (scaled in two steps,
//                      not flushed); +inf from 88.7228 on, 0 below -103.97; NaN -> NaN.
//   tanh     6.5 ulp   (measured 6.21, at 7.0 where tanh = 1 - 2e-6; 3.4 for |x| < 1)
//                      odd, |tanh| <= 1, exactly +-1 for |x| >= 8.99, tanh(x) = x for
//                      |x| < 2^-12 (+-0 and denormals come back as they are).
//   sigmoid  2.5 ulp   (measured 2.40) in [0, 1], denormal results for x < -87.3, 0 below
//                      -103.97, exactly 1 from 16.64 on.
//   SELU, z <= 0: lambda alpha expm1(z), 2 ulp (measured 1.96).
//
// How (read from XNNPACK's f32-vtanh / f32-vsigmoid / f32-exp microkernels and their
// eval/*-ulp.cc error sweeps; none of their code or coefficients is used):
//   exp: n = round(x / ln 2) by adding 1.5 * 2^23 (the float's mantissa then holds n,
//     so no float -> int conversion instruction is needed: Emscripten 3.1.6 emulates
//     _mm_cvttps_epi32 lane by lane, see BENCHMARKS.md), r = x - n ln2 in two steps
//     (Cody & Waite), e^r = 1 + r + r^2 q(r) with a degree-4 minimax q on
//     |r| <= ln2 / 2, and 2^n built from n's bits in two halves, so that results from
//     2^-150 to 2^128 (denormals and overflow included) are scaled without a branch.
//   tanh: x P(x^2) / Q(x^2), a [9/8] rational fit of the relative error on [0, 9]
//     (2.1e-8 before rounding; the float evaluation's own rounding is most of the
//     error), x clamped to +-9 first and the result to +-1. One division, no exp.
//   sigmoid: e = exp(-|x|), then 1 / (1 + e) for x > 0 and e / (1 + e) otherwise, so
//     small results keep their relative accuracy.
// The coefficients come from cpp/kernels/approx_fit.py (mpmath).
#pragma once
#include <cstdint>
#include <cstring>

namespace dp::kernels::approx {

// Round-to-nearest constants.
inline constexpr float kLog2e = 1.44269504088896341f;
inline constexpr float kLn2Hi = 0.693145751953125f;  // 15 significant bits: n * kLn2Hi is exact for |n| < 512
inline constexpr float kLn2Lo = 1.42860682030941723212e-6f;
inline constexpr float kRoundMagic = 12582912.0f;  // 1.5 * 2^23
inline constexpr int32_t kRoundMagicBits = 0x4B400000;

// exp: inputs are clamped to [kExpMin, kExpMax]; beyond them the result is 0 or inf.
inline constexpr float kExpMin = -104.0f;  // e^-104 < 2^-150: rounds to 0
inline constexpr float kExpMax = 89.0f;    // e^89 > FLT_MAX: rounds to inf
// q(r) = (e^r - 1 - r) / r^2 on |r| <= ln2/2 (max error relative to e^r - 1: 1.3e-8).
inline constexpr float kExpQ0 = 0.49999998153946357f;
inline constexpr float kExpQ1 = 0.16666543619531339f;
inline constexpr float kExpQ2 = 0.041667199896141681f;
inline constexpr float kExpQ3 = 0.0083665207186139964f;
inline constexpr float kExpQ4 = 0.0013882518962190172f;

// expm1 for x <= 0: below -18, e^x < 2^-25 and expm1 rounds to -1.
inline constexpr float kExpm1Min = -18.0f;

// tanh(x) / x = P(t) / Q(t), t = x^2, P(0) = Q(0) = 1, fitted on x in [0, 9]
// (an [11/8] fit was 40x closer, 1.3e-9, but no more accurate once rounded: the
// evaluation's own rounding dominates).
inline constexpr float kTanhMax = 9.0f;
inline constexpr float kTanhP1 = 0.13383981449945097f;
inline constexpr float kTanhP2 = 0.0034989969174957614f;
inline constexpr float kTanhP3 = 2.0661255649406812e-5f;
inline constexpr float kTanhP4 = 1.3419777576962261e-8f;
inline constexpr float kTanhQ1 = 0.46717302948238482f;
inline constexpr float kTanhQ2 = 0.02589021101588118f;
inline constexpr float kTanhQ3 = 0.00032910388241085581f;
inline constexpr float kTanhQ4 = 7.8047183586699812e-7f;

// The scalar policy: plain float and int32 arithmetic.
struct ScalarOps {
  using V = float;
  using I = int32_t;
  static int32_t bits(float x) {
    int32_t i;
    std::memcpy(&i, &x, sizeof i);
    return i;
  }
  static float from_bits(int32_t i) {
    float x;
    std::memcpy(&x, &i, sizeof x);
    return x;
  }
  // x < lo ? lo : x and hi < x ? hi : x: a NaN x compares false and passes through.
  static float clamp_below(float x, float lo) { return x < lo ? lo : x; }
  static float clamp_above(float x, float hi) { return hi < x ? hi : x; }
  static float neg_abs(float x) { return from_bits(bits(x) | static_cast<int32_t>(0x80000000u)); }
  // x > 0 ? a : b
  static float select_positive(float x, float a, float b) { return x > 0.0f ? a : b; }
  static int32_t shift_right(int32_t i, int s) { return i >> s; }  // arithmetic
  static int32_t shift_left(int32_t i, int s) { return static_cast<int32_t>(static_cast<uint32_t>(i) << s); }
};

// 2^k for k in [-126, 127], from the exponent bits.
template <class Ops>
inline typename Ops::V pow2i(typename Ops::I k) {
  using I = typename Ops::I;
  return Ops::from_bits(Ops::shift_left(k + I(127), 23));
}

// r and n of x = n ln2 + r, |r| <= ln2/2 (x already clamped); n also as an integer.
template <class Ops>
inline void reduce_ln2(typename Ops::V x, typename Ops::V& r, typename Ops::I& n_int) {
  using V = typename Ops::V;
  using I = typename Ops::I;
  const V t = x * V(kLog2e) + V(kRoundMagic);  // n sits in the low mantissa bits of t
  const V n = t - V(kRoundMagic);
  r = x - n * V(kLn2Hi);  // exact (Sterbenz): n ln2_hi is within a factor 2 of x
  r = r - n * V(kLn2Lo);
  n_int = Ops::bits(t) - I(kRoundMagicBits);
}

// e^r - 1 - r = r^2 q(r)
template <class Ops>
inline typename Ops::V expm1_poly_tail(typename Ops::V r) {
  using V = typename Ops::V;
  V q = V(kExpQ4);
  q = q * r + V(kExpQ3);
  q = q * r + V(kExpQ2);
  q = q * r + V(kExpQ1);
  q = q * r + V(kExpQ0);
  return q * (r * r);
}

template <class Ops>
inline typename Ops::V exp(typename Ops::V x) {
  using V = typename Ops::V;
  using I = typename Ops::I;
  x = Ops::clamp_above(Ops::clamp_below(x, V(kExpMin)), V(kExpMax));
  V r;
  I n;
  reduce_ln2<Ops>(x, r, n);
  const V p = (expm1_poly_tail<Ops>(r) + r) + V(1.0f);
  // 2^n = 2^(n - n/2) 2^(n/2): both factors are normal for n in [-150, 128], and only
  // the last multiplication can round (when the result is denormal) or overflow.
  const I half = Ops::shift_right(n, 1);
  return (p * pow2i<Ops>(n - half)) * pow2i<Ops>(half);
}

// e^x - 1 for x <= 0 (and NaN); x > 0 is not supported.
template <class Ops>
inline typename Ops::V expm1_nonpositive(typename Ops::V x) {
  using V = typename Ops::V;
  using I = typename Ops::I;
  x = Ops::clamp_below(x, V(kExpm1Min));
  V r;
  I n;
  reduce_ln2<Ops>(x, r, n);
  const V em = expm1_poly_tail<Ops>(r) + r;  // e^r - 1
  const V s = pow2i<Ops>(n);                 // n in [-26, 0]
  // e^x - 1 = 2^n (e^r - 1) + (2^n - 1); 2^n - 1 is exact for n >= -24.
  return em * s + (s - V(1.0f));
}

template <class Ops>
inline typename Ops::V tanh(typename Ops::V x) {
  using V = typename Ops::V;
  x = Ops::clamp_above(Ops::clamp_below(x, V(-kTanhMax)), V(kTanhMax));
  const V t = x * x;
  V p = V(kTanhP4);
  p = p * t + V(kTanhP3);
  p = p * t + V(kTanhP2);
  p = p * t + V(kTanhP1);
  p = p * t + V(1.0f);
  V q = V(kTanhQ4);
  q = q * t + V(kTanhQ3);
  q = q * t + V(kTanhQ2);
  q = q * t + V(kTanhQ1);
  q = q * t + V(1.0f);
  // Rounding in p, q and the division can reach 1 + 2^-23 near saturation: clamp to +-1.
  const V y = (x * p) / q;
  return Ops::clamp_above(Ops::clamp_below(y, V(-1.0f)), V(1.0f));
}

template <class Ops>
inline typename Ops::V sigmoid(typename Ops::V x) {
  using V = typename Ops::V;
  const V e = exp<Ops>(Ops::neg_abs(x));  // in [0, 1]; NaN stays NaN
  return Ops::select_positive(x, V(1.0f), e) / (V(1.0f) + e);
}

}  // namespace dp::kernels::approx
