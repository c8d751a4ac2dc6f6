// A recurrent layer over a batch of sequences: an LSTM (Hochreiter & Schmidhuber 1997,
// with a forget gate, the equations of Keras and PyTorch) or a plain tanh RNN, with
// backpropagation through time. Shapes: B sequences, T steps, `inputs` features in,
// H = units. Activations are stored time-major, (T, B, width).
//
// The input and recurrent weights are stacked into one kernel K of shape
// (inputs + H, G*H) (Keras layout, rows 0..inputs-1 = W, the rest = U; G = 4 gates
// i, f, g, o for the LSTM, 1 for the RNN), so each step is one dense matmul of the
// B rows [x_t * mx_t, h_{t-1} * mh_t] through kernels/dense.hpp:
//   LSTM: z = [x, h] K + b;  i, f, o = sigmoid(z_i, z_f, z_o);  g = tanh(z_g)
//         c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
//   RNN:  h_t = tanh([x, h] K + b)
// h_0 = c_0 = 0. mx, mh are the dropout masks (rnn/recurrent_dropout.hpp), or none.
#pragma once
#include <cstdint>
#include <vector>

namespace dp::rnn {

enum class Cell { Lstm, TanhRnn };

struct RecurrentShape {
  Cell cell = Cell::Lstm;
  int inputs = 1, units = 16;
  int gates() const { return cell == Cell::Lstm ? 4 : 1; }
  int rows() const { return inputs + units; }  // of the stacked kernel
  int kernel_size() const { return rows() * gates() * units; }
  int bias_size() const { return gates() * units; }
};

// The dense kernels the layer runs on: xsimd (where compiled in) or the scalar reference.
struct DenseOps {
  void (*forward)(int, int, int, const float*, const float*, const float*, float*);
  void (*backward_params)(int, int, int, const float*, const float*, float*, float*);
  void (*backward_input)(int, int, int, const float*, const float*, float*);
  void (*sigmoid)(int, const float*, float*);
  void (*tanh)(int, const float*, float*);
};
DenseOps dense_ops(bool simd);

// Kernel: input rows Glorot-uniform, recurrent rows uniform in +-1/sqrt(H) (PyTorch's
// init); bias 0, except the LSTM forget gate's 1 (Keras unit_forget_bias).
void init_recurrent(const RecurrentShape& s, uint64_t seed, float* kernel, float* bias);

// What the backward pass needs from the forward pass, time-major.
struct RecurrentCache {
  int T = 0, B = 0;
  std::vector<float> xh;    // (T, B, inputs + H): the masked [x_t, h_{t-1}]
  std::vector<float> act;   // (T, B, G*H): gate activations (RNN: h_t)
  std::vector<float> c;     // (T, B, H): LSTM cell state
  std::vector<float> tc;    // (T, B, H): tanh(c_t)
  std::vector<float> h;     // (T, B, H): the layer's output h_t
  std::vector<float> work;  // scratch for the backward pass
};

// x is (B, T, inputs), batch-major as the datasets store it; mx is (T, B, inputs) and
// mh (T, B, H), each empty for no mask. Fills cache (cache.h is the output).
void recurrent_forward(const RecurrentShape& s, const DenseOps& ops, int T, int B, const float* x, const float* kernel,
                       const float* bias, const std::vector<float>& mx, const std::vector<float>& mh,
                       RecurrentCache& cache);

// dh is (T, B, H): dLoss/dh_t from above (the head). Accumulates dkernel, dbias;
// writes dx (B, T, inputs) unless it is null. Full BPTT: dh_t also receives the
// gradient through h_t's use at step t+1, and the LSTM's dc_t through c_{t+1}.
void recurrent_backward(const RecurrentShape& s, const DenseOps& ops, const float* kernel, const std::vector<float>& mx,
                        const std::vector<float>& mh, const float* dh, RecurrentCache& cache, float* dkernel,
                        float* dbias, float* dx);

}  // namespace dp::rnn
