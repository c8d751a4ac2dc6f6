// Fuzzing the public API (docs/API.md) with a seeded mix of valid and hostile
// arguments. What must hold for every call:
//   - it returns, or throws an Error (an `instanceof Error` with a non-empty
//     message that is not a bare number); never an abort, never another value;
//   - after an error, a fresh network still builds, trains and predicts;
//   - when every network made is deleted, memoryStats().allocatedBytes is back
//     at its baseline (nothing leaked by errors or by successes).
// Plus the error storm: 200,000 rejected calls in a row on one module.
//
// FUZZ_ITERATIONS=N runs longer (default 3000, about 20 s); FUZZ_SEED=S
// another sequence. A failure prints the seed, iteration and call.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';
import { assertIsError, hostileValues, mulberry32, mutate } from './fuzz-values.mjs';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

const dp = await loadModule();
const moons = dp.makeDataset({ name: 'moons', points: 60, seed: 1 });
const plane = dp.makeDataset({ name: 'plane', points: 60, seed: 1 });
const blobs = dp.makeDataset({ name: 'blobs3', points: 60, seed: 1 });

const goodConfig = () => ({
  inputs: 2,
  task: 'binary',
  layers: [
    { units: 8, activation: 'relu', rate: 0.5 },
    { units: 4, activation: 'tanh', rate: 0.2, kind: 'gaussian' },
  ],
  inputDropout: { rate: 0.1 },
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 8,
  seed: 3,
});

/** A fresh network builds, takes data, trains to a finite loss and predicts the right shape. */
function assertModuleWorks(context) {
  const net = new dp.Network(goodConfig());
  try {
    net.setData(moons);
    const r = net.train(5);
    assert.equal(r.step, 5, `${context}: a fresh network did not train`);
    assert.ok(Number.isFinite(r.loss), `${context}: loss ${r.loss}`);
    const p = net.predict(moons.validation.x);
    assert.equal(p.length, moons.validation.count, `${context}: predict returned ${p.length} values`);
    assert.ok(
      p.every((v) => v >= 0 && v <= 1),
      `${context}: probabilities out of [0, 1]`,
    );
  } finally {
    net.delete();
  }
}

/** Every API function with a valid argument list to mutate. `net` is a trained network. */
function calls(net, snapshot, rand) {
  const box = moons.box;
  const x = moons.validation.x;
  return [
    ['new Network', (a) => new dp.Network(a[0]), () => [goodConfig()]],
    ['Network.restore', (a) => dp.Network.restore(a[0]), () => [snapshot]],
    ['makeDataset', (a) => dp.makeDataset(a[0]), () => [{ name: 'xor', points: 40, noise: 0.3, seed: 2 }]],
    ['setData', (a) => net.setData(a[0]), () => [{ train: moons.train, validation: moons.validation }]],
    ['train', (a) => net.train(a[0]), () => [3]],
    ['predict', (a) => net.predict(a[0]), () => [x]],
    ['predictThinned', (a) => net.predictThinned(a[0], a[1]), () => [x, 7]],
    ['thinnedMasks', (a) => net.thinnedMasks(a[0]), () => [7]],
    ['predictMC', (a) => net.predictMC(a[0], a[1]), () => [x, 4]],
    ['predictGrid', (a) => net.predictGrid(a[0]), () => [{ width: 16, height: 16, ...box, thinned: true }]],
    ['unitGrid', (a) => net.unitGrid(a[0]), () => [{ width: 8, height: 8, ...box }]],
    ['activationStats', (a) => net.activationStats(a[0]), () => [x]],
    [
      'update',
      (a) => net.update(a[0]),
      () => [{ learningRate: 0.02, rates: [0, 0.3, 0.3], kinds: ['bernoulli', 'dropconnect', 'gaussian'], l2: 1e-4 }],
    ],
    ['masks', () => net.masks(), () => []],
    ['weights', () => net.weights(), () => []],
    ['evaluate', () => net.evaluate(), () => []],
    ['pointLosses', (a) => net.pointLosses(a[0]), () => [rand() < 0.5 ? 'train' : 'validation']],
    ['unitAblation', (a) => net.unitAblation(a[0]), () => [rand() < 0.5 ? 'train' : 'validation']],
    [
      'setSilenced',
      (a) => net.setSilenced(a[0]),
      () => [
        [
          { layer: 1, unit: 3 },
          { layer: 2, unit: 0 },
        ],
      ],
    ],
    ['silenced', () => net.silenced(), () => []],
    ['config', () => net.config(), () => []],
    ['snapshot', () => net.snapshot(), () => []],
  ];
}

/** FUZZ_TRACE=ms: print every call slower than that (to find what makes a run slow). */
function trace(context, started, err) {
  const ms = performance.now() - started;
  if (process.env.FUZZ_TRACE && ms > Number(process.env.FUZZ_TRACE))
    console.log(`${context}: ${ms.toFixed(0)} ms${err ? ` (refused: ${err.message.slice(0, 120)})` : ''}`);
}

/** Deletes what a successful call created, and checks the shape of what it returned. */
function settle(name, result, args) {
  if (result instanceof dp.Network) {
    result.delete();
    return;
  }
  if (name === 'predict' || name === 'predictThinned') {
    assert.ok(result instanceof Float32Array, `${name} returned ${typeof result}`);
    assert.equal(result.length % 1, 0);
  }
  if (name === 'thinnedMasks') {
    assert.ok(Array.isArray(result) && result.every((m) => m.values instanceof Float32Array), 'thinnedMasks shape');
  }
  if (name === 'unitAblation' && result !== null) {
    assert.ok(Array.isArray(result.layers) && typeof result.baseline === 'number', 'unitAblation shape');
    assert.ok(result.layers.every((l) => l.losses instanceof Float32Array));
  }
  if (name === 'predictMC') {
    assert.ok(
      result.variance.every((v) => v >= 0),
      `predictMC variance < 0 for ${JSON.stringify(args)?.slice(0, 200)}`,
    );
  }
}

describe('fuzzing the API', () => {
  test(`${ITERATIONS} seeded calls with hostile arguments: Errors only, the module keeps working, no leak`, () => {
    const rand = mulberry32(SEED);
    const pool = [...hostileValues(), plane, blobs, plane.train, blobs.validation.y];
    assertModuleWorks('before fuzzing');
    dp.datasetNames(); // its list is made once, on first use: not a leak
    const baseline = dp.memoryStats().allocatedBytes;
    const nets = [];
    const fresh = () => {
      const n = new dp.Network(goodConfig());
      n.setData(moons);
      n.train(2);
      nets.push(n);
      return n;
    };
    let net = fresh();
    let snapshot = JSON.parse(JSON.stringify(net.snapshot()));
    let errors = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      if (i % 200 === 199) net = fresh(); // another task and state now and then
      const list = calls(net, snapshot, rand);
      const [name, run, valid] = list[Math.floor(rand() * list.length)];
      const args = rand() < 0.2 ? valid() : valid().map((v) => mutate(rand, v, pool));
      if (rand() < 0.05) args.push(...pool.slice(0, Math.floor(rand() * 3))); // extra arguments
      const context = `seed ${SEED}, iteration ${i}, ${name}`;
      let result;
      const started = performance.now();
      try {
        result = run(args);
      } catch (err) {
        trace(context, started, err);
        errors += 1;
        assertIsError(err, context);
        if (errors % 10 === 0) assertModuleWorks(context);
        continue;
      }
      trace(context, started, null);
      settle(name, result, args);
      if (name === 'setData' && net.config().task !== 'binary') net = fresh();
    }
    assertModuleWorks('after fuzzing');
    for (const n of nets) n.delete();
    assert.ok(errors > ITERATIONS / 4, `only ${errors} of ${ITERATIONS} calls were refused: the fuzzer is too tame`);
    assert.equal(
      dp.memoryStats().allocatedBytes,
      baseline,
      `allocated bytes did not return to the baseline after ${errors} errors`,
    );
  });

  test('the error storm: 200,000 rejected calls, then a network trains and memory is at its baseline', () => {
    const net = new dp.Network(goodConfig());
    net.setData(moons);
    const big = new Float32Array(250000); // 1 MB, that only the rejected calls hold
    const kinds = [
      () => net.train(-1),
      () => net.predict('x'),
      () => net.setData({ train: { x: new Float32Array(7), y: new Float32Array(3) } }),
      () =>
        new dp.Network({
          get inputs() {
            throw new Error('getter');
          },
        }),
      () => net.predictGrid({ width: 4, height: 4, xMin: 1, xMax: 0, yMin: 0, yMax: 1 }),
      () => net.update({ rates: [0, 2, 0] }),
      () => dp.Network.restore({ version: 999 }),
      () => net.predictMC(new Float32Array([NaN, 1]), 2),
    ];
    const bigCall = () => net.setData({ train: { x: big, y: new Float32Array(3) } });
    // One round first: the network's reusable buffers reach their size (not a leak).
    for (const call of [...kinds, bigCall]) assert.throws(call);
    const baseline = dp.memoryStats().allocatedBytes;
    const count = 200000;
    let thrown = 0;
    for (let i = 0; i < count; i++) {
      try {
        // 2,000 of them hold 1 MB each: 2 GB if arguments were kept alive.
        if (i % 100 === 0) bigCall();
        else kinds[i % kinds.length]();
      } catch (err) {
        if (!(err instanceof Error) || err instanceof WebAssembly.RuntimeError)
          assert.fail(`call ${i} threw ${String(err)}`);
        thrown += 1;
      }
    }
    assert.equal(thrown, count, 'every call of the storm must be refused');
    assert.equal(dp.memoryStats().allocatedBytes, baseline, 'the storm leaked');
    const r = net.train(20);
    assert.equal(r.step, 20);
    assert.ok(Number.isFinite(r.loss));
    net.delete();
    assertModuleWorks('after the storm');
  });
});
