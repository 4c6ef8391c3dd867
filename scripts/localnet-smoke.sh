#!/usr/bin/env bash
# Smoke test of the local network (scripts/localnet.sh), end to end on real chains:
#   1. up (builds cached);
#   2. on both chains: store artifacts/reinsurance_bridge.wasm through a governance proposal written by
#      scripts/deploy-kit.sh
#      (gzip MsgStoreCode signed by the gov module, MsgPinCodes), the validator votes yes, it passes,
#      the code id holds the artifact's checksum and is pinned;
#      a direct upload by a user is refused (upload is governance-only);
#   3. instantiate the bridge on both chains (governance module as admin) and query its config;
#   4. open the bridges' channel (wasm.<bridge A> <-> wasm.<bridge B>, insurance-reinsurance-1) with
#      Hermes and see it open on both contracts;
#   5. an ICS-20 transfer insurance-1 -> partner-1 relayed by the running Hermes, the voucher
#      credited on partner-1 and the acknowledgement relayed back;
#   6. down (unless --keep).
#
#   scripts/localnet-smoke.sh [--keep] [--fresh] [--no-relayer]
#     --keep        leave the network running at the end
#     --fresh       reset the network state first (genesis again)
#     --no-relayer  chains only (no Hermes build): steps 1-3
# Needs artifacts/reinsurance_bridge.wasm (built by `scripts/build.sh reinsurance-bridge` when missing).
set -euo pipefail
export LC_ALL=C
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
L="$ROOT/scripts/localnet.sh"
KEEP=0
FRESH=0
RELAYER=1
for a in "$@"; do
    case "$a" in
        --keep) KEEP=1 ;;
        --fresh) FRESH=1 ;;
        --no-relayer) RELAYER=0 ;;
        *) echo "usage: $0 [--keep] [--fresh] [--no-relayer]" >&2; exit 2 ;;
    esac
done

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'smoke: FAILED: %s\n' "$*" >&2; exit 1; }
cli() { "$L" wasmd "$@"; }
GAS_FLAGS=(--gas auto --gas-adjustment 1.8 --gas-prices 0.025stake -y -o json)

# tx <chain> <from> <tx args...>: broadcast, wait for the block, fail on a non-zero code; prints the tx.
tx() {
    local chain=$1 from=$2 out hash code i res
    shift 2
    out="$(cli "$chain" tx "$@" --from "$from" "${GAS_FLAGS[@]}" 2>&1)" || die "$chain tx $*: $out"
    out="$(grep '^{' <<<"$out" | tail -n 1)"
    code="$(jq -r .code <<<"$out")"
    [[ "$code" == 0 ]] || die "$chain tx $1 $2 rejected: $(jq -r .raw_log <<<"$out")"
    hash="$(jq -r .txhash <<<"$out")"
    for i in $(seq 1 60); do
        if res="$(cli "$chain" q tx "$hash" -o json 2>/dev/null)" && [[ -n "$res" ]]; then
            code="$(jq -r .code <<<"$res")"
            [[ "$code" == 0 ]] || die "$chain tx $1 $2 failed in block: $(jq -r .raw_log <<<"$res")"
            echo "$res"
            return 0
        fi
        sleep 0.5
    done
    die "$chain tx $hash not included after 30 s"
}
event_attr() { # event_attr <tx json> <event type> <attribute key>
    jq -r --arg t "$2" --arg k "$3" '[.events[] | select(.type == $t) | .attributes[] | select(.key == $k) | .value][0]' <<<"$1"
}
addr() { cli "$1" keys show "$2" -a; }

# ---------------------------------------------------------------- 1. up
[[ $FRESH == 1 ]] && "$L" reset
if [[ ! -f "$ROOT/artifacts/reinsurance_bridge.wasm" ]]; then
    step "building artifacts/reinsurance_bridge.wasm"
    bash "$ROOT/scripts/build.sh" reinsurance-bridge
fi
WASM="$ROOT/artifacts/reinsurance_bridge.wasm"
CHECKSUM="$(sha256sum "$WASM" | cut -d' ' -f1)"

step "localnet up"
start=$(date +%s)
if ((RELAYER)); then "$L" up; else "$L" up --no-relayer; fi
echo "up took $(($(date +%s) - start)) s"
NET="$("$L" env | sed -n 's/^LOCALNET_STATE=//p')/network.json"

# ---------------------------------------------------------------- 2. store by governance
store_by_governance() { # store_by_governance <chain> -> code id
    local chain=$1 dir prop res id status i code_id
    dir="$(dirname "$NET")/proposals/$chain"
    # The deployment kit writes the proposal: gzip'd MsgStoreCode signed by the gov module, then MsgPinCodes.
    "$ROOT/scripts/deploy-kit.sh" store --chain "$chain" --only reinsurance_bridge.wasm --out "$dir" >&2
    prop="$dir/store-1.json"
    res="$(tx "$chain" alice gov submit-proposal "$prop")"
    id="$(event_attr "$res" submit_proposal proposal_id)"
    echo "  $chain: proposal $id submitted (gas used $(jq -r .gas_used <<<"$res"))" >&2
    tx "$chain" validator gov vote "$id" yes >/dev/null
    echo "  $chain: validator voted yes; waiting for the voting period" >&2
    for i in $(seq 1 60); do
        status="$(cli "$chain" q gov proposal "$id" -o json | jq -r '.proposal.status // .status')"
        case "$status" in
            PROPOSAL_STATUS_PASSED) break ;;
            PROPOSAL_STATUS_REJECTED | PROPOSAL_STATUS_FAILED)
                die "$chain: proposal $id $status: $(cli "$chain" q gov proposal "$id" -o json | jq -c '.proposal.failed_reason // .')" ;;
        esac
        sleep 1
    done
    [[ "$status" == PROPOSAL_STATUS_PASSED ]] || die "$chain: proposal $id still $status after 60 s"
    "$ROOT/scripts/deploy-kit.sh" verify --chain "$chain" "$dir" >&2
    code_id="$(awk '$1 == "code" { print $2; exit }' "$dir/store-1.txt")"
    echo "  $chain: proposal $id passed, code id $code_id stored and pinned" >&2
    echo "$code_id"
}

step "store reinsurance_bridge.wasm ($(wc -c <"$WASM") bytes, sha256 $CHECKSUM) by governance on both chains"
CODE_A="$(store_by_governance insurance-1)"
CODE_B="$(store_by_governance partner-1)"

step "a user cannot upload code (permission Nobody)"
out="$(cli insurance-1 tx wasm store "$WASM" --from alice "${GAS_FLAGS[@]}" 2>&1 || true)"
if grep -qi "unauthorized\|can not create code" <<<"$out"; then
    echo "  refused: $(grep -oi 'can not create code[^"]*\|unauthorized[^"]*' <<<"$out" | head -1)"
else
    die "a user's direct upload was not refused: $out"
fi

# ---------------------------------------------------------------- 3. instantiate and query
instantiate_bridge() { # instantiate_bridge <chain> <code id> -> address
    local chain=$1 code=$2 gov msg res a
    gov="$(jq -r --arg c "$chain" '.chains[$c].gov_module' "$NET")"
    msg="$(jq -nc --arg g "$gov" '{governance: $g, risk_pool: null, packet_timeout: 600, transfer_timeout: 600,
        receive_gas_limit: 2000000}')"
    res="$(tx "$chain" alice wasm instantiate "$code" "$msg" --label "reinsurance-bridge" --admin "$gov")"
    a="$(event_attr "$res" instantiate _contract_address)"
    [[ "$a" == wasm1* ]] || die "$chain: no contract address in the instantiate events"
    echo "  $chain: bridge at $a (admin: governance; gas used $(jq -r .gas_used <<<"$res"))" >&2
    echo "$a"
}
step "instantiate the bridge on both chains"
BRIDGE_A="$(instantiate_bridge insurance-1 "$CODE_A")"
BRIDGE_B="$(instantiate_bridge partner-1 "$CODE_B")"
cfg="$(cli insurance-1 q wasm contract-state smart "$BRIDGE_A" '{"config":{}}' -o json)"
echo "  config on insurance-1: $(jq -c .data <<<"$cfg")"
[[ "$(jq -r .data.governance <<<"$cfg")" == "$(jq -r '.chains["insurance-1"].gov_module' "$NET")" ]] \
    || die "the bridge's governance is not the gov module"
admin="$(cli insurance-1 q wasm contract "$BRIDGE_A" -o json | jq -r '.contract_info.admin')"
[[ "$admin" == "$(jq -r '.chains["insurance-1"].gov_module' "$NET")" ]] || die "contract admin is $admin"

# ---------------------------------------------------------------- 4. the bridges' channel
if ((RELAYER)); then
step "open the bridges' channel with Hermes"
ch="$("$L" channel "wasm.$BRIDGE_A" "wasm.$BRIDGE_B" insurance-reinsurance-1 unordered)"
echo "  $ch"
CH_A="$(jq -r .a.channel <<<"$ch")"
CH_B="$(jq -r .b.channel <<<"$ch")"
[[ "$CH_A" == channel-* && "$CH_B" == channel-* ]] || die "channel not opened: $ch"
for side in "insurance-1 $BRIDGE_A $CH_A" "partner-1 $BRIDGE_B $CH_B"; do
    read -r chain bridge chan <<<"$side"
    st="$(cli "$chain" q ibc channel end "wasm.$bridge" "$chan" -o json | jq -r '.channel.state')"
    [[ "$st" == STATE_OPEN ]] || die "$chain: bridge channel $chan is $st"
    echo "  $chain: wasm.$bridge $chan $st; bridge knows: $(cli "$chain" q wasm contract-state smart "$bridge" \
        '{"channels":{}}' -o json | jq -c .data)"
done

# ---------------------------------------------------------------- 5. ICS-20 transfer relayed
step "ICS-20 transfer insurance-1 -> partner-1, relayed by the running Hermes"
SRC_CH="$(jq -r '.transfer["insurance-1"]' "$NET")"
DST_CH="$(jq -r '.transfer["partner-1"]' "$NET")"
BOB_B="$(addr partner-1 bob)"
VOUCHER="ibc/$(printf 'transfer/%s/uusdc' "$DST_CH" | sha256sum | cut -d' ' -f1 | tr a-f A-F)"
balance() { cli partner-1 q bank balance "$BOB_B" "$VOUCHER" -o json | jq -r '.balance.amount // "0"'; }
before="$(balance)"
res="$(tx insurance-1 alice ibc-transfer transfer transfer "$SRC_CH" "$BOB_B" 1234567uusdc)"
seq="$(event_attr "$res" send_packet packet_sequence)"
echo "  sent packet $seq on transfer/$SRC_CH (gas used $(jq -r .gas_used <<<"$res")); waiting for the relayer"
for i in $(seq 1 60); do
    after="$(balance)"
    ((after > before)) && break
    sleep 1
done
((after - before == 1234567)) || die "voucher not credited on partner-1 (before $before, after $after)"
echo "  partner-1: bob received $((after - before)) $VOUCHER"
for i in $(seq 1 60); do
    left="$(cli insurance-1 q ibc channel packet-commitments transfer "$SRC_CH" -o json | jq '.commitments | length')"
    ((left == 0)) && break
    sleep 1
done
((left == 0)) || die "the acknowledgement was not relayed back (commitments left: $left)"
echo "  insurance-1: acknowledgement relayed back (no packet commitment left)"
fi

"$L" status || true
if [[ $KEEP == 0 ]]; then
    step "localnet down"
    "$L" down
fi
echo
echo "smoke: OK (bridge code $CODE_A on insurance-1, $CODE_B on partner-1$( ((RELAYER)) && echo "; channel $CH_A <-> $CH_B"))"
