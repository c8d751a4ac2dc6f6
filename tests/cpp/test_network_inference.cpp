// Specifications of a network's inference passes (cpp/nn/network_inference.cpp):
// Monte-Carlo dropout, hidden activations, point losses, thinned networks.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "dataset_helpers.hpp"
#include "network_helpers.hpp"
#include "nn/config.hpp"
#include "nn/network.hpp"

using namespace dp;
using namespace network_helpers;
using test_helpers::make;

// ---------------------------------------------------------------- Monte-Carlo dropout

TEST_CASE("Monte-Carlo dropout") {
  const Dataset d = make("plane", 100, 0.2f);
  const int n = d.validation.count;
  const float* x = d.validation.x.data();

  SUBCASE("without dropout every pass is the inference pass") {
    Network net = trained(config_for(d, 2, 8), d, 100);
    std::vector<float> pred(n), mean(n), var(n, -1.0f);
    net.predict(x, n, pred.data());
    net.predict_mc(x, n, 20, mean.data(), var.data());
    CHECK(same_bits(mean, pred));
    for (int i = 0; i < n; ++i) CHECK(var[i] == 0.0f);
  }
  SUBCASE("with dropout the MC mean converges to predict() when the output is linear in the masks") {
    // With a linear path from every dropout site to the (identity) regression head, the output is
    // linear in each site's factors; they are independent with E[f] equal to the inference rule, so
    // E[output] = predict() exactly. The MC mean's standard error is sqrt(var/passes).
    constexpr int passes = 400;
    Config all_linear = config_for(d, 2, 8, 0.5f, Activation::Linear);
    all_linear.input_dropout = {0.2f, DropoutKind::Bernoulli};
    Config linear_last = config_for(d, 2, 8, 0.0f, Activation::Relu);
    linear_last.layers[1] = LayerSpec{8, Activation::Linear, {0.5f, DropoutKind::Bernoulli}};
    for (const Config* base : {&all_linear, &linear_last}) {
      for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original}) {
        const std::string net_name = base == &all_linear ? "all linear" : "relu then linear", mode_name = name_of(mode);
        CAPTURE(net_name);
        CAPTURE(mode_name);
        Config c = *base;
        c.mode = mode;
        Network net = trained(c, d, 100);
        std::vector<float> pred(n), mean(n), var(n);
        net.predict(x, n, pred.data());
        net.predict_mc(x, n, passes, mean.data(), var.data());
        for (int i = 0; i < n; ++i) {
          CAPTURE(i);
          CHECK(var[i] > 0.0f);
          CHECK(std::fabs(mean[i] - pred[i]) <= 4.0 * std::sqrt(var[i] / passes));
        }
      }
    }
  }
}

TEST_CASE("hidden_activations gives each unit's inference response, unit-major") {
  // One relu layer and one tanh layer: recompute both by hand from the weights.
  Config c;
  c.inputs = 2;
  c.layers = {LayerSpec{3, Activation::Relu, {0.5f, DropoutKind::Bernoulli}}, LayerSpec{2, Activation::Tanh, {}}};
  c.mode = DropoutMode::Original;  // inference scales layer 1 by 1 - rate: the response must include that
  Network net(c);
  const int n = 5;
  const float x[n * 2] = {-1, 2, 0.5f, 0.5f, 3, -1, 0, 0, -2, -2};
  REQUIRE(net.hidden_units() == 5);
  std::vector<float> out(5 * n);
  net.hidden_activations(x, n, out.data());
  const auto& L = net.layers();
  for (int r = 0; r < n; ++r) {
    float h1[3], h2[2];
    for (int j = 0; j < 3; ++j) {
      float z = L[0].bias[j];
      for (int i = 0; i < 2; ++i) z += x[r * 2 + i] * L[0].kernel[i * 3 + j];
      h1[j] = std::max(z, 0.0f);
      CHECK(out[j * n + r] == doctest::Approx(h1[j]).epsilon(1e-5));
    }
    for (int j = 0; j < 2; ++j) {
      float z = L[1].bias[j];
      for (int i = 0; i < 3; ++i) z += 0.5f * h1[i] * L[1].kernel[i * 2 + j];
      h2[j] = std::tanh(z);
      CHECK(out[(3 + j) * n + r] == doctest::Approx(h2[j]).epsilon(1e-5));
    }
  }
}

TEST_CASE("point losses are the terms whose mean evaluate() reports") {
  for (const char* name : {"moons", "blobs3", "plane"}) {
    CAPTURE(name);
    const Dataset d = make(name, 80, 0.5f, 0.5f, 3);
    Network net = trained(config_for(d, 2, 32, 0.5f), d, 300);
    std::vector<float> train(d.train.count), val(d.validation.count);
    net.train_point_losses(train.data());
    net.validation_point_losses(val.data());
    double st = 0.0, sv = 0.0;
    for (float v : train) st += v;
    for (float v : val) sv += v;
    CHECK(st / d.train.count == doctest::Approx(net.evaluate_train().loss).epsilon(1e-5));
    CHECK(sv / d.validation.count == doctest::Approx(net.evaluate_validation().loss).epsilon(1e-5));
    for (float v : val) CHECK(v >= 0.0f);
  }
}

TEST_CASE("thinned_masks is the mask predict_thinned applies, shared by every row") {
  const Dataset d = make("plane", 40, 0.2f, 0.5f, 1);
  for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original}) {
    Config c = config_for(d, 1, 8, 0.5f, Activation::Linear);
    c.mode = mode;
    Network net = trained(c, d, 20);
    const DenseLayer& w1 = net.layers()[0];
    const DenseLayer& w2 = net.layers()[1];
    // Rows spread over several chunks of the forward pass: one mask for all of them.
    const int n = 700;
    std::vector<float> x(static_cast<size_t>(n) * 2), out(n);
    for (int i = 0; i < 2 * n; ++i) x[i] = std::sin(0.37f * static_cast<float>(i));
    for (uint64_t seed : {uint64_t{0}, uint64_t{7}, uint64_t{1} << 40}) {
      const std::vector<std::vector<float>> m = net.thinned_masks(seed);
      REQUIRE(m.size() == 2);
      REQUIRE(m[1].size() == 8);
      net.predict_thinned(x.data(), n, seed, out.data());
      for (int r = 0; r < n; r += 97) {
        double y = w2.bias[0];
        for (int j = 0; j < 8; ++j) {
          double h = w1.bias[j];
          for (int i = 0; i < 2; ++i) h += x[2 * r + i] * w1.kernel[i * 8 + j];
          y += h * m[1][j] * w2.kernel[j];  // the mask carries the inverted form's 1/(1 - rate)
        }
        CHECK(out[r] == doctest::Approx(y).epsilon(1e-5));
      }
    }
  }
}
