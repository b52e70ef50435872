#!/usr/bin/env bash
# Builds kfc (scripts/release-build) and times `kfc lsp` from an edit to its diagnostics on the
# KubeFlower example widened to N clients (default 1,000). See edit-latency.py.
#
#   bench/lsp/run.sh [N] [EDITS] [kfc lsp flags, e.g. --debounce 0]
set -euo pipefail
cd "$(dirname "$0")/../.."
kfc="$(bash scripts/release-build)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/lsp/edit-latency.py "$kfc" "${1:-1000}" "${2:-20}" "${@:3}"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
