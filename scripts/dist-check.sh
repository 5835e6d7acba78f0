#!/usr/bin/env bash
# `make dist-check`: the release build is reproducible. Builds the site twice with scripts/dist.sh,
# each time from clean, into target/dist-check/{a,b}, and compares every file byte for byte
# (`diff -r`, the .gz/.br copies included); prints the time of each build.
# "From clean": the app's own artefacts in target/split (the crates dbconsole and model, cargo
# clean -p) and the reused optimised modules (target/split/opt) are removed before each build; the
# dependencies stay compiled. DIST_CHECK_FULL=1 removes the whole of target/split instead (two
# cold builds, several minutes each). PUBLIC_URL as for make dist.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec </dev/null

OUT="$ROOT/target/dist-check"
say() { printf 'dist-check: %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }

clean() {
  if [[ "${DIST_CHECK_FULL:-}" == 1 ]]; then
    rm -rf target/split
  else
    cargo clean -q -p dbconsole -p model --release --target wasm32-unknown-unknown \
      --target-dir target/split 2>/dev/null || true
    rm -rf target/split/opt
  fi
}

rm -rf "$OUT"
mkdir -p "$OUT"
T0=$(now_ms)
for run in a b; do
  clean
  t=$(now_ms)
  DIST="$OUT/$run" scripts/dist.sh >"$OUT/$run.log" 2>&1 || { tail -n 20 "$OUT/$run.log" >&2; say "build $run failed (log: $OUT/$run.log)"; exit 1; }
  ms=$(($(now_ms) - t))
  say "build $run: $((ms / 1000)).$(((ms % 1000) / 100)) s ($(find "$OUT/$run" -type f | wc -l) files)"
done
if diff -r "$OUT/a" "$OUT/b" >"$OUT/diff.txt"; then
  ms=$(($(now_ms) - T0))
  say "the two builds are identical, byte for byte ($(find "$OUT/a" -type f | wc -l) files; $((ms / 1000)) s in all)"
else
  head -n 20 "$OUT/diff.txt" >&2
  say "the two builds differ (full list: $OUT/diff.txt)"
  exit 1
fi
