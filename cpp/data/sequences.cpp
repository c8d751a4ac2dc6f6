#include "data/sequences.hpp"

#include <cmath>

#include "kernels/rng.hpp"

namespace dp {
namespace {

constexpr double kTwoPi = 6.283185307179586;
// The two periods of sines, in steps: neither divides the other, so the sum repeats slowly.
constexpr double kPeriodA = 11.0, kPeriodB = 29.0;
constexpr float kAmplitudeA = 0.6f, kAmplitudeB = 0.4f;
constexpr int kPatternSteps = 4;

enum Label : uint64_t { kSines = 0x53494e, kPattern = 0x504154 };
enum Purpose : uint64_t { kUniform = 1, kNormal = 2 };

// Every draw of sequence i comes from its own counters, so a sequence does not
// depend on the others, and noise only scales the same normal numbers.
struct SequenceDraws {
  uint64_t uniform_key, normal_key;
  uint32_t base;
  float uniform(int k) const { return uniform01(uniform_key, base + static_cast<uint32_t>(k)); }
  float normal(int k) const { return normal01(normal_key, base + static_cast<uint32_t>(k)); }
};

// Sequence i of sines: T + 1 values (the last one is only a target), random phases.
void sines_sequence(const SequenceDraws& d, int T, float noise, float* x, float* y) {
  const double phase_a = kTwoPi * d.uniform(0), phase_b = kTwoPi * d.uniform(1);
  for (int t = 0; t <= T; ++t) {
    // Trig in double, rounded to float: sinf differs in the last bit between glibc and musl.
    const float a = static_cast<float>(std::sin(kTwoPi * t / kPeriodA + phase_a));
    const float b = static_cast<float>(std::sin(kTwoPi * t / kPeriodB + phase_b));
    const float v = kAmplitudeA * a + kAmplitudeB * b + noise * d.normal(t);
    if (t > 0) y[t - 1] = v;
    if (t < T) x[t] = v;
  }
}

// Sequence i of pattern: noise everywhere, plus the shape at a random start if label 1.
void pattern_sequence(const SequenceDraws& d, int i, int T, float noise, float* x, float* y) {
  const int label = i % 2;
  for (int t = 0; t < T; ++t) x[t] = noise * d.normal(t);
  if (label == 1) {
    int start = static_cast<int>(d.uniform(0) * static_cast<float>(T - kPatternSteps + 1));
    if (start > T - kPatternSteps) start = T - kPatternSteps;
    for (int k = 0; k < kPatternSteps; ++k) x[start + k] += kSequencePattern[k];
  }
  *y = static_cast<float>(label);
}

}  // namespace

std::string validate_sequence_spec(const SequenceSpec& s) {
  if (s.name != "sines" && s.name != "pattern")
    return "unknown sequence dataset '" + s.name + "': 'sines' or 'pattern'";
  if (s.sequences < 4 || s.sequences > 4096) return "sequences must be 4...4096, got " + std::to_string(s.sequences);
  const int min_steps = s.name == "pattern" ? kPatternSteps : 1;
  if (s.steps < min_steps || s.steps > 64)
    return "steps must be " + std::to_string(min_steps) + "...64 for " + s.name + ", got " + std::to_string(s.steps);
  if (!(s.noise >= 0.0f && s.noise <= 1.0f)) return "noise must be 0...1, got " + std::to_string(s.noise);
  if (!(s.validation >= 0.1f && s.validation <= 0.9f))
    return "the validation fraction must be 0.1...0.9, got " + std::to_string(s.validation);
  return "";
}

SequenceDataset make_sequence_dataset(const SequenceSpec& s) {
  SequenceDataset d;
  d.name = s.name;
  d.steps = s.steps;
  d.many_to_many = s.name == "sines";
  const int T = s.steps, per_y = d.many_to_many ? T : 1;
  int n_val = static_cast<int>(std::lround(static_cast<double>(s.sequences) * s.validation));
  n_val = n_val < 2 ? 2 : (n_val > s.sequences - 2 ? s.sequences - 2 : n_val);
  const uint64_t label = d.many_to_many ? kSines : kPattern;
  // Sequences alternate between the splits' ends: the first count - n_val go to train.
  d.train.count = s.sequences - n_val;
  d.validation.count = n_val;
  for (SequenceSplit* split : {&d.train, &d.validation}) {
    split->x.assign(static_cast<size_t>(split->count) * T, 0.0f);
    split->y.assign(static_cast<size_t>(split->count) * per_y, 0.0f);
  }
  for (int i = 0; i < s.sequences; ++i) {
    const SequenceDraws draws{stream_key(s.seed, kStreamData, label, kUniform),
                              stream_key(s.seed, kStreamData, label, kNormal), static_cast<uint32_t>(i) * 128u};
    const bool train = i < d.train.count;
    SequenceSplit& split = train ? d.train : d.validation;
    const int j = train ? i : i - d.train.count;
    float* x = split.x.data() + static_cast<size_t>(j) * T;
    float* y = split.y.data() + static_cast<size_t>(j) * per_y;
    if (d.many_to_many)
      sines_sequence(draws, T, s.noise, x, y);
    else
      pattern_sequence(draws, i, T, s.noise, x, y);
  }
  return d;
}

}  // namespace dp
