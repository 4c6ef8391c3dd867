import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, UsageError } from "../src/cli.js";
import { KitError } from "../src/errors.js";
import { artifactsDir, CONFIG_DIR, FakeChain, SMALL_ARTIFACTS, tempDir } from "./helpers.js";

const cedent = join(CONFIG_DIR, "insurance-1.json");

async function cli(args: string[], chain?: FakeChain): Promise<string[]> {
  const lines: string[] = [];
  await run(args, { log: (l) => lines.push(l), chain: chain ? () => chain : undefined, source: "commit 0123456789ab" });
  return lines;
}

describe("the command", () => {
  it("writes the store proposals and plan.json, then the instantiate proposal against the chain", async () => {
    const out = tempDir("deploy-out-");
    const artifacts = artifactsDir(SMALL_ARTIFACTS);
    const base = ["--config", cedent, "--artifacts", artifacts, "--out", out];
    const stored = await cli(["proposals", "store", ...base, "--offline", "--first-code-id", "1"]);
    expect(stored.join("\n")).toMatch(/wrote .*store-1.json \(7 messages/);
    expect(existsSync(join(out, "store-1.md"))).toBe(true);
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8"));
    expect(plan.code_ids["cw20_base.wasm"]).toBe(5);
    const store = JSON.parse(readFileSync(join(out, "store-1.json"), "utf8"));
    expect(Object.keys(store)).toEqual(["messages", "metadata", "deposit", "title", "summary", "expedited"]);
    expect(store.summary).toContain("Artifacts built from commit 0123456789ab.");

    const chain = new FakeChain();
    for (const f of Object.keys(plan.checksums)) chain.store(plan.checksums[f]);
    const lines = await cli(["proposals", "instantiate", ...base], chain);
    expect(lines[0]).toMatch(/wrote .*instantiate.json \(11 messages/);
    const inst = JSON.parse(readFileSync(join(out, "instantiate.json"), "utf8"));
    expect(inst.messages[0].code_ids).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    for (const c of plan.contracts) expect(lines.join("\n")).toContain(c.address);

    await cli(["proposals", "sudo", "--group", "treaty", "--var", "bridge_channel=channel-1", "--var", "transfer_channel=channel-0", ...base, "--offline"]);
    await cli(["proposals", "stake", ...base, "--offline"]);
    await cli(["proposals", "params", "--contract", "risk_pool", "--set", "capacity_multiple=3", ...base, "--offline"]);
    for (const f of ["sudo-treaty", "stake", "params-risk_pool"]) expect(existsSync(join(out, `${f}.json`))).toBe(true);
  });

  it("refuses to instantiate artifacts other than those the store step wrote", async () => {
    const out = tempDir("deploy-out-");
    await cli(["proposals", "store", "--config", cedent, "--artifacts", artifactsDir(SMALL_ARTIFACTS), "--out", out, "--offline", "--first-code-id", "1"]);
    const other = artifactsDir({ ...SMALL_ARTIFACTS, "risk_pool.wasm": 4000 });
    await expect(cli(["proposals", "instantiate", "--config", cedent, "--artifacts", other, "--out", out], new FakeChain())).rejects.toThrow(
      /risk_pool.wasm changed since the store proposals were written/,
    );
  });

  it("refuses instantiate offline, store offline without the first code id, and missing options", async () => {
    const base = ["--config", cedent, "--artifacts", artifactsDir(SMALL_ARTIFACTS), "--out", tempDir("deploy-out-")];
    await expect(cli(["proposals", "instantiate", ...base, "--offline"])).rejects.toThrow(/--offline is not allowed/);
    await expect(cli(["proposals", "store", ...base, "--offline"])).rejects.toThrow(/pass --first-code-id N/);
    await expect(cli(["proposals", "sudo", ...base, "--offline"])).rejects.toThrow(/missing --group/);
    await expect(cli(["proposals", "params", ...base, "--offline"])).rejects.toThrow(/missing --contract/);
    await expect(cli(["proposals", "store"])).rejects.toThrow(KitError);
    await expect(cli(["proposals", "sudo", ...base, "--var", "novalue"])).rejects.toThrow(/--var "novalue" is not NAME=VALUE/);
    await expect(cli(["deploy", "everything", ...base])).rejects.toThrow(UsageError);
    await expect(cli([])).rejects.toThrow(UsageError);
  });

  it("prints the predicted addresses", async () => {
    const lines = await cli(["addresses", "--config", cedent, "--artifacts", artifactsDir(SMALL_ARTIFACTS)]);
    expect(lines[0]).toBe("insurance-1: governance wasm10d07y265gmmuvt4z0w9aw880jnsr700js7zslc");
    expect(lines.filter((l) => /^\s+\w+\s+wasm1[0-9a-z]{58}/.test(l))).toHaveLength(6);
  });
});
