// The convolution kernels and a CNN training step. Three ways to convolve, timed in
// interleaved rounds so that all see the same machine load:
//   im2col + the dense kernel (xsimd where compiled in): what the CNN uses;
//   im2col + the scalar dense reference: the same algorithm without SIMD;
//   the direct scalar reference (cpp/kernels/conv_scalar.cpp).
// Prints one line per workload with the median time of each and the ratios to the first.
//
// Usage: dp_bench_conv [rounds]    (default 7)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "cnn/cnn_network.hpp"
#include "data/glyphs.hpp"
#include "kernels/conv.hpp"
#include "kernels/dense.hpp"
#include "kernels/rng.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using dp::kernels::ConvShape;

// Seconds per call of f, over enough calls to take about 30 ms.
double seconds_per_call(const std::function<void()>& f) {
  f();
  int calls = 1;
  for (;;) {
    const auto t0 = clock_type::now();
    for (int i = 0; i < calls; ++i) f();
    const double s = std::chrono::duration<double>(clock_type::now() - t0).count();
    if (s > 0.03) return s / calls;
    calls *= 2;
  }
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void compare(const char* name, int rounds, const std::function<void()>& fast,
             const std::function<void()>& im2col_scalar, const std::function<void()>& reference) {
  // Warm up: V8 runs wasm in its baseline tier first and tiers up only for new calls.
  for (const std::function<void()>* g : {&fast, &im2col_scalar, &reference}) {
    const auto t0 = clock_type::now();
    while (std::chrono::duration<double>(clock_type::now() - t0).count() < 0.2) (*g)();
  }
  std::vector<double> tf, ts, tr;
  for (int r = 0; r < rounds; ++r) {  // interleaved
    tf.push_back(seconds_per_call(fast));
    ts.push_back(seconds_per_call(im2col_scalar));
    tr.push_back(seconds_per_call(reference));
  }
  const double f = median(tf), s = median(ts), d = median(tr);
  std::printf("%-40s im2col+dense %8.1f us | im2col+scalar dense %8.1f us (%5.2fx) | direct scalar %8.1f us (%5.2fx)\n",
              name, f * 1e6, s * 1e6, s / f, d * 1e6, d / f);
}

std::vector<float> values(size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = 2.0f * dp::uniform01(7, static_cast<uint32_t>(i)) - 1.0f;
  return v;
}

void conv_workload(int rounds, int n, int side, int c, int k, int f) {
  ConvShape s;
  s.n = n, s.h = side, s.w = side, s.c = c, s.k = k, s.f = f, s.same = true;
  const std::vector<float> x = values(static_cast<size_t>(n) * side * side * c), kern = values(s.patch() * f),
                           b = values(f), dy = values(static_cast<size_t>(s.positions()) * f);
  std::vector<float> cols(static_cast<size_t>(s.positions()) * s.patch()), dcols(cols.size()), y(dy.size()),
      dx(x.size()), dk(kern.size()), db(f);
  char name[96];
  std::snprintf(name, sizeof name, "conv %dx%dx%dx%d k%d f%d forward", n, side, side, c, k, f);
  compare(
      name, rounds,
      [&] { dp::kernels::f32_conv2d_forward__im2col(s, x.data(), kern.data(), b.data(), cols.data(), y.data()); },
      [&] {
        dp::kernels::f32_im2col(s, x.data(), cols.data());
        dp::kernels::f32_dense_forward__scalar(s.positions(), s.patch(), f, cols.data(), kern.data(), b.data(),
                                               y.data());
      },
      [&] { dp::kernels::f32_conv2d_forward__scalar(s, x.data(), kern.data(), b.data(), y.data()); });
  std::snprintf(name, sizeof name, "conv %dx%dx%dx%d k%d f%d backward (params+input)", n, side, side, c, k, f);
  compare(
      name, rounds,
      [&] {
        dp::kernels::f32_conv2d_backward_params__im2col(s, cols.data(), dy.data(), dk.data(), db.data());
        dp::kernels::f32_conv2d_backward_input__im2col(s, dy.data(), kern.data(), dcols.data(), dx.data());
      },
      [&] {
        dp::kernels::f32_dense_backward_params__scalar(s.positions(), s.patch(), f, cols.data(), dy.data(), dk.data(),
                                                       db.data());
        dp::kernels::f32_dense_backward_input__scalar(s.positions(), s.patch(), f, dy.data(), kern.data(),
                                                      dcols.data());
        dp::kernels::f32_col2im(s, dcols.data(), dx.data());
      },
      [&] {
        dp::kernels::f32_conv2d_backward_params__scalar(s, x.data(), dy.data(), dk.data(), db.data());
        dp::kernels::f32_conv2d_backward_input__scalar(s, dy.data(), kern.data(), dx.data());
      });
}

// One training step of the CNN (12x12x1, 8 filters 3x3, pool, 32 dense, batch 32).
void training_step(int rounds) {
  dp::GlyphSpec gs;
  gs.train = 32;
  const dp::GlyphData d = dp::make_glyphs(gs);
  dp::CnnConfig cfg;
  cfg.conv_dropout = {0.2f, dp::FeatureDropoutKind::Spatial};
  dp::CnnNetwork net(cfg);
  net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, d.validation.x.data(), d.validation.y.data(), 0);
  std::vector<double> t;
  for (int r = 0; r < rounds; ++r) t.push_back(seconds_per_call([&] { net.train(1); }));
  std::printf("%-44s %9.1f us per step (%.0f steps/s)\n", "CNN training step, batch 32", median(t) * 1e6,
              1.0 / median(t));
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  conv_workload(rounds, 32, 12, 1, 3, 8);  // the first layer
  conv_workload(rounds, 32, 12, 8, 3, 16);
  conv_workload(rounds, 8, 13, 3, 5, 5);
  training_step(rounds);
  return 0;
}
