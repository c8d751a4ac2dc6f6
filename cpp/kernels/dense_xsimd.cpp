// xsimd versions of the dense kernels. The outer loops match the scalar
// reference; the innermost loop over `out` runs 4 lanes at a time with a
// scalar tail, so results equal the reference up to float rounding (and
// exactly for forward and params, which keep the same summation order).
#include "kernels/dense.hpp"

#if DP_HAVE_XSIMD
#include <xsimd/xsimd.hpp>

namespace dp::kernels {
namespace {
using fb = xsimd::batch<float>;
constexpr int W = static_cast<int>(fb::size);

// y[o] += a * x[o] for o in [0, n)
inline void axpy(int n, float a, const float* x, float* y) {
  const fb va(a);
  int o = 0;
  for (; o + W <= n; o += W) {
    const fb r = fb::load_unaligned(y + o) + va * fb::load_unaligned(x + o);
    r.store_unaligned(y + o);
  }
  for (; o < n; ++o) y[o] += a * x[o];
}

inline float dot(int n, const float* a, const float* b) {
  fb acc(0.0f);
  int o = 0;
  for (; o + W <= n; o += W) acc += fb::load_unaligned(a + o) * fb::load_unaligned(b + o);
  float s = xsimd::hadd(acc);
  for (; o < n; ++o) s += a[o] * b[o];
  return s;
}
}  // namespace

void f32_dense_forward__xsimd(int B, int in, int out, const float* x, const float* k, const float* b, float* y) {
  for (int n = 0; n < B; ++n) {
    float* yr = y + n * out;
    for (int o = 0; o < out; ++o) yr[o] = b[o];
    for (int i = 0; i < in; ++i) axpy(out, x[n * in + i], k + i * out, yr);
  }
}

void f32_dense_backward_params__xsimd(int B, int in, int out, const float* x, const float* dy, float* dk, float* db) {
  for (int n = 0; n < B; ++n) {
    const float* dyr = dy + n * out;
    axpy(out, 1.0f, dyr, db);
    for (int i = 0; i < in; ++i) axpy(out, x[n * in + i], dyr, dk + i * out);
  }
}

void f32_dense_backward_input__xsimd(int B, int in, int out, const float* dy, const float* k, float* dx) {
  for (int n = 0; n < B; ++n)
    for (int i = 0; i < in; ++i) dx[n * in + i] = dot(out, dy + n * out, k + i * out);
}

}  // namespace dp::kernels
#endif
