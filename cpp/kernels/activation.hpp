// Elementwise activations and their derivatives. Every derivative is written
// in terms of the activation's OUTPUT y, so the backward pass needs no copy
// of the pre-activation z.
//
// tanh, sigmoid and SELU's e^z - 1 are float32 approximations with a stated maximum
// error (approx_math.hpp: 2 ulp or better), the same in the scalar reference and the
// xsimd kernel, bit for bit. The backward pass differentiates with the exact formula
// in y (1 - y^2, y (1 - y)), which is within a few ulp of the approximation's own slope.
#pragma once

namespace dp::kernels {

enum class Activation { Relu, LeakyRelu, Tanh, Sigmoid, Linear, Selu };

inline constexpr float kLeakySlope = 0.01f;                // PyTorch's default
inline constexpr float kSeluLambda = 1.0507009873554805f;  // Klambauer et al. 2017
inline constexpr float kSeluAlpha = 1.6732632423543772f;

// y[i] = f(z[i]); y may alias z.
void f32_activation_forward__scalar(Activation a, int n, const float* z, float* y);
void f32_activation_forward__xsimd(Activation a, int n, const float* z, float* y);

// dz[i] = dy[i] * f'(z[i]), computed from y[i] = f(z[i]); dz may alias dy.
void f32_activation_backward__scalar(Activation a, int n, const float* y, const float* dy, float* dz);
void f32_activation_backward__xsimd(Activation a, int n, const float* y, const float* dy, float* dz);

// Elementwise transcendental functions (for the activations, softmax, losses, alpha
// dropout): y[i] = e^x[i], tanh(x[i]), 1 / (1 + e^-x[i]); y may alias x.
// Maximum errors and special values: approx_math.hpp.
void f32_vexp__scalar(int n, const float* x, float* y);
void f32_vexp__xsimd(int n, const float* x, float* y);
void f32_vtanh__scalar(int n, const float* x, float* y);
void f32_vtanh__xsimd(int n, const float* x, float* y);
void f32_vsigmoid__scalar(int n, const float* x, float* y);
void f32_vsigmoid__xsimd(int n, const float* x, float* y);

#if DP_HAVE_XSIMD
inline constexpr auto vexp = f32_vexp__xsimd;
inline constexpr auto vtanh = f32_vtanh__xsimd;
inline constexpr auto vsigmoid = f32_vsigmoid__xsimd;
#else
inline constexpr auto vexp = f32_vexp__scalar;
inline constexpr auto vtanh = f32_vtanh__scalar;
inline constexpr auto vsigmoid = f32_vsigmoid__scalar;
#endif

#if DP_HAVE_XSIMD
inline constexpr auto activation_forward = f32_activation_forward__xsimd;
inline constexpr auto activation_backward = f32_activation_backward__xsimd;
#else
inline constexpr auto activation_forward = f32_activation_forward__scalar;
inline constexpr auto activation_backward = f32_activation_backward__scalar;
#endif

}  // namespace dp::kernels
