// Dense (fully connected) layer kernels over flat row-major float buffers.
// The kernel matrix uses the Keras layout: K is (in, out), so y = x K + b.
// Each kernel has a plain scalar reference (__scalar) and an xsimd version
// (__xsimd, 4 lanes under SSE4.2 natively and WebAssembly SIMD128 in wasm).
#pragma once

namespace dp::kernels {

// x is (B, in), k is (in, out), b is (out) -> y is (B, out).
void f32_dense_forward__scalar(int B, int in, int out, const float* x, const float* k, const float* b, float* y);
void f32_dense_forward__xsimd(int B, int in, int out, const float* x, const float* k, const float* b, float* y);

// x is (B, in), dy is (B, out) -> dk (in, out) += x^T dy, db (out) += sum over B of dy.
void f32_dense_backward_params__scalar(int B, int in, int out, const float* x, const float* dy, float* dk, float* db);
void f32_dense_backward_params__xsimd(int B, int in, int out, const float* x, const float* dy, float* dk, float* db);

// dy is (B, out), k is (in, out) -> dx (B, in) = dy k^T.
void f32_dense_backward_input__scalar(int B, int in, int out, const float* dy, const float* k, float* dx);
void f32_dense_backward_input__xsimd(int B, int in, int out, const float* dy, const float* k, float* dx);

// The variants the network uses: xsimd where it was compiled in, else scalar.
#if DP_HAVE_XSIMD
inline constexpr auto dense_forward = f32_dense_forward__xsimd;
inline constexpr auto dense_backward_params = f32_dense_backward_params__xsimd;
inline constexpr auto dense_backward_input = f32_dense_backward_input__xsimd;
#else
inline constexpr auto dense_forward = f32_dense_forward__scalar;
inline constexpr auto dense_backward_params = f32_dense_backward_params__scalar;
inline constexpr auto dense_backward_input = f32_dense_backward_input__scalar;
#endif

}  // namespace dp::kernels
