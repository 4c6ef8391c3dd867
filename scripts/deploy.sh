#!/usr/bin/env bash
# The governance deployment kit (packages/deploy): writes the proposals that deploy the protocol.
#
#   scripts/deploy.sh addresses             --config packages/deploy/config/insurance-1.json
#   scripts/deploy.sh proposals store       --config FILE [--lcd URL | --offline --first-code-id N]
#   scripts/deploy.sh proposals instantiate --config FILE [--lcd URL] [--code-id FILE=N ...]
#   scripts/deploy.sh proposals sudo --group treaty --config FILE --var bridge_channel=.. --var transfer_channel=..
#   scripts/deploy.sh proposals stake       --config FILE [--amount 1000000uusdc]
#   scripts/deploy.sh proposals params      --config FILE --contract risk_pool [--set path=value ...]
#   scripts/deploy.sh verify                --config FILE [--lcd URL]
#   scripts/deploy.sh test                  the kit's unit tests (vitest) and type-check
#   scripts/deploy.sh localnet              deploy on the local network (scripts/localnet.sh up first)
#
# Proposals go to target/proposals/<chain id>/ (--out DIR): <name>.json for
# `wasmd tx gov submit-proposal`, <name>.md for the validators. `scripts/deploy.sh --help` for all
# options; packages/deploy/README.md for the parameter files and the design.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/packages/deploy"

die() { printf 'deploy.sh: error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || die "node not found (Node.js >= 20)"
command -v npm >/dev/null 2>&1 || die "npm not found"
major="$(node -p 'process.versions.node.split(".")[0]')"
((major >= 20)) || die "Node.js $(node --version) is too old: 20 or later"

# npm ci when node_modules was not installed from this lock file.
lock_sum="$(sha256sum "$PKG/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "$PKG/node_modules/.lock-sha256" 2>/dev/null || true)" != "$lock_sum" ]]; then
    echo "==> npm ci (packages/deploy)" >&2
    (cd "$PKG" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$lock_sum" >"$PKG/node_modules/.lock-sha256"
fi

case "${1:-}" in
    test)
        cd "$PKG"
        npx --no-install tsc --noEmit -p .
        exec npx --no-install vitest run
        ;;
    localnet)
        shift
        exec "$PKG/node_modules/.bin/tsx" "$PKG/src/localnet.ts" "$@"
        ;;
    *)
        exec "$PKG/node_modules/.bin/tsx" "$PKG/src/cli.ts" "$@"
        ;;
esac
