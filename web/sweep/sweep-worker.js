// A worker of the rate sweep: trains the jobs it is sent, one at a time.
// In:  { type: 'job', dataset, job }     dataset: a makeDataset spec (the same for a whole sweep)
// Out: { type: 'ready' } | { type: 'fatal', message }
//      { type: 'progress', index, steps }  steps of the job done so far
//      { type: 'result', result }           see runJob()
//      { type: 'error', index, message }    the engine refused the job's settings

import createDropoutModule from '../../wasm/dropout_core.mjs';
import { runJob } from './sweep-job.js';

const modulePromise = createDropoutModule({
  locateFile: (file) => new URL(`../../wasm/${file}`, import.meta.url).href,
});

let dp = null;
let datasetKey = '';
let dataset = null;

function handle({ dataset: spec, job }) {
  const key = JSON.stringify(spec);
  if (key !== datasetKey) {
    dataset = dp.makeDataset(spec);
    datasetKey = key;
  }
  const result = runJob(dp, dataset, job, (steps) => self.postMessage({ type: 'progress', index: job.index, steps }));
  self.postMessage({ type: 'result', result });
}

let queue = modulePromise.then(
  (module) => {
    dp = module;
    self.postMessage({ type: 'ready' });
  },
  (err) => self.postMessage({ type: 'fatal', message: `Could not load the network engine: ${err?.message ?? err}` }),
);

self.onmessage = ({ data }) => {
  queue = queue.then(() => {
    if (!dp) return;
    try {
      handle(data);
    } catch (err) {
      self.postMessage({
        type: 'error',
        index: data.job?.index,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  });
};
