#!/usr/bin/env bash
# Release sizes of the built site in dist/ (run after scripts/dist.sh; DIST=... for another
# folder): the first load (what the list page fetches before its first row: index.html, the main
# JS and the chunk loader it imports, the main .wasm, the style sheet, config.json), each lazy
# chunk, and the whole site; raw, gzip -9 and brotli 11. Prints the tables and writes them as
# markdown to target/sizes.md. The measuring is scripts/sizes.mjs.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

DIST="${DIST:-dist}"
if [[ ! -f "$DIST/index.html" ]]; then
  echo "sizes: no $DIST/index.html; run scripts/dist.sh (make dist) first" >&2
  exit 1
fi
exec node scripts/sizes.mjs "$DIST" target/sizes.md
