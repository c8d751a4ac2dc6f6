// Hostile argument values for the API fuzz test (fuzz.test.mjs): everything a
// caller could pass by mistake or on purpose, and a seeded random generator.

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
