// Training the recurrent models on the sequence datasets: the loss falls well below its
// start (sines) or chance (pattern), and training is bit-for-bit reproducible.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "data/sequences.hpp"
#include "rnn/sequence_model.hpp"

namespace {

using namespace dp::rnn;

struct Run {
  double first_loss = 0.0, last_loss = 0.0;
  Evaluation train, validation;
};

SequenceModelConfig config_for(const dp::SequenceDataset& d, Cell cell, RecurrentDropoutSpec dropout, uint64_t seed) {
  SequenceModelConfig c;
  c.shape = {cell, d.inputs, 16};
  c.head = d.many_to_many ? Head::ManyToMany : Head::ManyToOne;
  c.task = d.many_to_many ? dp::Task::Regression : dp::Task::Binary;
  c.dropout = dropout;
  c.seed = seed;
  c.learning_rate = 0.01f;
  return c;
}

// Full-batch Adam on the training split; the last few losses averaged (dropout makes
// single steps noisy).
Run train(const dp::SequenceDataset& d, SequenceModel& m, int steps) {
  Run r;
  const int T = d.steps;
  for (int s = 0; s < steps; ++s) {
    const double loss = train_step(m, d.train.count, T, d.train.x.data(), d.train.y.data());
    if (s == 0) r.first_loss = loss;
    if (s >= steps - 10) r.last_loss += loss / 10;
  }
  r.train = evaluate(m, d.train.count, T, d.train.x.data(), d.train.y.data());
  r.validation = evaluate(m, d.validation.count, T, d.validation.x.data(), d.validation.y.data());
  return r;
}

dp::SequenceDataset dataset(const char* name, float noise, int steps, uint64_t seed = 1) {
  dp::SequenceSpec s;
  s.name = name;
  s.noise = noise;
  s.steps = steps;
  s.seed = seed;
  return dp::make_sequence_dataset(s);
}

}  // namespace

TEST_CASE("an LSTM learns to continue the noisy sines") {
  const dp::SequenceDataset d = dataset("sines", 0.1f, 32);
  SequenceModel m = make_sequence_model(config_for(d, Cell::Lstm, {}, 1));
  const Run r = train(d, m, 300);
  MESSAGE("sines: first loss " << r.first_loss << ", last " << r.last_loss << ", validation " << r.validation.loss);
  CHECK(r.last_loss < 0.25 * r.first_loss);
  CHECK(r.train.loss < 0.25 * r.first_loss);
}

TEST_CASE("an LSTM and a tanh RNN find the hidden pattern in the training sequences") {
  const dp::SequenceDataset d = dataset("pattern", 0.5f, 24);
  for (Cell cell : {Cell::Lstm, Cell::TanhRnn}) {
    CAPTURE(static_cast<int>(cell));
    SequenceModel m = make_sequence_model(config_for(d, cell, {}, 1));
    const Run r = train(d, m, 300);
    MESSAGE("pattern: first loss " << r.first_loss << ", train " << r.train.loss << " acc " << r.train.accuracy
                                   << ", validation " << r.validation.loss << " acc " << r.validation.accuracy);
    CHECK(r.train.loss < 0.35 * std::log(2.0));  // chance: ln 2
    CHECK(r.train.accuracy > 0.9);
  }
}

TEST_CASE("the same seed trains to bit-identical weights, with every dropout mode") {
  const dp::SequenceDataset d = dataset("sines", 0.2f, 12);
  for (RecurrentDropout mode :
       {RecurrentDropout::Naive, RecurrentDropout::NonRecurrent, RecurrentDropout::Variational}) {
    SequenceModel a = make_sequence_model(config_for(d, Cell::Lstm, {mode, 0.2f, 0.3f, 0.1f}, 7));
    SequenceModel b = make_sequence_model(a.config);
    train(d, a, 40);
    train(d, b, 40);
    CHECK(a.params == b.params);
    for (float w : a.params) REQUIRE(std::isfinite(w));
  }
}

// A measurement, not a claim: run with  dp_tests -tc="*measure*" --no-skip
TEST_CASE("measure: validation loss with no, naive and variational dropout over seeds" * doctest::skip()) {
  const char* names[] = {"none", "naive", "non-recurrent", "variational"};
  for (const char* set : {"pattern", "sines"}) {
    double sum[4] = {};
    int wins = 0;
    const int seeds = 8;
    for (uint64_t seed = 1; seed <= seeds; ++seed) {
      const dp::SequenceDataset d = dataset(set, set[0] == 'p' ? 0.5f : 0.2f, 24, seed);
      const RecurrentDropoutSpec specs[4] = {{RecurrentDropout::Variational, 0, 0, 0},
                                             {RecurrentDropout::Naive, 0.25f, 0.25f, 0.0f},
                                             {RecurrentDropout::NonRecurrent, 0.25f, 0.0f, 0.25f},
                                             {RecurrentDropout::Variational, 0.25f, 0.25f, 0.0f}};
      double v[4];
      for (int k = 0; k < 4; ++k) {
        SequenceModel m = make_sequence_model(config_for(d, Cell::Lstm, specs[k], seed));
        v[k] = train(d, m, 400).validation.loss;
        sum[k] += v[k];
      }
      wins += v[3] < v[0];
      std::printf("%s seed %d: none %.4f naive %.4f non-recurrent %.4f variational %.4f\n", set, static_cast<int>(seed),
                  v[0], v[1], v[2], v[3]);
    }
    for (int k = 0; k < 4; ++k) std::printf("%s mean validation loss, %s: %.4f\n", set, names[k], sum[k] / seeds);
    std::printf("%s: variational below none in %d of %d seeds\n", set, wins, seeds);
  }
}

TEST_CASE("training gives bit-identical weights in native and wasm builds") {
  // The same constant is checked by the native and the wasm test run: the kernels sum in
  // the same order at 4 lanes, and the activations are the same approximations.
  const dp::SequenceDataset d = dataset("pattern", 0.4f, 16, 3);
  SequenceModel m =
      make_sequence_model(config_for(d, Cell::Lstm, {RecurrentDropout::Variational, 0.2f, 0.3f, 0.1f}, 3));
  train(d, m, 100);
  uint64_t h = 0xcbf29ce484222325ull;
  for (float f : m.params) {
    uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    h = (h ^ b) * 0x100000001b3ull;
  }
#if DP_HAVE_XSIMD  // the scalar build sums the input gradient in another order
  CHECK(h == 1966334336432759893ull);
#else
  MESSAGE("weights hash " << h);
#endif
}
