// Dropout for recurrent layers, three ways (the rate is the probability of DROPPING,
// kept values are scaled by 1 / (1 - rate), inverted dropout; nothing at inference):
//   Naive         a fresh Bernoulli mask at every time step, on the inputs x_t and
//                 on the recurrent state h_{t-1}.
//   NonRecurrent  Zaremba et al. 2014: a fresh mask at every step on the inputs (and on
//                 the output to the head), never on h_{t-1}.
//   Variational   Gal & Ghahramani 2016: one mask per sequence for the inputs, one for
//                 the recurrent state (and one for the output), reused at every step:
//                 Keras LSTM(dropout=, recurrent_dropout=).
// Masks are per example (each sequence of the batch draws its own) and shared by the
// four gates: x_t and h_{t-1} are masked once before the one matmul of [x_t, h_{t-1}]
// with the stacked gate kernel. Keras 3's LSTMCell does the same; Keras 2's
// implementation=1 drew one mask per gate, which would split the matmul in four.
#pragma once
#include <cstdint>
#include <vector>

namespace dp::rnn {

enum class RecurrentDropout { Naive, NonRecurrent, Variational };

struct RecurrentDropoutSpec {
  RecurrentDropout mode = RecurrentDropout::Variational;
  float input_rate = 0.0f;      // on x_t
  float recurrent_rate = 0.0f;  // on h_{t-1}; ignored (never applied) by NonRecurrent
  float output_rate = 0.0f;     // on h_t before the head
};

// Masks of one training step; each is (T, B, width) of factors 0 or 1 / (1 - rate),
// or empty when that site has no dropout (the same as all ones).
struct SequenceMasks {
  int T = 0, B = 0;
  std::vector<float> input, recurrent, output;
};

// Draws the masks of training step `step` for a batch of B sequences of T steps.
// Seeded: the same (seed, step) gives the same masks; the counters never overlap
// between sites, examples or time steps.
void draw_sequence_masks(const RecurrentDropoutSpec& d, uint64_t seed, uint64_t step, int T, int B, int inputs,
                         int units, SequenceMasks& m);

// One example's mask of one site as (width, T), units by time steps, for display.
// All ones when the site had no dropout.
std::vector<float> mask_units_by_time(const std::vector<float>& mask, int T, int B, int width, int example);

}  // namespace dp::rnn
