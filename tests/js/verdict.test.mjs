// The verdict under the loss chart (web/verdict.js): each case says what the
// numbers show, and nothing they don't.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIDENT_LOSS, lossSources, verdict } from '../../web/verdict.js';

const twin = ({
  train = 0.2,
  val = 0.5,
  trainAcc = 0.9,
  valAcc = 0.8,
  count = 30,
  losses,
  rates = [0, 0.5, 0.5],
  ...rest
} = {}) => ({
  evaluation: {
    train: { loss: train, accuracy: trainAcc, count },
    validation: { loss: val, accuracy: valAcc, count },
  },
  diverged: false,
  collapsed: false,
  pointLosses: losses ?? new Float32Array(count).fill(val),
  best: null,
  rates,
  ...rest,
});
const plain = (o) => twin({ rates: [0, 0, 0], ...o });

/** Losses whose mean is `mean`, with `wrong` points at a confidently wrong loss. */
function losses(count, mean, wrong = 0, wrongLoss = 12) {
  const rest = (mean * count - wrong * wrongLoss) / (count - wrong);
  assert.ok(rest >= 0, 'test data: the wrong points alone exceed the mean');
  return Float32Array.from({ length: count }, (_, i) => (i < wrong ? wrongLoss : rest));
}

describe('lossSources', () => {
  test('circles the confidently wrong points, most costly first, with their share', () => {
    const l = losses(30, 1.0, 2);
    const s = lossSources(l);
    assert.equal(s.confident, 2);
    assert.deepEqual(
      s.top.map((p) => p.index),
      [0, 1],
    );
    assert.ok(Math.abs(s.share - 24 / 30) < 1e-6);
  });
  test('without confident mistakes, circles the few points that carry half of the loss, if few do', () => {
    const l = new Float32Array(30).fill(0.01);
    l[7] = 3; // below ln 100, but most of the loss
    const s = lossSources(l);
    assert.equal(s.confident, 0);
    assert.deepEqual(
      s.top.map((p) => p.index),
      [7],
    );
    assert.equal(lossSources(new Float32Array(30).fill(0.3)).top.length, 0, 'an even loss: nothing to point at');
  });
  test('the threshold is a probability of 1 % for the true class', () => {
    assert.ok(Math.abs(Math.exp(-CONFIDENT_LOSS) - 0.01) < 1e-12);
  });
});

describe('verdict', () => {
  const base = { epoch: 100, task: 'binary' };

  test('dropout helps: lower loss and at least as high accuracy', () => {
    const v = verdict({
      ...base,
      twins: [twin({ val: 0.42, valAcc: 0.87 }), plain({ train: 0.001, val: 1.07, valAcc: 0.8 })],
    });
    assert.equal(v.tone, 'dropout-helps');
    assert.match(
      v.text,
      /Dropout helps here: A's validation loss 0.42 vs 1.07 is lower, and its accuracy 87% vs 80% is higher/,
    );
    assert.match(v.text, /B fits its training points almost perfectly .* it overfits/);
  });

  test("loss and accuracy disagree: A's higher loss comes from confidently wrong points, and early stopping is named", () => {
    const a = twin({ val: 1.53, valAcc: 0.9, losses: losses(30, 1.53, 3), best: { loss: 0.4, epoch: 120 } });
    const v = verdict({ ...base, twins: [a, plain({ val: 1.25, valAcc: 0.83 })] });
    assert.equal(v.tone, 'mixed');
    assert.match(v.text, /A classifies more validation points correctly \(accuracy 90% vs 83%\)/);
    assert.match(v.text, /3 points are confidently wrong \(circled\)/);
    assert.match(v.text, /best validation loss was 0.40, at epoch 120: early stopping/);
  });

  test("when A's weight-scaled loss is higher but its Monte-Carlo average beats B, the verdict says so", () => {
    const a = twin({
      val: 1.53,
      valAcc: 0.9,
      losses: losses(30, 1.53, 3),
      mc: { loss: 0.31, accuracy: 0.9, passes: 32 },
    });
    const v = verdict({ ...base, twins: [a, plain({ val: 1.25, valAcc: 0.83 })] });
    assert.match(
      v.text,
      /average of 32 of A's thinned networks \(Monte-Carlo dropout\) does better: validation loss 0.31/,
    );
    const worse = twin({
      val: 1.53,
      valAcc: 0.9,
      losses: losses(30, 1.53, 3),
      mc: { loss: 1.4, accuracy: 0.9, passes: 32 },
    });
    assert.doesNotMatch(verdict({ ...base, twins: [worse, plain({ val: 1.25, valAcc: 0.83 })] }).text, /Monte-Carlo/);
  });

  test('never says dropout helps when B is better on both', () => {
    const v = verdict({
      ...base,
      twins: [twin({ train: 0.6, val: 0.9, valAcc: 0.6 }), plain({ val: 0.4, valAcc: 0.85 })],
    });
    assert.equal(v.tone, 'plain-better');
    assert.doesNotMatch(v.text, /helps/);
    assert.match(v.text, /at these rates it underfits/);
  });

  test('both fit: nothing for dropout to prevent', () => {
    const v = verdict({ ...base, twins: [twin({ val: 0.02, valAcc: 1 }), plain({ val: 0.01, valAcc: 1 })] });
    assert.match(v.text, /Both twins fit the data .* no overfitting for dropout to prevent/);
  });

  test('an accuracy difference under one point is a tie; a loss difference under 10 % is too', () => {
    const v = verdict({
      ...base,
      twins: [twin({ val: 0.5, valAcc: 0.8 }), plain({ val: 0.52, valAcc: 0.8 + 0.4 / 30 })],
    });
    assert.match(v.text, /about the same/);
  });

  test('collapse is named, with the likely cause', () => {
    const v = verdict({ ...base, twins: [twin({ collapsed: true, rates: [0, 0.9, 0.9] }), plain()] });
    assert.equal(v.tone, 'problem');
    assert.match(v.text, /Twin A outputs about the same for every point: collapsed to a constant/);
    assert.match(v.text, /dropout rate is very high/);
  });

  test('divergence comes first', () => {
    const v = verdict({ ...base, twins: [twin(), plain({ diverged: true })] });
    assert.match(v.text, /Twin B has diverged/);
  });

  test('regression compares the mean squared error only', () => {
    const v = verdict({
      epoch: 100,
      task: 'regression',
      twins: [twin({ val: 0.2, valAcc: null }), plain({ train: 0.01, val: 0.5, valAcc: null })],
    });
    assert.match(v.text, /Dropout helps here: A's validation error \(mean squared\) is lower \(0.20 vs 0.50\)/);
    assert.doesNotMatch(v.text, /accuracy/);
  });

  test('too early to tell', () => {
    assert.match(verdict({ ...base, epoch: 2, twins: [twin(), plain()] }).text, /Train for a while/);
  });
});
