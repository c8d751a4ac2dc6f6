// Specifications of the "remove one unit" probe and of silenced units
// (nn/ablation.cpp): silencing a hidden unit is exactly a network whose
// outgoing weights of that unit are zero, for every inference output, and it
// never touches training.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "dataset_helpers.hpp"
#include "nn/config.hpp"
#include "nn/network.hpp"

using namespace dp;

namespace {

using test_helpers::make;

// Two hidden layers of 7 and 5 units with dropout everywhere, trained a little.
Config small_config(const Dataset& d, DropoutMode mode, DropoutKind kind, Activation act = Activation::Tanh) {
  Config c;
  c.inputs = d.inputs;
  c.task = d.task;
  if (d.task == Task::Multiclass) c.classes = d.classes;
  c.layers = {LayerSpec{7, act, {0.4f, kind}}, LayerSpec{5, act, {0.3f, kind}}};
  c.input_dropout = {0.2f, kind == DropoutKind::Alpha ? DropoutKind::Bernoulli : kind};
  c.mode = mode;
  c.batch_size = 8;
  c.seed = 11;
  REQUIRE(validate(c) == "");
  return c;
}

void load(Network& net, const Dataset& d) {
  REQUIRE(net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, d.validation.x.data(), d.validation.y.data(),
                       d.validation.count) == "");
}

// A copy of net (weights, not its silenced units) with the outgoing weights of `units` set to 0.
Network without(const Network& net, const Dataset& d, const std::vector<UnitRef>& units) {
  Network copy(net.state());
  load(copy, d);
  for (const UnitRef& u : units) {
    DenseLayer& next = copy.layers()[u.layer];  // dense layer l reads hidden layer l's outputs
    for (int j = 0; j < next.out; ++j) next.kernel[static_cast<size_t>(u.unit) * next.out + j] = 0.0f;
  }
  return copy;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool same_weights(const Network& a, const Network& b) {
  for (size_t s = 0; s < a.layers().size(); ++s)
    if (!same_bits(a.layers()[s].kernel, b.layers()[s].kernel) || !same_bits(a.layers()[s].bias, b.layers()[s].bias))
      return false;
  return true;
}

// Every inference output of a network over the validation set, in one vector.
std::vector<float> inference_outputs(Network& net, const Dataset& d) {
  const int n = d.validation.count, k = net.config().outputs();
  const float* x = d.validation.x.data();
  std::vector<float> all, out(static_cast<size_t>(n) * k), var(out.size()), losses(n);
  net.predict(x, n, out.data());
  all.insert(all.end(), out.begin(), out.end());
  net.predict_thinned(x, n, 5, out.data());
  all.insert(all.end(), out.begin(), out.end());
  net.predict_mc(x, n, 3, out.data(), var.data());
  all.insert(all.end(), out.begin(), out.end());
  all.insert(all.end(), var.begin(), var.end());
  net.validation_point_losses(losses.data());
  all.insert(all.end(), losses.begin(), losses.end());
  return all;
}

struct Case {
  const char* dataset;
  DropoutMode mode;
  DropoutKind kind;
};

std::vector<Case> cases() {
  std::vector<Case> list;
  for (const char* name : {"moons", "blobs3", "plane"})
    for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original})
      for (DropoutKind kind : {DropoutKind::Bernoulli, DropoutKind::DropConnect}) list.push_back({name, mode, kind});
  return list;
}

}  // namespace

TEST_CASE("ablating a unit gives the loss of the network without that unit's outgoing weights") {
  for (const Case& c : cases()) {
    const std::string label = std::string(c.dataset) + " " + name_of(c.mode) + " " + name_of(c.kind);
    CAPTURE(label);
    const Dataset d = make(c.dataset, 120, 0.3f);
    Network net(small_config(d, c.mode, c.kind));
    load(net, d);
    net.train(150);
    const UnitAblation val = net.validation_ablation(), train = net.train_ablation();
    CHECK(val.baseline == net.evaluate_validation().loss);
    CHECK(train.baseline == net.evaluate_train().loss);
    REQUIRE(val.losses.size() == 2);
    bool some_change = false;
    for (int l = 1; l <= 2; ++l) {
      REQUIRE(val.losses[l - 1].size() == static_cast<size_t>(net.config().layers[l - 1].units));
      for (int u = 0; u < net.config().layers[l - 1].units; ++u) {
        CAPTURE(l);
        CAPTURE(u);
        Network copy = without(net, d, {{l, u}});
        CHECK(val.losses[l - 1][u] == copy.evaluate_validation().loss);
        CHECK(train.losses[l - 1][u] == copy.evaluate_train().loss);
        some_change = some_change || val.losses[l - 1][u] != val.baseline;
      }
    }
    CHECK(some_change);
  }
}

TEST_CASE("silenced units: every inference output is the network without their outgoing weights") {
  // Alpha dropout (SELU) too: its dropped value is not 0, so a silenced unit is silenced after dropout as well.
  std::vector<Case> list = cases();
  for (DropoutMode mode : {DropoutMode::Inverted, DropoutMode::Original}) {
    list.push_back({"moons", mode, DropoutKind::Alpha});
    list.push_back({"blobs3", mode, DropoutKind::Gaussian});
  }
  for (const Case& c : list) {
    const std::string label = std::string(c.dataset) + " " + name_of(c.mode) + " " + name_of(c.kind);
    CAPTURE(label);
    const Dataset d = make(c.dataset, 120, 0.3f);
    const Activation act = c.kind == DropoutKind::Alpha ? Activation::Selu : Activation::Relu;
    Network net(small_config(d, c.mode, c.kind, act));
    load(net, d);
    net.train(150);
    const std::vector<float> before = inference_outputs(net, d);
    const std::vector<UnitRef> units = {{1, 2}, {2, 0}, {2, 4}};
    REQUIRE(net.set_silenced(units) == "");
    Network copy = without(net, d, units);
    const std::vector<float> silenced = inference_outputs(net, d);
    CHECK(same_bits(silenced, inference_outputs(copy, d)));
    CHECK_FALSE(same_bits(silenced, before));
    CHECK(net.evaluate_validation().loss == copy.evaluate_validation().loss);

    // The silenced units' activations are 0; the others those of the copy.
    const int n = d.validation.count, hidden = net.hidden_units();
    std::vector<float> acts(static_cast<size_t>(hidden) * n), copy_acts(acts.size());
    net.hidden_activations(d.validation.x.data(), n, acts.data());
    copy.hidden_activations(d.validation.x.data(), n, copy_acts.data());
    for (int unit : {2, 7 + 0, 7 + 4})
      for (int r = 0; r < n; ++r) REQUIRE(acts[static_cast<size_t>(unit) * n + r] == 0.0f);
    for (int r = 0; r < n; ++r) copy_acts[2 * n + r] = 0.0f;  // layer 1's unit 2 is the copy's input to the zeros
    CHECK(same_bits(std::vector<float>(acts.begin(), acts.begin() + 7 * n),
                    std::vector<float>(copy_acts.begin(), copy_acts.begin() + 7 * n)));

    // Ablation on top of silenced units: the baseline is the silenced network's loss,
    // an already silenced unit changes nothing, another is the copy without it too.
    const UnitAblation a = net.validation_ablation();
    CHECK(a.baseline == copy.evaluate_validation().loss);
    CHECK(a.losses[0][2] == a.baseline);
    CHECK(a.losses[1][4] == a.baseline);
    Network more = without(net, d, {{1, 2}, {2, 0}, {2, 4}, {1, 5}});
    CHECK(a.losses[0][5] == more.evaluate_validation().loss);

    // Silencing nothing gives back the network as it was.
    REQUIRE(net.set_silenced({}) == "");
    CHECK(net.silenced().empty());
    CHECK(same_bits(inference_outputs(net, d), before));
    CHECK(net.validation_ablation().baseline == net.evaluate_validation().loss);
  }
}

TEST_CASE("silenced units never change training") {
  for (DropoutKind kind : {DropoutKind::Bernoulli, DropoutKind::Alpha, DropoutKind::DropConnect}) {
    const std::string kind_name = name_of(kind);
    CAPTURE(kind_name);
    const Dataset d = make("moons", 120, 0.3f);
    const Config c =
        small_config(d, DropoutMode::Inverted, kind, kind == DropoutKind::Alpha ? Activation::Selu : Activation::Relu);
    Network plain(c), silenced(c);
    load(plain, d);
    load(silenced, d);
    REQUIRE(silenced.set_silenced({{1, 0}, {1, 6}, {2, 3}}) == "");
    // Train side by side; the silenced one also runs every inference call in between,
    // which shares the training workspace.
    for (int chunk = 0; chunk < 6; ++chunk) {
      plain.train(40);
      silenced.train(40);
      silenced.evaluate_validation();
      silenced.validation_ablation();
      std::vector<float> out(static_cast<size_t>(d.validation.count)), var(out.size());
      silenced.predict_mc(d.validation.x.data(), d.validation.count, 2, out.data(), var.data());
      silenced.predict_thinned(d.validation.x.data(), d.validation.count, 3, out.data());
    }
    CHECK(silenced.step() == 240);
    CHECK(same_weights(plain, silenced));
    CHECK(silenced.silenced().size() == 3);
    // The training-mode loss (the one training uses) ignores silenced units too.
    CHECK(plain.loss(d.train.x.data(), d.train.y.data(), d.train.count, MaskSource::Sampled) ==
          silenced.loss(d.train.x.data(), d.train.y.data(), d.train.count, MaskSource::Sampled));
  }
}

TEST_CASE("set_silenced validates every index and keeps a sorted list without duplicates") {
  const Dataset d = make("moons", 60, 0.3f);
  Network net(small_config(d, DropoutMode::Inverted, DropoutKind::Bernoulli));
  REQUIRE(net.set_silenced({{2, 4}, {1, 3}, {2, 4}, {1, 0}}) == "");
  REQUIRE(net.silenced().size() == 3);
  CHECK(net.silenced()[0] == UnitRef{1, 0});
  CHECK(net.silenced()[1] == UnitRef{1, 3});
  CHECK(net.silenced()[2] == UnitRef{2, 4});
  const std::vector<UnitRef> kept = net.silenced();

  CHECK(net.set_silenced({{0, 1}}) == "hidden layer 0 does not exist: layers are 1 to 2");
  CHECK(net.set_silenced({{3, 0}}) == "hidden layer 3 does not exist: layers are 1 to 2");
  CHECK(net.set_silenced({{1, 7}}) == "hidden layer 1 has 7 units (0 to 6), not unit 7");
  CHECK(net.set_silenced({{2, -1}}) == "hidden layer 2 has 5 units (0 to 4), not unit -1");
  CHECK(net.set_silenced({{1, 1}, {2, 5}}) == "hidden layer 2 has 5 units (0 to 4), not unit 5");
  CHECK(net.silenced() == kept);  // a refused list changes nothing

  Config none = small_config(d, DropoutMode::Inverted, DropoutKind::Bernoulli);
  none.layers.clear();
  Network linear(none);
  CHECK(linear.set_silenced({{1, 0}}) == "this network has no hidden layers: there is no unit to silence");
  CHECK(linear.set_silenced({}) == "");
  load(linear, d);
  const UnitAblation a = linear.validation_ablation();
  CHECK(a.losses.empty());
  CHECK(a.baseline == linear.evaluate_validation().loss);
}

TEST_CASE("an ablation over no rows is NaN, and its work counts every pass") {
  const Dataset d = make("moons", 60, 0.3f);
  Network net(small_config(d, DropoutMode::Inverted, DropoutKind::Bernoulli));
  const UnitAblation a = net.unit_ablation(nullptr, nullptr, 0);
  CHECK(std::isnan(a.baseline));
  CHECK(std::isnan(a.losses[1][4]));
  // Baseline 2*7+7 + 7*5+5 + 5*1+1 = 67; layer 2's 5 units run the output layer (6),
  // layer 1's 7 units run layers 2 and 3 (40 + 6).
  CHECK(net.ablation_work_per_row() == 67 + 5 * 6 + 7 * 46);
}
