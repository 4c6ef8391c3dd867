import { describe, expect, it } from "vitest";
import { describeError, extractContractError } from "../src/lib/errors";

const ctx = {
  collateral: { denom: "uusdc", symbol: "USDC", decimals: 6 },
  assessor: { denom: "uinsr", symbol: "INSR", decimals: 6 },
  fee: { denom: "stake", symbol: "STAKE", decimals: 6 },
  nowSeconds: 1_700_000_000,
};

// What CosmJS throws when the simulation fails (the fee is simulated before signing).
const simulated = (contractError: string) =>
  new Error(
    `Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message index: 0: ${contractError}: execute wasm contract failed [CosmWasm/wasmd@v0.61.14/x/wasm/keeper/keeper.go:436] With gas wanted: '18446744073709551615' and gas used: '143212' : unknown request`,
  );
// What it throws when the transaction was broadcast and failed in the block.
const broadcast = (contractError: string) =>
  new Error(`Broadcasting transaction failed with code 5 (codespace: wasm). Log: failed to execute message; message index: 0: ${contractError}: execute wasm contract failed`);

describe("extractContractError", () => {
  it("takes the contract's text out of a simulation or broadcast failure", () => {
    expect(extractContractError(simulated("no rewards to claim").message)).toBe("no rewards to claim");
    expect(extractContractError(broadcast("claim 3 is already executed").message)).toBe("claim 3 is already executed");
    expect(extractContractError("something else")).toBe("something else");
  });
});

describe("describeError: a sentence per error a person can meet", () => {
  it("premium above the maximum (the price moved)", () => {
    const v = describeError(simulated("premium 12345678 is above the maximum 12000000"), ctx);
    expect(v.kind).toBe("premium_above_max");
    expect(v.sentence).toBe("The premium is now 12.345678 USDC, above your maximum of 12 USDC: the price moved. Check the new quote, and raise the slippage if you accept it.");
    expect(v.detail).toBe("premium 12345678 is above the maximum 12000000");
  });
  it("a withdrawal held by the minimum capital says why", () => {
    const v = describeError(broadcast("withdrawal would leave capital 9000000000 below the minimum 12500000000"), ctx);
    expect(v.kind).toBe("below_minimum_capital");
    expect(v.sentence).toContain("would leave the pool with 9,000 USDC, below the 12,500 USDC its active cover requires");
  });
  it("capacity, duration and claim rules in display units", () => {
    expect(describeError(simulated("not enough capacity for product 1: requested 5000000000, available 1000000"), ctx).sentence).toBe("Product 1 has only 1 USDC of cover left; you asked for 5,000 USDC.");
    expect(describeError(simulated("cover duration 60s is outside 2419200s..=31536000s"), ctx).sentence).toBe("The duration must be between 28 days and 365 days.");
    expect(describeError(simulated("deposit of 10 is below the required 50000"), ctx).sentence).toBe("The claim needs a deposit of at least 0.05 USDC; 0.00001 USDC was sent.");
    expect(describeError(simulated("wasm1abc is a party to claim 4 and cannot vote on it"), ctx).sentence).toBe("You are a party to claim 4: you cannot vote on it.");
    expect(describeError(simulated("wasm1abc has no voting weight: bond first"), ctx).sentence).toBe("You have no INSR bonded: bond as an assessor first.");
    expect(describeError(simulated("token 5 is locked by an open claim"), ctx).kind).toBe("locked");
  });
  it("times are shown as dates, relative to the chain's now", () => {
    const v = describeError(simulated("unbonding can be withdrawn from 1700000030.000000000"), ctx);
    expect(v.kind).toBe("unbonding_not_matured");
    expect(v.sentence).toMatch(/you can withdraw it from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(in 30 s\)\.$/);
  });
  it("wallet, funds and network failures", () => {
    expect(describeError(new Error("Request rejected"), ctx).kind).toBe("rejected");
    expect(describeError(simulated("spendable balance 10uusdc is smaller than 2000000uusdc: insufficient funds"), ctx).sentence).toBe("Your balance is too low: you have 0.00001 USDC, and this needs 2 USDC.");
    expect(describeError(new TypeError("Failed to fetch"), ctx).kind).toBe("network");
  });
  it("falls back to the chain's words for anything else", () => {
    const v = describeError(simulated("Invalid state transition"), ctx);
    expect(v.kind).toBe("unknown");
    expect(v.sentence).toBe("The transaction failed: invalid state transition.");
  });
});
