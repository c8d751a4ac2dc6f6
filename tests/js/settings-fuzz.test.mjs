// Fuzzing the page's URL state (web/settings.js) in node: thousands of seeded
// random and hostile query strings (tests/js/settings-queries.mjs). For each:
// parseQuery does not throw, every setting is in its domain, each problem is
// a readable sentence naming what was used, and toQuery() parses back to the
// same settings with no problems. Afterwards nothing has polluted
// Object.prototype. FUZZ_ITERATIONS=100000 runs longer (default 4000).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULTS,
  HIDE_NAMES,
  KEYS,
  MAX_LAYERS,
  RATE_MAX,
  SCHEMA,
  UNIT_CHOICES,
  parseQuery,
  parseSetting,
  toQuery,
} from '../../web/settings.js';
import { describeProblems } from '../../web/ui/notice.js';
import { checkEncoding } from '../../web/data-edit.js';
import { PROTOTYPE_NAMES, hostileQueries } from './settings-queries.mjs';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 4000);

const onStep = (v, step) => Math.abs(v / step - Math.round(v / step)) < 1e-6;

/** Why a value is outside its key's domain, or null if it is inside. */
function outOfDomain(key, v, settings) {
  const spec = SCHEMA[key];
  switch (spec.type) {
    case 'int':
      return Number.isInteger(v) && !Object.is(v, -0) && v >= spec.min && v <= spec.max
        ? null
        : 'not a whole number in range';
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) && v >= spec.min && v <= spec.max && onStep(v, spec.step)
        ? null
        : 'not a number in range on its step';
    case 'choice':
      return spec.values.includes(v) && !Object.is(v, -0) ? null : 'not one of the choices';
    case 'units':
      return Array.isArray(v) && v.length <= MAX_LAYERS && v.every((u) => UNIT_CHOICES.includes(u))
        ? null
        : 'bad units';
    case 'rates':
      if (!Array.isArray(v) || v.length !== settings.layers.length + 1) return 'not one rate per site';
      return v.every((r) => Number.isFinite(r) && !Object.is(r, -0) && r >= 0 && r <= RATE_MAX && onStep(r, 0.05))
        ? null
        : 'a rate out of range';
    case 'names':
      return Array.isArray(v) && v.every((n) => HIDE_NAMES.includes(n)) && new Set(v).size === v.length
        ? null
        : 'unknown or repeated names';
    case 'points':
      return v === '' || checkEncoding(v).ok ? null : 'not points as the page writes them';
    default:
      return `unknown type ${spec.type}`;
  }
}

const READABLE = /undefined|\[object|NaN|null|function/;

function check(query) {
  let result;
  assert.doesNotThrow(() => (result = parseQuery(query)), `parseQuery(${JSON.stringify(query)})`);
  const { settings, problems } = result;
  const where = `for ${JSON.stringify(query.slice(0, 200))}`;

  // Valid settings: exactly the keys, each in its domain.
  assert.ok(Object.isFrozen(settings), where);
  assert.deepEqual(Object.keys(settings).sort(), [...KEYS].sort(), where);
  for (const key of KEYS) {
    const why = outOfDomain(key, settings[key], settings);
    assert.equal(why, null, `${key}=${JSON.stringify(settings[key])} ${where}`);
  }

  // Every problem is readable, and says what the page uses instead.
  for (const p of problems) {
    assert.equal(typeof p.key, 'string', where);
    assert.equal(typeof p.raw, 'string', where);
    assert.ok(typeof p.why === 'string' && p.why.length > 5, `why: ${p.why} ${where}`);
    const ours = p.why.replace(/"(?:[^"\\]|\\.)*"/g, '""'); // without the names it quotes from the link
    assert.ok(!READABLE.test(ours), `why: ${p.why} ${where}`);
    if (Object.hasOwn(SCHEMA, p.key)) {
      assert.equal(typeof p.used, 'string', where);
      assert.deepEqual(
        parseQuery(`?${new URLSearchParams({ layers: settings.layers.join(','), [p.key]: p.used })}`).settings[p.key],
        settings[p.key],
      );
    } else {
      assert.equal(p.used, null, where);
    }
  }
  if (problems.length > 0) {
    const text = describeProblems(problems);
    assert.ok(text.startsWith(`This link had settings that could not be used: ${problems[0].key.slice(0, 24)}`), where);
    // The notice's own words, without what it quotes from the link:
    const ours = describeProblems(problems.map((p) => ({ ...p, key: 'K', raw: 'R', why: 'W' })));
    assert.ok(!/\bundefined\b|\[object|NaN/.test(ours), `notice: ${ours} ${where}`);
  }

  // Anything the link had that could not be used is a problem.
  for (const [key, raw] of new URLSearchParams(query)) {
    const own = Object.hasOwn(SCHEMA, key);
    if (!own || !parseSetting(key, raw).ok) {
      assert.ok(
        problems.some((p) => p.key === key && p.raw === raw),
        `${JSON.stringify(key)}=${JSON.stringify(raw.slice(0, 40))} is reported ${where}`,
      );
    }
  }

  // The URL the page writes reproduces the settings, with nothing to report.
  const again = parseQuery(toQuery(settings));
  assert.deepEqual(again.problems, [], `toQuery round trip ${where}`);
  assert.deepEqual(again.settings, settings, `toQuery round trip ${where}`);
}

test('hostile and random query strings: no throw, valid settings, readable problems, a round trip', () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const queries = hostileQueries(ITERATIONS);
  for (const query of queries) check(query);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before, 'Object.prototype is unchanged');
  const plain = {};
  for (const name of [
    ...KEYS,
    ...PROTOTYPE_NAMES.filter((n) => n !== '__proto__' && n !== 'constructor'),
    'x',
    'seed',
  ]) {
    if (!(name in Object.prototype)) assert.equal(plain[name], undefined, `{}.${name} is not polluted`);
  }
  assert.equal(Object.getPrototypeOf(plain), Object.prototype);
  assert.equal(typeof plain.toString, 'function');
  assert.equal(plain.constructor, Object);
});

test('names of Object.prototype are not settings: reported, never looked up as one', () => {
  for (const key of PROTOTYPE_NAMES) {
    const { settings, problems } = parseQuery(`?${encodeURIComponent(key)}=1`);
    assert.deepEqual(
      problems.map((p) => [p.key, p.why]),
      [[key, 'not a setting of this page']],
    );
    assert.deepEqual(settings, parseQuery('').settings);
  }
  // ...nor as values (SPEEDS, aliases and choices are looked up by them).
  const { settings, problems } = parseQuery('?speed=constructor&thinned=toString&dataset=__proto__&seed=valueOf');
  assert.equal(problems.length, 4);
  assert.equal(settings.speed, 'normal');
  assert.equal(settings.thinned, 'off');
});

test('a repeated key: its last valid value counts, and the notice says which', () => {
  const { settings, problems } = parseQuery('?seed=1&seed=2&seed=-3');
  assert.equal(settings.seed, 2);
  assert.deepEqual(
    problems.map((p) => [p.raw, p.used]),
    [
      ['1', '2'],
      ['-3', '2'],
    ],
  );
  const text = describeProblems(problems);
  assert.match(text, /seed=1 \(repeated: the last valid value counts\)/);
  assert.match(text, /seed=-3 \(must be a whole number 0–999999\)/);
  assert.match(text, /Used instead: seed=2\.$/);
  assert.doesNotMatch(text, /default/, 'seed 2 is no default');
  assert.deepEqual(parseQuery('?seed=5&seed=5').problems, [], 'the same value twice is no problem');
  const fallback = parseQuery('?seed=-1&noise=9');
  assert.match(
    describeProblems(fallback.problems),
    new RegExp(`Used instead: seed=1 \\(the default\\), noise=${DEFAULTS.noise} \\(the default\\)\\.$`),
  );
});

test('hide=: unknown names are reported with the names there are; known ones still count', () => {
  const { settings, problems } = parseQuery('?hide=l1,nope,l1,Intro');
  assert.deepEqual(settings.hide, ['l1']);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0].why,
    /"nope", "Intro" are not; the names are dataset, .*family, cnnRate, .*intro, lessons, ensemble, coadapt, share, code$/,
  );
  assert.equal(problems[0].used, 'l1');
  assert.equal(new Set(HIDE_NAMES).size, HIDE_NAMES.length, 'each name once (families is a group and a panel)');
});

test('the notice stays short for a link full of junk', () => {
  const junk = Array.from({ length: 200 }, (_, i) => `k${i}=${'v'.repeat(100)}`).join('&');
  const text = describeProblems(parseQuery(`?${junk}`).problems);
  assert.ok(text.length < 800, `${text.length} characters`);
  assert.match(text, /and 192 more\.$/);
});
