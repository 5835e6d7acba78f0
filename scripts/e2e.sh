#!/usr/bin/env bash
# The Playwright suite in E2E_SHARDS shards run side by side, each with its own set of servers on
# its own ports: shard k (0-based) uses E2E_PORT_BASE + 10·k and the next few (e2e/ports.ts), so
# the shards never share a devapi's state. The suite is bound by the processor (each test's new
# page compiles the console's wasm, axe checks every screen): on 2 cores two shards took 10.7 min
# against 11.0 for one, every test twice as long, so one shard keeps two cores busy. The default
# is one shard per two cores (at least 1, at most 4).
# Each line is prefixed with its shard; the step fails when any shard fails. Extra arguments go to
# every `playwright test` (a file, --grep …). The release build in dist/ must allow every shard's
# direct API origins in its CSP: `scripts/e2e.sh --csp-origins` prints them for scripts/dist.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

BASE="${E2E_PORT_BASE:-18080}"
CORES="$(nproc 2>/dev/null || echo 1)"
DEFAULT_SHARDS=$((CORES / 2))
((DEFAULT_SHARDS >= 1)) || DEFAULT_SHARDS=1
((DEFAULT_SHARDS <= 4)) || DEFAULT_SHARDS=4
SHARDS="${E2E_SHARDS:-$DEFAULT_SHARDS}"
[[ "$SHARDS" =~ ^[1-9][0-9]?$ ]] || { echo "e2e: E2E_SHARDS must be 1 to 99, not '$SHARDS'" >&2; exit 2; }

if [[ "${1:-}" == "--csp-origins" ]]; then
  # The two servers the tests call directly: the devapi behind /api (+1) and the CORS one (+2).
  origins=()
  for ((k = 0; k < SHARDS; k++)); do
    b=$((BASE + 10 * k))
    origins+=("http://127.0.0.1:$((b + 1))" "http://127.0.0.1:$((b + 2))")
  done
  echo "${origins[*]}"
  exit 0
fi

cd "$ROOT/e2e"
pids=()
for ((k = 0; k < SHARDS; k++)); do
  label="[e2e $((k + 1))/$SHARDS]"
  E2E_PORT_BASE=$((BASE + 10 * k)) E2E_SHARD=$((k + 1)) \
    npx --no-install playwright test --shard="$((k + 1))/$SHARDS" "$@" \
    > >(sed -u "s|^|$label |") 2>&1 &
  pids+=($!)
done

failed=0
for k in "${!pids[@]}"; do
  if ! wait "${pids[$k]}"; then
    echo "e2e: shard $((k + 1))/$SHARDS failed" >&2
    failed=1
  fi
done
# Let the prefixing finish writing before the step's verdict.
wait
exit "$failed"
