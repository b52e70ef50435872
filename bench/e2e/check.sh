#!/usr/bin/env bash
# End-to-end `kfc check` of the shipped KubeFlower example widened to N clients (default
# 10,000): one node per client as the example declares, `pool: 10.16.0.0/12`, `--set n=N`.
# A /12 holds 65,536 of the zones' /28 blocks; above 65,000 clients the pool is 10.0.0.0/8.
# Times the whole command — compile, budget and placement proofs, the objects of both layers
# built in memory, every network and security proof and every `require` — three times, with
# wall time, CPU (user + system) and peak memory.
#
#   bench/e2e/check.sh [N...]      (builds kfc first: scripts/release-build)
set -euo pipefail
cd "$(dirname "$0")/../.."
kfc="$(bash scripts/release-build)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed 's#pool: 10.18.0.0/16#pool: 10.16.0.0/12#' examples/kubeflower/topology.kf > "$work/topology.kf"
sed 's#pool: 10.18.0.0/16#pool: 10.0.0.0/8#' examples/kubeflower/topology.kf > "$work/topology-8.kf"
for n in "${@:-10000}"; do
    file="$work/topology.kf" pool=10.16.0.0/12
    if (( n > 65000 )); then file="$work/topology-8.kf" pool=10.0.0.0/8; fi
    echo "kfc check of the KubeFlower example, $n clients, pool $pool (wall, CPU user+sys, peak RSS; load: $(cut -d' ' -f1-3 /proc/loadavg)):"
    for _ in 1 2 3; do
        /usr/bin/time -f "  %e s wall, %U+%S s CPU, %M KiB" "$kfc" check "$file" --set "n=$n"
    done
done
