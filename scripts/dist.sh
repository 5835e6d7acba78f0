#!/usr/bin/env bash
# `make dist`: the release site in dist/, ready for any static host (docs/deploy.md).
#   1. trunk build --release --public-url "${PUBLIC_URL:-/}" (normalised to /path/; a full
#      https://host/path/ URL is kept as is, with a trailing slash);
#   2. dist/404.html, a copy of index.html (the SPA fallback of GitHub Pages and other hosts);
#   3. .gz (gzip -9 -n) and .br (brotli 11, Node's zlib) beside every .html .js .wasm .css .json
#      .svg, except config.json (scripts/compress.mjs), and a summary.
# Idempotent: Trunk replaces the folder, and reruns overwrite. DIST=/tmp/x builds elsewhere.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec </dev/null

DIST="${DIST:-dist}"

die() { echo "dist: $*" >&2; exit 1; }

# PUBLIC_URL -> "/" or "/a/b/" (or "scheme://host/path/").
normalise_public_url() {
  local url="$1"
  if [[ -z "$url" ]]; then
    printf '/\n'
    return
  fi
  [[ "$url" =~ [[:space:]] ]] && die "PUBLIC_URL must not contain spaces: '$url'"
  if [[ "$url" =~ ^[A-Za-z][A-Za-z0-9+.-]*:// ]]; then
    [[ "$url" == */ ]] || url="$url/"
    printf '%s\n' "$url"
    return
  fi
  url="/$url/"
  while [[ "$url" == *//* ]]; do url="${url//\/\//\/}"; done
  if [[ "$url" =~ (^|/)\.\.?(/|$) ]]; then
    die "PUBLIC_URL must be an absolute path like /console/ (got '$1'): relative bases break deep links"
  fi
  printf '%s\n' "$url"
}

PUBLIC="$(normalise_public_url "${PUBLIC_URL:-/}")"

# A `trunk serve` (make run) in this checkout rebuilds dist/ on every change: it would overwrite
# this build with a debug one. Stop it first (Ctrl-C in its terminal).
if [[ "$DIST" == dist || "$(realpath -m "$DIST")" == "$ROOT/dist" ]]; then
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
    [[ "$cmd" =~ (^|/)trunk\ (.*\ )?serve( |$) ]] || continue
    [[ "$(readlink "$p/cwd" 2>/dev/null)" == "$ROOT" ]] || continue
    die "a trunk serve (pid ${p#/proc/}) runs in $ROOT and would overwrite dist/: stop it (make run) first"
  done
fi

echo "dist: trunk build --release --public-url $PUBLIC --dist $DIST"
trunk build --release --public-url "$PUBLIC" --dist "$DIST"
[[ -f "$DIST/index.html" ]] || die "trunk wrote no $DIST/index.html"

node "$ROOT/scripts/csp.mjs" "$DIST"
cp -f "$DIST/index.html" "$DIST/404.html"

node "$ROOT/scripts/compress.mjs" "$DIST"
echo "dist: $DIST/ ready (public URL $PUBLIC; 404.html = index.html; see docs/deploy.md)"
