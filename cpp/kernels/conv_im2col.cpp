// Convolution as im2col + the register-blocked dense kernel: the K*K*C patch of
// every output pixel becomes a row, so the convolution is one (positions x patch)
// by (patch x F) matrix product, which the dense kernels already do at 4 lanes.
#include <algorithm>
#include <cstddef>

#include "kernels/conv.hpp"
#include "kernels/dense.hpp"

namespace dp::kernels {

// A patch row of the kernel's row ky is k*c floats; in the image the in-bounds part of
// it is contiguous too, so each is copied in one short loop (plain loops: a memmove call
// per pixel cost more than the copy at one channel), with zeros where it leaves the image.
void f32_im2col(const ConvShape& s, const float* x, float* cols) {
  const int oh = s.oh(), ow = s.ow(), pad = s.pad(), patch = s.patch(), kc = s.k * s.c;
  for (int n = 0; n < s.n; ++n) {
    const float* image = x + static_cast<size_t>(n) * s.h * s.w * s.c;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        float* row = cols + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * patch;
        const int ix0 = ox - pad;  // the image column of kx = 0
        const int lo = std::max(0, -ix0) * s.c, hi = std::min(s.k, s.w - ix0) * s.c;
        for (int ky = 0; ky < s.k; ++ky, row += kc) {
          const int iy = oy + ky - pad;
          if (iy < 0 || iy >= s.h) {
            for (int i = 0; i < kc; ++i) row[i] = 0.0f;
            continue;
          }
          // Indexes, not a pointer to kx = 0: that pixel may lie before the image.
          const std::ptrdiff_t at = (static_cast<std::ptrdiff_t>(iy) * s.w + ix0) * s.c;
          for (int i = 0; i < lo; ++i) row[i] = 0.0f;
          for (int i = lo; i < hi; ++i) row[i] = image[at + i];
          for (int i = hi; i < kc; ++i) row[i] = 0.0f;
        }
      }
  }
}

// The adjoint of f32_im2col, summing in the same order as before (output pixel, then
// ky, then kx and channel), with the bounds worked out once per row of the patch.
void f32_col2im(const ConvShape& s, const float* dcols, float* dx) {
  const int oh = s.oh(), ow = s.ow(), pad = s.pad(), patch = s.patch(), kc = s.k * s.c;
  std::fill(dx, dx + static_cast<size_t>(s.n) * s.h * s.w * s.c, 0.0f);
  for (int n = 0; n < s.n; ++n) {
    float* image = dx + static_cast<size_t>(n) * s.h * s.w * s.c;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        const float* row = dcols + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * patch;
        const int ix0 = ox - pad;
        const int lo = std::max(0, -ix0) * s.c, hi = std::min(s.k, s.w - ix0) * s.c;
        for (int ky = 0; ky < s.k; ++ky, row += kc) {
          const int iy = oy + ky - pad;
          if (iy < 0 || iy >= s.h) continue;
          const std::ptrdiff_t at = (static_cast<std::ptrdiff_t>(iy) * s.w + ix0) * s.c;
          for (int i = lo; i < hi; ++i) image[at + i] += row[i];
        }
      }
  }
}

void f32_conv2d_forward__im2col(const ConvShape& s, const float* x, const float* k, const float* b, float* cols,
                                float* y) {
  f32_im2col(s, x, cols);
  dense_forward(s.positions(), s.patch(), s.f, cols, k, b, y);
}

void f32_conv2d_backward_params__im2col(const ConvShape& s, const float* cols, const float* dy, float* dk, float* db) {
  dense_backward_params(s.positions(), s.patch(), s.f, cols, dy, dk, db);
}

void f32_conv2d_backward_input__im2col(const ConvShape& s, const float* dy, const float* k, float* dcols, float* dx) {
  dense_backward_input(s.positions(), s.patch(), s.f, dy, k, dcols);
  f32_col2im(s, dcols, dx);
}

}  // namespace dp::kernels
