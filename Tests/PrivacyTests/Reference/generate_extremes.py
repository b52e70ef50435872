#!/usr/bin/env python3
"""Reference values for kfc's accountants at extreme parameters (tests: ExtremeReferenceTests).

Requires: mpmath (nothing else). Run: python3 generate_extremes.py (about half an hour on one core; or
run `generate_extremes.py Q...` for disjoint sets of the q values in parallel, then
`generate_extremes.py merge`).

Writes, beside this script, extreme_epsilon.csv with one row per (q, sigma, steps, delta):
  epsilon_rdp     the exact epsilon of the RDP accountant: exact per-order RDP of one step of the
                  Poisson-subsampled Gaussian (add/remove-one) at dp-accounting's 156 orders, by
                  the binomial sum (integer orders) or quadrature with enough digits (fractional
                  orders; for sigma <= 1e-8 the closed-form lower bound, which is within 1e-14),
                  times steps, converted with the improved conversion (Canonne-Kamath-Steinke 2020,
                  Prop. 12) and minimised over the orders. kfc's RDP epsilon must not be below it.
  epsilon_lower   a certified lower bound on the true epsilon of the mechanism at delta: for q = 1
                  the exact epsilon of the Gaussian mechanism with noise sigma/sqrt(steps)
                  (Balle and Wang 2018); for q < 1 the exact epsilon of one step (both directions of
                  the add/remove-one relation), which no number of steps can lower. Found by
                  bisection on the side where delta(eps) > delta, so it never exceeds the truth.
                  Every accountant's epsilon must be at least this.
Values beyond the double range are written in full (e.g. 5.0e+599); "inf" means no finite epsilon.
"""
import csv
import os
import sys

import mpmath as mp

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))
ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(11, 64)) + [128, 256, 512, 1024]

QS = [1e-9, 1e-4, 0.01, 0.5, 0.999999, 1.0]
SIGMAS = [1e-300, 1e-150, 1e-100, 1e-20, 1e-8, 1e-3, 0.05, 1.0, 1000.0]
TINY_SIGMA = 1e-8
STEPS = [1, 1000, 10**12, 2**63 - 1]
DELTAS = [1e-300, 1e-10, 1e-5, 0.5]


def log_a_int(q, s, a):
    q, s = mp.mpf(q), mp.mpf(s)
    terms = [mp.log(mp.binomial(a, k)) + k * mp.log(q) + (a - k) * mp.log1p(-q) + (k * k - k) / (2 * s * s)
             for k in range(a + 1)]
    top = max(terms)
    return top + mp.log(mp.fsum(mp.exp(t - top) for t in terms))


def log_a_quad(q, s, a):
    q, s, a = mp.mpf(q), mp.mpf(s), mp.mpf(a)
    lq, l1q = mp.log(q), mp.log1p(-q)

    def logf(z):
        e = (2 * z - 1) / (2 * s * s)
        inner = l1q + mp.log1p(q / (1 - q) * mp.exp(e)) if e < 0 else lq + e + mp.log1p((1 - q) / q * mp.exp(-e))
        return -z * z / (2 * s * s) + a * inner

    # The integrand's modes lie in [0, alpha]: near 0 (weight (1-q)^a) and near alpha (weight q^a).
    grid = [a * k / 400 for k in range(401)]
    vals = [logf(z) for z in grid]
    modes = [grid[k] for k in range(len(grid))
             if (k == 0 or vals[k] >= vals[k - 1]) and (k == len(grid) - 1 or vals[k] >= vals[k + 1])]
    top = max(vals)
    pts = {mp.mpf(0), a, mp.mpf(0.5), -12 * s, a + 12 * s}
    for m in modes:
        for w in (0, 1, 3, 8):
            pts.add(m - w * s)
            pts.add(m + w * s)
    pts = sorted(pts)
    f = lambda z: mp.exp(logf(z) - top)
    total = mp.quad(f, [-mp.inf] + pts + [mp.inf])
    return mp.log(total / (s * mp.sqrt(2 * mp.pi))) + top


def closed_form_bounds(q, s, a):
    """Lower and upper bounds on the one-step RDP that hold for every q, sigma, alpha:
    A >= q^a E[X^a] and, by convexity of t^a, A <= 1 - q + q E[X^a], with E[X^a] = e^{a(a-1)/(2s^2)}."""
    q, s, a = mp.mpf(q), mp.mpf(s), mp.mpf(a)
    c = a * (a - 1) / (2 * s * s)
    lower = max(mp.mpf(0), (a * mp.log(q) + c) / (a - 1))
    upper = mp.log(1 - q + q * mp.exp(c)) / (a - 1)
    return lower, upper


def exact_rdp(q, s, a):
    if q == 1.0:
        return mp.mpf(a) / (2 * mp.mpf(s) ** 2)
    if not float(a).is_integer() and s <= TINY_SIGMA:
        # Below TINY_SIGMA the two closed-form bounds agree to a relative 2*s^2*log(1/q)/a
        # (< 1e-14 here), far inside the tests' 1e-9, and quadrature of a peak of width 1e-300 is
        # pointless: the lower bound is the reference (it is below the exact value, so a test
        # that kfc is not below it is only weaker by that 1e-14).
        return closed_form_bounds(q, s, a)[0]
    with mp.workdps(quad_digits(q, s)):
        la = log_a_int(q, s, int(a)) if float(a).is_integer() else log_a_quad(q, s, a)
    return max(mp.mpf(0), la) / (mp.mpf(a) - 1)


def quad_digits(q, s):
    """Enough digits for 16 significant ones of log A = log(1 + O(q^2/s^2))."""
    small = (q * q / (s * s)) if s > 1e-2 else 1.0
    return 22 + max(0, int(-mp.log10(small)) + 1) if small < 1 else 22


def convert(rdp, delta):
    best = mp.inf
    for a, r in zip(ORDERS, rdp):
        a = mp.mpf(a)
        if delta**2 + mp.expm1(-r) > 0:
            e = mp.mpf(0)
        else:
            e = r + mp.log1p(-1 / a) - (mp.log(delta) + mp.log(a)) / (a - 1)
        best = min(best, e)
    return max(mp.mpf(0), best)


def ncdf(x):
    """P(N(0,1) <= x); mpmath's erfc cannot take arguments near 1e300, so far tails use the
    asymptotic series (its truncation error is below 1e-60 relative for |x| > 1e6)."""
    x = mp.mpf(x)
    if abs(x) <= 10**6:
        return mp.erfc(-x / mp.sqrt(2)) / 2
    y = abs(x)
    series = mp.fsum((-1) ** k * mp.fac2(2 * k - 1) / y ** (2 * k) for k in range(6))
    tail = mp.exp(-y * y / 2) / (y * mp.sqrt(2 * mp.pi)) * series
    return tail if x < 0 else 1 - tail


def gaussian_delta(eps, mu):
    """delta(eps) of the Gaussian mechanism with sensitivity/noise ratio mu."""
    return ncdf(mu / 2 - eps / mu) - mp.exp(eps) * ncdf(-mu / 2 - eps / mu)


def one_step_delta(eps, q, s):
    """delta(eps) of one step of the subsampled Gaussian, the larger of the two directions."""
    q, s = mp.mpf(q), mp.mpf(s)
    ee = mp.exp(eps)
    # Remove: P = (1-q)N(0,s^2) + qN(1,s^2), Q = N(0,s^2); loss > eps iff x > t.
    t = s * s * (mp.log(ee - 1 + q) - mp.log(q)) + mp.mpf(1) / 2
    tail = lambda x: ncdf(-x)
    d_remove = (1 - q) * tail(t / s) + q * tail((t - 1) / s) - ee * tail(t / s)
    # Add: P = N(0,s^2), Q = the mixture; loss > eps iff x < y (empty when e^-eps <= 1-q).
    d_add = mp.mpf(0)
    w = mp.exp(-eps) - 1 + q
    if w > 0:
        y = s * s * (mp.log(w) - mp.log(q)) + mp.mpf(1) / 2
        d_add = ncdf(y / s) - ee * ((1 - q) * ncdf(y / s) + q * ncdf((y - 1) / s))
    return max(d_remove, d_add)


def lower_epsilon(delta_of, delta):
    """The largest eps found with delta_of(eps) > delta: a lower bound on the true epsilon."""
    delta = mp.mpf(delta)
    if delta_of(mp.mpf(0)) <= delta:
        return mp.mpf(0)
    lo, hi = mp.mpf(0), mp.mpf(2)
    while delta_of(hi) > delta:
        lo, hi = hi, hi * hi
        if hi > mp.mpf(10) ** 2000:
            return mp.inf
    for _ in range(400):
        # Geometric steps while the bracket spans orders of magnitude, then arithmetic ones.
        mid = mp.sqrt(lo * hi) if lo > 0 and hi > 4 * lo else (lo + hi) / 2
        if delta_of(mid) > delta:
            lo = mid
        else:
            hi = mid
        if hi - lo <= lo * mp.mpf(10) ** -20:
            break
    return lo


def fmt(x):
    if x == mp.inf:
        return "inf"
    return mp.nstr(x, 17, min_fixed=-5, max_fixed=17)


def main():
    """`generate_extremes.py [q ...]` computes only those q into extreme_epsilon.q=<q>.csv (to run
    several processes); `generate_extremes.py merge` joins the parts into extreme_epsilon.csv."""
    if sys.argv[1:] == ["merge"]:
        return merge()
    qs = [float(a) for a in sys.argv[1:]] or QS
    for q in qs:
        rows = table(q)
        with open(os.path.join(HERE, f"extreme_epsilon.q={q!r}.csv"), "w", newline="") as f:
            csv.writer(f).writerows(rows)
    if not sys.argv[1:]:
        merge()


def merge():
    with open(os.path.join(HERE, "extreme_epsilon.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["q", "sigma", "steps", "delta", "epsilon_rdp", "epsilon_lower"])
        for q in QS:
            part = os.path.join(HERE, f"extreme_epsilon.q={q!r}.csv")
            with open(part, newline="") as p:
                w.writerows(csv.reader(p))
            os.remove(part)


def table(q):
    rows = []
    for s in SIGMAS:
        rdp = [exact_rdp(q, s, a) for a in ORDERS]
        one_step = {}
        for steps in STEPS:
            for delta in DELTAS:
                e_rdp = convert([r * steps for r in rdp], mp.mpf(delta))
                if q == 1.0:
                    mu = mp.sqrt(steps) / mp.mpf(s)
                    low = lower_epsilon(lambda e: gaussian_delta(e, mu), delta)
                else:
                    if delta not in one_step:
                        one_step[delta] = lower_epsilon(lambda e: one_step_delta(e, q, s), delta)
                    low = one_step[delta]
                # The lower bound is of the true epsilon, which RDP's exact value bounds above.
                assert low <= e_rdp * (1 + mp.mpf(10) ** -12), (q, s, steps, delta, low, e_rdp)
                rows.append([repr(q), repr(s), steps, repr(delta), fmt(e_rdp), fmt(low)])
        print(f"q={q} sigma={s} done", flush=True)
    return rows


if __name__ == "__main__":
    main()
