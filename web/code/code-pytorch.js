// The PyTorch writer of the experiment's code (see code-common.js).

import { ratesB } from '../settings.js';
import {
  pyFloat,
  pyList,
  experimentPlan,
  twinBName,
  comment,
  header,
  initWords,
  dropoutNotes,
  trainingLengthLines,
  placeholderComment,
} from './code-common.js';

const TORCH_ACT = {
  relu: 'nn.ReLU()',
  leaky_relu: 'nn.LeakyReLU(negative_slope=0.01)',
  tanh: 'nn.Tanh()',
  sigmoid: 'nn.Sigmoid()',
  linear: null,
  selu: 'nn.SELU()',
};

function torchInitLine(act) {
  if (act === 'relu' || act === 'leaky_relu')
    return "nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')  # He uniform: limit sqrt(6 / inputs)";
  if (act === 'selu')
    return "nn.init.kaiming_uniform_(layer.weight, nonlinearity='linear')  # LeCun uniform: limit sqrt(3 / inputs)";
  return 'nn.init.xavier_uniform_(layer.weight)  # Glorot uniform: limit sqrt(6 / (inputs + outputs))';
}

const GAUSSIAN_MODULE = [
  'class GaussianDropout(nn.Module):',
  '    """Multiplies each unit by noise with mean 1 and standard deviation sqrt(p / (1 - p)) in',
  '    training; does nothing at inference. PyTorch has no built-in Gaussian dropout layer."""',
  '',
  '    def __init__(self, p):',
  '        super().__init__()',
  '        self.p = p',
  '',
  '    def forward(self, x):',
  '        if not self.training or self.p == 0:',
  '            return x',
  '        std = (self.p / (1 - self.p)) ** 0.5',
  '        return x * (1 + std * torch.randn_like(x))',
];

const DROPCONNECT_MODULE = [
  'class DropConnectLinear(nn.Linear):',
  '    """A Linear layer with DropConnect (Wan et al., 2013): in training each weight is dropped with',
  '    probability p, a fresh mask for each example, and the kept weights are scaled by 1 / (1 - p);',
  '    at inference the plain Linear layer. PyTorch has no built-in DropConnect layer."""',
  '',
  '    def __init__(self, in_features, out_features, p):',
  '        super().__init__(in_features, out_features)',
  '        self.p = p',
  '',
  '    def forward(self, x):',
  '        if not self.training or self.p == 0:',
  '            return super().forward(x)',
  '        keep = 1 - self.p',
  '        mask = torch.bernoulli(torch.full((x.shape[0], *self.weight.shape), keep))',
  '        weight = self.weight * mask / keep  # one (outputs x inputs) weight matrix per example',
  "        return torch.einsum('bi,boi->bo', x, weight) + self.bias",
];

/** Runnable PyTorch code for twin A and twin B. */
export function pytorchCode(settings, datasetInfo) {
  const plan = experimentPlan(settings, datasetInfo);
  const { info } = plan;
  const lengths = trainingLengthLines(plan);
  const kinds = new Set(plan.used.map((s) => s.kind));
  const L = [];
  L.push(...header(plan, 'PyTorch'));
  L.push('');
  L.push('import torch');
  L.push('from torch import nn');
  L.push('from torch.utils.data import DataLoader, TensorDataset');
  L.push('');
  L.push(`SEED = ${plan.seed}`);
  L.push("torch.manual_seed(SEED)  # repeatable runs (not the page's random numbers)");
  L.push('');
  L.push('# ---------------------------------------------------------------- the data');
  L.push(...placeholderComment(plan));
  L.push(`INPUTS = ${info.inputs}`);
  L.push(`N_TRAIN, N_VAL = ${info.trainCount}, ${info.validationCount}`);
  if (info.inputs > 2) {
    // The table's features are about N(0, 1).
    L.push('x_train = torch.randn(N_TRAIN, INPUTS)');
    L.push('x_val = torch.randn(N_VAL, INPUTS)');
  } else {
    const span = info.inputs === 1 ? 3 : 6;
    L.push(`x_train = torch.empty(N_TRAIN, INPUTS).uniform_(-${span}, ${span})`);
    L.push(`x_val = torch.empty(N_VAL, INPUTS).uniform_(-${span}, ${span})`);
  }
  if (info.task === 'binary') {
    L.push('y_train = torch.randint(0, 2, (N_TRAIN, 1)).float()');
    L.push('y_val = torch.randint(0, 2, (N_VAL, 1)).float()');
  } else if (info.task === 'multiclass') {
    L.push(`CLASSES = ${info.classes}`);
    L.push('y_train = torch.randint(0, CLASSES, (N_TRAIN,))  # class indices 0, 1, 2 (not one-hot)');
    L.push('y_val = torch.randint(0, CLASSES, (N_VAL,))');
  } else {
    L.push('y_train = torch.randn(N_TRAIN, 1)');
    L.push('y_val = torch.randn(N_VAL, 1)');
  }
  L.push('');
  L.push('# ---------------------------------------------------------------- the twins');
  const notesT = dropoutNotes(plan, 'PyTorch');
  if (notesT.length) L.push('# Notes on the dropout:', ...notesT);
  for (const module of [kinds.has('gaussian') && GAUSSIAN_MODULE, kinds.has('dropconnect') && DROPCONNECT_MODULE]) {
    if (!module) continue;
    L.push('', '', ...module);
  }
  L.push('');
  L.push('');
  L.push('def build_twin(rates):');
  L.push(
    `    """The page's network; rates[i] is the dropout rate at site i (0: the inputs, i: after hidden layer i)."""`,
  );
  L.push('    return nn.Sequential(');
  const siteOf = (i) => plan.used.find((s) => s.index === i);
  const body = [];
  const linear = (site, inputs, units) =>
    site?.kind === 'dropconnect'
      ? `DropConnectLinear(${inputs}, ${units}, p=rates[${site.index}]),  # DropConnect on this layer's weights`
      : `nn.Linear(${inputs}, ${units}),`;
  const dropout = (site) => {
    if (!site || site.kind === 'dropconnect') return [];
    const cls = { bernoulli: 'nn.Dropout', alpha: 'nn.AlphaDropout', gaussian: 'GaussianDropout' }[site.kind];
    return [`${cls}(p=rates[${site.index}]),${site.index === 0 ? '  # on the inputs' : ''}`];
  };
  body.push(...dropout(siteOf(0)));
  let previous = 'INPUTS';
  plan.layers.forEach((units, i) => {
    body.push(linear(siteOf(i), previous, units));
    if (TORCH_ACT[plan.act]) body.push(`${TORCH_ACT[plan.act]},`);
    else if (i === 0) body[body.length - 1] += '  # linear: no activation';
    body.push(...dropout(siteOf(i + 1)));
    previous = String(units);
  });
  const outWhat = {
    binary: 'one logit (BCEWithLogitsLoss applies the sigmoid)',
    multiclass: 'one logit per class (CrossEntropyLoss applies the softmax)',
    regression: 'the prediction',
  }[info.task];
  const outLine = linear(siteOf(plan.layers.length), previous, info.outputs);
  body.push(outLine.includes('#') ? outLine : `${outLine}  # output: ${outWhat}`);
  L.push(...body.map((l) => `        ${l}`));
  L.push('    )');
  L.push('');
  L.push('');
  L.push('def init_like_the_page(model):');
  L.push(`    """The page's initial weights: ${initWords(plan.act)}; biases 0."""`);
  L.push('    dense = [m for m in model.modules() if isinstance(m, nn.Linear)]');
  L.push('    for layer in dense[:-1]:');
  L.push(`        ${torchInitLine(plan.act)}`);
  L.push('    nn.init.xavier_uniform_(dense[-1].weight)  # the output layer: Glorot uniform');
  L.push('    for layer in dense:');
  L.push('        nn.init.zeros_(layer.bias)');
  L.push('');
  L.push('');
  L.push(`twin_a = build_twin(${pyList(plan.ratesA)})  # twin A: the page's dropout rates`);
  L.push(
    `twin_b = build_twin(${pyList(plan.ratesB)})  # twin B: ${plan.rateB > 0 ? `rate ${plan.rateB} on each hidden layer` : 'no dropout'}`,
  );
  L.push('init_like_the_page(twin_a)');
  L.push('twin_b.load_state_dict(twin_a.state_dict())  # both twins start from the same weights, as on the page');
  L.push('');
  L.push('# ---------------------------------------------------------------- training');
  const lossFn = {
    binary: 'nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, from the logits (as the page)',
    multiclass: 'nn.CrossEntropyLoss()  # softmax + cross-entropy on class indices, from the logits (as the page)',
    regression: 'nn.MSELoss()  # mean squared error',
  }[info.task];
  L.push(`loss_fn = ${lossFn}`);
  L.push(`BATCH_SIZE = ${plan.batch}${lengths.batchNote}`);
  L.push(lengths.stepsComment);
  L.push(`STEPS = ${plan.steps}`);
  L.push(...lengths.epochsComment);
  L.push('# The loop below stops at exactly STEPS steps.');
  L.push(`EPOCHS = ${plan.epochs}`);
  const penalty = plan.l1 > 0 || plan.l2 > 0;
  if (penalty) L.push(`L1, L2 = ${pyFloat(plan.l1)}, ${pyFloat(plan.l2)}  # the page's L1 and L2`);
  if (plan.maxNorm > 0) L.push(`MAX_NORM = ${pyFloat(plan.maxNorm)}  # the page's max-norm`);
  if (penalty) {
    L.push('');
    L.push('');
    L.push('def penalty(model):');
    L.push(
      ...comment(
        "The page's penalty, added to the loss: l1 * sum(|w|) + l2 * sum(w^2) over the weights of every layer, the output layer included, not the biases (L2 without a factor 1/2, as Keras's l1_l2). The optimizers' weight_decay=wd instead adds wd * w to the gradient of every parameter, biases included: weight_decay = 2 * L2 would match the L2 part only with the biases in a parameter group without decay; it has no L1; and AdamW's weight decay is decoupled (applied outside Adam's scaling), which differs again.",
        '    # ',
      ),
    );
    L.push('    weights = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]');
    L.push('    return sum(L1 * w.abs().sum() + L2 * (w**2).sum() for w in weights)');
  }
  if (plan.maxNorm > 0) {
    L.push('');
    L.push('');
    L.push('@torch.no_grad()');
    L.push('def apply_max_norm(model):');
    L.push(
      ...comment(
        "Max-norm, after every optimizer step (PyTorch has no kernel constraint): each unit's incoming weights (a row of weight) are rescaled to a length of at most MAX_NORM, the output layer included, as on the page and with Keras's MaxNorm.",
        '    # ',
      ),
    );
    L.push('    for m in model.modules():');
    L.push('        if isinstance(m, nn.Linear):');
    L.push('            norms = m.weight.norm(dim=1, keepdim=True)');
    L.push('            m.weight.mul_(torch.clamp(MAX_NORM / norms, max=1.0))');
  }
  L.push('');
  L.push('');
  L.push('def accuracy(output, y):');
  if (info.task === 'binary')
    L.push('    return ((output > 0).float() == y).float().mean().item()  # logit > 0: class 1');
  else if (info.task === 'multiclass') L.push('    return (output.argmax(dim=1) == y).float().mean().item()');
  else L.push('    return None  # regression: no accuracy');
  L.push('');
  L.push('');
  L.push('def train_twin(model, name):');
  L.push(`    optimizer = ${torchOptimizer(plan)}`);
  L.push('    order = torch.Generator().manual_seed(SEED)  # the same minibatch order for both twins, as on the page');
  L.push(
    '    loader = DataLoader(TensorDataset(x_train, y_train), batch_size=BATCH_SIZE, shuffle=True, generator=order)',
  );
  L.push('    step = 0');
  L.push('    for epoch in range(1, EPOCHS + 1):');
  L.push('        model.train()  # training mode: dropout drops units');
  L.push('        for xb, yb in loader:');
  L.push('            optimizer.zero_grad()');
  L.push(`            loss = loss_fn(model(xb), yb)${penalty ? ' + penalty(model)' : ''}`);
  L.push('            loss.backward()');
  L.push('            optimizer.step()');
  if (plan.maxNorm > 0) L.push('            apply_max_norm(model)');
  L.push('            step += 1');
  L.push('            if step == STEPS:');
  L.push('                break');
  L.push('        model.eval()  # inference mode: every unit, no dropout');
  L.push('        with torch.no_grad():');
  L.push('            output = model(x_val)');
  L.push('            val_loss = loss_fn(output, y_val).item()  # the data loss, as on the page');
  L.push('            val_accuracy = accuracy(output, y_val)');
  L.push('        if epoch % max(1, EPOCHS // 10) == 0 or step == STEPS:');
  if (info.task === 'regression') {
    L.push('            print(f"twin {name}: epoch {epoch}, step {step}, validation loss {val_loss:.4f}")');
  } else {
    L.push('            print(');
    L.push('                f"twin {name}: epoch {epoch}, step {step}, validation loss {val_loss:.4f}, "');
    L.push('                f"validation accuracy {val_accuracy:.3f}"');
    L.push('            )');
  }
  L.push('        if step == STEPS:');
  L.push('            break');
  L.push('');
  L.push('');
  L.push("train_twin(twin_a, 'A (dropout)')");
  L.push(`train_twin(twin_b, '${twinBName(plan)}')`);
  return `${L.join('\n')}\n`;
}

function torchOptimizer(plan) {
  const lr = pyFloat(plan.lr);
  if (plan.opt === 'adam') return `torch.optim.Adam(model.parameters(), lr=${lr}, betas=(0.9, 0.999), eps=1e-8)`;
  if (plan.opt === 'momentum')
    return `torch.optim.SGD(model.parameters(), lr=${lr}, momentum=${pyFloat(plan.momentum)})  # the page's momentum is PyTorch's form`;
  return `torch.optim.SGD(model.parameters(), lr=${lr})`;
}
