// The RecurrentNetwork API (docs/API.md): an LSTM or tanh RNN on the seeded
// sequences, with recurrent dropout three ways. What the page shows must hold
// here: variational masks (Gal & Ghahramani) are one per sequence, constant
// over time; naive masks are fresh at every time step; non-recurrent dropout
// never touches the recurrent state; every site drops at its rate (bounds are
// 4 standard deviations of the binomial count); none at inference.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies } from './load-module.mjs';
import { assertBinomial } from './stats.mjs';

const dp = await loadFamilies();
const pattern = dp.makeSequences({ name: 'pattern', sequences: 64, steps: 32, noise: 0.2, seed: 1 });
const sines = dp.makeSequences({ name: 'sines', sequences: 64, steps: 32, noise: 0.2, seed: 1 });
const UNITS = 16;

function withNet(config, data, fn) {
  const net = new dp.RecurrentNetwork({ cell: 'lstm', units: UNITS, learningRate: 0.01, seed: 5, ...config });
  try {
    net.setData(data);
    return fn(net);
  } finally {
    net.delete();
  }
}

/** Every example's recurrent mask of `steps` training steps, each (units, T). */
function recurrentMasks(net, steps, site = 'recurrent') {
  const out = [];
  for (let s = 0; s < steps; s++) {
    net.train(1);
    const first = net.masks(0);
    for (let e = 0; e < first.examples; e++) out.push((e === 0 ? first : net.masks(e))[site]);
  }
  return out;
}

const row = (mask, unit, T) => mask.subarray(unit * T, (unit + 1) * T);

describe('makeSequences', () => {
  test('seeded: the same spec gives the same sequences; shapes per task', () => {
    const again = dp.makeSequences({ name: 'pattern', sequences: 64, steps: 32, noise: 0.2, seed: 1 });
    assert.deepEqual(again.train.x, pattern.train.x);
    assert.equal(pattern.steps, 32);
    assert.equal(pattern.manyToMany, false);
    assert.equal(pattern.train.y.length, pattern.train.count);
    assert.equal(sines.manyToMany, true);
    assert.equal(sines.train.y.length, sines.train.count * 32);
    assert.equal(pattern.train.count + pattern.validation.count, 64);
  });
});

describe('RecurrentNetwork', () => {
  test('variational masks: one per sequence, constant over time, at the rate, independent across sequences', () => {
    const rate = 0.25;
    withNet({ dropout: { kind: 'variational', inputRate: rate, recurrentRate: rate } }, pattern, (net) => {
      const masks = recurrentMasks(net, 4);
      const T = 32;
      let dropped = 0;
      for (const m of masks) {
        assert.equal(m.length, UNITS * T);
        for (let u = 0; u < UNITS; u++) {
          const r = row(m, u, T);
          assert.ok(
            r.every((v) => v === r[0]),
            'a variational mask is the same at every time step',
          );
          assert.ok(r[0] === 0 || r[0] === Math.fround(1 / (1 - rate)), `factor ${r[0]}`);
          dropped += r[0] === 0 ? 1 : 0;
        }
      }
      assertBinomial(dropped, masks.length * UNITS, rate, 'dropped units');
      let both = 0;
      let pairs = 0;
      for (let i = 0; i + 1 < masks.length; i += 2)
        for (let u = 0; u < UNITS; u++) {
          both += masks[i][u * T] === 0 && masks[i + 1][u * T] === 0 ? 1 : 0;
          pairs += 1;
        }
      assertBinomial(both, pairs, rate * rate, 'sequence pairs both dropping a unit');
    });
  });

  test('naive masks: fresh at every time step, at the rate, independent over time', () => {
    const rate = 0.25;
    withNet({ dropout: { kind: 'naive', inputRate: rate, recurrentRate: rate } }, pattern, (net) => {
      const masks = recurrentMasks(net, 2);
      const T = 32;
      let dropped = 0;
      let both = 0;
      let pairs = 0;
      let changing = 0;
      for (const m of masks)
        for (let u = 0; u < UNITS; u++) {
          const r = row(m, u, T);
          if (!r.every((v) => v === r[0])) changing += 1;
          for (let t = 0; t < T; t++) dropped += r[t] === 0 ? 1 : 0;
          for (let t = 0; t + 1 < T; t += 2) {
            both += r[t] === 0 && r[t + 1] === 0 ? 1 : 0;
            pairs += 1;
          }
        }
      assertBinomial(dropped, masks.length * UNITS * T, rate, 'dropped unit-steps');
      assertBinomial(both, pairs, rate * rate, 'consecutive steps both dropped');
      // A unit keeps one value over 32 steps with probability 0.75^32 + 0.25^32 (1e-4).
      assert.ok(changing >= masks.length * UNITS - 2, `${changing} of ${masks.length * UNITS} units change over time`);
    });
  });

  test('non-recurrent dropout drops inputs and outputs, never the recurrent state', () => {
    withNet({ dropout: { kind: 'non-recurrent', inputRate: 0.3, outputRate: 0.3 } }, pattern, (net) => {
      net.train(1);
      const m = net.masks(0);
      assert.equal(m.kind, 'non-recurrent');
      assert.equal(m.recurrent, null);
      assert.equal(m.input.length, 32);
      assert.ok(m.input.some((v) => v === 0) && m.input.some((v) => v > 0), 'the input mask varies over time');
      assert.equal(m.output.length, UNITS * 32);
    });
  });

  test('no dropout: no masks; a fresh mask every training step otherwise', () => {
    withNet({}, pattern, (net) => {
      net.train(1);
      const m = net.masks(0);
      assert.equal(m.input, null);
      assert.equal(m.recurrent, null);
    });
    withNet({ dropout: { kind: 'variational', recurrentRate: 0.5 } }, pattern, (net) => {
      net.train(1);
      const a = net.masks(0).recurrent;
      net.train(1);
      assert.notDeepEqual(net.masks(0).recurrent, a);
    });
  });

  test('it learns the pattern task and the sines; inference draws no mask', () => {
    withNet({ dropout: { kind: 'variational', inputRate: 0.1, recurrentRate: 0.1 } }, pattern, (net) => {
      net.train(300);
      const e = net.evaluate();
      // chance is 1/2 over 32 sequences: 0.5 + 4 sqrt(0.25 / 32) = 0.85
      assert.ok(e.validation.accuracy > 0.85, `validation accuracy ${e.validation.accuracy}`);
      const p = net.predict(pattern.validation.x, 32);
      assert.equal(p.length, pattern.validation.count);
      assert.ok(p.every((v) => v >= 0 && v <= 1));
      assert.deepEqual(net.predict(pattern.validation.x, 32), p);
    });
    withNet({ head: 'many-to-many' }, sines, (net) => {
      net.train(300);
      const e = net.evaluate();
      assert.equal(e.validation.accuracy, null);
      // Better than always predicting the mean: the targets' variance.
      const y = sines.validation.y;
      const mean = y.reduce((s, v) => s + v, 0) / y.length;
      const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
      assert.ok(e.validation.loss < variance / 2, `loss ${e.validation.loss}, targets' variance ${variance}`);
      assert.equal(net.predict(sines.validation.x, 32).length, sines.validation.count * 32);
    });
  });

  test('hidden states: (steps, units), bounded by 1 for an LSTM', () => {
    withNet({ cell: 'lstm' }, pattern, (net) => {
      net.train(10);
      const h = net.hiddenStates(pattern.validation.x.subarray(0, 32));
      assert.equal(h.length, 32 * UNITS);
      assert.ok(h.every((v) => Math.abs(v) < 1));
      assert.ok(h.some((v) => v !== 0));
    });
  });

  test('the same seed gives the same run; twins differ only by dropout', () => {
    const run = (dropout) =>
      withNet({ dropout }, pattern, (net) => {
        const start = net.predict(pattern.validation.x, 32);
        net.train(50);
        return { start, end: net.predict(pattern.validation.x, 32) };
      });
    const a = run({ kind: 'naive', recurrentRate: 0.3 });
    const b = run({ kind: 'naive', recurrentRate: 0.3 });
    const plain = run({ kind: 'naive' });
    assert.deepEqual(a.end, b.end);
    assert.deepEqual(a.start, plain.start);
    assert.notDeepEqual(a.end, plain.end);
  });

  test('update changes the dropout live; the kind changes what the next mask looks like', () => {
    withNet({ dropout: { kind: 'naive', recurrentRate: 0.5 } }, pattern, (net) => {
      net.update({ dropout: { kind: 'variational' } });
      assert.equal(net.config().dropout.kind, 'variational');
      net.train(1);
      const r = net.masks(0).recurrent;
      for (let u = 0; u < UNITS; u++) assert.ok(row(r, u, 32).every((v) => v === r[u * 32]));
    });
  });

  test('bad input is a clear Error and the network keeps working', () => {
    withNet({}, pattern, (net) => {
      const cases = [
        [() => new dp.RecurrentNetwork({ cell: 'gru' }), /unknown cell "gru"; choose one of lstm, rnn/],
        [() => new dp.RecurrentNetwork({ units: 0 }), /units must be a whole number from 1 to 256, got 0/],
        [() => new dp.RecurrentNetwork({ head: 'one-to-many' }), /unknown head/],
        [
          () => new dp.RecurrentNetwork({ dropout: { recurrentRate: 1 } }),
          /recurrent dropout rate must be in \[0, 1\)/,
        ],
        [
          () => new dp.RecurrentNetwork({ dropout: { kind: 'non-recurrent', recurrentRate: 0.2 } }),
          /never drops the recurrent state/,
        ],
        [() => new dp.RecurrentNetwork({ classes: 3 }), /only for task 'multiclass'/],
        [() => new dp.RecurrentNetwork({ task: 'multiclass' }), /needs classes/],
        [() => net.setData(sines), /needs a 'many-to-many' head/],
        [() => net.setData({ ...pattern, steps: 31 }), /sequences of 31 steps need/],
        [() => net.setData({ ...pattern, steps: 65 }), /steps must be a whole number from 1 to 64, got 65/],
        [
          () => net.setData({ steps: 4, train: { x: [1, 2, 3, 4], y: [2] } }),
          /labels must be whole numbers from 0 to 1, got 2/,
        ],
        [() => net.predict(new Float32Array(31), 32), /not a whole number \(1 or more\) of sequences of 32 steps/],
        [() => net.predict(new Float32Array(32), 0), /steps must be a whole number from 1 to 64, got 0/],
        [() => net.hiddenStates(new Float32Array(65)), /one sequence of 1 to 64 steps/],
        [() => net.masks(0), /no masks yet/],
        [() => net.update({ units: 8 }), /a new size needs a new RecurrentNetwork/],
        [() => dp.makeSequences({ name: 'pattern', steps: 3 }), /steps must be 4...64 for pattern, got 3/],
        [() => dp.makeSequences({ name: 'words' }), /unknown sequence dataset 'words'/],
      ];
      for (const [call, message] of cases) assert.throws(call, message);
      assert.equal(net.train(5).step, 5);
      assert.ok(Number.isFinite(net.evaluate().validation.loss));
    });
  });
});
