// exp, tanh, sigmoid and SELU's e^z - 1 (approx_math.hpp) against double-precision
// libm over the whole float range, with the maximum error in ulp asserted; the xsimd
// kernels against the scalar references, bit for bit.
//
// The sweep visits every kStride-th float bit pattern (8.4 million inputs, every
// binade and both signs), plus every special value. DP_EXHAUSTIVE=1 in the
// environment visits all 2^32 patterns (about a minute natively).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <ios>
#include <limits>
#include <string>
#include <vector>

#include "kernels/activation.hpp"
#include "kernels/approx_math.hpp"

using namespace dp::kernels;

namespace {

// Maximum errors in ulp of the exact result, as stated in approx_math.hpp.
// (The exhaustive sweep measured 1.021, 6.21, 2.40 and 1.96.)
constexpr double kExpMaxUlp = 1.03;
constexpr double kTanhMaxUlp = 6.5;
constexpr double kSigmoidMaxUlp = 2.5;
constexpr double kSeluMaxUlp = 2.0;  // lambda alpha (e^z - 1)

constexpr uint32_t kStride = 509;  // prime, so the low mantissa bits vary too
const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();

float from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
uint32_t to_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// The spacing of floats at |exact| (2^-149 below 2^-126).
double ulp_at(double exact) {
  const double a = std::fabs(exact);
  if (a < std::ldexp(1.0, -126)) return std::ldexp(1.0, -149);
  int e;
  std::frexp(a, &e);  // a = m 2^e, m in [0.5, 1)
  return std::ldexp(1.0, e - 24);
}

// Error of y in ulp of `exact`; a result that overflows float must be the same infinity,
// a NaN must be NaN (reported as 0 or infinitely wrong).
double ulp_error(float y, double exact) {
  if (std::isnan(exact)) return std::isnan(y) ? 0.0 : HUGE_VAL;
  if (std::isnan(y)) return HUGE_VAL;
  const float rounded = static_cast<float>(exact);
  if (std::isinf(rounded) || std::isinf(y)) return y == rounded ? 0.0 : HUGE_VAL;
  return std::fabs(static_cast<double>(y) - exact) / ulp_at(exact);
}

struct Sweep {
  double max_ulp = 0.0;
  float worst_x = 0.0f, worst_y = 0.0f;
  long long mismatches = 0;  // xsimd vs scalar
  long long count = 0;
};

using Kernel = void (*)(int, const float*, float*);

// Runs both kernels over `inputs` and folds the errors into s.
void check_block(const std::vector<float>& x, Kernel simd, Kernel scalar, const std::function<double(double)>& exact,
                 Sweep& s) {
  const int n = static_cast<int>(x.size());
  std::vector<float> yv(n), ys(n);
  simd(n, x.data(), yv.data());
  scalar(n, x.data(), ys.data());
  for (int i = 0; i < n; ++i) {
    if (to_bits(yv[i]) != to_bits(ys[i]) && !(std::isnan(yv[i]) && std::isnan(ys[i]))) ++s.mismatches;
    const double e = ulp_error(ys[i], exact(x[i]));
    if (e > s.max_ulp) s.max_ulp = e, s.worst_x = x[i], s.worst_y = ys[i];
  }
  s.count += n;
}

// Every kStride-th bit pattern (or all of them), in blocks, optionally only x <= 0.
Sweep sweep(Kernel simd, Kernel scalar, const std::function<double(double)>& exact, bool nonpositive_only = false) {
  const char* env = std::getenv("DP_EXHAUSTIVE");
  const uint64_t stride = env && std::string(env) == "1" ? 1 : kStride;
  Sweep s;
  std::vector<float> block;
  block.reserve(1 << 16);
  for (uint64_t u = 0; u <= 0xffffffffull; u += stride) {
    const float x = from_bits(static_cast<uint32_t>(u));
    if (nonpositive_only && !(x <= 0.0f) && !std::isnan(x)) continue;
    block.push_back(x);
    if (block.size() == block.capacity()) check_block(block, simd, scalar, exact, s), block.clear();
  }
  // Special values: zeros, infinities, NaN, the smallest and largest denormals and normals.
  block.insert(block.end(), {0.0f, -0.0f, kInf, -kInf, kNaN, -kNaN, from_bits(1), from_bits(0x80000001u),
                             from_bits(0x007fffff), from_bits(0x807fffff), from_bits(0x00800000), from_bits(0x80800000),
                             from_bits(0x7f7fffff), from_bits(0xff7fffff)});
  if (nonpositive_only) {
    std::vector<float> kept;
    for (float x : block)
      if (x <= 0.0f || std::isnan(x)) kept.push_back(x);
    block.swap(kept);
  }
  check_block(block, simd, scalar, exact, s);
  return s;
}

void report(const std::string& name, const Sweep& s, double bound) {
  INFO(name << ": max error " << s.max_ulp << " ulp at x = " << s.worst_x << " (bits 0x" << std::hex
            << to_bits(s.worst_x) << std::dec << ") -> " << s.worst_y << ", over " << s.count << " inputs");
  MESSAGE(name << ": max error " << s.max_ulp << " ulp over " << s.count << " inputs");
  CHECK(s.max_ulp <= bound);
  CHECK(s.mismatches == 0);
}

float scalar1(Kernel k, float x) {
  float y;
  k(1, &x, &y);
  return y;
}

void selu_scalar(int n, const float* z, float* y) { f32_activation_forward__scalar(Activation::Selu, n, z, y); }
void selu_simd(int n, const float* z, float* y) { activation_forward(Activation::Selu, n, z, y); }

}  // namespace

TEST_CASE("exp: within 1.03 ulp over every float, denormal results and overflow included") {
  report("exp", sweep(vexp, f32_vexp__scalar, [](double x) { return std::exp(x); }), kExpMaxUlp);
  CHECK(scalar1(vexp, 0.0f) == 1.0f);
  CHECK(scalar1(vexp, -0.0f) == 1.0f);
  CHECK(scalar1(vexp, kInf) == kInf);
  CHECK(scalar1(vexp, -kInf) == 0.0f);
  CHECK(std::isnan(scalar1(vexp, kNaN)));
  CHECK(scalar1(vexp, 88.72283f) < kInf);  // the largest finite result
  CHECK(scalar1(vexp, 88.7229f) == kInf);
  CHECK(scalar1(vexp, -103.0f) > 0.0f);  // a denormal, not flushed
  CHECK(scalar1(vexp, -104.0f) == 0.0f);
  CHECK(scalar1(vexp, from_bits(1)) == 1.0f);  // a denormal input
}

TEST_CASE("tanh: within 6.5 ulp over every float, odd, saturating at exactly +-1") {
  report("tanh", sweep(vtanh, f32_vtanh__scalar, [](double x) { return std::tanh(x); }), kTanhMaxUlp);
  CHECK(to_bits(scalar1(vtanh, 0.0f)) == to_bits(0.0f));
  CHECK(to_bits(scalar1(vtanh, -0.0f)) == to_bits(-0.0f));
  CHECK(scalar1(vtanh, from_bits(1)) == from_bits(1));  // denormals come back unchanged
  CHECK(scalar1(vtanh, from_bits(0x807fffff)) == from_bits(0x807fffff));
  CHECK(scalar1(vtanh, kInf) == 1.0f);
  CHECK(scalar1(vtanh, -kInf) == -1.0f);
  CHECK(std::isnan(scalar1(vtanh, kNaN)));
  // Saturation: from 8.99 on, exactly 1; everywhere |tanh| <= 1 and tanh(-x) = -tanh(x).
  for (float x = 8.99f; x < 1e6f; x *= 1.01f) {
    CAPTURE(x);
    REQUIRE(scalar1(vtanh, x) == 1.0f);
    REQUIRE(scalar1(vtanh, -x) == -1.0f);
  }
  std::vector<float> x, y(1 << 20);
  for (uint32_t u = 0; u < 0x7f800000u; u += 0x7f800000u / (1 << 20) + 1) x.push_back(from_bits(u));
  vtanh(static_cast<int>(x.size()), x.data(), y.data());
  for (size_t i = 0; i < x.size(); ++i) {
    CAPTURE(x[i]);
    REQUIRE(std::fabs(y[i]) <= 1.0f);
    REQUIRE(scalar1(vtanh, -x[i]) == -y[i]);
  }
}

TEST_CASE("sigmoid: within 2.5 ulp over every float, in [0, 1], small results keep their accuracy") {
  report("sigmoid", sweep(vsigmoid, f32_vsigmoid__scalar, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }),
         kSigmoidMaxUlp);
  CHECK(scalar1(vsigmoid, 0.0f) == 0.5f);
  CHECK(scalar1(vsigmoid, -0.0f) == 0.5f);
  CHECK(scalar1(vsigmoid, kInf) == 1.0f);
  CHECK(scalar1(vsigmoid, -kInf) == 0.0f);
  CHECK(std::isnan(scalar1(vsigmoid, kNaN)));
  CHECK(scalar1(vsigmoid, 16.0f) < 1.0f);
  CHECK(scalar1(vsigmoid, 17.4f) == 1.0f);
  CHECK(scalar1(vsigmoid, -90.0f) > 0.0f);  // a denormal, not flushed
}

TEST_CASE("SELU's negative side, lambda alpha (e^z - 1): within 2 ulp for every z <= 0") {
  const double la = static_cast<double>(kSeluLambda) * kSeluAlpha;
  report("selu, z <= 0",
         sweep(
             selu_simd, selu_scalar, [&](double z) { return la * std::expm1(z); }, true),
         kSeluMaxUlp);
  CHECK(scalar1(selu_scalar, -kInf) == static_cast<float>(-la));
  CHECK(std::isnan(scalar1(selu_scalar, kNaN)));
}

TEST_CASE("activation kernels: xsimd equals the scalar reference bit for bit on awkward sizes") {
  for (Activation a : {Activation::Relu, Activation::LeakyRelu, Activation::Tanh, Activation::Sigmoid,
                       Activation::Linear, Activation::Selu})
    // The loops take 16 at a time, then whole vectors of 4, then a padded tail: 47 is
    // 32 + 3 vectors + 3, 20 is 16 + 1 vector, 31 is 16 + 3 vectors + 3.
    for (int n : {1, 3, 4, 5, 7, 16, 17, 20, 31, 33, 47}) {
      CAPTURE(static_cast<int>(a));
      CAPTURE(n);
      std::vector<float> z(n), dy(n);
      for (int i = 0; i < n; ++i) z[i] = 0.37f * (i - n / 2), dy[i] = 1.0f - 0.1f * i;
      std::vector<float> ys(n), yv(n), dzs(n), dzv(n);
      f32_activation_forward__scalar(a, n, z.data(), ys.data());
      activation_forward(a, n, z.data(), yv.data());
      f32_activation_backward__scalar(a, n, ys.data(), dy.data(), dzs.data());
      activation_backward(a, n, ys.data(), dy.data(), dzv.data());
      CHECK(ys == yv);
      CHECK(dzs == dzv);
      // In place (y aliases z) gives the same.
      std::vector<float> inplace = z;
      activation_forward(a, n, inplace.data(), inplace.data());
      CHECK(inplace == ys);
    }
}
