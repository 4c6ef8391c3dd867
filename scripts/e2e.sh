#!/usr/bin/env bash
# The end-to-end suite (packages/e2e) on the local network.
#
#   scripts/e2e.sh [--no-relayer] [--skip-deploy] [--out DIR] [--only TEXT]
#                         deploy by governance (scripts/deploy.sh localnet), then every flow across
#                         both chains; prints the real gas table; exit 1 on a failed step
#   scripts/e2e.sh check  type-check the suite (tsc --strict) without a network
#
# Needs the network: scripts/localnet.sh up (Hermes too unless --no-relayer). Writes target/e2e/
# (gas.md, gas.json, report.json). GAS_BENCH_JSON names gas-bench's output (default
# target/gas-bench.json, from `cargo run --release -p gas-bench`). Node.js >= 20 and npm.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/packages/e2e"

die() { printf 'e2e.sh: error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || die "node not found (Node.js >= 20)"
command -v npm >/dev/null 2>&1 || die "npm not found"
major="$(node -p 'process.versions.node.split(".")[0]')"
((major >= 20)) || die "Node.js $(node --version) is too old: 20 or later"

# npm ci when node_modules was not installed from its lock file: the suite's own packages, and the
# generated client's (its message composers load cosmjs-types and @cosmjs/encoding at run time).
for pkg in "$PKG" "$ROOT/packages/client"; do
    lock_sum="$(sha256sum "$pkg/package-lock.json" | cut -d' ' -f1)"
    if [[ "$(cat "$pkg/node_modules/.lock-sha256" 2>/dev/null || true)" != "$lock_sum" ]]; then
        echo "==> npm ci (${pkg#"$ROOT/"})" >&2
        (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error >&2)
        echo "$lock_sum" >"$pkg/node_modules/.lock-sha256"
    fi
done

case "${1:-}" in
    check)
        cd "$PKG"
        exec npx --no-install tsc --noEmit -p .
        ;;
    -h | --help)
        sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        ;;
    *)
        exec "$PKG/node_modules/.bin/tsx" "$PKG/src/main.ts" "$@"
        ;;
esac
