// One network of the rate sweep: built from a job of sweepPlan(), trained for
// job.steps on the dataset, evaluated at inference. The same function runs in
// the sweep's workers and in node's tests.

import { networkConfig } from '../worker-twin.js';

const PIECE = 250; // steps per train() call, with progress between them

/**
 * dp: the wasm module; dataset: dp.makeDataset(plan.dataset); onProgress(steps done).
 * Returns { index, rate, seedIndex, steps, train, validation, diverged }.
 */
export function runJob(dp, dataset, job, onProgress = () => {}) {
  const net = new dp.Network(networkConfig(dataset, job.spec));
  try {
    net.setData(dataset);
    let done = 0;
    let diverged = false;
    while (done < job.steps && !diverged) {
      const n = Math.min(PIECE, job.steps - done);
      diverged = net.train(n).diverged;
      done += n;
      onProgress(done);
    }
    const e = net.evaluate();
    const set = (m) => (m ? { loss: m.loss, accuracy: m.accuracy } : null);
    return {
      index: job.index,
      rate: job.rate,
      seedIndex: job.seedIndex,
      steps: job.steps,
      train: set(e.train),
      validation: set(e.validation),
      diverged: diverged || e.diverged,
    };
  } finally {
    net.delete();
  }
}
