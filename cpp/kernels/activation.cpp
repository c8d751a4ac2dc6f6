#include "kernels/activation.hpp"

#include <cmath>

#if DP_HAVE_XSIMD
#include <xsimd/xsimd.hpp>
#endif

namespace dp::kernels {
namespace {

inline float forward1(Activation a, float z) {
  switch (a) {
    case Activation::Relu: return z > 0.0f ? z : 0.0f;
    case Activation::LeakyRelu: return z > 0.0f ? z : kLeakySlope * z;
    case Activation::Tanh: return std::tanh(z);
    case Activation::Sigmoid: return 1.0f / (1.0f + std::exp(-z));
    case Activation::Linear: return z;
    case Activation::Selu: return z > 0.0f ? kSeluLambda * z : kSeluLambda * kSeluAlpha * std::expm1(z);
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

}  // namespace

void f32_activation_forward__scalar(Activation a, int n, const float* z, float* y) {
  for (int i = 0; i < n; ++i) y[i] = forward1(a, z[i]);
}

void f32_activation_backward__scalar(Activation a, int n, const float* y, const float* dy, float* dz) {
  for (int i = 0; i < n; ++i) dz[i] = dy[i] * derivative1(a, y[i]);
}

#if DP_HAVE_XSIMD
namespace {
using fb = xsimd::batch<float>;
constexpr int W = static_cast<int>(fb::size);

inline fb forward_batch(Activation a, fb z) {
  const fb zero(0.0f);
  switch (a) {
    case Activation::Relu: return xsimd::max(z, zero);
    case Activation::LeakyRelu: return xsimd::select(z > zero, z, fb(kLeakySlope) * z);
    case Activation::Tanh: return xsimd::tanh(z);
    case Activation::Sigmoid: return fb(1.0f) / (fb(1.0f) + xsimd::exp(-z));
    case Activation::Linear: return z;
    case Activation::Selu:
      return xsimd::select(z > zero, fb(kSeluLambda) * z,
                           fb(kSeluLambda * kSeluAlpha) * xsimd::expm1(xsimd::min(z, zero)));
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
}  // namespace

void f32_activation_forward__xsimd(Activation a, int n, const float* z, float* y) {
  if (a == Activation::Linear) {
    if (y != z)
      for (int i = 0; i < n; ++i) y[i] = z[i];
    return;
  }
  int i = 0;
  for (; i + W <= n; i += W) forward_batch(a, fb::load_unaligned(z + i)).store_unaligned(y + i);
  for (; i < n; ++i) y[i] = forward1(a, z[i]);
}

void f32_activation_backward__xsimd(Activation a, int n, const float* y, const float* dy, float* dz) {
  int i = 0;
  for (; i + W <= n; i += W)
    (fb::load_unaligned(dy + i) * derivative_batch(a, fb::load_unaligned(y + i))).store_unaligned(dz + i);
  for (; i < n; ++i) dz[i] = dy[i] * derivative1(a, y[i]);
}
#endif

}  // namespace dp::kernels
