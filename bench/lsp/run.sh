#!/usr/bin/env bash
# Builds kfc in release mode and times `kfc lsp` from an edit to its diagnostics on the
# KubeFlower example widened to N clients (default 1,000). See edit-latency.py.
#
#   bench/lsp/run.sh [N] [EDITS] [kfc lsp flags, e.g. --debounce 0]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product kfc >/dev/null
kfc="$(swift build -c release --show-bin-path)/kfc"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/lsp/edit-latency.py "$kfc" "${1:-1000}" "${2:-20}" "${@:3}"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
