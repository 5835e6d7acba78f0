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
