// The generated PyTorch code, run where PyTorch is installed: a few training steps with
// checks of the custom modules appended, and, with no dropout and the full batch, the
// same losses as the core's for the same weights (tests/js/code-gen-cases.mjs).
import { describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { datasetSpec, twinSpecs } from '../../web/settings.js';
import { networkConfig } from '../../web/worker-twin.js';
import { pytorchCode } from '../../web/code/code-gen.js';
import { dp, coreShape, variant, findPython, PYTHON, tmp, generated } from './code-gen-cases.mjs';

function initLimits(s, shape) {
  const sizes = [shape.inputs, ...s.layers, shape.outputs];
  return sizes.slice(1).map((out, i) => {
    const fanIn = sizes[i];
    const hidden = i < s.layers.length;
    if (hidden && (s.act === 'relu' || s.act === 'leaky_relu')) return Math.sqrt(6 / fanIn);
    if (hidden && s.act === 'selu') return Math.sqrt(3 / fanIn);
    return Math.sqrt(6 / (fanIn + out));
  });
}

// Appended to a PyTorch file: the custom modules, the penalty, max-norm and the
// initial weights do what the comments say.
const TORCH_CHECKS = `
torch.manual_seed(0)
if 'GaussianDropout' in globals():
    g = GaussianDropout(0.5).train()
    y = g(torch.ones(400000))
    assert abs(y.mean().item() - 1) < 0.01 and abs(y.std().item() - 1) < 0.01, (y.mean(), y.std())
    assert torch.equal(g.eval()(torch.ones(5)), torch.ones(5))
if 'DropConnectLinear' in globals():
    d = DropConnectLinear(50, 3, p=0.4)
    x = torch.randn(1, 50).repeat(20000, 1)
    mean = d.train()(x).mean(dim=0)
    plain = d.eval()(x[:1])[0]
    assert torch.allclose(mean, plain, atol=0.1 * float(plain.abs().max()) + 0.05), (mean, plain)
    x1 = torch.zeros(20000, 50)
    x1[:, 0] = 1
    with torch.no_grad():
        r = (d.train()(x1) - d.bias) / d.weight[:, 0]  # 0 (dropped) or 1 / (1 - p) (kept, scaled)
    kept = r.ne(0).float().mean().item()
    assert abs(kept - 0.6) < 0.02, kept
    assert torch.allclose(r[r.ne(0)], torch.full_like(r[r.ne(0)], 1 / 0.6), rtol=1e-4)
if 'penalty' in globals():
    w = [m.weight for m in twin_a.modules() if isinstance(m, nn.Linear)]
    by_hand = sum(L1 * float(v.abs().sum()) + L2 * float((v * v).sum()) for v in w)
    assert abs(float(penalty(twin_a)) - by_hand) <= 1e-4 * max(1.0, by_hand)
import copy
_fresh = copy.deepcopy(twin_b)
init_like_the_page(_fresh)
for _layer, _limit in zip([m for m in _fresh.modules() if isinstance(m, nn.Linear)], INIT_LIMITS):
    _top = float(_layer.weight.abs().max())
    assert _top <= _limit * (1 + 1e-6) and (_layer.weight.numel() < 64 or _top > 0.8 * _limit), (_top, _limit)
    assert float(_layer.bias.abs().max()) == 0
if 'MAX_NORM' in globals():
    for m in twin_a.modules():
        if isinstance(m, nn.Linear):
            assert float(m.weight.norm(dim=1).max()) <= MAX_NORM * (1 + 1e-5)
print('checks passed')
`;

describe('the generated PyTorch code runs', () => {
  const TORCH = PYTHON && findPython('import torch');
  const names = [
    'lesson circle',
    'lesson blobs3',
    'lesson sine',
    'gaussian original, input rate',
    'dropconnect inverted, input rate',
    'alpha with selu',
    'l1, l2 and max-norm',
    'six layers, mixed rates',
    'twin B with dropconnect',
    'act leaky_relu',
    'act linear',
    'no hidden layer',
  ];
  for (const name of names) {
    test(`${name}, a few steps`, (t) => {
      if (!TORCH) return t.skip('PyTorch is not installed (import torch failed): the code was only compiled');
      const g = generated.find((x) => x.name === name);
      assert.ok(g, name);
      const limits = `INIT_LIMITS = ${JSON.stringify(initLimits(g.settings, g.shape))}\n`;
      const text = g.torch.replace(/^STEPS = \d+$/m, 'STEPS = 4') + limits + TORCH_CHECKS;
      const file = path.join(tmp, `run_${name.replace(/\W+/g, '_')}.py`);
      fs.writeFileSync(file, text);
      const r = spawnSync(TORCH, [file], { encoding: 'utf8', timeout: 120000 });
      assert.equal(r.status, 0, `${name}: exit ${r.status}\n${r.stderr}`);
      assert.match(r.stdout, /twin A \(dropout\): epoch \d+, step 4, validation loss/);
      assert.match(r.stdout, /twin B .*step 4, validation loss/);
      assert.match(r.stdout, /checks passed/);
    });
  }
});

// Without dropout and with the whole training set in one minibatch a run has no
// randomness: the PyTorch code, started from the core's initial weights on the
// core's points, must end where the core ends. This checks the loss, the
// penalty (its L1, its L2 without 1/2, no biases), max-norm, and the optimisers'
// forms against the page's own numbers.
const SAME_STEPS = 25;

/** Trains `s` (dropout off) in the core and in the generated PyTorch code (text changed by `edit`). */
function trainBoth(torchPython, name, base, edit = (text) => text) {
  const s = { ...base, rate: base.rate.map(() => 0), rateB: 0, stop: SAME_STEPS };
  const data = dp.makeDataset(datasetSpec(s));
  assert.ok(s.batch >= data.train.count, `${name}: one minibatch holds the training set`);
  const net = new dp.Network(networkConfig(data, twinSpecs(s)[0]));
  let core;
  let weights;
  try {
    net.setData(data);
    weights = net.weights().map((w) => ({ ...w, kernel: [...w.kernel], bias: [...w.bias] }));
    net.train(SAME_STEPS);
    core = net.evaluate();
  } finally {
    net.delete();
  }
  const shape = coreShape(s);
  const stem = path.join(tmp, `same_${name.replace(/\W+/g, '_')}`);
  const points = { xt: data.train.x, yt: data.train.y, xv: data.validation.x, yv: data.validation.y };
  fs.writeFileSync(
    `${stem}.json`,
    JSON.stringify({ ...Object.fromEntries(Object.entries(points).map(([k, v]) => [k, [...v]])), weights }),
  );
  const labels = shape.task === 'multiclass' ? '.long()' : '.reshape(-1, 1)';
  const inject = `
import json
_d = json.load(open(${JSON.stringify(`${stem}.json`)}))
x_train = torch.tensor(_d['xt'], dtype=torch.float32).reshape(-1, INPUTS)
y_train = torch.tensor(_d['yt'], dtype=torch.float32)${labels}
x_val = torch.tensor(_d['xv'], dtype=torch.float32).reshape(-1, INPUTS)
y_val = torch.tensor(_d['yv'], dtype=torch.float32)${labels}
with torch.no_grad():
    for _layer, _w in zip([m for m in twin_a.modules() if isinstance(m, nn.Linear)], _d['weights']):
        _layer.weight.copy_(torch.tensor(_w['kernel']).reshape(_w['inputs'], _w['units']).T)
        _layer.bias.copy_(torch.tensor(_w['bias']))
train_twin(twin_a, 'A (dropout)')
twin_a.eval()
with torch.no_grad():
    print('FINAL', json.dumps([loss_fn(twin_a(x_train), y_train).item(), loss_fn(twin_a(x_val), y_val).item()]))
`;
  const text = pytorchCode(s, shape);
  const tail = /^train_twin\(twin_a, .*\)\ntrain_twin\(twin_b, .*\)\n$/m;
  assert.match(text, tail);
  fs.writeFileSync(`${stem}.py`, edit(text).replace(tail, inject));
  const r = spawnSync(torchPython, [`${stem}.py`], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `${name}: exit ${r.status}\n${r.stderr}`);
  const [trainLoss, valLoss] = JSON.parse(/^FINAL (.*)$/m.exec(r.stdout)[1]);
  return { core, trainLoss, valLoss };
}

const sameLoss = (a, b) => Math.abs(a - b) <= 2e-4 * Math.max(1, Math.abs(b));

describe('the generated PyTorch code trains as the core does (no dropout, full batch)', () => {
  const TORCH = PYTHON && findPython('import torch');
  const runs = [
    { name: 'circle, adam, l1 + l2, max-norm', s: variant('circle', { l1: 0.001, l2: 0.01, maxNorm: 1 }) },
    { name: 'blobs3, momentum, l2, selu', s: variant('blobs3', { opt: 'momentum', lr: 0.03, l2: 0.001, act: 'selu' }) },
    { name: 'sine, sgd, tanh, max-norm', s: variant('sine', { opt: 'sgd', lr: 0.03, act: 'tanh', maxNorm: 0.5 }) },
    {
      name: 'moons, sgd, leaky_relu, l1',
      s: variant('moons', { opt: 'sgd', lr: 0.1, act: 'leaky_relu', l1: 0.01, batch: 32 }),
    },
    {
      name: 'plane, adam, sigmoid, three layers',
      s: variant('plane', { layers: [16, 8, 4], act: 'sigmoid', l2: 0.1 }),
    },
  ];
  for (const { name, s } of runs) {
    test(name, (t) => {
      if (!TORCH) return t.skip('PyTorch is not installed (import torch failed): the code was only compiled');
      const { core, trainLoss, valLoss } = trainBoth(TORCH, name, s);
      t.diagnostic(`core ${core.train.loss} / ${core.validation.loss}, PyTorch ${trainLoss} / ${valLoss}`);
      assert.ok(sameLoss(trainLoss, core.train.loss), `training loss: PyTorch ${trainLoss}, core ${core.train.loss}`);
      assert.ok(
        sameLoss(valLoss, core.validation.loss),
        `validation: PyTorch ${valLoss}, core ${core.validation.loss}`,
      );
    });
  }
  test('the comparison notices a different penalty or max-norm (the check can fail)', (t) => {
    if (!TORCH) return t.skip('PyTorch is not installed (import torch failed)');
    const s = runs[0].s;
    for (const [what, edit] of [
      ['L2 with a factor 1/2', (text) => text.replace('L2 * (w**2).sum()', '0.5 * L2 * (w**2).sum()')],
      ['max-norm off', (text) => text.replace(/^ {12}apply_max_norm\(model\)\n/m, '')],
    ]) {
      const { core, trainLoss } = trainBoth(TORCH, `mutated ${what}`, s, (text) => {
        const out = edit(text);
        assert.notEqual(out, text, `${what}: the edit applies`);
        return out;
      });
      t.diagnostic(`${what}: core ${core.train.loss}, PyTorch ${trainLoss}`);
      assert.ok(!sameLoss(trainLoss, core.train.loss), `${what}: not noticed`);
    }
  });
});
