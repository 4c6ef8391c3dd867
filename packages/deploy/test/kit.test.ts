import { fromBase64, toUtf8 } from "@cosmjs/encoding";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { predictAddress } from "../src/address.js";
import { type ChainConfig, loadConfig } from "../src/config.js";
import { KitError } from "../src/errors.js";
import { checkCodes, instantiateProposal, paramsProposal, stakeProposal, storeProposals, sudoGroupProposal, verifyDeployment } from "../src/kit.js";
import { T } from "../src/messages.js";
import { makePlan, type Plan } from "../src/plan.js";
import { Schemas } from "../src/schemas.js";
import { artifactsDir, SMALL_ARTIFACTS, CONFIG_DIR, FakeChain, GOV, SCHEMA } from "./helpers.js";

const schemas = new Schemas(SCHEMA);
const cedentConfig = () => loadConfig(join(CONFIG_DIR, "insurance-1.json"));
const planOf = (config: ChainConfig = cedentConfig()) => makePlan(config, artifactsDir(SMALL_ARTIFACTS));

/** A chain on which the store proposals have passed. */
function storedChain(plan: Plan): { chain: FakeChain; codeIds: Record<string, number> } {
  const chain = new FakeChain(plan.config.chain_id);
  const { codeIds } = storeProposals(plan, 1);
  for (const a of plan.artifacts) expect(chain.store(a.checksum)).toBe(codeIds[a.file]);
  return { chain, codeIds };
}

/** Executes an instantiate proposal on the fake chain (contracts appear where the messages say). */
function execute(chain: FakeChain, messages: any[]): void {
  for (const m of messages) {
    if (m["@type"] === T.pinCodes) chain.pinned.push(...m.code_ids.map(Number));
    if (m["@type"] === T.instantiate2) {
      const code = chain.codes.get(Number(m.code_id))!;
      const address = predictAddress(code.checksum, m.sender, fromBase64(m.salt), "wasm");
      chain.contracts.set(address, { address, codeId: Number(m.code_id), creator: m.sender, admin: m.admin, label: m.label });
    }
  }
}

function refusal(f: () => unknown): KitError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KitError);
    return e as KitError;
  }
  throw new Error("no refusal");
}
async function asyncRefusal(f: () => Promise<unknown>): Promise<KitError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(KitError);
    return e as KitError;
  }
  throw new Error("no refusal");
}

describe("plan", () => {
  it("predicts every address from the checksum, the gov module and the contract's salt", () => {
    const plan = planOf();
    expect(plan.governance).toBe(GOV);
    for (const c of plan.contracts) {
      expect(c.address).toBe(predictAddress(c.checksum, GOV, toUtf8(`insurance-v1/${c.name}`), "wasm"));
    }
    expect(new Set(plan.contracts.map((c) => c.address)).size).toBe(6);
  });

  it("refuses a governance address that is not the gov module's", () => {
    const config = cedentConfig();
    config.governance = "wasm1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq".slice(0, 43);
    expect(() => planOf(config)).toThrow(KitError);
  });
});

describe("store proposals", () => {
  it("store every artifact from the gov module, with the permissions a mainnet sets", () => {
    const plan = planOf();
    const vault = plan.contracts.find((c) => c.name === "tranche_vault")!.address;
    const { proposals } = storeProposals(plan, 1);
    const msgs = proposals.flatMap((p) => p.file.messages) as any[];
    expect(msgs.map((m) => m["@type"])).toEqual(Array(7).fill(T.storeCode));
    expect(msgs.every((m) => m.sender === GOV)).toBe(true);
    // Only governance instantiates the protocol's code; cw20-base also the vault (its tranche tokens).
    expect(msgs[0].instantiate_permission).toEqual({ permission: "AnyOfAddresses", addresses: [GOV] });
    expect(msgs[4].instantiate_permission).toEqual({ permission: "AnyOfAddresses", addresses: [GOV, vault] });
    const p = proposals[0];
    expect(p.file.deposit).toBe("10000000stake");
    expect(p.readable).toContain("expected code id **1**");
    expect(p.readable).toContain(plan.artifacts[0].checksum);
  });

  it("refuses a missing permission and an empty allow list", () => {
    const a = cedentConfig();
    a.store.instantiate_permission = {};
    expect(refusal(() => storeProposals(planOf(a), 1)).message).toMatch(/no instantiate permission for risk_pool.wasm/);
    const b = cedentConfig();
    b.store.instantiate_permission.default = { permission: "AnyOfAddresses", addresses: [] };
    expect(refusal(() => storeProposals(planOf(b), 1)).message).toMatch(/AnyOfAddresses with no address/);
  });

  it("refuses a bad first code id", () => {
    expect(refusal(() => storeProposals(planOf(), 0)).fix).toMatch(/--first-code-id/);
  });
});

describe("instantiate proposal", () => {
  let plan: Plan;
  beforeEach(() => {
    plan = planOf();
  });

  it("pins, instantiates every contract at its predicted address with governance as admin, then wires", async () => {
    const { chain, codeIds } = storedChain(plan);
    const p = await instantiateProposal(plan, schemas, chain, codeIds);
    const msgs = p.file.messages as any[];
    expect(msgs.map((m) => m["@type"])).toEqual([T.pinCodes, ...Array(6).fill(T.instantiate2), ...Array(4).fill(T.sudo)]);
    expect(msgs[0]).toEqual({ "@type": T.pinCodes, authority: GOV, code_ids: ["1", "2", "3", "4", "5", "6", "7"] });
    const addr = Object.fromEntries(plan.contracts.map((c) => [c.name, c.address]));
    for (const m of msgs.slice(1, 7)) {
      expect(m.sender).toBe(GOV);
      expect(m.admin).toBe(GOV);
      expect(m.fix_msg).toBe(false);
    }
    expect(msgs[2].msg).toMatchObject({ risk_pool: addr.risk_pool, claims_court: addr.claims_court, governance: GOV });
    expect(msgs[3].msg).toMatchObject({ risk_pool: addr.risk_pool, cover_nft: addr.cover_nft });
    expect(msgs[4].msg.cw20_code_id).toBe(5);
    expect(msgs[4].code_id).toBe("4");
    expect(msgs[6].msg).toMatchObject({ governance: GOV, feeders: [expect.stringMatching(/^wasm1/)] });
    expect(msgs[7]).toEqual({
      "@type": T.sudo,
      authority: GOV,
      contract: addr.risk_pool,
      msg: { set_companions: { cover_nft: addr.cover_nft, claims_court: addr.claims_court, tranche_vault: addr.tranche_vault, reinsurance_bridge: addr.reinsurance_bridge } },
    });
    expect(msgs[8].msg.add_product.product.id).toBe(1);
    expect(msgs[9].msg.add_product.product.claim_method).toBe("parametric");
    // The depeg product's trigger reads the oracle instantiated in the same proposal.
    expect(msgs[10].msg.set_terms.terms.trigger.oracle).toBe(addr.price_oracle);
    for (const c of plan.contracts) {
      expect(p.readable).toContain(c.address);
      expect(p.file.summary).toContain(c.address);
    }
    expect(p.file.summary).toContain('add_product 2 "Stablecoin depeg cover" (parametric)');
    expect(p.readable).toContain('The group "treaty" goes in its own proposal');
    // Executed, it leaves every contract where the plan said.
    execute(chain, msgs);
    expect((await verifyDeployment(plan, chain)).every((r) => r.ok)).toBe(true);
  });

  it("refuses when the expected code ids are not on the chain yet", async () => {
    const { codeIds } = storeProposals(plan, 1);
    const e = await asyncRefusal(() => instantiateProposal(plan, schemas, new FakeChain(), codeIds));
    expect(e.message).toMatch(/code 1 \(risk_pool.wasm\) is not on insurance-1 \(last code id 0\)/);
    expect(e.fix).toMatch(/wait until the store proposals have passed/);
  });

  it("refuses when another code took an expected id, and says how to point at the right one", async () => {
    const chain = new FakeChain();
    chain.store("ff".repeat(32)); // someone else's code got id 1
    for (const a of plan.artifacts) chain.store(a.checksum);
    const { codeIds } = storeProposals(plan, 1);
    const e = await asyncRefusal(() => instantiateProposal(plan, schemas, chain, codeIds));
    expect(e.message).toContain(`code 1 holds sha256 ${"ff".repeat(32)}, not risk_pool.wasm`);
    expect(e.message).toMatch(/code 2 holds sha256 [0-9a-f]{64}, not cover_nft.wasm/);
    expect(e.fix).toMatch(/--code-id FILE=N/);
    // With the ids the chain really gave, it goes through.
    const shifted = Object.fromEntries(Object.entries(codeIds).map(([f, id]) => [f, id + 1]));
    await expect(instantiateProposal(plan, schemas, chain, shifted)).resolves.toBeTruthy();
  });

  it("refuses without expected code ids", async () => {
    const { chain } = storedChain(plan);
    const e = await asyncRefusal(() => instantiateProposal(plan, schemas, chain, {}));
    expect(e.message).toMatch(/risk_pool.wasm: no expected code id/);
  });

  it("refuses the wrong chain", async () => {
    const { codeIds } = storedChain(plan);
    const e = await asyncRefusal(() => instantiateProposal(plan, schemas, new FakeChain("partner-1"), codeIds));
    expect(e.message).toMatch(/serves chain partner-1, the parameter file is for insurance-1/);
  });

  it("refuses when a predicted address already holds a contract", async () => {
    const { chain, codeIds } = storedChain(plan);
    const pool = plan.contracts[0].address;
    chain.contracts.set(pool, { address: pool, codeId: 1, creator: GOV, admin: GOV, label: "x" });
    const e = await asyncRefusal(() => instantiateProposal(plan, schemas, chain, codeIds));
    expect(e.message).toContain(`risk_pool: ${pool} already holds a contract`);
    expect(e.fix).toMatch(/another "salt"/);
  });

  it("refuses an instantiate message the contract's schema rejects, naming the field", async () => {
    const config = cedentConfig();
    delete (config.contracts[2].msg as any).params.quorum;
    (config.contracts[0].msg as any).params.colour = "blue";
    const p = planOf(config);
    const { chain, codeIds } = storedChain(p);
    const e = await asyncRefusal(() => instantiateProposal(p, schemas, chain, codeIds));
    expect(e.message).toMatch(/contracts\[0\] \(risk_pool\): not a valid instantiate message of risk-pool/);
    expect(e.message).toMatch(/msg\/params: unknown field "colour"/);
    delete (config.contracts[0].msg as any).params.colour;
    const e2 = await asyncRefusal(() => instantiateProposal(planOf(config), schemas, chain, codeIds));
    expect(e2.message).toMatch(/contracts\[2\] \(claims_court\).*\n.*msg\/params: missing "quorum"/);
  });

  it("refuses a wiring message the schema rejects", async () => {
    const config = cedentConfig();
    (config.sudo.products[0].msg as any).add_product.product.claim_method = "vibes";
    const p = planOf(config);
    const { chain, codeIds } = storedChain(p);
    const e = await asyncRefusal(() => instantiateProposal(p, schemas, chain, codeIds));
    expect(e.message).toMatch(/sudo.products\[0\] \(risk_pool\): not a valid sudo message of risk-pool/);
  });
});

describe("partner chain", () => {
  it("stores and instantiates the reinsurer's bridge, without a pool", async () => {
    const config = loadConfig(join(CONFIG_DIR, "partner-1.json"));
    const plan = makePlan(config, artifactsDir(SMALL_ARTIFACTS));
    const { chain, codeIds } = storedChain(plan);
    const p = await instantiateProposal(plan, schemas, chain, codeIds);
    const msgs = p.file.messages as any[];
    expect(msgs.map((m) => m["@type"])).toEqual([T.pinCodes, T.instantiate2]);
    expect(msgs[1].msg.risk_pool).toBeNull();
  });
});

describe("treaty (a sudo group)", () => {
  const vars = { bridge_channel: "channel-1", transfer_channel: "channel-0" };

  it("registers the treaty on the channels given", async () => {
    const plan = planOf();
    const p = await sudoGroupProposal(plan, schemas, "treaty", vars);
    const m = p.file.messages[0] as any;
    expect(m["@type"]).toBe(T.sudo);
    expect(m.contract).toBe(plan.contracts.find((c) => c.name === "reinsurance_bridge")!.address);
    expect(m.msg.register_treaty).toMatchObject({ channel_id: "channel-1", transfer_channel: "channel-0", role: "cedent" });
    expect(p.file.summary).toContain("register_treaty 1 as cedent on channel-1 (ICS-20 channel-0)");
  });

  it("refuses without the channel, naming the option", async () => {
    const e = await asyncRefusal(() => sudoGroupProposal(planOf(), schemas, "treaty", {}));
    expect(e.message).toMatch(/\$\{var:bridge_channel\} has no value/);
    expect(e.fix).toBe("pass --var bridge_channel=<value>");
  });

  it("refuses an unknown group", async () => {
    const e = await asyncRefusal(() => sudoGroupProposal(planOf(), schemas, "nope", vars));
    expect(e.fix).toMatch(/wiring, products, triggers, treaty/);
  });

  it("refuses, when it can see the chain, contracts that are not deployed", async () => {
    const plan = planOf();
    const { chain } = storedChain(plan);
    const e = await asyncRefusal(() => sudoGroupProposal(plan, schemas, "treaty", vars, chain));
    expect(e.message).toMatch(/reinsurance_bridge is not at wasm1/);
  });
});

describe("community pool stake", () => {
  it("spends from the community pool to the gov module, which deposits in the same proposal", async () => {
    const plan = planOf();
    const { chain, codeIds } = storedChain(plan);
    execute(chain, (await instantiateProposal(plan, schemas, chain, codeIds)).file.messages);
    chain.pool = [{ denom: "uusdc", amount: "500000000000" }];
    const p = await stakeProposal(plan, schemas, undefined, chain);
    const [spend, deposit] = p.file.messages as any[];
    expect(spend).toEqual({ "@type": T.poolSpend, authority: GOV, recipient: GOV, amount: [{ denom: "uusdc", amount: "100000000000" }] });
    expect(deposit).toEqual({
      "@type": T.execute,
      sender: GOV,
      contract: plan.contracts[0].address,
      msg: { deposit: {} },
      funds: [{ denom: "uusdc", amount: "100000000000" }],
    });
    expect(p.readable).toMatch(/only a later proposal|each take a proposal/);
  });

  it("refuses more than the community pool holds", async () => {
    const plan = planOf();
    const { chain, codeIds } = storedChain(plan);
    execute(chain, (await instantiateProposal(plan, schemas, chain, codeIds)).file.messages);
    chain.pool = [{ denom: "uusdc", amount: "5" }];
    const e = await asyncRefusal(() => stakeProposal(plan, schemas, "6uusdc", chain));
    expect(e.message).toBe("the community pool holds 5uusdc, less than 6uusdc\n  fix: stake less, or fund the community pool first");
  });

  it("refuses another denom, no amount, and a pool that is not deployed", async () => {
    expect((await asyncRefusal(() => stakeProposal(planOf(), schemas, "100stake"))).message).toMatch(/the stake is in stake, the pool takes uusdc/);
    const config = cedentConfig();
    delete config.stake!.amount;
    expect((await asyncRefusal(() => stakeProposal(planOf(config), schemas))).fix).toMatch(/--amount/);
    expect((await asyncRefusal(() => stakeProposal(planOf(), schemas, "0uusdc"))).message).toMatch(/not a positive amount/);
    const plan = planOf();
    const { chain } = storedChain(plan);
    expect((await asyncRefusal(() => stakeProposal(plan, schemas, undefined, chain))).fix).toMatch(/instantiate proposal first/);
  });
});

describe("parameter change", () => {
  it("without a change is the template: the deployed parameters in update_params", async () => {
    const plan = planOf();
    const p = await paramsProposal(plan, schemas, "risk_pool", []);
    const m = p.file.messages[0] as any;
    expect(m["@type"]).toBe(T.sudo);
    expect(m.msg.update_params.params).toEqual((cedentConfig().contracts[0].msg as any).params);
    expect(p.file.summary).toContain("no change (template)");
  });

  it("applies --set to strings and numbers alike and lists the changes", async () => {
    const p = await paramsProposal(planOf(), schemas, "claims_court", ["quorum=0.4", "voting_period=172800"]);
    const params = (p.file.messages[0] as any).msg.update_params.params;
    expect(params.quorum).toBe("0.4");
    expect(params.voting_period).toBe(172800);
    expect(p.file.title).toBe("Insurance protocol: claims_court parameters");
    expect(p.file.summary).toContain('quorum: "0.3" → "0.4"');
    const nested = await paramsProposal(planOf(), schemas, "risk_pool", ["pricing.surge_rate=0.2"]);
    expect((nested.file.messages[0] as any).msg.update_params.params.pricing.surge_rate).toBe("0.2");
  });

  it("refuses an unknown field, a value of the wrong type, and a contract without params", async () => {
    expect((await asyncRefusal(() => paramsProposal(planOf(), schemas, "risk_pool", ["nope=1"]))).message).toMatch(/no field "nope"/);
    expect((await asyncRefusal(() => paramsProposal(planOf(), schemas, "risk_pool", ["unbonding_period=-5"]))).message).toMatch(
      /msg\/update_params\/params\/unbonding_period: must be >= 0/,
    );
    expect((await asyncRefusal(() => paramsProposal(planOf(), schemas, "risk_pool", ["unbonding_period=soon"]))).message).toMatch(/is not JSON/);
    expect((await asyncRefusal(() => paramsProposal(planOf(), schemas, "cover_nft", []))).message).toMatch(/has no "params"/);
    expect((await asyncRefusal(() => paramsProposal(planOf(), schemas, "oracle", []))).message).toMatch(/no contract named "oracle"/);
  });
});

describe("verification after the votes", () => {
  it("reports a contract with another admin or an unpinned code", async () => {
    const plan = planOf();
    const { chain, codeIds } = storedChain(plan);
    execute(chain, (await instantiateProposal(plan, schemas, chain, codeIds)).file.messages);
    const pool = chain.contracts.get(plan.contracts[0].address)!;
    pool.admin = "wasm1someoneelse";
    chain.pinned = chain.pinned.filter((id) => id !== 2);
    const results = await verifyDeployment(plan, chain);
    expect(results.filter((r) => !r.ok).map((r) => r.name)).toEqual(["risk_pool", "cover_nft"]);
    expect(results[0].detail).toContain("admin wasm1someoneelse");
    expect(results[1].detail).toContain("code 2 not pinned");
  });

  it("checks the codes alone", async () => {
    const plan = planOf();
    const { chain, codeIds } = storedChain(plan);
    await expect(checkCodes(plan, chain, codeIds)).resolves.toBeUndefined();
  });
});
