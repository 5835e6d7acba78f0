# Entry points. `make setup` installs what is missing (TOOLCHAIN.md), `make run` serves the console
# with the local devapi, `make test` runs every check (CI runs it: .ci/run), `make e2e` only the
# Playwright specs against an existing release build in dist/, `make dist` the release site for a
# static host (PUBLIC_URL=/sub/path/ for a sub-path; docs/deploy.md), `make dist-check` builds it
# twice from clean and compares every file, `make bench` the performance figures beside a plain
# HTML floor (BENCHMARKS.md; BENCH_RUNS=N, default 7; not part of make test).
# Each target installs only what it uses (scripts/setup.sh PURPOSE): only `make run` needs Trunk.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

.PHONY: setup run test e2e dist dist-check bench fuzz

setup:
	scripts/setup.sh

run:
	scripts/setup.sh run
	scripts/run.sh

test:
	scripts/setup.sh test
	scripts/test.sh

e2e:
	@test -f dist/index.html || { echo "make e2e: no dist/index.html; run make dist (or make test) first" >&2; exit 1; }
	. scripts/env.sh && cargo build -p devapi && scripts/e2e.sh

dist:
	scripts/setup.sh dist
	PUBLIC_URL="$(PUBLIC_URL)" scripts/dist.sh

dist-check:
	scripts/setup.sh dist
	scripts/dist-check.sh

# The property tests with many more cases than `make test` runs (PROPTEST_CASES=N to change).
fuzz:
	PROPTEST_CASES="$${PROPTEST_CASES:-20000}" cargo test --release -p model --test properties
	PROPTEST_CASES="$${PROPTEST_CASES:-20000}" cargo test --release -p dbconsole --lib properties

bench:
	scripts/setup.sh bench
	scripts/bench.sh
