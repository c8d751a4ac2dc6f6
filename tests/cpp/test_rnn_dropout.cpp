// Recurrent dropout masks (cpp/rnn/recurrent_dropout.hpp): naive masks change at every
// time step, variational masks are one per sequence reused along time, non-recurrent
// dropout never touches h; the dropped fraction is binomial within 4 sigma, kept values
// are scaled by exactly 1 / (1 - rate), and inference uses no mask.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "rnn/sequence_model.hpp"

namespace {

using namespace dp::rnn;

constexpr int kT = 16, kB = 8, kInputs = 3, kUnits = 64;

SequenceMasks draw(RecurrentDropout mode, uint64_t step, float rate = 0.4f) {
  SequenceMasks m;
  draw_sequence_masks({mode, rate, rate, rate}, 11, step, kT, kB, kInputs, kUnits, m);
  return m;
}

// The (width) mask of example b at step t.
std::vector<float> slice(const std::vector<float>& mask, int t, int b, int width) {
  const auto first = mask.begin() + (static_cast<size_t>(t) * kB + b) * width;
  return std::vector<float>(first, first + width);
}

// Dropped count within 4 sigma of the binomial, kept values exactly 1 / (1 - rate).
void check_bernoulli(const std::vector<float>& values, float rate) {
  const double n = static_cast<double>(values.size());
  int dropped = 0;
  const float scale = 1.0f / (1.0f - rate);
  for (float v : values) {
    if (v == 0.0f)
      ++dropped;
    else
      REQUIRE(v == scale);
  }
  CHECK(std::abs(dropped - n * rate) <= 4.0 * std::sqrt(n * rate * (1.0 - rate)));
}

// The independent draws of a site: every step (naive), or the first step (variational).
std::vector<float> independent(const std::vector<float>& mask, int width, bool per_step) {
  return per_step ? mask : std::vector<float>(mask.begin(), mask.begin() + static_cast<size_t>(kB) * width);
}

}  // namespace

TEST_CASE("variational masks are constant along time and differ across sequences and steps") {
  const SequenceMasks m = draw(RecurrentDropout::Variational, 0), next = draw(RecurrentDropout::Variational, 1);
  for (auto [mask, width] : {std::pair{&m.input, kInputs}, {&m.recurrent, kUnits}, {&m.output, kUnits}}) {
    REQUIRE(mask->size() == static_cast<size_t>(kT) * kB * width);
    for (int b = 0; b < kB; ++b)
      for (int t = 1; t < kT; ++t) CHECK(slice(*mask, t, b, width) == slice(*mask, 0, b, width));
  }
  for (int b = 1; b < kB; ++b) CHECK(slice(m.recurrent, 0, b, kUnits) != slice(m.recurrent, 0, 0, kUnits));
  CHECK(next.recurrent != m.recurrent);
  CHECK(next.input != m.input);
  check_bernoulli(independent(m.recurrent, kUnits, false), 0.4f);
}

TEST_CASE("naive masks are drawn afresh at every time step, on the inputs and on h") {
  const SequenceMasks m = draw(RecurrentDropout::Naive, 0);
  for (int b = 0; b < kB; ++b)
    for (int t = 1; t < kT; ++t) CHECK(slice(m.recurrent, t, b, kUnits) != slice(m.recurrent, t - 1, b, kUnits));
  int input_changes = 0;  // 3 inputs: some steps repeat by chance
  for (int b = 0; b < kB; ++b)
    for (int t = 1; t < kT; ++t) input_changes += slice(m.input, t, b, kInputs) != slice(m.input, t - 1, b, kInputs);
  CHECK(input_changes > kB * (kT - 1) / 2);
  check_bernoulli(m.recurrent, 0.4f);
  check_bernoulli(m.input, 0.4f);
  check_bernoulli(m.output, 0.4f);
}

TEST_CASE("non-recurrent dropout masks the inputs and the output at every step, never h") {
  const SequenceMasks m = draw(RecurrentDropout::NonRecurrent, 0);
  CHECK(m.recurrent.empty());
  CHECK(m.input.size() == static_cast<size_t>(kT) * kB * kInputs);
  CHECK(slice(m.output, 1, 0, kUnits) != slice(m.output, 0, 0, kUnits));
  check_bernoulli(m.output, 0.4f);
  // The recurrent state a step feeds on is exactly h_{t-1}, unmasked.
  SequenceModelConfig c;
  c.shape = {Cell::Lstm, kInputs, 5};
  c.dropout = {RecurrentDropout::NonRecurrent, 0.5f, 0.9f, 0.5f};
  SequenceModel model = make_sequence_model(c);
  std::vector<float> x(static_cast<size_t>(kB) * kT * kInputs, 0.5f), y(kB, 1.0f);
  train_step(model, kB, kT, x.data(), y.data());
  for (int t = 1; t < kT; ++t)
    for (int b = 0; b < kB; ++b)
      for (int u = 0; u < 5; ++u)
        CHECK(model.cache.xh[(static_cast<size_t>(t) * kB + b) * (kInputs + 5) + kInputs + u] ==
              model.cache.h[(static_cast<size_t>(t - 1) * kB + b) * 5 + u]);
}

TEST_CASE("the dropped fraction is binomial and kept values are scaled by 1 / (1 - rate) at every rate") {
  for (float rate : {0.1f, 0.3f, 0.5f, 0.7f, 0.9f})
    for (RecurrentDropout mode : {RecurrentDropout::Naive, RecurrentDropout::Variational}) {
      CAPTURE(rate);
      const SequenceMasks m = draw(mode, 2, rate);
      const bool per_step = mode == RecurrentDropout::Naive;
      check_bernoulli(independent(m.recurrent, kUnits, per_step), rate);
      check_bernoulli(independent(m.input, kInputs, per_step), rate);
    }
}

TEST_CASE("masks are seeded, fresh every training step, and readable as units x time steps") {
  CHECK(draw(RecurrentDropout::Naive, 4).recurrent == draw(RecurrentDropout::Naive, 4).recurrent);
  SequenceModelConfig c;
  c.shape = {Cell::Lstm, 1, 6};
  c.dropout = {RecurrentDropout::Variational, 0.5f, 0.5f, 0.0f};
  SequenceModel a = make_sequence_model(c), b = make_sequence_model(c);
  std::vector<float> x(4 * 10, 0.1f), y(4, 0.0f);
  train_step(a, 4, 10, x.data(), y.data());
  train_step(b, 4, 10, x.data(), y.data());
  CHECK(a.last_masks.recurrent == b.last_masks.recurrent);
  const std::vector<float> first = a.last_masks.recurrent;
  train_step(a, 4, 10, x.data(), y.data());
  CHECK(a.last_masks.recurrent != first);
  CHECK(a.last_masks.output.empty());
  const std::vector<float> grid = mask_units_by_time(a.last_masks.recurrent, 10, 4, 6, 2);
  REQUIRE(grid.size() == 60u);
  for (int u = 0; u < 6; ++u)
    for (int t = 0; t < 10; ++t) CHECK(grid[u * 10 + t] == a.last_masks.recurrent[(t * 4 + 2) * 6 + u]);
  for (float v : mask_units_by_time(a.last_masks.output, 10, 4, 6, 0)) CHECK(v == 1.0f);
}

TEST_CASE("inference is deterministic and mask-free") {
  SequenceModelConfig c;
  c.shape = {Cell::Lstm, 1, 7};
  c.dropout = {RecurrentDropout::Naive, 0.5f, 0.5f, 0.5f};
  SequenceModel a = make_sequence_model(c);
  c.dropout = {};
  SequenceModel b = make_sequence_model(c);
  std::vector<float> x(5 * 12), y(5);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.3f * static_cast<float>(i));
  for (int i = 0; i < 5; ++i) y[i] = static_cast<float>(i % 2);
  const Evaluation e1 = evaluate(a, 5, 12, x.data(), y.data());
  const Evaluation e2 = evaluate(a, 5, 12, x.data(), y.data());
  CHECK(e1.loss == e2.loss);
  CHECK(e1.loss == evaluate(b, 5, 12, x.data(), y.data()).loss);  // same weights, other dropout
  const SequenceMasks none;                                       // all sites empty: the same as no mask
  CHECK(sequence_loss(a, 5, 12, x.data(), y.data(), &none, false) == e1.loss);
}

TEST_CASE("bad recurrent settings are refused with a reason") {
  SequenceModelConfig c;
  CHECK(validate_sequence_model_config(c) == "");
  c.dropout.recurrent_rate = 1.0f;
  CHECK(validate_sequence_model_config(c).find("recurrent dropout rate") != std::string::npos);
  c.dropout.recurrent_rate = 0.5f;
  c.shape.units = 0;
  CHECK(validate_sequence_model_config(c).find("units") != std::string::npos);
  c.shape.units = 4;
  c.task = dp::Task::Multiclass;
  CHECK(validate_sequence_model_config(c).find("outputs") != std::string::npos);
  c.outputs = 3;
  CHECK(validate_sequence_model_config(c) == "");
  CHECK(validate_sequence_batch(4, 64) == "");
  CHECK(validate_sequence_batch(4, 65) != "");
  CHECK(validate_sequence_batch(0, 8) != "");
}
