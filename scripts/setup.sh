#!/usr/bin/env bash
# `make setup`: installs what is missing, exactly as TOOLCHAIN.md says, and nothing else.
# Idempotent: when everything is present it only checks versions (seconds). Works with no terminal
# and no stdin (CI=true).
#
#   scripts/setup.sh [all|test|dist|run|bench]     (default: all, which is `make setup`)
#
# Each `make` target installs only what it uses:
#   dist   the split release build (scripts/dist.sh): the wasm32 target, wasm-bindgen-cli,
#          wasm-split-cli, e2e/node_modules (binaryen's wasm-opt);
#   test   dist + Chromium and ChromeDriver + nginx (scripts/test.sh); no Trunk;
#   bench  dist + Chromium;
#   run    Trunk (`trunk serve`, make run), the wasm32 target, wasm-bindgen-cli, e2e/node_modules;
#   all    everything above.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec </dev/null

TRUNK_VERSION=0.21.14
# The splitter Leptos' code splitting needs (the crate is not the one named `wasm-split-cli`).
WASM_SPLIT_CRATE=wasm_split_cli_support
WASM_SPLIT_VERSION=0.2.4
export DEBIAN_FRONTEND=noninteractive

say() { printf 'setup: %s\n' "$*"; }

PURPOSE="${1:-all}"
case "$PURPOSE" in
  all) parts="chromium nginx target trunk wasm-bindgen wasm-split node" ;;
  test) parts="chromium nginx target wasm-bindgen wasm-split node" ;;
  dist) parts="target wasm-bindgen wasm-split node" ;;
  bench) parts="chromium target wasm-bindgen wasm-split node" ;;
  run) parts="target trunk wasm-bindgen node" ;;
  *) echo "setup: unknown purpose '$PURPOSE' (all, test, dist, run or bench)" >&2; exit 2 ;;
esac
wants() { [[ " $parts " == *" $1 "* ]]; }

# The wasm-bindgen version that the crate resolves to: Cargo.lock first, else the `=` pin.
wasm_bindgen_version() {
  local v=""
  if [[ -f Cargo.lock ]]; then
    v="$(awk '/^\[\[package\]\]/ { name = "" }
              /^name = / { name = $3 }
              /^version = / && name == "\"wasm-bindgen\"" { gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
  fi
  if [[ -z "$v" ]]; then
    v="$(sed -n 's/^wasm-bindgen *= *"=\([0-9][0-9.]*\)".*/\1/p' Cargo.toml | head -n1)"
  fi
  if [[ -z "$v" ]]; then
    echo "setup: cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml" >&2
    exit 1
  fi
  printf '%s\n' "$v"
}

# 1. Debian's Chromium and chromedriver (never Debian's binaryen).
if ! wants chromium; then
  :
elif [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  say "chromium + chromedriver ok"
else
  say "installing chromium + chromium-driver (apt)"
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then sudo_cmd=(sudo -n); fi
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver
fi

# 1b. Debian's nginx, for scripts/nginx-test.sh (deploy/nginx/console.conf). The test runs its own
# nginx with its own configuration, so the package's service is kept from starting (a busy port 80
# would fail the install): a policy-rc.d that denies it, only while installing, only if the
# machine has none (containers usually have one already).
if ! wants nginx; then
  :
elif command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; then
  say "nginx ok"
else
  say "installing nginx (apt)"
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then sudo_cmd=(sudo -n); fi
  policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  rc=0
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx ||
    rc=$?
  if ((policy_added)); then "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d; fi
  ((rc == 0)) || exit "$rc"
fi

# 2. The wasm32 target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown ok"
else
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 3. Trunk, pinned (0.22 needs a newer rustc); only `make run` uses it.
if wants trunk; then
  have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
  if [[ "$have_trunk" == "$TRUNK_VERSION" ]]; then
    say "trunk $TRUNK_VERSION ok"
  else
    say "installing trunk $TRUNK_VERSION (had: ${have_trunk:-none}; about 5 min on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
fi

# 4. wasm-bindgen-cli, the same version as the crate.
WB_VERSION="$(wasm_bindgen_version)"
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$have_wb" == "$WB_VERSION" ]]; then
  say "wasm-bindgen-cli $WB_VERSION ok"
else
  say "installing wasm-bindgen-cli $WB_VERSION (had: ${have_wb:-none})"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked
fi

# 4b. wasm-split-cli (the crate wasm_split_cli_support, feature build-binary), pinned; it has no
# --version, so cargo's install list tells which version is there.
if wants wasm-split; then
  have_split="$(cargo install --list 2>/dev/null |
    awk -v c="$WASM_SPLIT_CRATE" '$1 == c { sub(/^v/, "", $2); sub(/:$/, "", $2); print $2 }')"
  if [[ "$have_split" == "$WASM_SPLIT_VERSION" ]] && command -v wasm-split-cli >/dev/null 2>&1; then
    say "wasm-split-cli ($WASM_SPLIT_CRATE $WASM_SPLIT_VERSION) ok"
  else
    say "installing wasm-split-cli ($WASM_SPLIT_CRATE $WASM_SPLIT_VERSION, had: ${have_split:-none}; about 90 s)"
    cargo install --locked "$WASM_SPLIT_CRATE" --version "$WASM_SPLIT_VERSION" --features build-binary
  fi
fi

# 5. e2e/node_modules (Playwright, axe, binaryen's wasm-opt), from the committed lockfile.
if wants node; then
  npm_ci_if_stale e2e say
fi
say "done ($PURPOSE)"
