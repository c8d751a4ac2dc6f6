// Mask granularity in a network (cpp/nn/network.hpp MaskPer): per example, per batch,
// per epoch, checked on the masks a training step stores. The distributions of the
// masks themselves are in test_dropout_statistics.cpp.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "kernels/rng.hpp"
#include "nn/config.hpp"
#include "nn/network.hpp"

using namespace dp;

namespace {

// 64 training points, batch 16: exactly 4 steps per epoch.
constexpr int kPoints = 64, kBatch = 16, kUnits = 32;

Network granularity_net(MaskPer per) {
  Config c;
  c.inputs = 2;
  c.task = Task::Binary;
  c.layers = {LayerSpec{kUnits, Activation::Relu, {0.5f, DropoutKind::Bernoulli}}};
  c.input_dropout = {0.2f, DropoutKind::Bernoulli};
  c.mask_per = per;
  c.batch_size = kBatch;
  c.seed = 61;
  REQUIRE(validate(c) == "");
  Network net(c);
  std::vector<float> x(2 * kPoints), y(kPoints);
  const uint64_t key = stream_key(62, kStreamData, 0);
  for (int i = 0; i < kPoints; ++i) {
    x[2 * i] = normal01(key, 2 * i);
    x[2 * i + 1] = normal01(key, 2 * i + 1);
    y[i] = x[2 * i] > 0.0f ? 1.0f : 0.0f;
  }
  REQUIRE(net.set_data(x.data(), y.data(), kPoints, x.data(), y.data(), kPoints) == "");
  return net;
}

// The stored mask factors of hidden site 1 after the last training step.
std::vector<float> stored_mask(const Network& net) {
  const int stored_rows = net.masks_shared() ? 1 : net.mask_rows();
  const float* f = net.mask_buffer(1);
  return std::vector<float>(f, f + static_cast<size_t>(stored_rows) * net.mask_width(1));
}

bool same_row(const float* a, const float* b, int width) { return std::memcmp(a, b, width * sizeof(float)) == 0; }

// The input gradient of each row of a batch of identical rows: equal rows mean the
// rows went through the same mask. dx is (rows, inputs).
std::vector<float> input_gradient_of_identical_rows(Network& net) {
  const std::vector<float> x = {0.3f, -0.7f, 0.3f, -0.7f, 0.3f, -0.7f, 0.3f, -0.7f};
  const std::vector<float> y = {1.0f, 1.0f, 1.0f, 1.0f};
  net.gradients(x.data(), y.data(), 4, MaskSource::Sampled);
  return net.input_gradient();
}

bool all_rows_equal(const std::vector<float>& v, int width) {
  for (size_t r = 1; r * width < v.size(); ++r)
    if (!same_row(&v[0], &v[r * width], width)) return false;
  return true;
}

}  // namespace

// At rate 0.5 over 32 units two independent masks coincide with probability 2^-32,
// so "differ" below holds for a correct implementation.
TEST_CASE("mask granularity: per example, per batch, per epoch") {
  SUBCASE("example: every row of a step has its own mask, and every step a fresh one") {
    Network net = granularity_net(MaskPer::Example);
    net.train(1);
    REQUIRE(net.mask_rows() == kBatch);
    CHECK_FALSE(net.masks_shared());
    const std::vector<float> step0 = stored_mask(net);
    REQUIRE(step0.size() == static_cast<size_t>(kBatch) * kUnits);
    for (int r = 1; r < kBatch; ++r) {
      CAPTURE(r);
      CHECK_FALSE(same_row(&step0[0], &step0[r * kUnits], kUnits));
    }
    CHECK_FALSE(all_rows_equal(input_gradient_of_identical_rows(net), 2));  // the forward pass used them
    net.train(1);
    const std::vector<float> step1 = stored_mask(net);
    REQUIRE(step1.size() == step0.size());
    for (int r = 0; r < kBatch; ++r) {
      CAPTURE(r);
      CHECK_FALSE(same_row(&step0[r * kUnits], &step1[r * kUnits], kUnits));
    }
  }
  SUBCASE("batch: one mask shared by the rows of a step, changing between steps") {
    Network net = granularity_net(MaskPer::Batch);
    std::vector<std::vector<float>> masks;
    for (int t = 0; t < 6; ++t) {
      net.train(1);
      CHECK(net.masks_shared());
      CHECK(net.mask_rows() == kBatch);
      masks.push_back(stored_mask(net));
      REQUIRE(masks.back().size() == static_cast<size_t>(kUnits));
    }
    for (int t = 1; t < 6; ++t) {
      CAPTURE(t);
      CHECK(masks[t] != masks[t - 1]);
    }
    CHECK(all_rows_equal(input_gradient_of_identical_rows(net), 2));  // the forward pass shared it
  }
  SUBCASE("epoch: one mask for every step of an epoch, changing between epochs") {
    Network net = granularity_net(MaskPer::Epoch);
    std::vector<std::vector<float>> masks;
    std::vector<int64_t> epochs;
    for (int t = 0; t < 3 * kPoints / kBatch; ++t) {
      epochs.push_back(net.epoch());  // the epoch this step's mask belongs to
      net.train(1);
      CHECK(net.masks_shared());
      masks.push_back(stored_mask(net));
    }
    REQUIRE(epochs.back() == 2);
    CHECK(all_rows_equal(input_gradient_of_identical_rows(net), 2));
    for (size_t t = 1; t < masks.size(); ++t) {
      CAPTURE(t);
      CAPTURE(epochs[t]);
      if (epochs[t] == epochs[t - 1])
        CHECK(masks[t] == masks[t - 1]);
      else
        CHECK(masks[t] != masks[t - 1]);
    }
  }
}
