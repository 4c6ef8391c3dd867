// Writes the app's config.json for the local network: endpoints from scripts/localnet.sh's
// network.json, contract addresses from the deployment kit's deployment.json.
//
//   node tools/app-config.mjs <network.json> <deployment.json> <out config.json>
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const [networkFile, deploymentFile, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node tools/app-config.mjs <network.json> <deployment.json> <out>");
  process.exit(2);
}
const network = JSON.parse(readFileSync(networkFile, "utf8"));
const deployment = JSON.parse(readFileSync(deploymentFile, "utf8"));
const chain = network.chains["insurance-1"];
const contracts = deployment.contracts["insurance-1"];
const config = {
  chain: {
    chainId: chain.chain_id,
    chainName: "Insurance local network",
    rpc: chain.rpc,
    rest: chain.rest,
    bech32Prefix: chain.bech32_prefix,
    gasPrice: chain.gas_price,
    gasAdjustment: 1.4,
    // Display units when the chain has no denom metadata (the local chains have it for their assets).
    currencies: [
      { denom: "uusdc", symbol: "USDC", decimals: 6 },
      { denom: "uinsr", symbol: "INSR", decimals: 6 },
      { denom: chain.fee_denom, symbol: chain.fee_denom.toUpperCase(), decimals: 6 },
    ],
  },
  contracts: {
    riskPool: contracts.risk_pool,
    coverNft: contracts.cover_nft,
    claimsCourt: contracts.claims_court,
    trancheVault: contracts.tranche_vault,
  },
  pollIntervalMs: 1000,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(config, null, 2) + "\n");
console.log(out);
