// Bad input throws a readable JS Error (docs/API.md: "Bad input throws a JS
// Error whose message names the setting and the allowed values ... The module
// keeps working after an error"), and divergence is reported, not hidden.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

const dp = await loadModule();

const moons = dp.makeDataset({ name: 'moons', points: 60, seed: 1 });
const plane = dp.makeDataset({ name: 'plane', points: 80, seed: 1 });

const good = () => ({
  inputs: 2,
  task: 'binary',
  layers: [
    { units: 8, activation: 'relu', rate: 0.2 },
    { units: 8, activation: 'relu', rate: 0.2 },
  ],
  batchSize: 8,
  seed: 1,
});

/** A fresh network still builds, takes data and trains to a finite loss. */
function assertModuleWorks(after) {
  const net = new dp.Network(good());
  try {
    net.setData(moons);
    const r = net.train(5);
    assert.equal(r.step, 5, `module broken after ${after}`);
    assert.ok(Number.isFinite(r.loss), `module broken after ${after}: loss ${r.loss}`);
    assert.equal(net.predict(moons.validation.x).length, moons.validation.count);
  } finally {
    net.delete();
  }
  assert.equal(
    dp.makeDataset({ name: 'xor', points: 20 }).train.count +
      dp.makeDataset({ name: 'xor', points: 20 }).validation.count,
    20,
  );
}

/** fn must throw an Error whose message matches every regex; then the module must still work. */
function assertReadableError(fn, regexes, what) {
  let thrown = false;
  let err;
  try {
    fn();
  } catch (e) {
    thrown = true;
    err = e;
  }
  assert.ok(thrown, `${what}: did not throw`);
  assert.ok(err instanceof Error, `${what}: threw ${typeof err} ${String(err)} instead of an Error`);
  assert.equal(typeof err.message, 'string');
  assert.doesNotMatch(err.message, /^\s*-?\d+\s*$/, `${what}: message is a bare number`);
  for (const re of [regexes].flat()) assert.match(err.message, re, `${what}: message "${err.message}"`);
  assertModuleWorks(what);
}

/** Builds a network from cfg and expects it to throw (a network that was built is freed). */
function badNetwork(cfg, regexes, what) {
  assertReadableError(
    () => {
      const net = new dp.Network(cfg);
      net.delete();
    },
    regexes,
    what,
  );
}

describe('bad configs throw readable Errors', () => {
  for (const rate of [1, 1.5, -0.1, NaN]) {
    test(`dropout rate ${rate} on a hidden layer`, () => {
      const cfg = good();
      cfg.layers[1].rate = rate;
      badNetwork(cfg, [/rate/i, /layer 2/i], `layer rate ${rate}`);
    });
    test(`input dropout rate ${rate}`, () => {
      badNetwork({ ...good(), inputDropout: { rate } }, [/rate/i, /input/i], `input rate ${rate}`);
    });
  }

  for (const units of [0, -3, 1000]) {
    test(`units ${units}`, () => {
      const cfg = good();
      cfg.layers[0].units = units;
      // names the setting, the layer and the bound that was broken (1 or 256)
      badNetwork(cfg, [/units/i, /layer 1/i, units < 1 ? /\b1\b/ : /256/], `units ${units}`);
    });
  }

  test("unknown activation 'relux'", () => {
    const cfg = good();
    cfg.layers[0].activation = 'relux';
    badNetwork(cfg, [/activation/i, /leaky_relu/], 'activation relux');
  });

  for (const learningRate of [NaN, -1, 0]) {
    test(`learningRate ${learningRate}`, () => {
      badNetwork({ ...good(), learningRate }, /learning ?rate/i, `learningRate ${learningRate}`);
    });
  }

  test('more than 8 hidden layers', () => {
    const layers = Array.from({ length: 9 }, () => ({ units: 4 }));
    badNetwork({ ...good(), layers }, [/layers/i, /8/], '9 layers');
  });

  for (const inputs of [0, 65]) {
    test(`inputs ${inputs}`, () => {
      badNetwork({ ...good(), inputs }, /inputs/i, `inputs ${inputs}`);
    });
  }

  test('unknown task', () => {
    badNetwork({ ...good(), task: 'classification' }, [/task/i, /multiclass/], 'task classification');
  });

  for (const classes of [1, 17]) {
    test(`multiclass with ${classes} classes`, () => {
      badNetwork({ ...good(), task: 'multiclass', classes }, /classes/i, `classes ${classes}`);
    });
  }

  const enums = [
    [
      'dropout kind',
      (c) => {
        c.layers[0].kind = 'salt';
      },
      /kind|dropout/i,
    ],
    [
      'dropoutMode',
      (c) => {
        c.dropoutMode = 'sideways';
      },
      /mode/i,
    ],
    [
      'maskPer',
      (c) => {
        c.maskPer = 'decade';
      },
      /mask/i,
    ],
    [
      'optimizer',
      (c) => {
        c.optimizer = 'rmsprop';
      },
      /optimi[sz]er/i,
    ],
    [
      'init',
      (c) => {
        c.init = 'zeros';
      },
      /init/i,
    ],
  ];
  for (const [what, mutate, re] of enums) {
    test(`unknown ${what}`, () => {
      const cfg = good();
      mutate(cfg);
      badNetwork(cfg, re, `unknown ${what}`);
    });
  }

  const numeric = [
    ['momentum 1', { optimizer: 'momentum', momentum: 1 }, /momentum/i],
    ['l2 -1', { l2: -1 }, /l2/i],
    ['l1 -1', { l1: -1 }, /l1/i],
    ['maxNorm -1', { maxNorm: -1 }, /norm/i],
    ['batchSize 0', { batchSize: 0 }, /batch/i],
  ];
  for (const [what, over, re] of numeric) {
    test(what, () => badNetwork({ ...good(), ...over }, re, what));
  }
});

describe('bad calls throw readable Errors', () => {
  test('setData with x length not matching inputs * count', () => {
    const net = new dp.Network(good());
    try {
      const x = moons.train.x.slice(0, moons.train.x.length - 1); // one float short
      assertReadableError(
        () => net.setData({ train: { x, y: moons.train.y } }),
        /length|size|count|inputs|match|rows/i,
        'setData x one short',
      );
      // 3 floats per point for a 2-input network
      const x3 = new Float32Array(moons.train.count * 3);
      assertReadableError(
        () => net.setData({ train: { x: x3, y: moons.train.y } }),
        /length|size|count|inputs|match|rows/i,
        'setData x for 3 inputs',
      );
      assertReadableError(
        () =>
          net.setData({ train: moons.train, validation: { x: moons.validation.x, y: moons.validation.y.slice(1) } }),
        /length|size|count|inputs|match|rows/i,
        'setData validation y one short',
      );
      // the network itself still works after its own errors
      net.setData(moons);
      assert.ok(Number.isFinite(net.train(3).loss));
    } finally {
      net.delete();
    }
  });

  test('setData with an empty training set', () => {
    const net = new dp.Network(good());
    try {
      assertReadableError(
        () => net.setData({ train: { x: new Float32Array(0), y: new Float32Array(0) }, validation: moons.validation }),
        /empty|at least|no |zero|none|count/i,
        'setData empty train',
      );
    } finally {
      net.delete();
    }
  });

  test('predictGrid on a 1-input network', () => {
    const sine = dp.makeDataset({ name: 'sine' });
    const net = new dp.Network({ inputs: 1, task: 'regression', layers: [{ units: 4 }] });
    try {
      net.setData(sine);
      net.train(2);
      assertReadableError(
        () => net.predictGrid({ width: 4, height: 4, xMin: -1, xMax: 1, yMin: -1, yMax: 1 }),
        /input/i,
        'predictGrid on 1 input',
      );
    } finally {
      net.delete();
    }
  });

  test('unknown dataset name', () => {
    assertReadableError(() => dp.makeDataset({ name: 'donut' }), [/dataset|name/i, /moons/], 'dataset donut');
  });

  for (const steps of [-1, NaN]) {
    test(`train(${steps})`, () => {
      const net = new dp.Network(good());
      try {
        net.setData(moons);
        assertReadableError(() => net.train(steps), /steps|train/i, `train(${steps})`);
        const r = net.train(2);
        assert.equal(r.step, 2, `a rejected train(${steps}) must not have stepped`);
      } finally {
        net.delete();
      }
    });
  }

  test('update with a bad learningRate or rate', () => {
    const net = new dp.Network(good());
    try {
      const before = net.config();
      assertReadableError(() => net.update({ learningRate: -1 }), /learning ?rate/i, 'update learningRate -1');
      assertReadableError(() => net.update({ rates: [0, 1, 0] }), /rate/i, 'update rates [0, 1, 0]');
      assertReadableError(() => net.update({ rates: [0, 0, 1.5] }), /rate/i, 'update rates [0, 0, 1.5]');
      assert.deepEqual(net.config(), before, 'a rejected update changes nothing');
    } finally {
      net.delete();
    }
  });

  test('restore of something that is not a snapshot', () => {
    assertReadableError(
      () => {
        const net = dp.Network.restore({ version: 1 });
        net.delete();
      },
      /snapshot|config|version|params|missing|invalid/i,
      'restore {version: 1}',
    );
  });

  test('many errors in a row leave the module working', () => {
    for (let i = 0; i < 50; i++) {
      assert.throws(() => new dp.Network({ ...good(), learningRate: -1 }), Error);
      assert.throws(() => dp.makeDataset({ name: 'nope' }), Error);
    }
    assertModuleWorks('100 errors');
  });
});

describe('divergence is reported', () => {
  function runUntil(net, calls) {
    let r;
    for (let i = 0; i < calls; i++) {
      r = net.train(10);
      if (!Number.isFinite(r.loss)) assert.equal(r.diverged, true, `loss ${r.loss} at step ${r.step} without diverged`);
      if (r.diverged) break;
    }
    return r;
  }

  test('sgd with learning rate 100 (the largest allowed) on regression plane: diverged, and training stops', () => {
    const net = new dp.Network({
      inputs: 2,
      task: 'regression',
      layers: [
        { units: 16, activation: 'relu' },
        { units: 16, activation: 'relu' },
      ],
      optimizer: 'sgd',
      learningRate: 100,
      batchSize: 8,
      seed: 1,
    });
    try {
      net.setData(plane);
      const r = runUntil(net, 30);
      const e = net.evaluate();
      assert.ok(
        r.diverged || e.diverged,
        `no divergence reported: train ${JSON.stringify(r)}, evaluate ${JSON.stringify(e)}`,
      );
      for (const set of ['train', 'validation']) {
        if (!Number.isFinite(e[set].loss))
          assert.equal(e.diverged, true, `evaluate ${set} loss ${e[set].loss} without diverged`);
      }
      if (r.diverged) {
        assert.equal(e.diverged, true, 'evaluate agrees that the network diverged');
        const again = net.train(10);
        assert.equal(again.diverged, true, 'still diverged');
        assert.equal(again.step, r.step, 'a diverged network does not train on');
      }
    } finally {
      net.delete();
    }
    assertModuleWorks('divergence');
  });

  test('sgd with learning rate 100 (the largest allowed) on binary: a non-finite loss is never reported without diverged', () => {
    const net = new dp.Network({ ...good(), optimizer: 'sgd', learningRate: 100 });
    try {
      net.setData(moons);
      const r = runUntil(net, 30);
      assert.equal(typeof r.diverged, 'boolean');
      assert.ok(r.diverged || Number.isFinite(r.loss), `train: loss ${r.loss}, diverged ${r.diverged}`);
      const e = net.evaluate();
      assert.equal(typeof e.diverged, 'boolean');
      for (const set of ['train', 'validation']) {
        assert.ok(e.diverged || Number.isFinite(e[set].loss), `evaluate ${set} loss ${e[set].loss} without diverged`);
      }
      if (r.diverged) assert.equal(e.diverged, true);
    } finally {
      net.delete();
    }
  });

  test('a sane network does not diverge', () => {
    const net = new dp.Network({ ...good(), task: 'regression', learningRate: 0.01 });
    try {
      net.setData(plane);
      const r = runUntil(net, 20);
      assert.equal(r.diverged, false);
      assert.equal(net.evaluate().diverged, false);
    } finally {
      net.delete();
    }
  });
});
