// The code of the experiment (web/code/code-gen.js): for every dataset's
// lesson and a set of variations (every activation, dropout kind, mode, mask,
// optimiser, L1/L2/max-norm on and off, 0 to 6 layers, an input rate, a rate
// for twin B), both generators write Python that compiles (python3 -m
// py_compile) and that names the layers, rates, optimiser, loss and training
// length the page uses. The expectations are worked out from the settings
// (code-gen-cases.mjs, code-gen-checks.mjs), not from the generator's own plan;
// the data's shape and split come from the core (makeDataset). Where PyTorch
// is installed, code-gen-torch.test.mjs also runs some of the files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATASETS } from '../../web/settings.js';
import { datasetInfoFor, kerasCode, pytorchCode, pyFloat } from '../../web/code/code-gen.js';
import { coreShape, variant, PYTHON, tmp, pyCompile, generated } from './code-gen-cases.mjs';
import { checkKeras, checkTorch } from './code-gen-checks.mjs';

describe('datasetInfoFor: the data shape and split the core makes', () => {
  test('for every lesson and other sizes and validation fractions', () => {
    for (const d of DATASETS) {
      for (const [points, val] of [
        [null, null],
        [10, 0.1],
        [37, 0.45],
        [60, 0.35],
        [101, 0.55],
        [400, 0.9],
        [15, 0.15],
      ]) {
        const s = variant(d.id, points === null ? {} : { points, val });
        assert.deepEqual(datasetInfoFor(s), coreShape(s), `${d.id} ${s.points} points, val ${s.val}`);
      }
    }
  });
  test('without datasetInfo the generators use it', () => {
    const s = variant('sine');
    assert.equal(kerasCode(s), kerasCode(s, coreShape(s)));
    assert.equal(pytorchCode(s), pytorchCode(s, coreShape(s)));
    assert.equal(kerasCode(s, null), kerasCode(s, { name: 'sine', trainCount: null }));
  });
  test('counts the page passes (edited points) win over the seeded ones', () => {
    const s = variant('circle');
    const text = pytorchCode({ ...s, edits: 'AAAAAAAAAA' }, { ...coreShape(s), trainCount: 40, validationCount: 9 });
    assert.match(text, /^N_TRAIN, N_VAL = 40, 9$/m);
    assert.match(text, /with the points you edited/);
  });
});

describe('pyFloat', () => {
  test('Python float literals', () => {
    assert.deepEqual([0, 1, 0.5, 0.00001, 0.0003, 3].map(pyFloat), ['0.0', '1.0', '0.5', '0.00001', '0.0003', '3.0']);
  });
});

describe('the generated code names the right layers and rates', () => {
  for (const g of generated) {
    test(`${g.name}: Keras`, () => checkKeras(g.keras, g.settings, g.shape));
    test(`${g.name}: PyTorch`, () => checkTorch(g.torch, g.settings, g.shape));
  }
  test('the checks fail on wrong code', () => {
    const g = generated.find((x) => x.name === 'twin B with dropout');
    const mutate = (text, from, to) => {
      assert.ok(text.includes(from), `the text has ${from}`);
      return text.replace(from, to);
    };
    const wrongKeras = [
      mutate(g.keras, 'build_twin([0.0, 0.6, 0.6])', 'build_twin([0.0, 0.6, 0.5])'),
      mutate(g.keras, 'layers.Dropout(rates[2])', 'layers.GaussianDropout(rates[2])'),
      mutate(g.keras, 'layers.Dropout(rates[2])', 'layers.Dropout(rates[1])'),
      mutate(g.keras, 'layers.Dense(64,', 'layers.Dense(32,'),
      mutate(g.keras, 'learning_rate=0.01', 'learning_rate=0.001'),
      mutate(g.keras, 'EPOCHS = 500', 'EPOCHS = 50'),
      mutate(g.keras, "activation='relu'", "activation='tanh'"),
    ];
    for (const text of wrongKeras) assert.throws(() => checkKeras(text, g.settings, g.shape));
    const wrongTorch = [
      mutate(g.torch, 'nn.Dropout(p=rates[1]),', ''),
      mutate(g.torch, 'nn.Dropout(p=rates[1])', 'nn.AlphaDropout(p=rates[1])'),
      mutate(g.torch, 'nn.Linear(64, 1)', 'nn.Linear(64, 2)'),
      mutate(g.torch, 'lr=0.01', 'lr=0.1'),
      mutate(g.torch, 'build_twin([0.0, 0.3, 0.3])', 'build_twin([0.0, 0.0, 0.0])'),
    ];
    for (const text of wrongTorch) assert.throws(() => checkTorch(text, g.settings, g.shape));
  });
});

describe('the generated code is valid Python (python3 -m py_compile)', () => {
  test('every case, both libraries', (t) => {
    if (!PYTHON) return t.skip('python3 not found (tried $PYTHON, python3, /usr/bin/python3): cannot check the syntax');
    const files = [];
    generated.forEach((g, i) => {
      for (const [lib, text] of [
        ['keras', g.keras],
        ['torch', g.torch],
      ]) {
        const file = path.join(tmp, `case${i}_${lib}.py`);
        fs.writeFileSync(file, text);
        files.push({ file, name: `${g.name} (${lib})` });
      }
    });
    const all = pyCompile(files.map((f) => f.file));
    if (all.status === 0) return;
    const bad = files.filter((f) => pyCompile([f.file]).status !== 0).map((f) => f.name);
    assert.fail(`not valid Python: ${bad.join(', ')}\n${all.stderr}`);
  });
  test('py_compile does reject broken code (the check can fail)', (t) => {
    if (!PYTHON) return t.skip('python3 not found: cannot check the syntax');
    const file = path.join(tmp, 'broken.py');
    fs.writeFileSync(file, generated[0].keras.replace('def build_twin(rates):', 'def build_twin(rates)'));
    assert.notEqual(pyCompile([file]).status, 0);
  });
});

/** The core's initial weight limits (network.cpp): He, LeCun or Glorot uniform; the output layer Glorot. */
