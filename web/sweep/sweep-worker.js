// A worker of the rate sweep: trains the jobs it is sent, one at a time.
// In:  { type: 'engine', module }        optional, first: the compiled wasm (a
//                                        WebAssembly.Module compiled once by the page)
//      { type: 'job', dataset, job }     dataset: a makeDataset spec (the same for a whole sweep)
// Out: { type: 'fatal', message }        the engine could not load
//      { type: 'progress', index, steps }  steps of the job done so far
//      { type: 'result', result }           see runJob()
//      { type: 'error', index, message }    the engine refused the job's settings

import createDropoutModule from '../../wasm/dropout_core.mjs';
import { runJob } from './sweep-job.js';

let dp = null;
let loading = null;
let datasetKey = '';
let dataset = null;

/** Loads the engine: from the page's compiled module if it sent one, else by itself. */
function load(module) {
  loading ??= createDropoutModule({
    locateFile: (file) => new URL(`../../wasm/${file}`, import.meta.url).href,
    ...(module && {
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module));
        return {};
      },
    }),
  }).then(
    (m) => {
      dp = m;
    },
    (err) => self.postMessage({ type: 'fatal', message: `Could not load the network engine: ${err?.message ?? err}` }),
  );
  return loading;
}

function handle({ dataset: spec, job }) {
  const key = JSON.stringify(spec);
  if (key !== datasetKey) {
    dataset = dp.makeDataset(spec);
    datasetKey = key;
  }
  const result = runJob(dp, dataset, job, (steps) => self.postMessage({ type: 'progress', index: job.index, steps }));
  self.postMessage({ type: 'result', result });
}

let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (data.type === 'engine') {
    load(data.module);
    return;
  }
  queue = queue
    .then(() => load(null))
    .then(() => {
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
