#!/usr/bin/env bash
# Release first-load sizes from dist/ (run after `trunk build --release`): the .wasm, the .js, the
# .css and index.html, raw, gzip -9 and brotli -q 11 (when `brotli` is installed). Prints a table
# and writes the same as markdown to target/sizes.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

DIST="${DIST:-dist}"
if [[ ! -f "$DIST/index.html" ]]; then
  echo "sizes: no $DIST/index.html; run trunk build --release first" >&2
  exit 1
fi
have_brotli=false
command -v brotli >/dev/null 2>&1 && have_brotli=true

mapfile -t files < <(
  cd "$DIST"
  for ext in wasm js css; do
    find . -type f -name "*.$ext" | sed 's|^\./||' | LC_ALL=C sort
  done
  echo index.html
)

raw_of() { wc -c <"$DIST/$1" | tr -d ' '; }
gz_of() { gzip -9 -c "$DIST/$1" | wc -c | tr -d ' '; }
br_of() { brotli -q 11 -c "$DIST/$1" | wc -c | tr -d ' '; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }

rows=()
t_raw=0 t_gz=0 t_br=0
for f in "${files[@]}"; do
  r=$(raw_of "$f"); g=$(gz_of "$f"); b=""
  t_raw=$((t_raw + r)); t_gz=$((t_gz + g))
  if $have_brotli; then b=$(br_of "$f"); t_br=$((t_br + b)); fi
  rows+=("$f|$r|$g|$b")
done
rows+=("total|$t_raw|$t_gz|$( $have_brotli && echo "$t_br" || true)")

cell() { printf '%s (%s)' "$1" "$(kib "$1")"; }

mkdir -p target
md=target/sizes.md
{
  echo "Release first-load sizes (\`trunk build --release\`, bytes)"
  echo
  if $have_brotli; then
    echo "| file | raw | gzip -9 | brotli -q 11 |"
    echo "|---|---:|---:|---:|"
  else
    echo "| file | raw | gzip -9 |"
    echo "|---|---:|---:|"
  fi
  for row in "${rows[@]}"; do
    IFS='|' read -r f r g b <<<"$row"
    [[ "$f" == total ]] && f="**total**"
    if $have_brotli; then
      echo "| $f | $(cell "$r") | $(cell "$g") | $(cell "$b") |"
    else
      echo "| $f | $(cell "$r") | $(cell "$g") |"
    fi
  done
} >"$md"

w=5
for row in "${rows[@]}"; do f=${row%%|*}; ((${#f} > w)) && w=${#f}; done
if $have_brotli; then
  printf "%-${w}s  %22s  %22s  %22s\n" file raw "gzip -9" "brotli -q 11"
else
  printf "%-${w}s  %22s  %22s\n" file raw "gzip -9"
fi
for row in "${rows[@]}"; do
  IFS='|' read -r f r g b <<<"$row"
  if $have_brotli; then
    printf "%-${w}s  %22s  %22s  %22s\n" "$f" "$(cell "$r")" "$(cell "$g")" "$(cell "$b")"
  else
    printf "%-${w}s  %22s  %22s\n" "$f" "$(cell "$r")" "$(cell "$g")"
  fi
done
echo "(written to $md)"
