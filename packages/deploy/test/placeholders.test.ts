import { describe, expect, it } from "vitest";
import { fill, type PlaceholderContext } from "../src/placeholders.js";

const ctx: PlaceholderContext = {
  governance: "wasm1gov",
  chainId: "insurance-1",
  contracts: { risk_pool: "wasm1pool" },
  codeIds: { "cw20_base.wasm": 7 },
  checksums: { risk_pool: "aa" },
  vars: { channel: "channel-3" },
};

describe("placeholders", () => {
  it("replaces a whole-string placeholder by its typed value and inner ones by text", () => {
    expect(
      fill(
        { a: "${governance}", b: ["${contract:risk_pool}"], id: "${code_id:cw20_base.wasm}", label: "pool on ${chain_id} via ${var:channel}", n: 3, z: null },
        ctx,
        "msg",
      ),
    ).toEqual({ a: "wasm1gov", b: ["wasm1pool"], id: 7, label: "pool on insurance-1 via channel-3", n: 3, z: null });
  });

  it("names the place and the fix of a value it does not have", () => {
    expect(() => fill({ x: { y: "${var:oracle}" } }, ctx, "sudo.triggers[0].msg")).toThrow(
      /sudo.triggers\[0\].msg.x.y: \$\{var:oracle\} has no value\n  fix: pass --var oracle=<value>/,
    );
    expect(() => fill("${contract:nope}", ctx, "m")).toThrow(/\$\{contract:nope\} has no value\n  fix: name a contract of "contracts": risk_pool/);
    expect(() => fill("${what}", ctx, "m")).toThrow(/unknown placeholder/);
  });

  it("refuses a code id before the code is stored", () => {
    expect(() => fill("${code_id:cw20_base.wasm}", { ...ctx, codeIds: undefined }, "store")).toThrow(/known only once the code is stored/);
  });
});
