// Finite-difference gradient checks: every activation, every output head and
// every dropout kind in both modes, with the mask held fixed, so the analytic
// backward pass is checked against the forward pass it differentiates.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "kernels/rng.hpp"
#include "nn/network.hpp"

namespace {

using dp::Activation;
using dp::DropoutKind;
using dp::DropoutMode;
using dp::Task;

constexpr int kBatch = 4;

struct Problem {
  std::vector<float> x, y;
};

Problem make_problem(const dp::Config& c) {
  Problem p;
  const uint64_t key = dp::stream_key(123, 77);
  for (int i = 0; i < kBatch * c.inputs; ++i) p.x.push_back(2.0f * dp::uniform01(key, i) - 1.0f);
  for (int i = 0; i < kBatch; ++i) {
    const float u = dp::uniform01(key, 1000 + i);
    p.y.push_back(c.task == Task::Binary       ? (u < 0.5f ? 0.0f : 1.0f)
                  : c.task == Task::Multiclass ? static_cast<float>(static_cast<int>(u * c.classes))
                                               : 2.0f * u - 1.0f);
  }
  return p;
}

// Central differences in float32 with step h: truncation error ~h^2 f'''/6 and rounding
// error ~eps_f |L| / h (eps_f = 6e-8). With h = 3e-3 both are ~1e-5; the tolerance
// below is 30x that, plus 1% of the gradient for the float32 forward pass's own error.
constexpr float kStep = 3e-3f;
bool close(double numeric, double analytic) {
  return std::fabs(numeric - analytic) <= 3e-4 + 1e-2 * std::fabs(analytic);
}
// relu, leaky relu and SELU have a kink at 0. When a pre-activation crosses it within
// [w-h, w+h] the central difference mixes two slopes, but one of the one-sided
// differences lies on the smooth piece that contains w, where the analytic gradient lives.
bool matches(double up, double mid, double down, double analytic) {
  return close((up - down) / (2 * kStep), analytic) || close((up - mid) / kStep, analytic) ||
         close((mid - down) / kStep, analytic);
}

void check_network_gradients(const dp::Config& c) {
  dp::Network net(c);
  const Problem p = make_problem(c);
  // Draw masks once (as a training step would), then hold them fixed.
  net.gradients(p.x.data(), p.y.data(), kBatch, dp::MaskSource::Sampled);
  auto loss = [&] { return net.loss(p.x.data(), p.y.data(), kBatch, dp::MaskSource::Fixed); };
  net.gradients(p.x.data(), p.y.data(), kBatch, dp::MaskSource::Fixed);
  int checked = 0, bad = 0;
  for (size_t l = 0; l < net.layers().size(); ++l) {
    dp::DenseLayer& layer = net.layers()[l];
    const std::vector<float> dk = layer.dkernel, db = layer.dbias;
    for (int which = 0; which < 2; ++which) {
      std::vector<float>& w = which == 0 ? layer.kernel : layer.bias;
      const std::vector<float>& g = which == 0 ? dk : db;
      for (size_t i = 0; i < w.size(); ++i) {
        const double mid = loss();
        const float saved = w[i];
        w[i] = saved + kStep;
        const double up = loss();
        w[i] = saved - kStep;
        const double down = loss();
        w[i] = saved;
        const double numeric = (up - down) / (2 * kStep);
        ++checked;
        if (!matches(up, mid, down, g[i])) {
          ++bad;
          INFO("layer " << l << (which == 0 ? std::string(" kernel[") : std::string(" bias[")) << i << "]: numeric "
                        << numeric << ", analytic " << g[i]);
          CHECK(matches(up, mid, down, g[i]));
        }
      }
    }
  }
  // The input gradient, through input dropout.
  net.gradients(p.x.data(), p.y.data(), kBatch, dp::MaskSource::Fixed);
  const std::vector<float> dx = net.input_gradient();
  Problem q = p;
  const double mid = net.loss(q.x.data(), q.y.data(), kBatch, dp::MaskSource::Fixed);
  for (size_t i = 0; i < q.x.size(); ++i) {
    const float saved = q.x[i];
    q.x[i] = saved + kStep;
    const double up = net.loss(q.x.data(), q.y.data(), kBatch, dp::MaskSource::Fixed);
    q.x[i] = saved - kStep;
    const double down = net.loss(q.x.data(), q.y.data(), kBatch, dp::MaskSource::Fixed);
    q.x[i] = saved;
    const double numeric = (up - down) / (2 * kStep);
    INFO("input gradient [" << i << "]: numeric " << numeric << ", analytic " << dx[i]);
    CHECK(matches(up, mid, down, dx[i]));
  }
  CHECK(checked > 0);
  CHECK(bad == 0);
}

dp::Config base_config(Task task, Activation a, DropoutKind kind, DropoutMode mode) {
  dp::Config c;
  c.inputs = 3;
  c.task = task;
  c.classes = 3;
  c.mode = mode;
  c.seed = 5;
  c.input_dropout = {kind == DropoutKind::Alpha ? 0.0f : 0.2f,
                     kind == DropoutKind::Alpha ? DropoutKind::Bernoulli : kind};
  c.layers = {dp::LayerSpec{5, a, {0.3f, kind}}, dp::LayerSpec{4, a, {0.4f, kind}}};
  return c;
}

}  // namespace

TEST_CASE("gradients match finite differences for every activation, head and dropout kind") {
  for (Task task : {Task::Binary, Task::Multiclass, Task::Regression})
    for (Activation a : {Activation::Relu, Activation::LeakyRelu, Activation::Tanh, Activation::Sigmoid,
                         Activation::Linear, Activation::Selu})
      for (DropoutKind kind :
           {DropoutKind::Bernoulli, DropoutKind::Gaussian, DropoutKind::Alpha, DropoutKind::DropConnect})
        for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original}) {
          const std::string label =
              std::string(dp::name_of(task)) + " " + dp::name_of(a) + " " + dp::name_of(kind) + " " + dp::name_of(mode);
          INFO(label);
          check_network_gradients(base_config(task, a, kind, mode));
        }
}

TEST_CASE("gradients match finite differences with shared masks and without hidden layers") {
  SUBCASE("one mask per minibatch") {
    for (DropoutKind kind : {DropoutKind::Bernoulli, DropoutKind::DropConnect}) {
      dp::Config c = base_config(Task::Binary, Activation::Tanh, kind, DropoutMode::Inverted);
      c.mask_per = dp::MaskPer::Batch;
      check_network_gradients(c);
    }
  }
  SUBCASE("logistic regression: no hidden layer") {
    dp::Config c = base_config(Task::Binary, Activation::Tanh, DropoutKind::Bernoulli, DropoutMode::Inverted);
    c.layers.clear();
    check_network_gradients(c);
  }
}

TEST_CASE("the L1 and L2 penalty gradients are those of l1*sum|w| + l2*sum w^2") {
  dp::Config c = base_config(Task::Regression, Activation::Tanh, DropoutKind::Bernoulli, DropoutMode::Inverted);
  c.l1 = 0.01f;
  c.l2 = 0.02f;
  c.optimizer = dp::OptimizerKind::Sgd;
  c.learning_rate = 0.1f;
  dp::Network net(c);
  const Problem p = make_problem(c);
  const std::vector<float> w0 = net.layers()[0].kernel;
  net.gradients(p.x.data(), p.y.data(), kBatch, dp::MaskSource::Sampled);
  const std::vector<float> g = net.layers()[0].dkernel;
  net.apply_update();
  // SGD: w1 = w0 - lr * (g + l1*sign(w0) + 2*l2*w0).
  for (size_t i = 0; i < w0.size(); ++i) {
    const float sign = w0[i] > 0 ? 1.0f : (w0[i] < 0 ? -1.0f : 0.0f);
    const float expected = w0[i] - c.learning_rate * (g[i] + c.l1 * sign + 2 * c.l2 * w0[i]);
    CHECK(net.layers()[0].kernel[i] == doctest::Approx(expected).epsilon(1e-6));
  }
}
