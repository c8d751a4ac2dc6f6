// Fuzzing ConvNetwork, RecurrentNetwork, makeGlyphs and makeSequences as
// fuzz.test.mjs fuzzes Network: seeded valid and hostile arguments; every call
// returns or throws an Error, the module keeps working, nothing leaks; then an
// error storm of rejected calls on one module.
//
// FUZZ_ITERATIONS=N runs longer (default 2000); FUZZ_SEED=S another sequence.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies } from './load-module.mjs';
import { assertIsError, hostileValues, mulberry32, mutate } from './fuzz-values.mjs';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

const dp = await loadFamilies();
const glyphs = dp.makeGlyphs({ classes: 3, train: 12, validation: 12, seed: 1 });
const pattern = dp.makeSequences({ name: 'pattern', sequences: 8, steps: 12, seed: 1 });
const sines = dp.makeSequences({ name: 'sines', sequences: 8, steps: 12, seed: 1 });

const convConfig = () => ({
  classes: 3,
  filters: 4,
  hidden: 8,
  kernelSize: 3,
  padding: 'same',
  convDropout: { rate: 0.2, kind: 'spatial' },
  rate: 0.3,
  batchSize: 4,
  seed: 2,
});
const recurrentConfig = () => ({
  cell: 'lstm',
  units: 6,
  head: 'many-to-one',
  dropout: { kind: 'variational', inputRate: 0.2, recurrentRate: 0.2 },
  learningRate: 0.01,
  seed: 2,
});

function assertModuleWorks(context) {
  const conv = new dp.ConvNetwork(convConfig());
  const rnn = new dp.RecurrentNetwork(recurrentConfig());
  try {
    conv.setData(glyphs);
    assert.equal(conv.train(3).step, 3, `${context}: a fresh ConvNetwork did not train`);
    assert.equal(conv.predict(glyphs.validation.x).length, 12 * 3, context);
    rnn.setData(pattern);
    assert.ok(Number.isFinite(rnn.train(3).loss), `${context}: a fresh RecurrentNetwork did not train`);
    assert.equal(rnn.predict(pattern.validation.x, 12).length, pattern.validation.count, context);
  } finally {
    conv.delete();
    rnn.delete();
  }
}

function calls(conv, rnn) {
  const image = glyphs.validation.x.subarray(0, 144);
  return [
    ['new ConvNetwork', (a) => new dp.ConvNetwork(a[0]), () => [convConfig()]],
    ['new RecurrentNetwork', (a) => new dp.RecurrentNetwork(a[0]), () => [recurrentConfig()]],
    ['makeGlyphs', (a) => dp.makeGlyphs(a[0]), () => [{ side: 10, classes: 2, train: 4, validation: 2, seed: 3 }]],
    ['makeSequences', (a) => dp.makeSequences(a[0]), () => [{ name: 'sines', sequences: 6, steps: 8, seed: 3 }]],
    ['conv.setData', (a) => conv.setData(a[0]), () => [glyphs]],
    ['conv.train', (a) => conv.train(a[0]), () => [2]],
    ['conv.predict', (a) => conv.predict(a[0]), () => [glyphs.validation.x]],
    ['conv.predictMC', (a) => conv.predictMC(a[0], a[1]), () => [glyphs.validation.x, 3]],
    ['conv.masks', (a) => conv.masks(a[0]), () => [1]],
    ['conv.featureMaps', (a) => conv.featureMaps(a[0]), () => [image]],
    ['conv.update', (a) => conv.update(a[0]), () => [{ convDropout: { rate: 0.1, kind: 'elementwise' }, rate: 0.2 }]],
    ['conv.evaluate', () => conv.evaluate(), () => []],
    ['conv.filters', () => conv.filters(), () => []],
    ['conv.config', () => conv.config(), () => []],
    ['rnn.setData', (a) => rnn.setData(a[0]), () => [pattern]],
    ['rnn.train', (a) => rnn.train(a[0]), () => [2]],
    ['rnn.predict', (a) => rnn.predict(a[0], a[1]), () => [pattern.validation.x, 12]],
    ['rnn.masks', (a) => rnn.masks(a[0]), () => [0]],
    ['rnn.hiddenStates', (a) => rnn.hiddenStates(a[0]), () => [pattern.validation.x.subarray(0, 12)]],
    ['rnn.update', (a) => rnn.update(a[0]), () => [{ dropout: { kind: 'naive', recurrentRate: 0.3 } }]],
    ['rnn.evaluate', () => rnn.evaluate(), () => []],
    ['rnn.config', () => rnn.config(), () => []],
  ];
}

describe('fuzzing ConvNetwork and RecurrentNetwork', () => {
  test(`${ITERATIONS} seeded calls with hostile arguments: Errors only, the module keeps working, no leak`, () => {
    const rand = mulberry32(SEED);
    // Objects of their own: a mutation may write into a pool object it inserted (the
    // data the networks train on must stay as made).
    const spare = dp.makeGlyphs({ classes: 3, train: 6, validation: 3, seed: 9 });
    const pool = [...hostileValues(), sines, spare.train, spare.validation.y];
    assertModuleWorks('before fuzzing');
    const baseline = dp.memoryStats().allocatedBytes;
    const conv = new dp.ConvNetwork(convConfig());
    conv.setData(glyphs);
    conv.train(2);
    const rnn = new dp.RecurrentNetwork(recurrentConfig());
    rnn.setData(pattern);
    rnn.train(2);
    let errors = 0;
    const list = calls(conv, rnn);
    for (let i = 0; i < ITERATIONS; i++) {
      const [name, run, valid] = list[Math.floor(rand() * list.length)];
      const args = rand() < 0.2 ? valid() : valid().map((v) => mutate(rand, v, pool));
      if (rand() < 0.05) args.push(...pool.slice(0, Math.floor(rand() * 3)));
      const context = `seed ${SEED}, iteration ${i}, ${name}`;
      let result;
      try {
        result = run(args);
      } catch (err) {
        errors += 1;
        assertIsError(err, context);
        if (errors % 20 === 0) assertModuleWorks(context);
        continue;
      }
      if (result instanceof dp.ConvNetwork || result instanceof dp.RecurrentNetwork) result.delete();
      if (
        name.endsWith('.predict') ||
        name === 'conv.predictMC' ||
        name === 'conv.featureMaps' ||
        name === 'rnn.hiddenStates'
      )
        assert.ok(result instanceof Float32Array && result.every(Number.isFinite), `${context}: ${result}`);
    }
    conv.delete();
    rnn.delete();
    assertModuleWorks('after fuzzing');
    assert.ok(errors > ITERATIONS / 4, `only ${errors} of ${ITERATIONS} calls were refused: the fuzzer is too tame`);
    assert.equal(dp.memoryStats().allocatedBytes, baseline, `allocated bytes did not return to the baseline`);
  });

  test('the error storm: 100,000 rejected calls, then both networks train and memory is at its baseline', () => {
    const conv = new dp.ConvNetwork(convConfig());
    conv.setData(glyphs);
    const rnn = new dp.RecurrentNetwork(recurrentConfig());
    rnn.setData(pattern);
    const big = new Float32Array(250000); // 1 MB that only the rejected calls hold
    const kinds = [
      () => conv.train(-1),
      () => conv.predict(new Float32Array(5)),
      () => conv.setData({ train: { x: new Float32Array(7), y: new Float32Array(3) } }),
      () => new dp.ConvNetwork({ kernelSize: 7 }),
      () => conv.update({ convDropout: { kind: 'x' } }),
      () => rnn.predict(new Float32Array(13), 12),
      () => rnn.setData({ steps: 12, train: { x: [1, 2], y: [0] } }),
      () => new dp.RecurrentNetwork({ dropout: { kind: 'non-recurrent', recurrentRate: 0.5 } }),
      () => rnn.hiddenStates(new Float32Array(65)),
      () => dp.makeSequences({ name: 'sines', steps: 0 }),
      () => dp.makeGlyphs({ train: -1 }),
    ];
    // 1,000 of the calls hold 1 MB each: 1 GB if arguments were kept alive.
    const bigCalls = [() => conv.setData({ train: { x: big, y: new Float32Array(3) } }), () => rnn.hiddenStates(big)];
    for (const call of [...kinds, ...bigCalls]) assert.throws(call);
    const baseline = dp.memoryStats().allocatedBytes;
    let thrown = 0;
    for (let i = 0; i < 100000; i++) {
      try {
        if (i % 100 === 0) bigCalls[(i / 100) % 2]();
        else kinds[i % kinds.length]();
      } catch (err) {
        if (!(err instanceof Error) || err instanceof WebAssembly.RuntimeError) assert.fail(`call ${i} threw ${err}`);
        thrown += 1;
      }
    }
    assert.equal(thrown, 100000, 'every call of the storm must be refused');
    assert.equal(dp.memoryStats().allocatedBytes, baseline, 'the storm leaked');
    assert.equal(conv.train(5).step, 5);
    assert.equal(rnn.train(5).step, 5);
    conv.delete();
    rnn.delete();
    assertModuleWorks('after the storm');
  });
});
