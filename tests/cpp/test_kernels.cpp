// Every SIMD kernel against its scalar reference, and every scalar reference
// against the plain math, on awkward sizes (not only multiples of 4 lanes).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "kernels/activation.hpp"
#include "kernels/dense.hpp"
#include "kernels/mask.hpp"
#include "kernels/rng.hpp"

using namespace dp::kernels;

namespace {

const int kSizes[] = {1, 3, 5, 7, 17, 33};

std::vector<float> random_vector(size_t n, uint64_t seed, float scale = 1.0f) {
  std::vector<float> v(n);
  const uint64_t key = dp::stream_key(seed, 99);
  for (size_t i = 0; i < n; ++i) v[i] = scale * (2.0f * dp::uniform01(key, static_cast<uint32_t>(i)) - 1.0f);
  return v;
}

// |a - b| within a few float32 roundings of a sum whose terms have magnitude `scale`.
void check_close(float a, float b, double scale, const char* what) {
  INFO(what << ": " << a << " vs " << b);
  CHECK(std::fabs(static_cast<double>(a) - b) <= 4 * 1.2e-7 * scale + 1e-30);
}

}  // namespace

#if DP_HAVE_XSIMD
TEST_CASE("dense kernels: xsimd equals the scalar reference, which equals the plain math") {
  for (int B : kSizes)
    for (int in : kSizes)
      for (int out : kSizes) {
        CAPTURE(B);
        CAPTURE(in);
        CAPTURE(out);
        const auto x = random_vector(B * in, 1), k = random_vector(in * out, 2), b = random_vector(out, 3),
                   dy = random_vector(B * out, 4);
        // Forward: y = x k + b, checked against a double-precision triple loop.
        std::vector<float> ys(B * out), yv(B * out);
        f32_dense_forward__scalar(B, in, out, x.data(), k.data(), b.data(), ys.data());
        f32_dense_forward__xsimd(B, in, out, x.data(), k.data(), b.data(), yv.data());
        for (int n = 0; n < B; ++n)
          for (int o = 0; o < out; ++o) {
            double exact = b[o], mag = std::fabs(b[o]);
            for (int i = 0; i < in; ++i) {
              exact += static_cast<double>(x[n * in + i]) * k[i * out + o];
              mag += std::fabs(x[n * in + i] * k[i * out + o]);
            }
            check_close(ys[n * out + o], static_cast<float>(exact), (in + 1) * mag, "forward scalar vs math");
            check_close(yv[n * out + o], ys[n * out + o], (in + 1) * mag, "forward xsimd vs scalar");
          }
        // Parameter gradients: dk += x^T dy, db += sum dy (accumulating onto nonzero values).
        std::vector<float> dks = random_vector(in * out, 5), dkv = dks, dbs = random_vector(out, 6), dbv = dbs;
        const std::vector<float> dk0 = dks, db0 = dbs;
        f32_dense_backward_params__scalar(B, in, out, x.data(), dy.data(), dks.data(), dbs.data());
        f32_dense_backward_params__xsimd(B, in, out, x.data(), dy.data(), dkv.data(), dbv.data());
        for (int i = 0; i < in; ++i)
          for (int o = 0; o < out; ++o) {
            double exact = dk0[i * out + o], mag = std::fabs(exact);
            for (int n = 0; n < B; ++n) {
              exact += static_cast<double>(x[n * in + i]) * dy[n * out + o];
              mag += std::fabs(x[n * in + i] * dy[n * out + o]);
            }
            check_close(dks[i * out + o], static_cast<float>(exact), (B + 1) * mag, "dk scalar vs math");
            check_close(dkv[i * out + o], dks[i * out + o], (B + 1) * mag, "dk xsimd vs scalar");
          }
        for (int o = 0; o < out; ++o) {
          double exact = db0[o], mag = std::fabs(exact);
          for (int n = 0; n < B; ++n) exact += dy[n * out + o], mag += std::fabs(dy[n * out + o]);
          check_close(dbs[o], static_cast<float>(exact), (B + 1) * mag, "db scalar vs math");
          check_close(dbv[o], dbs[o], (B + 1) * mag, "db xsimd vs scalar");
        }
        // Input gradient: dx = dy k^T.
        std::vector<float> dxs(B * in), dxv(B * in);
        f32_dense_backward_input__scalar(B, in, out, dy.data(), k.data(), dxs.data());
        f32_dense_backward_input__xsimd(B, in, out, dy.data(), k.data(), dxv.data());
        for (int n = 0; n < B; ++n)
          for (int i = 0; i < in; ++i) {
            double exact = 0, mag = 0;
            for (int o = 0; o < out; ++o) {
              exact += static_cast<double>(dy[n * out + o]) * k[i * out + o];
              mag += std::fabs(dy[n * out + o] * k[i * out + o]);
            }
            check_close(dxs[n * in + i], static_cast<float>(exact), out * mag, "dx scalar vs math");
            check_close(dxv[n * in + i], dxs[n * in + i], out * mag, "dx xsimd vs scalar");
          }
      }
}

TEST_CASE("Bernoulli masks: xsimd is bit-identical to the scalar reference") {
  for (int n : {1, 3, 5, 7, 17, 33, 1000})
    for (float keep : {0.0f, 0.1f, 0.5f, 0.8f, 1.0f})
      for (uint32_t counter0 : {0u, 5u, 0xfffffff0u}) {  // the last one wraps the 32-bit counter
        CAPTURE(n);
        CAPTURE(keep);
        CAPTURE(counter0);
        const uint64_t key = dp::stream_key(7, dp::kStreamMask, 1, 2);
        std::vector<float> s(n, -1.0f), v(n, -1.0f);
        f32_bernoulli_mask__scalar(key, counter0, n, keep, 2.5f, s.data());
        f32_bernoulli_mask__xsimd(key, counter0, n, keep, 2.5f, v.data());
        CHECK(s == v);
      }
}

TEST_CASE("Bernoulli dropout: the fused kernel equals the mask times x, bit for bit") {
  for (int n : {1, 3, 5, 7, 17, 33, 1000})
    for (float keep : {0.0f, 0.5f, 1.0f})
      for (uint32_t counter0 : {0u, 5u, 0xfffffff0u}) {
        CAPTURE(n);
        CAPTURE(keep);
        CAPTURE(counter0);
        const uint64_t key = dp::stream_key(7, dp::kStreamMC, 1, 2);
        const auto x = random_vector(n, 13, 3.0f);
        std::vector<float> mask(n), expected(n), s(n), v = x;
        f32_bernoulli_mask__scalar(key, counter0, n, keep, 2.5f, mask.data());
        for (int i = 0; i < n; ++i) expected[i] = x[i] * mask[i];
        f32_bernoulli_dropout__scalar(key, counter0, n, keep, 2.5f, x.data(), s.data());
        f32_bernoulli_dropout__xsimd(key, counter0, n, keep, 2.5f, v.data(), v.data());  // in place
        CHECK(s == expected);
        CHECK(v == expected);
      }
}

TEST_CASE("16-bit Monte-Carlo masks: two units from each hash, xsimd bit-identical to the scalar reference") {
  const uint64_t key = dp::stream_key(7, dp::kStreamMC, 1, 2);
  SUBCASE("unit u takes a half of counter_hash(key, (u / 8) * 4 + u % 4)") {
    const uint32_t t = mask16_threshold(0.6f);
    CHECK(t == 39322u);  // round(0.6 * 65536) = round(39321.6)
    std::vector<float> m(64);
    f32_bernoulli_mask16__scalar(key, 40, 64, 0.6f, 2.5f, m.data());
    for (uint32_t i = 0; i < 64; ++i) {
      const uint32_t u = 40 + i, word = dp::counter_hash(key, (u / 8) * 4 + u % 4);
      const uint32_t u16 = u % 8 < 4 ? word & 0xffffu : word >> 16;
      CHECK(m[i] == (u16 < t ? 2.5f : 0.0f));
    }
  }
  SUBCASE("the threshold is round(keep * 2^16): P(kept) within 2^-17 of keep") {
    CHECK(mask16_threshold(0.0f) == 0u);
    CHECK(mask16_threshold(1.0f) == 65536u);
    for (int k = 0; k <= 1000; ++k) {
      const float keep = static_cast<float>(k) / 1000.0f;
      CAPTURE(keep);
      CHECK(std::fabs(mask16_threshold(keep) / 65536.0 - keep) <= 1.0 / 131072.0 + 1e-9);
    }
  }
  SUBCASE("xsimd equals scalar; any split of a range; the fused kernel is mask times x") {
    for (int n : {1, 3, 5, 7, 8, 9, 15, 16, 17, 33, 1000})
      for (float keep : {0.0f, 0.1f, 0.5f, 0.8f, 1.0f})
        for (uint32_t counter0 : {0u, 3u, 5u, 8u, 0xfffffff0u}) {  // unaligned starts run the scalar head
          CAPTURE(n);
          CAPTURE(keep);
          CAPTURE(counter0);
          std::vector<float> s(n, -1.0f), v(n, -1.0f), split(n, -1.0f);
          f32_bernoulli_mask16__scalar(key, counter0, n, keep, 2.5f, s.data());
          f32_bernoulli_mask16__xsimd(key, counter0, n, keep, 2.5f, v.data());
          CHECK(s == v);
          // A pure function of (key, counter): any split of the range gives the same masks.
          const int k = n / 3;
          f32_bernoulli_mask16__xsimd(key, counter0, k, keep, 2.5f, split.data());
          f32_bernoulli_mask16__xsimd(key, counter0 + static_cast<uint32_t>(k), n - k, keep, 2.5f, split.data() + k);
          CHECK(split == s);
          // The fused kernel is the mask times x, bit for bit, in place too.
          const auto x = random_vector(n, 13, 3.0f);
          std::vector<float> expected(n), fs(n), fv = x;
          for (int i = 0; i < n; ++i) expected[i] = x[i] * s[i];
          f32_bernoulli_dropout16__scalar(key, counter0, n, keep, 2.5f, x.data(), fs.data());
          f32_bernoulli_dropout16__xsimd(key, counter0, n, keep, 2.5f, fv.data(), fv.data());
          CHECK(fs == expected);
          CHECK(fv == expected);
        }
  }
}

// The activation kernels (xsimd bit for bit against the scalar reference, and both
// against double precision over every float) are tested in test_activations.cpp.
#endif

TEST_CASE("scalar activations are the textbook functions and derivatives") {
  const float z[] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};
  for (float zi : z) {
    CAPTURE(zi);
    float y, dz;
    const float one = 1.0f;
    auto fwd = [&](Activation a) {
      f32_activation_forward__scalar(a, 1, &zi, &y);
      f32_activation_backward__scalar(a, 1, &y, &one, &dz);
    };
    fwd(Activation::Relu);
    CHECK(y == (zi > 0 ? zi : 0.0f));
    CHECK(dz == (zi > 0 ? 1.0f : 0.0f));
    fwd(Activation::LeakyRelu);
    CHECK(y == doctest::Approx(zi > 0 ? zi : 0.01f * zi));
    CHECK(dz == doctest::Approx(zi > 0 ? 1.0f : 0.01f));
    fwd(Activation::Tanh);
    CHECK(y == doctest::Approx(std::tanh(zi)));
    CHECK(dz == doctest::Approx(1 - std::tanh(zi) * std::tanh(zi)));
    fwd(Activation::Sigmoid);
    const double s = 1 / (1 + std::exp(-static_cast<double>(zi)));
    CHECK(y == doctest::Approx(s));
    CHECK(dz == doctest::Approx(s * (1 - s)));
    fwd(Activation::Linear);
    CHECK(y == zi);
    CHECK(dz == 1.0f);
    fwd(Activation::Selu);
    const double lambda = 1.0507009873554805, alpha = 1.6732632423543772;
    CHECK(y == doctest::Approx(zi > 0 ? lambda * zi : lambda * alpha * std::expm1(zi)));
    CHECK(dz == doctest::Approx(zi > 0 ? lambda : lambda * alpha * std::exp(zi)));
  }
}

TEST_CASE("the counter-based generator is a pure function of key and counter") {
  const uint64_t k1 = dp::stream_key(1, dp::kStreamMask, 0, 0), k2 = dp::stream_key(2, dp::kStreamMask, 0, 0);
  CHECK(dp::counter_hash(k1, 42) == dp::counter_hash(k1, 42));
  CHECK(dp::counter_hash(k1, 42) != dp::counter_hash(k2, 42));
  CHECK(dp::stream_key(1, dp::kStreamMask, 0, 1) != dp::stream_key(1, dp::kStreamMask, 1, 0));
  // Uniforms lie in [0, 1) and their mean is 1/2 within 4 standard errors (sd of U(0,1) is 1/sqrt(12)).
  const int n = 100000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const float u = dp::uniform01(k1, static_cast<uint32_t>(i));
    REQUIRE(u >= 0.0f);
    REQUIRE(u < 1.0f);
    sum += u;
  }
  CHECK(std::fabs(sum / n - 0.5) < 4 / std::sqrt(12.0 * n));
}
