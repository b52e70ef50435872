#!/usr/bin/env bash
# The distributed runtime against the in-process executor: the digits example (10 clients x 10
# rounds) run by `kfc run` in one process and by `kfc run --processes` (a `kfc exec server` and
# ten `kfc exec client` processes over loopback with mutual TLS, certificates made on the fly),
# each RUNS times (default 5), whole wall time of the command, with the load average before each
# run. The binary is the image's: release, Swift runtime linked statically, as deploy/Dockerfile
# builds it.
#
#   bench/runtime/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
# The same build (and scratch folder) as scripts/test's, so one serves both.
kfc="$(bash scripts/release-build)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
example=examples/digits/topology.kf
"$kfc" --version
wall() { # prints the wall seconds of "$@"
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
for mode in in-process processes; do
  for i in $(seq 1 "$runs"); do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    if [[ "$mode" == processes ]]; then
      s=$(wall "$kfc" run "$example" --processes --out "$work/$mode-$i")
    else
      s=$(wall "$kfc" run "$example" --out "$work/$mode-$i")
    fi
    printf '%-10s run %d  %6.3f s  (load average %s)\n' "$mode" "$i" "$s" "$load"
  done
done
cmp "$work/in-process-1/model.json" "$work/processes-1/model.json" && echo "final models: identical"
