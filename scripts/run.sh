#!/usr/bin/env bash
# `make run`: devapi on 127.0.0.1:8081 (background) and `trunk serve` on 127.0.0.1:8080, whose
# Trunk.toml proxies /api/ to devapi. Ctrl-C (or TERM, or any exit) stops both: no stray process.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

API_PORT=8081
API2_PORT=8082
WEB_PORT=8080
TOKEN=dev-token
# The two local regions sign their bearers with one secret: one sign-in works in both. A
# development value for a loopback server, not a secret.
JWT_SECRET=6465766170692d6d616b652d72756e2d6f6e6c79

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$API_PORT" "$API2_PORT" "$WEB_PORT"; do
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

# Two devapi instances as two regions: the first also serves the token exchange and lists both
# in GET /v1/regions; a new database provisions in 20 s, so the tracker can be seen moving.
target/debug/devapi --host 127.0.0.1 --port "$API_PORT" --token "$TOKEN" \
  --region-name local-fr1 --jwt-secret "$JWT_SECRET" --provision-seconds 20 --update-seconds 20 \
  --region "local-fr1=Local region 1=http://127.0.0.1:$API_PORT" \
  --region "local-fr2=Local region 2=http://127.0.0.1:$API2_PORT" </dev/null &
pids+=("$!")
target/debug/devapi --host 127.0.0.1 --port "$API2_PORT" --token "$TOKEN" \
  --region-name local-fr2 --jwt-secret "$JWT_SECRET" --provision-seconds 20 --update-seconds 20 \
  --seed-count 3 </dev/null &
pids+=("$!")

for port in "$API_PORT" "$API2_PORT"; do
  for _ in $(seq 1 50); do
    port_busy "$port" && break
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "run: a devapi exited" >&2; exit 1; }
    done
    sleep 0.1
  done
done

trunk serve --port "$WEB_PORT" </dev/null &
pids+=("$!")

echo "Console: http://127.0.0.1:$WEB_PORT/  (two local regions: http://127.0.0.1:$API_PORT and :$API2_PORT; sign in with Local API and the development token from README.md)"
echo "(Ctrl-C stops both; the first build takes about a minute)"

# Returns when either exits (or a signal arrives; the traps then stop the other).
wait -n "${pids[@]}" || true
echo "run: a server exited; stopping the other" >&2
exit 1
