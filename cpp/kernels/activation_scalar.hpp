// One element of each activation and its derivative (in terms of the output y): the
// scalar reference, and the tails of the xsimd kernels.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/approx_math.hpp"

namespace dp::kernels {

inline float activation1(Activation a, float z) {
  using approx::ScalarOps;
  switch (a) {
    case Activation::Relu: return z > 0.0f ? z : 0.0f;
    case Activation::LeakyRelu: return z > 0.0f ? z : kLeakySlope * z;
    case Activation::Tanh: return approx::tanh<ScalarOps>(z);
    case Activation::Sigmoid: return approx::sigmoid<ScalarOps>(z);
    case Activation::Linear: return z;
    case Activation::Selu:
      return z > 0.0f
                 ? kSeluLambda * z
                 : (kSeluLambda * kSeluAlpha) * approx::expm1_nonpositive<ScalarOps>(ScalarOps::clamp_above(z, 0.0f));
  }
  return z;
}

inline float derivative1(Activation a, float y) {
  switch (a) {
    case Activation::Relu: return y > 0.0f ? 1.0f : 0.0f;
    case Activation::LeakyRelu: return y > 0.0f ? 1.0f : kLeakySlope;
    case Activation::Tanh: return 1.0f - y * y;
    case Activation::Sigmoid: return y * (1.0f - y);
    case Activation::Linear: return 1.0f;
    // z <= 0: y = la(e^z - 1), so dy/dz = la e^z = y + la.
    case Activation::Selu: return y > 0.0f ? kSeluLambda : y + kSeluLambda * kSeluAlpha;
  }
  return 1.0f;
}

}  // namespace dp::kernels
