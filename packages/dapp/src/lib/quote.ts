// Pricing as the risk pool computes it (contracts/risk-pool/src/pricing.rs), for display: the
// current rate of each product and the rate curve. The premium itself always comes from the
// pool's `quote` query, which is exactly what `buy_cover` charges in the same block.
import type { PoolParams, PoolStateResponse, PricingParams, ProductResponse } from "@insurance/client/contracts/RiskPool.types";
import { parseAmount } from "./format";

export type { PoolParams, PricingParams };

/** `annual rate = clamp(base + surge, floor, cap)`; the surge grows linearly from 0 at `surge_start` to `surge_rate` at full use. */
export function annualRate(base: number, utilisation: number, pricing: PricingParams): number {
  const start = Number(pricing.surge_start);
  let surge = 0;
  if (utilisation > start && start < 1) {
    const over = Math.min(utilisation - start, 1 - start);
    surge = (Number(pricing.surge_rate) * over) / (1 - start);
  }
  return Math.min(Math.max(base + surge, Number(pricing.min_annual_rate)), Number(pricing.max_annual_rate));
}

const ratio = (n: string, d: string): number => (BigInt(d) === 0n ? 0 : Number((BigInt(n) * 1_000_000n) / BigInt(d)) / 1_000_000);

/** A product's utilisation: its active cover over its capacity (1 when it has none). */
export function productUtilisation(p: ProductResponse): number {
  return BigInt(p.capacity) === 0n ? (BigInt(p.active_cover) > 0n ? 1 : 0) : Math.min(1, ratio(p.active_cover, p.capacity));
}

/** The rate a product charges now: priced on the busier of the product and the pool. */
export function currentRate(p: ProductResponse, pool: PoolStateResponse, pricing: PricingParams): number {
  const busier = Math.max(productUtilisation(p), Math.min(1, Number(pool.utilisation)));
  return annualRate(Number(p.product.base_annual_rate), busier, pricing);
}

/** Points (utilisation, rate) of the curve, for the chart. */
export function rateCurve(base: number, pricing: PricingParams, steps = 50): Array<[number, number]> {
  return Array.from({ length: steps + 1 }, (_, i) => [i / steps, annualRate(base, i / steps, pricing)]);
}

export const DURATION_UNITS = { days: 86400, hours: 3600, minutes: 60 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

/** "30" days -> 2592000 s; null when it is not a positive number. */
export function durationSeconds(value: string, unit: DurationUnit): number | null {
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n <= 0) return null;
  return Math.round(n * DURATION_UNITS[unit]);
}

/** The most a buyer accepts to pay: the quote plus the slippage, rounded up. */
export function maxPremium(premium: bigint, slippagePercent: number): bigint {
  const bps = BigInt(Math.round(Math.max(0, slippagePercent) * 100));
  return (premium * (10_000n + bps) + 9_999n) / 10_000n;
}

export interface PurchaseInput {
  amount: string;
  duration: string;
  unit: DurationUnit;
  slippage: string;
}

export interface PurchaseCheck {
  amount?: bigint;
  duration?: number;
  slippage?: number;
  problems: { field: "amount" | "duration" | "slippage" | "product"; message: string }[];
}

/** What a buyer typed, checked against the product and the pool's rules before anything is sent. */
export function checkPurchase(
  input: PurchaseInput,
  decimals: number,
  params: Pick<PoolParams, "min_cover_duration" | "max_cover_duration">,
  product: ProductResponse | undefined,
  symbol: string,
  fmt: (raw: bigint) => string,
  fmtDuration: (s: number) => string,
): PurchaseCheck {
  const out: PurchaseCheck = { problems: [] };
  if (!product) out.problems.push({ field: "product", message: "Choose a product." });
  else if (product.paused) out.problems.push({ field: "product", message: `${product.product.name} is paused: it sells no cover now.` });
  const amount = parseAmount(input.amount, decimals);
  if (!amount.ok) out.problems.push({ field: "amount", message: amount.error });
  else if (amount.value === 0n) out.problems.push({ field: "amount", message: `Enter an amount of ${symbol} above zero.` });
  else {
    out.amount = amount.value;
    if (product && amount.value > BigInt(product.capacity_left))
      out.problems.push({ field: "amount", message: `At most ${fmt(BigInt(product.capacity_left))} of cover is left on this product.` });
  }
  const seconds = durationSeconds(input.duration, input.unit);
  if (seconds === null) out.problems.push({ field: "duration", message: "Enter a duration above zero." });
  else if (seconds < params.min_cover_duration || seconds > params.max_cover_duration)
    out.problems.push({ field: "duration", message: `The duration must be between ${fmtDuration(params.min_cover_duration)} and ${fmtDuration(params.max_cover_duration)}.` });
  else out.duration = seconds;
  const slip = Number(input.slippage);
  if (!input.slippage.trim() || !Number.isFinite(slip) || slip < 0 || slip > 50)
    out.problems.push({ field: "slippage", message: "Slippage must be between 0 and 50 %." });
  else out.slippage = slip;
  return out;
}
