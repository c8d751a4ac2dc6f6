// 2-D convolution (stride 1) and 2x2 max-pooling over channels-last images.
// Images are (N, H, W, C) row-major, as in Keras; a kernel is (K, K, C, F), which
// flattened is the (K*K*C, F) matrix of the dense kernels (dense.hpp). An output
// pixel sums its taps in the order (ky, kx, c), the order of im2col's columns.
//
// Two implementations of each convolution kernel:
//   __scalar: direct loops over pixels and taps, the reference;
//   __im2col: im2col (each output pixel's K*K*C patch copied into a row) and then
//             the dense kernel (xsimd where compiled in): what the CNN uses. Measured
//             with bench/bench_conv.cpp (2 busy cores, medians of interleaved rounds),
//             natively and in wasm: 1.3-7x faster than the direct reference and up to
//             3x faster than im2col + the scalar dense kernel on the CNN's sizes.
#pragma once
#include <cstdint>

namespace dp::kernels {

struct ConvShape {
  int n = 1, h = 1, w = 1, c = 1;  // input (n, h, w, c)
  int k = 3;                       // kernel side: 3 or 5
  int f = 1;                       // output channels
  bool same = true;                // 'same': (k-1)/2 zeros around, output h x w; 'valid': (h-k+1) x (w-k+1)
  int pad() const { return same ? (k - 1) / 2 : 0; }
  int oh() const { return same ? h : h - k + 1; }
  int ow() const { return same ? w : w - k + 1; }
  int patch() const { return k * k * c; }            // columns of im2col, rows of the kernel matrix
  int positions() const { return n * oh() * ow(); }  // rows of im2col
};

// ---------------------------------------------------------------- reference (direct)
// x is (n, h, w, c), k is (k, k, c, f), b is (f) -> y is (n, oh, ow, f).
// Padding taps are summed as 0 * k, so the sums are those of im2col + dense, in order.
void f32_conv2d_forward__scalar(const ConvShape& s, const float* x, const float* k, const float* b, float* y);
// dy is (n, oh, ow, f) -> dk (k, k, c, f) += sum over pixels of patch^T dy, db (f) += sum of dy.
void f32_conv2d_backward_params__scalar(const ConvShape& s, const float* x, const float* dy, float* dk, float* db);
// dy is (n, oh, ow, f), k is (k, k, c, f) -> dx (n, h, w, c) = the transposed convolution (overwritten).
void f32_conv2d_backward_input__scalar(const ConvShape& s, const float* dy, const float* k, float* dx);

// ---------------------------------------------------------------- im2col + dense kernel
// cols is (positions, patch): row p holds output pixel p's patch, zeros outside the image.
void f32_im2col(const ConvShape& s, const float* x, float* cols);
// dx (n, h, w, c) = the sum of every patch's column gradient at its pixel (overwritten).
void f32_col2im(const ConvShape& s, const float* dcols, float* dx);

// As the references; forward leaves the patches in cols (positions x patch floats),
// which backward_params reads instead of x, and backward_input uses dcols (the same size) as scratch.
void f32_conv2d_forward__im2col(const ConvShape& s, const float* x, const float* k, const float* b, float* cols,
                                float* y);
void f32_conv2d_backward_params__im2col(const ConvShape& s, const float* cols, const float* dy, float* dk, float* db);
void f32_conv2d_backward_input__im2col(const ConvShape& s, const float* dy, const float* k, float* dcols, float* dx);

// ---------------------------------------------------------------- 2x2 max-pooling, stride 2
// x is (n, h, w, c) -> y is (n, h/2, w/2, c), rounded down as Keras' 'valid' pooling:
// with an odd side the last row or column is never read and gets zero gradient.
// argmax (n, h/2, w/2, c) holds the index into x of each maximum; ties go to the
// first of (top-left, top-right, bottom-left, bottom-right).
void f32_maxpool2x2_forward__scalar(int n, int h, int w, int c, const float* x, float* y, int32_t* argmax);
// dx (n, h, w, c) = dy routed to each window's maximum, 0 elsewhere (overwritten).
void f32_maxpool2x2_backward__scalar(int n, int h, int w, int c, const float* dy, const int32_t* argmax, float* dx);

}  // namespace dp::kernels
