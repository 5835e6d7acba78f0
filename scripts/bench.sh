#!/usr/bin/env bash
# `make bench` (not part of `make test`): the console beside a plain HTML floor, in Debian's
# Chromium, headless, against devapi on loopback. Prints the tables and rewrites the `make bench`
# section of BENCHMARKS.md (other sections are kept). Issue 5; bench/bench.mjs measures.
#   1. npm ci in bench/ when bench/package-lock.json changed (stamp, as setup.sh does for e2e/);
#   2. the release site (scripts/dist.sh, with .gz/.br) into $BENCH_DIST (default
#      target/bench/dist: its own folder, so a concurrent `make test` rebuilding dist/ cannot
#      change the files under measurement) and devapi in release;
#   3. devapi --seed-count 100 / 1000 / 10000 on 127.0.0.1:18181-18183, the console on
#      18184-18186 and the floor on 18187-18189 (e2e/serve.mjs, /api proxied to the devapi of the
#      same size); everything is stopped on exit;
#   4. node bench/bench.mjs: the bytes (first load, lazy chunks, whole site), time to the list
#      (cold: a new browser profile; warm: a second tab of it, so e2e/serve.mjs's Cache-Control
#      matters), filter, memory, Lighthouse; issue 13's targets with pass/FAIL.
# Settings: BENCH_RUNS (measured runs per figure, default 7), BENCH_WARMUP (default 1),
# BENCH_LH_RUNS (Lighthouse runs per preset, default 3; 0 skips), BENCH_SKIP_BUILD=1 (reuse the
# build in $BENCH_DIST), BENCH_DIST.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec </dev/null

RUNS="${BENCH_RUNS:-7}"
WARMUP="${BENCH_WARMUP:-1}"
LH_RUNS="${BENCH_LH_RUNS:-3}"
DIST_DIR="$(realpath -m "${BENCH_DIST:-target/bench/dist}")"
SIZES=(100 1000 10000)
TOKEN=dev-token

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
for v in "$RUNS" "$WARMUP" "$LH_RUNS"; do
  [[ "$v" =~ ^[0-9]+$ ]] || die "BENCH_RUNS, BENCH_WARMUP and BENCH_LH_RUNS must be whole numbers"
done
((RUNS >= 1)) || die "BENCH_RUNS must be at least 1"
[[ -x /usr/bin/chromium ]] || die "no /usr/bin/chromium: run make setup"

T0=$(date +%s)

# 1. bench/node_modules from the committed lockfile (never a downloaded browser).
npm_ci_if_stale bench say

# 2. The builds.
if [[ "${BENCH_SKIP_BUILD:-}" == 1 && -f "$DIST_DIR/index.html" ]]; then
  say "reusing the build in $DIST_DIR (BENCH_SKIP_BUILD=1)"
else
  say "release build into $DIST_DIR (scripts/dist.sh)"
  DIST="$DIST_DIR" PUBLIC_URL=/ scripts/dist.sh >&2
fi
say "devapi (release)"
cargo build -q --release -p devapi >&2
DEVAPI=target/release/devapi
css="$(find "$DIST_DIR" -maxdepth 1 -name '*.css' | head -n1)"
[[ -n "$css" ]] || die "no style sheet in $DIST_DIR"

# 3. The servers, each in its own process group, all stopped on exit.
T="$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")"
pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$T"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local port="$1" pid="$2" what="$3"
  for _ in $(seq 1 100); do
    port_busy "$port" && return 0
    kill -0 "$pid" 2>/dev/null || die "$what exited (log: $(tail -n 3 "$T/$what.log" 2>/dev/null))"
    sleep 0.1
  done
  die "$what did not listen on 127.0.0.1:$port"
}
for port in $(seq 18181 18189); do
  port_busy "$port" && die "127.0.0.1:$port is already in use (another make bench?)"
done

# The site's config.json with one local region: each size is one devapi behind /api (the built
# config's second local region, /api2, has no server here and would show a region's error).
node -e '
  const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  c.local_api.regions = c.local_api.regions.slice(0, 1);
  process.stdout.write(JSON.stringify(c, null, 2));
' "$DIST_DIR/config.json" >"$T/site-config.json"

sizes_json=""
for i in "${!SIZES[@]}"; do
  n=${SIZES[$i]}
  api_port=$((18181 + i))
  console_port=$((18184 + i))
  floor_port=$((18187 + i))
  "$DEVAPI" --host 127.0.0.1 --port "$api_port" --token "$TOKEN" --seed-count "$n" >"$T/devapi-$n.log" 2>&1 &
  pids+=("$!")
  wait_port "$api_port" "$!" "devapi-$n"
  node e2e/serve.mjs --root "$DIST_DIR" --host 127.0.0.1 --port "$console_port" --api "http://127.0.0.1:$api_port" --config "$T/site-config.json" >"$T/console-$n.log" 2>&1 &
  pids+=("$!")
  wait_port "$console_port" "$!" "console-$n"
  node bench/floor.mjs --api "http://127.0.0.1:$api_port" --token "$TOKEN" --css "$css" --out "$T/floor-$n" >&2
  node scripts/compress.mjs "$T/floor-$n" >/dev/null
  node e2e/serve.mjs --root "$T/floor-$n" --host 127.0.0.1 --port "$floor_port" --api "http://127.0.0.1:$api_port" >"$T/floor-$n.log" 2>&1 &
  pids+=("$!")
  wait_port "$floor_port" "$!" "floor-$n"
  sizes_json+="${sizes_json:+,}{\"n\":$n,\"api\":\"http://127.0.0.1:$api_port\",\"console\":\"http://127.0.0.1:$console_port\",\"floor\":\"http://127.0.0.1:$floor_port\"}"
done

# 4. Measure. The machine and the commit for the record.
json_str() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$1"; }
cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
ram="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576; exit }' /proc/meminfo)"
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD -- src crates style index.html Cargo.toml Cargo.lock Trunk.toml config.json 2>/dev/null; then
  commit="$commit + uncommitted changes"
fi
cmd="make bench"
[[ "$RUNS" != 7 ]] && cmd="BENCH_RUNS=$RUNS $cmd"
chromium_version="$(/usr/bin/chromium --version 2>/dev/null | grep -i chromium | head -n1 || echo 'Chromium (version unknown)')"
playwright_version="$(node -p 'require("./bench/node_modules/playwright-core/package.json").version')"
cat >"$T/config.json" <<EOF
{
  "runs": $RUNS,
  "warmup": $WARMUP,
  "lhRuns": $LH_RUNS,
  "dist": $(json_str "$DIST_DIR"),
  "benchmarksFile": $(json_str "$ROOT/BENCHMARKS.md"),
  "sizes": [$sizes_json],
  "meta": {
    "command": $(json_str "$cmd"),
    "nproc": $(nproc),
    "cpu": $(json_str "$cpu"),
    "ram": $(json_str "$ram"),
    "chromium": $(json_str "$chromium_version"),
    "playwright": $(json_str "$playwright_version"),
    "date": $(json_str "$(date -u '+%Y-%m-%d %H:%M UTC')"),
    "commit": $(json_str "$commit"),
    "loadStart": $(json_str "$(cut -d' ' -f1-3 /proc/loadavg)")
  }
}
EOF
say "measuring ($RUNS runs per figure, $WARMUP warm-up, Lighthouse $LH_RUNS per preset)"
node bench/bench.mjs "$T/config.json"
say "done in $(($(date +%s) - T0)) s"
