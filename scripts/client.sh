#!/usr/bin/env bash
# The TypeScript client (packages/client), generated from schema/ by @cosmwasm/ts-codegen.
#
#   scripts/client.sh           install (npm ci), regenerate packages/client/src/contracts, type-check
#   scripts/client.sh --check   regenerate into a temp dir and fail if the committed client differs,
#                               then type-check (tsc --strict, zero errors)
#
# Run scripts/schema.sh first when the contracts' messages changed: the client follows schema/.
# Needs Node.js >= 20 and npm; the packages come from the npm registry at the versions in
# packages/client/package-lock.json.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/packages/client"

die() { printf 'client.sh: error: %s\n' "$*" >&2; exit 1; }

CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $arg" ;;
    esac
done
command -v node >/dev/null 2>&1 || die "node not found (Node.js >= 20)"
command -v npm >/dev/null 2>&1 || die "npm not found"
major="$(node -p 'process.versions.node.split(".")[0]')"
((major >= 20)) || die "Node.js $(node --version) is too old: 20 or later"

cd "$PKG"
# npm ci when node_modules was not installed from this lock file.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ "$(cat node_modules/.lock-sha256 2>/dev/null || true)" != "$lock_sum" ]]; then
    echo "==> npm ci (packages/client)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_sum" >node_modules/.lock-sha256
fi

if ((CHECK)); then
    SCRATCH="$(mktemp -d)"
    trap 'rm -rf "$SCRATCH"' EXIT
    echo "==> regenerating into a temp dir"
    node codegen.mjs "$SCRATCH/contracts" >/dev/null
    if ! diff -r src/contracts "$SCRATCH/contracts" >"$SCRATCH/diff"; then
        head -n 100 "$SCRATCH/diff" | sed "s#$SCRATCH#<generated>#g" >&2
        die "packages/client/src/contracts is out of date with schema/: run scripts/client.sh and commit it"
    fi
    echo "packages/client/src/contracts is up to date with schema/"
else
    echo "==> regenerating packages/client/src/contracts from schema/"
    rm -rf src/contracts
    node codegen.mjs src/contracts
fi

echo "==> tsc --strict --noEmit"
npx --no-install tsc --strict --noEmit -p . || die "the client does not type-check"
echo "client ok: $(find src/contracts -name '*.ts' | wc -l) generated files compile under tsc --strict"
