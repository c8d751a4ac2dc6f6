// The dropout math against PyTorch (tests/reference/pytorch-2-4-1.json, float64
// numbers): 2 inputs -> 4 tanh -> 1 linear output. The reference loss is
// 0.5*(y-t)^2; ours is the mean squared error (y-t)^2, so our loss and
// gradients are exactly twice the reference's.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "json_lite.hpp"
#include "nn/network.hpp"
#include "nn/optimizer.hpp"

namespace {

const json_lite::Value& reference() {
  static const json_lite::Value ref = json_lite::read_file(DP_REFERENCE_JSON);
  return ref;
}

// float32 arithmetic against float64 references: relative 2e-5 (the file says ~1e-5).
void check_close(double actual, double expected, const char* what) {
  INFO(what << ": actual " << actual << ", expected " << expected);
  CHECK(std::fabs(actual - expected) <= 2e-5 * (1.0 + std::fabs(expected)));
}

dp::Config reference_config() {
  dp::Config c;
  c.inputs = 2;
  c.task = dp::Task::Regression;
  c.layers = {dp::LayerSpec{4, dp::Activation::Tanh, {}}};
  return c;
}

// Loads W1 (4x2), b1, W2 (1x4), b2 into our (in, out) kernels.
void load_reference_weights(dp::Network& net, double w2_scale = 1.0) {
  const auto& ref = reference();
  auto& L = net.layers();
  const auto W1 = ref["W1"].numbers(), b1 = ref["b1"].numbers(), W2 = ref["W2"].numbers(), b2 = ref["b2"].numbers();
  for (int o = 0; o < 4; ++o) {
    for (int i = 0; i < 2; ++i) L[0].kernel[i * 4 + o] = static_cast<float>(W1[o * 2 + i]);
    L[0].bias[o] = static_cast<float>(b1[o]);
    L[1].kernel[o] = static_cast<float>(W2[o] * w2_scale);
  }
  L[1].bias[0] = static_cast<float>(b2[0]);
}

struct Sample {
  float x[2];
  float t;
};
Sample reference_sample() {
  const auto& ref = reference();
  const auto x = ref["x"].numbers();
  return {{static_cast<float>(x[0]), static_cast<float>(x[1])}, static_cast<float>(ref["t"].number)};
}

void check_gradients(const dp::Network& net, const json_lite::Value& c) {
  const auto& L = net.layers();
  const auto dW1 = c["dW1"].numbers(), db1 = c["db1"].numbers(), dW2 = c["dW2"].numbers(), dx = c["dx"].numbers();
  for (int o = 0; o < 4; ++o) {
    for (int i = 0; i < 2; ++i) check_close(L[0].dkernel[i * 4 + o], 2 * dW1[o * 2 + i], "dW1");
    check_close(L[0].dbias[o], 2 * db1[o], "db1");
    check_close(L[1].dkernel[o], 2 * dW2[o], "dW2");
  }
  check_close(L[1].dbias[0], 2 * c["db2"].numbers()[0], "db2");
  for (int i = 0; i < 2; ++i) check_close(net.input_gradient()[i], 2 * dx[i], "dx");
}

const json_lite::Value& find_case(const char* prefix) {
  for (const auto& c : reference()["cases"].array)
    if (c["name"].string.rfind(prefix, 0) == 0) return c;
  FAIL("no reference case " << prefix);
  static json_lite::Value none;
  return none;
}

}  // namespace

TEST_CASE("forward and backward match PyTorch without dropout") {
  dp::Network net(reference_config());
  load_reference_weights(net);
  const Sample s = reference_sample();
  const auto& c = find_case("inference");
  float y = 0;
  net.predict(s.x, 1, &y);
  check_close(y, c["y"].number, "inference y");
  net.prepare_masks(1);
  const double loss = net.gradients(s.x, &s.t, 1, dp::MaskSource::Fixed);
  check_close(loss, 2 * c["loss"].number, "loss");
  check_gradients(net, c);
}

TEST_CASE("inverted hidden dropout with a fixed mask matches PyTorch") {
  const auto& c = find_case("training, hidden dropout");
  dp::Config cfg = reference_config();
  const float rate = static_cast<float>(c["hidden_rate"].number);
  cfg.layers[0].dropout.rate = rate;
  dp::Network net(cfg);
  load_reference_weights(net);
  const Sample s = reference_sample();
  net.prepare_masks(1);
  const auto mask = c["hidden_mask"].numbers();
  for (int j = 0; j < 4; ++j) net.mask_buffer(1)[j] = static_cast<float>(mask[j] / (1.0 - rate));  // m / (1 - rate)
  const double loss = net.gradients(s.x, &s.t, 1, dp::MaskSource::Fixed);
  check_close(net.outputs()[0], c["y"].number, "training y");
  check_close(loss, 2 * c["loss"].number, "loss");
  check_gradients(net, c);
  SUBCASE("and inference uses every unit, unscaled, giving the no-dropout output") {
    float y = 0;
    net.predict(s.x, 1, &y);
    check_close(y, find_case("inference")["y"].number, "inference y");
  }
}

TEST_CASE("input and hidden dropout together match PyTorch") {
  const auto& c = find_case("training, input dropout");
  dp::Config cfg = reference_config();
  const float in_rate = static_cast<float>(c["input_rate"].number),
              h_rate = static_cast<float>(c["hidden_rate"].number);
  cfg.input_dropout.rate = in_rate;
  cfg.layers[0].dropout.rate = h_rate;
  dp::Network net(cfg);
  load_reference_weights(net);
  const Sample s = reference_sample();
  net.prepare_masks(1);
  const auto in_mask = c["input_mask"].numbers(), h_mask = c["hidden_mask"].numbers();
  for (int j = 0; j < 2; ++j) net.mask_buffer(0)[j] = static_cast<float>(in_mask[j] / (1.0 - in_rate));
  for (int j = 0; j < 4; ++j) net.mask_buffer(1)[j] = static_cast<float>(h_mask[j] / (1.0 - h_rate));
  const double loss = net.gradients(s.x, &s.t, 1, dp::MaskSource::Fixed);
  check_close(net.outputs()[0], c["y"].number, "training y");
  check_close(loss, 2 * c["loss"].number, "loss");
  check_gradients(net, c);
}

TEST_CASE("the original formulation trains unscaled and scales by the keep probability at inference") {
  // Reference: W2_orig = W2 / q; training y with mask [1,0,1,1] equals the inverted form's,
  // and the test-time output (weights scaled by q) equals the no-dropout output.
  const auto& c = find_case("training, hidden dropout");
  dp::Config cfg = reference_config();
  const double rate = c["hidden_rate"].number, keep = 1.0 - rate;
  cfg.layers[0].dropout.rate = static_cast<float>(rate);
  cfg.mode = dp::DropoutMode::Original;
  dp::Network net(cfg);
  load_reference_weights(net, 1.0 / keep);
  const Sample s = reference_sample();
  net.prepare_masks(1);
  const auto mask = c["hidden_mask"].numbers();
  for (int j = 0; j < 4; ++j) net.mask_buffer(1)[j] = static_cast<float>(mask[j]);  // m, no 1/q
  net.loss(s.x, &s.t, 1, dp::MaskSource::Fixed);
  check_close(net.outputs()[0], c["y"].number, "original-form training y");
  float y = 0;
  net.predict(s.x, 1, &y);
  check_close(y, find_case("inference")["y"].number, "original-form test y");
}

TEST_CASE("DropConnect masks weights, not units, and matches PyTorch") {
  // Inverted DropConnect on W2 at rate 0.5 with the weight keep-mask [1,1,0,1]: y = 2.6884830501978536.
  dp::Config cfg = reference_config();
  cfg.layers[0].dropout = {0.5f, dp::DropoutKind::DropConnect};
  dp::Network net(cfg);
  load_reference_weights(net);
  const Sample s = reference_sample();
  net.prepare_masks(1);
  REQUIRE(net.mask_width(1) == 4);
  const float keep_mask[4] = {1, 1, 0, 1};
  for (int j = 0; j < 4; ++j) net.mask_buffer(1)[j] = keep_mask[j] / 0.5f;
  net.loss(s.x, &s.t, 1, dp::MaskSource::Fixed);
  check_close(net.outputs()[0], 2.6884830501978536, "DropConnect y");
  float y = 0;
  net.predict(s.x, 1, &y);
  check_close(y, find_case("inference")["y"].number, "DropConnect inference y");
}

TEST_CASE("max-norm projects each unit's incoming weights like the reference") {
  // Max-norm c=1 on the rows of W1 (our kernel's columns): only unit 3 (norm 1.0817) changes.
  dp::Network net(reference_config());
  load_reference_weights(net);
  auto& k = net.layers()[0].kernel;
  const std::vector<float> before = k;
  dp::apply_max_norm(2, 4, 1.0f, k.data());
  check_close(k[0 * 4 + 2], -0.5547001962252291, "W1[2][0]");
  check_close(k[1 * 4 + 2], 0.8320502943378438, "W1[2][1]");
  for (int o : {0, 1, 3})
    for (int i = 0; i < 2; ++i) CHECK(k[i * 4 + o] == before[i * 4 + o]);
}

TEST_CASE("Monte-Carlo dropout: exact mean and variance over all 16 hidden masks") {
  // E[y] over masks equals the inference output at any rate; Var[y] = rate/(1-rate) * sum_j (W2_j h_j)^2:
  // 0.121909489531 at rate 0.1 and 1.097185405780 at rate 0.5.
  for (const auto& rate_var : {std::pair{0.1, 0.121909489531}, std::pair{0.5, 1.097185405780}}) {
    const double rate = rate_var.first, expected_var = rate_var.second;
    CAPTURE(rate);
    dp::Config cfg = reference_config();
    cfg.layers[0].dropout.rate = static_cast<float>(rate);
    dp::Network net(cfg);
    load_reference_weights(net);
    const Sample s = reference_sample();
    double mean = 0, second = 0;
    for (int bits = 0; bits < 16; ++bits) {
      net.prepare_masks(1);
      double prob = 1;
      for (int j = 0; j < 4; ++j) {
        const bool kept = (bits >> j) & 1;
        prob *= kept ? 1 - rate : rate;
        net.mask_buffer(1)[j] = kept ? static_cast<float>(1 / (1 - rate)) : 0.0f;
      }
      net.loss(s.x, &s.t, 1, dp::MaskSource::Fixed);
      const double y = net.outputs()[0];
      mean += prob * y;
      second += prob * y * y;
    }
    check_close(mean, 1.074649504291, "E[y]");
    check_close(second - mean * mean, expected_var, "Var[y]");
  }
}

TEST_CASE("a rate outside [0, 1) is rejected with a clear message, as in PyTorch and Keras") {
  for (float bad : {1.5f, 1.0f, -0.1f, std::nanf("")}) {
    CAPTURE(bad);
    dp::Config cfg = reference_config();
    cfg.layers[0].dropout.rate = bad;
    const std::string e = dp::validate(cfg);
    CHECK(e.find("dropout rate of layer 1 must be in [0, 1)") != std::string::npos);
  }
  dp::Config ok = reference_config();
  ok.layers[0].dropout.rate = 0.0f;
  CHECK(dp::validate(ok).empty());
  ok.layers[0].dropout.rate = 0.999f;
  CHECK(dp::validate(ok).empty());
}

TEST_CASE("the original formulation scales by the keep probability, not by the rate") {
  // At rate 0.5 keep and rate coincide, so check asymmetric rates too: with W2 / (1-rate)
  // the test-time output must equal the reference's no-dropout output for every rate.
  for (double rate : {0.2, 0.5, 0.8}) {
    CAPTURE(rate);
    dp::Config cfg = reference_config();
    cfg.layers[0].dropout.rate = static_cast<float>(rate);
    cfg.mode = dp::DropoutMode::Original;
    dp::Network net(cfg);
    load_reference_weights(net, 1.0 / (1.0 - rate));
    const Sample s = reference_sample();
    float y = 0;
    net.predict(s.x, 1, &y);
    check_close(y, find_case("inference")["y"].number, "original-form test y");
  }
}
