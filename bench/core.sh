#!/usr/bin/env bash
# Load + check (+ resolve, when `procat check` runs it) on each synth preset:
# `procat check --content DIR`, timed with /usr/bin/time -v.
#
#   bench/core.sh                     # small, national, huge; 3 runs each
#   PRESETS=national RUNS=5 bench/core.sh
#
# Prints a Markdown table for BENCHMARKS.md. The catalogue is read warm (it was
# just generated or read by an earlier run); the median of the runs is shown.
set -euo pipefail
source "$(dirname "$0")/common.sh"

build_tools
machine
echo
echo "| preset | procedures | localities | decisions | events | wall (s) | CPU user+sys (s) | peak RSS (MiB) | result |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for preset in $PRESETS; do
    dir=$(catalogue "$preset")
    # One untimed run so every timed run reads from the page cache.
    "$PROCAT" check --content "$dir" >/dev/null 2>&1 || true
    measure : "$PROCAT" check --content "$dir"
    errors=$(cat "$WORK/stdout" "$WORK/stderr" | grep -c "error\[" || true)
    warnings=$(cat "$WORK/stdout" "$WORK/stderr" | grep -c "warning\[" || true)
    echo "| $preset | $(summary_field "$dir" procedures) | $(summary_field "$dir" localities) | $(summary_field "$dir" decisions) | $(summary_field "$dir" events) | $WALL | $CPU | $RSS_MIB | exit $RC, $errors errors, $warnings warnings |"
done
