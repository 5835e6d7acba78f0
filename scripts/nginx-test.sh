#!/usr/bin/env bash
# Tests deploy/nginx/console.conf with the nginx on PATH (`make setup` installs Debian's):
#   1. `nginx -t` on the file as written (real Scalingo upstreams; passes offline, the upstreams
#      being resolved per request);
#   2. a copy whose upstreams are devapi on 127.0.0.1:18091 and whose root is a temporary site,
#      served on 127.0.0.1:18090 and checked with curl: SPA fallback, caching, types, compression,
#      security headers and CSP nonce, and the proxies (token exchange, bearer, errors).
# Everything lives in a temporary folder (pid, logs, nginx temp paths) and is stopped on exit.
# Prints "N passed, M failed"; exits non-zero on any failure. Installs nothing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec </dev/null

NGINX_PORT=18090
API_PORT=18091
CONF=deploy/nginx/console.conf
DEVAPI=target/debug/devapi

die() { echo "nginx-test: $*" >&2; exit 1; }

NGINX_BIN="$(command -v nginx || true)"
[[ -n "$NGINX_BIN" ]] || NGINX_BIN=/usr/sbin/nginx
[[ -x "$NGINX_BIN" ]] || die "nginx is not installed: run make setup (scripts/setup.sh)"
command -v curl >/dev/null || die "curl is required"
if [[ ! -x "$DEVAPI" ]]; then
  echo "nginx-test: building devapi"
  cargo build -q -p devapi
fi

# The mime.types of this nginx, beside its nginx.conf.
conf_path="$("$NGINX_BIN" -V 2>&1 | sed -n 's/.*--conf-path=\([^ ]*\).*/\1/p')"
MIME_TYPES="$(dirname "${conf_path:-/etc/nginx/nginx.conf}")/mime.types"
[[ -f "$MIME_TYPES" ]] || die "no mime.types at $MIME_TYPES"

T="$(mktemp -d "${TMPDIR:-/tmp}/nginx-test.XXXXXX")"
# nginx's workers drop root for an unprivileged user, who must read the site.
chmod 755 "$T"
NGINX_PID=""
DEVAPI_PID=""
stop() {
  local pid="$1"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$NGINX_PID"
  stop "$DEVAPI_PID"
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s: %s\n' "$1" "$2" >&2; }

# An nginx.conf around the server block $2, with every path inside the folder $1.
write_main_conf() {
  local dir="$1" server_conf="$2"
  mkdir -p "$dir/temp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 64; }
http {
    include $MIME_TYPES;
    default_type application/octet-stream;
    access_log $dir/access.log;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $server_conf;
}
EOF
}

# ---- 1. The file as written passes `nginx -t` (here, offline). ----
mkdir -p "$T/prod"
write_main_conf "$T/prod" "$ROOT/$CONF"
if out="$("$NGINX_BIN" -t -p "$T/prod/" -e "$T/prod/error.log" -c "$T/prod/nginx.conf" 2>&1)"; then
  pass "nginx -t accepts $CONF as written"
else
  fail "nginx -t accepts $CONF as written" "$out"
fi

# ---- 2. A copy pointed at devapi and a temporary site. ----
WWW="$T/www"
mkdir -p "$WWW" "$T/run"
cat >"$WWW/index.html" <<'EOF'
<!doctype html>
<html><head><title>console test index</title>
<script>document.documentElement.dataset.test = "theme";</script>
<script type="module">
import init from '/app-0123abcd.js';
await init({ module_or_path: '/app-0123abcd_bg.wasm' });
</script>
</head><body>
<noscript>This console is a WebAssembly application: please enable JavaScript. (This test page
is longer than gzip_min_length, so that on-the-fly compression applies to it.)</noscript>
</body></html>
EOF
printf '{"regions": [], "marker": "config-from-test"}\n' >"$WWW/config.json"
printf 'export default function init() {} // raw\n' >"$WWW/app-0123abcd.js"
printf 'export default function init() {} // precompressed\n' | gzip -9 -n >"$WWW/app-0123abcd.js.gz"
printf '\0asm\1\0\0\0' >"$WWW/app-0123abcd_bg.wasm"
printf 'body { color: black; }\n' >"$WWW/main-0123abcd.css"
chmod -R a+rX "$WWW"

RENDERED="$T/run/console.conf"
API="http://127.0.0.1:$API_PORT"
sed -e "s#^\([[:space:]]*\)listen 80;#\1listen 127.0.0.1:$NGINX_PORT;#" \
    -e '/^[[:space:]]*listen \[::\]:80;/d' \
    -e "s#^\([[:space:]]*root\) .*;#\1 $WWW;#" \
    -e "s#^\([[:space:]]*set \$console_auth_upstream\) .*;#\1 $API;#" \
    -e "s#^\([[:space:]]*set \$console_osc_fr1_upstream\) .*;#\1 $API;#" \
    -e "s#^\([[:space:]]*set \$console_osc_secnum_fr1_upstream\) .*;#\1 $API;#" \
    "$CONF" >"$RENDERED"
# Every substitution must have applied, or the test would reach the real hosts.
for expected in "listen 127.0.0.1:$NGINX_PORT;" "root $WWW;" \
  "set \$console_auth_upstream $API;" "set \$console_osc_fr1_upstream $API;" \
  "set \$console_osc_secnum_fr1_upstream $API;"; do
  grep -qF -- "$expected" "$RENDERED" || die "rendering $CONF failed: no '$expected' (did the SETTINGS block change?)"
done
! grep -q 'scalingo\.com;' "$RENDERED" || die "rendering $CONF left a real upstream"
write_main_conf "$T/run" "$RENDERED"
out="$("$NGINX_BIN" -t -p "$T/run/" -e "$T/run/error.log" -c "$T/run/nginx.conf" 2>&1)" ||
  die "nginx -t refuses the test copy: $out"

"$DEVAPI" --port "$API_PORT" --token dev-token >"$T/devapi.log" 2>&1 &
DEVAPI_PID=$!
"$NGINX_BIN" -p "$T/run/" -e "$T/run/error.log" -c "$T/run/nginx.conf" -g 'daemon off;' \
  >"$T/nginx.out" 2>&1 &
NGINX_PID=$!

wait_for() {
  local url="$1" name="$2"
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "$url" && return 0
    sleep 0.1
  done
  echo "--- $name did not answer at $url" >&2
  cat "$T/devapi.log" "$T/nginx.out" "$T/run/error.log" 2>/dev/null >&2 || true
  die "$name did not start"
}
wait_for "$API/v1/addon_providers" devapi
wait_for "http://127.0.0.1:$NGINX_PORT/" nginx

# fetch PATH [curl args]: sets STATUS; the answer's headers and body are in $T/h and $T/b.
fetch() {
  local path="$1"
  shift
  STATUS="$(curl -sS -o "$T/b" -D "$T/h" -w '%{http_code}' "$@" "http://127.0.0.1:$NGINX_PORT$path" 2>"$T/curl.err")" ||
    STATUS="curl failed: $(cat "$T/curl.err")"
}
# header NAME: its value(s) in the last answer, one a line.
header() { grep -i "^$1:" "$T/h" | cut -d: -f2- | sed 's/^ *//; s/\r$//' || true; }
expect_status() { # NAME CODE
  if [[ "$STATUS" == "$2" ]]; then pass "$1"; else fail "$1" "status $STATUS, expected $2; body: $(head -c 300 "$T/b")"; fi
}
expect_header() { # NAME HEADER EXACT-VALUE
  local got
  got="$(header "$2")"
  if [[ "$got" == "$3" ]]; then pass "$1"; else fail "$1" "$2 is '$got', expected '$3'"; fi
}
expect_body() { # NAME FIXED-STRING
  if grep -qF -- "$2" "$T/b"; then pass "$1"; else fail "$1" "body has no '$2': $(head -c 300 "$T/b")"; fi
}
json() { # PYTHON-EXPRESSION over `d`, the last body as JSON
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$T/b" 2>/dev/null || echo "(not JSON)"
}

CSP="default-src 'self'; script-src 'self' 'nonce-NONCE' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

# The site.
fetch /
expect_status "/ answers 200" 200
expect_body "/ is index.html" "console test index"
expect_header "/ is not cached" Cache-Control "no-cache"
expect_header "Referrer-Policy" Referrer-Policy "no-referrer"
expect_header "X-Content-Type-Options" X-Content-Type-Options "nosniff"
expect_header "X-Frame-Options" X-Frame-Options "DENY"
csp="$(header Content-Security-Policy)"
nonce="$(sed -n "s/.*'nonce-\([0-9a-f]\{32\}\)'.*/\1/p" <<<"$csp")"
if [[ -n "$nonce" && "$csp" == "${CSP/NONCE/$nonce}" ]]; then
  pass "Content-Security-Policy, with a nonce"
else
  fail "Content-Security-Policy, with a nonce" "got '$csp'"
fi
expect_body "the inline loader script carries the CSP nonce" "<script type=\"module\" nonce=\"$nonce\">"
expect_body "the inline theme script carries the CSP nonce" "<script nonce=\"$nonce\">"
fetch /
nonce2="$(header Content-Security-Policy | sed -n "s/.*'nonce-\([0-9a-f]\{32\}\)'.*/\1/p")"
if [[ -n "$nonce2" && "$nonce2" != "$nonce" ]]; then pass "a new nonce per answer"; else fail "a new nonce per answer" "'$nonce' then '$nonce2'"; fi

fetch /databases/54100930736f7563d5030000/some/deep/path
expect_status "a deep path answers 200" 200
expect_body "a deep path is index.html" "console test index"
expect_header "a deep path is not cached" Cache-Control "no-cache"
expect_header "a deep path has the security headers" X-Frame-Options "DENY"

fetch /index.html -H 'Accept-Encoding: gzip'
expect_status "index.html with gzip accepted" 200
expect_header "index.html is compressed on the fly (nonce inserted first)" Content-Encoding "gzip"

fetch /config.json
expect_status "/config.json answers 200" 200
expect_body "/config.json is the file" "config-from-test"
expect_header "/config.json is not cached" Cache-Control "no-cache"
expect_header "/config.json is JSON" Content-Type "application/json"

fetch /app-0123abcd_bg.wasm
expect_status "the .wasm answers 200" 200
expect_header "the .wasm is application/wasm" Content-Type "application/wasm"
expect_header "the .wasm is cached for good" Cache-Control "public, max-age=31536000, immutable"
expect_header "the .wasm has the security headers" X-Content-Type-Options "nosniff"

fetch /main-0123abcd.css
expect_header "the .css is cached for good" Cache-Control "public, max-age=31536000, immutable"

fetch /app-0123abcd.js -H 'Accept-Encoding: gzip'
expect_status "the .js answers 200" 200
expect_header "the .js is cached for good" Cache-Control "public, max-age=31536000, immutable"
expect_header "the .js is served precompressed" Content-Encoding "gzip"
if gzip -dc "$T/b" 2>/dev/null | grep -q precompressed; then pass "gzip_static serves the .gz file"; else fail "gzip_static serves the .gz file" "body is not app-0123abcd.js.gz"; fi

fetch /app-missing.js
expect_status "a missing asset is 404, not index.html" 404
if [[ -z "$(header Cache-Control)" ]]; then pass "a 404 is not cached"; else fail "a 404 is not cached" "Cache-Control: $(header Cache-Control)"; fi

# The proxies, to devapi.
fetch /scalingo/osc-fr1/v1/databases -H 'Authorization: Bearer dev-token'
expect_status "region proxy with the bearer: 200" 200
names="$(json '",".join(x["name"] for x in d["databases"])')"
if [[ "$names" == "my-postgres-db,backup-db" ]]; then pass "region proxy lists the two seeded databases"; else fail "region proxy lists the two seeded databases" "got '$names'"; fi
expect_header "region proxy answers are not stored" Cache-Control "no-store"
expect_header "region proxy answers have the security headers" X-Content-Type-Options "nosniff"

fetch /scalingo/osc-fr1/v1/databases
expect_status "region proxy without a bearer: 401" 401
if [[ "$(json 'type(d["error"]).__name__')" == "str" ]]; then pass "the 401 is devapi's JSON error"; else fail "the 401 is devapi's JSON error" "$(head -c 300 "$T/b")"; fi
expect_header "a 401 through the proxy is not stored" Cache-Control "no-store"

fetch /scalingo/osc-fr1/v1/databases/backup-db.js -H 'Authorization: Bearer dev-token'
expect_status "a proxied path ending in .js is proxied (404 from devapi)" 404
expect_body "a proxied path ending in .js is proxied (devapi's body)" '"Database not found"'

fetch /scalingo/auth/v1/tokens/exchange -X POST -u ':tk-us-dev-api-token'
expect_status "auth proxy: token exchange 200" 200
jwt="$(json 'd["token"]')"
if [[ "$jwt" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]]; then pass "auth proxy: the exchange gives a JWT"; else fail "auth proxy: the exchange gives a JWT" "got '$jwt'"; fi

fetch /scalingo/osc-fr1/v1/projects -H "Authorization: Bearer $jwt"
expect_status "the exchanged bearer works through the region proxy" 200

fetch /scalingo/auth/v1/tokens/exchange -X POST -u ':tk-us-wrong'
expect_status "auth proxy: a wrong API token is 401" 401
if [[ -z "$(header WWW-Authenticate)" ]]; then pass "no WWW-Authenticate (no browser login dialog)"; else fail "no WWW-Authenticate (no browser login dialog)" "$(header WWW-Authenticate)"; fi

fetch /scalingo/elsewhere/v1/databases
expect_status "an unknown /scalingo/ prefix is 404" 404
expect_header "an unknown /scalingo/ prefix answers JSON" Content-Type "application/json"

fetch /scalingo/osc-secnum-fr1/v1/databases -H 'Authorization: Bearer dev-token'
expect_status "second region proxy with the bearer: 200" 200
expect_body "second region proxy lists the databases" '"backup-db"'

# devapi gone: the proxy's own error, as JSON.
stop "$DEVAPI_PID"
DEVAPI_PID=""
fetch /scalingo/osc-secnum-fr1/v1/databases -H 'Authorization: Bearer dev-token'
expect_status "an unreachable upstream is 502" 502
if [[ "$(json 'type(d["error"]).__name__')" == "str" ]]; then pass "the 502 is a JSON error"; else fail "the 502 is a JSON error" "$(head -c 300 "$T/b")"; fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
if ((FAILED > 0)); then
  echo "--- nginx error log" >&2
  tail -n 20 "$T/run/error.log" >&2 || true
  exit 1
fi
