// Where the engine's files are, as URLs built from this module's own URL. It
// lives at the root of web/ on purpose: scripts/bundle.mjs puts the page's code
// into web/main.js, at this same depth, so these URLs are right bundled or not.
// (A module in a sub-folder that wrote new URL('../../wasm/…', import.meta.url)
// would point outside the site once bundled into web/main.js.)

/** The rate sweep's worker. */
export const SWEEP_WORKER_URL = new URL('./sweep/sweep-worker.js', import.meta.url);
/** The worker of "Where dropout applies" (the CNN and RNN networks, their own wasm module). */
export const FAMILIES_WORKER_URL = new URL('./families/families-worker.js', import.meta.url);
/** The engine's WebAssembly, compiled once by the page for the sweep's workers. */
export const ENGINE_WASM_URL = new URL('../wasm/dropout_core.wasm', import.meta.url);
