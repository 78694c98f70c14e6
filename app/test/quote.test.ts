import { describe, expect, it } from "vitest";
import { lrtForDeposit, parseSlippage, POOL_AT_RISK, quoteDeposit, valueOfLrt } from "../src/quote";

// The formulas of the hub (packages/api/src/math.rs), worked by hand: the app must quote what the
// hub mints, to the unit. The browser test checks a real mint against the quote.
describe("the deposit quote", () => {
  it("starts at a rate of one", () => {
    expect(lrtForDeposit({ totalValue: 0n, lrtSupply: 0n }, 1_000_000n)).toBe(1_000_000n);
  });

  it("rounds the mint down, as the hub does", () => {
    // 1,000 × (1,000 + 1,000) / (3,000 + 1,000) = 500; and 999 × 2,000 / 4,000 = 499.5 → 499.
    const pool = { totalValue: 3_000n, lrtSupply: 1_000n };
    expect(lrtForDeposit(pool, 1_000n)).toBe(500n);
    expect(lrtForDeposit(pool, 999n)).toBe(499n);
  });

  it("prices a deposit at the hub's deposit value, as the hub does", () => {
    // The hub's test: a 25,000 slash pending on 3,000,000 gives a deposit value of 2,975,000, and
    // 3,000,000 × (3,000,000 + 1,000) / (2,975,000 + 1,000) = 3,025,201.6 → 3,025,201.
    const pool = { totalValue: 3_000_000n, lrtSupply: 3_000_000n, depositValue: 2_975_000n };
    expect(lrtForDeposit(pool, 3_000_000n)).toBe(3_025_201n);
    // Accrued rewards raise it: 10,000,000 × 10,001,000 / 10,071,274 (hub_flows.rs).
    expect(lrtForDeposit({ totalValue: 10_000_000n, lrtSupply: 10_000_000n, depositValue: 10_070_274n }, 10_000_000n))
      .toBe(9_930_223n);
  });

  it("refuses a deposit when the hub quotes no deposit value", () => {
    const pool = { totalValue: 3_000_000n, lrtSupply: 3_000_000n, depositValue: null };
    expect(() => lrtForDeposit(pool, 1n)).toThrow(POOL_AT_RISK);
  });

  it("takes the slippage off the expected mint, rounding the minimum down", () => {
    const pool = { totalValue: 2_000_000_000n, lrtSupply: 1_980_000_000n };
    const q = quoteDeposit(pool, 100_000_000n, 50);
    expect(q.expected).toBe((100_000_000n * 1_980_001_000n) / 2_000_001_000n);
    expect(q.minimum).toBe((q.expected * 9_950n) / 10_000n);
    expect(quoteDeposit(pool, 100_000_000n, 0).minimum).toBe(q.expected);
  });

  it("refuses a slippage outside 0 to 50%", () => {
    const pool = { totalValue: 0n, lrtSupply: 0n };
    expect(() => quoteDeposit(pool, 1n, -1)).toThrow(RangeError);
    expect(() => quoteDeposit(pool, 1n, 5_001)).toThrow(RangeError);
    expect(() => quoteDeposit(pool, 1n, 0.5)).toThrow(RangeError);
  });
});

describe("the value of LRT", () => {
  it("is the lower of the virtual price and the plain share, rounded down", () => {
    // Above 1: the virtual price is lower.
    expect(valueOfLrt({ totalValue: 3_000n, lrtSupply: 1_000n }, 100n)).toBe(200n);
    // Below 1 after a loss: the plain share is lower; the last holder gets the pool, not more.
    expect(valueOfLrt({ totalValue: 500n, lrtSupply: 1_000n }, 1_000n)).toBe(500n);
    expect(valueOfLrt({ totalValue: 500n, lrtSupply: 1_000n }, 3n)).toBe(1n);
  });
});

describe("parseSlippage", () => {
  it("reads percent with two decimals as basis points", () => {
    expect(parseSlippage("0.5")).toBe(50);
    expect(parseSlippage("0")).toBe(0);
    expect(parseSlippage("1.25")).toBe(125);
    expect(parseSlippage("50")).toBe(5_000);
  });
  it("refuses more than 50%, three decimals and signs", () => {
    expect(() => parseSlippage("50.01")).toThrow("above 50%");
    expect(() => parseSlippage("0.125")).toThrow("two decimals");
    expect(() => parseSlippage("-1")).toThrow("two decimals");
  });
});
