// Trains a sweep's jobs in parallel Web Workers (./sweep-worker.js), never on
// the main thread: each worker takes the next job when it is free, so the
// order results arrive in depends on the machine, but each result does not
// (see sweep-plan.js). cancel() stops every busy worker at once.
//
// The wasm is compiled once by the page and handed to each worker (a
// WebAssembly.Module can be posted), and finished workers wait in a pool for
// the next sweep: only the first sweep pays for starting them.
//
//   const run = runSweep(plan, { onResult, onProgress });
//   const results = await run.done;   // by job index; rejects with an Error if the engine refuses
//   run.cancel();                     // done rejects with { cancelled: true }

import { ENGINE_WASM_URL, SWEEP_WORKER_URL } from '../engine-urls.js';

export const MAX_WORKERS = 4;

/** One worker per core, at most MAX_WORKERS, never more than there are jobs. */
export function defaultWorkers(jobs) {
  const cores = globalThis.navigator?.hardwareConcurrency || 2;
  return Math.max(1, Math.min(cores, MAX_WORKERS, jobs));
}

let compiled = null;
/** The engine's wasm, compiled once (null if this browser cannot: each worker then loads its own). */
function compiledEngine() {
  compiled ??= WebAssembly.compileStreaming(fetch(ENGINE_WASM_URL)).catch(() => null);
  return compiled;
}

const idle = []; // workers that finished a sweep, ready for the next

async function newWorker() {
  const w = new Worker(SWEEP_WORKER_URL, { type: 'module' });
  const module = await compiledEngine();
  if (module) w.postMessage({ type: 'engine', module });
  return w;
}

export function runSweep(plan, { workers, onResult = () => {}, onProgress = () => {} } = {}) {
  const count = Math.max(1, Math.min(workers ?? defaultWorkers(plan.jobs.length), plan.jobs.length));
  const results = new Array(plan.jobs.length).fill(null);
  const stepsDone = new Array(plan.jobs.length).fill(0);
  const totalSteps = plan.jobs.reduce((sum, j) => sum + j.steps, 0);
  const pool = [];
  let next = 0;
  let finished = 0;
  let settled = false;
  let resolve;
  let reject;
  const done = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });

  /** Busy workers are stopped (cancel, failure); on success they wait in the pool. */
  const stopAll = () => {
    for (const w of pool) w.terminate();
    pool.length = 0;
  };
  const release = () => {
    for (const w of pool) {
      w.onmessage = null;
      w.onerror = null;
      idle.push(w);
    }
    pool.length = 0;
  };
  const fail = (err) => {
    if (settled) return;
    settled = true;
    stopAll();
    reject(err);
  };
  const progress = () =>
    onProgress({
      jobs: finished,
      totalJobs: plan.jobs.length,
      fraction: stepsDone.reduce((a, b) => a + b, 0) / totalSteps,
    });
  const give = (w) => {
    if (next >= plan.jobs.length) return;
    w.postMessage({ type: 'job', dataset: plan.dataset, job: plan.jobs[next++] });
  };

  function attach(w) {
    pool.push(w);
    w.onmessage = ({ data: msg }) => {
      if (settled) return;
      if (msg.type === 'progress') {
        stepsDone[msg.index] = msg.steps;
        progress();
      } else if (msg.type === 'result') {
        const r = msg.result;
        results[r.index] = r;
        stepsDone[r.index] = r.steps;
        finished += 1;
        onResult(r, results);
        progress();
        if (finished === plan.jobs.length) {
          settled = true;
          release();
          resolve(results);
        } else give(w);
      } else if (msg.type === 'error' || msg.type === 'fatal') {
        fail(new Error(msg.message));
      }
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      fail(new Error(`A sweep worker could not run: ${e.message || 'it failed to start'}`));
    };
    give(w);
  }

  (async () => {
    for (let i = 0; i < count && !settled; i++) {
      const w = idle.pop() ?? (await newWorker());
      if (settled)
        idle.push(w); // cancelled while it started: keep it for the next sweep
      else attach(w);
    }
  })().catch(fail);
  progress();

  return {
    done,
    workers: count,
    cancel() {
      if (settled) return;
      settled = true;
      stopAll();
      reject(Object.assign(new Error('The sweep was cancelled.'), { cancelled: true }));
    },
  };
}
