import { describe, expect, it } from "vitest";
import { currencyOf, formatAmount, formatDuration, formatPercent, formatRatio, formatUnits, parseAmount, relativeTime, timestampSeconds } from "../src/lib/format";

const USDC = { denom: "uusdc", symbol: "USDC", decimals: 6 };

describe("formatAmount", () => {
  it("shows display units with grouping and drops trailing zeros", () => {
    expect(formatAmount("1234567891", USDC)).toBe("1,234.567891 USDC");
    expect(formatAmount("1000000", USDC)).toBe("1 USDC");
    expect(formatAmount(0n, USDC)).toBe("0 USDC");
    expect(formatAmount("10000000000000000000000", USDC)).toBe("10,000,000,000,000,000 USDC");
  });
  it("rounds down to the fraction digits asked for (never shows more than there is)", () => {
    expect(formatAmount("1999999", USDC, 2)).toBe("1.99 USDC");
    expect(formatUnits("5", 6, 2)).toBe("0");
  });
  it("handles negative values and zero decimals", () => {
    expect(formatUnits(-2500000n, 6)).toBe("-2.5");
    expect(formatUnits("1234", 0)).toBe("1,234");
  });
});

describe("parseAmount", () => {
  it("reads display units into base units exactly", () => {
    expect(parseAmount("1,234.5", 6)).toEqual({ ok: true, value: 1234500000n });
    expect(parseAmount(" .25 ", 6)).toEqual({ ok: true, value: 250000n });
    expect(parseAmount("0.000001", 6)).toEqual({ ok: true, value: 1n });
  });
  it("refuses what is not an amount, with a sentence", () => {
    expect(parseAmount("", 6)).toEqual({ ok: false, error: "Enter an amount." });
    expect(parseAmount("abc", 6).ok).toBe(false);
    expect(parseAmount("1.2.3", 6).ok).toBe(false);
    expect(parseAmount("-1", 6).ok).toBe(false);
    expect(parseAmount("0.0000001", 6)).toEqual({ ok: false, error: "At most 6 decimals." });
  });
});

describe("percentages, ratios, durations, times", () => {
  it("formats decimals as percentages", () => {
    expect(formatPercent("0.025")).toBe("2.5 %");
    expect(formatPercent("0.5", 0)).toBe("50 %");
    expect(formatPercent(1, 0)).toBe("100 %");
    expect(formatPercent("0")).toBe("0 %");
    expect(formatPercent("0.8", 0)).toBe("80 %");
  });
  it("formats a ratio of amounts, '–' over zero", () => {
    expect(formatRatio("3000", "1000")).toBe("300 %");
    expect(formatRatio("1", "3")).toBe("33.3 %");
    expect(formatRatio("5", "0")).toBe("–");
  });
  it("formats durations in words", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(125)).toBe("2 min 5 s");
    expect(formatDuration(7200)).toBe("2 h");
    expect(formatDuration(2592000)).toBe("30 days");
    expect(formatDuration(86400 + 3600)).toBe("1 day 1 h");
  });
  it("reads cosmwasm timestamps in both forms", () => {
    expect(timestampSeconds("1700000000123456789")).toBe(1700000000);
    expect(timestampSeconds("1700000000.123456789")).toBe(1700000000);
    expect(relativeTime(110, 100)).toBe("in 10 s");
    expect(relativeTime(100, 160)).toBe("1 min ago");
    expect(relativeTime(5, 5)).toBe("now");
  });
  it("falls back to the raw denom when nothing is known", () => {
    expect(currencyOf("ufoo", [USDC])).toEqual({ denom: "ufoo", symbol: "ufoo", decimals: 0 });
    expect(currencyOf("uusdc", [USDC])).toBe(USDC);
  });
});
