#!/usr/bin/env bash
# Installs the project's Node dependencies (Node 24 itself comes from the npm registry as the `node`
# package) when they are missing or older than package-lock.json. Idempotent and quiet when up to date.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp=node_modules/.package-lock.json
if [ ! -x node_modules/node/bin/node ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm is not installed. fix: install Node.js with npm (on Debian: apt-get install -y nodejs npm), then run this again." >&2
    exit 3
  fi
  echo "==> installing Node dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
