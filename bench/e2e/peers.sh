#!/usr/bin/env bash
# kfc side by side with the peers of ../shared/peers (issue 14), on the same N, alternating runs
# so that the machine's load falls on both alike. Whole processes under /usr/bin/time (wall,
# user + system CPU, peak RSS); the medians and the peer/kfc ratios are printed.
#
#   Generators, N clients (default 10,000): `kfc build` of the KubeFlower example widened to N
#   (`--set n=N -o DIR`: compile, every proof, both layers, the plans, written) against KCL
#   (`run_kcl.py N`), Jsonnet (`run_jsonnet.py N`) and Python + PyYAML (`gen_manifests.py N`),
#   which only generate the comparable isolated-FL manifests (2N + 11 documents; kfc's are
#   5N + 31 and proved).
#   Connectivity, CONN_N clients (default 1,000): `kfc verify DIR --connectivity` (both layers)
#   against np-guard's `nca --connectivity` (network-config-analyzer, NetworkPolicies only) on
#   the same kfc-built folder.
#
#   Each round times nca once and kfc REPEAT times back to back (default 10), recorded per run.
#
#   bench/e2e/peers.sh [N] [CONN_N]     RUNS=3 by default; KFC=path skips the release build.
# The peers' packages come from ../shared/peers/setup_venv.sh (PEERS_VENV, default
# /tmp/peers-venv); network-config-analyzer is installed into NCA_VENV (default /tmp/nca-venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-10000}"
conn_n="${2:-1000}"
runs="${RUNS:-3}"
repeat="${REPEAT:-10}"
[[ "$repeat" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "peers.sh: REPEAT must be a whole number from 1 to 9999" >&2; exit 64; }
peers="$(cd ../shared/peers 2>/dev/null && pwd || true)"
[ -n "$peers" ] || peers="$(cd /work/shared/peers && pwd)"
if [ -z "${KFC:-}" ]; then
    KFC="$(bash scripts/release-build)"
fi
venv="$("$peers/setup_venv.sh")"
nca_venv="${NCA_VENV:-/tmp/nca-venv}"
if ! [ -x "$nca_venv/bin/nca" ]; then
    echo "peers.sh: installing network-config-analyzer into $nca_venv" >&2
    python3 -m venv "$nca_venv"
    "$nca_venv/bin/pip" install -q --disable-pip-version-check network-config-analyzer >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
topology() { # N -> the widened example's path
    local pool=10.16.0.0/12
    if (( $1 > 65000 )); then pool=10.0.0.0/8; fi
    sed "s#pool: 10.18.0.0/16#pool: $pool#" examples/kubeflower/topology.kf > "$work/topology-$1.kf"
    echo "$work/topology-$1.kf"
}

# timed LABEL OKRC K CMD...: CMD under /usr/bin/time, having run the measured command K times;
# appended to $work/times per run as "LABEL cpu wall rss" (the peak RSS is the largest run's).
timed() {
    local label="$1" ok="$2" k="$3"
    shift 3
    local rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || rc=$?
    if [[ ",$ok," != *",$rc,"* ]]; then
        echo "peers.sh: $label exited $rc:" >&2
        tail -5 "$work/err" >&2
        exit 1
    fi
    read -r wall user sys rss < <(tail -1 "$work/t")
    local cpu note=""
    cpu=$(python3 -c "print(f'{($user + $sys) / $k:.3f}')")
    wall=$(python3 -c "print(f'{$wall / $k:.3f}')")
    if (( k > 1 )); then note="  (mean of $k runs)"; fi
    printf '  %-22s %7s s wall  %7s s CPU  %6d MB%s\n' "$label" "$wall" "$cpu" $(( rss / 1024 )) "$note"
    echo "$label $cpu $wall $rss" >> "$work/times"
}
# run LABEL OKRC CMD...: one timed run.
run() {
    local label="$1" ok="$2"
    shift 2
    timed "$label" "$ok" 1 "$@"
}
# run_repeated LABEL K CMD...: K runs back to back under one /usr/bin/time, recorded per run (a
# process of a tenth of a second is ten ticks of /usr/bin/time's 10 ms clock, too coarse for a
# ratio).
run_repeated() {
    local label="$1" k="$2"
    shift 2
    # shellcheck disable=SC2016
    timed "$label" 0 "$k" bash -c 'k=$1; shift; for ((i = 0; i < k; i++)); do "$@" >/dev/null || exit; done' _ "$k" "$@"
}
median() { # LABEL FIELD (2 = CPU, 3 = wall)
    awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$work/times" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
ratios() { # BASE PEER...
    local base="$1"
    shift
    for p in "$@"; do
        python3 - "$p" "$base" "$(median "$p" 2)" "$(median "$base" 2)" "$(median "$p" 3)" "$(median "$base" 3)" <<'PY'
import sys
p, b, pc, bc, pw, bw = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print(f"  {p:22} median {pc:7.3f} s CPU {pw:7.3f} s wall   {p} / {b}: CPU {pc / bc:6.1f}x, wall {pw / bw:6.1f}x")
PY
    done
}

echo "peers.sh: kfc $KFC; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M UTC')"
echo "generators, $n clients:"
file="$(topology "$n")"
for _ in $(seq 1 "$runs"); do
    rm -rf "$work/kfc-out"
    run kfc-build 0 "$KFC" build "$file" --set "n=$n" -o "$work/kfc-out"
    run kcl 0 "$venv/bin/python" "$peers/run_kcl.py" "$n" "$work/kcl.yaml"
    run jsonnet 0 "$venv/bin/python" "$peers/run_jsonnet.py" "$n" "$work/jsonnet.yaml"
    run python-pyyaml 0 "$venv/bin/python" "$peers/gen_manifests.py" "$n" "$work/python.yaml"
done
echo "  kfc: $(cat "$work"/kfc-out/*.yaml | grep -c '^kind:') objects; kcl: $(grep -c '^kind:' "$work/kcl.yaml") objects"
ratios kfc-build kfc-build kcl jsonnet python-pyyaml
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "connectivity, $conn_n clients:"
file="$(topology "$conn_n")"
rm -rf "$work/conn"
"$KFC" build "$file" --set "n=$conn_n" -o "$work/conn" >/dev/null
for _ in $(seq 1 "$runs"); do
    run_repeated kfc-connectivity "$repeat" "$KFC" verify "$work/conn" --connectivity
    run nca-connectivity 0 "$nca_venv/bin/nca" --connectivity -r "$work/conn"
done
ratios kfc-connectivity kfc-connectivity nca-connectivity
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
