// Elementwise activations and their derivatives. Every derivative is written
// in terms of the activation's OUTPUT y, so the backward pass needs no copy
// of the pre-activation z.
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

#if DP_HAVE_XSIMD
inline constexpr auto activation_forward = f32_activation_forward__xsimd;
inline constexpr auto activation_backward = f32_activation_backward__xsimd;
#else
inline constexpr auto activation_forward = f32_activation_forward__scalar;
inline constexpr auto activation_backward = f32_activation_backward__scalar;
#endif

}  // namespace dp::kernels
