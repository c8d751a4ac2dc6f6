// Specifications of training a network (cpp/nn/network.hpp): one step, determinism,
// optimizers and regularisers, each task, divergence, and the claim the product exists
// for: dropout narrows the gap between validation and training loss on a small noisy
// dataset. Inference passes: test_network_inference.cpp; snapshots and live updates:
// test_network_state.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "dataset_helpers.hpp"
#include "network_helpers.hpp"
#include "nn/config.hpp"
#include "nn/network.hpp"

using namespace dp;

namespace {

using test_helpers::make;
using namespace network_helpers;

double squared_kernel_norm(const Network& net) {
  double s = 0.0;
  for (const DenseLayer& d : net.layers())
    for (float w : d.kernel) s += static_cast<double>(w) * w;
  return s;
}

// The largest norm of the incoming weights of any unit: column o of an (in, out) kernel.
double largest_column_norm(const Network& net) {
  double largest = 0.0;
  for (const DenseLayer& d : net.layers())
    for (int o = 0; o < d.out; ++o) {
      double sq = 0.0;
      for (int i = 0; i < d.in; ++i) sq += static_cast<double>(d.kernel[i * d.out + o]) * d.kernel[i * d.out + o];
      largest = std::max(largest, std::sqrt(sq));
    }
  return largest;
}

double near_zero_kernel_fraction(const Network& net, float tolerance) {
  size_t near = 0, total = 0;
  for (const DenseLayer& d : net.layers()) {
    for (float w : d.kernel) near += std::fabs(w) < tolerance;
    total += d.kernel.size();
  }
  return static_cast<double>(near) / static_cast<double>(total);
}

}  // namespace

// ---------------------------------------------------------------- one step

TEST_CASE("a training step is gradients() then apply_update(): train() skips only the input gradient") {
  // With one training row, train(1) sees that row as its batch, with the masks of step 0:
  // the same as gradients() on it (which also computes the input gradient) and an update.
  const float x[] = {0.7f, -1.3f}, y[] = {1.0f};
  for (DropoutKind kind : {DropoutKind::Bernoulli, DropoutKind::DropConnect, DropoutKind::Gaussian}) {
    const std::string kind_name = name_of(kind);
    CAPTURE(kind_name);
    Config c;
    c.inputs = 2;
    c.task = Task::Binary;
    c.layers = {LayerSpec{8, Activation::Tanh, {0.5f, kind}}, LayerSpec{4, Activation::Relu, {0.3f, kind}}};
    c.input_dropout = {0.2f, kind};
    c.seed = 5;
    REQUIRE(validate(c) == "");
    Network by_train(c), by_hand(c);
    REQUIRE(by_train.set_data(x, y, 1, nullptr, nullptr, 0) == "");
    REQUIRE(by_hand.set_data(x, y, 1, nullptr, nullptr, 0) == "");
    by_train.train(1);
    CHECK(by_train.input_gradient().empty());
    by_hand.gradients(x, y, 1, MaskSource::Sampled);
    CHECK(by_hand.input_gradient().size() == 2);
    by_hand.apply_update();
    CHECK(same_weights(by_train, by_hand));
  }
}

// ---------------------------------------------------------------- determinism

TEST_CASE("training is deterministic in the seed") {
  const Dataset d = make("moons", 200, 0.3f);
  Config c = config_for(d, 2, 16, 0.3f);
  c.input_dropout = {0.1f, DropoutKind::Bernoulli};
  c.batch_size = 10;

  SUBCASE("same seed, config and data give bit-identical weights after 1000 steps") {
    const Network a = trained(c, d, 1000), b = trained(c, d, 1000);
    CHECK(a.step() == 1000);
    CHECK(same_weights(a, b));
  }
  SUBCASE("a different seed gives different weights") {
    Config other = c;
    other.seed = c.seed + 1;
    CHECK_FALSE(same_weights(Network(c), Network(other)));
    CHECK_FALSE(same_weights(trained(c, d, 1000), trained(other, d, 1000)));
  }
  SUBCASE("dropout settings do not change the initial weights") {
    Config none = c, heavy = c;
    for (LayerSpec& l : none.layers) l.dropout.rate = 0.0f;
    none.input_dropout.rate = 0.0f;
    for (LayerSpec& l : heavy.layers) l.dropout = {0.5f, DropoutKind::DropConnect};
    heavy.mode = DropoutMode::Original;
    CHECK(same_weights(Network(none), Network(c)));
    CHECK(same_weights(Network(none), Network(heavy)));
  }
  SUBCASE("at rate 0 the dropout kind and granularity change nothing") {
    // Rate 0 draws no noise, so every run sees the same minibatches and must end bit-identical.
    Config bernoulli = c;
    for (int s = 0; s < bernoulli.sites(); ++s) bernoulli.site_dropout(s) = {0.0f, DropoutKind::Bernoulli};
    const Network reference = trained(bernoulli, d, 300);
    for (DropoutKind kind : {DropoutKind::Gaussian, DropoutKind::Alpha, DropoutKind::DropConnect}) {
      for (MaskPer per : {MaskPer::Example, MaskPer::Batch, MaskPer::Epoch}) {
        const std::string kind_name = name_of(kind), per_name = name_of(per);
        CAPTURE(kind_name);
        CAPTURE(per_name);
        Config other = bernoulli;
        for (int s = 0; s < other.sites(); ++s) other.site_dropout(s).kind = kind;
        other.mask_per = per;
        CHECK(same_weights(reference, trained(other, d, 300)));
      }
    }
  }
}

// ---------------------------------------------------------------- optimizers and regularisers

TEST_CASE("every optimizer reduces the training loss") {
  const Dataset d = make("gaussians", 200, 0.2f);
  const struct {
    OptimizerKind kind;
    float learning_rate;
  } cases[] = {{OptimizerKind::Sgd, 0.1f}, {OptimizerKind::Momentum, 0.02f}, {OptimizerKind::Adam, 0.01f}};
  for (const auto& k : cases) {
    const std::string optimizer = name_of(k.kind);
    CAPTURE(optimizer);
    Config c = config_for(d, 1, 8);
    c.optimizer = k.kind;
    c.learning_rate = k.learning_rate;
    Network net(c);
    load(net, d);
    const double before = net.evaluate_train().loss;
    net.train(300);
    const double after = net.evaluate_train().loss;
    CAPTURE(before);
    CAPTURE(after);
    CHECK(after < 0.5 * before);
  }
}

TEST_CASE("regularisers shape the weights") {
  const Dataset d = make("moons", 200, 0.3f);
  Config plain = config_for(d, 2, 16);

  SUBCASE("L2 shrinks the weight norm") {
    Config l2 = plain;
    l2.l2 = 0.01f;
    const double without = squared_kernel_norm(trained(plain, d, 1000));
    const double with = squared_kernel_norm(trained(l2, d, 1000));
    CAPTURE(without);
    CAPTURE(with);
    CHECK(with < 0.5 * without);
  }
  SUBCASE("L1 drives more weights to near zero") {
    plain.optimizer = OptimizerKind::Sgd;
    plain.learning_rate = 0.05f;
    Config l1 = plain;
    l1.l1 = 0.01f;
    // With SGD an L1-pinned weight jitters around 0 by about lr*l1 = 5e-4 per step.
    const double without = near_zero_kernel_fraction(trained(plain, d, 2000), 1e-2f);
    const double with = near_zero_kernel_fraction(trained(l1, d, 2000), 1e-2f);
    CAPTURE(without);
    CAPTURE(with);
    CHECK(with > without + 0.1);
  }
  SUBCASE("max-norm bounds every unit's incoming weights") {
    Config capped = plain;
    capped.learning_rate = 0.5f;  // large steps push the norms far past the cap
    capped.max_norm = 1.5f;
    Config uncapped = capped;
    uncapped.max_norm = 0.0f;
    const double largest = largest_column_norm(trained(capped, d, 300));
    const double largest_free = largest_column_norm(trained(uncapped, d, 300));
    CAPTURE(largest_free);
    CHECK(largest <= capped.max_norm + 1e-5);
    CHECK(largest_free > 2.0 * capped.max_norm);  // the cap had work to do
  }
}

// ---------------------------------------------------------------- tasks

TEST_CASE("each task trains") {
  SUBCASE("binary: moons") {
    const Dataset d = make("moons", 200, 0.1f);
    Network net(config_for(d, 2, 16));
    load(net, d);
    const double before = net.evaluate_train().loss;
    net.train(1000);
    const Metrics m = net.evaluate_train();
    CAPTURE(before);
    CAPTURE(m.loss);
    CHECK(m.loss < 0.5 * before);
    CHECK(m.accuracy > 0.9);
    CHECK(net.evaluate_validation().accuracy > 0.9);
  }
  SUBCASE("multiclass: blobs3") {
    const Dataset d = make("blobs3", 300, 0.4f);
    REQUIRE(d.task == Task::Multiclass);
    Network net(config_for(d, 1, 16));
    load(net, d);
    const double before = net.evaluate_train().loss;
    net.train(500);
    const Metrics m = net.evaluate_train();
    CAPTURE(before);
    CAPTURE(m.loss);
    CHECK(m.loss < before);
    CHECK(m.accuracy > 0.8);
  }
  SUBCASE("regression: plane") {
    const Dataset d = make("plane", 200, 0.2f);
    REQUIRE(d.task == Task::Regression);
    Network net(config_for(d, 1, 16));
    load(net, d);
    const double before = net.evaluate_train().loss;
    net.train(1000);
    const double after = net.evaluate_train().loss;
    CAPTURE(before);
    CAPTURE(after);
    CHECK(after < 0.1 * before);
    CHECK(std::isnan(net.evaluate_train().accuracy));
  }
}

// ---------------------------------------------------------------- divergence

TEST_CASE("a diverging run reports it and stops") {
  const Dataset d = make("plane", 100, 0.2f);
  Config c = config_for(d, 1, 8);
  c.optimizer = OptimizerKind::Sgd;
  c.learning_rate = 1e6f;
  Network net(c);
  load(net, d);
  const TrainResult r = net.train(500);
  CHECK(r.diverged);
  CHECK(net.diverged());
  CHECK(r.step < 500);
  CHECK(r.step == net.step());
  const TrainResult again = net.train(100);
  CHECK(again.diverged);
  CHECK(again.step == r.step);
  CHECK(net.step() == r.step);
}

// ---------------------------------------------------------------- the claim

namespace {

struct Gap {
  double with_dropout, without;
};

// Validation minus training loss (inference mode) of the same wide network, same seed, same
// small noisy set, trained with and without dropout 0.5 on its hidden layers.
Gap overfitting_gap(uint64_t seed) {
  const Dataset d = make("circle", 60, 0.5f, 0.5f, seed);
  auto gap = [&](float rate) {
    Config c = config_for(d, 2, 64, rate);
    c.optimizer = OptimizerKind::Adam;
    c.learning_rate = 0.01f;
    c.batch_size = 16;
    c.seed = seed;
    Network net = trained(c, d, 400);  // 30 training points: 2 steps per epoch, 200 epochs
    return net.evaluate_validation().loss - net.evaluate_train().loss;
  };
  return {gap(0.5f), gap(0.0f)};
}

}  // namespace

// Required for every seed. Measured while writing this test (circle, 60 points, noise 0.5, 2x64
// relu, Adam 0.01, batch 16, 200 epochs): dropout had the smaller gap for 30 of 30 seeds, mean
// gap 0.61 vs 1.31; seeds 1-5 win by a factor of 2 or more. The effect is regime-dependent: with 80
// points or 300 epochs it held for 22-26 of 30 seeds, at 100 points and 400 epochs for 3 of 10, and
// moons at noise 0.5 is almost separable (both nets fit it), where dropout won for only 1-4 of 10.
TEST_CASE("dropout narrows the generalisation gap of a wide network on a small noisy set") {
  double sum_with = 0.0, sum_without = 0.0;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const Gap g = overfitting_gap(seed);
    CAPTURE(seed);
    CAPTURE(g.with_dropout);
    CAPTURE(g.without);
    CHECK(g.with_dropout < g.without);
    sum_with += g.with_dropout;
    sum_without += g.without;
  }
  CAPTURE(sum_with / 5);
  CAPTURE(sum_without / 5);
  CHECK(sum_with < 0.75 * sum_without);  // not a photo finish: the mean gap shrinks by over a quarter
}
