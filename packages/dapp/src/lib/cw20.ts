// The cw20 standard's messages the app needs for the tranche tokens (cw20-base 2.0, not one of the
// protocol's schemas). The protocol's own messages, the vault's receive hook included, come from
// the generated client.
import { toBase64, toUtf8 } from "@cosmjs/encoding";
import type { ReceiveMsg } from "@insurance/client/contracts/TrancheVaultWire.types";

export interface TokenInfo {
  name: string;
  symbol: string;
  decimals: number;
  total_supply: string;
}
export interface Balance {
  balance: string;
}

export const tokenInfoQuery = { token_info: {} } as const;
export const balanceQuery = (address: string) => ({ balance: { address } });

/** The tranche vault's receive hook: redeem the sent tokens. */
export const REDEEM_HOOK: ReceiveMsg = { redeem: {} };

/** cw20 `Send` of `amount` tokens to the tranche vault with its receive hook `msg` (base64 JSON). */
export const sendMsg = (contract: string, amount: string, hook: ReceiveMsg) => ({ send: { contract, amount, msg: toBase64(toUtf8(JSON.stringify(hook))) } });
