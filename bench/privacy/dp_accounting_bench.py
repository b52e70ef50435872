#!/usr/bin/env python3
"""Times Google's dp-accounting on the same cases as kfc-bench-privacy (for docs/benchmarks.md).

Times are CPU time of the calling thread, as in the Swift benchmark (the machine is shared).

pip install dp-accounting; python3 bench/privacy/dp_accounting_bench.py
"""
import statistics
import time

from absl import logging as absl_logging
import dp_accounting
from dp_accounting import dp_event
from dp_accounting.pld import privacy_loss_distribution as pld_lib
from dp_accounting.rdp import rdp_privacy_accountant as rdp_lib

CONFIGS = [  # q, sigma, steps, epsilon, delta  (as in bench/privacy/main.swift)
    (0.01, 1.1, 10_000, 1.0, 1e-5),
    (0.001, 0.8, 1_000_000, 3.0, 1e-6),
    (0.1, 1.0, 100, 0.7, 1e-5),
    (0.99, 0.5, 50, 30.0, 1e-5),
]


absl_logging.set_verbosity(absl_logging.ERROR)  # dp-accounting warns on every truncated series


def event(q, s, steps):
    return dp_event.SelfComposedDpEvent(dp_event.PoissonSampledDpEvent(q, dp_event.GaussianDpEvent(s)), steps)


def query(q, s, steps, delta):
    acc = rdp_lib.RdpAccountant()  # dp-accounting's default 156 orders
    acc.compose(event(q, s, steps))
    return acc.get_epsilon(delta)


def solve(q, steps, eps, delta):
    return dp_accounting.calibrate_dp_mechanism(
        rdp_lib.RdpAccountant, lambda s: event(q, s, steps), eps, delta,
        dp_accounting.LowerEndpointAndGuess(0.01, 1.0), tol=1e-4)


print("| q | σ | steps | δ | ε (dp-accounting RDP) | RDP query, median ms | σ solve, median ms | PLD query, ms |")
print("|---|---|---|---|---|---|---|---|")
for q, s, steps, eps, delta in CONFIGS:
    qt = []
    for i in range(7):
        t = time.thread_time()
        e = query(q, s * (1 + i * 1e-9), steps, delta)
        qt.append((time.thread_time() - t) * 1e3)
    st = []
    for _ in range(3):
        t = time.thread_time()
        solve(q, steps, eps, delta)
        st.append((time.thread_time() - t) * 1e3)
    t = time.thread_time()
    pld_lib.from_gaussian_mechanism(s, sampling_prob=q).self_compose(steps).get_epsilon_for_delta(delta)
    pld = f"{(time.thread_time() - t) * 1e3:.0f}"
    print(f"| {q} | {s} | {steps} | {delta} | {e:.4f} | {statistics.median(qt):.1f} | {statistics.median(st):.0f} "
          f"| {pld} |", flush=True)
