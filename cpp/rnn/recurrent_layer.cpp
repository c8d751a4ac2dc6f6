#include "rnn/recurrent_layer.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/activation.hpp"
#include "kernels/dense.hpp"
#include "kernels/rng.hpp"

namespace dp::rnn {
namespace {

size_t at(int t, int B, int b, int width) { return (static_cast<size_t>(t) * B + b) * width; }

// The gate activations of one row of z (G*H), in place.
void activate_gates(const RecurrentShape& s, const DenseOps& ops, float* z) {
  const int H = s.units;
  if (s.cell == Cell::TanhRnn) {
    ops.tanh(H, z, z);
    return;
  }
  ops.sigmoid(2 * H, z, z);  // i, f
  ops.tanh(H, z + 2 * H, z + 2 * H);
  ops.sigmoid(H, z + 3 * H, z + 3 * H);
}

}  // namespace

DenseOps dense_ops(bool simd) {
  using namespace kernels;
  if (simd) return {dense_forward, dense_backward_params, dense_backward_input, vsigmoid, vtanh};
  return {f32_dense_forward__scalar, f32_dense_backward_params__scalar, f32_dense_backward_input__scalar,
          f32_vsigmoid__scalar, f32_vtanh__scalar};
}

void init_recurrent(const RecurrentShape& s, uint64_t seed, float* kernel, float* bias) {
  const int GH = s.gates() * s.units;
  const uint64_t key = stream_key(seed, kStreamInit, 0x52000000);
  const float glorot = std::sqrt(6.0f / static_cast<float>(s.inputs + GH));
  const float recurrent = 1.0f / std::sqrt(static_cast<float>(s.units));
  for (int r = 0; r < s.rows(); ++r) {
    const float limit = r < s.inputs ? glorot : recurrent;
    for (int o = 0; o < GH; ++o) {
      const uint32_t i = static_cast<uint32_t>(r * GH + o);
      kernel[i] = limit * (2.0f * uniform01(key, i) - 1.0f);
    }
  }
  std::fill(bias, bias + GH, 0.0f);
  if (s.cell == Cell::Lstm) std::fill(bias + s.units, bias + 2 * s.units, 1.0f);
}

void recurrent_forward(const RecurrentShape& s, const DenseOps& ops, int T, int B, const float* x, const float* kernel,
                       const float* bias, const std::vector<float>& mx, const std::vector<float>& mh,
                       RecurrentCache& cache) {
  const int in = s.inputs, H = s.units, R = s.rows(), GH = s.gates() * H;
  cache.T = T;
  cache.B = B;
  cache.xh.assign(static_cast<size_t>(T) * B * R, 0.0f);
  cache.act.resize(static_cast<size_t>(T) * B * GH);
  cache.h.resize(static_cast<size_t>(T) * B * H);
  if (s.cell == Cell::Lstm) {
    cache.c.resize(cache.h.size());
    cache.tc.resize(cache.h.size());
  }
  for (int t = 0; t < T; ++t) {
    float* xh = cache.xh.data() + at(t, B, 0, R);
    for (int b = 0; b < B; ++b) {
      float* row = xh + static_cast<size_t>(b) * R;
      const float* xt = x + (static_cast<size_t>(b) * T + t) * in;
      for (int i = 0; i < in; ++i) row[i] = mx.empty() ? xt[i] : xt[i] * mx[at(t, B, b, in) + i];
      if (t == 0) continue;  // h_0 = 0
      const float* hp = cache.h.data() + at(t - 1, B, b, H);
      for (int u = 0; u < H; ++u) row[in + u] = mh.empty() ? hp[u] : hp[u] * mh[at(t, B, b, H) + u];
    }
    float* act = cache.act.data() + at(t, B, 0, GH);
    ops.forward(B, R, GH, xh, kernel, bias, act);
    for (int b = 0; b < B; ++b) activate_gates(s, ops, act + static_cast<size_t>(b) * GH);
    float* h = cache.h.data() + at(t, B, 0, H);
    if (s.cell == Cell::TanhRnn) {
      std::copy(act, act + static_cast<size_t>(B) * H, h);
      continue;
    }
    float* c = cache.c.data() + at(t, B, 0, H);
    for (int b = 0; b < B; ++b) {
      const float* a = act + static_cast<size_t>(b) * GH;
      const float* cp = t > 0 ? cache.c.data() + at(t - 1, B, b, H) : nullptr;
      float* cb = c + static_cast<size_t>(b) * H;
      for (int u = 0; u < H; ++u) cb[u] = (cp ? a[H + u] * cp[u] : 0.0f) + a[u] * a[2 * H + u];
    }
    float* tc = cache.tc.data() + at(t, B, 0, H);
    ops.tanh(B * H, c, tc);
    for (int b = 0; b < B; ++b)
      for (int u = 0; u < H; ++u) h[b * H + u] = act[static_cast<size_t>(b) * GH + 3 * H + u] * tc[b * H + u];
  }
}

void recurrent_backward(const RecurrentShape& s, const DenseOps& ops, const float* kernel, const std::vector<float>& mx,
                        const std::vector<float>& mh, const float* dh, RecurrentCache& cache, float* dkernel,
                        float* dbias, float* dx) {
  const int in = s.inputs, H = s.units, R = s.rows(), GH = s.gates() * H, T = cache.T, B = cache.B;
  const size_t BH = static_cast<size_t>(B) * H;
  // work: dh_next (B,H) | dc_next (B,H) | dz (B,G*H) | dxh (B,R)
  cache.work.assign(2 * BH + static_cast<size_t>(B) * (GH + R), 0.0f);
  float* dh_next = cache.work.data();
  float* dc_next = dh_next + BH;
  float* dz = dc_next + BH;
  float* dxh = dz + static_cast<size_t>(B) * GH;
  for (int t = T - 1; t >= 0; --t) {
    const float* act = cache.act.data() + at(t, B, 0, GH);
    const float* dht = dh + at(t, B, 0, H);
    for (int b = 0; b < B; ++b) {
      const float* a = act + static_cast<size_t>(b) * GH;
      float* d = dz + static_cast<size_t>(b) * GH;
      float* dhn = dh_next + static_cast<size_t>(b) * H;
      if (s.cell == Cell::TanhRnn) {
        for (int u = 0; u < H; ++u) d[u] = (dht[b * H + u] + dhn[u]) * (1.0f - a[u] * a[u]);
        continue;
      }
      const float* tc = cache.tc.data() + at(t, B, b, H);
      const float* cp = t > 0 ? cache.c.data() + at(t - 1, B, b, H) : nullptr;
      float* dcn = dc_next + static_cast<size_t>(b) * H;
      for (int u = 0; u < H; ++u) {
        const float ig = a[u], fg = a[H + u], gg = a[2 * H + u], og = a[3 * H + u];
        const float dhu = dht[b * H + u] + dhn[u];
        const float dc = dcn[u] + dhu * og * (1.0f - tc[u] * tc[u]);
        d[u] = dc * gg * ig * (1.0f - ig);
        d[H + u] = cp ? dc * cp[u] * fg * (1.0f - fg) : 0.0f;
        d[2 * H + u] = dc * ig * (1.0f - gg * gg);
        d[3 * H + u] = dhu * tc[u] * og * (1.0f - og);
        dcn[u] = dc * fg;  // dc_{t-1} through c_t = f c_{t-1} + ...
      }
    }
    ops.backward_params(B, R, GH, cache.xh.data() + at(t, B, 0, R), dz, dkernel, dbias);
    ops.backward_input(B, R, GH, dz, kernel, dxh);
    for (int b = 0; b < B; ++b) {
      const float* row = dxh + static_cast<size_t>(b) * R;
      float* dhn = dh_next + static_cast<size_t>(b) * H;
      for (int u = 0; u < H; ++u) dhn[u] = mh.empty() ? row[in + u] : row[in + u] * mh[at(t, B, b, H) + u];
      if (!dx) continue;
      float* dxt = dx + (static_cast<size_t>(b) * T + t) * in;
      for (int i = 0; i < in; ++i) dxt[i] = mx.empty() ? row[i] : row[i] * mx[at(t, B, b, in) + i];
    }
  }
}

}  // namespace dp::rnn
