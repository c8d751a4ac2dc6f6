// Uses the core's API and the element as docs/API.md and docs/EMBEDDING.md
// show them: tsc must accept it (tests/js/types.test.mjs).
import createDropoutModule, { type Snapshot } from '../../types/dropout-core';
import type { DropoutPlayground } from '../../types/embed';

export async function core(): Promise<number> {
  const dp = await createDropoutModule({ locateFile: (f) => `/wasm/${f}` });
  const data = dp.makeDataset({ name: 'moons', points: 120, noise: 0.35, validation: 0.5, seed: 3 });
  const net = new dp.Network({
    inputs: data.inputs,
    task: data.task,
    layers: [
      { units: 64, activation: 'relu', rate: 0.5 },
      { units: 64, activation: 'relu', rate: 0.5 },
    ],
    seed: 1,
  });
  net.setData(data);
  const r = net.train(100);
  const e = net.evaluate();
  const grid = net.predictGrid({ width: 100, height: 100, ...data.box, thinned: true, thinnedSeed: 7 });
  const { mean, variance } = net.predictMC(data.validation.x, 32);
  const masks = net.thinnedMasks(7);
  const probe = net.unitAblation('validation');
  net.setSilenced([{ layer: 1, unit: 3 }]);
  const saved: Snapshot = net.snapshot();
  const again = dp.Network.restore(saved);
  again.update({ learningRate: 0.003, rates: [0, 0.3, 0.3] });
  again.delete();
  net.delete();
  return r.loss + e.train.loss + grid[0] + mean[0] + variance[0] + masks.length + (probe?.baseline ?? 0);
}

export function embed(): void {
  const pg = document.querySelector('dropout-playground') as DropoutPlayground;
  pg.addEventListener('progress', (e) => console.log(e.detail.epoch, e.detail.twins[0].validationLoss));
  pg.addEventListener('lesson-complete', (e) => console.log(e.detail.lesson, e.detail.text));
  pg.addEventListener('error', (e) => console.warn(e.detail.message));
  pg.play();
  pg.step(10);
  pg.load('dataset=moons');
  pg.lesson = 4;
}
