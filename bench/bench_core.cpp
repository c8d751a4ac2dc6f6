// Kernel, training and inference benchmarks of the C++ core. Prints one JSON object
// per line; bench/run.mjs runs the native, wasm SIMD and wasm scalar builds in
// interleaved rounds and puts them side by side.
//
// Usage: dp_bench [kernels | training relu|tanh | grid SIDE relu|tanh | mc SIDE PASSES | mcratio SIDE PASSES]...
// (no argument: kernels). Several workloads may follow each other on one command line.
//
// Method, per measurement: warm up until the rate stops rising (V8 compiles wasm in a
// baseline tier first and swaps in optimised code only for new calls, so the hot
// function is called many times), then 5 timed runs of about kRunSeconds; the median
// run is reported as work per second of wall time and per second of this process's
// CPU time (user + system), so that time the process spent descheduled, because
// another process had the core, does not count.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench_measure.hpp"
#include "data/datasets.hpp"
#include "kernels/activation.hpp"
#include "kernels/dense.hpp"
#include "kernels/mask.hpp"
#include "kernels/rng.hpp"
#include "nn/network.hpp"

#if DP_HAVE_XSIMD
#include <xsimd/xsimd.hpp>
#endif

namespace {

using dp::bench::clock_type;
using dp::bench::kRunSeconds;
using dp::bench::measure;
using dp::bench::Rate;
using dp::bench::report;
using dp::bench::seconds_since;
using dp::bench::settle;
using dp::bench::timed;

std::vector<float> filled(size_t n, uint64_t seed, float lo = -0.5f, float hi = 0.5f) {
  std::vector<float> v(n);
  const uint64_t key = dp::stream_key(seed, 42);
  for (size_t i = 0; i < n; ++i) v[i] = lo + (hi - lo) * dp::uniform01(key, static_cast<uint32_t>(i));
  return v;
}

// ---------------------------------------------------------------- kernels

template <class Fwd, class Params, class Input>
void bench_dense(const char* kernel, Fwd fwd, Params params, Input input) {
  for (int width : {8, 16, 64, 256})
    for (int batch : {32, 256}) {
      const auto x = filled(batch * width, 1), k = filled(width * width, 2), b = filled(width, 3),
                 dy = filled(batch * width, 4);
      std::vector<float> y(batch * width), dk(width * width), db(width), dx(batch * width);
      const double flops = 2.0 * batch * width * width;
      const std::string shape = "w" + std::to_string(width) + " b" + std::to_string(batch);
      report("dense forward " + shape, kernel,
             measure([&] { fwd(batch, width, width, x.data(), k.data(), b.data(), y.data()); }, flops), 1e-9,
             "GFLOP/s");
      report("dense backward " + shape, kernel,
             measure(
                 [&] {
                   params(batch, width, width, x.data(), dy.data(), dk.data(), db.data());
                   input(batch, width, width, dy.data(), k.data(), dx.data());
                 },
                 2 * flops),
             1e-9, "GFLOP/s");
    }
}

void bench_masks(const char* name, const char* kernel, void (*mask)(uint64_t, uint32_t, int, float, float, float*)) {
  const int n = 4096;
  std::vector<float> out(n);
  uint32_t counter = 0;
  report(name, kernel,
         measure(
             [&] {
               mask(0x1234, counter, n, 0.5f, 2.0f, out.data());
               counter += n;
             },
             n),
         1e-6, "M masks/s");
}

using Unary = std::function<void(int, const float*, float*)>;

// Elementwise functions over 1024 inputs in [-6, 6] (the range pre-activations live in).
void bench_unary(const std::string& name, const std::string& kernel, const Unary& f) {
  const int n = 1024;
  const auto x = filled(n, 5, -6.0f, 6.0f);
  std::vector<float> y(n);
  report(name, kernel, measure([&] { f(n, x.data(), y.data()); }, n), 1e-6, "M elements/s");
}

#if DP_HAVE_XSIMD
// What the activation kernel computed before issue 12: xsimd 8.1's generic functions.
template <class F>
Unary xsimd_generic(F f) {
  return [f](int n, const float* x, float* y) {
    using fb = xsimd::batch<float>;
    int i = 0;
    for (; i + static_cast<int>(fb::size) <= n; i += fb::size) f(fb::load_unaligned(x + i)).store_unaligned(y + i);
    for (; i < n; ++i) y[i] = f(fb(x[i])).get(0);
  };
}
#endif

void bench_activations() {
  using namespace dp::kernels;
  const Unary libm_tanh = [](int n, const float* x, float* y) {
    for (int i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
  };
  const Unary libm_exp = [](int n, const float* x, float* y) {
    for (int i = 0; i < n; ++i) y[i] = std::exp(x[i]);
  };
  const Unary libm_sigmoid = [](int n, const float* x, float* y) {
    for (int i = 0; i < n; ++i) y[i] = 1.0f / (1.0f + std::exp(-x[i]));
  };
#if DP_HAVE_XSIMD
  bench_unary("tanh", "new", f32_vtanh__xsimd);
  bench_unary("tanh", "xsimd 8.1", xsimd_generic([](auto v) { return xsimd::tanh(v); }));
  bench_unary("sigmoid", "new", f32_vsigmoid__xsimd);
  bench_unary("sigmoid", "xsimd 8.1",
              xsimd_generic([](auto v) { return decltype(v)(1.0f) / (decltype(v)(1.0f) + xsimd::exp(-v)); }));
  bench_unary("exp", "new", f32_vexp__xsimd);
  bench_unary("exp", "xsimd 8.1", xsimd_generic([](auto v) { return xsimd::exp(v); }));
  bench_unary("relu", "new", [](int n, const float* x, float* y) { activation_forward(Activation::Relu, n, x, y); });
  bench_unary("relu", "xsimd 8.1", xsimd_generic([](auto v) { return xsimd::max(v, decltype(v)(0.0f)); }));
#endif
  bench_unary("tanh", "scalar", f32_vtanh__scalar);
  bench_unary("tanh", "libm", libm_tanh);
  bench_unary("sigmoid", "scalar", f32_vsigmoid__scalar);
  bench_unary("sigmoid", "libm", libm_sigmoid);
  bench_unary("exp", "scalar", f32_vexp__scalar);
  bench_unary("exp", "libm", libm_exp);
  bench_unary("relu", "scalar",
              [](int n, const float* x, float* y) { f32_activation_forward__scalar(Activation::Relu, n, x, y); });
}

void bench_kernels() {
#if DP_HAVE_XSIMD
  bench_dense("xsimd", dp::kernels::f32_dense_forward__xsimd, dp::kernels::f32_dense_backward_params__xsimd,
              dp::kernels::f32_dense_backward_input__xsimd);
  bench_masks("bernoulli mask", "xsimd", dp::kernels::f32_bernoulli_mask__xsimd);
  bench_masks("bernoulli mask, 16-bit (Monte-Carlo)", "xsimd", dp::kernels::f32_bernoulli_mask16__xsimd);
#endif
  bench_dense("scalar", dp::kernels::f32_dense_forward__scalar, dp::kernels::f32_dense_backward_params__scalar,
              dp::kernels::f32_dense_backward_input__scalar);
  bench_masks("bernoulli mask", "scalar", dp::kernels::f32_bernoulli_mask__scalar);
  bench_masks("bernoulli mask, 16-bit (Monte-Carlo)", "scalar", dp::kernels::f32_bernoulli_mask16__scalar);
  bench_activations();
}

// ---------------------------------------------------------------- training and inference

dp::Activation activation_named(const std::string& s) {
  return s == "tanh" ? dp::Activation::Tanh : dp::Activation::Relu;
}

// The training loop the JS and TF.js benchmarks mirror: 2-16-16-1, batch 32, dropout 0.5
// on both hidden layers, SGD, moons (200 training points).
void bench_training(const std::string& act) {
  dp::Config c;
  c.inputs = 2;
  const dp::Activation a = activation_named(act);
  c.layers = {dp::LayerSpec{16, a, {0.5f, dp::DropoutKind::Bernoulli}},
              dp::LayerSpec{16, a, {0.5f, dp::DropoutKind::Bernoulli}}};
  c.optimizer = dp::OptimizerKind::Sgd;
  c.learning_rate = 0.05f;
  c.batch_size = 32;
  dp::DatasetSpec spec;
  spec.name = "moons";
  spec.points = 400;
  const dp::Dataset d = dp::make_dataset(spec);
  dp::Network net(c);
  net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, d.validation.x.data(), d.validation.y.data(),
               d.validation.count);
  report("training 2-16-16-1 " + act, "C++ loop", measure([&] { net.train(100); }, 100), 1e-3, "k steps/s");
}

// 2-64-64-1 with dropout 0.5 on both hidden layers, over the cell centres of a side x side
// grid on [-6, 6]^2 (as predictGrid builds it).
struct GridProblem {
  dp::Network net;
  std::vector<float> x;
  int n;
  GridProblem(int side, dp::Activation a) : net(config(a)), n(side * side) {
    x.resize(2 * static_cast<size_t>(n));
    for (int j = 0; j < side; ++j)
      for (int i = 0; i < side; ++i) {
        x[2 * (j * side + i)] = -6.0f + 12.0f * (i + 0.5f) / side;
        x[2 * (j * side + i) + 1] = 6.0f - 12.0f * (j + 0.5f) / side;
      }
  }
  static dp::Config config(dp::Activation a) {
    dp::Config c;
    c.inputs = 2;
    c.layers = {dp::LayerSpec{64, a, {0.5f, dp::DropoutKind::Bernoulli}},
                dp::LayerSpec{64, a, {0.5f, dp::DropoutKind::Bernoulli}}};
    return c;
  }
  // Multiply-adds per row: 2*64 + 64*64 + 64*1.
  double flops() const { return 2.0 * n * (2 * 64 + 64 * 64 + 64); }
};

void bench_grid(int side, const std::string& act) {
  GridProblem p(side, activation_named(act));
  std::vector<float> out(p.n);
  const std::string name = "grid " + std::to_string(side) + "x" + std::to_string(side) + " 2-64-64-1 " + act;
  // Reported in passes/s; GFLOP/s = passes/s * flops.
  const Rate r = measure([&] { p.net.predict(p.x.data(), p.n, out.data()); }, 1.0);
  report(name, "C++", r, 1.0, "passes/s");
  report(name, "C++", r, p.flops() * 1e-9, "GFLOP/s");
}

void bench_mc(int side, int passes) {
  GridProblem p(side, dp::Activation::Tanh);
  std::vector<float> mean(p.n), var(p.n);
  const std::string name = "MC " + std::to_string(side) + "x" + std::to_string(side) + " 2-64-64-1 tanh, " +
                           std::to_string(passes) + " passes";
  report(name, "C++", measure([&] { p.net.predict_mc(p.x.data(), p.n, passes, mean.data(), var.data()); }, 1.0), 1.0,
         "calls/s");
}

// A Monte-Carlo pass against a grid pass, measured in pairs: runs of about kRunSeconds
// of each, alternating, after both are warm, so both sides of every ratio see the same
// machine (a neighbour's load shifts separately measured rates by up to 40 % here).
// Reports the median over kPairs pairs of (time per MC pass) / (time per grid pass).
void bench_mc_ratio(int side, int passes) {
  GridProblem p(side, dp::Activation::Tanh);
  std::vector<float> out(p.n), mean(p.n), var(p.n);
  const auto grid = [&] { p.net.predict(p.x.data(), p.n, out.data()); };
  const auto mc = [&] { p.net.predict_mc(p.x.data(), p.n, passes, mean.data(), var.data()); };
  const auto w0 = clock_type::now();
  const Rate g0 = measure(grid, 1.0), m0 = measure(mc, 1.0);  // warm-up and calibration
  const int grid_calls = std::max(1, static_cast<int>(g0.wall * kRunSeconds));
  const int mc_calls = std::max(1, static_cast<int>(m0.wall * kRunSeconds));
  constexpr int kPairs = 9;
  std::vector<double> wall, cpu;
  for (int k = 0; k < kPairs; ++k) {
    const Rate g = timed(grid, 1.0, grid_calls);
    const Rate m = timed(mc, 1.0, mc_calls);
    wall.push_back(g.wall / (m.wall * passes));
    cpu.push_back(g.cpu / (m.cpu * passes));
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  const std::string name = "MC pass / grid pass " + std::to_string(side) + "x" + std::to_string(side) +
                           " 2-64-64-1 tanh, " + std::to_string(passes) + " passes";
  report(name, "C++", Rate{wall[kPairs / 2], cpu[kPairs / 2], static_cast<int>(1000 * seconds_since(w0))}, 1.0, "x");
}

}  // namespace

int main(int argc, char** argv) {
  settle();
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.empty()) a = {"kernels"};
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == "kernels") {
      bench_kernels();
    } else if (a[i] == "training" && i + 1 < a.size()) {
      bench_training(a[++i]);
    } else if (a[i] == "grid" && i + 2 < a.size()) {
      const int side = std::atoi(a[i + 1].c_str());
      bench_grid(side, a[i + 2]);
      i += 2;
    } else if ((a[i] == "mc" || a[i] == "mcratio") && i + 2 < a.size() && std::atoi(a[i + 1].c_str()) > 0 &&
               std::atoi(a[i + 2].c_str()) > 0) {
      const int side = std::atoi(a[i + 1].c_str()), passes = std::atoi(a[i + 2].c_str());
      if (a[i] == "mc")
        bench_mc(side, passes);
      else
        bench_mc_ratio(side, passes);
      i += 2;
    } else {
      std::fprintf(stderr,
                   "usage: dp_bench [kernels | training relu|tanh | grid SIDE relu|tanh | mc SIDE PASSES | mcratio "
                   "SIDE PASSES]... (SIDE, PASSES: whole numbers > 0)\n");
      return 2;
    }
  }
  return 0;
}
