#include <algorithm>

#include "kernels/conv.hpp"

namespace dp::kernels {
namespace {

// Offset in an (h, w, c) image of the pixel under tap (ky, kx) of output pixel (oy, ox),
// or -1 in the padding.
inline long tap(const ConvShape& s, int oy, int ox, int ky, int kx) {
  const int iy = oy + ky - s.pad(), ix = ox + kx - s.pad();
  if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w) return -1;
  return (static_cast<long>(iy) * s.w + ix) * s.c;
}

}  // namespace

void f32_conv2d_forward__scalar(const ConvShape& s, const float* x, const float* k, const float* b, float* y) {
  const int oh = s.oh(), ow = s.ow();
  for (int n = 0; n < s.n; ++n) {
    const float* image = x + static_cast<size_t>(n) * s.h * s.w * s.c;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        float* out = y + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * s.f;
        for (int f = 0; f < s.f; ++f) {
          float acc = b[f];
          for (int ky = 0; ky < s.k; ++ky)
            for (int kx = 0; kx < s.k; ++kx) {
              const long t = tap(s, oy, ox, ky, kx);
              for (int c = 0; c < s.c; ++c)
                acc += (t < 0 ? 0.0f : image[t + c]) * k[((ky * s.k + kx) * s.c + c) * s.f + f];
            }
          out[f] = acc;
        }
      }
  }
}

void f32_conv2d_backward_params__scalar(const ConvShape& s, const float* x, const float* dy, float* dk, float* db) {
  const int oh = s.oh(), ow = s.ow();
  for (int n = 0; n < s.n; ++n) {
    const float* image = x + static_cast<size_t>(n) * s.h * s.w * s.c;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        const float* d = dy + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * s.f;
        for (int f = 0; f < s.f; ++f) db[f] += d[f];
        for (int ky = 0; ky < s.k; ++ky)
          for (int kx = 0; kx < s.k; ++kx) {
            const long t = tap(s, oy, ox, ky, kx);
            for (int c = 0; c < s.c; ++c) {
              const float v = t < 0 ? 0.0f : image[t + c];
              float* dkr = dk + ((ky * s.k + kx) * s.c + c) * s.f;
              for (int f = 0; f < s.f; ++f) dkr[f] += v * d[f];
            }
          }
      }
  }
}

void f32_conv2d_backward_input__scalar(const ConvShape& s, const float* dy, const float* k, float* dx) {
  const int oh = s.oh(), ow = s.ow();
  std::fill(dx, dx + static_cast<size_t>(s.n) * s.h * s.w * s.c, 0.0f);
  for (int n = 0; n < s.n; ++n) {
    float* image = dx + static_cast<size_t>(n) * s.h * s.w * s.c;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        const float* d = dy + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * s.f;
        for (int ky = 0; ky < s.k; ++ky)
          for (int kx = 0; kx < s.k; ++kx) {
            const long t = tap(s, oy, ox, ky, kx);
            if (t < 0) continue;
            float* px = image + t;
            for (int c = 0; c < s.c; ++c) {
              const float* kr = k + ((ky * s.k + kx) * s.c + c) * s.f;
              float acc = 0.0f;
              for (int f = 0; f < s.f; ++f) acc += d[f] * kr[f];
              px[c] += acc;
            }
          }
      }
  }
}

void f32_maxpool2x2_forward__scalar(int n, int h, int w, int c, const float* x, float* y, int32_t* argmax) {
  const int ph = h / 2, pw = w / 2;
  for (int i = 0; i < n; ++i)
    for (int py = 0; py < ph; ++py)
      for (int px = 0; px < pw; ++px)
        for (int ch = 0; ch < c; ++ch) {
          const int32_t top = static_cast<int32_t>(((i * h + 2 * py) * w + 2 * px) * c + ch);
          const int32_t window[4] = {top, top + c, top + w * c, top + w * c + c};
          int32_t best = window[0];
          for (int j = 1; j < 4; ++j)
            if (x[window[j]] > x[best]) best = window[j];
          const size_t o = ((static_cast<size_t>(i) * ph + py) * pw + px) * c + ch;
          y[o] = x[best];
          argmax[o] = best;
        }
}

void f32_maxpool2x2_backward__scalar(int n, int h, int w, int c, const float* dy, const int32_t* argmax, float* dx) {
  std::fill(dx, dx + static_cast<size_t>(n) * h * w * c, 0.0f);
  const size_t outputs = static_cast<size_t>(n) * (h / 2) * (w / 2) * c;
  for (size_t o = 0; o < outputs; ++o) dx[argmax[o]] += dy[o];
}

}  // namespace dp::kernels
