// The tests' own view of the chain (CosmJS in Node), to check what the page did.
import { CosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { config, REPO } from "./env";
import { ACCOUNTS } from "./keplr";

let client: Promise<CosmWasmClient> | undefined;
export const chain = (): Promise<CosmWasmClient> => (client ??= CosmWasmClient.connect(config().chain.rpc));
/** After the node restarted: a fresh connection. */
export const reconnect = () => (client = undefined);

export const addr = (name: string): string => ACCOUNTS[name].address;
export const contracts = () => config().contracts;

export async function balance(name: string, denom = "uusdc"): Promise<bigint> {
  return BigInt((await (await chain()).getBalance(addr(name), denom)).amount);
}
export async function query<T = any>(contract: string, msg: object): Promise<T> {
  return (await chain()).queryContractSmart(contract, msg) as Promise<T>;
}
export const pool = <T = any>(msg: object) => query<T>(contracts().riskPool, msg);
export const court = <T = any>(msg: object) => query<T>(contracts().claimsCourt, msg);
export const nft = <T = any>(msg: object) => query<T>(contracts().coverNft, msg);
export const vault = <T = any>(msg: object) => query<T>(contracts().trancheVault, msg);

/** scripts/localnet.sh with the test run's environment (port offset, state dir). */
export function localnet(...args: string[]): string {
  return execFileSync("bash", [join(REPO, "scripts/localnet.sh"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 180_000 });
}

export const usdc = (n: number | string): bigint => BigInt(Math.round(Number(n) * 1e6));
