import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { storeProposals } from "../src/kit.js";
import { makePlan } from "../src/plan.js";
import { DEFAULT_MAX_TX_BYTES, proposalTxBytes, txLimit } from "../src/size.js";
import { artifactsDir, CEDENT_ARTIFACTS, CONFIG_DIR } from "./helpers.js";

const cedent = () => loadConfig(join(CONFIG_DIR, "insurance-1.json"));

describe("transaction limits", () => {
  it("takes CometBFT's 1 MiB and the RPC body limit on the hex-encoded simulation", () => {
    expect(txLimit({ maxTxBytes: DEFAULT_MAX_TX_BYTES, rpcMaxBodyBytes: null })).toBe(1_048_576);
    // A 1,000,000-byte JSON-RPC body: `--gas auto` sends the transaction hex-encoded to abci_query.
    expect(txLimit({ maxTxBytes: DEFAULT_MAX_TX_BYTES, rpcMaxBodyBytes: 1_000_000 })).toBe(499_872);
    expect(txLimit({ maxTxBytes: 400_000, rpcMaxBodyBytes: 1_000_000 })).toBe(400_000);
  });

  it("splits artifacts of gzipped real sizes under the default limits", () => {
    const plan = makePlan(cedent(), artifactsDir(Object.fromEntries(Object.entries(CEDENT_ARTIFACTS).map(([f, n]) => [f, n / 3]))));
    const { proposals } = storeProposals(plan, 1);
    expect(proposals.map((p) => p.file.messages.length)).toEqual([2, 3, 2]);
    for (const p of proposals) expect(p.txBytes).toBeLessThanOrEqual(499_872);
  });
});

describe("splitting the store proposals", () => {
  it("packs the artifacts in order into proposals that each fit, with consecutive code ids", () => {
    const config = cedent();
    config.limits = { rpc_max_body_bytes: null };
    const plan = makePlan(config, artifactsDir(CEDENT_ARTIFACTS));
    const limit = txLimit(plan.limits);
    const { proposals, codeIds } = storeProposals(plan, 11);
    // Incompressible test artifacts: 480k | 640k | 610k | 470k + 260k | 660k + 260k under a 1 MiB limit.
    expect(proposals.map((p) => p.file.messages.length)).toEqual([1, 1, 1, 2, 2]);
    expect(proposals.map((p) => p.name)).toEqual(["store-1", "store-2", "store-3", "store-4", "store-5"]);
    for (const p of proposals) {
      expect(p.txBytes).toBeLessThanOrEqual(limit);
      expect(proposalTxBytes(p.file)).toBe(p.txBytes);
    }
    expect(Object.values(codeIds)).toEqual([11, 12, 13, 14, 15, 16, 17]);
    expect(Object.keys(codeIds)).toEqual(Object.keys(CEDENT_ARTIFACTS));
    expect(proposals[3].file.title).toBe("Store the insurance protocol's code (4 of 5)");
    expect(proposals[3].file.summary).toContain("store tranche_vault.wasm as code 14");
    expect(proposals[3].file.summary).toContain("store cw20_base.wasm as code 15");
  });

  it("puts everything in one proposal when the chain takes large transactions", () => {
    const config = cedent();
    config.limits = { max_tx_bytes: 8_000_000, rpc_max_body_bytes: null };
    const { proposals } = storeProposals(makePlan(config, artifactsDir(CEDENT_ARTIFACTS)), 1);
    expect(proposals).toHaveLength(1);
    expect(proposals[0].file.messages).toHaveLength(7);
    expect(proposals[0].file.title).toBe("Store the insurance protocol's code");
  });

  it("refuses an artifact that no transaction can carry, naming the limit to raise", () => {
    const config = cedent();
    config.limits = { max_tx_bytes: 400_000 };
    expect(() => storeProposals(makePlan(config, artifactsDir(CEDENT_ARTIFACTS)), 1)).toThrow(
      /risk_pool.wasm alone makes a \d+-byte proposal transaction, over the 400000-byte limit\n  fix: .*max_tx_bytes/,
    );
  });

  it("counts the bytes the wasm adds, exactly", () => {
    const config = cedent();
    config.limits = { rpc_max_body_bytes: null };
    const small = makePlan(config, artifactsDir({ ...CEDENT_ARTIFACTS, "risk_pool.wasm": 100_000 }));
    const large = makePlan(config, artifactsDir({ ...CEDENT_ARTIFACTS, "risk_pool.wasm": 100_100 }));
    const a = storeProposals(small, 1).proposals[0];
    const b = storeProposals(large, 1).proposals[0];
    // 100 more bytes of code, and a length prefix that may grow.
    expect(b.txBytes - a.txBytes).toBeGreaterThanOrEqual(100);
    expect(b.txBytes - a.txBytes).toBeLessThanOrEqual(110);
  });
});
