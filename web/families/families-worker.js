// The worker of "Where dropout applies": loads the families module
// (wasm/dropout_families.*, only when a learner opens the panel) and runs a lab
// (families-lab.js) of three networks.
// In:  { type: 'start', family, rate }   new networks (the old ones are freed)
//      { type: 'train', steps }          that many steps of each network
//      { type: 'rate', rate }            a new dropout rate, live
//      { type: 'mc' }                    the CNNs' averages of thinned networks
// Out: { type: 'frame', frame, history } after start and after each train
//      { type: 'mc', step, results }     per network { loss, accuracy } or null
//      { type: 'error', message }        a refused request; the lab is as it was
//      { type: 'fatal', message }        the engine could not load

import createFamiliesModule from '../../wasm/dropout_families.mjs';
import { createLab } from './families-lab.js';

let lab = null;
const engine = createFamiliesModule({
  locateFile: (file) => new URL(`../../wasm/${file}`, import.meta.url).href,
});
engine.catch((err) =>
  self.postMessage({ type: 'fatal', message: `Could not load the network engine: ${err?.message ?? err}` }),
);

function send() {
  self.postMessage({ type: 'frame', frame: lab.frame(), history: lab.history() });
}

self.onmessage = async ({ data }) => {
  const dp = await engine;
  try {
    if (data.type === 'start') {
      const next = createLab(dp, data.family, { rate: data.rate });
      lab?.destroy();
      lab = next;
      send();
    } else if (data.type === 'train' && lab) {
      lab.train(data.steps);
      send();
    } else if (data.type === 'mc' && lab) {
      self.postMessage({ type: 'mc', step: lab.step, results: lab.mc(lab.preset.mcPasses ?? 32) });
    } else if (data.type === 'rate' && lab) {
      lab.setRate(data.rate);
      self.postMessage({ type: 'rate', rate: lab.rate });
    }
  } catch (err) {
    self.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
