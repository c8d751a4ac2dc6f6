// How the C++ benchmarks measure (bench_core.cpp, bench_families.cpp): warm up until
// the rate stops rising (V8 compiles wasm in a baseline tier first and swaps in
// optimised code only for new calls), then 5 timed runs of about kRunSeconds; the
// median run is reported as work per second of wall time and per second of this
// process's CPU time (user + system), as one JSON line that bench/*.mjs collect.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
// bench/cpu_time.js: process.cpuUsage() of the node process running this module.
extern "C" double dp_bench_cpu_seconds();
#else
#include <time.h>
inline double dp_bench_cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}
#endif

namespace dp::bench {

using clock_type = std::chrono::steady_clock;
inline constexpr double kRunSeconds = 0.05;
inline constexpr int kRuns = 5;

inline double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

struct Rate {
  double wall = 0, cpu = 0;  // work per second
  int warmup_ms = 0;
};

// Calls f (which does `work` units) for about `seconds`; returns the wall and CPU rates.
inline Rate timed(const std::function<void()>& f, double work, int calls) {
  const double c0 = dp_bench_cpu_seconds();
  const auto t0 = clock_type::now();
  for (int i = 0; i < calls; ++i) f();
  const double wall = seconds_since(t0), cpu = dp_bench_cpu_seconds() - c0;
  return {calls * work / wall, calls * work / std::max(cpu, 1e-9)};
}

inline Rate measure(const std::function<void()>& f, double work) {
  // Calibrate the calls per run, after a first call (V8 compiles a wasm function lazily,
  // on its first call).
  f();
  auto t0 = clock_type::now();
  int calls = 0;
  while (seconds_since(t0) < 0.02) f(), ++calls;
  const int per_run = std::max(1, static_cast<int>(calls * kRunSeconds / seconds_since(t0)));
  // Warm up until a run is no more than 2% faster than the best before it (at least 3
  // runs, at most 3 s): V8's optimising tier takes over after a while. The rate is the
  // lower of wall and CPU time, so that V8 compiling on another thread (which counts
  // in this process's CPU time) also keeps the warm-up going.
  double best = 0;
  const auto w0 = clock_type::now();
  for (int k = 0;; ++k) {
    const Rate t = timed(f, work, std::max(1, per_run / 2));
    const double r = std::min(t.wall, t.cpu);
    const bool rising = r > best * 1.02;
    best = std::max(best, r);
    if ((k >= 2 && !rising) || seconds_since(w0) > 3.0) break;
  }
  std::vector<Rate> runs;
  for (int r = 0; r < kRuns; ++r) runs.push_back(timed(f, work, per_run));
  std::vector<double> wall, cpu;
  for (const Rate& r : runs) wall.push_back(r.wall), cpu.push_back(r.cpu);
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[kRuns / 2], cpu[kRuns / 2], static_cast<int>(1000 * seconds_since(w0))};
}

inline const char* const kVariant =
#ifdef __EMSCRIPTEN__
#if DP_HAVE_XSIMD
    "wasm SIMD128";
#else
    "wasm scalar";
#endif
#else
    "native SSE4.2";
#endif

inline void report(const std::string& name, const std::string& kernel, const Rate& r, double scale, const char* unit) {
  std::printf(
      "{\"name\":\"%s\",\"kernel\":\"%s\",\"build\":\"%s\",\"value\":%.6g,\"cpu\":%.6g,\"unit\":\"%s\","
      "\"warmupMs\":%d}\n",
      name.c_str(), kernel.c_str(), kVariant, r.wall * scale, r.cpu * scale, unit, r.warmup_ms);
  std::fflush(stdout);
}

// Waits (busy, in 50 ms slices, at most 5 s) until this process uses no more CPU time than
// wall time: under node, V8 compiles the module on background threads after it starts,
// and a measurement taken meanwhile shares the machine with that compiler.
inline void settle() {
  for (int k = 0; k < 100; ++k) {
    const double c0 = dp_bench_cpu_seconds();
    const auto t0 = clock_type::now();
    volatile double sink = 0;
    while (seconds_since(t0) < 0.05) sink = sink + 1.0;
    if (dp_bench_cpu_seconds() - c0 < 1.1 * seconds_since(t0)) return;
  }
}

}  // namespace dp::bench
