// The JS RecurrentNetwork class: a dp::rnn::SequenceModel (rnn/sequence_model.hpp)
// with its data and argument checking, and makeSequences, the seeded sequences it
// trains on. Training is full batch: every step uses all training sequences (a
// few dozen), with a fresh dropout mask drawn per step. As everywhere in cpp/api/,
// a method either does its work or reports one error (js_error.hpp); none throws.
#pragma once
#include <vector>

#include "api/js_read.hpp"
#include "rnn/sequence_model.hpp"

namespace dp::api {

// Reads a RecurrentNetwork config ({ cell, units, head, task, dropout, ... }, docs/API.md).
dp::rnn::SequenceModelConfig read_rnn_config(Reader& r, const val& obj);

class JsRecurrentNetwork {
 public:
  explicit JsRecurrentNetwork(const dp::rnn::SequenceModelConfig& c) : model_(dp::rnn::make_sequence_model(c)) {}

  val config() const;
  void set_data(val data);
  val train(val steps);
  val evaluate();
  // Inference on sequences of `steps` steps: x is (count, steps, inputs); out is
  // (count, targets per sequence, outputs): probabilities, or values for regression.
  val predict(val x, val steps);
  // One sequence's masks of the last training step, each (width, steps), units by
  // time steps, or null where that site has no dropout.
  val masks(val example) const;
  // One sequence's hidden states h_t at inference, (steps, units).
  val hidden_states(val x);
  void update(val settings);

 private:
  // Reads sequences of steps_ (or `steps`) steps into rows_; false with r.error.
  bool read_sequences(Reader& r, const val& x, int steps, const std::string& label);
  double work_per_sequence(int steps) const;

  dp::rnn::SequenceModel model_;
  int steps_ = 0, train_n_ = 0, val_n_ = 0;
  double last_loss_ = 0.0;
  bool diverged_ = false;
  std::vector<float> train_x_, train_y_, val_x_, val_y_, rows_, out_;
};

// makeSequences({ name: 'sines' | 'pattern', sequences, steps, noise, validation, seed }).
val make_sequences(val spec);

}  // namespace dp::api
