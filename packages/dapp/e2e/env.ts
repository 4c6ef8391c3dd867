// Where the browser tests find the local network and the app's config (scripts/dapp.sh sets these).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const STATE = process.env.LOCALNET_STATE ?? join(REPO, "target", "localnet");
export const APP_CONFIG = process.env.DAPP_CONFIG ?? join(REPO, "packages/dapp/dist/config.json");
export const SCREENSHOTS = process.env.DAPP_SCREENSHOTS ?? join(REPO, "target", "dapp-screenshots");

export interface AppConfigFile {
  chain: { chainId: string; rpc: string; rest: string; gasPrice: string };
  contracts: { riskPool: string; coverNft: string; claimsCourt: string; trancheVault: string };
}
export const config = (): AppConfigFile => JSON.parse(readFileSync(APP_CONFIG, "utf8"));
