#!/usr/bin/env bash
# The KubeFlower workload of issue 14, end to end: the shipped example
# (examples/kubeflower/topology.kf) widened to N clients with `--set n=N` — one node, one
# private /28 zone, one dataset and one client per client, as the example declares — with
# `pool: 10.16.0.0/12` (10.0.0.0/8 above 65,000 clients, since a /12 holds 65,536 /28 blocks).
# For each N (default 10,000 and 100,000) it times, RUNS times each (default 3; the sizes
# alternate round by round), whole processes under /usr/bin/time (wall, user + system CPU, peak
# RSS):
#   kfc build topology.kf --set n=N -o DIR      (compile, every proof, both layers, plans, write)
#   kfc verify DIR                              (read the folder back, every proof)
#   kfc verify DIR --connectivity               (the same, plus the connectivity map)
# and prints the 100,000/10,000 ratios of the medians when both sizes are measured.
#
#   bench/e2e/kubeflower.sh [N...]      (builds kfc first, scripts/release-build; KFC=path skips that)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${KFC:-}" ]; then
    KFC="$(bash scripts/release-build)"
fi
runs="${RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed 's#pool: 10.18.0.0/16#pool: 10.16.0.0/12#' examples/kubeflower/topology.kf > "$work/topology-12.kf"
sed 's#pool: 10.18.0.0/16#pool: 10.0.0.0/8#' examples/kubeflower/topology.kf > "$work/topology-8.kf"
grep -q 'pool: 10.16.0.0/12' "$work/topology-12.kf" || { echo "kubeflower.sh: the example's pool changed" >&2; exit 1; }

# time_it LABEL CMD...: one timed run, appended to $work/times as "LABEL cpu wall rss".
time_it() {
    local label="$1"
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
        local rc=$?
        # verify exits 1 on findings; the example has none, so any failure is real.
        echo "kubeflower.sh: $label failed ($rc):" >&2
        tail -5 "$work/err" >&2
        exit 1
    }
    read -r wall user sys rss < "$work/t"
    cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
    printf '  %-26s %6s s wall  %6s s CPU  %7d MB\n' "$label" "$wall" "$cpu" $(( rss / 1024 ))
    echo "$label $cpu $wall $rss" >> "$work/times"
}

median() { # LABEL FIELD(2=cpu,3=wall,4=rss)
    awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$work/times" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

sizes=("${@:-10000 100000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
echo "KubeFlower example, kfc at $KFC; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M UTC')"
# The sizes alternate round by round (each round runs every size once), so that the shared
# machine's drifting load and page costs fall on both sides of the ratios alike: the ratio of
# medians taken minutes apart moved by a quarter between two runs of the same binary.
for r in $(seq 1 "$runs"); do
    echo "round $r of $runs:"
    for n in "${sizes[@]}"; do
        file="$work/topology-12.kf"
        if (( n > 65000 )); then file="$work/topology-8.kf"; fi
        rm -rf "$work/out-$n"
        time_it "build-$n" "$KFC" build "$file" --set "n=$n" -o "$work/out-$n"
        time_it "verify-$n" "$KFC" verify "$work/out-$n"
        time_it "verify-connectivity-$n" "$KFC" verify "$work/out-$n" --connectivity
    done
done
for n in "${sizes[@]}"; do
    echo "$n clients: output $(du -sh "$work/out-$n" | cut -f1), $(find "$work/out-$n" -type f | wc -l) files; medians $(median "build-$n" 2) s (build), $(median "verify-$n" 2) s (verify), $(median "verify-connectivity-$n" 2) s (--connectivity) CPU"
    rm -rf "$work/out-$n"
done
if (( ${#sizes[@]} == 2 )); then
    a="${sizes[0]}" b="${sizes[1]}"
    echo "ratios of the medians, $b / $a clients (issue 14: each within 12x):"
    for cmd in build verify verify-connectivity; do
        python3 - "$cmd" "$(median "$cmd-$a" 2)" "$(median "$cmd-$b" 2)" "$(median "$cmd-$a" 4)" "$(median "$cmd-$b" 4)" <<'PY'
import sys
cmd, ca, cb, ra, rb = sys.argv[1], *map(float, sys.argv[2:])
print(f"  {cmd:22} CPU {cb / ca:5.1f}x   peak RSS {rb / ra:5.1f}x")
PY
    done
fi
