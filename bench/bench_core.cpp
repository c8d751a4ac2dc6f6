// Kernel and training benchmarks. Prints one JSON object per line, so
// bench/run.mjs can put native, wasm SIMD and wasm scalar builds side by side.
// Method: each measurement is warmed up (V8 tiers wasm up per call, so the hot
// kernel is a small function called many times), then timed in 7 runs of
// ~60 ms; the median is reported.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "kernels/dense.hpp"
#include "kernels/mask.hpp"
#include "kernels/rng.hpp"
#include "nn/network.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Median over 7 runs of the rate (work units per second) of calling f, which does `work` units per call.
double measure(const std::function<void()>& f, double work) {
  auto t0 = clock_type::now();
  int calls = 0;
  while (seconds_since(t0) < 0.05) f(), ++calls;  // warm-up, and calibrate the calls per run
  const int per_run = std::max(1, calls * 60 / 50);
  std::vector<double> rates;
  for (int r = 0; r < 7; ++r) {
    t0 = clock_type::now();
    for (int i = 0; i < per_run; ++i) f();
    rates.push_back(per_run * work / seconds_since(t0));
  }
  std::sort(rates.begin(), rates.end());
  return rates[3];
}

void report(const std::string& name, const char* variant, double value, const char* unit) {
  std::printf("{\"name\":\"%s\",\"variant\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"}\n", name.c_str(), variant, value,
              unit);
  std::fflush(stdout);
}

std::vector<float> filled(size_t n, uint64_t seed) {
  std::vector<float> v(n);
  const uint64_t key = dp::stream_key(seed, 42);
  for (size_t i = 0; i < n; ++i) v[i] = dp::uniform01(key, static_cast<uint32_t>(i)) - 0.5f;
  return v;
}

template <class Fwd, class Params, class Input>
void bench_dense(const char* variant, Fwd fwd, Params params, Input input) {
  for (int width : {8, 16, 64, 256})
    for (int batch : {32, 256}) {
      const auto x = filled(batch * width, 1), k = filled(width * width, 2), b = filled(width, 3),
                 dy = filled(batch * width, 4);
      std::vector<float> y(batch * width), dk(width * width), db(width), dx(batch * width);
      const double flops = 2.0 * batch * width * width;
      const std::string shape = "w" + std::to_string(width) + " b" + std::to_string(batch);
      report("dense forward " + shape, variant,
             measure([&] { fwd(batch, width, width, x.data(), k.data(), b.data(), y.data()); }, flops) / 1e9,
             "GFLOP/s");
      report("dense backward " + shape, variant,
             measure(
                 [&] {
                   params(batch, width, width, x.data(), dy.data(), dk.data(), db.data());
                   input(batch, width, width, dy.data(), k.data(), dx.data());
                 },
                 2 * flops) /
                 1e9,
             "GFLOP/s");
    }
}

void bench_masks(const char* variant, void (*mask)(uint64_t, uint32_t, int, float, float, float*)) {
  const int n = 4096;
  std::vector<float> out(n);
  uint32_t counter = 0;
  report("bernoulli mask", variant,
         measure(
             [&] {
               mask(0x1234, counter, n, 0.5f, 2.0f, out.data());
               counter += n;
             },
             n) /
             1e6,
         "M masks/s");
}

// The training loop the JS benchmark mirrors: 2-16-16-1, batch 32, dropout 0.5 on both hidden layers, SGD.
void bench_training() {
  dp::Config c;
  c.inputs = 2;
  c.layers = {dp::LayerSpec{16, dp::Activation::Relu, {0.5f, dp::DropoutKind::Bernoulli}},
              dp::LayerSpec{16, dp::Activation::Relu, {0.5f, dp::DropoutKind::Bernoulli}}};
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
  report("training 2-16-16-1 b32 dropout 0.5", "loop", measure([&] { net.train(100); }, 100) / 1e3, "k steps/s");
}

}  // namespace

// `dp_bench training` runs only the training loop (bench/run.mjs alternates it with the JS loop).
int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "training") {
    bench_training();
    return 0;
  }
#if DP_HAVE_XSIMD
  bench_dense("xsimd", dp::kernels::f32_dense_forward__xsimd, dp::kernels::f32_dense_backward_params__xsimd,
              dp::kernels::f32_dense_backward_input__xsimd);
  bench_masks("xsimd", dp::kernels::f32_bernoulli_mask__xsimd);
#endif
  bench_dense("scalar", dp::kernels::f32_dense_forward__scalar, dp::kernels::f32_dense_backward_params__scalar,
              dp::kernels::f32_dense_backward_input__scalar);
  bench_masks("scalar", dp::kernels::f32_bernoulli_mask__scalar);
  bench_training();
  return 0;
}
