#!/usr/bin/env bash
# Compiles go-items into dist/ (a static binary: no libc needed in the image). Idempotent; needs Go >= 1.22.
set -euo pipefail
cd "$(dirname "$0")"
GO=$(command -v go || echo /usr/local/go/bin/go)
CGO_ENABLED=0 "$GO" build -trimpath -ldflags='-s -w' -o dist/go-items .
