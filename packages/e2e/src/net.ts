// The local network as the suite sees it: endpoints (network.json from `scripts/localnet.sh up`),
// the fixed test accounts (packages/localnet/accounts.json), signing clients per account, the
// deployment (deployment.json from `scripts/deploy.sh localnet`), and the shell scripts.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CosmWasmClient, SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice } from "@cosmjs/stargate";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CEDENT = "insurance-1";
export const PARTNER = "partner-1";
export type ChainId = typeof CEDENT | typeof PARTNER;

const exec = promisify(execFile);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SuiteError extends Error {}
export function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new SuiteError(what);
}
export function equal<T>(actual: T, expected: T, what: string): void {
  const a = typeof actual === "bigint" ? actual.toString() : JSON.stringify(actual);
  const e = typeof expected === "bigint" ? expected.toString() : JSON.stringify(expected);
  if (a !== e) throw new SuiteError(`${what}: expected ${e}, got ${a}`);
}

export const localnetSh = process.env.LOCALNET_SH ?? join(ROOT, "scripts", "localnet.sh");

/** Runs a script; its output is returned (stdout) or shown (inherit). */
export async function sh(script: string, args: string[], opts: { inherit?: boolean } = {}): Promise<string> {
  if (opts.inherit) {
    await new Promise<void>((ok, fail) => {
      const p = spawn("bash", [script, ...args], { stdio: "inherit" });
      p.on("exit", (code) => (code === 0 ? ok() : fail(new SuiteError(`${script} ${args.join(" ")} exited ${code}`))));
    });
    return "";
  }
  try {
    const { stdout } = await exec("bash", [script, ...args], { maxBuffer: 64 << 20 });
    return stdout;
  } catch (e: any) {
    throw new SuiteError(`${script} ${args.join(" ")} failed: ${String(e.stderr || e.message).trim().slice(-800)}`);
  }
}

export interface ChainInfo {
  chain_id: string;
  rpc: string;
  rest: string;
  gov_module: string;
  gas_price: string;
}
export interface Network {
  chains: Record<ChainId, ChainInfo>;
  transfer: { connection: string } & Record<ChainId, string>;
  accounts_file: string;
}
export interface Deployment {
  governance: Record<ChainId, string>;
  contracts: Record<ChainId, Record<string, string>>;
  bridge_channel: Record<ChainId, string | null>;
  transfer_channel: Record<ChainId, string> | null;
  proposals: Record<ChainId, number[]>;
}

export async function loadNetwork(): Promise<{ state: string; network: Network }> {
  const state = (await sh(localnetSh, ["env"])).match(/^LOCALNET_STATE=(.*)$/m)?.[1];
  const file = join(state ?? "", "network.json");
  if (!state || !existsSync(file)) throw new SuiteError(`no ${file}: start the network with scripts/localnet.sh up`);
  return { state, network: JSON.parse(readFileSync(file, "utf8")) };
}

/** The accounts of one chain: users (the same on both chains) and the chain's own (validator, relayer). */
export function mnemonics(accountsFile: string, chain: ChainId): Record<string, string> {
  const a = JSON.parse(readFileSync(accountsFile, "utf8"));
  const out: Record<string, string> = {};
  for (const u of a.users) out[u.name] = u.mnemonic;
  for (const [name, v] of Object.entries<any>(a.chains?.[chain] ?? {})) out[name] = v.mnemonic;
  return out;
}

export interface Actor {
  name: string;
  address: string;
  client: SigningCosmWasmClient;
}

export class Chain {
  readonly actors: Record<string, Actor> = {};
  private constructor(
    readonly id: ChainId,
    readonly info: ChainInfo,
    readonly query: CosmWasmClient,
  ) {}

  static async connect(id: ChainId, info: ChainInfo, accounts: Record<string, string>, names: string[]): Promise<Chain> {
    const chain = new Chain(id, info, await CosmWasmClient.connect(info.rpc));
    for (const name of names) {
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(accounts[name], { prefix: "wasm" });
      const [account] = await wallet.getAccounts();
      const client = await SigningCosmWasmClient.connectWithSigner(info.rpc, wallet, {
        gasPrice: GasPrice.fromString(info.gas_price),
      });
      chain.actors[name] = { name, address: account.address, client };
    }
    return chain;
  }

  actor(name: string): Actor {
    const a = this.actors[name];
    check(a, `${this.id}: no actor ${name}`);
    return a;
  }

  async balance(address: string, denom: string): Promise<bigint> {
    return BigInt((await this.query.getBalance(address, denom)).amount);
  }

  async rest<T = any>(path: string): Promise<T> {
    const res = await fetch(`${this.info.rest}${path}`);
    if (!res.ok) throw new SuiteError(`${this.id}: GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async supply(denom: string): Promise<bigint> {
    const r = await this.rest(`/cosmos/bank/v1beta1/supply/by_denom?denom=${encodeURIComponent(denom)}`);
    return BigInt(r.amount?.amount ?? "0");
  }

  /** The latest block's time, in seconds (what the contracts see as `env.block.time`, give or take a block). */
  async time(): Promise<number> {
    const block = await this.query.getBlock();
    return Math.floor(new Date(block.header.time).getTime() / 1000);
  }

  /** The latest block's time in nanoseconds (a cosmwasm `Timestamp`). */
  async timeNanos(): Promise<string> {
    const block = await this.query.getBlock();
    return (BigInt(new Date(block.header.time).getTime()) * 1_000_000n).toString();
  }

  /** Waits until a block at or after `seconds` (chain time). */
  async waitUntil(seconds: number, what: string, limitMs = 180_000): Promise<void> {
    const start = Date.now();
    while ((await this.time()) < seconds) {
      if (Date.now() - start > limitMs) throw new SuiteError(`${this.id}: chain time did not reach ${what} within ${limitMs / 1000} s`);
      await sleep(1000);
    }
  }
}

/** Polls `probe` until it returns a value (not undefined). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 120_000, everyMs = 1500): Promise<T> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > limitMs) {
      throw new SuiteError(`${what}: not seen within ${limitMs / 1000} s${last ? ` (last error: ${String((last as Error).message ?? last).slice(0, 300)})` : ""}`);
    }
    await sleep(everyMs);
  }
}

/** The ICS-20 voucher of `denom` received over `channel` (port transfer). */
export const voucher = (channel: string, denom: string): string =>
  `ibc/${createHash("sha256").update(`transfer/${channel}/${denom}`).digest("hex").toUpperCase()}`;

/** Events of a transaction: the value of the first attribute `key` in events of `type`, optionally where `where` holds. */
export function attr(
  events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[],
  type: string,
  key: string,
  where?: (e: { type: string; attributes: readonly { key: string; value: string }[] }) => boolean,
): string | undefined {
  for (const e of events) {
    if (e.type !== type || (where && !where(e))) continue;
    const a = e.attributes.find((x) => x.key === key);
    if (a) return a.value;
  }
  return undefined;
}
export const hasAttr = (e: { attributes: readonly { key: string; value: string }[] }, key: string, value: string) =>
  e.attributes.some((a) => a.key === key && a.value === value);
