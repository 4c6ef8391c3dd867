// Transaction size of a proposal, and the split of the store messages into proposals that fit.
import { fromBase64, toUtf8 } from "@cosmjs/encoding";
import { MsgSubmitProposal } from "cosmjs-types/cosmos/gov/v1/tx";
import { TxBody } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { Any } from "cosmjs-types/google/protobuf/any";
import {
  MsgExecuteContract,
  MsgInstantiateContract2,
  MsgPinCodes,
  MsgStoreCode,
  MsgSudoContract,
} from "cosmjs-types/cosmwasm/wasm/v1/tx";
import { AccessType } from "cosmjs-types/cosmwasm/wasm/v1/types";
import { KitError } from "./errors.js";
import { T, type ProtoMsg } from "./messages.js";
import type { ProposalFile } from "./proposal.js";

/** CometBFT's default `mempool.max_tx_bytes`. */
export const DEFAULT_MAX_TX_BYTES = 1024 * 1024;
/**
 * CometBFT's default `rpc.max_body_bytes`. `wasmd tx` reaches the node through the RPC: `--gas auto`
 * simulates with `abci_query`, whose data travels hex-encoded in the JSON body (twice the bytes),
 * and the broadcast carries the transaction base64-encoded.
 */
export const DEFAULT_RPC_MAX_BODY_BYTES = 1_000_000;
/** Auth info (one signer: public key, sequence, fee) and one signature, with room to spare. */
export const TX_ENVELOPE_BYTES = 1024;
/** The JSON-RPC request around the encoded transaction (`abci_query` path, height, simulate request framing). */
const JSONRPC_ENVELOPE_BYTES = 256;

export interface Limits {
  maxTxBytes: number;
  rpcMaxBodyBytes: number | null;
}

/** The largest transaction that reaches the chain: the mempool's limit, and the RPC body limit once hex-encoded for the simulation. */
export function txLimit(l: Limits): number {
  let limit = l.maxTxBytes;
  if (l.rpcMaxBodyBytes !== null) limit = Math.min(limit, Math.floor((l.rpcMaxBodyBytes - JSONRPC_ENVELOPE_BYTES) / 2));
  return limit;
}

const coins = (c: unknown) => (c as { denom: string; amount: string }[]).map((x) => ({ denom: x.denom, amount: x.amount }));
const json = (v: unknown) => toUtf8(JSON.stringify(v));
const accessType = (p: string): AccessType =>
  p === "Everybody" ? AccessType.ACCESS_TYPE_EVERYBODY : p === "Nobody" ? AccessType.ACCESS_TYPE_NOBODY : AccessType.ACCESS_TYPE_ANY_OF_ADDRESSES;

/** The protobuf encoding of a message: exact for wasm messages, the JSON length (an upper bound) for others. */
export function encodeMsg(m: ProtoMsg): Any {
  const s = m as any;
  let value: Uint8Array;
  switch (m["@type"]) {
    case T.storeCode:
      value = MsgStoreCode.encode({
        sender: s.sender,
        wasmByteCode: fromBase64(s.wasm_byte_code),
        instantiatePermission: { permission: accessType(s.instantiate_permission.permission), addresses: s.instantiate_permission.addresses },
      }).finish();
      break;
    case T.pinCodes:
      value = MsgPinCodes.encode({ authority: s.authority, codeIds: s.code_ids.map(BigInt) }).finish();
      break;
    case T.instantiate2:
      value = MsgInstantiateContract2.encode({
        sender: s.sender,
        admin: s.admin,
        codeId: BigInt(s.code_id),
        label: s.label,
        msg: json(s.msg),
        funds: coins(s.funds),
        salt: fromBase64(s.salt),
        fixMsg: s.fix_msg,
      }).finish();
      break;
    case T.sudo:
      value = MsgSudoContract.encode({ authority: s.authority, contract: s.contract, msg: json(s.msg) }).finish();
      break;
    case T.execute:
      value = MsgExecuteContract.encode({ sender: s.sender, contract: s.contract, msg: json(s.msg), funds: coins(s.funds) }).finish();
      break;
    default:
      value = json(m);
  }
  return Any.fromPartial({ typeUrl: m["@type"], value });
}

/** Bytes of the signed transaction that submits `p` (proposer: a 20-byte account). */
export function proposalTxBytes(p: ProposalFile): number {
  const [amount, denom] = [/^[0-9]+/.exec(p.deposit)?.[0] ?? "0", p.deposit.replace(/^[0-9]+/, "")];
  const submit = MsgSubmitProposal.encode({
    messages: p.messages.map(encodeMsg),
    initialDeposit: [{ denom, amount }],
    proposer: "wasm1" + "q".repeat(38),
    metadata: p.metadata,
    title: p.title,
    summary: p.summary,
    expedited: p.expedited,
  }).finish();
  const body = TxBody.encode(
    TxBody.fromPartial({ messages: [{ typeUrl: "/cosmos.gov.v1.MsgSubmitProposal", value: submit }], memo: "" }),
  ).finish();
  return body.length + TX_ENVELOPE_BYTES;
}

/**
 * Splits items into consecutive groups whose proposal fits `limit` (next-fit, in order, so the
 * code ids follow the artifacts' order). `build` makes the proposal of a group.
 */
export function splitToFit<I>(items: I[], build: (group: I[]) => ProposalFile, limit: number, name: (i: I) => string): I[][] {
  const groups: I[][] = [];
  let current: I[] = [];
  for (const item of items) {
    const single = proposalTxBytes(build([item]));
    if (single > limit) {
      throw new KitError(
        `${name(item)} alone makes a ${single}-byte proposal transaction, over the ${limit}-byte limit`,
        "shrink the artifact, or raise the chain's limits in the parameter file (\"limits\": max_tx_bytes, rpc_max_body_bytes)",
      );
    }
    if (current.length && proposalTxBytes(build([...current, item])) > limit) {
      groups.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length) groups.push(current);
  return groups;
}
