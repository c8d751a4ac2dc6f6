#include "kernels/dense.hpp"

namespace dp::kernels {

void f32_dense_forward__scalar(int B, int in, int out, const float* x, const float* k, const float* b, float* y) {
  for (int n = 0; n < B; ++n) {
    float* yr = y + n * out;
    for (int o = 0; o < out; ++o) yr[o] = b[o];
    for (int i = 0; i < in; ++i) {
      const float xi = x[n * in + i];
      const float* kr = k + i * out;
      for (int o = 0; o < out; ++o) yr[o] += xi * kr[o];
    }
  }
}

void f32_dense_backward_params__scalar(int B, int in, int out, const float* x, const float* dy, float* dk, float* db) {
  for (int n = 0; n < B; ++n) {
    const float* dyr = dy + n * out;
    for (int o = 0; o < out; ++o) db[o] += dyr[o];
    for (int i = 0; i < in; ++i) {
      const float xi = x[n * in + i];
      float* dkr = dk + i * out;
      for (int o = 0; o < out; ++o) dkr[o] += xi * dyr[o];
    }
  }
}

void f32_dense_backward_input__scalar(int B, int in, int out, const float* dy, const float* k, float* dx) {
  for (int n = 0; n < B; ++n) {
    const float* dyr = dy + n * out;
    for (int i = 0; i < in; ++i) {
      const float* kr = k + i * out;
      float s = 0.0f;
      for (int o = 0; o < out; ++o) s += dyr[o] * kr[o];
      dx[n * in + i] = s;
    }
  }
}

}  // namespace dp::kernels
