// Network: inference passes over rows in tiles of kChunkRows (evaluation, predictions,
// thinned and Monte-Carlo passes, hidden activations). Training is in network.cpp.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "kernels/activation.hpp"
#include "kernels/mask.hpp"
#include "kernels/rng.hpp"
#include "nn/dropout.hpp"
#include "nn/loss.hpp"
#include "nn/network.hpp"

namespace dp {

// ---------------------------------------------------------------- inference

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

Metrics Network::evaluate(const float* x, const float* y, int n) {
  return evaluate_in_chunks(cfg_.task, cfg_.outputs(), n, kChunkRows, y, [&](int start, int len) {
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, nullptr);
    return std::pair<const float*, const float*>(z_.data(), out_.data());
  });
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
