#include "rnn/sequence_model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "kernels/rng.hpp"
#include "nn/config.hpp"
#include "nn/loss.hpp"
#include "nn/optimizer.hpp"

namespace dp::rnn {

namespace {
std::string check_rate(float rate, const char* where) {
  if (rate == 0.0f || (rate >= static_cast<float>(kMinNonzero) && rate < 1.0f)) return "";
  return std::string("the ") + where + " dropout rate must be in [0, 1) (the probability of dropping), got " +
         std::to_string(rate);
}
}  // namespace

std::string validate_sequence_model_config(const SequenceModelConfig& c) {
  if (c.shape.inputs < 1 || c.shape.inputs > kMaxInputs)
    return "inputs must be 1..." + std::to_string(kMaxInputs) + ", got " + std::to_string(c.shape.inputs);
  if (c.shape.units < 1 || c.shape.units > kMaxRecurrentUnits)
    return "units must be 1..." + std::to_string(kMaxRecurrentUnits) + ", got " + std::to_string(c.shape.units);
  if (c.task == Task::Multiclass ? (c.outputs < 2 || c.outputs > kMaxClasses) : c.outputs != 1)
    return "outputs must be the number of classes (2..." + std::to_string(kMaxClasses) +
           ") for multiclass, else 1; got " + std::to_string(c.outputs);
  for (auto [rate, where] : {std::pair{c.dropout.input_rate, "input"},
                             {c.dropout.recurrent_rate, "recurrent"},
                             {c.dropout.output_rate, "output"}})
    if (auto e = check_rate(rate, where); !e.empty()) return e;
  if (!(c.learning_rate >= kLearningRate[0] && c.learning_rate <= kLearningRate[1]))
    return "the learning rate must be in [1e-06, 100], got " + std::to_string(c.learning_rate);
  return "";
}

std::string validate_sequence_batch(int B, int T) {
  if (B < 1) return "a batch needs at least one sequence, got " + std::to_string(B);
  if (T < 1 || T > kMaxSequenceSteps)
    return "sequences must have 1..." + std::to_string(kMaxSequenceSteps) + " steps, got " + std::to_string(T);
  return "";
}

SequenceModel make_sequence_model(const SequenceModelConfig& c) {
  SequenceModel m;
  m.config = c;
  const int H = c.shape.units, out = c.outputs;
  m.params.assign(m.head_bias_offset() + out, 0.0f);
  m.grads.assign(m.params.size(), 0.0f);
  m.adam_m.assign(m.params.size(), 0.0f);
  m.adam_v.assign(m.params.size(), 0.0f);
  init_recurrent(c.shape, c.seed, m.params.data() + m.kernel_offset(), m.params.data() + m.bias_offset());
  const uint64_t key = stream_key(c.seed, kStreamInit, 0x52000010);
  const float limit = std::sqrt(6.0f / static_cast<float>(H + out));
  float* hk = m.params.data() + m.head_kernel_offset();
  for (int i = 0; i < H * out; ++i) hk[i] = limit * (2.0f * uniform01(key, static_cast<uint32_t>(i)) - 1.0f);
  return m;
}

int targets_per_sequence(const SequenceModelConfig& c, int T) { return c.head == Head::ManyToMany ? T : 1; }

double sequence_loss(SequenceModel& m, int B, int T, const float* x, const float* y, const SequenceMasks* masks,
                     bool grads, float* p) {
  const SequenceModelConfig& c = m.config;
  const DenseOps ops = dense_ops(c.simd);
  const int H = c.shape.units, out = c.outputs;
  static const std::vector<float> kNone;
  const std::vector<float>& mx = masks ? masks->input : kNone;
  const std::vector<float>& mh = masks ? masks->recurrent : kNone;
  const std::vector<float>& mo = masks ? masks->output : kNone;
  const float* kernel = m.params.data() + m.kernel_offset();
  recurrent_forward(c.shape, ops, T, B, x, kernel, m.params.data() + m.bias_offset(), mx, mh, m.cache);

  // The head's rows: h_T (B rows) or every h_t (T*B rows, time-major), output-masked.
  const bool all_steps = c.head == Head::ManyToMany;
  const int rows = all_steps ? T * B : B;
  const size_t first = all_steps ? 0 : static_cast<size_t>(T - 1) * B * H;
  m.head_in.assign(m.cache.h.begin() + first, m.cache.h.begin() + first + static_cast<size_t>(rows) * H);
  if (!mo.empty())
    for (size_t i = 0; i < m.head_in.size(); ++i) m.head_in[i] *= mo[first + i];
  m.head_z.resize(static_cast<size_t>(rows) * out);
  const float* hk = m.params.data() + m.head_kernel_offset();
  ops.forward(rows, H, out, m.head_in.data(), hk, m.params.data() + m.head_bias_offset(), m.head_z.data());

  // Targets in the head's row order: y is (B, T) batch-major, the rows time-major.
  std::vector<float> yt(rows);
  for (int r = 0; r < rows; ++r) yt[r] = all_steps ? y[static_cast<size_t>(r % B) * T + r / B] : y[r];
  const double loss = head_loss_sum(c.task, rows, out, m.head_z.data(), yt.data()) / rows;
  if (!grads && !p) return loss;

  head_forward(c.task, rows, out, m.head_z.data(), m.head_z.data());  // now probabilities
  if (p)
    for (int r = 0; r < rows; ++r) {
      const int b = r % B, s = all_steps ? r / B : 0;
      std::copy_n(m.head_z.data() + static_cast<size_t>(r) * out, out,
                  p + (static_cast<size_t>(b) * (all_steps ? T : 1) + s) * out);
    }
  if (!grads) return loss;

  std::fill(m.grads.begin(), m.grads.end(), 0.0f);
  m.head_dz.resize(m.head_z.size());
  head_backward(c.task, rows, out, m.head_z.data(), yt.data(), static_cast<float>(rows), m.head_dz.data());
  ops.backward_params(rows, H, out, m.head_in.data(), m.head_dz.data(), m.grads.data() + m.head_kernel_offset(),
                      m.grads.data() + m.head_bias_offset());
  m.head_din.resize(m.head_in.size());
  ops.backward_input(rows, H, out, m.head_dz.data(), hk, m.head_din.data());
  m.dh.assign(static_cast<size_t>(T) * B * H, 0.0f);
  for (size_t i = 0; i < m.head_din.size(); ++i)
    m.dh[first + i] = mo.empty() ? m.head_din[i] : m.head_din[i] * mo[first + i];
  recurrent_backward(c.shape, ops, kernel, mx, mh, m.dh.data(), m.cache, m.grads.data() + m.kernel_offset(),
                     m.grads.data() + m.bias_offset(), nullptr);
  return loss;
}

double train_step(SequenceModel& m, int B, int T, const float* x, const float* y) {
  const SequenceModelConfig& c = m.config;
  draw_sequence_masks(c.dropout, c.seed, static_cast<uint64_t>(m.step), T, B, c.shape.inputs, c.shape.units,
                      m.last_masks);
  const double loss = sequence_loss(m, B, T, x, y, &m.last_masks, true);
  Config adam;
  adam.optimizer = OptimizerKind::Adam;
  adam.learning_rate = c.learning_rate;
  ++m.step;
  optimizer_step(adam, m.step, static_cast<int>(m.params.size()), m.params.data(), m.grads.data(), m.adam_m.data(),
                 m.adam_v.data());
  return loss;
}

Evaluation evaluate(SequenceModel& m, int count, int T, const float* x, const float* y) {
  const int per = targets_per_sequence(m.config, T), out = m.config.outputs;
  std::vector<float> p(static_cast<size_t>(count) * per * out);
  Evaluation e;
  e.loss = sequence_loss(m, count, T, x, y, nullptr, false, p.data());
  if (m.config.task != Task::Regression)
    e.accuracy = static_cast<double>(head_correct(m.config.task, count * per, out, p.data(), y)) / (count * per);
  return e;
}

}  // namespace dp::rnn
