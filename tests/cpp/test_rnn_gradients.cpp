// Backpropagation through time, checked: the float model (xsimd and scalar kernels)
// against a double-precision forward pass written from the equations (rnn_reference.hpp),
// and its analytic gradient against central differences of that double forward pass,
// for the LSTM and the tanh RNN, both heads, awkward sizes, with dropout masks held fixed.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "kernels/rng.hpp"
#include "rnn/sequence_model.hpp"
#include "rnn_reference.hpp"

namespace {

using namespace dp::rnn;

struct Case {
  Cell cell;
  Head head;
  dp::Task task;
  int inputs, units, T, outputs;
};

struct Batch {
  std::vector<float> x, y;
};

Batch make_batch(const SequenceModelConfig& c, int B, int T) {
  Batch p;
  const uint64_t key = dp::stream_key(321, 7);
  for (int i = 0; i < B * T * c.shape.inputs; ++i) p.x.push_back(2.0f * dp::uniform01(key, i) - 1.0f);
  const int per = targets_per_sequence(c, T);
  for (int i = 0; i < B * per; ++i) {
    const float u = dp::uniform01(key, 100000 + i);
    p.y.push_back(c.task == dp::Task::Binary       ? (u < 0.5f ? 0.0f : 1.0f)
                  : c.task == dp::Task::Multiclass ? static_cast<float>(static_cast<int>(u * c.outputs))
                                                   : 2.0f * u - 1.0f);
  }
  return p;
}

SequenceModelConfig config_of(const Case& k, bool simd) {
  SequenceModelConfig c;
  c.shape = {k.cell, k.inputs, k.units};
  c.head = k.head;
  c.task = k.task;
  c.outputs = k.outputs;
  c.simd = simd;
  c.seed = 5;
  c.dropout = {RecurrentDropout::Variational, 0.3f, 0.3f, 0.2f};
  return c;
}

// The worst |analytic - numeric| over (a sample of) the parameters, relative to the
// largest numeric gradient. Central differences of the double forward pass with
// h = 1e-4 have error ~h^2 (1e-8); the float analytic gradient is within ~1e-5 of the
// true one (float32 sums over at most 64 steps, activations within 2 ulp).
double worst_gradient_error(const Case& k, bool simd, RecurrentDropout mode) {
  const int B = 3;
  SequenceModelConfig c = config_of(k, simd);
  c.dropout.mode = mode;
  SequenceModel m = make_sequence_model(c);
  // Bigger than the default init, so the gates are not all near their midpoints.
  for (float& w : m.params) w *= 1.5f;
  const Batch p = make_batch(c, B, k.T);
  SequenceMasks masks;
  draw_sequence_masks(c.dropout, c.seed, 3, k.T, B, k.inputs, k.units, masks);
  const double loss = sequence_loss(m, B, k.T, p.x.data(), p.y.data(), &masks, true);
  std::vector<double> w(m.params.begin(), m.params.end());
  const double ref = test_helpers::reference_sequence_loss(c, w, B, k.T, p.x.data(), p.y.data(), &masks);
  CHECK(loss == doctest::Approx(ref).epsilon(1e-4));
  const int n = static_cast<int>(w.size());
  const int stride = n > 120 ? n / 97 : 1;  // a spread sample of the larger models
  double worst = 0.0, largest = 1e-3;
  for (int i = 0; i < n; i += stride) {
    const double h = 1e-4, w0 = w[i];
    w[i] = w0 + h;
    const double up = test_helpers::reference_sequence_loss(c, w, B, k.T, p.x.data(), p.y.data(), &masks);
    w[i] = w0 - h;
    const double down = test_helpers::reference_sequence_loss(c, w, B, k.T, p.x.data(), p.y.data(), &masks);
    w[i] = w0;
    const double numeric = (up - down) / (2 * h);
    worst = std::max(worst, std::abs(numeric - m.grads[i]));
    largest = std::max(largest, std::abs(numeric));
  }
  return worst / largest;
}

const Case kCases[] = {
    {Cell::Lstm, Head::ManyToOne, dp::Task::Binary, 1, 1, 1, 1},
    {Cell::Lstm, Head::ManyToOne, dp::Task::Binary, 3, 5, 64, 1},
    {Cell::Lstm, Head::ManyToOne, dp::Task::Multiclass, 1, 17, 9, 3},
    {Cell::Lstm, Head::ManyToMany, dp::Task::Regression, 1, 3, 64, 1},
    {Cell::Lstm, Head::ManyToMany, dp::Task::Regression, 3, 17, 6, 1},
    {Cell::TanhRnn, Head::ManyToOne, dp::Task::Binary, 3, 5, 12, 1},
    {Cell::TanhRnn, Head::ManyToMany, dp::Task::Regression, 1, 17, 64, 1},
    {Cell::TanhRnn, Head::ManyToOne, dp::Task::Binary, 1, 1, 1, 1},
};

}  // namespace

TEST_CASE("BPTT gradients match central differences of a double-precision forward pass") {
  for (const Case& k : kCases)
    for (bool simd : {true, false})
      for (RecurrentDropout mode : {RecurrentDropout::Variational, RecurrentDropout::Naive}) {
        CAPTURE(static_cast<int>(k.cell));
        CAPTURE(static_cast<int>(k.head));
        CAPTURE(k.inputs);
        CAPTURE(k.units);
        CAPTURE(k.T);
        CAPTURE(simd);
        CAPTURE(static_cast<int>(mode));
        CHECK(worst_gradient_error(k, simd, mode) < 2e-4);
      }
}

TEST_CASE("the xsimd and scalar kernels give the same loss and nearly the same gradient") {
  for (const Case& k : kCases) {
    CAPTURE(k.units);
    CAPTURE(k.T);
    SequenceModel a = make_sequence_model(config_of(k, true));
    SequenceModel b = make_sequence_model(config_of(k, false));
    const Batch p = make_batch(a.config, 5, k.T);
    SequenceMasks masks;
    draw_sequence_masks(a.config.dropout, 9, 0, k.T, 5, k.inputs, k.units, masks);
    // Forward kernels sum in the same order and the activations agree bit for bit.
    CHECK(sequence_loss(a, 5, k.T, p.x.data(), p.y.data(), &masks, true) ==
          sequence_loss(b, 5, k.T, p.x.data(), p.y.data(), &masks, true));
    // The input-gradient kernel sums in another order: only rounding differs.
    double largest = 1e-3, worst = 0.0;
    for (size_t i = 0; i < a.grads.size(); ++i) {
      largest = std::max(largest, static_cast<double>(std::abs(b.grads[i])));
      worst = std::max(worst, static_cast<double>(std::abs(a.grads[i] - b.grads[i])));
    }
    CHECK(worst / largest < 1e-5);
  }
}
