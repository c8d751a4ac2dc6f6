#!/usr/bin/python3
"""Reference numbers from PyTorch for the CNN (cpp/cnn/) and the LSTM (cpp/rnn/), issue 11.

Writes tests/reference/pytorch-cnn-rnn.json, which tests/cpp/test_cnn_rnn_reference.cpp
reads. CI reads only the JSON and never runs this script or PyTorch.

Run by hand with Debian's python3-torch (apt-get install python3-torch; it is not a
project dependency):
    /usr/bin/python3 tests/reference/gen_cnn_rnn.py           # (re)write the JSON
    /usr/bin/python3 tests/reference/gen_cnn_rnn.py --check   # compare with the committed JSON

Everything is float64 and deterministic (fixed seeds, CPU). Every input, weight, label and
mask is drawn here, rounded to a float32 value (so the C++ float model starts from exactly
the same numbers) and written into the JSON, in the C++ layouts, so the C++ test needs
nothing else. Masks are keep-masks of 0/1 with the dropping rate; the factor of a kept unit
is 1/(1-rate) (inverted dropout), as in the C++ (nn/dropout.cpp keep_scale).

CNN (cpp/cnn/cnn_network.hpp): image (N, H, W, C) channels last -> conv k x k, stride 1,
'same' or 'valid' -> relu -> feature-map dropout (spatial = Dropout2d: one factor per
example and channel; or elementwise = Dropout: one per activation) -> 2x2 max-pool (odd
sides rounded down) -> flatten in (h, w, c) order -> dense -> relu -> dropout -> dense ->
softmax cross-entropy, mean over the batch. The masks are drawn by F.dropout2d / F.dropout
themselves (on a tensor of ones), and the script checks that multiplying by them equals
calling F.dropout2d / F.dropout on the activations with the same RNG state.

LSTM (cpp/rnn/): gates i, f, g, o; z = [x_t * mx_t, h_{t-1} * mh_t] K + b; c_t = f c_{t-1} +
i g; h_t = o tanh(c_t); h_0 = c_0 = 0. torch.nn.LSTM cannot mask h_{t-1}, so the reference
is an explicit cell loop, which the script first checks against torch.nn.LSTM without
masks (outputs and gradients). Heads: many-to-one (h_T * mo_T -> dense -> BCE with logits,
mean over B) and many-to-many (every h_t * mo_t -> dense -> mean squared error over T*B).

A case's seed is the first of seed, seed + 1000, ... that gives masks dropping some but not
all units at every site and, for the CNN, no relu input or pooling tie within MIN_MARGIN
of flipping. Every case is also run in float32 by PyTorch, and how far that lands from
float64 is recorded ("pytorch_float32_error"), as a yardstick for the C++ float errors.
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pytorch-cnn-rnn.json")

# Float32 disagrees with float64 at ~1e-7 relative per operation; a relu input, or the gap
# between a pooling window's two largest values, closer to 0 than this could make the float
# model take the other branch, so such draws are skipped (the next seed is tried).
MIN_MARGIN = 1e-3


def f32(t):
    """Rounded to the nearest float32 value, kept as float64."""
    return t.float().double()


def uniform(g, shape, limit):
    return f32((2 * torch.rand(shape, generator=g) - 1) * limit)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def error_summary(loss, outputs, gradients):
    """The largest errors of float32 results against float64 ones (pairs (float64, float32)), by
    the C++ test's measures: the loss |a - e| / |e|; outputs and each gradient array
    |a - e| / (|e| + max|e| / 100)."""
    def floored(e, a):
        return ((a.double() - e).abs() / (e.abs() + 1e-2 * e.abs().max())).max().item()

    return {"loss": abs(loss[1].item() - loss[0].item()) / abs(loss[0].item()),
            "outputs": floored(*outputs),
            "gradients": max(floored(e, a) for e, a in gradients)}


# ---------------------------------------------------------------- CNN


def cnn_forward(p, fmask, hmask, y, k, same, dtype):
    """The CNN on the parameters p (C++ layouts) in dtype: the loss, logits, the gradients (C++
    layouts, as the leaves are) and the intermediates the margins are taken from."""
    v = {key: t.detach().clone().to(dtype).requires_grad_() for key, t in p.items()}
    N = v["x"].shape[0]
    xt = v["x"].permute(0, 3, 1, 2)  # NCHW
    wt = v["conv_kernel"].permute(3, 2, 0, 1)  # (f, c, ky, kx)
    z = F.conv2d(xt, wt, v["conv_bias"], padding=(k - 1) // 2 if same else 0)
    dropped = F.relu(z) * fmask.to(dtype)
    pooled = F.max_pool2d(dropped, 2)  # floor: an odd last row / column is never read, as the C++
    flat_in = pooled.permute(0, 2, 3, 1).reshape(N, -1)  # (h, w, c) order, channels last
    zh = flat_in @ v["hidden_kernel"] + v["hidden_bias"]
    logits = (F.relu(zh) * hmask.to(dtype)) @ v["output_kernel"] + v["output_bias"]
    loss = F.cross_entropy(logits, y)
    loss.backward()
    grads = {"d_" + key: t.grad for key, t in v.items()}
    return loss, logits, grads, (z, zh, dropped)


def cnn_case(name, seed, N, H, W, C, k, Fn, same, hidden, classes, kind, feature_rate, hidden_rate):
    g = torch.Generator().manual_seed(seed)
    oh, ow = (H, W) if same else (H - k + 1, W - k + 1)
    ph, pw = oh // 2, ow // 2
    nflat = ph * pw * Fn
    # In the C++ layouts, so the gradients come out in those layouts too.
    p = {
        "x": uniform(g, (N, H, W, C), 1.0),
        "conv_kernel": uniform(g, (k, k, C, Fn), 1.5 * math.sqrt(6 / (k * k * C))),  # (ky, kx, c, f)
        "conv_bias": uniform(g, (Fn,), 0.2),
        "hidden_kernel": uniform(g, (nflat, hidden), math.sqrt(6 / nflat)),  # (in, out), as DenseLayer
        "hidden_bias": uniform(g, (hidden,), 0.2),
        "output_kernel": uniform(g, (hidden, classes), math.sqrt(6 / (hidden + classes))),
        "output_bias": uniform(g, (classes,), 0.2),
    }
    y = torch.randint(classes, (N,), generator=g)

    # The masks, drawn by PyTorch's own dropout functions on ones (NCHW for the maps).
    torch.manual_seed(seed + 1)
    if kind == "spatial":
        fmask = F.dropout2d(torch.ones(N, Fn, oh, ow), feature_rate, training=True)
        assert torch.all(fmask == fmask[:, :, :1, :1]), "Dropout2d drops whole maps"
        feature_keep = (fmask[:, :, 0, 0] != 0).double()  # (N, F)
    else:
        fmask = F.dropout(torch.ones(N, Fn, oh, ow), feature_rate, training=True)
        feature_keep = (fmask.permute(0, 2, 3, 1) != 0).double()  # (N, oh, ow, F), as the C++
    hmask = F.dropout(torch.ones(N, hidden), hidden_rate, training=True)
    hidden_keep = (hmask != 0).double()
    if not (0 < feature_keep.sum() < feature_keep.numel() and 0 < hidden_keep.sum() < hidden_keep.numel()):
        return None  # a mask that keeps or drops everything tests less
    assert torch.allclose(fmask.max(), torch.tensor(1 / (1 - feature_rate)), rtol=0, atol=1e-15)

    loss, logits, grads, (z, zh, dropped) = cnn_forward(p, fmask, hmask, y, k, same, torch.float64)
    # Multiplying by the mask is what Dropout2d / Dropout do with the same random draws.
    torch.manual_seed(seed + 1)
    direct = (F.dropout2d if kind == "spatial" else F.dropout)(F.relu(z), feature_rate, training=True)
    assert torch.equal(direct, dropped)

    # Margins: no relu input near 0, no pooling window with a near tie at its maximum.
    windows = dropped[:, :, : 2 * ph, : 2 * pw].reshape(N, Fn, ph, 2, pw, 2).permute(0, 1, 2, 4, 3, 5)
    top2 = windows.reshape(N, Fn, ph, pw, 4).topk(2, dim=-1).values
    gaps = (top2[..., 0] - top2[..., 1])[top2[..., 0] > 0]
    margins = {"conv_preactivation": z.abs().min().item(), "hidden_preactivation": zh.abs().min().item(),
               "pool_gap": gaps.min().item()}
    if min(margins.values()) <= MIN_MARGIN:
        return None

    # The same network in float32 in PyTorch: how far float32 arithmetic alone lands from
    # float64, measured as the C++ test measures its own errors.
    loss32, logits32, grads32, _ = cnn_forward(p, fmask, hmask, y, k, same, torch.float32)
    probabilities = F.softmax(logits, dim=1)
    float32_error = error_summary((loss, loss32), (probabilities, F.softmax(logits32, dim=1)),
                                  [(grads[key], grads32[key]) for key in grads])

    case = {
        "name": name,
        "seed": seed,
        "height": H, "width": W, "channels": C, "kernel": k, "filters": Fn, "same": same,
        "hidden": hidden, "classes": classes, "batch": N,
        "feature_kind": kind, "feature_rate": feature_rate, "hidden_rate": hidden_rate,
        "y": [int(v) for v in y.tolist()],
    }
    case.update({key: flat(t) for key, t in p.items()})
    case.update({
        "feature_keep": flat(feature_keep), "hidden_keep": flat(hidden_keep),
        "loss": loss.item(),
        "logits": flat(logits), "probabilities": flat(probabilities),
    })
    case.update({key: flat(t) for key, t in grads.items()})
    case.update({"margins": margins, "pytorch_float32_error": float32_error})
    return case


# ---------------------------------------------------------------- LSTM


def lstm_loop(x, kernel, bias, mx, mh):
    """x (B, T, in); kernel (in + H, 4H), gates i, f, g, o; masks (T, B, width) of factors or None.
    Returns the hidden states (T, B, H)."""
    B, T, nin = x.shape
    H = kernel.shape[1] // 4
    h = x.new_zeros(B, H)
    c = x.new_zeros(B, H)
    hs = []
    for t in range(T):
        xt = x[:, t, :] if mx is None else x[:, t, :] * mx[t]
        hp = h if mh is None else h * mh[t]
        zz = torch.cat([xt, hp], dim=1) @ kernel + bias
        i, f, gg, o = zz.split(H, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(gg)
        h = torch.sigmoid(o) * torch.tanh(c)
        hs.append(h)
    return torch.stack(hs)


def check_loop_against_nn_lstm():
    """Without masks the loop must be torch.nn.LSTM (weight_ih = K[:in].T, weight_hh = K[in:].T,
    bias_ih = b, bias_hh = 0): outputs and parameter gradients. Returns the largest differences."""
    g = torch.Generator().manual_seed(99)
    B, T, nin, H = 3, 5, 2, 4
    x = uniform(g, (B, T, nin), 1.0)
    kernel = uniform(g, (nin + H, 4 * H), 0.8).requires_grad_()
    bias = uniform(g, (4 * H,), 0.3).requires_grad_()
    hs = lstm_loop(x, kernel, bias, None, None)
    (hs * hs).sum().backward()

    lstm = torch.nn.LSTM(nin, H, batch_first=True)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(kernel[:nin].T)
        lstm.weight_hh_l0.copy_(kernel[nin:].T)
        lstm.bias_ih_l0.copy_(bias)
        lstm.bias_hh_l0.zero_()
    out, _ = lstm(x)
    (out * out).sum().backward()
    dk = torch.cat([lstm.weight_ih_l0.grad.T, lstm.weight_hh_l0.grad.T])
    diffs = {"outputs": (out - hs.permute(1, 0, 2)).abs().max().item(),
             "d_kernel": (dk - kernel.grad).abs().max().item(),
             "d_bias": max((lstm.bias_ih_l0.grad - bias.grad).abs().max().item(),
                           (lstm.bias_hh_l0.grad - bias.grad).abs().max().item())}
    for what, d in diffs.items():
        assert d < 1e-12, f"the LSTM loop differs from torch.nn.LSTM in {what}: {d}"
    return diffs


def lstm_forward(p, x, y, mx, mh, mo, head, dtype):
    """The LSTM and its head on the parameters p in dtype: the loss, the predictions (B, targets)
    and the gradients of p."""
    v = {key: t.detach().clone().to(dtype).requires_grad_() for key, t in p.items()}
    cast = [None if m is None else m.to(dtype) for m in (mx, mh, mo)]
    hs = lstm_loop(x.to(dtype), v["kernel"], v["bias"], cast[0], cast[1])
    if mo is not None:
        hs = hs * cast[2]
    if head == "many_to_one":
        z = (hs[-1] @ v["head_kernel"] + v["head_bias"])[:, 0]  # (B)
        loss = F.binary_cross_entropy_with_logits(z, y.to(dtype))
        pred = torch.sigmoid(z)  # (B, 1)
    else:
        z = (hs @ v["head_kernel"] + v["head_bias"])[..., 0]  # (T, B)
        loss = F.mse_loss(z, y.to(dtype).T)
        pred = z.T  # (B, T), identity output
    loss.backward()
    return loss, pred.detach(), {key: t.grad for key, t in v.items()}


def lstm_case(name, seed, B, T, nin, H, head, masks, input_rate, recurrent_rate, output_rate):
    g = torch.Generator().manual_seed(seed)
    x = uniform(g, (B, T, nin), 1.0)
    p = {
        "kernel": uniform(g, (nin + H, 4 * H), 0.9),  # rows: inputs then units; columns: gates i, f, g, o
        "bias": uniform(g, (4 * H,), 0.4),
        "head_kernel": uniform(g, (H, 1), 1.0),
        "head_bias": uniform(g, (1,), 0.2),
    }
    if head == "many_to_one":
        y = torch.randint(2, (B,), generator=g).double()
    else:
        y = uniform(g, (B, T), 1.0)

    # Masks (T, B, width) of factors, from F.dropout on ones: naive draws every step,
    # variational one per sequence repeated over the steps.
    torch.manual_seed(seed + 1)

    def draw(width, rate):
        if rate == 0:
            return None
        if masks == "naive":
            return F.dropout(torch.ones(T, B, width), rate, training=True)
        return F.dropout(torch.ones(1, B, width), rate, training=True).expand(T, B, width).clone()

    mx, mh, mo = draw(nin, input_rate), draw(H, recurrent_rate), draw(H, output_rate)
    for m in (mx, mh, mo):
        if m is not None:
            if not 0 < (m != 0).sum() < m.numel() or (masks == "naive" and torch.equal(m[1], m[2])):
                return None  # keeps or drops everything, or a naive mask that looks variational

    loss, pred, grads = lstm_forward(p, x, y, mx, mh, mo, head, torch.float64)
    loss32, pred32, grads32 = lstm_forward(p, x, y, mx, mh, mo, head, torch.float32)
    float32_error = error_summary((loss, loss32), (pred, pred32), [(grads[k], grads32[k]) for k in grads])

    def keep(m):
        return [] if m is None else flat((m != 0).double())

    return {
        "name": name,
        "seed": seed,
        "batch": B, "steps": T, "inputs": nin, "units": H, "head": head, "masks": masks,
        "input_rate": input_rate, "recurrent_rate": recurrent_rate, "output_rate": output_rate,
        "x": flat(x), "y": flat(y),
        "params": flat(torch.cat([p[k].reshape(-1) for k in p])),
        "input_keep": keep(mx), "recurrent_keep": keep(mh), "output_keep": keep(mo),
        "loss": loss.item(),
        "predictions": flat(pred),
        "grads": flat(torch.cat([grads[k].reshape(-1) for k in p])),
        "pytorch_float32_error": float32_error,
    }


# ---------------------------------------------------------------- output


def first_usable(make, name, seed, *args):
    """make() with the first of seeds seed, seed + 1000, ... whose draw is usable: some but not all
    units dropped at every dropout site and, for the CNN, every margin above MIN_MARGIN."""
    for s in range(seed, seed + 100000, 1000):
        case = make(name, s, *args)
        if case is not None:
            return case
    raise RuntimeError(f"{name}: no usable seed")


def build():
    nn_lstm = check_loop_against_nn_lstm()
    # name, first seed, batch, height, width, channels, kernel, filters, same, hidden, classes,
    # feature-map dropout kind and rate, hidden rate
    cnn_specs = [
        ("cnn 7x6x2, 3x3 same, spatial (Dropout2d) p=0.5, hidden p=0.2",
         11, 3, 7, 6, 2, 3, 3, True, 5, 3, "spatial", 0.5, 0.2),
        ("cnn 7x6x2, 3x3 same, elementwise p=0.25, hidden p=0.4",
         12, 3, 7, 6, 2, 3, 3, True, 5, 3, "elementwise", 0.25, 0.4),
        ("cnn 9x8x2, 5x5 valid, spatial (Dropout2d) p=0.5, hidden p=0.5",
         13, 3, 9, 8, 2, 5, 3, False, 5, 3, "spatial", 0.5, 0.5),
    ]
    # name, first seed, B, T, inputs, H, head, masks, input, recurrent and output rates
    lstm_specs = [
        ("lstm many-to-one BCE, naive masks", 21, 3, 5, 2, 4, "many_to_one", "naive", 0.25, 0.4, 0.0),
        ("lstm many-to-one BCE, variational masks with output mask",
         22, 3, 5, 2, 4, "many_to_one", "variational", 0.25, 0.4, 0.2),
        ("lstm many-to-many MSE, naive masks with output mask",
         23, 3, 5, 2, 4, "many_to_many", "naive", 0.25, 0.4, 0.2),
        ("lstm many-to-many MSE, variational masks", 24, 3, 5, 2, 4, "many_to_many", "variational", 0.25, 0.4, 0.0),
    ]
    cnn = [first_usable(cnn_case, *spec) for spec in cnn_specs]
    lstm = [first_usable(lstm_case, *spec) for spec in lstm_specs]
    return {
        "about": (
            f"Reference numbers from PyTorch (torch.__version__ {torch.__version__}, Debian python3-torch), "
            "float64, written by tests/reference/gen_cnn_rnn.py (see its docstring for the networks). All inputs "
            "and parameters are float32 values. Arrays are flat, row-major, in the C++ layouts: CNN x (batch, "
            "height, width, channels); conv_kernel (k, k, channels, filters); hidden_kernel (pooled_h * pooled_w "
            "* filters, hidden) with rows in (h, w, c) order; output_kernel (hidden, classes); feature_keep "
            "(batch, filters) for spatial, (batch, conv_h, conv_w, filters) for elementwise; hidden_keep (batch, "
            "hidden); logits and probabilities (batch, classes); d_x as x; margins: the smallest |relu input| and"
            " pooling-window gap (max - second, where max > 0), kept above min_margin so float32 takes the same "
            "branches; pytorch_float32_error: the same case run by PyTorch in float32 against float64, by the C++"
            " test's measures (loss relative; outputs and gradients |a - e| / (|e| + max|e| / 100)). LSTM x "
            "(batch, steps, inputs); y (batch) for many-to-one, (batch, steps) for many-to-many; params and grads"
            " [kernel (inputs + units, 4 units), gates i, f, g, o | bias (4 units) | head kernel (units, 1) | "
            "head bias (1)]; *_keep (steps, batch, width), empty when the site has no dropout; predictions "
            "(batch, targets, 1) after the sigmoid (BCE) or identity (MSE). Keep-masks are 0/1; a kept value is "
            "multiplied by 1/(1-rate). Losses are means over the batch (CNN cross-entropy, LSTM BCE) or over "
            "batch*steps (LSTM MSE)."),
        "min_margin": MIN_MARGIN,
        "lstm_loop_vs_nn_lstm_max_difference": nn_lstm,
        "cnn": cnn,
        "lstm": lstm,
    }


def dumps(obj):
    """JSON with each number list on one line, numbers in Python's shortest round-trip form."""
    def enc(v, ind):
        pad = "  " * ind
        if isinstance(v, dict):
            items = [f'{pad}  {json.dumps(k)}: {enc(x, ind + 1)}' for k, x in v.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v):
            return "[\n" + ",\n".join(pad + "  " + enc(x, ind + 1) for x in v) + "\n" + pad + "]"
        return json.dumps(v)
    return enc(obj, 0) + "\n"


# Not compared by --check: the text, and rounding-level measurements (float32 errors, the loop
# against torch.nn.LSTM), which another machine's kernels may round differently.
UNCHECKED = {"about", "pytorch_float32_error", "lstm_loop_vs_nn_lstm_max_difference"}


def max_difference(a, b, path=""):
    """The largest |a - b| over the numbers of two JSON values; raises on a structural difference."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), f"keys differ at {path}"
        return max([0.0] + [max_difference(a[k], b[k], f"{path}.{k}") for k in a if k not in UNCHECKED])
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"lengths differ at {path}"
        return max([0.0] + [max_difference(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b))])
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return abs(a - b)
    assert a == b, f"{path}: {a!r} != {b!r}"
    return 0.0


def main():
    ref = build()
    if "--check" in sys.argv:
        with open(OUT) as f:
            committed = json.load(f)
        d = max_difference(json.loads(json.dumps(ref)), committed)
        print(f"largest difference from {OUT}: {d:.3g}")
        sys.exit(0 if d < 1e-12 else 1)
    with open(OUT, "w") as f:
        f.write(dumps(ref))
    print(f"wrote {OUT}: {len(ref['cnn'])} CNN and {len(ref['lstm'])} LSTM cases")
    for c in ref["cnn"]:
        print(f"  {c['name']}: loss {c['loss']:.6f}, margins {c['margins']}, "
              f"PyTorch float32 error {c['pytorch_float32_error']}")
    for c in ref["lstm"]:
        print(f"  {c['name']}: loss {c['loss']:.6f}, PyTorch float32 error {c['pytorch_float32_error']}")
    print(f"  loop vs torch.nn.LSTM: {ref['lstm_loop_vs_nn_lstm_max_difference']}")


if __name__ == "__main__":
    main()
