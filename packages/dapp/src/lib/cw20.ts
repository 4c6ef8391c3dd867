// The cw20 standard's messages the app needs for the tranche tokens (cw20-base 2.0): the
// protocol's own messages all come from the generated client. The vault's `Redeem` hook
// (insurance_common::tranche_vault::ReceiveMsg) is not in schema/ yet, so its JSON is written here.
import { toBase64, toUtf8 } from "@cosmjs/encoding";

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
export const REDEEM_HOOK = { redeem: {} } as const;

/** cw20 `Send` of `amount` tokens to `contract` with the hook `msg` (base64 JSON). */
export const sendMsg = (contract: string, amount: string, hook: object) => ({ send: { contract, amount, msg: toBase64(toUtf8(JSON.stringify(hook))) } });
