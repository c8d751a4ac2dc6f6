// No growth of the wasm heap over many create / setData / train / predictGrid /
// snapshot / delete cycles, nor over many rejected inputs.
//
// The measure: the module's allocated bytes if it exports a way to read them,
// otherwise the size of the wasm memory (it only grows when malloc runs out,
// so a leak of the sizes allocated here shows up as growth within the cycles
// run). A control test on a fresh instance shows that the measure does see a
// leak of that size.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

const dp = await loadModule();

/** Bytes the module holds: allocated bytes where exported, else the wasm memory size. */
function measure(mod) {
  if (typeof mod.memoryStats === 'function')
    return { what: 'memoryStats().allocatedBytes', bytes: mod.memoryStats().allocatedBytes };
  for (const name of ['allocatedBytes', 'heapInUse', 'mallocInUse']) {
    if (typeof mod[name] === 'function') return { what: `${name}()`, bytes: Number(mod[name]()) };
  }
  const memory = mod.wasmMemory ?? mod.asm?.memory;
  if (memory?.buffer) return { what: 'wasm memory byteLength', bytes: memory.buffer.byteLength };
  if (mod.HEAP8) return { what: 'HEAP8.buffer.byteLength', bytes: mod.HEAP8.buffer.byteLength };
  throw new Error('the module exports neither HEAP8 nor its memory: nothing to measure');
}

const NAMES = ['moons', 'circle', 'xor', 'gaussians', 'spiral', 'blobs3', 'plane'];

/** One full life of a network, exercising every method that allocates. */
function cycle(mod, i) {
  const name = NAMES[i % NAMES.length];
  const data = mod.makeDataset({ name, points: 400, noise: 0.2, seed: i + 1 });
  const net = new mod.Network({
    inputs: 2,
    task: data.task,
    classes: data.classes || 3,
    inputDropout: { rate: 0.1 },
    layers: [
      { units: 48, activation: 'relu', rate: 0.5 },
      { units: 48, activation: 'tanh', rate: 0.3, kind: i % 2 ? 'gaussian' : 'dropconnect' },
    ],
    maskPer: ['example', 'batch', 'epoch'][i % 3],
    optimizer: ['adam', 'momentum', 'sgd'][i % 3],
    batchSize: 32,
    seed: i + 1,
  });
  try {
    net.setData(data);
    const r = net.train(3);
    assert.equal(r.step, 3);
    net.evaluate();
    net.predict(data.validation.x);
    const box = data.box;
    const grid = net.predictGrid({ width: 48, height: 48, ...box });
    assert.equal(grid.length, 48 * 48 * data.outputs);
    net.predictGrid({ width: 48, height: 48, ...box, thinned: true, thinnedSeed: i });
    net.predictMC(data.validation.x.subarray(0, 40), 4);
    net.masks();
    net.weights();
    net.activationStats(data.validation.x.subarray(0, 40));
    net.update({ learningRate: 0.005, rates: [0, 0.2, 0.2] });
    const snap = JSON.parse(JSON.stringify(net.snapshot()));
    const copy = mod.Network.restore(snap);
    try {
      copy.setData(data);
      copy.train(1);
    } finally {
      copy.delete();
    }
  } finally {
    net.delete();
  }
}

// Under AddressSanitizer (scripts/test-sanitizers.sh) malloc is ASan's, which
// memoryStats() cannot see into: these tests measure emmalloc, so they skip there.
const sanitizedAllocator = process.env.DP_SANITIZED_ALLOCATOR === '1';

describe('wasm heap does not grow', { skip: sanitizedAllocator && "malloc is AddressSanitizer's here" }, () => {
  test('control: the measure sees a leak of this size (networks never deleted)', async (t) => {
    const fresh = await loadModule();
    const before = measure(fresh);
    const kept = [];
    let grew = false;
    let aborted = null;
    try {
      // each network: ~2·48 + 48·48 + 48 weights plus optimizer state and data, ~50-100 KB
      for (let i = 0; i < 1500 && !grew; i++) {
        const data = fresh.makeDataset({ name: 'moons', points: 400, seed: i + 1 });
        const net = new fresh.Network({ inputs: 2, layers: [{ units: 48 }, { units: 48 }], seed: i + 1 });
        net.setData(data);
        net.train(1);
        kept.push(net);
        grew = measure(fresh).bytes > before.bytes;
      }
    } catch (e) {
      aborted = e; // memory growth disabled: the leak ran the module out of memory
    }
    for (const net of kept) {
      try {
        net.delete();
      } catch {
        /* instance may have aborted */
      }
    }
    if (aborted) {
      t.diagnostic(
        `memory cannot grow in this build; leaking aborted after ${kept.length} networks: ${aborted.message ?? aborted}`,
      );
      assert.ok(kept.length > 10, 'the module aborted almost at once');
      return;
    }
    assert.ok(
      grew,
      `leaking ${kept.length} networks did not change ${before.what} (${before.bytes}): the memory test could not see a leak`,
    );
    t.diagnostic(`${before.what} grew after ${kept.length} leaked networks`);
  });

  test('500 create/setData/train/predictGrid/snapshot/restore/delete cycles', (t) => {
    for (let i = 0; i < 50; i++) cycle(dp, i); // warm-up: let the allocator reach its working size
    const before = measure(dp);
    for (let i = 50; i < 550; i++) cycle(dp, i);
    const after = measure(dp);
    t.diagnostic(`${before.what}: ${before.bytes} -> ${after.bytes}`);
    assert.equal(
      after.bytes,
      before.bytes,
      `${before.what} grew from ${before.bytes} to ${after.bytes} over 500 cycles`,
    );
  });

  test('2000 predictGrid calls on one network reuse their buffer', (t) => {
    const data = dp.makeDataset({ name: 'moons', points: 100, seed: 1 });
    const net = new dp.Network({ inputs: 2, layers: [{ units: 16, rate: 0.5 }] });
    try {
      net.setData(data);
      const spec = { width: 64, height: 64, ...data.box };
      for (let i = 0; i < 50; i++) net.predictGrid({ ...spec, thinned: i % 2 === 1, thinnedSeed: i });
      const before = measure(dp);
      for (let i = 0; i < 2000; i++) net.predictGrid({ ...spec, thinned: i % 2 === 1, thinnedSeed: i });
      const after = measure(dp);
      t.diagnostic(`${before.what}: ${before.bytes} -> ${after.bytes}`);
      assert.equal(after.bytes, before.bytes, `${before.what} grew from ${before.bytes} to ${after.bytes}`);
    } finally {
      net.delete();
    }
  });

  test('500 rounds of rejected inputs do not grow memory', (t) => {
    const big = dp.makeDataset({ name: 'moons', points: 5000, seed: 2 });
    const shortY = big.train.y.slice(1);
    const net = new dp.Network({ inputs: 2, layers: [{ units: 32, rate: 0.5 }] });
    const oneInput = new dp.Network({ inputs: 1, task: 'regression', layers: [{ units: 4 }] });
    const hugeLayers = Array.from({ length: 8 }, () => ({ units: 256, rate: 0.5 }));
    const bad = [
      () => new dp.Network({ inputs: 2, layers: hugeLayers, learningRate: -1 }), // a large net with a bad setting
      () => new dp.Network({ inputs: 2, layers: [...hugeLayers, { units: 1 }] }), // 9 layers
      () => new dp.Network({ inputs: 2, layers: [{ units: 256, rate: 1 }] }),
      () => new dp.Network({ inputs: 2, layers: [{ units: 256, activation: 'relux' }] }),
      () => new dp.Network({ inputs: 2, task: 'nope' }),
      () => net.setData({ train: { x: big.train.x, y: shortY } }), // a large mismatched set
      () => net.setData({ train: { x: new Float32Array(0), y: new Float32Array(0) } }),
      () => net.train(-1),
      () => oneInput.predictGrid({ width: 64, height: 64, xMin: 0, xMax: 1, yMin: 0, yMax: 1 }),
      () => dp.makeDataset({ name: 'nope', points: 5000 }),
    ];
    const round = () => {
      for (const fn of bad) {
        let threw = false;
        try {
          const made = fn();
          made?.delete?.(); // should not happen: it must throw
        } catch (e) {
          threw = e instanceof Error;
        }
        assert.ok(threw, `${fn} did not throw an Error`);
      }
    };
    try {
      net.setData(big);
      for (let i = 0; i < 20; i++) round();
      const before = measure(dp);
      for (let i = 0; i < 500; i++) round();
      const after = measure(dp);
      t.diagnostic(`${before.what}: ${before.bytes} -> ${after.bytes}`);
      assert.equal(
        after.bytes,
        before.bytes,
        `${before.what} grew from ${before.bytes} to ${after.bytes} over 5000 errors`,
      );
      // and the network that saw the errors still trains
      assert.ok(Number.isFinite(net.train(5).loss));
    } finally {
      net.delete();
      oneInput.delete();
    }
  });
});
