import { describe, expect, it } from "vitest";
import { AmountError, formatAmount, parseAmount, parseDecimal } from "../src/amount";

describe("parseAmount", () => {
  it("reads whole and fractional amounts into base units", () => {
    expect(parseAmount("1", 6)).toBe(1_000_000n);
    expect(parseAmount("1.5", 6)).toBe(1_500_000n);
    expect(parseAmount(".25", 6)).toBe(250_000n);
    expect(parseAmount("1,000.000001", 6)).toBe(1_000_000_001n);
    expect(parseAmount(" 7 ", 0)).toBe(7n);
    // Beyond what a float holds exactly.
    expect(parseAmount("123456789012345678.123456789012345678", 18)).toBe(123456789012345678123456789012345678n);
  });

  it("refuses more decimals than the token has", () => {
    expect(() => parseAmount("1.1234567", 6)).toThrow("at most 6 digits after the point");
    expect(() => parseAmount("1.5", 0)).toThrow("no decimals");
  });

  it("refuses zero, empty and what is not a number", () => {
    expect(() => parseAmount("0", 6)).toThrow("more than zero");
    expect(() => parseAmount("0.000000", 6)).toThrow("more than zero");
    expect(() => parseAmount("", 6)).toThrow("Enter an amount");
    expect(() => parseAmount(".", 6)).toThrow("Enter an amount");
    for (const bad of ["-1", "1e6", "1.2.3", "abc", "0x10", "1 000.5.", "Infinity"]) {
      expect(() => parseAmount(bad, 6)).toThrow(AmountError);
    }
  });

  it("refuses more than the balance, at the unit", () => {
    const max = { units: 1_500_000n, symbol: "STAKE" };
    expect(parseAmount("1.5", 6, max)).toBe(1_500_000n);
    expect(() => parseAmount("1.500001", 6, max)).toThrow("more than your balance of 1.5 STAKE");
  });
});

describe("formatAmount", () => {
  it("shows the token's decimals without trailing zeros, thousands grouped", () => {
    expect(formatAmount(1_234_567_890n, 6)).toBe("1,234.56789");
    expect(formatAmount("1000000", 6)).toBe("1");
    expect(formatAmount(1n, 6)).toBe("0.000001");
    expect(formatAmount(0n, 6)).toBe("0");
    expect(formatAmount(12n, 0)).toBe("12");
  });

  it("cuts extra digits instead of rounding up", () => {
    expect(formatAmount(1_999_999n, 6, 2)).toBe("1.99");
    expect(formatAmount(1_000_000_000_000_000_001n, 18, 6)).toBe("1");
  });

  it("round-trips every parsed amount", () => {
    for (const text of ["1", "0.000001", "1,234.5", "999,999,999.999999"]) {
      expect(formatAmount(parseAmount(text, 6), 6)).toBe(text);
    }
  });
});

describe("parseDecimal", () => {
  it("reads a contract Decimal at 18 digits", () => {
    expect(parseDecimal("1.0125")).toBe(1_012_500_000_000_000_000n);
    expect(parseDecimal("0")).toBe(0n);
    expect(() => parseDecimal("1.0000000000000000001")).toThrow(AmountError);
  });
});
