// Dropout on feature maps (cpp/cnn/feature_dropout.hpp) and its masks in the CNN
// (cpp/cnn/cnn_network.hpp). Bounds are 4 standard deviations of the statistic, derived
// from the distribution being sampled; the draws are seeded, so each check is deterministic.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cnn/cnn_network.hpp"
#include "cnn/feature_dropout.hpp"
#include "kernels/rng.hpp"

using namespace dp;

namespace {

constexpr double kSigmas = 4.0;
constexpr float kRates[] = {0.1f, 0.3f, 0.5f, 0.8f};

double kept_fraction(const std::vector<float>& f) {
  size_t kept = 0;
  for (float v : f) kept += v != 0.0f;
  return static_cast<double>(kept) / static_cast<double>(f.size());
}

std::vector<float> ramp_maps(int n, int hw, int c) {
  std::vector<float> x(static_cast<size_t>(n) * hw * c);
  for (size_t i = 0; i < x.size(); ++i) x[i] = 0.25f + static_cast<float>(i % 17) * 0.125f;  // all nonzero
  return x;
}

CnnConfig small_cnn(FeatureDropoutKind kind, float rate, DropoutMode mode) {
  CnnConfig c;
  c.height = 9, c.width = 7, c.channels = 1, c.filters = 5, c.hidden = 6, c.classes = 3;
  c.conv_dropout = {rate, kind};
  c.hidden_rate = rate;
  c.mode = mode;
  c.seed = 21;
  return c;
}

std::vector<float> inputs(const CnnConfig& c, int n) {
  std::vector<float> x(static_cast<size_t>(n) * c.image_size());
  const uint64_t key = stream_key(3, 4);
  for (size_t i = 0; i < x.size(); ++i) x[i] = uniform01(key, static_cast<uint32_t>(i));
  return x;
}

}  // namespace

TEST_CASE("elementwise feature dropout drops each activation with probability rate") {
  const int n = 50, hw = 11 * 13, c = 7;  // 50,050 activations
  for (float rate : kRates)
    for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original}) {
      CAPTURE(rate);
      std::vector<float> f(feature_mask_size(FeatureDropoutKind::Elementwise, n, hw, c));
      CHECK(f.size() == static_cast<size_t>(n) * hw * c);
      sample_feature_mask({rate, FeatureDropoutKind::Elementwise}, mode, stream_key(1, kStreamMask, 0, 7), n, hw, c,
                          f.data());
      const float scale = mode == DropoutMode::Inverted ? 1.0f / (1.0f - rate) : 1.0f;
      bool only_scale_or_zero = true;
      for (float v : f) only_scale_or_zero &= v == 0.0f || v == scale;
      CHECK(only_scale_or_zero);
      const double m = static_cast<double>(f.size()), dropped = 1.0 - kept_fraction(f);
      CHECK(std::fabs(dropped - rate) <= kSigmas * std::sqrt(rate * (1.0 - rate) / m));  // binomial
    }
}

TEST_CASE("spatial dropout drops whole feature maps, one Bernoulli per channel per example") {
  const int n = 400, hw = 6 * 5, c = 13;  // 5,200 channel draws
  const std::vector<float> x = ramp_maps(n, hw, c);
  for (float rate : kRates) {
    CAPTURE(rate);
    std::vector<float> f(feature_mask_size(FeatureDropoutKind::Spatial, n, hw, c));
    CHECK(f.size() == static_cast<size_t>(n) * c);
    sample_feature_mask({rate, FeatureDropoutKind::Spatial}, DropoutMode::Inverted, stream_key(2, kStreamMask, 0, 1), n,
                        hw, c, f.data());
    const double m = static_cast<double>(f.size()), dropped = 1.0 - kept_fraction(f);
    CHECK(std::fabs(dropped - rate) <= kSigmas * std::sqrt(rate * (1.0 - rate) / m));

    std::vector<float> y(x.size());
    feature_dropout_forward(FeatureDropoutKind::Spatial, n, hw, c, x.data(), f.data(), y.data());
    const float scale = 1.0f / (1.0f - rate);
    int wrong = 0;
    for (int e = 0; e < n; ++e)
      for (int ch = 0; ch < c; ++ch) {
        const bool kept = f[e * c + ch] != 0.0f;
        for (int p = 0; p < hw; ++p) {
          const size_t i = (static_cast<size_t>(e) * hw + p) * c + ch;
          wrong += kept ? y[i] != x[i] * scale : y[i] != 0.0f;  // exactly 0, or exactly x/(1-rate)
        }
      }
    CHECK(wrong == 0);

    // Independent across channels and examples: the correlation of neighbouring draws
    // (channel ch with ch+1, example e with e+1) is 0, with sd 1/sqrt(pairs).
    auto correlation = [&](int step) {
      double sab = 0, sa = 0, sb = 0, saa = 0, sbb = 0;
      const int pairs = static_cast<int>(f.size()) - step;
      for (int i = 0; i < pairs; ++i) {
        const double a = f[i] != 0.0f, b = f[i + step] != 0.0f;
        sab += a * b, sa += a, sb += b, saa += a * a, sbb += b * b;
      }
      const double cov = sab / pairs - (sa / pairs) * (sb / pairs);
      return cov / std::sqrt((saa / pairs - sa * sa / pairs / pairs) * (sbb / pairs - sb * sb / pairs / pairs));
    };
    CHECK(std::fabs(correlation(1)) <= kSigmas / std::sqrt(f.size() - 1.0));
    CHECK(std::fabs(correlation(c)) <= kSigmas / std::sqrt(f.size() - c));
  }
}

TEST_CASE("dropout keeps the expected value: the mean of many training passes tends to the inference output") {
  // For fixed maps x, a training pass gives y_i = x_i f_i; E[f] = keep * scale, which is 1
  // (inverted) or keep (original), the inference rule. Over T independent masks the mean
  // of y_i has variance x_i^2 Var(f) / T with Var(f) = keep (1 - keep) scale^2.
  // Checked per element at 6 sigma (about 400 elements: a false alarm ~1e-6) and for the
  // sum over all elements at 4 sigma, whose variance for spatial masks adds the covariance
  // of the elements that share a channel: Var(sum) = sum over (example, channel) of
  // (sum of x in that map)^2 Var(f) / T.
  const int n = 3, hw = 5 * 5, c = 6, T = 4000;
  const std::vector<float> x = ramp_maps(n, hw, c);
  for (FeatureDropoutKind kind : {FeatureDropoutKind::Elementwise, FeatureDropoutKind::Spatial})
    for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original}) {
      const float rate = 0.4f;
      const std::string what = std::string(name_of(kind)) + " " + name_of(mode);
      CAPTURE(what);
      const FeatureDropout d{rate, kind};
      std::vector<double> mean(x.size(), 0.0);
      std::vector<float> f(feature_mask_size(kind, n, hw, c)), y(x.size());
      for (int t = 0; t < T; ++t) {
        sample_feature_mask(d, mode, stream_key(8, kStreamMask, 0, static_cast<uint64_t>(t)), n, hw, c, f.data());
        feature_dropout_forward(kind, n, hw, c, x.data(), f.data(), y.data());
        for (size_t i = 0; i < x.size(); ++i) mean[i] += y[i] / static_cast<double>(T);
      }
      std::vector<float> inference = x;
      feature_dropout_inference(d, mode, static_cast<int>(inference.size()), inference.data());
      const double keep = 1.0 - rate, scale = mode == DropoutMode::Inverted ? 1.0 / keep : 1.0;
      const double var_f = keep * (1.0 - keep) * scale * scale;
      int bad = 0;
      double sum_diff = 0.0, sum_var = 0.0;
      for (size_t i = 0; i < x.size(); ++i) {
        const double sd = std::fabs(x[i]) * std::sqrt(var_f / T);
        bad += std::fabs(mean[i] - inference[i]) > 6.0 * sd;
        sum_diff += mean[i] - inference[i];
        if (kind == FeatureDropoutKind::Elementwise) sum_var += sd * sd;
      }
      if (kind == FeatureDropoutKind::Spatial)
        for (int e = 0; e < n; ++e)
          for (int ch = 0; ch < c; ++ch) {
            double map_sum = 0.0;
            for (int p = 0; p < hw; ++p) map_sum += x[(static_cast<size_t>(e) * hw + p) * c + ch];
            sum_var += map_sum * map_sum * var_f / T;
          }
      CHECK(bad == 0);
      CHECK(std::fabs(sum_diff) <= kSigmas * std::sqrt(sum_var));
    }
}

TEST_CASE("the CNN's masks: seeded, fresh every step, readable, none at inference") {
  for (FeatureDropoutKind kind : {FeatureDropoutKind::Elementwise, FeatureDropoutKind::Spatial}) {
    const std::string what = name_of(kind);
    CAPTURE(what);
    const CnnConfig cfg = small_cnn(kind, 0.5f, DropoutMode::Inverted);
    const int n = 8;
    const std::vector<float> x = inputs(cfg, n), y = {0, 1, 2, 0, 1, 2, 0, 1};
    CnnNetwork a(cfg), b(cfg);
    REQUIRE(a.set_data(x.data(), y.data(), n, x.data(), y.data(), n) == "");
    REQUIRE(b.set_data(x.data(), y.data(), n, x.data(), y.data(), n) == "");
    a.train(1);
    b.train(1);
    const int hw = cfg.conv_h() * cfg.conv_w();
    CHECK(a.mask_rows() == n);
    CHECK(a.feature_mask_kind() == kind);
    CHECK(a.feature_mask().size() == static_cast<size_t>(feature_mask_size(kind, n, hw, cfg.filters)));
    CHECK(a.hidden_mask().size() == static_cast<size_t>(n) * cfg.hidden);
    // Same seed, same step: the same masks; the next step draws new ones.
    CHECK(a.feature_mask() == b.feature_mask());
    CHECK(a.hidden_mask() == b.hidden_mask());
    const std::vector<float> first = a.feature_mask();
    a.train(1);
    CHECK(a.feature_mask() != first);
    // Another seed: other masks.
    CnnConfig other = cfg;
    other.seed = 22;
    CnnNetwork c(other);
    REQUIRE(c.set_data(x.data(), y.data(), n, x.data(), y.data(), n) == "");
    c.train(1);
    CHECK(c.feature_mask() != first);

    // Per example as maps of (filters, conv_h, conv_w): a spatial map is constant.
    const std::vector<float> maps = a.feature_mask_maps(3);
    REQUIRE(maps.size() == static_cast<size_t>(cfg.filters) * hw);
    for (int ch = 0; ch < cfg.filters; ++ch)
      for (int p = 0; p < hw; ++p) {
        const float v = maps[static_cast<size_t>(ch) * hw + p];
        CHECK((v == 0.0f || v == 2.0f));
        if (kind == FeatureDropoutKind::Spatial) CHECK(v == a.feature_mask()[3 * cfg.filters + ch]);
        if (kind == FeatureDropoutKind::Elementwise)
          CHECK(v == a.feature_mask()[(static_cast<size_t>(3) * hw + p) * cfg.filters + ch]);
      }

    // Inference draws no mask and is deterministic; it leaves the last step's masks alone.
    const std::vector<float> masks_before = a.feature_mask();
    std::vector<float> p1(n * cfg.classes), p2(n * cfg.classes);
    a.predict(x.data(), n, p1.data());
    a.predict(x.data(), n, p2.data());
    CHECK(p1 == p2);
    CHECK(a.feature_mask() == masks_before);
  }
}

TEST_CASE("the original mode keeps units at factor 1 in training and scales by 1-rate at inference") {
  for (FeatureDropoutKind kind : {FeatureDropoutKind::Elementwise, FeatureDropoutKind::Spatial}) {
    const float rate = 0.3f;
    std::vector<float> f(feature_mask_size(kind, 10, 16, 4));
    sample_feature_mask({rate, kind}, DropoutMode::Original, stream_key(5, kStreamMask), 10, 16, 4, f.data());
    for (float v : f) CHECK((v == 0.0f || v == 1.0f));
    std::vector<float> x = {1.0f, -2.0f, 4.0f};
    feature_dropout_inference({rate, kind}, DropoutMode::Original, 3, x.data());
    CHECK(x == std::vector<float>{0.7f, -1.4f, 2.8f});
    std::vector<float> same = {1.0f, -2.0f};
    feature_dropout_inference({rate, kind}, DropoutMode::Inverted, 2, same.data());
    CHECK(same == std::vector<float>{1.0f, -2.0f});
  }
}
