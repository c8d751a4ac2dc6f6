// The small CNN of cnn_config.hpp, trained by minibatch gradient descent. It reuses the
// dense network's parts: DenseLayer for parameters and optimizer state (the conv kernel
// is the (k*k*channels, filters) matrix), the dense and conv kernels, the softmax head
// (nn/loss.hpp), the optimizers (nn/optimizer.hpp) and Bernoulli dropout (nn/dropout.hpp).
//
// Randomness is counter-based and keyed by the seed, as in nn/network.hpp: the same
// config and data give the same run, and networks that differ only in dropout share
// their initial weights and minibatch order. A fresh mask is drawn every training step
// (one per example), none at inference.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cnn/cnn_config.hpp"
#include "kernels/conv.hpp"
#include "nn/network.hpp"

namespace dp {

class CnnNetwork {
 public:
  enum Layer { kConv = 0, kHidden = 1, kOutput = 2 };

  explicit CnnNetwork(const CnnConfig& c);  // precondition: validate(c) is ""
  const CnnConfig& config() const { return cfg_; }
  // Applies settings that need no rebuild (dropout rates and kinds, mode, optimizer, learning
  // rate, batch size). Returns "" or why not.
  std::string update(const CnnConfig& next);

  // Copies the data in: x is (n, height, width, channels), y is (n) class indices. "" or a message.
  std::string set_data(const float* train_x, const float* train_y, int train_n, const float* val_x, const float* val_y,
                       int val_n);
  TrainResult train(int steps);
  int64_t step() const { return step_; }
  int train_count() const { return train_n_; }
  int64_t epoch() const { return epoch_; }
  bool diverged() const { return diverged_; }
  Metrics evaluate(const float* x, const float* y, int n);
  Metrics evaluate_train() { return evaluate(train_x_.data(), train_y_.data(), train_n_); }
  Metrics evaluate_validation() { return evaluate(val_x_.data(), val_y_.data(), val_n_); }
  // Inference class probabilities, out is (n, classes).
  void predict(const float* x, int n, float* out);
  // Monte-Carlo dropout: the mean class probabilities of `passes` thinned networks
  // (training-mode passes with fresh masks from the kStreamMC stream, keyed by the
  // seed, the pass and the rows), (n, classes). Changes no weight and keeps the masks
  // of the last training step. With no dropout every pass is the inference network.
  void predict_mc(const float* x, int n, int passes, float* mean);

  // Low level, for tests: a training-mode pass over a batch with masks drawn for this step
  // (MaskSource::Sampled) or those already in the mask buffers (MaskSource::Fixed).
  double loss(const float* x, const float* y, int n, MaskSource src);
  // The same, then the gradients of the mean loss into every layer's dkernel and dbias,
  // and with `input_gradient` the gradient w.r.t. x into input_gradient().
  double gradients(const float* x, const float* y, int n, MaskSource src, bool input_gradient = false);
  void apply_update();

  std::vector<DenseLayer>& layers() { return layers_; }  // [kConv], [kHidden], [kOutput]
  const std::vector<DenseLayer>& layers() const { return layers_; }
  kernels::ConvShape conv_shape(int n) const;

  // The last training pass's masks (factors: 1/(1-rate) or 1 if kept, 0 if dropped), for
  // mask_rows() examples. Feature maps: elementwise (rows, conv_h, conv_w, filters), spatial
  // (rows, filters), as feature_mask_kind() says; hidden: (rows, hidden).
  std::vector<float>& feature_mask() { return feature_mask_; }
  const std::vector<float>& feature_mask() const { return feature_mask_; }
  FeatureDropoutKind feature_mask_kind() const { return feature_mask_kind_; }
  std::vector<float>& hidden_mask() { return hidden_mask_; }
  const std::vector<float>& hidden_mask() const { return hidden_mask_; }
  int mask_rows() const { return mask_rows_; }
  // Example e's feature-map mask as (filters, conv_h, conv_w), a map per channel (spatial
  // masks expanded), as a page draws it.
  std::vector<float> feature_mask_maps(int e) const;
  // Sets every mask to all-kept (factor 1) for `rows` examples, in the config's kinds;
  // tests may then write them and use MaskSource::Fixed.
  void prepare_masks(int rows);

  // From the last forward pass: class probabilities (n, classes), and the conv layer's
  // maps after relu, before dropout (n, conv_h, conv_w, filters).
  const std::vector<float>& outputs() const { return out_; }
  const std::vector<float>& conv_maps() const { return conv_; }
  const std::vector<float>& input_gradient() const { return dx_; }  // (n, height, width, channels)
  bool parameters_finite() const;

 private:
  void init_weights();
  void ensure_workspace(int rows);
  void sample_masks(int rows);
  void forward(const float* x, int n, bool training);
  void backward(const float* y, int n, bool input_gradient);
  void shuffle_epoch();
  static constexpr int kChunkRows = 32;  // inference rows per pass: im2col's patches stay small

  CnnConfig cfg_;
  std::vector<DenseLayer> layers_;
  int64_t step_ = 0, epoch_ = 0;
  int cursor_ = 0;
  bool diverged_ = false;

  std::vector<float> train_x_, train_y_, val_x_, val_y_;
  int train_n_ = 0, val_n_ = 0;
  std::vector<int> order_;
  int64_t order_epoch_ = -1;

  // masks of the last training pass
  std::vector<float> feature_mask_, hidden_mask_;
  FeatureDropoutKind feature_mask_kind_ = FeatureDropoutKind::Spatial;
  int mask_rows_ = 0;

  // workspace for `rows_` rows
  int rows_ = 0;
  std::vector<float> cols_, conv_, dropped_, pool_, hidden_, hidden_dropped_, z_, out_;
  std::vector<int32_t> argmax_;
  std::vector<float> dz_, dhidden_, dpool_, dconv_, dcols_, dx_;
  std::vector<float> batch_x_, batch_y_;
};

}  // namespace dp
