// Silenced units and the "remove one unit" probe (Network members declared in
// nn/network.hpp): how much the loss at inference depends on each hidden unit,
// the measure of co-adaptation the page shows.
#include <algorithm>
#include <limits>

#include "nn/loss.hpp"
#include "nn/network.hpp"

namespace dp {

std::string Network::set_silenced(const std::vector<UnitRef>& units) {
  const int L = static_cast<int>(cfg_.layers.size());
  for (const UnitRef& u : units) {
    if (u.layer < 1 || u.layer > L)
      return L == 0
                 ? std::string("this network has no hidden layers: there is no unit to silence")
                 : "hidden layer " + std::to_string(u.layer) + " does not exist: layers are 1 to " + std::to_string(L);
    const int w = cfg_.layers[u.layer - 1].units;
    if (u.unit < 0 || u.unit >= w)
      return "hidden layer " + std::to_string(u.layer) + " has " + std::to_string(w) + " units (0 to " +
             std::to_string(w - 1) + "), not unit " + std::to_string(u.unit);
  }
  silenced_ = units;
  std::sort(silenced_.begin(), silenced_.end());
  silenced_.erase(std::unique(silenced_.begin(), silenced_.end()), silenced_.end());
  silenced_at_.assign(L + 1, {});
  for (const UnitRef& u : silenced_) silenced_at_[u.layer].push_back(u.unit);
  return "";
}

void Network::zero_silenced(int site, int n, float* a) const {
  const size_t w = static_cast<size_t>(cfg_.site_width(site));
  for (const int u : silenced_at_[site])
    for (int r = 0; r < n; ++r) a[r * w + u] = 0.0f;
}

double Network::ablation_work_per_row() const {
  const int L = static_cast<int>(cfg_.layers.size());
  // The baseline pass, then per unit of hidden layer l the dense layers l..L.
  double work = static_cast<double>(parameter_count()), above = 0.0;
  for (int l = L; l >= 1; --l) {
    above += static_cast<double>(dense_[l].kernel.size() + dense_[l].bias.size());
    work += cfg_.layers[l - 1].units * above;
  }
  return work;
}

// Per tile of rows: one inference pass keeps every layer's activations; then, from
// the last hidden layer down, each unit's column is zeroed in place, the layers above
// it run again from there, and the column is restored. Going down, a pass from layer
// l overwrites only the activations of layers above l, whose units are done.
// Zeroing the activation is exactly zeroing the unit's outgoing weights: the next
// layer adds 0 * w instead of a * 0, in the same order.
UnitAblation Network::unit_ablation(const float* x, const float* y, int n) {
  const int L = static_cast<int>(cfg_.layers.size());
  const int k = cfg_.outputs();
  UnitAblation result;
  result.losses.resize(L);
  for (int l = 0; l < L; ++l) result.losses[l].assign(cfg_.layers[l].units, 0.0);
  if (n == 0) {
    result.baseline = std::numeric_limits<double>::quiet_NaN();
    for (auto& layer : result.losses) std::fill(layer.begin(), layer.end(), result.baseline);
    return result;
  }
  std::vector<float> column;
  double baseline = 0.0;
  in_chunks(n, [&](int start, int len) {
    const float* yc = y + start;
    forward(x + static_cast<size_t>(start) * cfg_.inputs, len, nullptr);
    const double chunk_baseline = head_loss_sum(cfg_.task, len, k, z_.data(), yc);
    baseline += chunk_baseline;
    column.resize(len);
    for (int l = L; l >= 1; --l) {
      const int w = cfg_.layers[l - 1].units;
      float* a = act_[l].data();
      static const std::vector<int> kNone;
      const std::vector<int>& already = silenced_.empty() ? kNone : silenced_at_[l];
      for (int u = 0; u < w; ++u) {
        if (std::find(already.begin(), already.end(), u) != already.end()) {
          result.losses[l - 1][u] += chunk_baseline;
          continue;
        }
        for (int r = 0; r < len; ++r) {
          column[r] = a[static_cast<size_t>(r) * w + u];
          a[static_cast<size_t>(r) * w + u] = 0.0f;
        }
        forward_from(l, a, len, nullptr);
        result.losses[l - 1][u] += head_loss_sum(cfg_.task, len, k, z_.data(), yc);
        for (int r = 0; r < len; ++r) a[static_cast<size_t>(r) * w + u] = column[r];
      }
    }
  });
  result.baseline = baseline / n;
  for (auto& layer : result.losses)
    for (double& v : layer) v /= n;
  return result;
}

}  // namespace dp
