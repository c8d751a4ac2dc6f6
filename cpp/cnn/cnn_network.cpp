#include "cnn/cnn_network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "kernels/activation.hpp"
#include "kernels/dense.hpp"
#include "kernels/rng.hpp"
#include "nn/dropout.hpp"
#include "nn/finite.hpp"
#include "nn/loss.hpp"
#include "nn/optimizer.hpp"

namespace dp {
namespace {

using kernels::Activation;

// Mask sites of the CNN: the conv layer's feature maps and the hidden dense layer.
enum Site : uint64_t { kSiteFeatures = 0, kSiteHidden = 1 };

void size_layer(DenseLayer& d, int in, int out) {
  const size_t nk = static_cast<size_t>(in) * out;
  d.in = in;
  d.out = out;
  for (std::vector<float>* v : {&d.kernel, &d.dkernel, &d.m_kernel, &d.v_kernel}) v->assign(nk, 0.0f);
  for (std::vector<float>* v : {&d.bias, &d.dbias, &d.m_bias, &d.v_bias}) v->assign(out, 0.0f);
}

}  // namespace

CnnNetwork::CnnNetwork(const CnnConfig& c) : cfg_(c) {
  layers_.resize(3);
  size_layer(layers_[kConv], c.kernel * c.kernel * c.channels, c.filters);
  size_layer(layers_[kHidden], c.flat(), c.hidden);
  size_layer(layers_[kOutput], c.hidden, c.classes);
  init_weights();
}

// He uniform (limit sqrt(6/fan_in)) for the relu layers, Glorot uniform for the output;
// biases start at 0. Keyed by seed and layer only, so dropout never changes them.
void CnnNetwork::init_weights() {
  for (int l = 0; l < 3; ++l) {
    DenseLayer& d = layers_[l];
    const double limit = l == kOutput ? std::sqrt(6.0 / (d.in + d.out)) : std::sqrt(6.0 / d.in);
    const uint64_t key = stream_key(cfg_.seed, kStreamInit, static_cast<uint64_t>(l));
    for (size_t i = 0; i < d.kernel.size(); ++i)
      d.kernel[i] = static_cast<float>((2.0 * uniform01(key, static_cast<uint32_t>(i)) - 1.0) * limit);
  }
}

std::string CnnNetwork::update(const CnnConfig& next) {
  if (auto e = validate(next); !e.empty()) return e;
  if (next.height != cfg_.height || next.width != cfg_.width || next.channels != cfg_.channels ||
      next.kernel != cfg_.kernel || next.filters != cfg_.filters || next.same != cfg_.same ||
      next.hidden != cfg_.hidden || next.classes != cfg_.classes || next.seed != cfg_.seed)
    return "changing the image size, channels, kernel, filters, padding, hidden units, classes or seed needs a new "
           "network";
  cfg_ = next;
  return "";
}

kernels::ConvShape CnnNetwork::conv_shape(int n) const {
  kernels::ConvShape s;
  s.n = n;
  s.h = cfg_.height;
  s.w = cfg_.width;
  s.c = cfg_.channels;
  s.k = cfg_.kernel;
  s.f = cfg_.filters;
  s.same = cfg_.same;
  return s;
}

std::string CnnNetwork::set_data(const float* tx, const float* ty, int tn, const float* vx, const float* vy, int vn) {
  if (tn < 1) return "the training set is empty: it needs at least one image";
  if (vn < 0) return "the validation set size must not be negative";
  const size_t in = static_cast<size_t>(cfg_.image_size());
  if (!all_finite(tx, tn * in) || !all_finite(ty, tn) || (vn > 0 && (!all_finite(vx, vn * in) || !all_finite(vy, vn))))
    return "the data contains values that are not finite numbers (NaN or Infinity)";
  auto labels_ok = [&](const float* y, int n) {
    for (int i = 0; i < n; ++i)
      if (y[i] != std::floor(y[i]) || y[i] < 0.0f || y[i] >= static_cast<float>(cfg_.classes)) return false;
    return true;
  };
  if (!labels_ok(ty, tn) || !labels_ok(vy, vn))
    return "class labels must be whole numbers from 0 to " + std::to_string(cfg_.classes - 1);
  train_x_.assign(tx, tx + tn * in);
  train_y_.assign(ty, ty + tn);
  val_x_.assign(vx, vx + vn * in);
  val_y_.assign(vy, vy + vn);
  train_n_ = tn;
  val_n_ = vn;
  if (cursor_ >= train_n_) cursor_ = 0;
  order_epoch_ = -1;
  return "";
}

// ---------------------------------------------------------------- masks

void CnnNetwork::prepare_masks(int rows) {
  const int hw = cfg_.conv_h() * cfg_.conv_w();
  feature_mask_kind_ = cfg_.conv_dropout.kind;
  feature_mask_.assign(feature_mask_size(feature_mask_kind_, rows, hw, cfg_.filters), 1.0f);
  hidden_mask_.assign(static_cast<size_t>(rows) * cfg_.hidden, 1.0f);
  mask_rows_ = rows;
}

// One mask per example, keyed by (seed, site, step): a fresh one every training step.
void CnnNetwork::sample_masks(int rows) {
  prepare_masks(rows);
  const int hw = cfg_.conv_h() * cfg_.conv_w();
  const uint64_t step = static_cast<uint64_t>(step_);
  sample_feature_mask(cfg_.conv_dropout, cfg_.mode, stream_key(cfg_.seed, kStreamMask, kSiteFeatures, step), rows, hw,
                      cfg_.filters, feature_mask_.data());
  if (cfg_.hidden_rate > 0.0f)
    sample_mask({cfg_.hidden_rate, DropoutKind::Bernoulli}, cfg_.mode,
                stream_key(cfg_.seed, kStreamMask, kSiteHidden, step), 0, false, 1, rows * cfg_.hidden,
                hidden_mask_.data());
}

std::vector<float> CnnNetwork::feature_mask_maps(int e) const {
  if (e < 0 || e >= mask_rows_) return {};
  const int hw = cfg_.conv_h() * cfg_.conv_w(), f = cfg_.filters;
  std::vector<float> maps(static_cast<size_t>(f) * hw);
  for (int c = 0; c < f; ++c)
    for (int p = 0; p < hw; ++p)
      maps[static_cast<size_t>(c) * hw + p] = feature_mask_kind_ == FeatureDropoutKind::Spatial
                                                  ? feature_mask_[static_cast<size_t>(e) * f + c]
                                                  : feature_mask_[(static_cast<size_t>(e) * hw + p) * f + c];
  return maps;
}

// ---------------------------------------------------------------- forward / backward

void CnnNetwork::ensure_workspace(int rows) {
  if (rows <= rows_) return;
  rows_ = rows;
  const kernels::ConvShape s = conv_shape(rows);
  const size_t maps = static_cast<size_t>(rows) * s.oh() * s.ow() * s.f;
  const size_t flat = static_cast<size_t>(rows) * cfg_.flat();
  const size_t hid = static_cast<size_t>(rows) * cfg_.hidden, outs = static_cast<size_t>(rows) * cfg_.classes;
  cols_.resize(static_cast<size_t>(s.positions()) * s.patch());
  dcols_.resize(cols_.size());
  for (std::vector<float>* v : {&conv_, &dropped_, &dconv_}) v->resize(maps);
  for (std::vector<float>* v : {&pool_, &dpool_}) v->resize(flat);
  argmax_.resize(flat);
  for (std::vector<float>* v : {&hidden_, &hidden_dropped_, &dhidden_}) v->resize(hid);
  for (std::vector<float>* v : {&z_, &out_, &dz_}) v->resize(outs);
  dx_.resize(static_cast<size_t>(rows) * cfg_.image_size());
}

void CnnNetwork::forward(const float* x, int n, bool training) {
  ensure_workspace(n);
  const kernels::ConvShape s = conv_shape(n);
  const int hw = s.oh() * s.ow(), maps = n * hw * s.f;
  const DenseLayer &conv = layers_[kConv], &hid = layers_[kHidden], &outl = layers_[kOutput];
  kernels::f32_conv2d_forward__im2col(s, x, conv.kernel.data(), conv.bias.data(), cols_.data(), conv_.data());
  kernels::activation_forward(Activation::Relu, maps, conv_.data(), conv_.data());

  // Dropout on the maps: the mask in training, the inference rule otherwise.
  const float* pooled_from = conv_.data();
  if (training && cfg_.conv_dropout.rate > 0.0f) {
    feature_dropout_forward(feature_mask_kind_, n, hw, s.f, conv_.data(), feature_mask_.data(), dropped_.data());
    pooled_from = dropped_.data();
  } else if (!training && cfg_.mode == DropoutMode::Original && cfg_.conv_dropout.rate > 0.0f) {
    std::copy(conv_.begin(), conv_.begin() + maps, dropped_.begin());
    feature_dropout_inference(cfg_.conv_dropout, cfg_.mode, maps, dropped_.data());
    pooled_from = dropped_.data();
  }
  kernels::f32_maxpool2x2_forward__scalar(n, s.oh(), s.ow(), s.f, pooled_from, pool_.data(), argmax_.data());

  const int units = n * cfg_.hidden;
  kernels::dense_forward(n, hid.in, hid.out, pool_.data(), hid.kernel.data(), hid.bias.data(), hidden_.data());
  kernels::activation_forward(Activation::Relu, units, hidden_.data(), hidden_.data());
  const DropoutSpec hd{cfg_.hidden_rate, DropoutKind::Bernoulli};
  std::copy(hidden_.begin(), hidden_.begin() + units, hidden_dropped_.begin());
  if (training && hd.rate > 0.0f)
    dropout_forward_train(hd, units, hidden_.data(), hidden_mask_.data(), hidden_dropped_.data());
  else if (!training)
    dropout_forward_inference(hd, cfg_.mode, units, hidden_dropped_.data());
  kernels::dense_forward(n, outl.in, outl.out, hidden_dropped_.data(), outl.kernel.data(), outl.bias.data(), z_.data());
  head_forward(Task::Multiclass, n, cfg_.classes, z_.data(), out_.data());
}

void CnnNetwork::backward(const float* y, int n, bool input_gradient) {
  for (DenseLayer& d : layers_) {
    std::fill(d.dkernel.begin(), d.dkernel.end(), 0.0f);
    std::fill(d.dbias.begin(), d.dbias.end(), 0.0f);
  }
  DenseLayer &conv = layers_[kConv], &hid = layers_[kHidden], &outl = layers_[kOutput];
  const kernels::ConvShape s = conv_shape(n);
  const int hw = s.oh() * s.ow(), units = n * cfg_.hidden;
  head_backward(Task::Multiclass, n, cfg_.classes, out_.data(), y, static_cast<float>(n), dz_.data());
  kernels::dense_backward_params(n, outl.in, outl.out, hidden_dropped_.data(), dz_.data(), outl.dkernel.data(),
                                 outl.dbias.data());
  kernels::dense_backward_input(n, outl.in, outl.out, dz_.data(), outl.kernel.data(), dhidden_.data());
  if (cfg_.hidden_rate > 0.0f) dropout_backward(units, dhidden_.data(), hidden_mask_.data(), dhidden_.data());
  kernels::activation_backward(Activation::Relu, units, hidden_.data(), dhidden_.data(), dhidden_.data());
  kernels::dense_backward_params(n, hid.in, hid.out, pool_.data(), dhidden_.data(), hid.dkernel.data(),
                                 hid.dbias.data());
  kernels::dense_backward_input(n, hid.in, hid.out, dhidden_.data(), hid.kernel.data(), dpool_.data());
  kernels::f32_maxpool2x2_backward__scalar(n, s.oh(), s.ow(), s.f, dpool_.data(), argmax_.data(), dconv_.data());
  if (cfg_.conv_dropout.rate > 0.0f)
    feature_dropout_backward(feature_mask_kind_, n, hw, s.f, dconv_.data(), feature_mask_.data(), dconv_.data());
  kernels::activation_backward(Activation::Relu, n * hw * s.f, conv_.data(), dconv_.data(), dconv_.data());
  kernels::f32_conv2d_backward_params__im2col(s, cols_.data(), dconv_.data(), conv.dkernel.data(), conv.dbias.data());
  if (input_gradient)
    kernels::f32_conv2d_backward_input__im2col(s, dconv_.data(), conv.kernel.data(), dcols_.data(), dx_.data());
}

double CnnNetwork::loss(const float* x, const float* y, int n, MaskSource src) {
  if (src != MaskSource::Fixed)
    sample_masks(n);
  else if (mask_rows_ != n)
    prepare_masks(n);  // no masks for this batch yet: all kept
  forward(x, n, true);
  return head_loss_sum(Task::Multiclass, n, cfg_.classes, z_.data(), y) / n;
}

double CnnNetwork::gradients(const float* x, const float* y, int n, MaskSource src, bool input_gradient) {
  const double l = loss(x, y, n, src);
  backward(y, n, input_gradient);
  return l;
}

void CnnNetwork::apply_update() {
  const Config opt = optimizer_config(cfg_);
  const int64_t t = step_ + 1;
  for (DenseLayer& d : layers_) {
    optimizer_step(opt, t, static_cast<int>(d.kernel.size()), d.kernel.data(), d.dkernel.data(), d.m_kernel.data(),
                   d.v_kernel.data());
    optimizer_step(opt, t, static_cast<int>(d.bias.size()), d.bias.data(), d.dbias.data(), d.m_bias.data(),
                   d.v_bias.data());
  }
}

// ---------------------------------------------------------------- training and inference

// Fisher-Yates over the training indices, keyed by (seed, epoch), as nn/network.cpp.
void CnnNetwork::shuffle_epoch() {
  order_.resize(train_n_);
  for (int i = 0; i < train_n_; ++i) order_[i] = i;
  const uint64_t key = stream_key(cfg_.seed, kStreamShuffle, static_cast<uint64_t>(epoch_));
  for (int i = train_n_ - 1; i > 0; --i) {
    const int j = static_cast<int>(counter_hash(key, static_cast<uint32_t>(i)) % static_cast<uint32_t>(i + 1));
    std::swap(order_[i], order_[j]);
  }
  order_epoch_ = epoch_;
}

TrainResult CnnNetwork::train(int steps) {
  TrainResult r;
  double sum = 0.0;
  int done = 0;
  const size_t in = static_cast<size_t>(cfg_.image_size());
  for (int k = 0; k < steps && !diverged_ && train_n_ > 0; ++k) {
    if (order_epoch_ != epoch_) shuffle_epoch();
    const int b = std::min(cfg_.batch_size, train_n_ - cursor_);
    batch_x_.resize(b * in);
    batch_y_.resize(b);
    for (int i = 0; i < b; ++i) {
      const int row = order_[cursor_ + i];
      std::copy(&train_x_[row * in], &train_x_[row * in] + in, &batch_x_[i * in]);
      batch_y_[i] = train_y_[row];
    }
    const double l = gradients(batch_x_.data(), batch_y_.data(), b, MaskSource::Sampled);
    if (!std::isfinite(l)) {
      diverged_ = true;
      break;
    }
    apply_update();
    sum += l;
    ++done;
    ++step_;
    cursor_ += b;
    if (cursor_ >= train_n_) {
      cursor_ = 0;
      ++epoch_;
    }
  }
  if (done > 0 && !diverged_ && !parameters_finite()) diverged_ = true;
  r.step = step_;
  r.epoch = epoch_;
  r.diverged = diverged_;
  r.loss = done > 0 ? sum / done : std::numeric_limits<double>::quiet_NaN();
  return r;
}

Metrics CnnNetwork::evaluate(const float* x, const float* y, int n) {
  const size_t in = static_cast<size_t>(cfg_.image_size());
  return evaluate_in_chunks(Task::Multiclass, cfg_.classes, n, kChunkRows, y, [&](int start, int len) {
    forward(x + start * in, len, false);
    return std::pair<const float*, const float*>(z_.data(), out_.data());
  });
}

void CnnNetwork::predict(const float* x, int n, float* out) {
  const size_t in = static_cast<size_t>(cfg_.image_size()), k = static_cast<size_t>(cfg_.classes);
  for (int start = 0; start < n; start += kChunkRows) {
    const int len = std::min(kChunkRows, n - start);
    forward(x + start * in, len, false);
    std::copy(out_.begin(), out_.begin() + len * k, out + start * k);
  }
}

void CnnNetwork::predict_mc(const float* x, int n, int passes, float* mean) {
  const size_t in = static_cast<size_t>(cfg_.image_size()), k = static_cast<size_t>(cfg_.classes);
  const int hw = cfg_.conv_h() * cfg_.conv_w();
  std::vector<double> sum(static_cast<size_t>(n) * k, 0.0);
  // The training step's masks stay readable (masks() of the JS API shows them).
  std::vector<float> kept_features = feature_mask_, kept_hidden = hidden_mask_;
  const int kept_rows = mask_rows_;
  const FeatureDropoutKind kept_kind = feature_mask_kind_;
  for (int p = 0; p < passes; ++p)
    for (int start = 0; start < n; start += kChunkRows) {
      const int len = std::min(kChunkRows, n - start);
      prepare_masks(len);
      const uint64_t pass = static_cast<uint64_t>(p), row0 = static_cast<uint64_t>(start);
      sample_feature_mask(cfg_.conv_dropout, cfg_.mode,
                          stream_key(cfg_.seed, kStreamMC, 2 * pass + kSiteFeatures, row0), len, hw, cfg_.filters,
                          feature_mask_.data());
      if (cfg_.hidden_rate > 0.0f)
        sample_mask({cfg_.hidden_rate, DropoutKind::Bernoulli}, cfg_.mode,
                    stream_key(cfg_.seed, kStreamMC, 2 * pass + kSiteHidden, row0), 0, false, 1, len * cfg_.hidden,
                    hidden_mask_.data());
      forward(x + start * in, len, true);
      for (size_t i = 0; i < len * k; ++i) sum[start * k + i] += out_[i];
    }
  for (size_t i = 0; i < sum.size(); ++i) mean[i] = static_cast<float>(sum[i] / passes);
  feature_mask_ = std::move(kept_features);
  hidden_mask_ = std::move(kept_hidden);
  mask_rows_ = kept_rows;
  feature_mask_kind_ = kept_kind;
}

bool CnnNetwork::parameters_finite() const {
  for (const DenseLayer& d : layers_)
    for (const std::vector<float>* v : {&d.kernel, &d.bias, &d.m_kernel, &d.v_kernel, &d.m_bias, &d.v_bias})
      if (!all_finite(v->data(), v->size())) return false;
  return true;
}

}  // namespace dp
