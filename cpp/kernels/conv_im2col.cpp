// Convolution as im2col + the register-blocked dense kernel: the K*K*C patch of
// every output pixel becomes a row, so the convolution is one (positions x patch)
// by (patch x F) matrix product, which the dense kernels already do at 4 lanes.
#include <algorithm>

#include "kernels/conv.hpp"
#include "kernels/dense.hpp"

namespace dp::kernels {

void f32_im2col(const ConvShape& s, const float* x, float* cols) {
  const int oh = s.oh(), ow = s.ow(), pad = s.pad(), patch = s.patch();
  for (int n = 0; n < s.n; ++n) {
    const float* image = x + static_cast<size_t>(n) * s.h * s.w * s.c;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        float* row = cols + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * patch;
        for (int ky = 0; ky < s.k; ++ky) {
          const int iy = oy + ky - pad;
          for (int kx = 0; kx < s.k; ++kx, row += s.c) {
            const int ix = ox + kx - pad;
            if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w)
              std::fill(row, row + s.c, 0.0f);
            else
              std::copy_n(image + (static_cast<size_t>(iy) * s.w + ix) * s.c, s.c, row);
          }
        }
      }
  }
}

void f32_col2im(const ConvShape& s, const float* dcols, float* dx) {
  const int oh = s.oh(), ow = s.ow(), pad = s.pad(), patch = s.patch();
  std::fill(dx, dx + static_cast<size_t>(s.n) * s.h * s.w * s.c, 0.0f);
  for (int n = 0; n < s.n; ++n) {
    float* image = dx + static_cast<size_t>(n) * s.h * s.w * s.c;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        const float* row = dcols + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * patch;
        for (int ky = 0; ky < s.k; ++ky) {
          const int iy = oy + ky - pad;
          for (int kx = 0; kx < s.k; ++kx, row += s.c) {
            const int ix = ox + kx - pad;
            if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w) continue;
            float* px = image + (static_cast<size_t>(iy) * s.w + ix) * s.c;
            for (int c = 0; c < s.c; ++c) px[c] += row[c];
          }
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
