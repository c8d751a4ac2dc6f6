#include "nn/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/activation.hpp"
#include "kernels/dense.hpp"
#include "kernels/mask.hpp"
#include "kernels/rng.hpp"
#include "nn/dropout.hpp"
#include "nn/finite.hpp"
#include "nn/loss.hpp"
#include "nn/optimizer.hpp"

namespace dp {
namespace {

bool uses_weight_mask(const DropoutSpec& d) { return d.kind == DropoutKind::DropConnect; }

}  // namespace

// ---------------------------------------------------------------- building

Network::Network(const Config& c) : cfg_(c) {
  const int L = static_cast<int>(cfg_.layers.size());
  dense_.resize(L + 1);
  for (int s = 0; s <= L; ++s) {
    DenseLayer& d = dense_[s];
    d.in = cfg_.site_width(s);
    d.out = s < L ? cfg_.layers[s].units : cfg_.outputs();
    const size_t nk = static_cast<size_t>(d.in) * d.out;
    d.kernel.assign(nk, 0.0f);
    d.dkernel.assign(nk, 0.0f);
    d.m_kernel.assign(nk, 0.0f);
    d.v_kernel.assign(nk, 0.0f);
    d.bias.assign(d.out, 0.0f);
    d.dbias.assign(d.out, 0.0f);
    d.m_bias.assign(d.out, 0.0f);
    d.v_bias.assign(d.out, 0.0f);
  }
  init_weights();
}

// Glorot uniform (limit sqrt(6/(in+out))), He uniform (sqrt(6/in)) or LeCun
// uniform for SELU (sqrt(3/in)); biases start at 0. Keyed by seed and layer
// index only, so dropout settings never change the initial weights.
void Network::init_weights() {
  const int L = static_cast<int>(cfg_.layers.size());
  for (int s = 0; s <= L; ++s) {
    DenseLayer& d = dense_[s];
    double limit = std::sqrt(6.0 / (d.in + d.out));
    if (s < L) {
      const Activation a = cfg_.layers[s].activation;
      const bool relu_family = a == Activation::Relu || a == Activation::LeakyRelu;
      if (cfg_.init == Init::He || (cfg_.init == Init::Auto && relu_family)) limit = std::sqrt(6.0 / d.in);
      if (cfg_.init == Init::Auto && a == Activation::Selu) limit = std::sqrt(3.0 / d.in);
    }
    const uint64_t key = stream_key(cfg_.seed, kStreamInit, static_cast<uint64_t>(s));
    for (size_t i = 0; i < d.kernel.size(); ++i)
      d.kernel[i] = static_cast<float>((2.0 * uniform01(key, static_cast<uint32_t>(i)) - 1.0) * limit);
  }
}

std::string Network::update(const Config& next) {
  if (auto e = validate(next); !e.empty()) return e;
  auto same_arch = [&] {
    if (next.inputs != cfg_.inputs || next.task != cfg_.task || next.outputs() != cfg_.outputs() ||
        next.layers.size() != cfg_.layers.size() || next.init != cfg_.init || next.seed != cfg_.seed)
      return false;
    for (size_t i = 0; i < next.layers.size(); ++i)
      if (next.layers[i].units != cfg_.layers[i].units || next.layers[i].activation != cfg_.layers[i].activation)
        return false;
    return true;
  };
  if (!same_arch())
    return "changing the inputs, task, layers, units, activations, initialisation or seed needs a new network";
  cfg_ = next;
  return "";
}

std::string Network::set_data(const float* tx, const float* ty, int tn, const float* vx, const float* vy, int vn) {
  if (tn < 1) return "the training set is empty: it needs at least one point";
  if (vn < 0) return "the validation set size must not be negative";
  const size_t in = static_cast<size_t>(cfg_.inputs);
  if (!all_finite(tx, tn * in) || !all_finite(ty, tn) || (vn > 0 && (!all_finite(vx, vn * in) || !all_finite(vy, vn))))
    return "the data contains values that are not finite numbers (NaN or Infinity)";
  auto check_labels = [&](const float* y, int n, const char* which) -> std::string {
    for (int i = 0; i < n; ++i) {
      if (cfg_.task == Task::Binary && y[i] != 0.0f && y[i] != 1.0f)
        return std::string("binary labels must be 0 or 1; the ") + which + " set has " + std::to_string(y[i]);
      if (cfg_.task == Task::Multiclass &&
          (y[i] != std::floor(y[i]) || y[i] < 0.0f || y[i] >= static_cast<float>(cfg_.classes)))
        return std::string("class labels must be whole numbers from 0 to ") + std::to_string(cfg_.classes - 1) +
               "; the " + which + " set has " + std::to_string(y[i]);
    }
    return "";
  };
  if (auto e = check_labels(ty, tn, "training"); !e.empty()) return e;
  if (auto e = check_labels(vy, vn, "validation"); !e.empty()) return e;
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

int Network::mask_width(int s, const DropoutSpec& d) const {
  return uses_weight_mask(d) ? dense_[s].in * dense_[s].out : cfg_.site_width(s);
}

void Network::size_masks(Masks& m, int rows, bool shared) const {
  const int sites = cfg_.sites();
  m.f.resize(sites);
  m.specs.resize(sites);
  m.rows = rows;
  m.shared = shared;
  const int stored = shared ? 1 : rows;
  for (int s = 0; s < sites; ++s) {
    m.specs[s] = cfg_.site_dropout(s);
    m.f[s].assign(static_cast<size_t>(stored) * mask_width(s, m.specs[s]), 1.0f);
  }
}

void Network::prepare_masks(int rows) { size_masks(train_masks_, rows, false); }

void Network::sample_masks(Masks& m, int rows, int row0, MaskSource src, uint64_t label) {
  bool shared = false;
  uint64_t purpose = kStreamMask, tag = static_cast<uint64_t>(step_);
  switch (src) {
    case MaskSource::Fixed: return;
    case MaskSource::Sampled:
      shared = cfg_.mask_per != MaskPer::Example;
      // An epoch mask is keyed by the epoch; the high bit keeps those keys apart from step keys.
      if (cfg_.mask_per == MaskPer::Epoch) tag = (1ull << 62) | static_cast<uint64_t>(epoch_);
      break;
    case MaskSource::MonteCarlo: purpose = kStreamMC, tag = label; break;
    case MaskSource::Thinned: purpose = kStreamThinned, tag = label, shared = true; break;
  }
  // Buffers keep their size from step to step (every value is overwritten below); they are
  // resized only when the batch, the granularity or a site's kind changed.
  m.f.resize(cfg_.sites());
  m.specs.resize(cfg_.sites());
  m.rows = rows;
  m.shared = shared;
  for (int s = 0; s < cfg_.sites(); ++s) {
    const DropoutSpec& d = cfg_.site_dropout(s);
    m.specs[s] = d;
    const int w = mask_width(s, d);
    m.f[s].resize(static_cast<size_t>(shared ? 1 : rows) * w);
    if (d.rate == 0.0f) {
      std::fill(m.f[s].begin(), m.f[s].end(), 1.0f);
      continue;
    }
    const uint64_t key = stream_key(cfg_.seed, purpose, static_cast<uint64_t>(s), tag);
    // Row r's counters are (row0 + r) * w + j: for rows*w consecutive counters from row0*w.
    // When row0 is a multiple of rows, draw them as one row of rows*w (one kernel call
    // instead of one per row; the same counters, so the same masks).
    const Uniforms u = src == MaskSource::MonteCarlo ? Uniforms::Bits16 : Uniforms::Bits24;
    if (!shared && rows > 1 && row0 % rows == 0)
      sample_mask(d, cfg_.mode, key, row0 / rows, false, 1, rows * w, m.f[s].data(), u);
    else
      sample_mask(d, cfg_.mode, key, row0, shared, rows, w, m.f[s].data(), u);
  }
}

// ---------------------------------------------------------------- forward / backward

void Network::ensure_workspace(int rows) {
  if (rows <= rows_) return;
  rows_ = rows;
  const int L = static_cast<int>(cfg_.layers.size());
  int widest = std::max(cfg_.inputs, cfg_.outputs());
  act_.resize(L + 1);
  drop_.resize(L + 1);
  for (int s = 0; s <= L; ++s) {
    widest = std::max(widest, cfg_.site_width(s));
    act_[s].resize(static_cast<size_t>(rows) * cfg_.site_width(s));
    drop_[s].resize(static_cast<size_t>(rows) * cfg_.site_width(s));
  }
  z_.resize(static_cast<size_t>(rows) * cfg_.outputs());
  out_.resize(static_cast<size_t>(rows) * cfg_.outputs());
  grad_a_.resize(static_cast<size_t>(rows) * widest);
  grad_b_.resize(static_cast<size_t>(rows) * widest);
}

// dest (n, out) = input (n, in) K_s + b_s, with K_s masked per row under DropConnect.
void Network::dense_forward(int s, int n, const Masks* masks, const float* input, float* dest) {
  const DenseLayer& d = dense_[s];
  const DropoutSpec& ds = cfg_.site_dropout(s);
  if (!masks || !uses_weight_mask(ds) || ds.rate == 0.0f) {
    kernels::dense_forward(n, d.in, d.out, input, d.kernel.data(), d.bias.data(), dest);
    return;
  }
  const size_t nk = d.kernel.size();
  masked_kernel_.resize(nk);
  const float* f = masks->f[s].data();
  const int rows_per_mask = masks->shared ? n : 1;
  for (int r = 0; r < n; r += rows_per_mask) {
    const float* fr = masks->shared ? f : f + r * nk;
    for (size_t i = 0; i < nk; ++i) masked_kernel_[i] = d.kernel[i] * fr[i];
    kernels::dense_forward(rows_per_mask, d.in, d.out, input + static_cast<size_t>(r) * d.in, masked_kernel_.data(),
                           d.bias.data(), dest + static_cast<size_t>(r) * d.out);
  }
}

// Whether dropout_forward_inference changes a site's activations (original-mode
// Bernoulli and DropConnect scale by 1 - rate; see nn/dropout.hpp).
static bool inference_scales(const DropoutSpec& d, DropoutMode mode) {
  return mode == DropoutMode::Original && (d.kind == DropoutKind::Bernoulli || d.kind == DropoutKind::DropConnect) &&
         d.rate > 0.0f;
}

void Network::forward(const float* x, int n, const Masks* masks) {
  ensure_workspace(n);
  // Training keeps its input in act_[0]; inference reads x where it is.
  if (masks) std::copy(x, x + static_cast<size_t>(n) * cfg_.inputs, act_[0].begin());
  forward_from(0, masks ? act_[0].data() : x, n, masks);
}

void Network::forward_from(int first, const float* a, int n, const Masks* masks) {
  const int L = static_cast<int>(cfg_.layers.size());
  const bool silence = silences(masks);
  for (int s = first; s <= L; ++s) {
    const int w = cfg_.site_width(s);
    const size_t count = static_cast<size_t>(n) * w;
    const DropoutSpec& d = cfg_.site_dropout(s);
    float* dropped = drop_[s].data();
    const float* input = a;  // what dense layer s reads
    if (masks) {
      if (!uses_weight_mask(d) && d.rate > 0.0f) {
        const float* f = masks->f[s].data();
        if (masks->shared)
          for (int r = 0; r < n; ++r)
            dropout_forward_train(d, w, a + static_cast<size_t>(r) * w, f, dropped + static_cast<size_t>(r) * w);
        else
          dropout_forward_train(d, static_cast<int>(count), a, f, dropped);
        // Alpha dropout maps a dropped unit to a nonzero value: a silenced one stays silent.
        if (silence && d.kind == DropoutKind::Alpha) zero_silenced(s, n, dropped);
      } else {
        std::copy(a, a + count, dropped);
      }
      input = dropped;
    } else if (inference_scales(d, cfg_.mode)) {
      std::copy(a, a + count, dropped);
      dropout_forward_inference(d, cfg_.mode, static_cast<int>(count), dropped);
      input = dropped;
    }
    float* dest = s < L ? act_[s + 1].data() : z_.data();
    dense_forward(s, n, masks, input, dest);
    if (s < L) kernels::activation_forward(cfg_.layers[s].activation, n * cfg_.layers[s].units, dest, dest);
    if (s < L && silence) zero_silenced(s + 1, n, dest);
    a = dest;
  }
  head_forward(cfg_.task, n, cfg_.outputs(), z_.data(), out_.data());
}

void Network::backward(const float* y, int n, const Masks& masks, bool input_gradient) {
  const int L = static_cast<int>(cfg_.layers.size());
  for (DenseLayer& d : dense_) {
    std::fill(d.dkernel.begin(), d.dkernel.end(), 0.0f);
    std::fill(d.dbias.begin(), d.dbias.end(), 0.0f);
  }
  float* dz = grad_a_.data();  // gradient w.r.t. the current dense layer's output
  float* dd = grad_b_.data();  // gradient w.r.t. its input
  head_backward(cfg_.task, n, cfg_.outputs(), out_.data(), y, static_cast<float>(n), dz);
  for (int s = L; s >= 0; --s) {
    DenseLayer& d = dense_[s];
    const DropoutSpec& ds = cfg_.site_dropout(s);
    // The gradient w.r.t. this layer's input: for the layer below, or (s = 0) the data's.
    const bool to_input = s > 0 || input_gradient;
    if (uses_weight_mask(ds) && ds.rate > 0.0f) {
      // DropConnect: y_r = x_r (K o M_r) + b, so dK += (x_r^T dz_r) o M_r and dx_r = dz_r (K o M_r)^T.
      const size_t nk = d.kernel.size();
      masked_kernel_.resize(nk);
      dk_scratch_.resize(nk);
      const int rows_per_mask = masks.shared ? n : 1;
      for (int r = 0; r < n; r += rows_per_mask) {
        const float* fr = masks.shared ? masks.f[s].data() : masks.f[s].data() + r * nk;
        std::fill(dk_scratch_.begin(), dk_scratch_.end(), 0.0f);
        kernels::dense_backward_params(rows_per_mask, d.in, d.out, drop_[s].data() + static_cast<size_t>(r) * d.in,
                                       dz + static_cast<size_t>(r) * d.out, dk_scratch_.data(), d.dbias.data());
        for (size_t i = 0; i < nk; ++i) d.dkernel[i] += dk_scratch_[i] * fr[i];
        if (!to_input) continue;
        for (size_t i = 0; i < nk; ++i) masked_kernel_[i] = d.kernel[i] * fr[i];
        kernels::dense_backward_input(rows_per_mask, d.in, d.out, dz + static_cast<size_t>(r) * d.out,
                                      masked_kernel_.data(), dd + static_cast<size_t>(r) * d.in);
      }
    } else {
      kernels::dense_backward_params(n, d.in, d.out, drop_[s].data(), dz, d.dkernel.data(), d.dbias.data());
      if (to_input) kernels::dense_backward_input(n, d.in, d.out, dz, d.kernel.data(), dd);
      if (to_input && ds.rate > 0.0f) {
        const int w = d.in;
        if (masks.shared)
          for (int r = 0; r < n; ++r)
            dropout_backward(w, dd + static_cast<size_t>(r) * w, masks.f[s].data(), dd + static_cast<size_t>(r) * w);
        else
          dropout_backward(n * w, dd, masks.f[s].data(), dd);
      }
    }
    if (s == 0) {
      if (input_gradient)
        dx_.assign(dd, dd + static_cast<size_t>(n) * cfg_.inputs);
      else
        dx_.clear();
    } else {
      kernels::activation_backward(cfg_.layers[s - 1].activation, n * d.in, act_[s].data(), dd, dd);
      std::swap(dz, dd);
    }
  }
}

// Training steps (and tests' fixed masks) keep their masks for masks(); Monte-Carlo and
// thinned passes use their own, so they never overwrite what the last step dropped.
Network::Masks& Network::masks_for(MaskSource src) {
  return src == MaskSource::Fixed || src == MaskSource::Sampled ? train_masks_ : aux_masks_;
}

double Network::loss(const float* x, const float* y, int n, MaskSource src) {
  Masks& m = masks_for(src);
  sample_masks(m, n, 0, src, 0);
  forward(x, n, &m);
  return head_loss_sum(cfg_.task, n, cfg_.outputs(), z_.data(), y) / n;
}

double Network::gradients(const float* x, const float* y, int n, MaskSource src, bool input_gradient) {
  const double l = loss(x, y, n, src);
  backward(y, n, masks_for(src), input_gradient);
  return l;
}

void Network::apply_update() {
  const int64_t t = step_ + 1;
  for (DenseLayer& d : dense_) {
    const int nk = static_cast<int>(d.kernel.size()), nb = static_cast<int>(d.bias.size());
    add_penalty_gradient(cfg_.l1, cfg_.l2, nk, d.kernel.data(), d.dkernel.data());
    optimizer_step(cfg_, t, nk, d.kernel.data(), d.dkernel.data(), d.m_kernel.data(), d.v_kernel.data());
    optimizer_step(cfg_, t, nb, d.bias.data(), d.dbias.data(), d.m_bias.data(), d.v_bias.data());
    apply_max_norm(d.in, d.out, cfg_.max_norm, d.kernel.data());
  }
}

// ---------------------------------------------------------------- training

// Fisher-Yates over the training indices, keyed by (seed, epoch).
void Network::shuffle_epoch() {
  order_.resize(train_n_);
  for (int i = 0; i < train_n_; ++i) order_[i] = i;
  const uint64_t key = stream_key(cfg_.seed, kStreamShuffle, static_cast<uint64_t>(epoch_));
  for (int i = train_n_ - 1; i > 0; --i) {
    const int j = static_cast<int>(counter_hash(key, static_cast<uint32_t>(i)) % static_cast<uint32_t>(i + 1));
    std::swap(order_[i], order_[j]);
  }
  order_epoch_ = epoch_;
}

TrainResult Network::train(int steps) {
  TrainResult r;
  double sum = 0.0;
  int done = 0;
  const size_t in = static_cast<size_t>(cfg_.inputs);
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
    const double l = gradients(batch_x_.data(), batch_y_.data(), b, MaskSource::Sampled, false);
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
  // A NaN weight can hide behind a finite loss (ReLU maps NaN to 0), so the
  // weights themselves are checked, once per call.
  if (done > 0 && !diverged_ && !parameters_finite()) diverged_ = true;
  r.step = step_;
  r.epoch = epoch_;
  r.diverged = diverged_;
  r.loss = done > 0 ? sum / done : std::numeric_limits<double>::quiet_NaN();
  return r;
}

}  // namespace dp
