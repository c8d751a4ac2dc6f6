// Measures a preset of "Where dropout applies" through the page's own lab
// (web/families/families-lab.js, the families wasm module): the three networks
// of the preset on each seed (other data, initial weights and minibatches), at
// 500, 1,000 and 2,000 steps. Prints, per set of seeds and length, the mean
// validation and training loss of each network, and in how many seeds each
// network with dropout ends below the one without, and the third below the
// second. Not a test: what docs/CLAIMS.md and the panel may say, nothing more.
//
// Usage: node bench/families-preset.mjs sines|rnn|cnn 1-20 101-120 [--rate 0.25]
import { loadFamilies } from '../tests/js/load-module.mjs';
import { createLab } from '../web/families/families-lab.js';

const args = process.argv.slice(2);
const family = args[0];
const rateAt = args.indexOf('--rate');
const rate = rateAt > 0 ? Number(args[rateAt + 1]) : undefined;
const ranges = args.slice(1).filter((a, i, all) => /^\d+-\d+$/.test(a) && all[i - 1] !== '--rate');
if (!family || ranges.length === 0) {
  console.error('usage: node bench/families-preset.mjs sines|rnn|cnn 1-20 [101-120 ...] [--rate r]');
  process.exit(2);
}
const LENGTHS = [500, 1000, 2000];
const dp = await loadFamilies();

for (const range of ranges) {
  const [first, last] = range.split('-').map(Number);
  const runs = [];
  for (let seed = first; seed <= last; seed++) {
    const lab = createLab(dp, family, { seed, ...(rate !== undefined && { rate }) });
    const run = {};
    for (const at of LENGTHS) run[at] = lab.train(at - lab.step);
    lab.destroy();
    runs.push(run);
  }
  const names = createLab(dp, family).variants.map((v) => v.key);
  console.log(`\n${family}, seeds ${range}, rate ${rate ?? 'of the preset'}: ${names.join(' / ')}`);
  for (const at of LENGTHS) {
    const mean = (key, i) => (runs.reduce((s, r) => s + r[at][i][key], 0) / runs.length).toFixed(4);
    const below = (i, j) => runs.filter((r) => r[at][i].validationLoss < r[at][j].validationLoss).length;
    console.log(
      `  ${at} steps: validation ${names.map((_, i) => mean('validationLoss', i)).join(' / ')}; ` +
        `training ${names.map((_, i) => mean('trainLoss', i)).join(' / ')}; ` +
        `${names[1]} < ${names[0]} in ${below(1, 0)}, ${names[2]} < ${names[0]} in ${below(2, 0)}, ` +
        `${names[2]} < ${names[1]} in ${below(2, 1)} of ${runs.length}`,
    );
  }
}
