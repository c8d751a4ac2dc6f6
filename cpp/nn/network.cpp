#include "nn/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/activation.hpp"
#include "kernels/dense.hpp"
#include "kernels/mask.hpp"
#include "kernels/rng.hpp"
#include "nn/dropout.hpp"
#include "nn/loss.hpp"
#include "nn/optimizer.hpp"

namespace dp {
namespace {

bool uses_weight_mask(const DropoutSpec& d) { return d.kind == DropoutKind::DropConnect; }

bool all_finite(const float* v, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(v[i])) return false;
  return true;
}

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

std::string Network::validate_state(const NetworkState& st) {
  if (auto e = validate(st.config); !e.empty()) return e;
  if (st.step < 0 || st.epoch < 0 || st.cursor < 0) return "snapshot counters must not be negative";
  const Network shape(st.config);
  if (st.params.size() != shape.dense_.size() || st.optimizer.size() != shape.dense_.size())
    return "snapshot has " + std::to_string(st.params.size()) + " layers of weights, the config needs " +
           std::to_string(shape.dense_.size());
  for (size_t s = 0; s < shape.dense_.size(); ++s) {
    const size_t nk = shape.dense_[s].kernel.size(), nb = shape.dense_[s].bias.size();
    if (st.params[s].size() != nk + nb)
      return "snapshot layer " + std::to_string(s + 1) + " has " + std::to_string(st.params[s].size()) +
             " weights, the config needs " + std::to_string(nk + nb);
    if (st.optimizer[s].size() != 2 * (nk + nb))
      return "snapshot layer " + std::to_string(s + 1) + " has optimizer state of the wrong size";
    // Only a diverged network has NaN or infinite weights; anything else with them is damaged.
    if (!st.diverged && !all_finite(st.params[s].data(), st.params[s].size()))
      return "snapshot layer " + std::to_string(s + 1) + " has weights that are not finite numbers";
    if (!st.diverged && !all_finite(st.optimizer[s].data(), st.optimizer[s].size()))
      return "snapshot layer " + std::to_string(s + 1) + " has optimizer state that is not finite numbers";
  }
  return "";
}

Network::Network(const NetworkState& st) : Network(st.config) {
  step_ = st.step;
  epoch_ = st.epoch;
  cursor_ = st.cursor;
  diverged_ = st.diverged;
  for (size_t s = 0; s < dense_.size(); ++s) {
    DenseLayer& d = dense_[s];
    const size_t nk = d.kernel.size(), nb = d.bias.size();
    const float* p = st.params[s].data();
    std::copy(p, p + nk, d.kernel.begin());
    std::copy(p + nk, p + nk + nb, d.bias.begin());
    const float* o = st.optimizer[s].data();
    std::copy(o, o + nk, d.m_kernel.begin());
    std::copy(o + nk, o + 2 * nk, d.v_kernel.begin());
    std::copy(o + 2 * nk, o + 2 * nk + nb, d.m_bias.begin());
    std::copy(o + 2 * nk + nb, o + 2 * nk + 2 * nb, d.v_bias.begin());
  }
}

NetworkState Network::state() const {
  NetworkState st;
  st.config = cfg_;
  st.step = step_;
  st.epoch = epoch_;
  st.cursor = cursor_;
  st.diverged = diverged_;
  for (const DenseLayer& d : dense_) {
    std::vector<float> p(d.kernel);
    p.insert(p.end(), d.bias.begin(), d.bias.end());
    st.params.push_back(std::move(p));
    std::vector<float> o(d.m_kernel);
    o.insert(o.end(), d.v_kernel.begin(), d.v_kernel.end());
    o.insert(o.end(), d.m_bias.begin(), d.m_bias.end());
    o.insert(o.end(), d.v_bias.begin(), d.v_bias.end());
    st.optimizer.push_back(std::move(o));
  }
  return st;
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

// A Monte-Carlo pass over rows [row0, row0 + n): the masks sample_masks(MonteCarlo, pass)
// would draw, but for Bernoulli unit dropout drawn and applied in one kernel
// (bernoulli_dropout16: the same counters, the same products; two units to a hash). Other kinds take the
// general path.
void Network::forward_monte_carlo(const float* x, int n, int row0, uint64_t pass) {
  const int L = static_cast<int>(cfg_.layers.size());
  for (int s = 0; s <= L; ++s) {
    const DropoutSpec& d = cfg_.site_dropout(s);
    if (d.rate > 0.0f && d.kind != DropoutKind::Bernoulli) {
      sample_masks(aux_masks_, n, row0, MaskSource::MonteCarlo, pass);
      forward(x, n, &aux_masks_);
      return;
    }
  }
  ensure_workspace(n);
  const bool silence = !silenced_.empty();
  const float* a = x;
  for (int s = 0; s <= L; ++s) {
    const int w = cfg_.site_width(s);
    const DropoutSpec& d = cfg_.site_dropout(s);
    const float* input = a;
    if (d.rate > 0.0f) {
      // Row r's counters are (row0 + r) * w + j, as in sample_masks.
      const uint64_t key = stream_key(cfg_.seed, kStreamMC, static_cast<uint64_t>(s), pass);
      kernels::bernoulli_dropout16(key, static_cast<uint32_t>(row0) * static_cast<uint32_t>(w), n * w, 1.0f - d.rate,
                                   keep_scale(cfg_.mode, d.rate), a, drop_[s].data());
      input = drop_[s].data();
    }
    float* dest = s < L ? act_[s + 1].data() : z_.data();
    dense_forward(s, n, nullptr, input, dest);
    if (s < L) kernels::activation_forward(cfg_.layers[s].activation, n * cfg_.layers[s].units, dest, dest);
    if (s < L && silence) zero_silenced(s + 1, n, dest);  // Bernoulli dropout keeps a 0 at 0
    a = dest;
  }
  head_forward(cfg_.task, n, cfg_.outputs(), z_.data(), out_.data());
}

void Network::backward(const float* y, int n, const Masks& masks) {
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
        for (size_t i = 0; i < nk; ++i) {
          d.dkernel[i] += dk_scratch_[i] * fr[i];
          masked_kernel_[i] = d.kernel[i] * fr[i];
        }
        kernels::dense_backward_input(rows_per_mask, d.in, d.out, dz + static_cast<size_t>(r) * d.out,
                                      masked_kernel_.data(), dd + static_cast<size_t>(r) * d.in);
      }
    } else {
      kernels::dense_backward_params(n, d.in, d.out, drop_[s].data(), dz, d.dkernel.data(), d.dbias.data());
      kernels::dense_backward_input(n, d.in, d.out, dz, d.kernel.data(), dd);
      if (ds.rate > 0.0f) {
        const int w = d.in;
        if (masks.shared)
          for (int r = 0; r < n; ++r)
            dropout_backward(w, dd + static_cast<size_t>(r) * w, masks.f[s].data(), dd + static_cast<size_t>(r) * w);
        else
          dropout_backward(n * w, dd, masks.f[s].data(), dd);
      }
    }
    if (s == 0) {
      dx_.assign(dd, dd + static_cast<size_t>(n) * cfg_.inputs);
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

double Network::gradients(const float* x, const float* y, int n, MaskSource src) {
  const double l = loss(x, y, n, src);
  backward(y, n, masks_for(src));
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
  // A NaN weight can hide behind a finite loss (ReLU maps NaN to 0), so the
  // weights themselves are checked, once per call.
  if (done > 0 && !diverged_ && !parameters_finite()) diverged_ = true;
  r.step = step_;
  r.epoch = epoch_;
  r.diverged = diverged_;
  r.loss = done > 0 ? sum / done : std::numeric_limits<double>::quiet_NaN();
  return r;
}

// ---------------------------------------------------------------- inference

Metrics Network::evaluate(const float* x, const float* y, int n) {
  Metrics m;
  m.count = n;
  if (n == 0) {
    m.loss = m.accuracy = std::numeric_limits<double>::quiet_NaN();
    return m;
  }
  double sum = 0.0;
  int correct = 0;
  const int k = cfg_.outputs();
  in_chunks(n, [&](int start, int len) {
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, nullptr);
    sum += head_loss_sum(cfg_.task, len, k, z_.data(), y + start);
    correct += head_correct(cfg_.task, len, k, out_.data(), y + start);
  });
  m.loss = sum / n;
  m.accuracy =
      cfg_.task == Task::Regression ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(correct) / n;
  return m;
}

void Network::point_losses(const float* x, const float* y, int n, float* out) {
  const int k = cfg_.outputs();
  in_chunks(n, [&](int start, int len) {
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, nullptr);
    for (int r = 0; r < len; ++r)
      out[start + r] =
          static_cast<float>(head_loss_sum(cfg_.task, 1, k, z_.data() + static_cast<size_t>(r) * k, y + start + r));
  });
}

void Network::predict(const float* x, int n, float* out) {
  const size_t k = cfg_.outputs();
  in_chunks(n, [&](int start, int len) {
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, nullptr);
    std::copy(out_.begin(), out_.begin() + len * k, out + start * k);
  });
}

void Network::predict_thinned(const float* x, int n, uint64_t thinned_seed, float* out) {
  const size_t k = cfg_.outputs();
  in_chunks(n, [&](int start, int len) {
    sample_masks(aux_masks_, len, start, MaskSource::Thinned, thinned_seed);
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, &aux_masks_);
    std::copy(out_.begin(), out_.begin() + len * k, out + start * k);
  });
}

std::vector<std::vector<float>> Network::thinned_masks(uint64_t thinned_seed) {
  // A thinned network's masks are shared by every row, whatever the chunk: row 0 stands for all.
  sample_masks(aux_masks_, 1, 0, MaskSource::Thinned, thinned_seed);
  return aux_masks_.f;
}

// Welford's running mean and variance over the passes; variance divides by `passes`.
void Network::predict_mc(const float* x, int n, int passes, float* mean, float* variance) {
  const size_t k = cfg_.outputs();
  std::vector<double> mu(k * kChunkRows), m2(k * kChunkRows);
  in_chunks(n, [&](int start, int len) {
    std::fill(mu.begin(), mu.end(), 0.0);
    std::fill(m2.begin(), m2.end(), 0.0);
    for (int p = 0; p < passes; ++p) {
      forward_monte_carlo(x + static_cast<size_t>(start) * cfg_.inputs, len, start, static_cast<uint64_t>(p));
      for (size_t i = 0; i < len * k; ++i) {
        const double v = out_[i], delta = v - mu[i];
        mu[i] += delta / (p + 1);
        m2[i] += delta * (v - mu[i]);
      }
    }
    for (size_t i = 0; i < len * k; ++i) {
      mean[start * k + i] = static_cast<float>(mu[i]);
      // m2 >= 0 in exact arithmetic; rounding can leave it a hair below.
      variance[start * k + i] = static_cast<float>(std::max(0.0, m2[i]) / passes);
    }
  });
}

int64_t Network::parameter_count() const {
  int64_t n = 0;
  for (const DenseLayer& d : dense_) n += static_cast<int64_t>(d.kernel.size() + d.bias.size());
  return n;
}

bool Network::parameters_finite() const {
  for (const DenseLayer& d : dense_)
    for (const std::vector<float>* v : {&d.kernel, &d.bias, &d.m_kernel, &d.v_kernel, &d.m_bias, &d.v_bias})
      if (!all_finite(v->data(), v->size())) return false;
  return true;
}

int Network::hidden_units() const {
  int total = 0;
  for (const LayerSpec& l : cfg_.layers) total += l.units;
  return total;
}

void Network::hidden_activations(const float* x, int n, float* out) {
  const int L = static_cast<int>(cfg_.layers.size());
  in_chunks(n, [&](int start, int len) {
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, nullptr);
    size_t unit0 = 0;
    for (int l = 0; l < L; ++l) {
      const int w = cfg_.layers[l].units;
      const float* a = act_[l + 1].data();
      for (int j = 0; j < w; ++j)
        for (int r = 0; r < len; ++r) out[(unit0 + j) * n + start + r] = a[r * w + j];
      unit0 += w;
    }
  });
}

std::vector<LayerStats> Network::activation_stats(const float* x, int n) {
  const int L = static_cast<int>(cfg_.layers.size());
  std::vector<LayerStats> stats(L);
  std::vector<std::vector<double>> unit_sum(L);
  std::vector<double> near_zero(L, 0.0);
  for (int l = 0; l < L; ++l) unit_sum[l].assign(cfg_.layers[l].units, 0.0);
  in_chunks(n, [&](int start, int len) {
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, nullptr);
    for (int l = 0; l < L; ++l) {
      const int w = cfg_.layers[l].units;
      const float* a = act_[l + 1].data();
      for (int r = 0; r < len; ++r)
        for (int j = 0; j < w; ++j) {
          const float v = a[r * w + j];
          unit_sum[l][j] += v;
          near_zero[l] += std::fabs(v) < 1e-3f;
        }
    }
  });
  for (int l = 0; l < L && n > 0; ++l) {
    const int w = cfg_.layers[l].units;
    double total = 0.0;
    stats[l].unit_means.resize(w);
    for (int j = 0; j < w; ++j) {
      stats[l].unit_means[j] = static_cast<float>(unit_sum[l][j] / n);
      total += unit_sum[l][j];
    }
    stats[l].mean_activation = total / (static_cast<double>(n) * w);
    stats[l].near_zero_fraction = near_zero[l] / (static_cast<double>(n) * w);
  }
  return stats;
}

}  // namespace dp
