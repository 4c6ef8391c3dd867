#!/usr/bin/env bash
# The web app (packages/dapp) against the local network.
#
#   scripts/dapp.sh serve [--port N]   start the local network if needed (scripts/localnet.sh up --no-relayer),
#                                      deploy the protocol by governance with periods in seconds (once),
#                                      write packages/dapp/public/config.json, serve the app (Vite) on
#                                      http://127.0.0.1:5173 (DAPP_PORT)
#   scripts/dapp.sh test [--unit|--e2e] type-check and unit tests (Vitest), then the browser tests
#                                      (Playwright, Debian's Chromium) on the local network; screenshots
#                                      in target/dapp-screenshots/
#   scripts/dapp.sh config             only write public/config.json from the local deployment
#   scripts/dapp.sh build              type-check and build the static app into packages/dapp/dist/
#                                      (serve dist/ with a config.json beside index.html)
#
# Environment: LOCALNET_PORT_OFFSET and LOCALNET_STATE as for scripts/localnet.sh; DAPP_PORT;
# CHROMIUM (default /usr/bin/chromium, installed from Debian's packages when missing).
# The network is left running (`scripts/localnet.sh down` stops it).
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/packages/dapp"
OUT="$ROOT/target/proposals/dapp-localnet"
DEPLOY_CONFIG="$ROOT/target/dapp/insurance-1.json"

say() { printf 'dapp: %s\n' "$*" >&2; }
die() { printf 'dapp: error: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(($(date +%s) - $1)) s"; }

command -v node >/dev/null 2>&1 || die "node not found (Node.js >= 20.19)"
command -v npm >/dev/null 2>&1 || die "npm not found"

npm_ci() {
    local sum
    sum="$(sha256sum "$PKG/package-lock.json" | cut -d' ' -f1)"
    if [[ "$(cat "$PKG/node_modules/.lock-sha256" 2>/dev/null || true)" != "$sum" ]]; then
        say "npm ci (packages/dapp)"
        (cd "$PKG" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
        echo "$sum" >"$PKG/node_modules/.lock-sha256"
    fi
}

chromium() {
    local bin="${CHROMIUM:-/usr/bin/chromium}"
    [[ -x "$bin" ]] && return 0
    [[ "$bin" == /usr/bin/chromium ]] || die "CHROMIUM=$bin is not executable"
    command -v apt-get >/dev/null 2>&1 || die "Chromium is missing and there is no apt-get: install it, or set CHROMIUM"
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    say "installing Debian's chromium (the browser tests drive it)"
    "${sudo[@]}" apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
        || { "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y --no-install-recommends chromium >/dev/null; } \
        || die "cannot install chromium"
}

# The local network with the protocol deployed, and the app's config for it.
network() {
    local start
    start=$(date +%s)
    bash "$ROOT/scripts/localnet.sh" up --no-relayer
    say "network up in $(elapsed "$start")"
    local state
    state="$(bash "$ROOT/scripts/localnet.sh" env | sed -n 's/^LOCALNET_STATE=//p')"
    node "$PKG/tools/deploy-config.mjs" "$DEPLOY_CONFIG" >/dev/null
    start=$(date +%s)
    bash "$ROOT/scripts/deploy.sh" localnet --no-relayer --cedent-config "$DEPLOY_CONFIG" --out "$OUT" >&2 \
        || die "deployment failed (scripts/localnet.sh logs insurance-1)"
    say "protocol deployed in $(elapsed "$start") ($OUT/deployment.json)"
    node "$PKG/tools/app-config.mjs" "$state/network.json" "$OUT/deployment.json" "$PKG/public/config.json" >/dev/null
    say "config: $PKG/public/config.json"
}

build() {
    (cd "$PKG" && npx --no-install tsc --noEmit -p . && npx --no-install vite build --logLevel warn)
}

cmd_test() {
    local unit=1 e2e=1 start
    case "${1:-}" in
        --unit) e2e=0 ;;
        --e2e) unit=0 ;;
        "") ;;
        *) die "test: unknown option $1" ;;
    esac
    npm_ci
    if ((unit)); then
        start=$(date +%s)
        (cd "$PKG" && npx --no-install tsc --noEmit -p . && npx --no-install vitest run)
        say "type-check and unit tests in $(elapsed "$start")"
    fi
    if ((e2e)); then
        chromium
        network
        start=$(date +%s)
        build
        cp "$PKG/public/config.json" "$PKG/dist/config.json"
        say "app built in $(elapsed "$start")"
        rm -rf "$ROOT/target/dapp-screenshots"
        start=$(date +%s)
        local state
        state="$(bash "$ROOT/scripts/localnet.sh" env | sed -n 's/^LOCALNET_STATE=//p')"
        (cd "$PKG" && LOCALNET_STATE="$state" DAPP_CONFIG="$PKG/dist/config.json" DAPP_SCREENSHOTS="$ROOT/target/dapp-screenshots" \
            npx --no-install playwright test)
        say "browser tests in $(elapsed "$start"); screenshots in target/dapp-screenshots/"
    fi
}

case "${1:-}" in
    serve)
        shift
        [[ "${1:-}" == --port ]] && { export DAPP_PORT="$2"; shift 2; }
        npm_ci
        network
        say "serving on http://127.0.0.1:${DAPP_PORT:-5173}/ (Ctrl-C stops; the network keeps running)"
        cd "$PKG" && exec npx --no-install vite
        ;;
    test) shift; cmd_test "$@" ;;
    config) npm_ci; network ;;
    build) npm_ci; build; say "built into $PKG/dist (add config.json beside index.html)" ;;
    -h | --help | help | "") sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (serve, test, config, build)" ;;
esac
