#!/usr/bin/env bash
# procat serve: how long from start to the first page served, and from saving a
# procedure's new name to the server answering its page with that name (the
# open page's long poll returns at the same moment; the browser's reload of
# one page adds a few milliseconds on top).
#
#   bench/serve.sh                  # the sample (content/) and PRESETS
#   PRESETS="" bench/serve.sh       # the sample only
#   PROCAT=path/to/procat SYNTH=path/to/synth bench/serve.sh   # no build
#
# Prints one table row per catalogue: first page (ms), then the median and the
# slowest of RUNS changes (ms).
set -euo pipefail
SERVE_PRESETS=${PRESETS-national}
RUNS=${RUNS:-5}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PRESETS=$SERVE_PRESETS

# PROCAT and SYNTH given: no build (the target folder may be shared).
if [ -z "${PROCAT:-}" ] || { [ -n "$PRESETS" ] && [ -z "${SYNTH:-}" ]; }; then
    build_tools
fi

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }

# measure_serve NAME DIR
measure_serve() {
    local name=$1 copy=$WORK/catalogue-$1 out=$WORK/serve-$1
    rm -rf "$copy"
    cp -r "$2" "$copy"
    local file code
    file=$(find "$copy/procedures" -type f \( -name '*.md' -o -name '*.yaml' \) | sort | sed -n 1p)
    code=$(basename "$file")
    code=${code%.*}
    local start pid url first
    start=$(now)
    (cd "$ROOT" && exec "$PROCAT" serve --content "$copy" --port 0 >"$out.out" 2>"$out.err") &
    pid=$!
    until grep -q '^Serving ' "$out.out" 2>/dev/null; do sleep 0.01; done
    url=$(sed -n 's/^Serving //p' "$out.out")
    until curl -sf -o /dev/null "$url"; do sleep 0.01; done
    first=$(ms "$start" "$(now)")
    local times=() i t0
    for i in $(seq 1 "$RUNS"); do
        # A new name, saved the way an editor saves: the whole file rewritten.
        sed "0,/^name: /s/^name: /name: Mới$i /" "$file" >"$WORK/edited"
        t0=$(now)
        cat "$WORK/edited" >"$file"
        until curl -s -o "$WORK/page" "${url}procedures/$code/" && grep -q "Mới$i " "$WORK/page"; do
            sleep 0.01
        done
        times+=("$(ms "$t0" "$(now)")")
    done
    kill -INT "$pid"
    wait "$pid" || true
    local sorted median slowest
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    slowest=$(echo "$sorted" | tail -1)
    echo "| $name | $first | $median | $slowest | $(grep -c 'changed: built' "$out.err") rebuilds: $(grep 'changed: built' "$out.err" | tail -1 | sed 's/.*changed: //') |"
}

echo "| catalogue | first page (ms) | change visible, median (ms) | slowest (ms) | last rebuild |"
echo "|---|---:|---:|---:|---|"
measure_serve sample "$ROOT/content"
for preset in $PRESETS; do
    measure_serve "$preset" "$(catalogue "$preset")"
done
