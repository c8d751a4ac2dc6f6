// Helpers shared by the network tests (test_network.cpp, test_network_state.cpp,
// test_network_inference.cpp).
#pragma once
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "data/datasets.hpp"
#include "nn/config.hpp"
#include "nn/network.hpp"

namespace network_helpers {

using namespace dp;

// A config for dataset d with `hidden` layers of `units` and dropout `rate` on each hidden layer.
inline Config config_for(const Dataset& d, int hidden, int units, float rate = 0.0f,
                         Activation act = Activation::Relu) {
  Config c;
  c.inputs = d.inputs;
  c.task = d.task;
  if (d.task == Task::Multiclass) c.classes = d.classes;
  for (int i = 0; i < hidden; ++i) c.layers.push_back(LayerSpec{units, act, {rate, DropoutKind::Bernoulli}});
  return c;
}

inline void load(Network& net, const Dataset& d) {
  REQUIRE(net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, d.validation.x.data(), d.validation.y.data(),
                       d.validation.count) == "");
}

inline Network trained(const Config& c, const Dataset& d, int steps) {
  REQUIRE(validate(c) == "");
  Network net(c);
  load(net, d);
  net.train(steps);
  return net;
}

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Every kernel and bias of every dense layer is bit-identical.
inline bool same_weights(const Network& a, const Network& b) {
  if (a.layers().size() != b.layers().size()) return false;
  for (size_t s = 0; s < a.layers().size(); ++s)
    if (!same_bits(a.layers()[s].kernel, b.layers()[s].kernel) || !same_bits(a.layers()[s].bias, b.layers()[s].bias))
      return false;
  return true;
}

}  // namespace network_helpers
