// xsimd versions of the activations (4 lanes: SSE4.2 natively, SIMD128 in wasm).
// tanh, sigmoid, exp and SELU's e^z - 1 run approx_math.hpp's algorithms with
// BatchOps below, so they equal the scalar references bit for bit.
//
// In wasm, xsimd 8.1 has no architecture of its own: its SSE code goes through
// Emscripten's SSE headers. Most intrinsics there are one SIMD128 instruction, but
// not all (see BENCHMARKS.md, "What wasm emulates"):
//   _mm_cvttps_epi32 / _mm_cvtps_epi32 (used by xsimd's exp, tanh, to_int) are four
//     scalar lrint calls with branches: approx_math.hpp needs no float -> int conversion;
//   _mm_min_ps / _mm_max_ps are a compare plus a bitselect (about 4 x64 instructions
//     in V8): under __wasm_simd128__ BatchOps and relu use f32x4.pmin / pmax, which
//     have SSE's operand semantics and compile to one minps / maxps.
#include "kernels/activation.hpp"

#if DP_HAVE_XSIMD
#include <xsimd/xsimd.hpp>

#include "kernels/approx_math.hpp"
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace dp::kernels {
namespace {
using fb = xsimd::batch<float>;
using ib = xsimd::batch<int32_t>;
constexpr int W = static_cast<int>(fb::size);

// max(x, lo) and min(x, hi) with SSE's semantics: x < lo ? lo : x, hi < x ? hi : x
// (a NaN x passes through; for relu, max(0, z) maps NaN to 0 as before).
#ifdef __wasm_simd128__
inline fb pmax(fb a, fb b) { return fb(static_cast<__m128>(wasm_f32x4_pmax(v128_t(__m128(a)), v128_t(__m128(b))))); }
inline fb pmin(fb a, fb b) { return fb(static_cast<__m128>(wasm_f32x4_pmin(v128_t(__m128(a)), v128_t(__m128(b))))); }
// a < b ? b : a
inline fb max_second_if_greater(fb a, fb b) { return pmax(a, b); }
// b < a ? b : a
inline fb min_second_if_less(fb a, fb b) { return pmin(a, b); }
#else
// _mm_max_ps(b, a) = b > a ? b : a; _mm_min_ps(b, a) = b < a ? b : a.
inline fb max_second_if_greater(fb a, fb b) { return xsimd::max(b, a); }
inline fb min_second_if_less(fb a, fb b) { return xsimd::min(b, a); }
#endif

struct BatchOps {
  using V = fb;
  using I = ib;
  static ib bits(fb x) { return xsimd::bitwise_cast<ib>(x); }
  static fb from_bits(ib i) { return xsimd::bitwise_cast<fb>(i); }
  static fb clamp_below(fb x, fb lo) { return max_second_if_greater(x, lo); }
  static fb clamp_above(fb x, fb hi) { return min_second_if_less(x, hi); }
  static fb neg_abs(fb x) { return x | fb(-0.0f); }
  static fb select_positive(fb x, fb a, fb b) { return xsimd::select(x > fb(0.0f), a, b); }
  static ib shift_right(ib i, int s) { return i >> s; }
  static ib shift_left(ib i, int s) { return i << s; }
};

inline fb relu(fb z) { return max_second_if_greater(fb(0.0f), z); }  // 0 < z ? z : 0, NaN -> 0

inline fb forward_batch(Activation a, fb z) {
  const fb zero(0.0f);
  switch (a) {
    case Activation::Relu: return relu(z);
    case Activation::LeakyRelu: return xsimd::select(z > zero, z, fb(kLeakySlope) * z);
    case Activation::Tanh: return approx::tanh<BatchOps>(z);
    case Activation::Sigmoid: return approx::sigmoid<BatchOps>(z);
    case Activation::Linear: return z;
    case Activation::Selu:
      return xsimd::select(
          z > zero, fb(kSeluLambda) * z,
          fb(kSeluLambda * kSeluAlpha) * approx::expm1_nonpositive<BatchOps>(BatchOps::clamp_above(z, zero)));
  }
  return z;
}

inline fb derivative_batch(Activation a, fb y) {
  const fb zero(0.0f), one(1.0f);
  switch (a) {
    case Activation::Relu: return xsimd::select(y > zero, one, zero);
    case Activation::LeakyRelu: return xsimd::select(y > zero, one, fb(kLeakySlope));
    case Activation::Tanh: return one - y * y;
    case Activation::Sigmoid: return y * (one - y);
    case Activation::Linear: return one;
    case Activation::Selu: return xsimd::select(y > zero, fb(kSeluLambda), y + fb(kSeluLambda * kSeluAlpha));
  }
  return one;
}

// Loads W floats from p, or the m < W left at the end (the other lanes 0); stores likewise.
// One loop body serves whole vectors and the tail, so each approximation is compiled
// once per loop (no scalar tail: smaller wasm, and the tail gives the same bits).
inline fb load_part(const float* p, int m) {
  if (m == W) return fb::load_unaligned(p);
  alignas(16) float t[W] = {};
  for (int l = 0; l < m; ++l) t[l] = p[l];
  return fb::load_aligned(t);
}
inline void store_part(fb v, float* p, int m) {
  if (m == W) return v.store_unaligned(p);
  alignas(16) float t[W];
  v.store_aligned(t);
  for (int l = 0; l < m; ++l) p[l] = t[l];
}

// One loop per activation, so the switch is outside the hot loop.
template <Activation A>
void forward_loop(int n, const float* z, float* y) {
  for (int i = 0; i < n; i += W) {
    const int m = n - i < W ? n - i : W;
    store_part(forward_batch(A, load_part(z + i, m)), y + i, m);
  }
}

template <Activation A>
void backward_loop(int n, const float* y, const float* dy, float* dz) {
  for (int i = 0; i < n; i += W) {
    const int m = n - i < W ? n - i : W;
    store_part(load_part(dy + i, m) * derivative_batch(A, load_part(y + i, m)), dz + i, m);
  }
}

template <class F>
void map(int n, const float* x, float* y, F f) {
  for (int i = 0; i < n; i += W) {
    const int m = n - i < W ? n - i : W;
    store_part(f(load_part(x + i, m)), y + i, m);
  }
}

}  // namespace

void f32_activation_forward__xsimd(Activation a, int n, const float* z, float* y) {
  switch (a) {
    case Activation::Relu: return forward_loop<Activation::Relu>(n, z, y);
    case Activation::LeakyRelu: return forward_loop<Activation::LeakyRelu>(n, z, y);
    case Activation::Tanh: return forward_loop<Activation::Tanh>(n, z, y);
    case Activation::Sigmoid: return forward_loop<Activation::Sigmoid>(n, z, y);
    case Activation::Selu: return forward_loop<Activation::Selu>(n, z, y);
    case Activation::Linear:
      if (y != z)
        for (int i = 0; i < n; ++i) y[i] = z[i];
      return;
  }
}

void f32_activation_backward__xsimd(Activation a, int n, const float* y, const float* dy, float* dz) {
  switch (a) {
    case Activation::Relu: return backward_loop<Activation::Relu>(n, y, dy, dz);
    case Activation::LeakyRelu: return backward_loop<Activation::LeakyRelu>(n, y, dy, dz);
    case Activation::Tanh: return backward_loop<Activation::Tanh>(n, y, dy, dz);
    case Activation::Sigmoid: return backward_loop<Activation::Sigmoid>(n, y, dy, dz);
    case Activation::Selu: return backward_loop<Activation::Selu>(n, y, dy, dz);
    case Activation::Linear: return backward_loop<Activation::Linear>(n, y, dy, dz);
  }
}

void f32_vexp__xsimd(int n, const float* x, float* y) {
  map(n, x, y, [](fb v) { return approx::exp<BatchOps>(v); });
}

void f32_vtanh__xsimd(int n, const float* x, float* y) {
  map(n, x, y, [](fb v) { return approx::tanh<BatchOps>(v); });
}

void f32_vsigmoid__xsimd(int n, const float* x, float* y) {
  map(n, x, y, [](fb v) { return approx::sigmoid<BatchOps>(v); });
}

}  // namespace dp::kernels
#endif
