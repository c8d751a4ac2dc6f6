// The page's settings (web/settings.js) without a browser: every setting
// survives a trip through the URL, and anything invalid falls back to its
// default and is reported.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  DEFAULTS,
  HIDE_NAMES,
  KEYS,
  SCHEMA,
  hiddenNames,
  parseQuery,
  toQuery,
  twinSpecs,
  liveUpdate,
  needsReset,
} from '../../web/settings.js';
import { DATASET_LESSONS, lessonSettings } from '../../web/dataset-lessons.js';
import { createState } from '../../web/state.js';

test("the defaults are the circle lesson's (dataset-lessons.js); the rest is the page's base", () => {
  assert.equal(DEFAULTS.dataset, 'circle');
  for (const [key, value] of Object.entries(lessonSettings('circle'))) assert.deepEqual(DEFAULTS[key], value, key);
  assert.equal(DEFAULTS.act, 'relu');
  assert.equal(DEFAULTS.batch, 16);
  assert.equal(DEFAULTS.rateB, 0);
  assert.ok(DEFAULTS.stop > 0, 'the lesson pauses at its length');
});

test("a link that names only a dataset gets that dataset's lesson; what a link sets wins", () => {
  for (const name of Object.keys(DATASET_LESSONS)) {
    const { settings, problems } = parseQuery(`?dataset=${name}`);
    assert.deepEqual(problems, []);
    for (const [key, value] of Object.entries(lessonSettings(name)))
      assert.deepEqual(settings[key], value, `${name} ${key}`);
  }
  const { settings } = parseQuery('?dataset=moons&points=100&stop=0');
  assert.equal(settings.points, 100);
  assert.equal(settings.stop, 0);
  assert.equal(settings.noise, lessonSettings('moons').noise);
});

test('choosing another dataset loads its lesson; the rest of the change wins over it', () => {
  const state = createState('');
  state.set({ dataset: 'xor' });
  for (const [key, value] of Object.entries(lessonSettings('xor'))) assert.deepEqual(state.get()[key], value, key);
  state.set({ dataset: 'plane', points: 40 });
  assert.equal(state.get().points, 40);
  assert.equal(state.get().stop, lessonSettings('plane').stop);
  state.set({ noise: 0.9 });
  assert.equal(state.get().noise, 0.9, 'changing another setting keeps the dataset and loads nothing');
});

test('an empty query gives the defaults and no problems', () => {
  const { settings, problems } = parseQuery('');
  assert.deepEqual(problems, []);
  for (const key of KEYS) assert.deepEqual(settings[key], DEFAULTS[key], key);
});

test('every setting round-trips through the URL', () => {
  const changed = {
    ...DEFAULTS,
    dataset: 'spiral',
    noise: 0.35,
    points: 120,
    val: 0.3,
    dataSeed: 77,
    layers: [32, 8, 4],
    act: 'tanh',
    seed: 5,
    rate: [0.1, 0.2, 0.3, 0.45],
    rateB: 0.15,
    kind: 'gaussian',
    mode: 'original',
    maskPer: 'epoch',
    opt: 'sgd',
    lr: 0.003,
    batch: 64,
    l1: 0.0001,
    l2: 0.01,
    maxNorm: 2,
    speed: 'slow',
    thinned: 'average',
    diagram: 'inference',
    hide: ['optimizer', 'l1'],
  };
  const query = toQuery(changed);
  const { settings, problems } = parseQuery(query);
  assert.deepEqual(problems, [], query);
  for (const key of KEYS) assert.deepEqual(settings[key], changed[key], key);
  assert.match(query, /rate=0\.1,0\.2,0\.3,0\.45/, 'lists stay readable in the URL');
});

test('tampered values fall back to their defaults, one problem each', () => {
  const { settings, problems } = parseQuery(
    '?dataset=<script>&noise=-1&points=1e9&val=abc&layers=64,999&rate=0.5,1.5,0.5&lr=0.02&batch=0&thinned=yes&kind=&hide=a b',
  );
  const keys = problems.map((p) => p.key).sort();
  assert.deepEqual(keys, [
    'batch',
    'dataset',
    'hide',
    'kind',
    'layers',
    'lr',
    'noise',
    'points',
    'rate',
    'thinned',
    'val',
  ]);
  for (const key of keys) assert.deepEqual(settings[key], DEFAULTS[key], key);
});

test('the training view: off, one thinned network or the average; old on/off links still open', () => {
  assert.equal(DEFAULTS.thinned, 'off');
  for (const view of ['off', 'one', 'average']) {
    const { settings, problems } = parseQuery(`?thinned=${view}`);
    assert.deepEqual(problems, []);
    assert.equal(settings.thinned, view);
    assert.match(toQuery(settings), new RegExp(`thinned=${view}`));
  }
  for (const [raw, view] of [
    ['1', 'one'],
    ['true', 'one'],
    ['0', 'off'],
    ['false', 'off'],
  ]) {
    const { settings, problems } = parseQuery(`?thinned=${raw}`);
    assert.deepEqual(problems, [], `thinned=${raw} is an old link, not a mistake`);
    assert.equal(settings.thinned, view, `thinned=${raw} means '${view}'`);
    assert.match(toQuery(settings), new RegExp(`thinned=${view}(&|$)`), 'and is rewritten in the new words');
  }
  const bad = parseQuery('?thinned=2');
  assert.equal(bad.settings.thinned, 'off');
  assert.equal(bad.problems[0].key, 'thinned');
  assert.match(bad.problems[0].why, /off, one, average/);
});

test('a rate list that does not match the layers is fitted and reported', () => {
  const { settings, problems } = parseQuery('?layers=16,16,16&rate=0.2,0.4');
  const fill = DEFAULTS.rate[1]; // the lesson's hidden rate fills the missing layers
  assert.deepEqual(settings.rate, [0.2, 0.4, fill, fill]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].key, 'rate');
  const fitted = parseQuery('?layers=8');
  assert.deepEqual(fitted.settings.rate, [0, fill], 'without a rate in the URL the default rate is used, silently');
  assert.deepEqual(fitted.problems, []);
});

test('the twins differ only in their dropout rates', () => {
  const [a, b] = twinSpecs(DEFAULTS);
  assert.deepEqual({ ...a, rates: null }, { ...b, rates: null });
  assert.deepEqual(a.rates, DEFAULTS.rate);
  assert.deepEqual(b.rates, [0, 0, 0]);
  assert.deepEqual(liveUpdate({ ...DEFAULTS, rateB: 0.2 }, 1).rates, [0, 0.2, 0.2]);
  assert.equal(liveUpdate({ ...DEFAULTS, momentum: 0.5 }, 0).momentum, 0.5);
});

test('rates, learning rate, batch size and penalties change live; the architecture resets', () => {
  for (const key of [
    'rate',
    'rateB',
    'lr',
    'momentum',
    'batch',
    'l1',
    'l2',
    'maxNorm',
    'speed',
    'thinned',
    'diagram',
    'hide',
  ]) {
    assert.equal(needsReset([key]), false, key);
  }
  for (const key of [
    'dataset',
    'noise',
    'points',
    'val',
    'dataSeed',
    'layers',
    'act',
    'seed',
    'kind',
    'mode',
    'maskPer',
    'opt',
  ]) {
    assert.equal(needsReset([key]), true, key);
  }
  assert.ok(
    KEYS.every((k) => SCHEMA[k].group),
    'every setting belongs to a group (for hide=)',
  );
});

test('hide= names: every name the page marks is one hide= knows, and every name hides something', () => {
  const html = fs.readFileSync(new URL('../../public/index.html', import.meta.url), 'utf8');
  const marked = new Set([...html.matchAll(/data-hide="([^"]*)"/g)].flatMap((m) => m[1].split(' ')));
  for (const name of marked) assert.ok(HIDE_NAMES.includes(name), `data-hide="${name}" is a hide= name`);
  for (const name of HIDE_NAMES) {
    const hides = [...hiddenNames([name])].filter((n) => marked.has(n));
    assert.ok(hides.length > 0, `hide=${name} hides something`);
  }
  assert.ok(hiddenNames(['learningRate']).has('lr') && hiddenNames(['lr']).has('learningRate'), 'aliases');
  assert.ok(
    ['opt', 'lr', 'l1', 'maxNorm', 'optimizer'].every((n) => hiddenNames(['training']).has(n)),
    'groups',
  );
  assert.ok(!HIDE_NAMES.includes('hide') && !HIDE_NAMES.includes('constructor'));
});
