// Seeded sequence datasets for the recurrent networks (cpp/rnn/), generated here:
//   sines    a noisy sum of two sines to continue: x is (count, T, 1), the target y
//            (count, T) is the next value, y[t] = x[t+1] (many-to-many regression).
//   pattern  a 4-step shape hidden in noise at a random position in half of the
//            sequences: x is (count, T, 1), y (count) is 1 where it is present, else 0
//            (many-to-one classification). Classes alternate, so they are balanced.
// Few sequences by default, so a plain LSTM overfits. The same spec gives bit-identical
// data in native and wasm builds (trig in double, rounded to float).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dp {

struct SequenceSpec {
  std::string name = "sines";  // "sines" or "pattern"
  int sequences = 64;          // both splits together: 4...4096
  int steps = 32;              // time steps per sequence: 1...64 (pattern: 4...64)
  float noise = 0.2f;          // 0...1: the noise's standard deviation (0 = the clean signal)
  float validation = 0.5f;     // fraction held out: 0.1...0.9
  uint64_t seed = 1;
};

struct SequenceSplit {
  std::vector<float> x;  // (count, steps, 1)
  std::vector<float> y;  // sines: (count, steps); pattern: (count)
  int count = 0;
};

struct SequenceDataset {
  std::string name;
  int steps = 0, inputs = 1;
  bool many_to_many = false;  // sines: a target per step; pattern: one label per sequence
  SequenceSplit train, validation;
};

// The pattern's shape, 4 steps.
inline constexpr float kSequencePattern[4] = {1.0f, 2.0f, -2.0f, -1.0f};

// "" when the spec can be generated, else what is wrong.
std::string validate_sequence_spec(const SequenceSpec& spec);

// Precondition: validate_sequence_spec(spec) is "".
SequenceDataset make_sequence_dataset(const SequenceSpec& spec);

}  // namespace dp
