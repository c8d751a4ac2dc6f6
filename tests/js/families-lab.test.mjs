// The logic of "Where dropout applies" (web/families/families-lab.js and
// families-reading.js) on the built families module, as the panel's worker
// runs it: three networks per family from the same weights, frames of plain
// data, live rate changes, clear errors, and the words the panel writes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies } from './load-module.mjs';
import { createLab, VARIANTS, SHOWN_IMAGES } from '../../web/families/families-lab.js';
import { FAMILY_PRESETS } from '../../web/families/families-presets.js';
import { describeCnn, describeRnn, readFrame } from '../../web/families/families-reading.js';
import { FAMILY_RATE_MAX, parseQuery, SCHEMA } from '../../web/settings.js';

const dp = await loadFamilies();

describe('the families lab', () => {
  test('CNN frames: three networks, equal at step 0, the shown images and masks', () => {
    const lab = createLab(dp, 'cnn');
    try {
      let f = lab.frame();
      assert.equal(f.step, 0);
      assert.equal(new Set(f.metrics.map((m) => m.validationLoss)).size, 1, 'same initial weights, same loss');
      assert.ok(
        f.networks.every((n) => n.mask === null),
        'no mask before the first step',
      );
      lab.train(3);
      f = lab.frame();
      assert.equal(f.step, 3);
      assert.deepEqual(
        f.networks.map((n) => n.key),
        VARIANTS.cnn.map((v) => v.key),
      );
      assert.equal(f.labels.length, SHOWN_IMAGES);
      assert.equal(f.images.length, SHOWN_IMAGES * 144);
      assert.equal(f.networks[0].mask, null);
      for (const n of f.networks.slice(1)) assert.equal(n.mask.length, f.filters * 144);
      assert.ok(f.networks.every((n) => n.answers.every((a) => a >= 0 && a < 4)));
      assert.equal(lab.history()[0].length, 2);
    } finally {
      lab.destroy();
    }
  });

  test('RNN frames: the shown sequence, outputs, hidden states and masks', () => {
    const lab = createLab(dp, 'rnn');
    try {
      lab.train(2);
      const f = lab.frame();
      const units = FAMILY_PRESETS.rnn.network.units;
      assert.equal(f.x.length, f.steps);
      assert.equal(f.networks[0].mask, null, 'no dropout, no mask');
      for (const n of f.networks.slice(1)) assert.equal(n.mask.length, units * f.steps);
      for (const n of f.networks) assert.equal(n.hidden.length, units * f.steps);
    } finally {
      lab.destroy();
    }
  });

  test('the rate changes live for the networks with dropout only; the one without stays the plain run', () => {
    const a = createLab(dp, 'rnn', { rate: 0.25 });
    const b = createLab(dp, 'rnn', { rate: 0.25 });
    try {
      a.train(5);
      b.train(5);
      b.setRate(0);
      a.train(5);
      b.train(5);
      const ma = a.frame().metrics;
      const mb = b.frame().metrics;
      assert.equal(ma[0].validationLoss, mb[0].validationLoss, 'the network without dropout is untouched');
      assert.notEqual(ma[2].validationLoss, mb[2].validationLoss, 'the variational network trained without dropout');
      assert.equal(b.frame().networks[2].mask, null, 'rate 0: no mask is drawn');
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  test('bad requests are clear Errors', () => {
    assert.throws(() => createLab(dp, 'gru'), /unknown family "gru": 'cnn' or 'rnn'/);
    assert.throws(() => createLab(dp, 'cnn', { rate: 1 }), /rate must be a number from 0 to 0.9, got 1/);
    const lab = createLab(dp, 'cnn');
    try {
      assert.throws(() => lab.train(0), /whole number of steps from 1 to 10000, got 0/);
      assert.throws(() => lab.setRate(Number.NaN), /got NaN/);
      assert.equal(lab.train(1)[0].step, 1, 'it still trains');
    } finally {
      lab.destroy();
    }
  });
});

describe('the panel’s words', () => {
  const variants = VARIANTS.cnn;
  const metric = (validationLoss, validationAccuracy) => ({ validationLoss, validationAccuracy });

  test('who is ahead, by loss and by accuracy, and when they disagree', () => {
    const agree = readFrame({ step: 10, metrics: [metric(0.5, 0.8), metric(0.4, 0.9), metric(0.6, 0.7)] }, variants);
    assert.match(agree, /lowest first: element-wise dropout 0.400, no dropout 0.500, spatial dropout 0.600/);
    assert.match(agree, /highest first: element-wise dropout 90 %/);
    assert.doesNotMatch(agree, /disagree/);
    const disagree = readFrame({ step: 10, metrics: [metric(0.5, 0.9), metric(0.4, 0.8), metric(0.6, 0.7)] }, variants);
    assert.match(disagree, /Loss and accuracy disagree/);
    const regression = readFrame(
      { step: 10, metrics: [metric(0.5, null), metric(0.4, null), metric(0.6, null)] },
      VARIANTS.rnn,
    );
    assert.doesNotMatch(regression, /accuracy/);
  });

  test('the masks in words', () => {
    const frame = { filters: 8, mapHeight: 12, mapWidth: 12, units: 16, steps: 32 };
    assert.match(
      describeCnn({ key: 'spatial', mask: [0] }, { droppedMaps: 2, droppedCells: 288 }, frame),
      /2 of 8 maps/,
    );
    assert.match(
      describeCnn({ key: 'elementwise', mask: [0] }, { droppedMaps: 0, droppedCells: 200 }, frame),
      /200 of 1152/,
    );
    assert.match(describeRnn({ key: 'variational', mask: [1] }, 16, frame), /16 of 16 units .* one mask per sequence/);
    assert.match(describeRnn({ key: 'naive', mask: [1] }, 0, frame), /0 of 16 units .* a new mask at every step/);
    assert.match(describeRnn({ key: 'none', mask: null }, 0, frame), /No dropout/);
    assert.match(describeRnn({ key: 'naive', mask: null }, 0, { ...frame, step: 0 }), /No mask yet/);
    assert.match(describeRnn({ key: 'naive', mask: null }, 0, { ...frame, step: 5 }), /rate is 0: nothing is dropped/);
  });
});

test('the link: each tab’s rate is its preset’s unless the link says otherwise, within what the lab takes', async () => {
  for (const family of Object.keys(FAMILY_PRESETS)) {
    assert.equal(SCHEMA[`${family}Rate`].def, FAMILY_PRESETS[family].rate, `${family}: the measured rate by default`);
    assert.ok(SCHEMA[`${family}Rate`].max === FAMILY_RATE_MAX);
  }
  assert.deepEqual(SCHEMA.family.values, Object.keys(FAMILY_PRESETS));
  const { settings, problems } = parseQuery('?family=rnn&cnnRate=0.35&rnnRate=0.7');
  assert.deepEqual([settings.family, settings.cnnRate, settings.rnnRate, problems], ['rnn', 0.35, 0.7, []]);
  const bad = parseQuery('?family=mlp&rnnRate=0.75&cnnRate=-0.1');
  assert.deepEqual(
    bad.problems.map((p) => [p.key, p.used]),
    [
      ['family', 'cnn'],
      ['rnnRate', '0.25'],
      ['cnnRate', '0.5'],
    ],
  );
  // The lab takes every rate a link can hold.
  const dp = await loadFamilies();
  for (const family of Object.keys(FAMILY_PRESETS)) {
    const lab = createLab(dp, family, { rate: FAMILY_RATE_MAX });
    lab.train(1);
    assert.equal(lab.rate, FAMILY_RATE_MAX);
    lab.destroy();
  }
});
