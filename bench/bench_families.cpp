// One training step of the CNN and LSTM, for bench/families.mjs, which runs
// this program's native, wasm SIMD and wasm scalar builds (and TF.js) in interleaved
// rounds. Prints one JSON line per workload (bench_measure.hpp).
//   cnn   12x12x1 glyphs, 8 filters 3x3 'same', relu, spatial dropout 0.2, 2x2 max-pool,
//         32 dense relu, dropout 0.5, 4-way softmax, Adam, batch 32
//   lstm  32 units over 32 time steps, batch 16, variational dropout 0.25 on the inputs
//         and the recurrent state, a sigmoid head on the last state, Adam
// Usage: dp_bench_families [cnn] [lstm]   (no argument: both)
#include <cstdio>
#include <string>
#include <vector>

#include "bench_measure.hpp"
#include "cnn/cnn_network.hpp"
#include "data/glyphs.hpp"
#include "data/sequences.hpp"
#include "rnn/sequence_model.hpp"

namespace {

using dp::bench::measure;
using dp::bench::report;

void bench_cnn() {
  dp::GlyphSpec gs;
  gs.train = 96;  // three batches of 32
  gs.validation = 0;
  const dp::GlyphData d = dp::make_glyphs(gs);
  dp::CnnConfig c;
  c.conv_dropout = {0.2f, dp::FeatureDropoutKind::Spatial};
  c.hidden_rate = 0.5f;
  c.batch_size = 32;
  dp::CnnNetwork net(c);
  net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, nullptr, nullptr, 0);
  report("CNN step 12x12x1 8x3x3 pool 32, batch 32", "C++", measure([&] { net.train(1); }, 1.0), 1.0, "steps/s");
}

void bench_lstm() {
  dp::SequenceSpec s;
  s.name = "pattern";
  s.sequences = 32;
  s.steps = 32;
  s.validation = 0.5f;  // 16 training sequences: the batch
  const dp::SequenceDataset d = dp::make_sequence_dataset(s);
  dp::rnn::SequenceModelConfig c;
  c.shape.units = 32;
  c.dropout.mode = dp::rnn::RecurrentDropout::Variational;
  c.dropout.input_rate = c.dropout.recurrent_rate = 0.25f;
  dp::rnn::SequenceModel m = dp::rnn::make_sequence_model(c);
  const int B = d.train.count, T = d.steps;
  report("LSTM step 32 units, 32 steps, batch 16", "C++",
         measure([&] { dp::rnn::train_step(m, B, T, d.train.x.data(), d.train.y.data()); }, 1.0), 1.0, "steps/s");
}

}  // namespace

int main(int argc, char** argv) {
  dp::bench::settle();
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.empty()) a = {"cnn", "lstm"};
  for (const std::string& w : a) {
    if (w == "cnn")
      bench_cnn();
    else if (w == "lstm")
      bench_lstm();
    else {
      std::fprintf(stderr, "usage: dp_bench_families [cnn] [lstm]\n");
      return 2;
    }
  }
  return 0;
}
