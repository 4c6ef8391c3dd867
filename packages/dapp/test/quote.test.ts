import type { PoolStateResponse, ProductResponse } from "@insurance/client/contracts/RiskPool.types";
import { describe, expect, it } from "vitest";
import { annualRate, checkPurchase, currentRate, durationSeconds, maxPremium, productUtilisation, rateCurve } from "../src/lib/quote";

const pricing = { min_annual_rate: "0.005", max_annual_rate: "0.25", surge_start: "0.8", surge_rate: "0.1" };

const product = (over: Partial<ProductResponse> = {}): ProductResponse => ({
  active_cover: "0",
  capacity: "20000000000",
  capacity_left: "20000000000",
  paused: false,
  product: { id: 1, name: "Exploit", base_annual_rate: "0.02", capacity_weight: "1", grace_period: 40, claim_method: "discretionary" },
  ...over,
});

describe("the rate curve (as contracts/risk-pool/src/pricing.rs)", () => {
  it("is the base rate up to the surge start, then grows linearly to base + surge at full use", () => {
    expect(annualRate(0.02, 0, pricing)).toBeCloseTo(0.02);
    expect(annualRate(0.02, 0.8, pricing)).toBeCloseTo(0.02);
    expect(annualRate(0.02, 0.9, pricing)).toBeCloseTo(0.07);
    expect(annualRate(0.02, 1, pricing)).toBeCloseTo(0.12);
    expect(annualRate(0.02, 1.5, pricing)).toBeCloseTo(0.12); // capped at full use
  });
  it("stays between the floor and the cap", () => {
    expect(annualRate(0.001, 0.1, pricing)).toBe(0.005);
    expect(annualRate(0.3, 0.1, pricing)).toBe(0.25);
  });
  it("prices a product on the busier of itself and the pool", () => {
    const p = product({ active_cover: "18000000000" }); // 90 % of its capacity
    const pool = { utilisation: "0.1" } as PoolStateResponse;
    expect(productUtilisation(p)).toBeCloseTo(0.9);
    expect(currentRate(p, pool, pricing)).toBeCloseTo(0.07);
    expect(currentRate(product(), { utilisation: "0.9" } as PoolStateResponse, pricing)).toBeCloseTo(0.07);
  });
  it("samples the curve for the chart", () => {
    const pts = rateCurve(0.02, pricing, 10);
    expect(pts).toHaveLength(11);
    expect(pts[0]).toEqual([0, 0.02]);
    expect(pts[10][1]).toBeCloseTo(0.12);
  });
});

describe("the purchase", () => {
  it("adds the slippage to the quote, rounding up", () => {
    expect(maxPremium(1000n, 1)).toBe(1010n);
    expect(maxPremium(999n, 0.5)).toBe(1004n); // 1003.995 -> 1004
    expect(maxPremium(1000n, 0)).toBe(1000n);
  });
  it("converts durations", () => {
    expect(durationSeconds("30", "days")).toBe(2592000);
    expect(durationSeconds("1.5", "hours")).toBe(5400);
    expect(durationSeconds("0", "days")).toBeNull();
    expect(durationSeconds("x", "minutes")).toBeNull();
  });
  const params = { min_cover_duration: 2419200, max_cover_duration: 31536000 };
  const fmt = (raw: bigint) => `${raw}`;
  const dur = (s: number) => `${s}s`;
  it("accepts a purchase within the rules", () => {
    const c = checkPurchase({ amount: "1000", duration: "30", unit: "days", slippage: "1" }, 6, params, product(), "USDC", fmt, dur);
    expect(c.problems).toEqual([]);
    expect(c.amount).toBe(1000000000n);
    expect(c.duration).toBe(2592000);
  });
  it("names each problem with its field", () => {
    const c = checkPurchase({ amount: "30000", duration: "7", unit: "days", slippage: "80" }, 6, params, product(), "USDC", fmt, dur);
    expect(c.problems.map((p) => p.field)).toEqual(["amount", "duration", "slippage"]);
    expect(c.problems[0].message).toBe("At most 20000000000 of cover is left on this product.");
    expect(c.problems[1].message).toBe("The duration must be between 2419200s and 31536000s.");
  });
  it("refuses a paused product", () => {
    const c = checkPurchase({ amount: "1", duration: "30", unit: "days", slippage: "1" }, 6, params, product({ paused: true }), "USDC", fmt, dur);
    expect(c.problems).toEqual([{ field: "product", message: "Exploit is paused: it sells no cover now." }]);
  });
});
