// Statistical specifications of dropout (cpp/kernels/mask.hpp, cpp/nn/dropout.hpp;
// mask granularity in a network is in test_mask_granularity.cpp). Every bound is derived from the
// distribution being sampled (4 standard deviations of the statistic), never a
// loose tolerance. The draws are seeded, so each check is deterministic; a
// correct implementation fails one of them with probability ~6e-5 per seed.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "json_lite.hpp"
#include "kernels/mask.hpp"
#include "kernels/rng.hpp"
#include "nn/config.hpp"
#include "nn/dropout.hpp"
#include "nn/network.hpp"

using namespace dp;

namespace {

constexpr float kRates[] = {0.1f, 0.2f, 0.5f, 0.9f};
constexpr double kSigmas = 4.0;  // every bound is 4 standard deviations of its statistic

double mean_of(const std::vector<float>& v) {
  double s = 0.0;
  for (float x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Unbiased sample variance (divides by n-1).
double variance_of(const std::vector<float>& v) {
  const double m = mean_of(v);
  double s = 0.0;
  for (float x : v) s += (x - m) * (x - m);
  return s / static_cast<double>(v.size() - 1);
}

// Pearson correlation of the pairs (a[i], b[i]).
double pearson(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  const double ma = mean_of(a), mb = mean_of(b);
  double sab = 0.0, saa = 0.0, sbb = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  REQUIRE(saa > 0.0);
  REQUIRE(sbb > 0.0);
  return sab / std::sqrt(saa * sbb);
}

double kept_fraction(const std::vector<float>& mask) {
  size_t kept = 0;
  for (float f : mask) kept += f != 0.0f;
  return static_cast<double>(kept) / static_cast<double>(mask.size());
}

// Variance of the unbiased sample variance of n iid values with central moments
// sigma2 and mu4 (exact; e.g. Cramer 1946, 27.4): mu4/n - sigma^4 (n-3)/(n(n-1)).
double sample_variance_variance(double sigma2, double mu4, double n) {
  return mu4 / n - sigma2 * sigma2 * (n - 3.0) / (n * (n - 1.0));
}

// n training factors of unit dropout, drawn as one row.
std::vector<float> factors(DropoutKind kind, DropoutMode mode, float rate, uint64_t key, int n) {
  std::vector<float> f(n);
  sample_mask({rate, kind}, mode, key, 0, false, 1, n, f.data());
  return f;
}

}  // namespace

// ---------------------------------------------------------------- Bernoulli masks

TEST_CASE("bernoulli masks keep a fraction 1-rate of the units") {
  // An odd length and start counter, so the SIMD kernel's scalar tail runs too.
  constexpr int n = 1000003;
  const uint64_t key = stream_key(11, kStreamMask, 0, 0);
  using MaskFn = void (*)(uint64_t, uint32_t, int, float, float, float*);
  const struct {
    const char* name;
    MaskFn fn;
  } kernels_under_test[] = {
    {"scalar", kernels::f32_bernoulli_mask__scalar},
#if DP_HAVE_XSIMD
    {"xsimd", kernels::f32_bernoulli_mask__xsimd},
#endif
    {"scalar, 16-bit (Monte-Carlo)", kernels::f32_bernoulli_mask16__scalar},
#if DP_HAVE_XSIMD
    {"xsimd, 16-bit (Monte-Carlo)", kernels::f32_bernoulli_mask16__xsimd},
#endif
  };
  SUBCASE("rates 0.1, 0.2, 0.5, 0.9") {
    for (const auto& k : kernels_under_test) {
      for (float rate : kRates) {
        const std::string kernel = k.name;
        CAPTURE(kernel);
        CAPTURE(rate);
        const double q = 1.0 - rate;
        const float scale = 1.0f / (1.0f - rate);
        std::vector<float> m(n, -1.0f);
        k.fn(key, 7, n, 1.0f - rate, scale, m.data());
        bool only_scale_or_zero = true;
        for (float f : m) only_scale_or_zero &= f == 0.0f || f == scale;
        CHECK(only_scale_or_zero);
        // kept count ~ Binomial(n, q): the fraction has standard deviation sqrt(n p q)/n.
        const double bound = kSigmas * std::sqrt(n * rate * q) / n;
        CHECK(std::fabs(kept_fraction(m) - q) <= bound);
      }
    }
  }
  SUBCASE("rate 0 keeps every unit") {
    for (const auto& k : kernels_under_test) {
      const std::string kernel = k.name;
      CAPTURE(kernel);
      std::vector<float> m(n, -1.0f);
      k.fn(key, 0, n, 1.0f, 1.0f, m.data());
      CHECK(kept_fraction(m) == 1.0);
    }
  }
}

TEST_CASE("16-bit masks: the two units that share a hash are independent") {
  // Units 8b + j and 8b + 4 + j take the low and high halves of one hash. If the halves are
  // independent, "both kept" over the 4 pairs of each of the n / 8 blocks is Binomial(n / 2, q^2);
  // likewise each half alone keeps a fraction q of its n / 2 units.
  constexpr int n = 1 << 21;
  const uint64_t key = stream_key(13, kStreamMC, 2, 5);
  for (float rate : kRates) {
    CAPTURE(rate);
    const double q = kernels::mask16_threshold(1.0f - rate) / 65536.0;  // P(kept), exactly
    std::vector<float> m(n);
    kernels::bernoulli_mask16(key, 0, n, 1.0f - rate, 1.0f, m.data());
    long both = 0, low = 0, high = 0;
    for (int b = 0; b < n; b += 8)
      for (int j = 0; j < 4; ++j) {
        const bool lo = m[b + j] != 0.0f, hi = m[b + 4 + j] != 0.0f;
        low += lo, high += hi, both += lo && hi;
      }
    const double pairs = n / 2.0, pq = q * q;
    CHECK(std::fabs(both / pairs - pq) <= kSigmas * std::sqrt(pq * (1 - pq) / pairs));
    CHECK(std::fabs(low / pairs - q) <= kSigmas * std::sqrt(q * (1 - q) / pairs));
    CHECK(std::fabs(high / pairs - q) <= kSigmas * std::sqrt(q * (1 - q) / pairs));
  }
}

TEST_CASE("sample_mask draws bernoulli factors 1/(1-rate) or 0 with P(kept) = 1-rate") {
  constexpr int rows = 1000, width = 1000, n = rows * width;
  SUBCASE("rates 0.1, 0.2, 0.5, 0.9") for (float rate : kRates) {
    CAPTURE(rate);
    const double q = 1.0 - rate;
    std::vector<float> f(n);
    sample_mask({rate, DropoutKind::Bernoulli}, DropoutMode::Inverted, stream_key(12, kStreamMask, 1, 3), 0, false,
                rows, width, f.data());
    const float scale = keep_scale(DropoutMode::Inverted, rate);
    CHECK(scale == doctest::Approx(1.0 / q).epsilon(1e-6));
    bool only_scale_or_zero = true;
    for (float v : f) only_scale_or_zero &= v == 0.0f || v == scale;
    CHECK(only_scale_or_zero);
    const double bound = kSigmas * std::sqrt(n * rate * q) / n;  // binomial: sd of the fraction is sqrt(npq)/n
    CHECK(std::fabs(kept_fraction(f) - q) <= bound);
  }
  SUBCASE("rate 0 keeps every unit at factor 1") {
    std::vector<float> f(n, -1.0f);
    sample_mask({0.0f, DropoutKind::Bernoulli}, DropoutMode::Inverted, 5, 0, false, rows, width, f.data());
    bool all_one = true;
    for (float v : f) all_one &= v == 1.0f;
    CHECK(all_one);
  }
}

// ---------------------------------------------------------------- expectations

TEST_CASE("inverted dropout keeps the expected value") {
  constexpr int n = 1000000;
  const float x = 1.7f;
  const std::vector<float> xs(n, x);
  SUBCASE("training: mean x, variance x^2 rate/(1-rate)") for (float rate : kRates) {
    CAPTURE(rate);
    const double p = rate, q = 1.0 - rate;
    const std::vector<float> f = factors(DropoutKind::Bernoulli, DropoutMode::Inverted, rate, 21, n);
    std::vector<float> y(n);
    dropout_forward_train({rate, DropoutKind::Bernoulli}, n, xs.data(), f.data(), y.data());
    // y = x/q w.p. q, 0 w.p. p: E[y] = x, Var[y] = x^2 (1/q - 1) = x^2 p/q.
    const double sigma2 = static_cast<double>(x) * x * p / q;
    const double m = mean_of(y);
    CAPTURE(m);
    CHECK(std::fabs(m - x) <= kSigmas * std::sqrt(sigma2 / n));  // standard error of the mean: sigma/sqrt(n)
    // y - x is x p/q w.p. q and -x w.p. p, so mu4 = q (x p/q)^4 + p x^4 = x^4 (p^4/q^3 + p).
    const double mu4 = std::pow(static_cast<double>(x), 4) * (std::pow(p, 4) / std::pow(q, 3) + p);
    const double s2 = variance_of(y);
    CAPTURE(s2);
    CAPTURE(sigma2);
    CHECK(std::fabs(s2 - sigma2) <= kSigmas * std::sqrt(sample_variance_variance(sigma2, mu4, n)));
  }
  SUBCASE("inference is the identity") {
    std::vector<float> v(xs.begin(), xs.begin() + 1000);
    dropout_forward_inference({0.5f, DropoutKind::Bernoulli}, DropoutMode::Inverted, 1000, v.data());
    CHECK(std::memcmp(v.data(), xs.data(), 1000 * sizeof(float)) == 0);
  }
}

TEST_CASE("original dropout: the training mean is (1-rate)*x and inference scales by 1-rate") {
  constexpr int n = 1000000;
  const float x = -2.3f;
  const std::vector<float> xs(n, x);
  for (float rate : kRates) {
    CAPTURE(rate);
    const double p = rate, q = 1.0 - rate;
    const DropoutSpec d{rate, DropoutKind::Bernoulli};
    const std::vector<float> f = factors(DropoutKind::Bernoulli, DropoutMode::Original, rate, 22, n);
    bool only_one_or_zero = true;
    for (float v : f) only_one_or_zero &= v == 0.0f || v == 1.0f;
    CHECK(only_one_or_zero);
    std::vector<float> y(n);
    dropout_forward_train(d, n, xs.data(), f.data(), y.data());
    float inferred = x;
    dropout_forward_inference(d, DropoutMode::Original, 1, &inferred);
    CHECK(inferred == doctest::Approx(q * x).epsilon(1e-6));
    // y = x w.p. q, 0 w.p. p: E[y] = q x, sd(y) = |x| sqrt(p q); the mean's standard error is sd/sqrt(n).
    const double m = mean_of(y);
    CAPTURE(m);
    CHECK(std::fabs(m - inferred) <= kSigmas * std::fabs(x) * std::sqrt(p * q / n));
  }
}

TEST_CASE("the training factor's mean equals the inference rule for every kind and mode") {
  // E[train output] = x E[f]; inference multiplies by a constant c. They agree iff E[f] = c.
  constexpr int n = 1000000;
  const float rate = 0.3f;
  const double p = rate, q = 1.0 - rate;
  const struct {
    DropoutKind kind;
    DropoutMode mode;
    double sd;  // standard deviation of one factor
  } cases[] = {
      {DropoutKind::Bernoulli, DropoutMode::Inverted, std::sqrt(p / q)},    // 1/q w.p. q: var = 1/q - 1
      {DropoutKind::Bernoulli, DropoutMode::Original, std::sqrt(p * q)},    // Bernoulli(q)
      {DropoutKind::DropConnect, DropoutMode::Inverted, std::sqrt(p / q)},  // as bernoulli, over weights
      {DropoutKind::DropConnect, DropoutMode::Original, std::sqrt(p * q)},
      {DropoutKind::Gaussian, DropoutMode::Inverted, std::sqrt(p / q)},  // 1 + sqrt(p/q) N(0,1)
      {DropoutKind::Gaussian, DropoutMode::Original, std::sqrt(p / q)},
  };
  for (const auto& c : cases) {
    const std::string kind = name_of(c.kind), mode = name_of(c.mode);
    CAPTURE(kind);
    CAPTURE(mode);
    const std::vector<float> f = factors(c.kind, c.mode, rate, 23, n);
    float inference_factor = 1.0f;
    dropout_forward_inference({rate, c.kind}, c.mode, 1, &inference_factor);
    const double m = mean_of(f);
    CAPTURE(m);
    CAPTURE(inference_factor);
    CHECK(std::fabs(m - inference_factor) <= kSigmas * c.sd / std::sqrt(n));  // standard error sd/sqrt(n)
  }
}

// ---------------------------------------------------------------- independence

TEST_CASE("dropout masks are uncorrelated") {
  // For independent variables the sample Pearson r has standard deviation ~1/sqrt(n), so |r| < 4/sqrt(n).
  const DropoutSpec d{0.5f, DropoutKind::Bernoulli};
  const uint64_t seed = 31;
  SUBCASE("two units of the same row") {
    constexpr int rows = 500000, width = 2;
    std::vector<float> f(rows * width);
    sample_mask(d, DropoutMode::Inverted, stream_key(seed, kStreamMask, 1, 0), 0, false, rows, width, f.data());
    std::vector<float> a(rows), b(rows);
    for (int r = 0; r < rows; ++r) {
      a[r] = f[r * width];
      b[r] = f[r * width + 1];
    }
    CHECK(std::fabs(pearson(a, b)) < kSigmas / std::sqrt(rows));
  }
  SUBCASE("the same unit in consecutive steps") {
    constexpr int n = 500000;
    for (uint64_t t : {0ull, 1ull, 1000ull}) {
      CAPTURE(t);
      const std::vector<float> a =
          factors(d.kind, DropoutMode::Inverted, d.rate, stream_key(seed, kStreamMask, 1, t), n);
      const std::vector<float> b =
          factors(d.kind, DropoutMode::Inverted, d.rate, stream_key(seed, kStreamMask, 1, t + 1), n);
      CHECK(std::fabs(pearson(a, b)) < kSigmas / std::sqrt(n));
    }
  }
  SUBCASE("the same unit in consecutive rows") {
    constexpr int width = 16, pairs = 250000, rows = 2 * pairs / width;
    std::vector<float> f(static_cast<size_t>(rows) * width);
    sample_mask(d, DropoutMode::Inverted, stream_key(seed, kStreamMask, 1, 5), 0, false, rows, width, f.data());
    std::vector<float> a, b;  // unit j of row 2k against unit j of row 2k+1
    for (int r = 0; r + 1 < rows; r += 2) {
      a.insert(a.end(), f.begin() + r * width, f.begin() + (r + 1) * width);
      b.insert(b.end(), f.begin() + (r + 1) * width, f.begin() + (r + 2) * width);
    }
    CHECK(std::fabs(pearson(a, b)) < kSigmas / std::sqrt(static_cast<double>(a.size())));
  }
  SUBCASE("any two units of a (rows, width) mask up to two rows apart") {
    // Flattened row-major, unit k and unit k+lag; a counter reused by two units would give r = 1.
    constexpr int width = 8, rows = 62500;
    std::vector<float> f(static_cast<size_t>(rows) * width);
    sample_mask(d, DropoutMode::Inverted, stream_key(seed, kStreamMask, 2, 7), 0, false, rows, width, f.data());
    for (int lag = 1; lag <= 2 * width; ++lag) {
      CAPTURE(lag);
      const std::vector<float> a(f.begin(), f.end() - lag), b(f.begin() + lag, f.end());
      CHECK(std::fabs(pearson(a, b)) < kSigmas / std::sqrt(static_cast<double>(a.size())));
    }
  }
  SUBCASE("the same unit at two sites of one step") {
    constexpr int n = 500000;
    const std::vector<float> a = factors(d.kind, DropoutMode::Inverted, d.rate, stream_key(seed, kStreamMask, 0, 9), n);
    const std::vector<float> b = factors(d.kind, DropoutMode::Inverted, d.rate, stream_key(seed, kStreamMask, 1, 9), n);
    CHECK(std::fabs(pearson(a, b)) < kSigmas / std::sqrt(n));
  }
}

// ---------------------------------------------------------------- Gaussian and alpha dropout

TEST_CASE("gaussian dropout factors have mean 1 and variance rate/(1-rate)") {
  constexpr int n = 1000000;
  for (float rate : kRates) {
    CAPTURE(rate);
    const double sigma2 = rate / (1.0 - rate);
    const std::vector<float> f = factors(DropoutKind::Gaussian, DropoutMode::Inverted, rate, 41, n);
    const double m = mean_of(f), s2 = variance_of(f);
    CAPTURE(m);
    CAPTURE(s2);
    CHECK(std::fabs(m - 1.0) <= kSigmas * std::sqrt(sigma2 / n));  // standard error sigma/sqrt(n)
    // For a normal sample Var(s^2) = 2 sigma^4 / (n-1).
    CHECK(std::fabs(s2 - sigma2) <= kSigmas * std::sqrt(2.0 * sigma2 * sigma2 / (n - 1)));
  }
}

TEST_CASE("alpha dropout keeps a standard normal input at mean 0 and variance 1") {
  constexpr int n = 1000000;
  std::vector<float> x(n);
  const uint64_t xkey = stream_key(51, kStreamData, 0);
  for (int i = 0; i < n; ++i) x[i] = normal01(xkey, static_cast<uint32_t>(i));
  for (float rate : {0.1f, 0.2f, 0.5f}) {
    CAPTURE(rate);
    const DropoutSpec d{rate, DropoutKind::Alpha};
    const std::vector<float> f = factors(DropoutKind::Alpha, DropoutMode::Inverted, rate, 52, n);
    std::vector<float> y(n);
    dropout_forward_train(d, n, x.data(), f.data(), y.data());
    const double m = mean_of(y), s2 = variance_of(y);
    CAPTURE(m);
    CAPTURE(s2);
    CHECK(std::fabs(m) <= kSigmas / std::sqrt(n));  // sigma = 1: standard error 1/sqrt(n)
    // y = a x + b (x ~ N(0,1)) w.p. q, else the constant c = a alpha' + b. With mean 0:
    // mu4 = q E[(a x + b)^4] + p c^4 = q (3a^4 + 6a^2 b^2 + b^4) + p c^4.
    const AlphaParams ap = alpha_params(rate);
    const double a = ap.a, b = ap.b, c = ap.dropped, p = rate, q = 1.0 - rate;
    const double mu4 = q * (3 * a * a * a * a + 6 * a * a * b * b + b * b * b * b) + p * c * c * c * c;
    CHECK(std::fabs(s2 - 1.0) <= kSigmas * std::sqrt(sample_variance_variance(1.0, mu4, n)));
  }
}

TEST_CASE("alpha_params match PyTorch's alpha dropout constants") {
  // tests/reference/pytorch-2-4-1.json, "alpha_dropout": "... p=0.1: a=0.921284516150 b=0.161970970058; ..."
  const std::string text = json_lite::read_file(DP_REFERENCE_JSON)["alpha_dropout"].string;
  REQUIRE(!text.empty());
  auto number_after = [&](const std::string& label, size_t from) {
    const size_t at = text.find(label, from);
    REQUIRE(at != std::string::npos);
    return std::strtod(text.c_str() + at + label.size(), nullptr);
  };
  for (const char* p : {"0.1", "0.2", "0.5"}) {
    CAPTURE(p);
    const size_t at = text.find(std::string("p=") + p + ":");
    REQUIRE(at != std::string::npos);
    const double a = number_after("a=", at), b = number_after("b=", at);
    const AlphaParams ap = alpha_params(std::strtof(p, nullptr));
    CHECK(std::fabs(ap.a - a) <= 1e-6);
    CHECK(std::fabs(ap.b - b) <= 1e-6);
    // A dropped unit sits at a*alpha' + b, alpha' = -lambda*alpha.
    CHECK(ap.dropped == doctest::Approx(a * -1.7580993408473766 + b).epsilon(1e-6));
  }
}
