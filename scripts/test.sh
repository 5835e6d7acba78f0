#!/usr/bin/env bash
# `make test`: every check, in order, stopping at the first failure. Each step is announced with
# `==>` and its duration.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec </dev/null

now_ms() { date +%s%3N; }
T0=$(now_ms)
step() {
  local name="$1"; shift
  echo "==> $name"
  local t rc=0 ms
  t=$(now_ms)
  "$@" || rc=$?
  ms=$(( $(now_ms) - t ))
  if ((rc != 0)); then
    printf '==> %s: FAILED (exit %d, %d.%01d s)\n' "$name" "$rc" $((ms / 1000)) $(((ms % 1000) / 100)) >&2
    exit "$rc"
  fi
  printf '==> %s: ok (%d.%01d s)\n' "$name" $((ms / 1000)) $(((ms % 1000) / 100))
}

# A `trunk serve` (from `make run`) in this checkout rebuilds dist/ under the release build
# (TOOLCHAIN.md pitfall): stop ours, found by its working directory, before building.
stop_our_trunk_serve() {
  local p pid cmd cwd
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [[ "$pid" == "$$" ]] && continue
    cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
    [[ "$cmd" =~ (^|/)trunk\ (.*\ )?serve( |$) ]] || continue
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    [[ "$cwd" == "$ROOT" ]] || continue
    echo "test: stopping trunk serve (pid $pid) running in $ROOT"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

step "cargo fmt --check" cargo fmt --all --check
step "clippy (host)" cargo clippy --workspace --all-targets -- -D warnings
step "clippy (wasm32)" cargo clippy -p dbconsole --target wasm32-unknown-unknown --all-targets -- -D warnings
# The lazy screens and the start function exist only with the split feature (src/lazy_routes.rs).
step "clippy (wasm32, split)" cargo clippy -p dbconsole --target wasm32-unknown-unknown --lib --features split -- -D warnings
step "cargo test (host)" cargo test --workspace
step "cargo test (wasm32, headless Chromium)" cargo test -p dbconsole --target wasm32-unknown-unknown
stop_our_trunk_serve
# The e2e suite calls two devapi servers directly (Custom connections): the CSP allows them, for
# every shard (scripts/e2e.sh). Their ports follow E2E_PORT_BASE (e2e/ports.ts), so two checkouts
# can run their suites side by side.
step "release build (make dist)" env CSP_CONNECT_EXTRA="$(scripts/e2e.sh --csp-origins)" scripts/dist.sh
step "release sizes" scripts/sizes.sh
# The same site built for a sub-path, served by a plain static server in the e2e demo tests.
step "release build under /console/" env DIST=dist-console PUBLIC_URL=/console/ scripts/dist.sh
step "build devapi" cargo build -p devapi
step "nginx example" scripts/nginx-test.sh
step "playwright (e2e)" scripts/e2e.sh

ms=$(( $(now_ms) - T0 ))
printf '==> all checks passed (%d s)\n' $((ms / 1000))
