// Network: snapshots (a NetworkState out and back in, every field checked) and the
// parameters' bookkeeping. Training is in network.cpp, inference in network_inference.cpp.
#include <algorithm>
#include <string>
#include <vector>

#include "nn/finite.hpp"
#include "nn/network.hpp"

namespace dp {

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

}  // namespace dp
