// The messages of the proposals, in the JSON `wasmd tx gov submit-proposal` reads (proto3 JSON
// with "@type", original field names; wasmd reads a contract message `msg` as plain JSON).
import { toBase64 } from "@cosmjs/encoding";
import type { Coin } from "./chain.js";
import type { AccessConfig } from "./config.js";

export type ProtoMsg = { "@type": string } & Record<string, unknown>;

export const T = {
  storeCode: "/cosmwasm.wasm.v1.MsgStoreCode",
  pinCodes: "/cosmwasm.wasm.v1.MsgPinCodes",
  instantiate2: "/cosmwasm.wasm.v1.MsgInstantiateContract2",
  sudo: "/cosmwasm.wasm.v1.MsgSudoContract",
  execute: "/cosmwasm.wasm.v1.MsgExecuteContract",
  poolSpend: "/cosmos.protocolpool.v1.MsgCommunityPoolSpend",
  distributionPoolSpend: "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend",
} as const;

export const msgStoreCode = (sender: string, gzip: Uint8Array, permission: AccessConfig): ProtoMsg => ({
  "@type": T.storeCode,
  sender,
  wasm_byte_code: toBase64(gzip),
  instantiate_permission: { permission: permission.permission, addresses: permission.addresses ?? [] },
});

export const msgPinCodes = (authority: string, codeIds: number[]): ProtoMsg => ({
  "@type": T.pinCodes,
  authority,
  code_ids: codeIds.map(String),
});

export const msgInstantiate2 = (a: {
  sender: string;
  admin: string;
  codeId: number;
  label: string;
  msg: unknown;
  salt: Uint8Array;
  funds?: Coin[];
}): ProtoMsg => ({
  "@type": T.instantiate2,
  sender: a.sender,
  admin: a.admin,
  code_id: String(a.codeId),
  label: a.label,
  msg: a.msg,
  funds: a.funds ?? [],
  salt: toBase64(a.salt),
  fix_msg: false,
});

export const msgSudo = (authority: string, contract: string, msg: unknown): ProtoMsg => ({
  "@type": T.sudo,
  authority,
  contract,
  msg,
});

export const msgExecute = (sender: string, contract: string, msg: unknown, funds: Coin[]): ProtoMsg => ({
  "@type": T.execute,
  sender,
  contract,
  msg,
  funds,
});

export const msgCommunityPoolSpend = (
  module: "protocolpool" | "distribution",
  authority: string,
  recipient: string,
  amount: Coin[],
): ProtoMsg => ({
  "@type": module === "protocolpool" ? T.poolSpend : T.distributionPoolSpend,
  authority,
  recipient,
  amount,
});

/** "1000uusdc" -> { amount: "1000", denom: "uusdc" } */
export function parseCoin(text: string): Coin | null {
  const m = /^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(text.trim());
  return m ? { amount: BigInt(m[1]).toString(), denom: m[2] } : null;
}
