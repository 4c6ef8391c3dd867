import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfig, loadConfig } from "../src/config.js";
import { CONFIG_DIR } from "./helpers.js";

const example = () => structuredClone(loadConfig(join(CONFIG_DIR, "insurance-1.json")));

describe("parameter files", () => {
  it("loads both examples of the local network", () => {
    const cedent = loadConfig(join(CONFIG_DIR, "insurance-1.json"));
    expect(cedent.contracts.map((c) => c.name)).toEqual(["risk_pool", "cover_nft", "claims_court", "tranche_vault", "reinsurance_bridge", "price_oracle"]);
    expect(cedent.instantiate_sudo).toEqual(["wiring", "products", "triggers"]);
    const partner = loadConfig(join(CONFIG_DIR, "partner-1.json"));
    expect(partner.contracts.map((c) => c.name)).toEqual(["reinsurance_bridge"]);
  });

  it("refuses a missing file and bad JSON", () => {
    expect(() => loadConfig("/nonexistent.json")).toThrow(/no parameter file/);
  });

  it("names every missing parameter with its path", () => {
    const c = example() as any;
    delete c.deposit;
    delete c.store.instantiate_permission;
    delete c.contracts[1].label;
    expect(() => checkConfig(c, "x.json")).toThrow(/missing "deposit"/);
    expect(() => checkConfig(c, "x.json")).toThrow(/\/store: missing "instantiate_permission"/);
    expect(() => checkConfig(c, "x.json")).toThrow(/\/contracts\/1: missing "label"/);
  });

  it("refuses a malformed deposit, an unknown field and a bad permission", () => {
    const c = example() as any;
    c.deposit = "ten stake";
    c.colour = "blue";
    c.store.instantiate_permission.default.permission = "Anybody";
    const msg = (() => {
      try {
        checkConfig(c, "x.json");
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(msg).toMatch(/\/deposit: must match pattern/);
    expect(msg).toMatch(/unknown field "colour"/);
    expect(msg).toMatch(/\/store\/instantiate_permission\/default\/permission: must be one of \["Everybody","Nobody","AnyOfAddresses"\]/);
  });

  it("refuses a contract whose artifact is not stored", () => {
    const c = example();
    c.store.artifacts = c.store.artifacts.filter((a) => a !== "claims_court.wasm");
    expect(() => checkConfig(c, "x.json")).toThrow(/claims_court\) instantiates claims_court.wasm, which "store.artifacts" does not store/);
  });

  it("refuses a sudo message to an unknown contract, an unknown group and a duplicate name", () => {
    const a = example();
    a.sudo.wiring[0].contract = "oracle";
    expect(() => checkConfig(a, "x.json")).toThrow(/sudo.wiring\[0\]: no contract named "oracle"/);
    const b = example();
    b.instantiate_sudo.push("nope");
    expect(() => checkConfig(b, "x.json")).toThrow(/instantiate_sudo names the group "nope"/);
    const d = example();
    d.contracts[1].name = "risk_pool";
    expect(() => checkConfig(d, "x.json")).toThrow(/the name "risk_pool" is used twice/);
  });

  it("refuses a governance address of another chain", () => {
    const c = example();
    c.governance = "cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn";
    expect(() => checkConfig(c, "x.json")).toThrow(/prefix cosmos, the chain uses wasm/);
  });
});
