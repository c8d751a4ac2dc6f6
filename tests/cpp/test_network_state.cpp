// Specifications of a network's state: NetworkState snapshots continue a run exactly
// and are refused when they do not fit their config; update() applies live settings and
// refuses structural changes. Training: test_network.cpp.
#include <doctest/doctest.h>

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

}  // namespace

// ---------------------------------------------------------------- snapshots

TEST_CASE("a NetworkState snapshot continues the run exactly") {
  const Dataset d = make("circle", 150, 0.3f);
  for (MaskPer per : {MaskPer::Example, MaskPer::Batch, MaskPer::Epoch}) {
    const std::string per_name = name_of(per);
    CAPTURE(per_name);
    Config c = config_for(d, 2, 12, 0.4f);
    c.mask_per = per;
    c.batch_size = 16;               // 75 training points: 5 steps per epoch, the last one short
    Network a = trained(c, d, 123);  // stops mid-epoch
    const NetworkState st = a.state();
    REQUIRE(Network::validate_state(st) == "");
    Network b(st);
    load(b, d);
    CHECK(b.step() == a.step());
    CHECK(b.epoch() == a.epoch());
    CHECK(same_weights(a, b));
    a.train(200);
    b.train(200);
    CHECK(b.step() == a.step());
    CHECK(same_weights(a, b));
  }
}

TEST_CASE("validate_state rejects snapshots that do not fit their config") {
  const Dataset d = make("circle", 60, 0.3f);
  const NetworkState good = trained(config_for(d, 1, 8), d, 10).state();
  REQUIRE(Network::validate_state(good) == "");

  SUBCASE("a missing layer") {
    NetworkState st = good;
    st.params.pop_back();
    CHECK(Network::validate_state(st) != "");
  }
  SUBCASE("a layer with too few weights") {
    NetworkState st = good;
    st.params[0].pop_back();
    CHECK(Network::validate_state(st) != "");
  }
  SUBCASE("a layer with too many weights") {
    NetworkState st = good;
    st.params[1].push_back(0.0f);
    CHECK(Network::validate_state(st) != "");
  }
  SUBCASE("optimizer state of the wrong size") {
    NetworkState st = good;
    st.optimizer[1].pop_back();
    CHECK(Network::validate_state(st) != "");
  }
  SUBCASE("a NaN weight") {
    NetworkState st = good;
    st.params[0][3] = std::numeric_limits<float>::quiet_NaN();
    CHECK(Network::validate_state(st).find("finite") != std::string::npos);
  }
  SUBCASE("an infinite bias") {
    NetworkState st = good;
    st.params[1].back() = -std::numeric_limits<float>::infinity();
    CHECK(Network::validate_state(st).find("finite") != std::string::npos);
  }
  SUBCASE("negative counters") {
    NetworkState st = good;
    st.step = -1;
    CHECK(Network::validate_state(st) != "");
  }
  SUBCASE("an invalid config") {
    NetworkState st = good;
    st.config.layers[0].dropout.rate = 1.0f;
    CHECK(Network::validate_state(st) != "");
  }
}

// ---------------------------------------------------------------- live updates

TEST_CASE("update() applies live settings and rejects structural changes") {
  const Dataset d = make("moons", 100, 0.2f);
  const Config c = config_for(d, 2, 8, 0.2f);

  SUBCASE("learning rate and dropout rate change in place") {
    Network a = trained(c, d, 50), b = trained(c, d, 50);
    Config next = c;
    next.learning_rate = 0.05f;
    next.layers[0].dropout.rate = 0.6f;
    next.mask_per = MaskPer::Batch;
    CHECK(a.update(next) == "");
    CHECK(a.config().learning_rate == 0.05f);
    CHECK(a.config().layers[0].dropout.rate == 0.6f);
    CHECK(a.config().mask_per == MaskPer::Batch);
    CHECK(same_weights(a, b));  // updating touches no weights
    a.train(20);
    b.train(20);
    CHECK(a.step() == b.step());
    CHECK_FALSE(same_weights(a, b));  // ...but the new settings take effect
  }
  SUBCASE("structural changes need a new network") {
    Network net = trained(c, d, 10);
    Config more_units = c, fewer_layers = c, other_activation = c, other_seed = c, other_task = c;
    more_units.layers[1].units = 9;
    fewer_layers.layers.pop_back();
    other_activation.layers[0].activation = Activation::Tanh;
    other_seed.seed = c.seed + 1;
    other_task.task = Task::Regression;
    for (const Config* next : {&more_units, &fewer_layers, &other_activation, &other_seed, &other_task}) {
      const std::string why = net.update(*next);
      CAPTURE(why);
      CHECK(why.find("new network") != std::string::npos);
    }
    CHECK(net.config().layers.size() == 2);
    CHECK(net.config().layers[1].units == 8);
    CHECK(net.config().seed == c.seed);
  }
  SUBCASE("an invalid value is rejected and nothing changes") {
    Network net = trained(c, d, 10);
    Config next = c;
    next.learning_rate = 0.5f;
    next.layers[0].dropout.rate = 1.5f;
    CHECK(net.update(next) != "");
    CHECK(net.config().learning_rate == c.learning_rate);
    CHECK(net.config().layers[0].dropout.rate == c.layers[0].dropout.rate);
  }
}
