// The part of Keplr's injected API (window.keplr) the app uses, and the chain info it suggests.
import type { OfflineAminoSigner } from "@cosmjs/amino";
import type { OfflineDirectSigner } from "@cosmjs/proto-signing";
import { feeDenom, type AppConfig } from "../config";
import type { Currency } from "../lib/format";

export interface KeplrKey {
  name: string;
  bech32Address: string;
  isNanoLedger?: boolean;
}

export interface KeplrChainInfo {
  chainId: string;
  chainName: string;
  rpc: string;
  rest: string;
  bip44: { coinType: number };
  bech32Config: Record<"bech32PrefixAccAddr" | "bech32PrefixAccPub" | "bech32PrefixValAddr" | "bech32PrefixValPub" | "bech32PrefixConsAddr" | "bech32PrefixConsPub", string>;
  currencies: KeplrCurrency[];
  feeCurrencies: (KeplrCurrency & { gasPriceStep: { low: number; average: number; high: number } })[];
  stakeCurrency: KeplrCurrency;
  features: string[];
}
interface KeplrCurrency {
  coinDenom: string;
  coinMinimalDenom: string;
  coinDecimals: number;
}

export interface Keplr {
  experimentalSuggestChain(info: KeplrChainInfo): Promise<void>;
  enable(chainId: string): Promise<void>;
  getKey(chainId: string): Promise<KeplrKey>;
  getOfflineSigner(chainId: string): OfflineDirectSigner | OfflineAminoSigner;
  getOfflineSignerAuto?(chainId: string): Promise<OfflineDirectSigner | OfflineAminoSigner>;
}

declare global {
  interface Window {
    keplr?: Keplr;
  }
}

export const getKeplr = (): Keplr | undefined => (typeof window === "undefined" ? undefined : window.keplr);

/** The chain as Keplr learns it: endpoints, address prefixes, currencies, the fee token and its gas price. */
export function chainInfo(config: AppConfig, currencies: Currency[]): KeplrChainInfo {
  const p = config.chain.bech32Prefix;
  const toKeplr = (c: Currency): KeplrCurrency => ({ coinDenom: c.symbol, coinMinimalDenom: c.denom, coinDecimals: c.decimals });
  const feeDenomName = feeDenom(config);
  const fee = currencies.find((c) => c.denom === feeDenomName) ?? { denom: feeDenomName, symbol: feeDenomName.toUpperCase(), decimals: 0 };
  const price = Number(config.chain.gasPrice.replace(/[^\d.].*$/, ""));
  return {
    chainId: config.chain.chainId,
    chainName: config.chain.chainName,
    rpc: config.chain.rpc,
    rest: config.chain.rest,
    bip44: { coinType: 118 },
    bech32Config: {
      bech32PrefixAccAddr: p,
      bech32PrefixAccPub: `${p}pub`,
      bech32PrefixValAddr: `${p}valoper`,
      bech32PrefixValPub: `${p}valoperpub`,
      bech32PrefixConsAddr: `${p}valcons`,
      bech32PrefixConsPub: `${p}valconspub`,
    },
    currencies: currencies.map(toKeplr),
    feeCurrencies: [{ ...toKeplr(fee), gasPriceStep: { low: price, average: price * 1.2, high: price * 2 } }],
    stakeCurrency: toKeplr(fee),
    features: ["cosmwasm"],
  };
}
