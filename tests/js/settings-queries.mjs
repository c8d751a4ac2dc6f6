// Seeded random and hostile query strings for the page's URL settings
// (web/settings.js), shared by tests/js/settings-fuzz.test.mjs (parseQuery in
// node) and tests/e2e/page-url-fuzz.test.mjs (the page in Chromium).

import { HIDE_NAMES, KEYS, SCHEMA, UNIT_CHOICES } from '../../web/settings.js';
import { encodePoints } from '../../web/data-edit.js';

/** mulberry32: a small seeded generator, the same queries on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PROTOTYPE_NAMES = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__proto__',
  '__defineGetter__',
  '__lookupGetter__',
  'prototype',
];

const STRANGE_KEYS = [
  'junk',
  '',
  ' seed',
  'seed ',
  'SEED',
  'Seed',
  'seed\0',
  'hide[]',
  'rate[0]',
  'é',
  '😀',
  'k'.repeat(300),
];

const STRANGE_VALUES = [
  '',
  ' ',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '0x10',
  '0b1',
  '0o7',
  ' 5',
  '5 ',
  '5',
  '+5',
  '05',
  '1e3',
  '1E1',
  '0.5',
  '.5',
  '5.',
  '0.05',
  '0.0500000001',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '999999',
  '1000000',
  '9'.repeat(400),
  ',',
  ',,',
  '0,0.5',
  '0,0.5,0.5,0.5,0.5,0.5,0.5,0.5',
  '0.5,,0.5',
  '\0',
  '\u202e',
  'é',
  '😀',
  '\ud800',
  'a'.repeat(5000),
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  ...PROTOTYPE_NAMES,
];

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** A valid value for a key, as the URL would spell it (sometimes in another spelling). */
function validValue(rand, key) {
  const spec = SCHEMA[key];
  switch (spec.type) {
    case 'int':
      return String(spec.min + Math.floor(rand() * (spec.max - spec.min + 1)));
    case 'number':
      return String(
        Number((spec.min + Math.floor((rand() * (spec.max - spec.min)) / spec.step) * spec.step).toFixed(4)),
      );
    case 'choice':
      return rand() < 0.2 && spec.aliases ? pick(rand, Object.keys(spec.aliases)) : String(pick(rand, spec.values));
    case 'units':
      return Array.from({ length: Math.floor(rand() * 7) }, () => pick(rand, UNIT_CHOICES)).join(',');
    case 'rates':
      return Array.from({ length: 1 + Math.floor(rand() * 7) }, () => (Math.floor(rand() * 19) * 0.05).toFixed(2)).join(
        ',',
      );
    case 'names':
      return Array.from({ length: Math.floor(rand() * 4) }, () =>
        pick(rand, rand() < 0.8 ? HIDE_NAMES : ['junk', '', '__proto__', 'constructor', 'Intro', 'l1 ', 'a.b']),
      ).join(',');
    case 'points': {
      // Points any dataset takes: classes 0 and 1, at least one training point, within the boxes.
      if (rand() < 0.3) return '';
      const n = 1 + Math.floor(rand() * 20);
      const points = { train: { x: [], y: [] }, validation: { x: [], y: [] } };
      for (let i = 0; i < n; i++) {
        const set = i === 0 || rand() < 0.6 ? points.train : points.validation;
        set.x.push(Math.round((rand() * 12 - 6) * 1000) / 1000, Math.round((rand() * 12 - 6) * 1000) / 1000);
        set.y.push(rand() < 0.5 ? 0 : 1);
      }
      return encodePoints(points, { inputs: 2, task: 'binary' });
    }
    default:
      throw new Error(`no generator for ${spec.type}`);
  }
}

// encodeURIComponent throws on a lone surrogate ('\ud800'): then the raw string goes in.
const percent = (s) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Percent-encodes a string as a link would, or breaks the encoding on purpose. */
function encode(rand, s) {
  const encodeURIComponent = percent;
  const r = rand();
  if (r < 0.6) return encodeURIComponent(s);
  if (r < 0.75) return encodeURIComponent(s).replace(/%2C/g, ','); // as toQuery writes lists
  if (r < 0.85) return s.replace(/[&#=%+]/g, encodeURIComponent); // raw unicode and spaces
  return encodeURIComponent(s) + pick(rand, ['%', '%z', '%zz', '%c0%ae', '%e2%82', '%ff', '%00', '+', '%2', '%%']);
}

/** One random query string, "?..." (sometimes without the "?"). */
export function randomQuery(rand) {
  const parts = [];
  const count = Math.floor(rand() * 8);
  for (let i = 0; i < count; i++) {
    const r = rand();
    let key;
    let value;
    if (r < 0.55) key = pick(rand, KEYS);
    else if (r < 0.7) key = pick(rand, PROTOTYPE_NAMES);
    else if (r < 0.8) key = 'hide';
    else key = pick(rand, STRANGE_KEYS);
    value = rand() < 0.55 && Object.hasOwn(SCHEMA, key) ? validValue(rand, key) : pick(rand, STRANGE_VALUES);
    const repeat = rand() < 0.15 ? 1 + Math.floor(rand() * 3) : 1;
    for (let k = 0; k < repeat; k++) {
      if (k > 0)
        value = Object.hasOwn(SCHEMA, key) && rand() < 0.5 ? validValue(rand, key) : pick(rand, STRANGE_VALUES);
      const shape = rand();
      if (shape < 0.9) parts.push(`${encode(rand, key)}=${encode(rand, value)}`);
      else if (shape < 0.95)
        parts.push(encode(rand, key)); // a key without "="
      else parts.push(`${encode(rand, key)}=${encode(rand, value)}=${encode(rand, value)}`);
    }
  }
  if (rand() < 0.1) parts.splice(Math.floor(rand() * (parts.length + 1)), 0, pick(rand, ['', '&', '=', '==x', '%']));
  const body = parts.join('&');
  return rand() < 0.95 ? `?${body}` : body;
}

/** Hand-written hostile queries, then `count` random ones from `seed`. */
export function hostileQueries(count, seed = 20240611) {
  const fixed = [
    '?constructor=1',
    '?__proto__=1',
    '?__proto__[seed]=5&constructor[prototype][x]=1',
    '?toString=1&valueOf=2&hasOwnProperty=3&isPrototypeOf=4',
    '?seed=constructor&speed=__proto__&thinned=toString&dataset=valueOf',
    '?seed=1&seed=2&seed=-3',
    '?seed=1&seed=1',
    '?rate=0.1,0.2,0.3&rate=zz&layers=8&layers=16,16',
    '?hide=',
    '?hide=,,,',
    '?hide=l1,l1,nope,__proto__,constructor',
    '?hide=training&hide=nope',
    '?seed=1e400&noise=-0&points=0x10&val=%205&dataSeed=5%20',
    '?noise=1e-400&rateB=-0&lr=1e-2&l1=0e0',
    '?%',
    '?%zz=%zz',
    '?seed=%c0%ae',
    '?=&=&&',
    '?seed',
    `?seed=${'9'.repeat(5000)}`,
    `?${'x'.repeat(5000)}=1`,
    '?layers=&rate=0.3',
    '?layers=256,256,256,256,256,256&rate=0.9,0.9,0.9,0.9,0.9,0.9,0.9',
    '?dataset=%F0%9F%98%80&act=%E2%80%AE',
  ];
  const rand = random(seed);
  return [...fixed, ...Array.from({ length: count }, () => randomQuery(rand))];
}
