#!/usr/bin/env bash
# Full site builds of each synth preset, compared in the same run with Hugo
# building the equivalent site (bench/hugo_site.py) and with `cp -r` of
# procat's finished output (the floor no generator can beat).
#
#   bench/build.sh                          # small, national, huge
#   PRESETS=national RUNS=5 bench/build.sh
#
# Environment (besides bench/common.sh's): AS_OF (default 2026-11-26),
# OUT (where outputs go, default /tmp), HUGE_RUNS (default 1), HUGO (default hugo),
# HUGO_PRESETS (presets Hugo builds too, default "small national": on huge,
# Hugo 0.111 passed 15 GiB and 12 minutes without finishing; see BENCHMARKS.md),
# HUGO_MAX_RSS_MIB (Hugo is stopped past this, default 8192).
# Every tool starts from an empty output folder; `sync` runs before each timed
# run so that earlier writes are not flushed during it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
AS_OF=${AS_OF:-2026-11-26}
OUT=${OUT:-/tmp}
HUGO=${HUGO:-hugo}
HUGO_PRESETS=${HUGO_PRESETS:-small national}
HUGO_MAX_RSS_MIB=${HUGO_MAX_RSS_MIB:-8192}
if ! command -v "$HUGO" >/dev/null; then
    echo "bench: hugo is missing (apt-get install -y hugo)" >&2
    exit 2
fi

build_tools
HAVE_BUILD=1
if ! "$PROCAT" build --help >/dev/null 2>&1; then
    HAVE_BUILD=0
    echo "bench: this procat has no build command yet; timing Hugo only" >&2
fi
machine
echo "hugo: $("$HUGO" version | cut -d' ' -f2)"
echo
echo "| preset | tool | pages (index.html) | output bytes | wall (s) | CPU user+sys (s) | peak RSS (MiB) |"
echo "|---|---|---:|---:|---:|---:|---:|"

row() { # tool folder
    local pages bytes
    pages=$(find "$2" -name index.html | wc -l)
    bytes=$(du -sb "$2" | cut -f1)
    echo "| $preset | $1 | $pages | $bytes | $WALL | $CPU | $RSS_MIB |"
}

ratios=()
for preset in $PRESETS; do
    dir=$(catalogue "$preset")
    runs=$RUNS
    [ "$preset" = huge ] && runs=${HUGE_RUNS:-1}

    if [ "$HAVE_BUILD" = 1 ]; then
        out=$OUT/out-$preset
        RUNS=$runs measure "rm -rf '$out'; sync" \
            "$PROCAT" build --content "$dir" --output "$out" --as-of "$AS_OF"
        [ "$RC" = 0 ] || { echo "bench: procat build failed on $preset" >&2; cat "$WORK/stderr" >&2; exit 1; }
        procat_wall=$WALL
        row "procat build" "$out"
    fi

    hugo_wall=
    if [[ " $HUGO_PRESETS " == *" $preset "* ]]; then
        # The Hugo site is regenerated only when the catalogue or the converter changed.
        site=$SYNTH_DIR/hugo-site-$preset
        stamp="$(cat "$dir/.synth-stamp") $(sha256sum "$ROOT/bench/hugo_site.py" | cut -c1-16)"
        if [ "$(cat "$site/.stamp" 2>/dev/null)" != "$stamp" ]; then
            python3 "$ROOT/bench/hugo_site.py" "$dir" "$site" >&2
            echo "$stamp" >"$site/.stamp"
        fi
        hout=$OUT/hugo-out-$preset
        MAX_RSS_MIB=$HUGO_MAX_RSS_MIB RUNS=$runs measure "rm -rf '$hout' '$site/resources'; sync" \
            "$HUGO" --minify --quiet -s "$site" -d "$hout"
        if [ "$STOPPED" = 1 ]; then
            echo "| $preset | hugo --minify | stopped over $HUGO_MAX_RSS_MIB MiB | | $WALL | $CPU | $RSS_MIB |"
        elif [ "$RC" != 0 ]; then
            echo "bench: hugo failed on $preset" >&2
            cat "$WORK/stderr" >&2
            exit 1
        else
            hugo_wall=$WALL
            row "hugo --minify" "$hout"
        fi
        rm -rf "$hout"
    fi

    if [ "$HAVE_BUILD" = 1 ]; then
        cout=$OUT/copy-$preset
        RUNS=$runs measure "rm -rf '$cout'; sync" cp -r "$out" "$cout"
        copy_wall=$WALL
        row "cp -r (floor)" "$cout"
        rm -rf "$cout"
        ratios+=("$(awk -v p="$procat_wall" -v h="${hugo_wall:-0}" -v c="$copy_wall" -v n="$preset" 'BEGIN {
            if (h > 0) printf "%s: Hugo takes %.1f× procat'"'"'s time; ", n, h / p; else printf "%s: ", n
            printf "procat takes %.1f× the copy'"'"'s time", p / c }')")
    fi
done
echo
for r in "${ratios[@]}"; do echo "- $r"; done
