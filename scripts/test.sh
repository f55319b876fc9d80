#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, provisions Docker and the images, then runs
# the type check, the unit tests and the integration tests against real containers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/bootstrap.sh"
# node_modules/.bin first: `node` is the Node 24 that npm installed, whatever the machine has.
export PATH="$root/node_modules/.bin:$PATH"

echo "==> type check"
tsc -p tsconfig.json --noEmit

# Formatting and lint in one pass (biome.json): a file that is not formatted, or breaks a rule, fails here.
echo "==> format and lint (biome ci)"
biome ci .

# The HTML report test renders report.html in Debian's Chromium (a browser download is not possible here).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing chromium (for the HTML report test)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi

# `--with k6` does everything plain `setup` does, then builds k6 (harness/test/k6-driver.int.test.ts runs it):
# the first build, `go install go.k6.io/k6` from an empty Go cache, took about 5 minutes here (309 s on 2 cores);
# later runs find it in the cache dir.
echo "==> provisioning (bench setup --with k6)"
node harness/src/cli/main.ts setup --with k6

echo "==> tests (unit, then integration against real containers)"
report="$(mktemp -d)/vitest.json"
status=0
vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
if [ -f "$report" ]; then
  node -e 'const r = require(process.argv[1]); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""))' "$report"
fi
exit "$status"
