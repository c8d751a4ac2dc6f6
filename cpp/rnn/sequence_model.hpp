// A recurrent layer with a dense head, its loss, and Adam training:
//   ManyToOne   the last hidden state h_T -> dense -> sigmoid / softmax / identity,
//               one label per sequence (sequence classification);
//   ManyToMany  every h_t -> dense -> a value per step, mean squared error over B*T
//               (sequence regression, e.g. predict x[t+1] from x[..t]).
// All parameters live in one flat vector: [kernel | bias | head kernel | head bias].
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/task.hpp"
#include "rnn/recurrent_dropout.hpp"
#include "rnn/recurrent_layer.hpp"

namespace dp::rnn {

enum class Head { ManyToOne, ManyToMany };

struct SequenceModelConfig {
  RecurrentShape shape;
  Head head = Head::ManyToOne;
  Task task = Task::Binary;  // ManyToMany: Regression
  int outputs = 1;           // classes for Multiclass, else 1
  RecurrentDropoutSpec dropout;
  float learning_rate = 0.01f;  // Adam, beta 0.9 / 0.999
  uint64_t seed = 1;
  bool simd = true;  // false: the scalar reference kernels
};

struct SequenceModel {
  SequenceModelConfig config;
  std::vector<float> params, grads, adam_m, adam_v;
  int64_t step = 0;          // training steps taken
  SequenceMasks last_masks;  // of the last training step
  RecurrentCache cache;
  std::vector<float> head_in, head_z, head_dz, head_din, dh;  // scratch

  int kernel_offset() const { return 0; }
  int bias_offset() const { return config.shape.kernel_size(); }
  int head_kernel_offset() const { return bias_offset() + config.shape.bias_size(); }
  int head_bias_offset() const { return head_kernel_offset() + config.shape.units * config.outputs; }
};

inline constexpr int kMaxSequenceSteps = 64;
inline constexpr int kMaxRecurrentUnits = 256;

// "" when the config can be built, else what is wrong (sizes, outputs for the task,
// rates in [0, 1), learning rate). And for a batch: B >= 1 sequences of 1...64 steps.
std::string validate_sequence_model_config(const SequenceModelConfig& c);
std::string validate_sequence_batch(int B, int T);

// Precondition: validate_sequence_model_config(c) is "".
// Initialised from config.seed (head: Glorot uniform, bias 0).
SequenceModel make_sequence_model(const SequenceModelConfig& c);

// Rows of y per sequence: T for ManyToMany, 1 for ManyToOne.
int targets_per_sequence(const SequenceModelConfig& c, int T);

// The mean loss of B sequences: x is (B, T, inputs), y (B, targets_per_sequence).
// masks: null for inference (no dropout). With grads, model.grads is overwritten with
// the gradient of that loss. Predictions (after sigmoid / softmax) go to p if not
// null: (B, targets_per_sequence, outputs).
double sequence_loss(SequenceModel& m, int B, int T, const float* x, const float* y, const SequenceMasks* masks,
                     bool grads, float* p = nullptr);

// One Adam step on a batch with this step's masks (drawn from config.seed and the
// step count, kept in last_masks). Returns the batch's loss before the update.
double train_step(SequenceModel& m, int B, int T, const float* x, const float* y);

// Mean loss and (classification) accuracy without dropout.
struct Evaluation {
  double loss = 0.0, accuracy = 0.0;
};
Evaluation evaluate(SequenceModel& m, int count, int T, const float* x, const float* y);

}  // namespace dp::rnn
