// Scalar references of the activations: the plain formulas, with tanh, sigmoid and
// SELU's e^z - 1 from approx_math.hpp (the same operations as the xsimd kernels).
#include "kernels/activation.hpp"

#include "kernels/activation_scalar.hpp"

namespace dp::kernels {

void f32_activation_forward__scalar(Activation a, int n, const float* z, float* y) {
  for (int i = 0; i < n; ++i) y[i] = activation1(a, z[i]);
}

void f32_activation_backward__scalar(Activation a, int n, const float* y, const float* dy, float* dz) {
  for (int i = 0; i < n; ++i) dz[i] = dy[i] * derivative1(a, y[i]);
}

void f32_vexp__scalar(int n, const float* x, float* y) {
  for (int i = 0; i < n; ++i) y[i] = approx::exp<approx::ScalarOps>(x[i]);
}

void f32_vtanh__scalar(int n, const float* x, float* y) {
  for (int i = 0; i < n; ++i) y[i] = approx::tanh<approx::ScalarOps>(x[i]);
}

void f32_vsigmoid__scalar(int n, const float* x, float* y) {
  for (int i = 0; i < n; ++i) y[i] = approx::sigmoid<approx::ScalarOps>(x[i]);
}

}  // namespace dp::kernels
