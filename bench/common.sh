# Shared by bench/*.sh; source it, don't run it.
#
# Environment:
#   CARGO_TARGET_DIR  where cargo builds (default: ./target)
#   SYNTH_DIR         where generated catalogues are kept between runs (default: /tmp)
#   RUNS              timed runs per measurement; the median is reported (default: 3)
#   PRESETS           which synth presets to run (default: small national huge)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
SYNTH_DIR=${SYNTH_DIR:-/tmp}
RUNS=${RUNS:-3}
PRESETS=${PRESETS:-small national huge}
WORK=$(mktemp -d /tmp/procat-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ ! -x /usr/bin/time ]; then
    echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi

# Build procat and the generator once, and copy them aside at once: the target
# folder may be shared with other checkouts that build into it.
build_tools() {
    (cd "$ROOT" && cargo build --release --bin procat --example synth) >&2
    cp "$CARGO_TARGET_DIR/release/procat" "$CARGO_TARGET_DIR/release/examples/synth" "$WORK/"
    PROCAT=$WORK/procat
    SYNTH=$WORK/synth
}

# catalogue PRESET: print the folder of that preset's catalogue, generating it
# when it is missing or was written by another version of the generator.
catalogue() {
    local preset=$1 dir=$SYNTH_DIR/synth-$1 stamp
    stamp="$(sha256sum "$ROOT/examples/synth.rs" | cut -c1-16) $preset seed=1"
    if [ "$(cat "$dir/.synth-stamp" 2>/dev/null)" != "$stamp" ]; then
        "$SYNTH" --preset "$preset" --out "$dir" --force >"$WORK/synth.out"
        cat "$WORK/synth.out" >&2
        cp "$WORK/synth.out" "$dir/.synth-summary"
        echo "$stamp" >"$dir/.synth-stamp"
    fi
    echo "$dir"
}

# summary_field DIR WORD: the number before WORD in the generator's summary.
summary_field() {
    grep -oE "[0-9]+ $2" "$1/.synth-summary" | head -1 | cut -d' ' -f1
}

# measure SETUP CMD...: run SETUP (untimed, via eval) then CMD under
# /usr/bin/time -v, $RUNS times. Sets WALL and CPU (medians, seconds),
# RSS_MIB (largest peak resident set, MiB), RC (exit status of the last run) and
# STOPPED (1 when MAX_RSS_MIB stopped it).
# CMD's output goes to $WORK/stdout and $WORK/stderr.
measure() {
    local setup=$1
    shift
    local walls=() cpus=() rss=0 i
    for ((i = 0; i < RUNS; i++)); do
        eval "$setup"
        RC=0
        STOPPED=0
        /usr/bin/time -v -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" &
        local timer=$!
        # The machine is shared: with MAX_RSS_MIB set, a command that grows past
        # it is stopped (reported in STOPPED) rather than left to exhaust memory.
        if [ -n "${MAX_RSS_MIB:-}" ]; then
            while kill -0 "$timer" 2>/dev/null; do
                local kid now
                for kid in $(ps --ppid "$timer" -o pid= 2>/dev/null); do
                    now=$(ps -o rss= -p "$kid" 2>/dev/null || echo 0)
                    if [ "${now:-0}" -gt $((MAX_RSS_MIB * 1024)) ]; then
                        echo "bench: stopping $* at over $MAX_RSS_MIB MiB" >&2
                        kill "$kid" 2>/dev/null || true
                        STOPPED=1
                    fi
                done
                sleep 1
            done
        fi
        wait "$timer" || RC=$?
        if [ "$RC" -ge 2 ] || grep -q "Command terminated by signal" "$WORK/time"; then
            echo "bench: failed ($RC): $*" >&2
            tail -5 "$WORK/stderr" >&2
        fi
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, t, ":"); s = 0
            for (k = 1; k <= n; k++) s = s * 60 + t[k]
            printf "%.2f", s }' "$WORK/time")")
        cpus+=("$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$WORK/time")")
        local r
        r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time")
        [ "$r" -gt "$rss" ] && rss=$r
    done
    WALL=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    CPU=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    RSS_MIB=$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')
}

machine() {
    echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
