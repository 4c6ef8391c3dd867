#!/usr/bin/env bash
# Governance deployment kit (first part): the proposals that store and pin the protocol's code.
#
#   scripts/deploy-kit.sh check [--artifacts DIR] [--only a.wasm,b.wasm]
#       refuse artifacts that do not match checksums.txt or are over the 800 KiB upload limit
#   scripts/deploy-kit.sh store --authority <gov module address> --first-code-id <N> [--out DIR]
#                               [--deposit 10000000stake] [--artifacts DIR] [--only a.wasm,...] [--no-pin]
#   scripts/deploy-kit.sh store --chain <insurance-1|partner-1> [...]
#       (on the local network: the authority and the next code id are read from the chain)
#
# `store` writes DIR/store-<k>.json (a file for `wasmd tx gov submit-proposal`) and DIR/store-<k>.txt
# (what a validator checks: each artifact, its sha256 from checksums.txt, its size, the code id it
# expects). Each proposal stores artifacts gzip-compressed (wasmd accepts gzip; the 800 KiB limit
# applies to the uncompressed code) and then pins them (MsgPinCodes: a pinned code's calls cost
# 2,000 gas of instance cost instead of 60,000). Artifacts are packed so that no proposal's
# transaction passes CometBFT's default 1 MiB (MAX_TX_BYTES, with a margin for signature and fee).
# The expected code ids hold only if no other code is stored before the proposals execute; on a
# chain where only governance stores code that means: submit them in order, before any other store.
# `verify` checks them after the vote:
#   scripts/deploy-kit.sh verify --chain <chain> DIR     (or --node tcp://... with wasmd on PATH)
set -euo pipefail
export LC_ALL=C
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
L="$ROOT/scripts/localnet.sh"
ARTIFACTS="$ROOT/artifacts"
MAX_WASM_BYTES="${MAX_WASM_BYTES:-819200}"
MAX_TX_BYTES="${MAX_TX_BYTES:-1048576}"
TX_MARGIN=8192 # signature, fee, memo, proposal text

die() { printf 'deploy-kit: error: %s\n' "$*" >&2; exit 1; }
say() { printf 'deploy-kit: %s\n' "$*" >&2; }

CMD="${1:-}"
[[ -n "$CMD" ]] && shift
AUTHORITY="" FIRST="" OUT="" DEPOSIT="10000000stake" ONLY="" CHAIN="" NODE="" PIN=1 DIR=""
while (($#)); do
    case "$1" in
        --authority) AUTHORITY=$2; shift ;;
        --first-code-id) FIRST=$2; shift ;;
        --out) OUT=$2; shift ;;
        --deposit) DEPOSIT=$2; shift ;;
        --artifacts) ARTIFACTS=$2; shift ;;
        --only) ONLY=$2; shift ;;
        --chain) CHAIN=$2; shift ;;
        --node) NODE=$2; shift ;;
        --no-pin) PIN=0 ;;
        -*) die "unknown option $1" ;;
        *) DIR=$1 ;;
    esac
    shift
done

wasmd_q() { # wasmd query against --chain (local network) or --node
    if [[ -n "$CHAIN" ]]; then "$L" wasmd "$CHAIN" q "$@" -o json
    elif [[ -n "$NODE" ]]; then command -v wasmd >/dev/null || die "wasmd not on PATH"; wasmd q "$@" --node "$NODE" -o json
    else die "give --chain <local chain> or --node <rpc>"; fi
}

# The artifacts to deploy, in checksums.txt order: "<file> <sha256>" lines.
selected() {
    [[ -f "$ARTIFACTS/checksums.txt" ]] || die "$ARTIFACTS/checksums.txt is missing: run scripts/build.sh"
    awk '{ f = $2; sub(/^\*/, "", f); print f, $1 }' "$ARTIFACTS/checksums.txt" |
        if [[ -n "$ONLY" ]]; then grep -E "^($(tr ',' '|' <<<"$ONLY" | sed 's/\./\\./g')) "; else cat; fi
}

check() {
    local list f sum actual bytes n=0
    list="$(selected)"
    [[ -n "$list" ]] || die "no artifact selected (--only $ONLY not in checksums.txt?)"
    while read -r f sum; do
        [[ -f "$ARTIFACTS/$f" ]] || die "$f is listed in checksums.txt but missing: rebuild with scripts/build.sh"
        actual="$(sha256sum "$ARTIFACTS/$f" | cut -d' ' -f1)"
        [[ "$actual" == "$sum" ]] || die "$f does not match checksums.txt ($actual, expected $sum): rebuild it or fix checksums.txt"
        bytes="$(wc -c <"$ARTIFACTS/$f")"
        ((bytes <= MAX_WASM_BYTES)) || die "$f is $bytes bytes, over the upload limit of $MAX_WASM_BYTES: shrink it (opt-level z, wasm-opt -Oz)"
        n=$((n + 1))
    done <<<"$list"
    say "$n artifacts match checksums.txt and fit $MAX_WASM_BYTES bytes"
}

store() {
    check
    if [[ -n "$CHAIN" && -z "$AUTHORITY" ]]; then
        AUTHORITY="$(wasmd_q auth module-account gov | jq -r '.account.value.address // empty')"
    fi
    if [[ (-n "$CHAIN" || -n "$NODE") && -z "$FIRST" ]]; then
        FIRST="$(wasmd_q wasm list-code --reverse --limit 1 | jq -r '((.code_infos[0].code_id // "0") | tonumber) + 1')"
    fi
    [[ "$AUTHORITY" =~ ^[a-z]+1[02-9ac-hj-np-z]{38,}$ ]] || die "missing or bad --authority (the gov module address)"
    [[ "$FIRST" =~ ^[1-9][0-9]*$ ]] || die "missing or bad --first-code-id (the chain's next code id)"
    OUT="${OUT:-$ROOT/target/proposals/${CHAIN:-chain}}"
    mkdir -p "$OUT"
    rm -f "$OUT"/store-*.json "$OUT"/store-*.txt
    local work f sum gz k=1 used=0 id=$FIRST msgs=() ids=() lines=()
    work="$(mktemp -d)"
    flush() {
        ((${#msgs[@]})) || return 0
        local file="$OUT/store-$k.json" pin_msg="[]" summary
        if ((PIN)); then
            pin_msg="$(jq -nc --arg a "$AUTHORITY" --argjson ids "$(printf '%s\n' "${ids[@]}" | jq -s 'map(tonumber)')" \
                '[{"@type": "/cosmwasm.wasm.v1.MsgPinCodes", authority: $a, code_ids: $ids}]')"
        fi
        summary="$(printf '%s\n' "Stores (gzip) and $( ((PIN)) && echo pins || echo 'does not pin') these artifacts; expected code id, sha256 of the uncompressed wasm:" "${lines[@]}")"
        jq -s --argjson pin "$pin_msg" --arg dep "$DEPOSIT" --arg s "$summary" --arg t "Store protocol code ($k)" \
            '{messages: (. + $pin), metadata: "", deposit: $dep, title: $t, summary: $s, expedited: false}' \
            "${msgs[@]}" >"$file"
        printf '%s\n' "proposal $file" "authority $AUTHORITY" "${lines[@]}" >"$OUT/store-$k.txt"
        say "wrote $file (${#ids[@]} codes, ~$used bytes of code in the tx)"
        k=$((k + 1)) used=0 msgs=() ids=() lines=()
    }
    while read -r f sum; do
        gz="$work/$f.gz"
        gzip -9 -n -c "$ARTIFACTS/$f" >"$gz"
        local size
        size="$(wc -c <"$gz")"
        ((size + TX_MARGIN <= MAX_TX_BYTES)) || die "$f is $size bytes gzipped: no transaction of $MAX_TX_BYTES bytes carries it"
        ((used + size + TX_MARGIN > MAX_TX_BYTES)) && flush
        jq -n --arg a "$AUTHORITY" --rawfile w <(base64 -w0 "$gz") \
            '{"@type": "/cosmwasm.wasm.v1.MsgStoreCode", sender: $a, wasm_byte_code: $w, instantiate_permission: null}' \
            >"$work/$f.msg.json"
        msgs+=("$work/$f.msg.json")
        ids+=("$id")
        lines+=("code $id $f sha256 $sum bytes $(wc -c <"$ARTIFACTS/$f") gzip $size")
        used=$((used + size))
        id=$((id + 1))
    done <<<"$(selected)"
    flush
    rm -rf "$work"
}

# verify <dir>: every code id a store proposal expected holds the artifact's checksum (and is pinned).
verify() {
    [[ -d "$DIR" ]] || die "usage: deploy-kit.sh verify --chain <chain> <proposal dir>"
    local txt bad=0 id f sum info hash pinned
    pinned="$(wasmd_q wasm pinned | jq -r '.code_ids[]?' || true)"
    for txt in "$DIR"/store-*.txt; do
        while read -r _ id f _ sum _; do
            info="$(wasmd_q wasm code-info "$id" 2>/dev/null || true)"
            hash="$(jq -r '.checksum // .data_hash // empty' <<<"$info" | tr 'A-F' 'a-f')"
            if [[ "$hash" != "$sum" ]]; then
                say "code $id is ${hash:-missing}, expected $f ($sum)"
                bad=1
            elif ((PIN)) && ! grep -qx "$id" <<<"$pinned"; then
                say "code $id ($f) is not pinned"
                bad=1
            else
                say "code $id = $f ($sum)$( ((PIN)) && echo ', pinned')"
            fi
        done < <(grep '^code ' "$txt")
    done
    ((bad == 0)) || die "the chain's codes differ from the proposals: do not submit instantiation proposals against these ids"
}

case "$CMD" in
    check) check ;;
    store) store ;;
    verify) verify ;;
    *) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [[ -z "$CMD" ]] || exit 2 ;;
esac
