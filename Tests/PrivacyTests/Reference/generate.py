#!/usr/bin/env python3
"""Generates the reference data for kfc's Privacy tests.

Requires: pip install dp-accounting mpmath
Run: python3 generate.py (about 15 minutes), or python3 generate.py pld (only the PLD table).

Writes, beside this script:
  rdp_orders.csv  exact per-order RDP of one step of the Poisson-subsampled Gaussian
                  (add/remove-one): log(A_alpha)/(alpha-1) with
                  A_alpha = E_{z~N(0,s^2)}[(1-q+q*exp((2z-1)/(2s^2)))^alpha], by the exact binomial
                  sum (integer alpha) or mpmath quadrature at 40 digits (fractional alpha); with
                  dp-accounting's value for comparison.
  rdp_epsilon.csv epsilon at delta after `steps` steps over dp-accounting's 156 default orders,
                  from the exact per-order values and the improved conversion (Canonne-Kamath-
                  Steinke 2020, Prop. 12), with dp-accounting's RDP accountant for comparison.
  pld_epsilon.csv dp-accounting's PLD epsilon (pessimistic and optimistic estimates,
                  connect-the-dots, value interval 1e-4).
Where dp-accounting's fractional-order series differs from the quadrature, the quadrature is the
reference (dp-accounting truncates an alternating series).
"""
import csv
import math
import os
import sys

import mpmath as mp
from absl import logging as absl_logging
from dp_accounting import dp_event
from dp_accounting.pld import privacy_loss_distribution as pld_lib
from dp_accounting.rdp import rdp_privacy_accountant as rdp_lib

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))
ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(11, 64)) + [128, 256, 512, 1024]

# (q, sigma) grid for the epsilon table: typical DP-SGD, DP-FedAvg and edge cases.
PAIRS = [
    (0.001, 0.8), (0.001, 1.0), (0.001, 5.0),
    (0.01, 0.5), (0.01, 0.7), (0.01, 1.1), (0.01, 2.0), (0.01, 4.0),
    (0.05, 1.0), (0.1, 0.3), (0.1, 1.0), (0.1, 3.0), (0.1, 10.0),
    (0.5, 0.5), (0.5, 1.0), (0.5, 5.0),
    (0.9, 1.0), (0.99, 0.5), (0.99, 2.0), (0.999999, 1.0),
    (1.0, 0.3), (1.0, 1.0), (1.0, 10.0), (1.0, 100.0),
    (0.02, 100.0), (0.3, 30.0),
]
STEPS = [1, 100, 10_000, 1_000_000]
DELTAS = [1e-5, 1e-8]


absl_logging.set_verbosity(absl_logging.ERROR)  # dp-accounting warns on every truncated series


def log_a_int(q, s, a):
    q, s = mp.mpf(q), mp.mpf(s)
    return mp.log(mp.fsum(mp.binomial(a, k) * q**k * (1 - q) ** (a - k) * mp.exp((k * k - k) / (2 * s * s))
                          for k in range(a + 1)))


def log_a_quad(q, s, a):
    q, s, a = mp.mpf(q), mp.mpf(s), mp.mpf(a)
    def logf(z):
        return -z * z / (2 * s * s) + a * mp.log(1 - q + q * mp.exp((2 * z - 1) / (2 * s * s)))
    # Modes of the integrand lie in [0, alpha] (z = alpha*w(z) with w in (0,1)); find them on a grid.
    grid = [a * k / 400 for k in range(401)]
    vals = [logf(z) for z in grid]
    modes = [grid[k] for k in range(len(grid)) if (k == 0 or vals[k] >= vals[k - 1]) and (k == len(grid) - 1 or vals[k] >= vals[k + 1])]
    top = max(vals)
    pts = {mp.mpf(0), a, -12 * s, a + 12 * s}
    for m in modes:
        for w in (0, 1, 3, 8):
            pts.add(m - w * s)
            pts.add(m + w * s)
    pts = sorted(pts)
    norm = 1 / (s * mp.sqrt(2 * mp.pi))
    f = lambda z: mp.exp(logf(z) - top)
    total = mp.quad(f, [-mp.inf] + pts + [mp.inf])
    return mp.log(total * norm) + top


def exact_rdp(q, s, a):
    if q == 1.0:
        return mp.mpf(a) / (2 * mp.mpf(s) ** 2)
    la = log_a_int(q, s, int(a)) if float(a).is_integer() else log_a_quad(q, s, a)
    return la / (mp.mpf(a) - 1)


def convert(rdp, delta):
    best, order = mp.inf, ORDERS[0]
    for a, r in zip(ORDERS, rdp):
        a = mp.mpf(a)
        if delta**2 + mp.expm1(-r) > 0:
            e = mp.mpf(0)
        else:
            e = r + mp.log1p(-1 / a) - (mp.log(delta) + mp.log(a)) / (a - 1)
        if e < best:
            best, order = e, float(a)
    return max(mp.mpf(0), best), order


def dp_rdp_eps(q, s, steps, delta):
    acc = rdp_lib.RdpAccountant(ORDERS)
    acc.compose(dp_event.PoissonSampledDpEvent(q, dp_event.GaussianDpEvent(s)), steps)
    return acc.get_epsilon_and_optimal_order(delta)


def main():
    sys.setrecursionlimit(10000)
    if sys.argv[1:] != ["pld"]:  # `generate.py pld` regenerates only pld_epsilon.csv
        rdp_tables()
    pld_table()


def rdp_tables():
    with open(os.path.join(HERE, "rdp_orders.csv"), "w", newline="") as fo, \
         open(os.path.join(HERE, "rdp_epsilon.csv"), "w", newline="") as fe:
        wo, we = csv.writer(fo), csv.writer(fe)
        wo.writerow(["q", "sigma", "order", "rdp_exact", "rdp_dp_accounting"])
        we.writerow(["q", "sigma", "steps", "delta", "epsilon_exact", "order_exact",
                     "epsilon_dp_accounting", "order_dp_accounting"])
        for q, s in PAIRS:
            rdp = [exact_rdp(q, s, a) for a in ORDERS]
            for a, r in zip(ORDERS, rdp):
                ref = float(rdp_lib._compute_rdp_poisson_subsampled_gaussian(q, s, [a])[0])
                wo.writerow([repr(q), repr(s), repr(float(a)), mp.nstr(r, 17), repr(float(ref))])
            for steps in STEPS:
                for delta in DELTAS:
                    e, o = convert([r * steps for r in rdp], mp.mpf(delta))
                    de, do = dp_rdp_eps(q, s, steps, delta)
                    we.writerow([repr(q), repr(s), steps, repr(delta), mp.nstr(e, 17), repr(o), repr(float(de)),
                                 repr(float(do))])
            print(f"q={q} sigma={s} done", flush=True)


def pld_table():
    """dp-accounting's PLD: pessimistic (connect-the-dots) and optimistic estimates."""
    pld_cases = [
        (0.01, 1.0, 1000, 1e-5), (0.01, 1.1, 10_000, 1e-5), (0.01, 2.0, 1000, 1e-5), (0.001, 1.0, 10_000, 1e-5),
        (0.1, 1.0, 100, 1e-5), (0.1, 3.0, 1000, 1e-6), (0.5, 1.0, 10, 1e-5), (0.5, 5.0, 100, 1e-5),
        (1.0, 1.0, 1, 1e-5), (1.0, 5.0, 100, 1e-5), (0.05, 1.5, 2000, 1e-8), (0.99, 2.0, 50, 1e-5),
        (0.001, 0.8, 1_000_000, 1e-6), (1.0, 0.3, 1, 1e-5), (0.5, 0.3, 10, 1e-5),
    ]
    with open(os.path.join(HERE, "pld_epsilon.csv"), "w", newline="") as fp:
        wp = csv.writer(fp)
        wp.writerow(["q", "sigma", "steps", "delta", "epsilon_pessimistic", "epsilon_optimistic"])
        for q, s, steps, delta in pld_cases:
            out = []
            for pessimistic in (True, False):
                pld = pld_lib.from_gaussian_mechanism(s, pessimistic_estimate=pessimistic, sampling_prob=q,
                                                      value_discretization_interval=1e-4)
                out.append(pld.self_compose(steps).get_epsilon_for_delta(delta))
            wp.writerow([repr(q), repr(s), steps, repr(delta), repr(float(out[0])), repr(float(out[1]))])
            print(f"pld q={q} sigma={s} steps={steps} done", flush=True)


if __name__ == "__main__":
    main()
