// Measures what the "lesson's Keras example" preset can claim: the lesson's
// model, Dense(128, relu) → Dropout(0.5) → Dense(64, relu) → Dropout(0.3) →
// Dense(1), trained as twin A against the same model without dropout (twin B)
// on the 20-feature tabular20 dataset, over data × network seeds and a small
// grid of settings. Prints one line per (setting, length): how often A wins
// (lower validation loss, clearly, and at least B's accuracy), both twins'
// mean validation loss and accuracy, and the share of the network's reliance
// on its inputs (web/features.js: the rise of the validation loss when one
// feature is blanked) that falls on the 4 informative features.
//
//   node bench/keras-example.mjs [--seeds 1-20] [--points 100,200] [--noise 0.3]
//       [--lr 0.001,0.003] [--batch 32] [--lengths 200,500,1000] [--reliance-set train]
//       [--net-seeds 1,2] [--json FILE]
import fs from 'node:fs';
import { loadModule } from '../tests/js/load-module.mjs';
import { clearlyBelow } from './claims-core.mjs';
import { featureReliance, informativeShare } from '../web/features.js';

const args = process.argv.slice(2);
const option = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const list = (name, def) => option(name, def).split(',').map(Number);
const [s0, s1] = option('--seeds', '1-20').split('-').map(Number);
const SEEDS = Array.from({ length: s1 - s0 + 1 }, (_, i) => s0 + i);
const POINTS = list('--points', '200');
const NOISE = list('--noise', '0.3');
const LRS = list('--lr', '0.001');
const BATCH = list('--batch', '32');
const LENGTHS = list('--lengths', '200,500,1000,2000');
const NET_SEEDS = list('--net-seeds', '1');
const RELIANCE_SET = option('--reliance-set', 'validation'); // or 'train'
const RATES = { A: [0, 0.5, 0.3], B: [0, 0, 0] };

const dp = await loadModule();

function config(data, rates, s, seed) {
  return {
    inputs: data.inputs,
    task: data.task,
    layers: [128, 64].map((units, i) => ({ units, activation: 'relu', rate: rates[i + 1], kind: 'bernoulli' })),
    inputDropout: { rate: rates[0], kind: 'bernoulli' },
    dropoutMode: 'inverted',
    maskPer: 'example',
    optimizer: 'adam',
    learningRate: s.lr,
    batchSize: s.batch,
    seed,
  };
}

function run(s, dataSeed, netSeed) {
  const data = dp.makeDataset({ name: 'tabular20', points: s.points, noise: s.noise, validation: 0.5, seed: dataSeed });
  const nets = [RATES.A, RATES.B].map((r) => {
    const net = new dp.Network(config(data, r, s, netSeed));
    net.setData(data);
    return net;
  });
  const out = [];
  let done = 0;
  for (const len of LENGTHS) {
    const rec = nets.map((net) => {
      net.train(len - done);
      const e = net.evaluate();
      const { rise } = featureReliance((x) => net.predict(x), data[RELIANCE_SET], data.inputs);
      const informative = informativeShare(rise);
      // Confidently wrong: validation rows given under 1 % for their own class.
      const p = net.predict(data.validation.x);
      let wrong = 0;
      for (let i = 0; i < p.length; i++) if ((data.validation.y[i] > 0.5 ? p[i] : 1 - p[i]) < 0.01) wrong++;
      return { val: e.validation.loss, acc: e.validation.accuracy, train: e.train.loss, informative, wrong };
    });
    done = len;
    out.push({ len, A: rec[0], B: rec[1] });
  }
  nets.forEach((n) => n.delete());
  return out;
}

const results = [];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const points of POINTS)
  for (const noise of NOISE)
    for (const lr of LRS)
      for (const batch of BATCH) {
        const s = { points, noise, lr, batch };
        const runs = SEEDS.flatMap((d) => NET_SEEDS.map((n) => run(s, d, n)));
        LENGTHS.forEach((len, i) => {
          const at = runs.map((r) => r[i]);
          const wins = at.filter((r) => clearlyBelow(r.A.val, r.B.val) && r.A.acc >= r.B.acc).length;
          const lossWins = at.filter((r) => r.A.val < r.B.val).length;
          const accWins = at.filter((r) => r.A.acc > r.B.acc).length;
          const row = {
            ...s,
            len,
            n: at.length,
            wins,
            lossWins,
            accWins,
            valA: mean(at.map((r) => r.A.val)),
            valB: mean(at.map((r) => r.B.val)),
            accA: mean(at.map((r) => r.A.acc)),
            accB: mean(at.map((r) => r.B.acc)),
            trainA: mean(at.map((r) => r.A.train)),
            trainB: mean(at.map((r) => r.B.train)),
            infA: mean(at.map((r) => r.A.informative)),
            infB: mean(at.map((r) => r.B.informative)),
            infWins: at.filter((r) => r.A.informative > r.B.informative).length,
            wrongA: mean(at.map((r) => r.A.wrong)),
            wrongB: mean(at.map((r) => r.B.wrong)),
            wrongWins: at.filter((r) => r.B.wrong > r.A.wrong).length,
          };
          results.push(row);
          const f = (v) => v.toFixed(3);
          console.log(
            `n${points} noise${noise} lr${lr} b${batch} len${len}: wins ${wins}/${at.length} (loss ${lossWins}, acc ${accWins}) ` +
              `val ${f(row.valA)}/${f(row.valB)} acc ${f(row.accA)}/${f(row.accB)} train ${f(row.trainA)}/${f(row.trainB)} ` +
              `informative share ${f(row.infA)}/${f(row.infB)} (A higher ${row.infWins}) ` +
              `confidently wrong ${row.wrongA.toFixed(1)}/${row.wrongB.toFixed(1)} (B more ${row.wrongWins})`,
          );
        });
      }
if (option('--json', null)) fs.writeFileSync(option('--json'), JSON.stringify(results, null, 1));
