// Seeded toy datasets in the spirit of TensorFlow playground: small 2-D
// classification sets that live in [-6,6]^2, two regression sets, and a
// 20-feature table for the lesson's Keras example.
// Every number comes from the counter-based generator in kernels/rng.hpp,
// so a spec (name, points, noise, validation, seed) names one exact dataset.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/task.hpp"

namespace dp {

struct DatasetSpec {
  std::string name;
  int points = 200;         // total, both splits together: 4...5000
  float noise = 0.2f;       // 0...1, scaled to each set (0 = the clean shape)
  float validation = 0.5f;  // fraction held out: 0.1...0.9
  uint64_t seed = 1;
};

struct Split {
  std::vector<float> x;  // (count, inputs), row-major
  std::vector<float> y;  // (count): 0/1, class index 0..classes-1, or regression target
  int count = 0;
};

struct Dataset {
  std::string name;
  Task task = Task::Binary;
  int inputs = 2;
  int outputs = 1;  // 1 for binary and regression, classes for multiclass
  int classes = 0;  // 0 unless multiclass
  Split train, validation;
  // xMin, xMax, yMin, yMax. 2-D sets: the square [-6,6]^2 framing the inputs.
  // sine: the input range on x, the targets' range (with margin) on y.
  std::array<float, 4> box{};
};

// circle, xor, gaussians, spiral, moons, blobs3, sine, plane, tabular20
const std::vector<std::string>& dataset_names();

// Points a set is meant to be shown with: 200, except sine (30, so it overfits easily).
int default_points(const std::string& name);

// "" when the spec can be generated, else a message a learner understands.
std::string validate_dataset_spec(const DatasetSpec& spec);

// Precondition: validate_dataset_spec(spec) is "". The same spec always gives
// a bit-identical dataset; only the seed chooses which random points appear.
Dataset make_dataset(const DatasetSpec& spec);

}  // namespace dp
