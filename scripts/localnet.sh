#!/usr/bin/env bash
# Two local wasmd chains and a Hermes relayer between them.
#
#   scripts/localnet.sh up [--no-relayer] build (cached) and start both chains and the relayer; idempotent
#   scripts/localnet.sh down             stop the relayer and both chains (state is kept)
#   scripts/localnet.sh reset            down, then delete the state: the next `up` starts from genesis
#   scripts/localnet.sh status           heights, processes, IBC channels
#   scripts/localnet.sh logs [insurance-1|partner-1|hermes] [-n LINES] [--no-follow]
#   scripts/localnet.sh channel <portA> <portB> <version> [unordered|ordered]
#                                        open a channel on the existing connection (portA on insurance-1)
#   scripts/localnet.sh relayer stop|start
#                                        stop or restart only Hermes (packets then wait, or time out)
#   scripts/localnet.sh build [wasmd|hermes]   only build (or find in the cache) wasmd and hermes (or one)
#   scripts/localnet.sh wasmd <chain> <args...>   wasmd CLI against that chain (--home set for you)
#   scripts/localnet.sh hermes <args...>          hermes CLI with the network's config
#   scripts/localnet.sh env              print shell variables: the binaries, homes, endpoints
#
# Chains: `insurance-1` (cedent: the protocol) and `partner-1` (the reinsurer), one validator each,
# ~1 s blocks, 15 s governance voting period, code upload by governance only (permission Nobody),
# instantiation open to everybody. Fees: minimum gas price 0.025stake on both.
# Accounts: packages/localnet/accounts.json (fixed test mnemonics; the same user addresses on both
# chains). After `up`, $LOCALNET_STATE/network.json lists endpoints, denoms, channels and accounts.
#
# Pinned versions: wasmd v0.61.14 (wasmvm v3.0.7, ibc-go v10.5.0 with the callbacks middleware on the
# ICS-20 stack, Cosmos SDK v0.53.6, CometBFT v0.38.21), Hermes 1.13.2 (ibc-relayer-cli, crates.io).
#
# Environment:
#   LOCALNET_STATE        state dir (homes, logs, pids)          default: <repo>/target/localnet
#   LOCALNET_CACHE        build cache                            default: ${XDG_CACHE_HOME:-~/.cache}/insurance-localnet
#   LOCALNET_PORT_OFFSET  added to every port (when defaults are busy)   default: 0
#   WASMD_BIN, HERMES_BIN use these binaries instead of building them
#
# Ports (before the offset):    RPC    P2P    ABCI   gRPC  REST  pprof
#   insurance-1                 26657  26656  26658  9090  1317  6060
#   partner-1                   27657  27656  27658  9590  1817  6560
# (chains 1000 or 500 apart, so offsets up to 499 never land on the other chain's ports)
#
# Needs: go (>= 1.24, first build only), cargo, a C compiler, libclang, protoc and protobuf's .proto files (Hermes' first build
# only; installed from Debian's packages when missing), curl, jq, ss (iproute2).
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/packages/localnet"
ACCOUNTS="$PKG/accounts.json"
STATE="${LOCALNET_STATE:-$ROOT/target/localnet}"
CACHE="${LOCALNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/insurance-localnet}"
OFFSET="${LOCALNET_PORT_OFFSET:-0}"

WASMD_VERSION=v0.61.14
WASMD_MODULE=github.com/CosmWasm/wasmd
HERMES_VERSION=1.13.2
SONIC_VERSION=v1.15.0  # see build_wasmd
PENUMBRA_PARAMS_VERSION=2.0.1  # see build_hermes
WASMD_DIR="$CACHE/wasmd-$WASMD_VERSION"
HERMES_DIR="$CACHE/hermes-$HERMES_VERSION"
WASMD_BIN="${WASMD_BIN:-$WASMD_DIR/bin/wasmd}"
HERMES_BIN="${HERMES_BIN:-$HERMES_DIR/bin/hermes}"

CHAINS=(insurance-1 partner-1)
STAKE=stake
MIN_GAS_PRICE=0.025
HERMES_CONFIG="$STATE/hermes/config.toml"
LOGS="$STATE/logs"
RUN="$STATE/run"

say() { printf 'localnet: %s\n' "$*" >&2; }
die() { printf 'localnet: error: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "missing tool: $1 ($2)"; }

# ---------------------------------------------------------------- per-chain settings
chain_index() {
    case "$1" in
        insurance-1) echo 0 ;;
        partner-1) echo 1 ;;
        *) die "unknown chain '$1' (insurance-1 or partner-1)" ;;
    esac
}
port() { # port <chain> rpc|p2p|abci|grpc|api|pprof
    local i
    i="$(chain_index "$1")"
    case "$2" in
        rpc) echo $((26657 + 1000 * i + OFFSET)) ;;
        p2p) echo $((26656 + 1000 * i + OFFSET)) ;;
        abci) echo $((26658 + 1000 * i + OFFSET)) ;;
        grpc) echo $((9090 + 500 * i + OFFSET)) ;;
        api) echo $((1317 + 500 * i + OFFSET)) ;;
        pprof) echo $((6060 + 500 * i + OFFSET)) ;;
    esac
}
home_of() { echo "$STATE/$1"; }
# Genesis balance of every funded account: gas and staking token, plus the chain's assets
# (cedent: `uusdc` collateral, `uinsr` assessor token; partner: its own `upartner`).
genesis_coins() {
    case "$1" in
        insurance-1) echo "1000000000000000$STAKE,1000000000000uinsr,1000000000000uusdc" ;;
        partner-1) echo "1000000000000000$STAKE,1000000000000upartner" ;;
    esac
}
assets_of() {
    case "$1" in
        insurance-1) echo '["stake","uusdc","uinsr"]' ;;
        partner-1) echo '["stake","upartner"]' ;;
    esac
}

# Bank denom metadata of the chain's assets (not of the gas token): u<x> is displayed as <x> (exponent 6).
denom_metadata() {
    local rows
    case "$1" in
        insurance-1) rows='[["uusdc","USDC","USD Coin (test)"],["uinsr","INSR","Insurance assessor token"]]' ;;
        partner-1) rows='[["upartner","PARTNER","Partner chain token"]]' ;;
    esac
    jq -c 'map(.[0] as $b | $b[1:] as $disp
        | {description: .[2], base: $b, display: $disp, name: .[2], symbol: .[1], uri: "", uri_hash: "",
           denom_units: [{denom: $b, exponent: 0, aliases: []}, {denom: $disp, exponent: 6, aliases: []}]})' <<<"$rows"
}

# ---------------------------------------------------------------- builds (cached)
# The go build links wasmvm's shared library from the module cache; it is copied beside the binary
# so the cached build keeps working if the module cache is cleaned.
wasmd() { LD_LIBRARY_PATH="$(dirname "$WASMD_BIN")/../lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$WASMD_BIN" "$@"; }
hermes() { "$HERMES_BIN" --config "$HERMES_CONFIG" "$@"; }

wasmd_ok() { [[ -x "$WASMD_BIN" ]] && wasmd version >/dev/null 2>&1; }

build_wasmd() {
    wasmd_ok && return 0
    [[ "$WASMD_BIN" == "$WASMD_DIR/bin/wasmd" ]] || die "WASMD_BIN=$WASMD_BIN does not run"
    need go "Go >= 1.24 builds wasmd $WASMD_VERSION"
    say "building wasmd $WASMD_VERSION (first time only; ~7 min of CPU: 5-10 min on 2 free cores) -> $WASMD_DIR"
    local start dir
    start=$(date +%s)
    mkdir -p "$WASMD_DIR/bin" "$WASMD_DIR/lib"
    # `go install module@version` refuses wasmd (its go.mod has replace directives): build in a copy.
    dir="$(cd /tmp && go mod download -json "$WASMD_MODULE@$WASMD_VERSION" | jq -r .Dir)"
    [[ -d "$dir" ]] || die "go mod download $WASMD_MODULE@$WASMD_VERSION failed"
    rm -rf "$WASMD_DIR/src"
    cp -r "$dir" "$WASMD_DIR/src"
    chmod -R u+w "$WASMD_DIR/src"
    # wasmd pins bytedance/sonic v1.14.2, which does not compile on Go >= 1.26 (GoMapIterator);
    # v1.15.0 is the first release that does. Only this indirect dependency (and its loader) moves.
    (cd "$WASMD_DIR/src" && go get "github.com/bytedance/sonic@$SONIC_VERSION") || die "go get sonic failed"
    local v="${WASMD_VERSION#v}" sdkv=github.com/cosmos/cosmos-sdk/version
    (cd "$WASMD_DIR/src" && go build -mod=readonly -trimpath -tags netgo \
        -ldflags "-X $sdkv.Name=wasm -X $sdkv.AppName=wasmd -X $sdkv.Version=$v -X $sdkv.BuildTags=netgo" \
        -o "$WASMD_DIR/bin/wasmd.tmp" ./cmd/wasmd) || die "go build of wasmd failed"
    local lib
    lib="$(cd "$WASMD_DIR/src" && go list -m -f '{{.Dir}}' github.com/CosmWasm/wasmvm/v3)/internal/api/libwasmvm.$(uname -m).so"
    [[ -f "$lib" ]] || die "wasmvm library not found at $lib"
    cp "$lib" "$WASMD_DIR/lib/"
    mv "$WASMD_DIR/bin/wasmd.tmp" "$WASMD_DIR/bin/wasmd"
    wasmd_ok || die "the built wasmd does not run"
    say "wasmd built in $(($(date +%s) - start)) s"
}

build_hermes() {
    [[ -x "$HERMES_BIN" ]] && "$HERMES_BIN" version >/dev/null 2>&1 && return 0
    [[ "$HERMES_BIN" == "$HERMES_DIR/bin/hermes" ]] || die "HERMES_BIN=$HERMES_BIN does not run"
    need cargo "Rust's cargo builds Hermes $HERMES_VERSION"
    need cc "a C compiler (apt-get install gcc) builds Hermes' native dependencies"
    # Hermes links namada's crates: zstd-sys runs bindgen (libclang), namada_tx runs prost-build (protoc).
    local missing=()
    compgen -G "/usr/lib/llvm-*/lib/libclang*.so*" >/dev/null || ldconfig -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so' \
        || [[ -n "${LIBCLANG_PATH:-}" ]] || missing+=(libclang-dev)
    command -v protoc >/dev/null 2>&1 || [[ -n "${PROTOC:-}" ]] || missing+=(protobuf-compiler)
    [[ -f /usr/include/google/protobuf/timestamp.proto || -n "${PROTOC_INCLUDE:-}" ]] || missing+=(libprotobuf-dev)
    if ((${#missing[@]})); then
        command -v apt-get >/dev/null 2>&1 \
            || die "missing ${missing[*]} (libclang for bindgen, protoc for prost-build): Hermes' build needs them"
        local sudo=()
        ((EUID == 0)) || sudo=(sudo)
        say "installing ${missing[*]} (Hermes' build needs libclang and protoc)"
        "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
            || { "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; } \
            || die "cannot install ${missing[*]}"
    fi
    say "building hermes $HERMES_VERSION (first time only; ~45-60 min of one core's CPU) -> $HERMES_DIR"
    local start src cargo_home tmp crate
    start=$(date +%s)
    # `cargo install ibc-relayer-cli --locked` fails offline from GitHub: penumbra-sdk-proof-params'
    # build script downloads Penumbra proving keys (git-lfs). Build the published crate with its own
    # Cargo.lock, that one dependency patched to skip the download (Hermes never proves Penumbra
    # transactions for Cosmos SDK chains).
    src="$HERMES_DIR/src"
    cargo_home="${CARGO_HOME:-$HOME/.cargo}"
    # The published crates: cargo unpacks them into its registry at the start of `cargo install`
    # (a fresh resolve is impossible: Hermes' lock pins yanked crates such as core2 0.3.3), so
    # start one and stop it once both sources are there.
    have_sources() { compgen -G "$cargo_home/registry/src/*/ibc-relayer-cli-$HERMES_VERSION/Cargo.lock" >/dev/null &&
        compgen -G "$cargo_home/registry/src/*/penumbra-sdk-proof-params-$PENUMBRA_PARAMS_VERSION/build.rs" >/dev/null; }
    if ! have_sources; then
        tmp="$(mktemp -d)"
        cargo install ibc-relayer-cli --version "$HERMES_VERSION" --bin hermes --locked --root "$tmp/root" \
            --target-dir "$tmp/target" >"$tmp/log" 2>&1 &
        local fetcher=$! i
        for i in $(seq 1 600); do
            have_sources && break
            kill -0 "$fetcher" 2>/dev/null || break
            sleep 1
        done
        kill "$fetcher" 2>/dev/null || true
        wait "$fetcher" 2>/dev/null || true
        have_sources || { tail -n 20 "$tmp/log" >&2; die "cargo did not unpack ibc-relayer-cli $HERMES_VERSION"; }
        rm -rf "$tmp"
    fi
    rm -rf "$src"
    mkdir -p "$src"
    local d
    for d in "ibc-relayer-cli-$HERMES_VERSION" "penumbra-sdk-proof-params-$PENUMBRA_PARAMS_VERSION"; do
        cp -r "$(compgen -G "$cargo_home/registry/src/*/$d" | head -1)" "$src/$d"
    done
    chmod -R u+w "$src"
    cat >"$src/penumbra-sdk-proof-params-$PENUMBRA_PARAMS_VERSION/build.rs" <<'RS'
// Patched by scripts/localnet.sh: the published crate holds git-lfs pointers and its build script
// downloads the proving keys from GitHub. Hermes relaying Cosmos SDK chains never needs them.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
RS
    printf '\n[patch.crates-io]\npenumbra-sdk-proof-params = { path = "../penumbra-sdk-proof-params-%s" }\n' \
        "$PENUMBRA_PARAMS_VERSION" >>"$src/ibc-relayer-cli-$HERMES_VERSION/Cargo.toml"
    # Its Cargo.lock is used as published; only the patched crate's entry changes. A fixed target
    # dir: an interrupted build resumes where it stopped; removed once installed.
    (cd "$src/ibc-relayer-cli-$HERMES_VERSION" && cargo build --release --bin hermes --target-dir "$HERMES_DIR/target") \
        || die "building hermes $HERMES_VERSION failed"
    mkdir -p "$HERMES_DIR/bin"
    cp "$HERMES_DIR/target/release/hermes" "$HERMES_DIR/bin/hermes"
    rm -rf "$HERMES_DIR/target"
    say "hermes built in $(($(date +%s) - start)) s"
}

build() { # build [wasmd|hermes]: both by default
    need jq "apt-get install jq"
    case "${1:-}" in
        wasmd) build_wasmd ;;
        hermes) build_hermes ;;
        "") build_wasmd; build_hermes ;;
        *) die "build: unknown tool '$1' (wasmd, hermes)" ;;
    esac
}

# ---------------------------------------------------------------- processes
pid_alive() { # pid_alive <pidfile> <marker in its command line>
    local pid
    [[ -f "$1" ]] || return 1
    pid="$(cat "$1")"
    [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}
stop_pid() { # stop_pid <pidfile> <marker> <name>
    if pid_alive "$1" "$2"; then
        local pid i
        pid="$(cat "$1")"
        kill "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        say "stopped $3 (pid $pid)"
    fi
    rm -f "$1"
}
port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
who_listens() { ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -1; }
check_ports_free() {
    local chain=$1 kind p
    for kind in rpc p2p abci grpc api pprof; do
        p="$(port "$chain" "$kind")"
        if port_busy "$p"; then
            die "port $p ($chain $kind) is busy (used by: $(who_listens "$p" || true)); stop it or set LOCALNET_PORT_OFFSET"
        fi
    done
}

rpc_url() { echo "http://127.0.0.1:$(port "$1" rpc)"; }
height() { curl -sf --max-time 2 "$(rpc_url "$1")/status" | jq -r '.result.sync_info.latest_block_height' 2>/dev/null || echo "-"; }

# ---------------------------------------------------------------- genesis
account() { # account <chain> <name> -> mnemonic
    local m
    m="$(jq -r --arg c "$1" --arg n "$2" '(.chains[$c][$n] // (.users[] | select(.name == $n))).mnemonic // empty' "$ACCOUNTS")"
    [[ -n "$m" ]] || die "no account '$2' for $1 in $ACCOUNTS"
    echo "$m"
}
user_names() { jq -r '.users[].name' "$ACCOUNTS"; }

init_chain() {
    local chain=$1 h
    h="$(home_of "$chain")"
    [[ -f "$h/config/genesis.json" && -f "$h/.initialized" ]] && return 0
    say "$chain: creating genesis in $h"
    rm -rf "$h"
    wasmd init "$chain-validator" --chain-id "$chain" --default-denom "$STAKE" --home "$h" >/dev/null 2>&1 \
        || die "$chain: wasmd init failed"
    local name addr coins
    coins="$(genesis_coins "$chain")"
    for name in validator relayer $(user_names); do
        account "$chain" "$name" | wasmd keys add "$name" --recover --keyring-backend test --home "$h" >/dev/null 2>&1 \
            || die "$chain: cannot import key $name"
        addr="$(wasmd keys show "$name" -a --keyring-backend test --home "$h")"
        wasmd genesis add-genesis-account "$addr" "$coins" --home "$h" >/dev/null
    done
    wasmd genesis gentx validator "100000000000$STAKE" --chain-id "$chain" --keyring-backend test \
        --home "$h" >/dev/null 2>&1 || die "$chain: gentx failed"
    wasmd genesis collect-gentxs --home "$h" >/dev/null 2>&1 || die "$chain: collect-gentxs failed"

    # Governance: short periods and deposits; code upload only through governance (as on mainnets).
    # Bank: denom metadata (display units) for wallets and the dapp.
    local g="$h/config/genesis.json"
    jq --arg d "$STAKE" --argjson meta "$(denom_metadata "$chain")" '
      .app_state.gov.params.voting_period = "15s"
      | .app_state.gov.params.expedited_voting_period = "10s"
      | .app_state.gov.params.max_deposit_period = "15s"
      | .app_state.gov.params.min_deposit = [{denom: $d, amount: "10000000"}]
      | .app_state.gov.params.expedited_min_deposit = [{denom: $d, amount: "50000000"}]
      | .app_state.wasm.params.code_upload_access = {permission: "Nobody", addresses: []}
      | .app_state.wasm.params.instantiate_default_permission = "Everybody"
      | .app_state.bank.denom_metadata = $meta
    ' "$g" >"$g.tmp" && mv "$g.tmp" "$g"
    wasmd genesis validate-genesis --home "$h" >/dev/null || die "$chain: genesis does not validate"

    # Node: ~1 s blocks, loopback ports, REST and gRPC on, CORS open for the dapp.
    cfg() { wasmd config set "$1" "$2" "$3" --home "$h" --skip-validate >/dev/null || die "$chain: cannot set $1 $2"; }
    cfg config moniker "$chain-validator"
    cfg config rpc.laddr "tcp://127.0.0.1:$(port "$chain" rpc)"
    cfg config rpc.cors_allowed_origins '["*"]'
    cfg config rpc.pprof_laddr "127.0.0.1:$(port "$chain" pprof)"
    cfg config p2p.laddr "tcp://127.0.0.1:$(port "$chain" p2p)"
    cfg config proxy_app "tcp://127.0.0.1:$(port "$chain" abci)"
    cfg config p2p.pex false
    cfg config p2p.addr_book_strict false
    cfg config consensus.timeout_propose 1s
    cfg config consensus.timeout_prevote 200ms
    cfg config consensus.timeout_precommit 200ms
    cfg config consensus.timeout_commit 800ms
    cfg app minimum-gas-prices "$MIN_GAS_PRICE$STAKE"
    cfg app api.enable true
    cfg app api.enabled-unsafe-cors true
    cfg app api.address "tcp://127.0.0.1:$(port "$chain" api)"
    cfg app grpc.enable true
    cfg app grpc.address "127.0.0.1:$(port "$chain" grpc)"
    cfg client chain-id "$chain"
    cfg client keyring-backend test
    cfg client node "tcp://127.0.0.1:$(port "$chain" rpc)"
    cfg client broadcast-mode sync
    cfg client output json
    touch "$h/.initialized"
}

start_chain() {
    local chain=$1 h pidf
    h="$(home_of "$chain")"
    pidf="$RUN/$chain.pid"
    if pid_alive "$pidf" "$h"; then
        say "$chain: already running (pid $(cat "$pidf")), height $(height "$chain")"
        return 0
    fi
    check_ports_free "$chain"
    mkdir -p "$LOGS" "$RUN"
    say "$chain: starting (rpc $(rpc_url "$chain"), log $LOGS/$chain.log)"
    # exec: the recorded pid is wasmd's own; setsid: its own session, so it outlives this shell's job.
    (cd "$STATE" && LD_LIBRARY_PATH="$(dirname "$WASMD_BIN")/../lib" exec setsid "$WASMD_BIN" start --home "$h" --log_no_color) \
        >>"$LOGS/$chain.log" 2>&1 </dev/null &
    echo $! >"$pidf"
}

wait_chain() {
    local chain=$1 i h pidf
    h="$(home_of "$chain")"
    pidf="$RUN/$chain.pid"
    for i in $(seq 1 120); do
        local ht
        ht="$(height "$chain")"
        if [[ "$ht" =~ ^[0-9]+$ ]] && ((ht >= 2)); then return 0; fi
        if ! pid_alive "$pidf" "$h"; then
            tail -n 30 "$LOGS/$chain.log" >&2 || true
            die "$chain: wasmd exited (log: $LOGS/$chain.log)"
        fi
        sleep 0.5
    done
    die "$chain: no block after 60 s (log: $LOGS/$chain.log)"
}

# ---------------------------------------------------------------- relayer
write_hermes_config() {
    mkdir -p "$STATE/hermes/keys"
    {
        cat <<EOF
# Written by scripts/localnet.sh: regenerated at every \`up\`.
[global]
log_level = 'info'

[mode.clients]
enabled = true
refresh = true
misbehaviour = false

[mode.connections]
enabled = false

[mode.channels]
enabled = false

[mode.packets]
enabled = true
clear_interval = 20
clear_on_start = true
tx_confirmation = true
auto_register_counterparty_payee = false

[rest]
enabled = false
host = '127.0.0.1'
port = 3000

[telemetry]
enabled = false
host = '127.0.0.1'
port = 3001
EOF
        local chain
        for chain in "${CHAINS[@]}"; do
            cat <<EOF

[[chains]]
id = '$chain'
type = 'CosmosSdk'
rpc_addr = 'http://127.0.0.1:$(port "$chain" rpc)'
grpc_addr = 'http://127.0.0.1:$(port "$chain" grpc)'
event_source = { mode = 'push', url = 'ws://127.0.0.1:$(port "$chain" rpc)/websocket', batch_delay = '200ms' }
rpc_timeout = '10s'
trusted_node = true
account_prefix = 'wasm'
key_name = 'relayer'
key_store_type = 'Test'
key_store_folder = '$STATE/hermes/keys'
store_prefix = 'ibc'
default_gas = 200000
max_gas = 20000000
gas_price = { price = $MIN_GAS_PRICE, denom = '$STAKE' }
gas_multiplier = 1.5
max_msg_num = 30
max_tx_size = 1000000
clock_drift = '5s'
max_block_time = '10s'
trusting_period = '14days'
trust_threshold = '2/3'
memo_prefix = ''
address_type = { derivation = 'cosmos' }
EOF
        done
    } >"$HERMES_CONFIG"
}

hermes_keys() {
    local chain mf
    for chain in "${CHAINS[@]}"; do
        if [[ ! -f "$STATE/hermes/keys/$chain/keyring-test/relayer.json" ]]; then
            mf="$(mktemp)"
            account "$chain" relayer >"$mf"
            hermes keys add --chain "$chain" --key-name relayer --mnemonic-file "$mf" --overwrite >/dev/null \
                || { rm -f "$mf"; die "hermes: cannot add the relayer key for $chain"; }
            rm -f "$mf"
        fi
    done
}

# Open channels on insurance-1 for a port: "<channel> <counterparty channel> <connection>" lines.
open_channels() { # open_channels <port>
    wasmd q ibc channel channels --home "$(home_of insurance-1)" --node "tcp://127.0.0.1:$(port insurance-1 rpc)" -o json 2>/dev/null |
        jq -r --arg p "$1" '.channels[] | select(.port_id == $p and .state == "STATE_OPEN")
            | "\(.channel_id) \(.counterparty.channel_id) \(.connection_hops[0])"'
}

ensure_transfer_channel() {
    local existing
    existing="$(open_channels transfer | head -1)"
    if [[ -n "$existing" ]]; then
        say "ICS-20 channel already open: insurance-1 ${existing%% *} <-> partner-1 $(echo "$existing" | cut -d' ' -f2)"
        return 0
    fi
    say "creating clients, connection and the ICS-20 channel (transfer <-> transfer)"
    hermes create channel --a-chain insurance-1 --b-chain partner-1 --a-port transfer --b-port transfer \
        --new-client-connection --yes >>"$LOGS/hermes-setup.log" 2>&1 \
        || die "hermes could not create the transfer channel (log: $LOGS/hermes-setup.log)"
    existing="$(open_channels transfer | head -1)"
    [[ -n "$existing" ]] || die "no open transfer channel after hermes create channel (log: $LOGS/hermes-setup.log)"
    say "ICS-20 channel open: insurance-1 ${existing%% *} <-> partner-1 $(echo "$existing" | cut -d' ' -f2)"
}

start_relayer() {
    local pidf="$RUN/hermes.pid"
    if pid_alive "$pidf" "$HERMES_CONFIG"; then
        say "hermes: already relaying (pid $(cat "$pidf"))"
        return 0
    fi
    mkdir -p "$LOGS" "$RUN"
    (cd "$STATE" && exec setsid "$HERMES_BIN" --config "$HERMES_CONFIG" start) >>"$LOGS/hermes.log" 2>&1 </dev/null &
    echo $! >"$pidf"
    sleep 2
    pid_alive "$pidf" "$HERMES_CONFIG" || { tail -n 20 "$LOGS/hermes.log" >&2; die "hermes exited (log: $LOGS/hermes.log)"; }
    say "hermes: relaying (pid $(cat "$pidf"), log $LOGS/hermes.log)"
}

stop_relayer() { stop_pid "$RUN/hermes.pid" "$HERMES_CONFIG" hermes; }

# ---------------------------------------------------------------- network.json
write_network_json() {
    local chain gov out="$STATE/network.json" parts=()
    for chain in "${CHAINS[@]}"; do
        gov="$(wasmd q auth module-account gov --home "$(home_of "$chain")" --node "tcp://127.0.0.1:$(port "$chain" rpc)" -o json | jq -r '.account.value.address // .account.base_account.address // empty')"
        parts+=("$(jq -n --arg id "$chain" --arg home "$(home_of "$chain")" \
            --arg rpc "$(rpc_url "$chain")" --arg grpc "127.0.0.1:$(port "$chain" grpc)" \
            --arg api "http://127.0.0.1:$(port "$chain" api)" --arg gov "$gov" \
            --arg price "$MIN_GAS_PRICE$STAKE" --argjson denoms "$(assets_of "$chain")" \
            '{chain_id: $id, home: $home, rpc: $rpc, grpc: $grpc, rest: $api, bech32_prefix: "wasm",
              fee_denom: "stake", gas_price: $price, denoms: $denoms, gov_module: $gov}')")
    done
    local tr
    tr="$(open_channels transfer | head -1)"
    jq -n --argjson a "${parts[0]}" --argjson b "${parts[1]}" --arg tr "$tr" \
        --arg wasmd "$WASMD_VERSION" --arg hermes "$HERMES_VERSION" --arg accounts "$ACCOUNTS" \
        --arg hcfg "$HERMES_CONFIG" '
        ($tr | split(" ")) as $t |
        {versions: {wasmd: $wasmd, hermes: $hermes}, accounts_file: $accounts, hermes_config: $hcfg,
         chains: {"insurance-1": $a, "partner-1": $b},
         transfer: (if $tr == "" then null else {connection: $t[2], "insurance-1": $t[0], "partner-1": $t[1]} end)}' >"$out"
}

# ---------------------------------------------------------------- commands
cmd_up() {
    local relayer=1
    [[ "${1:-}" == --no-relayer ]] && relayer=0
    need curl "apt-get install curl"
    need ss "apt-get install iproute2"
    need jq "apt-get install jq"
    build_wasmd
    ((relayer)) && build_hermes
    mkdir -p "$STATE" "$LOGS" "$RUN"
    local chain
    for chain in "${CHAINS[@]}"; do
        pid_alive "$RUN/$chain.pid" "$(home_of "$chain")" || check_ports_free "$chain"
    done
    # Both geneses at once: each is some thirty wasmd CLI calls.
    local pids=() pid
    for chain in "${CHAINS[@]}"; do init_chain "$chain" & pids+=($!); done
    for pid in "${pids[@]}"; do wait "$pid" || die "genesis creation failed"; done
    for chain in "${CHAINS[@]}"; do start_chain "$chain"; done
    for chain in "${CHAINS[@]}"; do wait_chain "$chain"; done
    if ((relayer)); then
        write_hermes_config
        hermes_keys
        ensure_transfer_channel
        start_relayer
    fi
    write_network_json
    say "up: insurance-1 at $(height insurance-1), partner-1 at $(height partner-1); see $STATE/network.json"
}

cmd_down() {
    stop_relayer
    local chain
    for chain in "${CHAINS[@]}"; do stop_pid "$RUN/$chain.pid" "$(home_of "$chain")" "$chain"; done
    say "down"
}

cmd_reset() {
    cmd_down
    [[ -d "$STATE" ]] && rm -rf "$STATE"
    say "state deleted ($STATE)"
}

cmd_status() {
    local chain h rc=0
    printf '%-12s %-9s %-8s %s\n' process state height endpoint
    for chain in "${CHAINS[@]}"; do
        h="$(home_of "$chain")"
        if pid_alive "$RUN/$chain.pid" "$h"; then
            printf '%-12s %-9s %-8s %s\n' "$chain" "running" "$(height "$chain")" "$(rpc_url "$chain")"
        else
            printf '%-12s %-9s %-8s %s\n' "$chain" "stopped" "-" "$(rpc_url "$chain")"
            rc=1
        fi
    done
    if pid_alive "$RUN/hermes.pid" "$HERMES_CONFIG"; then
        printf '%-12s %-9s %-8s %s\n' hermes "running" "-" "pid $(cat "$RUN/hermes.pid"), log $LOGS/hermes.log"
    else
        printf '%-12s %-9s %-8s %s\n' hermes "stopped" "-" "-"
        rc=1
    fi
    if pid_alive "$RUN/insurance-1.pid" "$(home_of insurance-1)" && [[ -x "$WASMD_BIN" ]]; then
        echo
        echo "channels on insurance-1 (port channel <-> counterparty port channel, state):"
        wasmd q ibc channel channels --home "$(home_of insurance-1)" --node "tcp://127.0.0.1:$(port insurance-1 rpc)" -o json 2>/dev/null |
            jq -r '.channels[] | "  \(.port_id) \(.channel_id) <-> \(.counterparty.port_id) \(.counterparty.channel_id)  \(.state) \(.ordering) \(.version)"'
    fi
    return $rc
}

cmd_logs() {
    local target=all lines=40 follow=1
    while (($#)); do
        case "$1" in
            -n) lines=$2; shift ;;
            --no-follow) follow=0 ;;
            insurance-1 | partner-1 | hermes | all) target=$1 ;;
            *) die "logs: unknown argument '$1'" ;;
        esac
        shift
    done
    local files=()
    if [[ $target == all ]]; then
        files=("$LOGS/insurance-1.log" "$LOGS/partner-1.log" "$LOGS/hermes.log")
    else
        files=("$LOGS/$target.log")
    fi
    local f
    for f in "${files[@]}"; do [[ -f "$f" ]] || die "no log yet: $f (run up first)"; done
    if ((follow)); then exec tail -n "$lines" -F "${files[@]}"; else tail -n "$lines" "${files[@]}"; fi
}

cmd_channel() {
    (($# >= 3)) || die "usage: localnet.sh channel <portA on insurance-1> <portB on partner-1> <version> [unordered|ordered]"
    local pa=$1 pb=$2 version=$3 order=${4:-unordered}
    [[ -f "$HERMES_CONFIG" ]] || die "network not set up: run up first"
    local conn
    conn="$(open_channels transfer | head -1 | cut -d' ' -f3)"
    [[ -n "$conn" ]] || die "no connection between the chains: run up first"
    say "opening $pa (insurance-1) <-> $pb (partner-1), version $version, $order, on $conn"
    local out
    out="$(hermes --json create channel --a-chain insurance-1 --a-connection "$conn" --a-port "$pa" --b-port "$pb" \
        --channel-version "$version" --order "$order" --yes 2>>"$LOGS/hermes-setup.log")" \
        || { echo "$out" | tail -n 5 >&2; die "hermes could not open the channel (log: $LOGS/hermes-setup.log)"; }
    echo "$out" >>"$LOGS/hermes-setup.log"
    # The last line is the result: both channel ends.
    echo "$out" | tail -n 1 | jq -c '{status, a: {port: .result.a_side.port_id, channel: .result.a_side.channel_id},
        b: {port: .result.b_side.port_id, channel: .result.b_side.channel_id}}'
}

case "${1:-}" in
    up) shift; cmd_up "$@" ;;
    down) cmd_down ;;
    reset) cmd_reset ;;
    status) cmd_status ;;
    logs) shift; cmd_logs "$@" ;;
    channel) shift; cmd_channel "$@" ;;
    relayer)
        case "${2:-}" in
            stop) stop_relayer ;;
            start) start_relayer ;;
            *) die "usage: localnet.sh relayer stop|start" ;;
        esac ;;
    build) shift; build "$@" ;;
    wasmd) shift; (($#)) || die "usage: localnet.sh wasmd <chain> <args...>"; c=$1; shift; chain_index "$c" >/dev/null
        # wasmd's tx and query commands ignore client.toml (node, chain-id, keyring-backend): its root
        # command reads the client config before --home is parsed for them. Pass them.
        case "${1:-}" in
            tx) wasmd "$@" --home "$(home_of "$c")" --node "tcp://127.0.0.1:$(port "$c" rpc)" --chain-id "$c" --keyring-backend test ;;
            q | query) wasmd "$@" --home "$(home_of "$c")" --node "tcp://127.0.0.1:$(port "$c" rpc)" ;;
            *) wasmd "$@" --home "$(home_of "$c")" ;;
        esac ;;
    hermes) shift; hermes "$@" ;;
    env)
        cat <<EOF
LOCALNET_STATE=$STATE
WASMD_BIN=$WASMD_BIN
WASMD_LIB=$(dirname "$WASMD_BIN")/../lib
HERMES_BIN=$HERMES_BIN
HERMES_CONFIG=$HERMES_CONFIG
INSURANCE_HOME=$(home_of insurance-1)
PARTNER_HOME=$(home_of partner-1)
INSURANCE_RPC=$(rpc_url insurance-1)
PARTNER_RPC=$(rpc_url partner-1)
EOF
        ;;
    -h | --help | help | "") sed -n '2,36p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (up, down, reset, status, logs, channel, relayer, build, wasmd, hermes, env)" ;;
esac
