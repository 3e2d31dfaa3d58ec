#!/usr/bin/env bash
# Search comparison: procat's static index against Pagefind on the same built site.
#
#   bench/pagefind.sh [PRESET...]      (default: national huge)
#
# For each preset: generates the synthetic catalogue (examples/synth.rs), builds
# it with procat (examples/build_site.rs, which also times the search index on
# its own), indexes the built output with Pagefind (npm package `pagefind`,
# installed in a temporary folder; it ships its own Linux binary), then opens
# the same five queries in headless Chromium (/usr/bin/chromium) with an empty
# cache and counts what each search downloads (examples/search_requests.rs).
# Prints Markdown tables for BENCHMARKS.md. Measures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then PRESETS=(national huge); else PRESETS=("$@"); fi
WORK=${WORK:-/tmp/procat-search-bench}
QUERIES=("dang ky dat dai" "đăng ký khai sinh" "giay phep xay dung" "cap lai" "1.00")
mkdir -p "$WORK"

# PAGEFIND=/path/to/pagefind uses an installed binary instead.
if [ -z "${PAGEFIND:-}" ]; then
  if [ ! -x "$WORK/npm/node_modules/.bin/pagefind" ]; then
    mkdir -p "$WORK/npm"
    (cd "$WORK/npm" && npm install --silent pagefind@1.6.0 >/dev/null)
  fi
  PAGEFIND="$WORK/npm/node_modules/.bin/pagefind"
fi
"$PAGEFIND" --version

cargo build -q --example synth --example build_site --example search_requests
EX=${CARGO_TARGET_DIR:-target}/debug/examples

for preset in "${PRESETS[@]}"; do
  echo "## $preset"
  "$EX/synth" --preset "$preset" --out "$WORK/$preset-content" --force >/dev/null
  "$EX/build_site" "$WORK/$preset-content" "$WORK/$preset-site"
  echo "procat index: $(du -sb "$WORK/$preset-site/search" | cut -f1) bytes, $(find "$WORK/$preset-site/search" -type f | wc -l) files"
  echo "procat root file: $(stat -c %s "$WORK/$preset-site/search/root.js") bytes"

  rm -rf "$WORK/$preset-site/pagefind" "$WORK/$preset-site/pagefind-bench"
  start=$(date +%s.%N)
  "$PAGEFIND" --site "$WORK/$preset-site" --output-subdir pagefind >/dev/null
  end=$(date +%s.%N)
  echo "pagefind index: $(du -sb "$WORK/$preset-site/pagefind" | cut -f1) bytes, $(find "$WORK/$preset-site/pagefind" -type f | wc -l) files, built in $(echo "$end - $start" | bc) s"

  # A page that searches like Pagefind's own UI: the query, then the first 10 results' data.
  mkdir -p "$WORK/$preset-site/pagefind-bench"
  cat > "$WORK/$preset-site/pagefind-bench/index.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>pagefind bench</title><ol id="results"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get('q') || '';
const pf = await import('/pagefind/pagefind.js');
const r = await pf.search(q);
const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
const ol = document.getElementById('results');
for (const d of data) { const li = document.createElement('li'); li.textContent = d.meta.title || d.url; ol.appendChild(li); }
document.documentElement.dataset.searchMs = '0';
</script>
HTML
  echo "### procat (index files under /search/)"
  "$EX/search_requests" "$WORK/$preset-site" /search/ /search/ "${QUERIES[@]}"
  echo "### Pagefind (everything under /pagefind/: index, pagefind.js, wasm)"
  "$EX/search_requests" "$WORK/$preset-site" /pagefind-bench/ /pagefind/ "${QUERIES[@]}"
done
