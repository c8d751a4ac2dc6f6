// Emscripten JS library for build-wasm*/dp_bench.js (linked with --js-library): the CPU
// time (user + system) of the node process that runs the benchmark, in seconds.
mergeInto(LibraryManager.library, {
  dp_bench_cpu_seconds: function () {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  },
});
