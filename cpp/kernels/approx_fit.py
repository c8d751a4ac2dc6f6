#!/usr/bin/env python3
"""Fits the coefficients of approx_math.hpp (not part of the build; needs mpmath).

  python3 cpp/kernels/approx_fit.py tanh   # x P(x^2) / Q(x^2) on [0, 9], P and Q of degree 4
  python3 cpp/kernels/approx_fit.py exp    # e^r = 1 + r + r^2 q(r), q of degree 4, |r| <= ln2/2

Both minimise the maximum relative error by Lawson's iteration: weighted least squares
whose weights grow where the error is large (for tanh linearised as in Loeb's method,
P - f Q divided by the previous Q). About a minute each; the printed coefficients are
rounded to float in approx_math.hpp, and the float evaluation's error is then measured
by tests/cpp/test_activations.cpp, which is what the stated bounds come from.
`exp` prints approx_math.hpp's coefficients exactly; `tanh` prints a fit of the same
error (2.1e-8) whose coefficients agree with approx_math.hpp's to 5-6 digits (those
came from a run with one Loeb step per Lawson iteration, slower).
"""
import sys

import mpmath as mp

mp.mp.dps = 34


def lawson(n, row_of, rhs_of, err_of, iterations):
    """row_of(i) . c ~ rhs_of(i) for i < n; err_of(c) -> the n relative errors; returns (max, c)."""
    m = len(row_of(0))
    w = [mp.mpf(1)] * n
    best = None
    for _ in range(iterations):
        a = mp.zeros(m, m)
        b = mp.zeros(m, 1)
        for i in range(n):
            r, s, target = row_of(i), w[i], rhs_of(i)
            for x in range(m):
                b[x] += r[x] * s * target
                for y in range(m):
                    a[x, y] += r[x] * s * r[y]
        c = mp.lu_solve(a, b)
        errs = err_of(c)
        worst = max(abs(e) for e in errs)
        if best is None or worst < best[0]:
            best = (worst, c)
        total = sum(w[i] * abs(errs[i]) for i in range(n))
        w = [w[i] * abs(errs[i]) / total * n + mp.mpf("1e-30") for i in range(n)]
    return best


def fit_tanh(x_max=9, np_=4, nq=4, points=700, iterations=80):
    xm = mp.mpf(x_max)
    xs = [xm * mp.sin(mp.pi * (i + 0.5) / (2 * points)) for i in range(points)]
    s = xm * xm
    us = [x * x / s for x in xs]  # t / x_max^2, for conditioning
    fs = [mp.tanh(x) / x for x in xs]
    q_prev = [mp.mpf(1)] * points

    def row_of(i):
        u, f = us[i], fs[i]
        scale = 1 / (f * q_prev[i])
        return [u**k * scale for k in range(1, np_ + 1)] + [-f * u**k * scale for k in range(1, nq + 1)]

    def rhs_of(i):
        return (fs[i] - 1) / (fs[i] * q_prev[i])

    def err_of(c):
        out = []
        for i in range(points):
            u = us[i]
            p = 1 + sum(c[k - 1] * u**k for k in range(1, np_ + 1))
            q = 1 + sum(c[np_ + k - 1] * u**k for k in range(1, nq + 1))
            out.append(p / q / fs[i] - 1)
        return out

    # Loeb: re-linearise around the last Q a few times.
    best = None
    for _ in range(4):
        worst, c = lawson(points, row_of, rhs_of, err_of, iterations // 4)
        for i in range(points):
            u = us[i]
            q_prev[i] = 1 + sum(c[np_ + k - 1] * u**k for k in range(1, nq + 1))
        if best is None or worst < best[0]:
            best = (worst, c)
    worst, c = best
    print(f"tanh on [0, {x_max}]: max relative error {mp.nstr(worst, 3)}")
    for k in range(1, np_ + 1):
        print(f"  P{k} = {mp.nstr(c[k - 1] / s**k, 17)}")
    for k in range(1, nq + 1):
        print(f"  Q{k} = {mp.nstr(c[np_ + k - 1] / s**k, 17)}")


def fit_exp(degree=6, points=600, iterations=60):
    a = mp.log(2) / 2 * mp.mpf("1.0001")  # float rounding of n can push |r| a little past ln2/2
    rs = [a * mp.cos(mp.pi * (i + 0.5) / points) for i in range(points)]
    m = degree - 1
    gs = [(mp.expm1(r) - r) / r**2 for r in rs]
    weight = [r**2 / mp.expm1(r) for r in rs]  # error relative to e^r - 1 (and so to e^r)

    def err_of(c):
        return [(r + r * r * sum(c[k] * r**k for k in range(m))) / mp.expm1(r) - 1 for r in rs]

    worst, c = lawson(
        points, lambda i: [rs[i] ** k * weight[i] for k in range(m)], lambda i: gs[i] * weight[i], err_of, iterations
    )
    print(f"exp: max error relative to e^r - 1: {mp.nstr(worst, 3)}")
    for k in range(m):
        print(f"  Q{k} = {mp.nstr(c[k], 17)}")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "tanh"
    fit_tanh() if what == "tanh" else fit_exp()
