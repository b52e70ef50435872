#!/usr/bin/env bash
# End-to-end `kfc build` of a generated topology: N clients (default 10,000), each in its own
# private zone carved from a pool, N/10 nodes, one dataset per client, `noise: auto`. Times the
# whole command — compile, budget and placement proofs, manifests, translation validation of the
# emitted objects, and writing the folder — three times, with wall time, CPU and peak memory.
#
#   bench/e2e/build.sh [N]        (builds kfc first: scripts/release-build)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-10000}"
kfc="$(bash scripts/release-build)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
nodes=$(( n / 10 ))
cat > "$work/topology.kf" <<KF
import std/models { mlp }
import std/strategies { fedavg }

let n = $n

cluster lab {
  node cloud { cpu: 64, memory: 256Gi }
  node edge[i in 0..<$nodes] { hostname: "edge-\\(i)", cpu: 16, memory: 64Gi }
}

network net {
  pool: 10.0.0.0/8
  zone_prefix: 28
  zone core {}
  zone site[i in 0..<n] { private: true }
}

dataset data[i in 0..<n] { path: "/data/\\(i).csv", node: lab.edge[i % $nodes], records: 1000 }

federation fl {
  model: mlp(hidden: [64])
  strategy: fedavg(min_fit: 2)
  rounds: 10
  server { zone: net.core, node: lab.cloud, port: 8080 }
  client[i in 0..<n] { zone: net.site[i], node: lab.edge[i % $nodes], dataset: data[i], train: { epochs: 1, batch: 32 } }
  privacy { unit: example, epsilon: 1.0, delta: 1e-5, noise: auto }
}
KF
echo "kfc build of $n clients (wall, user CPU, peak RSS):"
for _ in 1 2 3; do
    rm -rf "$work/out"
    /usr/bin/time -f "  %e s wall, %U s user, %M KiB" "$kfc" build "$work/topology.kf" -o "$work/out"
done
echo "  output: $(du -sh "$work/out" | cut -f1), $(ls "$work/out" | wc -l) files"
