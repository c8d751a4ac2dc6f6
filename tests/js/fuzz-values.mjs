// Hostile argument values for the API fuzz test (fuzz.test.mjs): everything a
// caller could pass by mistake or on purpose, a seeded random generator, and
// how the fuzz tests mutate valid arguments and check what a refusal threw.
import assert from 'node:assert/strict';

/** A small, fast, seeded generator of floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hostileValues() {
  const cyclic = {};
  cyclic.self = cyclic;
  const deep = { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } };
  const throwingGetter = Object.defineProperty({}, 'inputs', {
    enumerable: true,
    get() {
      throw new Error('a getter that throws');
    },
  });
  const throwingProxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('a proxy that throws');
      },
    },
  );
  const arrayProxy = new Proxy([1, 2], {
    get(target, key) {
      if (key === 'length') return 1e9;
      return target[key];
    },
  });
  class Custom {
    constructor() {
      this.inputs = 2;
    }
  }
  class EvilFloats extends Float32Array {
    get length() {
      throw new Error('a typed array whose length throws');
    }
  }
  const sparse = [];
  sparse[5] = 1;
  return [
    undefined,
    null,
    true,
    false,
    0,
    -0,
    1,
    -1,
    2,
    1.5,
    0.5,
    0.999,
    1e-50,
    5e-324,
    1e-7,
    1e39,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    NaN,
    Infinity,
    -Infinity,
    '',
    'x',
    '2',
    'relu',
    'bernoulli',
    'dropconnect',
    'moons',
    '__proto__',
    'a'.repeat(10000),
    10n,
    Symbol('s'),
    () => 1,
    [],
    [1],
    [1, '2'],
    [true, null, '2', undefined],
    [NaN, 1],
    [1e308, 1],
    sparse,
    new Array(2 ** 12),
    new Array(2 ** 25), // beyond the 2^24 values a call may take
    { length: -1 },
    { length: 2147483648 },
    { length: 1e9 },
    { 0: 1, 1: 2, length: 2 },
    {},
    JSON.parse('{"__proto__": {"polluted": 1}, "inputs": 2}'),
    cyclic,
    deep,
    throwingGetter,
    throwingProxy,
    arrayProxy,
    new Custom(),
    new Map([['inputs', 2]]),
    new Date(0),
    /re/,
    new Float32Array(0),
    new Float32Array([1, 2]),
    new Float32Array([NaN, 2]),
    new Float32Array([Infinity, 2]),
    new Float64Array([1e39, 0]),
    new Float64Array([0.5, 0.25, 0.125, 1]),
    new Int32Array([1, 2]),
    new Uint8Array([1, 2]),
    new BigInt64Array(1000),
    new DataView(new ArrayBuffer(8)),
    new ArrayBuffer(8),
    new EvilFloats(4),
    { units: 300 },
    { units: 0 },
    { rate: 1 },
    { rate: -0.1 },
    { width: 2048, height: 3, xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
    { width: 2049, height: 2048, xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
    { width: 1, height: 1, xMin: 1, xMax: 1, yMin: 0, yMax: 1 },
    Array(9).fill({ units: 256 }),
  ];
}

export function assertIsError(err, context) {
  if (!(err instanceof Error)) assert.fail(`${context}: threw ${typeof err} ${String(err)} instead of an Error`);
  assert.ok(!(err instanceof WebAssembly.RuntimeError), `${context}: the module aborted: ${err.message}`);
  assert.ok(err.message.length > 0, `${context}: empty message`);
  assert.doesNotMatch(err.message, /^\s*-?\d+\s*$/, `${context}: message is a bare number`);
  // boundary.js says "internal error" when a JS exception crossed C++ frames: a leak of stack and handles.
  assert.doesNotMatch(err.message, /internal error/, `${context}: ${err.message}`);
}

/**
 * Mutates a valid value: replaces 1–3 entries at random paths (or the whole
 * value) with hostile ones, so calls reach every depth of validation.
 */
export function mutate(rand, value, pool) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  if (rand() < 0.15) return pick(pool);
  const copy = structuredCloneLoose(value);
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) edit(rand, copy, pool, pick);
  return copy;
}

/** Replaces one entry at a random path of `copy` (a getter or proxy met on the way may throw: then nothing). */
function edit(rand, copy, pool, pick) {
  try {
    let node = copy;
    if (ArrayBuffer.isView(node)) {
      // Writing an object into a typed array would convert it to a number (a 2^25-long array
      // becomes a string of 33 million commas first): write numbers the API must refuse.
      node[Math.floor(rand() * node.length)] = pick([NaN, Infinity, -Infinity, 1e39, 1e7, -0, 0.5]);
      return;
    }
    for (let depth = 0; depth < 4 && node && typeof node === 'object'; depth++) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = rand() < 0.1 ? pick(['bogus', '__proto__', 'constructor', 'length']) : pick(keys);
      const child = node[key];
      if (child && typeof child === 'object' && !ArrayBuffer.isView(child) && rand() < 0.6) {
        node = child;
        continue;
      }
      node[key] = pick(pool);
      break;
    }
  } catch {
    // a read-only key (a typed array's length), a throwing getter or proxy: no edit
  }
}

/** Copies plain objects and arrays; keeps typed arrays (copied) and other values as they are. */
function structuredCloneLoose(v) {
  if (ArrayBuffer.isView(v)) return v.slice();
  if (Array.isArray(v)) return v.map(structuredCloneLoose);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structuredCloneLoose(x)]));
  return v;
}
