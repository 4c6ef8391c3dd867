import { fromHex, toHex } from "@cosmjs/encoding";
import { describe, expect, it } from "vitest";
import { checkAddress, contractSalt, govModuleAddress, moduleAddress, predictAddress } from "../src/address.js";
import { KitError } from "../src/errors.js";

describe("module addresses", () => {
  it("derives the gov module's address as every Cosmos SDK chain does", () => {
    // Known addresses: wasmd's and the Cosmos Hub's gov module accounts.
    expect(govModuleAddress("wasm")).toBe("wasm10d07y265gmmuvt4z0w9aw880jnsr700js7zslc");
    expect(govModuleAddress("cosmos")).toBe("cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn");
    expect(moduleAddress("cosmos", "distribution")).toBe("cosmos1jv65s3grqf6v6jl3dp4t6c9t9rk99cd88lyufl");
  });
});

describe("instantiate2 addresses", () => {
  // wasmd's vectors (x/wasm/keeper/addresses_test.go, as used by CosmJS's instantiate2 tests).
  const checksum = "13a1fc994cc6d1c81b746ee0c0ff6f90043875e0bf1d9be6b7d779fc978dc2a5";
  it.each([
    [checksum, "purple1nxvenxve42424242hwamhwamenxvenxvhxf2py", "61", "purple1t6r960j945lfv8mhl4mage2rg97w63xeynwrupum2s2l7em4lprs9ce5hk"],
    [
      checksum,
      "purple1nxvenxve42424242hwamhwamenxvenxvhxf2py",
      "aabbccddeeffffeeddbbccddaa66551155aaaabbcc787878789900aabbccddeeffffeeddbbccddaa66551155aaaabbcc787878789900aabbbbcc221100acadae",
      "purple1jwzvvfyvpwchrccxl476pxf7c83qawsqv3f2820q0zyrav6eg4jqdcq7gc",
    ],
    [checksum, "purple1nxvenxve42424242hwamhwamenxvenxvmhwamhwaamhwamhwlllsatsy6m", "61", "purple1juj7jn6j3k9h35euyhealntquc2zmzlxp2ek76jmtypkl4g4vrdsfwmwxk"],
    ["1da6c16de2cbaf7ad8cbb66f0925ba33f5c278cb2491762d04658c1480ea229b", "purple1nxvenxve42424242hwamhwamenxvenxvhxf2py", "61", "purple1h9wyvusc6sy2p7fsgmez0dhvullpsyel7vq38k6d9fa7ehlv59qsvnyh36"],
  ])("checksum %s, creator %s, salt %s", (sum, creator, salt, expected) => {
    expect(predictAddress(sum, creator, fromHex(salt), "purple")).toBe(expected);
  });

  it("depends on the salt, the creator and the code, never on the message", () => {
    const gov = govModuleAddress("wasm");
    const a = predictAddress(checksum, gov, contractSalt("insurance-v1", "risk_pool"), "wasm");
    expect(predictAddress(checksum, gov, contractSalt("insurance-v1", "risk_pool"), "wasm")).toBe(a);
    expect(predictAddress(checksum, gov, contractSalt("insurance-v2", "risk_pool"), "wasm")).not.toBe(a);
    expect(a).toMatch(/^wasm1[0-9a-z]{58}$/);
  });
});

describe("salts", () => {
  it("are <salt>/<name>", () => {
    expect(toHex(contractSalt("v1", "pool"))).toBe(toHex(new TextEncoder().encode("v1/pool")));
  });
  it("refuses a salt over wasmd's 64 bytes", () => {
    expect(() => contractSalt("x".repeat(60), "risk_pool")).toThrow(KitError);
    expect(() => contractSalt("x".repeat(60), "risk_pool")).toThrow(/shorten "salt"/);
  });
});

describe("address checks", () => {
  it("refuses another chain's prefix and garbage", () => {
    expect(() => checkAddress("cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn", "wasm", "x")).toThrow(/prefix cosmos/);
    expect(() => checkAddress("wasm1nope", "wasm", "x")).toThrow(/not a bech32 address/);
    expect(() => checkAddress("wasm10d07y265gmmuvt4z0w9aw880jnsr700js7zslc", "wasm", "x")).not.toThrow();
  });
});
