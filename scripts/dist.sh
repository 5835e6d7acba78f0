#!/usr/bin/env bash
# `make dist`: the release site in dist/, ready for any static host (docs/deploy.md), with the
# console split into a main module and one WebAssembly chunk per lazy screen (src/lazy_routes.rs).
# No Trunk (it cannot split: trunk-rs/trunk#1022); `make run` still serves with Trunk, unsplit.
#   1. cargo rustc --release --lib --crate-type cdylib --target wasm32-unknown-unknown
#      --features split, in its own target dir (target/split: --emit-relocs, which wasm-split
#      needs, rebuilds every crate);
#   2. wasm-split-cli: the main module, split_<screen>.wasm chunks and __wasm_split.js (their loader);
#   3. wasm-bindgen --target web --keep-lld-exports (the chunks link to the main module's table);
#   4. wasm-opt -Oz (npm binaryen 132, never Debian's) on the main module and on every chunk;
#   5. scripts/site.mjs: content-hashed names, index.html from index.html (what Trunk would write
#      for its data-trunk tags; <base href> = PUBLIC_URL, normalised to /path/; a full
#      https://host/path/ URL is kept as is, with a trailing slash), the style sheet, config.json;
#   6. the CSP <meta> (scripts/csp.mjs), dist/404.html (a copy of index.html, the SPA fallback of
#      GitHub Pages and other hosts);
#   7. .gz (gzip -9 -n) and .br (brotli 11, Node's zlib) beside every .html .js .wasm .css .json
#      .svg, except config.json (scripts/compress.mjs), and a summary.
# The site is assembled in a new folder beside $DIST, which then replaces $DIST: a failed build
# leaves the previous one. Reproducible: two builds of the same commit are byte-identical
# (scripts/dist-check.sh). DIST=/tmp/x builds elsewhere. Timings per step go to stderr.
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

NAME=dbconsole
TARGET_DIR="$ROOT/target/split"
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/$NAME.wasm"
now_ms() { date +%s%3N; }
T0=$(now_ms)
timed() {
  local what="$1" t ms
  shift
  t=$(now_ms)
  "$@"
  ms=$(($(now_ms) - t))
  printf 'dist: %s: %d.%01d s\n' "$what" $((ms / 1000)) $(((ms % 1000) / 100)) >&2
}

for tool in wasm-split-cli wasm-bindgen wasm-opt; do
  command -v "$tool" >/dev/null 2>&1 || die "no $tool on PATH: run make setup"
done
[[ "$(command -v wasm-opt)" == "$ROOT/e2e/node_modules/.bin/wasm-opt" ]] ||
  die "wasm-opt is $(command -v wasm-opt), not npm binaryen's in e2e/node_modules (TOOLCHAIN.md, trap 3)"

# 1. The library as a cdylib, started by its `start()`. The crate type is given here, not in
# Cargo.toml: with `crate-type = ["cdylib", "rlib"]` there, cargo builds both in one rustc run
# without LTO (the rlib cannot have it) and the module is 145 KB larger. RUSTFLAGS replaces
# .cargo/config.toml's rustflags for the target, so its --cfg erase_components is repeated here.
echo "dist: cargo rustc --release --lib --crate-type cdylib --features split (target/split)"
timed "cargo build" env -u CARGO_ENCODED_RUSTFLAGS \
  RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs" \
  cargo rustc --release --lib --crate-type cdylib --target wasm32-unknown-unknown \
  --features split --target-dir "$TARGET_DIR" --locked
[[ -f "$WASM" ]] || die "cargo wrote no $WASM"

# 2-4. Split, bind, optimise. The result depends only on the module cargo wrote, the tools and
# this script, not on PUBLIC_URL or DIST: it is kept in target/split/opt/KEY and reused (make test
# builds twice, for / and /console/; wasm-opt is most of a warm build). A stage folder of this
# run's own (make bench's build shares target/split).
DIST="${DIST%/}"
mkdir -p "$(dirname "$DIST")"
STAGE="$TARGET_DIR/stage.$$"
NEW="$(dirname "$DIST")/.$(basename "$DIST").new.$$"
trap 'rm -rf "$STAGE" "$NEW"' EXIT
rm -rf "$STAGE" "$NEW"
KEY="$({
  sha256sum "$WASM" "${BASH_SOURCE[0]}" | awk '{print $1}'
  wasm-bindgen --version
  wasm-opt --version
  cargo install --list | grep -A1 '^wasm_split_cli_support '
} | sha256sum | cut -c1-16)"
CACHED="$TARGET_DIR/opt/$KEY"
if [[ -f "$CACHED/.complete" ]]; then
  echo "dist: split, bound and optimised modules reused (target/split/opt/$KEY)"
  cp -a "$CACHED" "$STAGE"
  rm -f "$STAGE/.complete"
else
  mkdir -p "$STAGE"
  timed "wasm-split-cli" wasm-split-cli --target web --out-name "$NAME" "$WASM" "$STAGE"
  timed "wasm-bindgen" wasm-bindgen --target web --keep-lld-exports --no-demangle \
    --no-typescript --out-dir "$STAGE" --out-name "$NAME" "$STAGE/$NAME.wasm"
  rm -f "$STAGE/$NAME.wasm"
  # Chunks carry a name subsection that binaryen 132 does not know: it says so ("unknown name
  # subsection with id 3") and drops it; only that warning is hidden. The main module and the
  # chunks in parallel (the main module takes most of the time).
  wasm_opt() {
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$1" -o "$1" \
      2> >(grep -v '^warning: unknown name subsection with id 3 at [0-9]*$' >&2)
  }
  opt_all() {
    local f pids=() rc=0
    for f in "$STAGE/${NAME}_bg.wasm" "$STAGE"/split_*.wasm "$STAGE"/chunk_*.wasm; do
      [[ -f "$f" ]] || continue
      wasm_opt "$f" &
      pids+=("$!")
      # At most two at once (two cores): the main module, and the chunks one after another.
      if ((${#pids[@]} >= 2)); then wait "${pids[1]}" || rc=1; pids=("${pids[0]}"); fi
    done
    for f in "${pids[@]}"; do wait "$f" || rc=1; done
    return "$rc"
  }
  timed "wasm-opt" opt_all
  mkdir -p "$TARGET_DIR/opt"
  rm -rf "$CACHED.tmp.$$"
  cp -a "$STAGE" "$CACHED.tmp.$$"
  touch "$CACHED.tmp.$$/.complete"
  rm -rf "$CACHED"
  mv "$CACHED.tmp.$$" "$CACHED"
  # Keep the three newest.
  ls -1dt "$TARGET_DIR"/opt/*/ 2>/dev/null | tail -n +4 | xargs -r rm -rf
fi

# 5. The site, beside $DIST, then in its place.
timed "site" node "$ROOT/scripts/site.mjs" --stage "$STAGE" --out "$NEW" --public-url "$PUBLIC" --name "$NAME"

# 6-7.
node "$ROOT/scripts/csp.mjs" "$NEW"
cp -f "$NEW/index.html" "$NEW/404.html"
timed "compress" node "$ROOT/scripts/compress.mjs" "$NEW"

rm -rf "$DIST"
mv "$NEW" "$DIST"
ms=$(($(now_ms) - T0))
printf 'dist: %s/ ready in %d.%01d s (public URL %s; 404.html = index.html; see docs/deploy.md)\n' \
  "$DIST" $((ms / 1000)) $(((ms % 1000) / 100)) "$PUBLIC"
