#!/usr/bin/env bash
# `make run`: devapi on 127.0.0.1:8081 (background) and `trunk serve` on 127.0.0.1:8080, whose
# Trunk.toml proxies /api/ to devapi. Ctrl-C (or TERM, or any exit) stops both: no stray process.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

API_PORT=8081
WEB_PORT=8080
TOKEN=dev-token

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$API_PORT" "$WEB_PORT"; do
  if port_busy "$port"; then
    echo "run: 127.0.0.1:$port is already in use (another make run?)" >&2
    exit 1
  fi
done

cargo build -q -p devapi

# Job control: each background job gets its own process group, so the trap can stop a job with
# everything it spawned (trunk's cargo builds) and a terminal's Ctrl-C reaches only this script.
set -m
pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

target/debug/devapi --host 127.0.0.1 --port "$API_PORT" --token "$TOKEN" </dev/null &
pids+=("$!")

for _ in $(seq 1 50); do
  port_busy "$API_PORT" && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run: devapi exited" >&2; exit 1; }
  sleep 0.1
done

trunk serve --port "$WEB_PORT" </dev/null &
pids+=("$!")

echo "Console: http://127.0.0.1:$WEB_PORT/  (API: http://127.0.0.1:$API_PORT; sign in with Local API and the development token from README.md)"
echo "(Ctrl-C stops both; the first build takes about a minute)"

# Returns when either exits (or a signal arrives; the traps then stop the other).
wait -n "${pids[@]}" || true
echo "run: a server exited; stopping the other" >&2
exit 1
