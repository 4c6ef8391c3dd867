// The deployment the app talks to: one JSON file served beside index.html (config.json), or the
// URL in the page's `?config=` parameter. See public/config.example.json and the README.
import type { Currency } from "./lib/format";

export interface AppConfig {
  chain: {
    chainId: string;
    chainName: string;
    rpc: string;
    rest: string;
    bech32Prefix: string;
    /** Gas price of the fee token, e.g. "0.025stake"; fees are simulated and priced with it. */
    gasPrice: string;
    /** Simulated gas is multiplied by this (CosmJS' "auto" is 1.4). */
    gasAdjustment: number;
    /** Display units used when the chain has no bank denom metadata for a denom. */
    currencies: Currency[];
    /** Optional link to a transaction: "{hash}" is replaced. */
    txExplorer?: string;
  };
  contracts: {
    riskPool: string;
    coverNft: string;
    claimsCourt: string;
    trancheVault?: string;
  };
  /** How often the app polls the chain, in milliseconds. */
  pollIntervalMs: number;
}

export class ConfigError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks a parsed config file; every problem is named by its path. */
export function parseConfig(raw: unknown): AppConfig {
  const problems: string[] = [];
  const str = (o: Record<string, unknown>, key: string, path: string, optional = false): string => {
    const v = o[key];
    if (typeof v === "string" && v.length > 0) return v;
    if (optional && v === undefined) return "";
    problems.push(`${path}.${key}: expected a non-empty string`);
    return "";
  };
  if (!isObj(raw)) throw new ConfigError("config: expected a JSON object");
  const chain = isObj(raw.chain) ? raw.chain : (problems.push("chain: expected an object"), {});
  const contracts = isObj(raw.contracts) ? raw.contracts : (problems.push("contracts: expected an object"), {});
  const currencies: Currency[] = [];
  if (chain.currencies !== undefined) {
    if (!Array.isArray(chain.currencies)) problems.push("chain.currencies: expected an array");
    else
      chain.currencies.forEach((c, i) => {
        if (!isObj(c) || typeof c.denom !== "string" || typeof c.symbol !== "string" || typeof c.decimals !== "number" || !Number.isInteger(c.decimals) || c.decimals < 0 || c.decimals > 18)
          problems.push(`chain.currencies[${i}]: expected {denom, symbol, decimals (0..18)}`);
        else currencies.push({ denom: c.denom, symbol: c.symbol, decimals: c.decimals });
      });
  }
  const gasPrice = str(chain, "gasPrice", "chain");
  if (gasPrice && !/^\d+(\.\d+)?[a-zA-Z][a-zA-Z0-9/:._-]{1,127}$/.test(gasPrice)) problems.push(`chain.gasPrice: "${gasPrice}" is not an amount and a denom, e.g. 0.025stake`);
  const gasAdjustment = chain.gasAdjustment ?? 1.4;
  if (typeof gasAdjustment !== "number" || gasAdjustment < 1) problems.push("chain.gasAdjustment: expected a number >= 1");
  const pollIntervalMs = raw.pollIntervalMs ?? 2000;
  if (typeof pollIntervalMs !== "number" || pollIntervalMs < 250) problems.push("pollIntervalMs: expected a number >= 250");
  const config: AppConfig = {
    chain: {
      chainId: str(chain, "chainId", "chain"),
      chainName: (typeof chain.chainName === "string" && chain.chainName) || String(chain.chainId ?? ""),
      rpc: str(chain, "rpc", "chain"),
      rest: str(chain, "rest", "chain"),
      bech32Prefix: str(chain, "bech32Prefix", "chain"),
      gasPrice,
      gasAdjustment: Number(gasAdjustment),
      currencies,
      txExplorer: typeof chain.txExplorer === "string" ? chain.txExplorer : undefined,
    },
    contracts: {
      riskPool: str(contracts, "riskPool", "contracts"),
      coverNft: str(contracts, "coverNft", "contracts"),
      claimsCourt: str(contracts, "claimsCourt", "contracts"),
      trancheVault: str(contracts, "trancheVault", "contracts", true) || undefined,
    },
    pollIntervalMs: Number(pollIntervalMs),
  };
  if (problems.length) throw new ConfigError(problems.join("; "));
  return config;
}

/** The config file's URL: `?config=` or config.json beside the page. */
export function configUrl(location: Location = window.location): string {
  return new URLSearchParams(location.search).get("config") ?? "config.json";
}

export async function loadConfig(): Promise<AppConfig> {
  const url = configUrl();
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store" });
  } catch {
    throw new ConfigError(`cannot fetch ${url}`);
  }
  if (!res.ok) throw new ConfigError(`${url}: HTTP ${res.status} (write it from public/config.example.json, or run scripts/dapp.sh serve)`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ConfigError(`${url} is not JSON`);
  }
  return parseConfig(json);
}

/** The fee token from the gas price ("0.025stake" -> "stake"). */
export const feeDenom = (config: AppConfig): string => config.chain.gasPrice.replace(/^[\d.]+/, "");
