# Sourced by the other scripts (and usable by hand: `. scripts/env.sh`): the project's tool paths
# and settings. No `set -e` here: it must not change the options of the shell that sources it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# npm's binaryen (wasm-opt 132) before anything else: Debian's wasm-opt 108 breaks release builds
# (TOOLCHAIN.md, trap 3). Then cargo's bin for trunk and wasm-bindgen.
case ":$PATH:" in
  *":$ROOT/e2e/node_modules/.bin:"*) ;;
  *) PATH="$ROOT/e2e/node_modules/.bin:$PATH" ;;
esac
_cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$_cargo_bin:"*) ;;
  *) PATH="$_cargo_bin:$PATH" ;;
esac
unset _cargo_bin
export PATH

# Trunk's update check cannot connect here.
export TRUNK_SKIP_VERSION_CHECK=true
# wasm-bindgen-test-runner drives Debian's Chromium through Debian's chromedriver.
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=60
# Never let Playwright download a browser: it uses /usr/bin/chromium (e2e/playwright.config.ts).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# `npm ci` in folder $1 from its committed lockfile, only when that lockfile changed since the
# last install (a stamp in node_modules); browsers are never downloaded. $2: the caller's logger.
npm_ci_if_stale() {
  local dir="$1" log="$2" lock_sha stamp
  lock_sha="$(sha256sum "$ROOT/$dir/package-lock.json" | awk '{print $1}')"
  stamp="$ROOT/$dir/node_modules/.lock-sha"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_sha" ]]; then
    "$log" "$dir node_modules ok"
    return 0
  fi
  "$log" "npm ci in $dir/"
  (cd "$ROOT/$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
    npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
  printf '%s\n' "$lock_sha" >"$stamp"
}
