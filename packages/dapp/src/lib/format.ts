// Display of chain amounts, decimals, times and durations. Amounts stay integers (bigint) of the
// base denom until they are shown; nothing goes through floating point.

export interface Currency {
  /** Base denom on chain (e.g. uusdc), or a cw20 address. */
  denom: string;
  /** Display symbol (e.g. USDC). */
  symbol: string;
  /** Exponent of the display unit. */
  decimals: number;
}

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export function toBigInt(v: string | bigint | number): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  if (!/^-?\d+$/.test(v)) throw new Error(`not an integer amount: ${v}`);
  return BigInt(v);
}

/**
 * `1234567891` base units of a 6-decimal currency -> "1,234.567891 USDC", trailing zeros dropped
 * below `maxFraction` digits (rounded down: never shows more than there is).
 */
export function formatAmount(raw: string | bigint | number, currency: Pick<Currency, "symbol" | "decimals">, maxFraction = 6): string {
  return `${formatUnits(raw, currency.decimals, maxFraction)} ${currency.symbol}`;
}

export function formatUnits(raw: string | bigint | number, decimals: number, maxFraction = decimals): string {
  let v = toBigInt(raw);
  const negative = v < 0n;
  if (negative) v = -v;
  const base = 10n ** BigInt(decimals);
  const whole = v / base;
  let fraction = decimals > 0 ? (v % base).toString().padStart(decimals, "0").slice(0, Math.min(maxFraction, decimals)) : "";
  fraction = fraction.replace(/0+$/, "");
  return `${negative ? "-" : ""}${group(whole.toString())}${fraction ? "." + fraction : ""}`;
}

export type Parsed = { ok: true; value: bigint } | { ok: false; error: string };

/** "1,234.5" with 6 decimals -> 1234500000n; refuses more decimals than the currency has. */
export function parseAmount(input: string, decimals: number): Parsed {
  const text = input.trim().replace(/[,_\s]/g, "");
  if (text === "") return { ok: false, error: "Enter an amount." };
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return { ok: false, error: "Enter a number, like 12.5." };
  const fraction = m[2] ?? "";
  if (fraction.length > decimals) return { ok: false, error: `At most ${decimals} decimal${decimals === 1 ? "" : "s"}.` };
  const value = BigInt((m[1] || "0") + fraction.padEnd(decimals, "0"));
  return { ok: true, value };
}

/** A cosmwasm Decimal ("0.025") as a percentage: "2.5 %". */
export function formatPercent(decimal: string | number, fractionDigits = 2): string {
  const n = typeof decimal === "number" ? decimal : Number(decimal);
  if (!Number.isFinite(n)) return "–";
  const pct = (n * 100).toFixed(fractionDigits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return `${pct} %`;
}

/** Ratio of two integer amounts as a percentage; "–" when the denominator is zero. */
export function formatRatio(numerator: string | bigint, denominator: string | bigint, fractionDigits = 1): string {
  const n = toBigInt(numerator);
  const d = toBigInt(denominator);
  if (d === 0n) return "–";
  const scaled = (n * 10n ** BigInt(fractionDigits + 2)) / d; // percent with fractionDigits
  const s = scaled.toString().padStart(fractionDigits + 1, "0");
  const whole = s.slice(0, s.length - fractionDigits);
  const frac = fractionDigits ? s.slice(s.length - fractionDigits).replace(/0+$/, "") : "";
  return `${group(whole)}${frac ? "." + frac : ""} %`;
}

/** A duration in seconds in words: "30 days", "2 h 5 min", "45 s". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h ? `${d} ${d === 1 ? "day" : "days"} ${h} h` : `${d} ${d === 1 ? "day" : "days"}`;
  if (h > 0) return m ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return sec ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

/** A cosmwasm Timestamp (nanoseconds as a string) or its Display form ("1700000000.000000000") in seconds. */
export function timestampSeconds(ts: string | number): number {
  if (typeof ts === "number") return ts;
  if (ts.includes(".")) return Number(ts.split(".")[0]);
  const ns = toBigInt(ts);
  return Number(ns / 1_000_000_000n);
}

/** Seconds since the epoch -> "2025-06-01 14:03:05" in the reader's time zone. */
export function formatTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "in 3 min 5 s" / "2 h ago" / "now". */
export function relativeTime(targetSeconds: number, nowSeconds: number): string {
  const diff = Math.round(targetSeconds - nowSeconds);
  if (diff === 0) return "now";
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}

export function shortAddress(address: string): string {
  return address.length > 20 ? `${address.slice(0, 10)}…${address.slice(-6)}` : address;
}

/** The currency of a denom, or a raw one (0 decimals) when nothing is known about it. */
export function currencyOf(denom: string, known: Currency[]): Currency {
  return known.find((c) => c.denom === denom) ?? { denom, symbol: denom, decimals: 0 };
}
