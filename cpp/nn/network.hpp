// A multilayer perceptron with dropout, trained by minibatch gradient descent.
//
// Layout: dropout site s (s = 0 is the input, s = i the output of hidden
// layer i) feeds dense layer s; dense layer L (L = number of hidden layers)
// is the output layer. All randomness is counter-based and keyed by the seed,
// so the same config and data give the same run, and networks that differ
// only in dropout or regularisation share their initial weights and
// minibatch order.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/config.hpp"
#include "nn/loss.hpp"

namespace dp {

// Which masks a training-mode forward pass uses.
enum class MaskSource {
  Sampled,     // drawn from the config's granularity (per example / batch / epoch) at the current step
  Fixed,       // whatever is in mask_buffer() already (tests, reference numbers)
  MonteCarlo,  // per example, keyed by a Monte-Carlo pass index
  Thinned,     // one mask shared by every row, keyed by a display seed: a single thinned network
};

struct DenseLayer {
  int in = 0, out = 0;
  std::vector<float> kernel, bias;                        // (in, out), (out)
  std::vector<float> dkernel, dbias;                      // gradients of the mean batch loss
  std::vector<float> m_kernel, v_kernel, m_bias, v_bias;  // optimizer state
};

struct TrainResult {
  int64_t step = 0, epoch = 0;
  double loss = 0.0;  // mean training-batch loss over the steps of this call
  bool diverged = false;
};

struct LayerStats {
  double mean_activation = 0.0, near_zero_fraction = 0.0;
  std::vector<float> unit_means;
};

// A hidden unit: layer 1..number of hidden layers (dropout site numbering), unit 0..units-1.
struct UnitRef {
  int layer = 0, unit = 0;
};
inline bool operator<(const UnitRef& a, const UnitRef& b) {
  return a.layer != b.layer ? a.layer < b.layer : a.unit < b.unit;
}
inline bool operator==(const UnitRef& a, const UnitRef& b) { return a.layer == b.layer && a.unit == b.unit; }

// The loss at inference with each hidden unit silenced in turn (see Network::unit_ablation).
struct UnitAblation {
  double baseline = 0.0;                    // the loss with nothing more silenced: evaluate()'s
  std::vector<std::vector<double>> losses;  // [hidden layer - 1][unit]: the loss with that unit silenced too
};

// Everything needed to continue a run exactly: config, counters, weights, optimizer state.
struct NetworkState {
  Config config;
  int64_t step = 0, epoch = 0;
  int cursor = 0;  // position in the current epoch's shuffled order
  bool diverged = false;
  std::vector<std::vector<float>> params;     // per dense layer: kernel then bias
  std::vector<std::vector<float>> optimizer;  // per dense layer: m_kernel, v_kernel, m_bias, v_bias
};

class Network {
 public:
  explicit Network(const Config& c);  // precondition: validate(c) is ""
  static std::string validate_state(const NetworkState& s);
  explicit Network(const NetworkState& s);  // precondition: validate_state(s) is ""

  const Config& config() const { return cfg_; }
  NetworkState state() const;
  // Applies the settings of `next` that need no rebuild (learning rate, momentum,
  // penalties, max-norm, batch size, dropout rates and kinds, mask granularity, mode).
  // Returns "" or why not (a structural change or an invalid value).
  std::string update(const Config& next);

  // Copies the data in. x is (n, inputs); y is (n). "" or a message.
  std::string set_data(const float* train_x, const float* train_y, int train_n, const float* val_x, const float* val_y,
                       int val_n);
  int train_count() const { return train_n_; }
  int validation_count() const { return val_n_; }

  TrainResult train(int steps);
  int64_t step() const { return step_; }
  int64_t epoch() const { return epoch_; }
  bool diverged() const { return diverged_; }
  Metrics evaluate_train() { return evaluate(train_x_.data(), train_y_.data(), train_n_); }
  Metrics evaluate_validation() { return evaluate(val_x_.data(), val_y_.data(), val_n_); }
  Metrics evaluate(const float* x, const float* y, int n);
  // Each row's loss at inference: the terms whose mean evaluate() reports. out is (n).
  void point_losses(const float* x, const float* y, int n, float* out);
  void validation_point_losses(float* out) { point_losses(val_x_.data(), val_y_.data(), val_n_, out); }
  void train_point_losses(float* out) { point_losses(train_x_.data(), train_y_.data(), train_n_, out); }

  // Inference, out is (n, outputs): probabilities for classification.
  void predict(const float* x, int n, float* out);
  // One thinned network: a training-mode pass with a single mask for all rows.
  void predict_thinned(const float* x, int n, uint64_t thinned_seed, float* out);
  // The masks of the thinned network predict_thinned(.., thinned_seed, ..) uses, per site
  // (config().site_dropout(site) says how they were drawn): one row shared by every input,
  // in the layout of the training masks.
  std::vector<std::vector<float>> thinned_masks(uint64_t thinned_seed);
  // Monte-Carlo dropout: mean and variance over `passes` training-mode passes.
  void predict_mc(const float* x, int n, int passes, float* mean, float* variance);
  std::vector<LayerStats> activation_stats(const float* x, int n);

  // Silenced units (nn/ablation.cpp): an inference-only state. A silenced unit's
  // activation is 0 and it adds nothing to the next layer (as if its outgoing weights
  // were 0, after any inference scaling; under alpha dropout its dropped value is
  // silenced too). It holds for every inference output: evaluate, point_losses,
  // predict, predict_thinned, predict_mc, hidden_activations, activation_stats,
  // unit_ablation; never for training (train, gradients, loss with Sampled or Fixed
  // masks), and it is no part of state(). An empty list clears it; duplicates count
  // once. Returns "" or why the list was refused (then nothing changes).
  std::string set_silenced(const std::vector<UnitRef>& units);
  const std::vector<UnitRef>& silenced() const { return silenced_; }  // sorted, unique
  // For every hidden unit, the mean loss over (x, y) at inference with that unit silenced
  // (on top of the units already silenced), and the baseline (evaluate()'s loss). A unit
  // already silenced gets the baseline. Each unit costs a forward pass of the layers above
  // it; with n == 0 every loss is NaN.
  UnitAblation unit_ablation(const float* x, const float* y, int n);
  UnitAblation train_ablation() { return unit_ablation(train_x_.data(), train_y_.data(), train_n_); }
  UnitAblation validation_ablation() { return unit_ablation(val_x_.data(), val_y_.data(), val_n_); }
  // Multiply-adds of unit_ablation per row (for the API's work limit).
  double ablation_work_per_row() const;
  // Inference activations of every hidden unit, unit-major: out is (total hidden units, n),
  // layer 1's units first. What each unit responds to, for per-unit thumbnails.
  void hidden_activations(const float* x, int n, float* out);
  int hidden_units() const;
  // Weights and biases of every dense layer: the work of one row through the network.
  int64_t parameter_count() const;
  // False if any weight, bias or optimizer state is NaN or infinite.
  bool parameters_finite() const;

  // Low level, for tests: one training-mode forward (+ backward) pass over a batch.
  // Fills the gradients of every DenseLayer; returns the mean data loss. With
  // input_gradient, also the gradient w.r.t. x (input_gradient()); train() skips it.
  double loss(const float* x, const float* y, int n, MaskSource src);
  double gradients(const float* x, const float* y, int n, MaskSource src, bool input_gradient = true);
  // Applies penalties, the optimizer and max-norm with the gradients in the layers.
  void apply_update();

  std::vector<DenseLayer>& layers() { return dense_; }
  const std::vector<DenseLayer>& layers() const { return dense_; }
  // The mask factors of the last training pass at site s: (rows, width) for unit
  // dropout, (rows, in*out) weight masks of dense layer s for DropConnect; with
  // `shared` only row 0 is stored and holds for every row. prepare_masks() sets
  // them to all-kept (factor 1) for `rows` rows; tests may then write them and use MaskSource::Fixed.
  float* mask_buffer(int site) { return train_masks_.f[site].data(); }
  const float* mask_buffer(int site) const { return train_masks_.f[site].data(); }
  int mask_rows() const { return train_masks_.rows; }
  bool masks_shared() const { return train_masks_.shared; }
  // The dropout (kind and rate) the last step's mask at site s was drawn with:
  // update() may have changed the config since. Before the first step: the config's.
  const DropoutSpec& mask_spec(int site) const {
    return site < static_cast<int>(train_masks_.specs.size()) ? train_masks_.specs[site] : cfg_.site_dropout(site);
  }
  // Mask values per row at site s, for the kind the mask was drawn with.
  int mask_width(int site) const { return mask_width(site, mask_spec(site)); }
  int mask_width(int site, const DropoutSpec& d) const;
  void prepare_masks(int rows);
  // Outputs (probabilities for classification) of the last forward pass, (n, outputs).
  const std::vector<float>& outputs() const { return out_; }
  // Input gradient of the last gradients() call that asked for it, (n, inputs); empty after train().
  const std::vector<float>& input_gradient() const { return dx_; }

 private:
  void init_weights();
  struct Masks {
    std::vector<std::vector<float>> f;  // per site
    std::vector<DropoutSpec> specs;     // per site: what f was drawn with
    int rows = 0;
    bool shared = false;
  };
  void ensure_workspace(int rows);
  void size_masks(Masks& m, int rows, bool shared) const;
  Masks& masks_for(MaskSource src);
  void sample_masks(Masks& m, int rows, int row0, MaskSource src, uint64_t label);
  // Forward pass over n rows: training mode (masks != nullptr) applies the masks,
  // inference the standard rule. Leaves logits in z_ and outputs (probabilities) in out_.
  void forward(const float* x, int n, const Masks* masks);
  // The same from dropout site `first` on, whose activations (n, width) are `a`.
  void forward_from(int first, const float* a, int n, const Masks* masks);
  // Whether a pass with these masks silences units: every pass but training's.
  bool silences(const Masks* masks) const { return !silenced_.empty() && masks != &train_masks_; }
  // Sets the silenced units of hidden layer `site` to 0 in a (n, width) array.
  void zero_silenced(int site, int n, float* a) const;
  void dense_forward(int s, int n, const Masks* masks, const float* input, float* dest);
  // A Monte-Carlo pass (predict_mc) over rows row0.. of a larger set.
  void forward_monte_carlo(const float* x, int n, int row0, uint64_t pass);
  void backward(const float* y, int n, const Masks& masks, bool input_gradient);
  void shuffle_epoch();
  // Inference runs over large sets (a 300x300 grid) in tiles of rows: each tile's
  // activations (rows x widest layer floats, twice) stay in L2 while the layers run
  // over it, and each kernel call is long enough for its setup not to matter.
  static constexpr int kChunkRows = 256;
  template <class F>
  void in_chunks(int n, F f) {
    for (int start = 0; start < n; start += kChunkRows) f(start, std::min(kChunkRows, n - start));
  }

  Config cfg_;
  std::vector<DenseLayer> dense_;
  int64_t step_ = 0, epoch_ = 0;
  int cursor_ = 0;
  bool diverged_ = false;
  std::vector<UnitRef> silenced_;              // sorted, unique
  std::vector<std::vector<int>> silenced_at_;  // per site: the silenced units (site 0: none)

  // data
  std::vector<float> train_x_, train_y_, val_x_, val_y_;
  int train_n_ = 0, val_n_ = 0;
  std::vector<int> order_;  // shuffled training indices of the current epoch
  int64_t order_epoch_ = -1;

  // workspace, sized for `rows_` rows
  int rows_ = 0;
  std::vector<std::vector<float>> act_;            // act_[s]: input to site s (a_s), (rows, width_s)
  std::vector<std::vector<float>> drop_;           // drop_[s]: after dropout, input to dense layer s
  Masks train_masks_;                              // the last training step's
  Masks aux_masks_;                                // Monte-Carlo and thinned passes
  std::vector<float> z_, out_;                     // logits and outputs, (rows, outputs)
  std::vector<float> grad_a_, grad_b_;             // (rows, max width) scratch for backprop
  std::vector<float> masked_kernel_, dk_scratch_;  // DropConnect scratch
  std::vector<float> batch_x_, batch_y_;
  std::vector<float> dx_;
};

}  // namespace dp
