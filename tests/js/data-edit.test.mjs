// Edited points and their link encoding (web/data-edit.js, web/worker-data.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_URL_POINTS,
  checkEncoding,
  decodePoints,
  encodePoints,
  nearestPoint,
  withPoint,
  withoutPoint,
} from '../../web/data-edit.js';
import { editedDataset } from '../../web/worker-data.js';
import { parseQuery, toQuery } from '../../web/settings.js';

const binary = { inputs: 2, task: 'binary', classes: 0 };
const three = { inputs: 2, task: 'multiclass', classes: 3 };
const sine = { inputs: 1, task: 'regression', classes: 0 };
const pts = {
  train: { x: [1.5, -2.25, 0, 5.999], y: [1, 0] },
  validation: { x: [-6, 6], y: [1] },
};

test('a round trip keeps every point to 0.001, in its set and class', () => {
  const raw = encodePoints(pts, binary);
  assert.match(raw, /^[A-Za-z0-9_-]+$/);
  assert.equal(raw.length, Math.ceil((3 * 7 * 4) / 3));
  const r = decodePoints(raw, binary);
  assert.ok(r.ok);
  assert.deepEqual(r.points, pts);
  // Regression: the target is kept to 0.001 too; 1-D points have one input.
  const s = { train: { x: [0.5, -1.25], y: [0.123, -2.2] }, validation: { x: [2.999], y: [1] } };
  assert.deepEqual(decodePoints(encodePoints(s, sine), sine).points, s);
});

test('too many points or a value beyond ±32.767 cannot go in a link', () => {
  const many = { train: { x: [], y: [] }, validation: { x: [], y: [] } };
  for (let i = 0; i <= MAX_URL_POINTS; i++) {
    many.train.x.push(i / 100, 0);
    many.train.y.push(i % 2);
  }
  assert.equal(encodePoints(many, binary), null);
  many.train.x.length = 2 * MAX_URL_POINTS;
  many.train.y.length = MAX_URL_POINTS;
  assert.ok(encodePoints(many, binary));
  assert.equal(encodePoints({ train: { x: [40, 0], y: [1] }, validation: { x: [], y: [] } }, binary), null);
});

test('a malformed or unfitting value is refused with the reason', () => {
  assert.match(checkEncoding('abc!').why, /letters, digits/);
  assert.match(checkEncoding('AAAA').why, /cut short or padded/);
  assert.match(checkEncoding('A'.repeat(Math.ceil(((MAX_URL_POINTS + 1) * 7 * 4) / 3))).why, /at most 200 points/);
  const cls2 = encodePoints({ train: { x: [0, 0], y: [2] }, validation: { x: [], y: [] } }, three);
  assert.ok(decodePoints(cls2, three).ok);
  assert.match(decodePoints(cls2, binary).why, /classes 0–1 \(one is of class 2\)/);
  const onlyValidation = encodePoints({ train: { x: [], y: [] }, validation: { x: [0, 0], y: [1] } }, binary);
  assert.match(decodePoints(onlyValidation, binary).why, /at least one training point/);
  // In the worker: a value that does not fit gives the seeded points and a notice.
  const seeded = { name: 'circle', ...binary, train: { x: new Float32Array(2), y: new Float32Array(1), count: 1 } };
  const e = editedDataset(seeded, { data: cls2 });
  assert.equal(e.dataset, seeded);
  assert.match(e.notice, /do not fit the circle dataset: they must be points of this dataset's classes 0–1/);
  const ok = editedDataset(seeded, { data: encodePoints(pts, binary) });
  assert.equal(ok.notice, null);
  assert.deepEqual(Array.from(ok.dataset.train.x), [1.5, -2.25, 0, 5.999].map(Math.fround));
  assert.equal(ok.dataset.validation.count, 1);
});

test('the URL key: kept when well formed, written only when there are edits', () => {
  const raw = encodePoints(pts, binary);
  const { settings, problems } = parseQuery(`?dataset=moons&edits=${raw}`);
  assert.equal(settings.edits, raw);
  assert.deepEqual(problems, []);
  assert.match(toQuery(settings), new RegExp(`edits=${raw}`));
  assert.doesNotMatch(toQuery({ ...settings, edits: '' }), /edits=/);
  const bad = parseQuery('?edits=%%%');
  assert.equal(bad.settings.edits, '');
  assert.equal(bad.problems[0].key, 'edits');
});

test('adding, and removing the nearest point within reach', () => {
  const added = withPoint(pts, 'validation', [0.5, 0.5], 0);
  assert.deepEqual(added.validation, { x: [-6, 6, 0.5, 0.5], y: [1, 0] });
  assert.deepEqual(pts.validation.y, [1], 'the original is unchanged');
  const near = nearestPoint(added, [0.45, 0.6], 2, 0.2);
  assert.deepEqual(near, { set: 'validation', index: 1 });
  assert.equal(nearestPoint(added, [3, 3], 2, 0.2), null);
  assert.deepEqual(withoutPoint(added, near, 2).validation, { x: [-6, 6], y: [1] });
  // 1-D: measured in (x, target).
  const s = { train: { x: [0, 1], y: [5, 0] }, validation: { x: [], y: [] } };
  assert.deepEqual(nearestPoint(s, [0.9, 0.1], 1, 0.5), { set: 'train', index: 1 });
});

test('a link cannot carry edited rows of the 20-feature table: refused with the reason, the seeded rows kept', () => {
  const raw = encodePoints(pts, binary);
  assert.ok(decodePoints(raw, binary).ok, 'the same value fits a 2-D dataset');
  const r = decodePoints(raw, { inputs: 20, task: 'binary', classes: 0 });
  assert.equal(r.ok, false);
  assert.match(r.why, /20 features/);
});
