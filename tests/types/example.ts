// Uses the core's API and the element as docs/API.md and docs/EMBEDDING.md
// show them: tsc must accept it (tests/js/types.test.mjs).
import createDropoutModule, { type Snapshot } from '../../types/dropout-core';
import type { DropoutPlayground } from '../../types/embed';
import createFamiliesModule from '../../types/dropout-families';

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

export async function families(): Promise<number> {
  const dp = await createFamiliesModule({ locateFile: (f) => `/wasm/${f}` });
  const glyphs = dp.makeGlyphs({ classes: 4, train: 40, noise: 0.1, seed: 1 });
  const cnn = new dp.ConvNetwork({ classes: 4, filters: 8, convDropout: { rate: 0.2, kind: 'spatial' }, rate: 0.5 });
  cnn.setData(glyphs);
  cnn.train(100);
  const maps = cnn.masks(0).featureMaps;
  cnn.update({ convDropout: { kind: 'elementwise' } });
  const seqs = dp.makeSequences({ name: 'pattern', sequences: 64, steps: 32, seed: 1 });
  const rnn = new dp.RecurrentNetwork({
    cell: 'lstm',
    units: 16,
    dropout: { kind: 'variational', recurrentRate: 0.25 },
  });
  rnn.setData(seqs);
  rnn.train(100);
  const strip = rnn.masks(0).recurrent;
  const p = rnn.predict(seqs.validation.x, seqs.steps);
  const acc = rnn.evaluate().validation?.accuracy ?? 0;
  cnn.delete();
  rnn.delete();
  return maps[0] + (strip ? strip[0] : 1) + p[0] + acc;
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
