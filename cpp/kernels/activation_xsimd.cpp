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

// Each loop below runs over whole vectors only; the last n % W elements go through the
// same (not inlined) loop once more, padded to a vector in a buffer. So each
// approximation is compiled once per loop, there is no scalar tail (smaller wasm; the
// tail gives the same bits), and the hot loop has no per-iteration tail check.
template <class Loop>
inline void with_tail(int n, const float* a, const float* b, float* y, Loop loop) {
  const int bulk = n - n % W;
  loop(bulk, a, b, y);
  if (bulk == n) return;
  alignas(16) float ta[W] = {}, tb[W] = {}, ty[W];
  for (int l = 0; bulk + l < n; ++l) ta[l] = a[bulk + l], tb[l] = b ? b[bulk + l] : 0.0f;
  loop(W, ta, b ? tb : nullptr, ty);
  for (int l = 0; bulk + l < n; ++l) y[bulk + l] = ty[l];
}

// One loop per activation, so the switch is outside the hot loop. n is a multiple of W.
// kUnroll vectors per iteration, then one at a time: each approximation is one long chain
// of dependent operations (tanh: about twenty and a division), and four independent
// chains side by side made wasm's tanh 1.27x, sigmoid 1.38x and exp 1.35x faster
// (5 interleaved rounds; BENCHMARKS.md, "Four vectors at a time"); native tanh did not
// change. Every element still goes through the same operations: the same bits.
constexpr int kUnroll = 4;
template <class F>
inline void each_vector(int n, F f) {
  int i = 0;
  for (; i + kUnroll * W <= n; i += kUnroll * W) {
    fb r[kUnroll];
    for (int u = 0; u < kUnroll; ++u) r[u] = f.compute(i + u * W);
    for (int u = 0; u < kUnroll; ++u) f.store(i + u * W, r[u]);
  }
  for (; i < n; i += W) f.store(i, f.compute(i));
}

template <Activation A>
[[gnu::noinline]] void forward_vectors(int n, const float* z, const float*, float* y) {
  struct {
    const float* z;
    float* y;
    fb compute(int i) const { return forward_batch(A, fb::load_unaligned(z + i)); }
    void store(int i, fb v) const { v.store_unaligned(y + i); }
  } f{z, y};
  each_vector(n, f);
}

template <Activation A>
[[gnu::noinline]] void backward_vectors(int n, const float* y, const float* dy, float* dz) {
  struct {
    const float *y, *dy;
    float* dz;
    fb compute(int i) const { return fb::load_unaligned(dy + i) * derivative_batch(A, fb::load_unaligned(y + i)); }
    void store(int i, fb v) const { v.store_unaligned(dz + i); }
  } f{y, dy, dz};
  each_vector(n, f);
}

template <Activation A>
void forward_loop(int n, const float* z, float* y) {
  with_tail(n, z, nullptr, y, forward_vectors<A>);
}

template <Activation A>
void backward_loop(int n, const float* y, const float* dy, float* dz) {
  with_tail(n, y, dy, dz, backward_vectors<A>);
}

enum class Fn { Exp, Tanh, Sigmoid };
template <Fn F>
[[gnu::noinline]] void map_vectors(int n, const float* x, const float*, float* y) {
  struct {
    const float* x;
    float* y;
    fb compute(int i) const {
      const fb v = fb::load_unaligned(x + i);
      return F == Fn::Exp    ? approx::exp<BatchOps>(v)
             : F == Fn::Tanh ? approx::tanh<BatchOps>(v)
                             : approx::sigmoid<BatchOps>(v);
    }
    void store(int i, fb v) const { v.store_unaligned(y + i); }
  } f{x, y};
  each_vector(n, f);
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

void f32_vexp__xsimd(int n, const float* x, float* y) { with_tail(n, x, nullptr, y, map_vectors<Fn::Exp>); }

void f32_vtanh__xsimd(int n, const float* x, float* y) { with_tail(n, x, nullptr, y, map_vectors<Fn::Tanh>); }

void f32_vsigmoid__xsimd(int n, const float* x, float* y) { with_tail(n, x, nullptr, y, map_vectors<Fn::Sigmoid>); }

}  // namespace dp::kernels
#endif
