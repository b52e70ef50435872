#!/usr/bin/env bash
# Two kfc binaries against each other on the KubeFlower workload of issue 14, runs alternating
# (A, B, A, B, …) so that the shared machine's load falls on both alike: `kfc check`,
# `kfc build -o DIR` and `kfc verify DIR` at N clients, and `kfc verify DIR --connectivity` at
# CONN_N. Whole processes under /usr/bin/time; prints for each binary the median and minimum CPU
# (user + system) and the median peak RSS. This is how a change is shown to be cheaper (or a
# regression caught) without timed assertions in tests.
#
#   bench/e2e/ab.sh OLD_KFC NEW_KFC [N=10000] [CONN_N=1000]      RUNS=5 by default
#
# Build the two binaries first (e.g. `git worktree add /tmp/old <commit>` and
# `scripts/release-build` in each).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { sed -n '2,12p' "$0" >&2; exit 64; }
a="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
b="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
n="${3:-10000}"
conn_n="${4:-1000}"
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed 's#pool: 10.18.0.0/16#pool: 10.16.0.0/12#' examples/kubeflower/topology.kf > "$work/topology.kf"
grep -q 'pool: 10.16.0.0/12' "$work/topology.kf" || { echo "ab.sh: the example's pool changed" >&2; exit 1; }
# The folders verified are built once, by A (both binaries must accept them).
"$a" build "$work/topology.kf" --set "n=$n" -o "$work/out" >/dev/null
"$a" build "$work/topology.kf" --set "n=$conn_n" -o "$work/conn" >/dev/null

# measure LABEL CMD-WITH-BIN: RUNS alternating pairs; BIN is replaced by each binary.
measure() {
    local label="$1" cmd="$2"
    : > "$work/a.times"
    : > "$work/b.times"
    for _ in $(seq "$runs"); do
        for side in a b; do
            local bin="$a"
            [ "$side" = b ] && bin="$b"
            rm -rf "$work/built"
            /usr/bin/time -f "%U %S %M" -o "$work/t" bash -c "${cmd//BIN/$bin} >/dev/null 2>&1" || {
                echo "ab.sh: $label failed with $bin" >&2
                exit 1
            }
            cat "$work/t" >> "$work/$side.times"
        done
    done
    python3 - "$label" "$work/a.times" "$work/b.times" <<'PY'
import statistics, sys
label = sys.argv[1]
for name, path in (("A", sys.argv[2]), ("B", sys.argv[3])):
    rows = [tuple(map(float, l.split())) for l in open(path) if l.strip()]
    cpu = [u + s for u, s, _ in rows]
    rss = statistics.median(m / 1024 for _, _, m in rows)
    print(f"{label:34s} {name}  CPU median {statistics.median(cpu):5.2f} s  min {min(cpu):5.2f} s  RSS {rss:5.0f} MB")
PY
}

echo "A = $a"
echo "B = $b"
measure "check, $n clients" "BIN check $work/topology.kf --set n=$n"
measure "build -o, $n clients" "BIN build $work/topology.kf --set n=$n -o $work/built"
measure "verify, $n clients" "BIN verify $work/out"
measure "verify --connectivity, $conn_n clients" "BIN verify $work/conn --connectivity"
