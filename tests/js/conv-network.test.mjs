// The ConvNetwork API (docs/API.md): a small CNN on the seeded glyph images,
// with element-wise or spatial dropout on its feature maps. What a learner is
// shown must hold here: a fresh mask every step, whole maps dropped by spatial
// dropout and single activations by element-wise dropout, in the proportion the
// rate says (bounds are 4 standard deviations of the binomial count), and no
// dropout at inference.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies } from './load-module.mjs';
import { assertBinomial } from './stats.mjs';

const dp = await loadFamilies();
const glyphs = dp.makeGlyphs({ classes: 4, train: 40, validation: 200, noise: 0.1, seed: 1 });
const base = { classes: 4, filters: 8, hidden: 32, learningRate: 0.005, batchSize: 16, seed: 3 };

function withNet(config, fn) {
  const net = new dp.ConvNetwork({ ...base, ...config });
  try {
    net.setData(glyphs);
    return fn(net);
  } finally {
    net.delete();
  }
}

/** Every step's masks, for every example of its batch: [{ featureMaps, hidden }]. */
function collectMasks(net, steps) {
  const out = [];
  for (let s = 0; s < steps; s++) {
    net.train(1);
    const first = net.masks(0);
    for (let e = 0; e < first.examples; e++) out.push(e === 0 ? first : net.masks(e));
  }
  return out;
}

describe('makeGlyphs', () => {
  test('the same spec gives the same images bit for bit; another seed other images', () => {
    const again = dp.makeGlyphs({ classes: 4, train: 40, validation: 200, noise: 0.1, seed: 1 });
    assert.deepEqual(again.train.x, glyphs.train.x);
    assert.deepEqual(again.validation.y, glyphs.validation.y);
    const other = dp.makeGlyphs({ classes: 4, train: 40, validation: 200, noise: 0.1, seed: 2 });
    assert.notDeepEqual(other.train.x, glyphs.train.x);
  });

  test('shapes, names and balanced classes', () => {
    assert.equal(glyphs.side, 12);
    assert.deepEqual(glyphs.names, ['plus', 'cross', 'square', 'circle']);
    assert.equal(glyphs.train.x.length, 40 * 144);
    assert.equal(glyphs.train.count, 40);
    for (let c = 0; c < 4; c++) assert.equal(glyphs.train.y.filter((y) => y === c).length, 10);
  });
});

describe('ConvNetwork', () => {
  test('config reads back, with the feature maps size', () => {
    withNet({ padding: 'valid', kernelSize: 5, convDropout: { rate: 0.25, kind: 'elementwise' } }, (net) => {
      const c = net.config();
      assert.equal(c.kernelSize, 5);
      assert.equal(c.padding, 'valid');
      assert.deepEqual(c.convDropout, { rate: 0.25, kind: 'elementwise' });
      assert.equal(c.mapHeight, 8);
      assert.equal(c.mapWidth, 8);
    });
  });

  test('it learns the glyphs: training accuracy 1 and validation accuracy far above chance', () => {
    withNet({}, (net) => {
      const before = net.evaluate();
      assert.ok(Math.abs(before.train.loss - Math.log(4)) < 0.5, `initial loss ${before.train.loss}, about ln 4`);
      net.train(300);
      const after = net.evaluate();
      assert.equal(after.step, 300);
      assert.equal(after.train.accuracy, 1);
      // chance is 1/4 over 200 images: 0.25 + 4 sqrt(0.25 * 0.75 / 200) = 0.37
      assert.ok(after.validation.accuracy > 0.37, `validation accuracy ${after.validation.accuracy}`);
    });
  });

  test('spatial dropout: whole maps are dropped, at the rate, independently across channels and examples', () => {
    const rate = 0.3;
    withNet({ convDropout: { rate, kind: 'spatial' } }, (net) => {
      const masks = collectMasks(net, 25);
      const hw = 144;
      let dropped = 0;
      let channels = 0;
      let bothChannels = 0;
      let channelPairs = 0;
      for (const m of masks) {
        assert.equal(m.kind, 'spatial');
        assert.equal(m.featureMaps.length, 8 * hw);
        const perChannel = [];
        for (let c = 0; c < 8; c++) {
          const map = m.featureMaps.subarray(c * hw, (c + 1) * hw);
          assert.ok(
            map.every((v) => v === map[0]),
            'a spatial mask is constant over its map',
          );
          assert.ok(map[0] === 0 || Math.abs(map[0] - 1 / (1 - rate)) < 1e-6, `factor ${map[0]}`);
          perChannel.push(map[0] === 0);
        }
        for (const d of perChannel) dropped += d ? 1 : 0;
        channels += 8;
        for (let c = 0; c < 8; c += 2) bothChannels += perChannel[c] && perChannel[c + 1] ? 1 : 0;
        channelPairs += 4;
      }
      assertBinomial(dropped, channels, rate, 'dropped maps');
      assertBinomial(bothChannels, channelPairs, rate * rate, 'disjoint channel pairs both dropped');
      // across examples of one step: example 2k and 2k+1, channel 0
      let bothExamples = 0;
      let examplePairs = 0;
      for (let i = 0; i + 1 < masks.length; i += 2) {
        bothExamples += masks[i].featureMaps[0] === 0 && masks[i + 1].featureMaps[0] === 0 ? 1 : 0;
        examplePairs += 1;
      }
      assertBinomial(bothExamples, examplePairs, rate * rate, 'disjoint example pairs both dropped');
    });
  });

  test('element-wise dropout: single activations are dropped, at the rate; maps are not constant', () => {
    const rate = 0.2;
    withNet({ convDropout: { rate, kind: 'elementwise' } }, (net) => {
      const masks = collectMasks(net, 4);
      let dropped = 0;
      let total = 0;
      let mixedMaps = 0;
      for (const m of masks) {
        assert.equal(m.kind, 'elementwise');
        for (let c = 0; c < 8; c++) {
          const map = m.featureMaps.subarray(c * 144, (c + 1) * 144);
          const zeros = map.filter((v) => v === 0).length;
          if (zeros > 0 && zeros < 144) mixedMaps += 1;
          dropped += zeros;
          total += 144;
        }
      }
      assertBinomial(dropped, total, rate, 'dropped activations');
      assert.equal(mixedMaps, masks.length * 8, 'every map mixes kept and dropped activations');
    });
  });

  test('a fresh mask every step, the hidden layer at its rate, none at inference', () => {
    const rate = 0.5;
    withNet({ convDropout: { rate: 0.3, kind: 'spatial' }, rate }, (net) => {
      net.train(1);
      const a = net.masks(0);
      net.train(1);
      const b = net.masks(0);
      assert.notDeepEqual(a.hidden, b.hidden, 'the hidden mask changes between steps');
      const masks = collectMasks(net, 10);
      let dropped = 0;
      for (const m of masks) for (const v of m.hidden) dropped += v === 0 ? 1 : 0;
      assertBinomial(dropped, masks.length * 32, rate, 'dropped hidden units');
      for (const m of masks) assert.ok(m.hidden.every((v) => v === 0 || v === 2));
      // Inverted dropout: inference is the same whatever the rates.
      const p1 = net.predict(glyphs.validation.x);
      const p2 = net.predict(glyphs.validation.x);
      assert.deepEqual(p1, p2, 'inference draws no mask');
      net.update({ convDropout: 0, rate: 0 });
      assert.deepEqual(net.predict(glyphs.validation.x), p1, 'inverted inference does not depend on the rates');
    });
  });

  test('the original mode scales at inference instead', () => {
    withNet({ dropoutMode: 'original', rate: 0.5 }, (net) => {
      net.train(50);
      const p = net.predict(glyphs.validation.x);
      net.update({ rate: 0 });
      assert.notDeepEqual(net.predict(glyphs.validation.x), p, 'original-mode inference scales by 1 - rate');
      net.train(1);
      assert.ok(
        net.masks(0).hidden.every((v) => v === 1),
        'rate 0 drops nothing',
      );
    });
  });

  test('predictMC: the mean of thinned networks; without dropout the inference network itself', () => {
    withNet({}, (net) => {
      net.train(20);
      assert.deepEqual(net.predictMC(glyphs.validation.x, 4), net.predict(glyphs.validation.x));
    });
    withNet({ convDropout: { rate: 0.5, kind: 'spatial' } }, (net) => {
      net.train(20);
      const mask = net.masks(0).featureMaps;
      const mc = net.predictMC(glyphs.validation.x, 8);
      assert.equal(mc.length, 200 * 4);
      assert.deepEqual(net.predictMC(glyphs.validation.x, 8), mc, 'seeded');
      assert.notDeepEqual(mc, net.predict(glyphs.validation.x));
      assert.deepEqual(net.masks(0).featureMaps, mask, "the training step's masks stay");
      for (let i = 0; i < 200; i++) {
        const s = mc[4 * i] + mc[4 * i + 1] + mc[4 * i + 2] + mc[4 * i + 3];
        assert.ok(Math.abs(s - 1) < 1e-5, `row ${i} sums to ${s}`);
      }
      assert.throws(() => net.predictMC(glyphs.validation.x, 0), /passes must be a whole number from 1 to 1000, got 0/);
      assert.throws(() => net.predictMC(new Float32Array(10), 2), /not a multiple of one image's 144/);
    });
  });

  test('the same seed gives the same run; twins start from the same weights', () => {
    const run = (config) =>
      withNet(config, (net) => {
        const start = net.predict(glyphs.validation.x);
        net.train(120);
        return { start, end: net.predict(glyphs.validation.x), loss: net.evaluate().validation.loss };
      });
    const a = run({ convDropout: { rate: 0.3, kind: 'spatial' } });
    const b = run({ convDropout: { rate: 0.3, kind: 'spatial' } });
    const plain = run({});
    assert.deepEqual(a.end, b.end);
    assert.equal(a.loss, b.loss);
    assert.deepEqual(a.start, plain.start, 'twins share their initial weights');
    assert.notDeepEqual(a.end, plain.end, 'only dropout differs, and it changes the run');
  });

  test('feature maps and filters have their shapes; maps are relu outputs', () => {
    withNet({}, (net) => {
      net.train(20);
      const maps = net.featureMaps(glyphs.validation.x.subarray(0, 144));
      assert.equal(maps.length, 8 * 144);
      assert.ok(maps.every((v) => v >= 0));
      assert.ok(maps.some((v) => v > 0));
      const f = net.filters();
      assert.equal(f.kernel.length, 8 * 9);
      assert.equal(f.bias.length, 8);
    });
  });

  test('bad input is a clear Error and the network keeps working', () => {
    withNet({}, (net) => {
      const cases = [
        [() => new dp.ConvNetwork({ kernelSize: 4 }), /kernel size must be 3 or 5, got 4/],
        [() => new dp.ConvNetwork({ filters: 17 }), /filters must be a whole number from 1 to 16, got 17/],
        [() => new dp.ConvNetwork({ height: 3, width: 3, padding: 'valid' }), /too small/],
        [() => new dp.ConvNetwork({ padding: 'full' }), /unknown padding "full"/],
        [() => new dp.ConvNetwork({ convDropout: { rate: 1 } }), /feature-map dropout rate must be between 0 and 0.95/],
        [() => new dp.ConvNetwork({ convDropout: { kind: 'channel' } }), /dropout kind "channel"/],
        [() => new dp.ConvNetwork({ filter: 8 }), /unknown setting 'filter'/],
        [() => net.setData({ train: { x: new Float32Array(100), y: [0] } }), /100 pixel values.*need 144/],
        [
          () => net.setData({ train: { x: new Float32Array(144), y: [4] } }),
          /labels must be whole numbers from 0 to 3/,
        ],
        [() => net.predict(new Float32Array(143)), /not a multiple of one image's 144/],
        [() => net.featureMaps(new Float32Array(288)), /one image of 144 values, got 288/],
        [() => net.masks(0), /no masks yet/],
        [() => net.update({ filters: 4 }), /a new size needs a new ConvNetwork/],
        [() => net.train(1e9), /steps must be/],
        [() => dp.makeGlyphs({ classes: 7 }), /classes must be between 2 and 6, got 7/],
        [() => dp.makeGlyphs({ side: 40 }), /side must be between 8 and 32, got 40/],
        [() => dp.ConvNetwork({}), /is a class/],
      ];
      for (const [call, message] of cases) assert.throws(call, message);
      const r = net.train(5);
      assert.equal(r.step, 5);
      assert.ok(Number.isFinite(r.loss));
    });
    const net = new dp.ConvNetwork(base);
    net.delete();
    assert.throws(() => net.train(1), /was deleted/);
  });

  test('too much work for one call is refused, with the largest number of steps that fits', () => {
    const big = new dp.ConvNetwork({ height: 32, width: 32, kernelSize: 5, filters: 16, hidden: 256, batchSize: 256 });
    const data = { train: { x: new Float32Array(256 * 1024), y: new Float32Array(256) } };
    big.setData(data);
    assert.throws(() => big.train(1000000), /too much work for one call: this network allows at most \d+ steps/);
    big.delete();
  });
});
