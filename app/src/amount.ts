// Token amounts as integers of base units (bigint), never floats. Parsing refuses what the chain
// would refuse or what the user cannot mean, before anything is signed.

export class AmountError extends Error {}

const DIGITS = /^\d+$/;

/**
 * Parses what a user typed ("1,000.25") into base units of a token with `decimals` decimals.
 * Refuses an empty input, anything but digits with one decimal point, more decimals than the
 * token has, zero, and more than `max` (the balance) when it is given.
 */
export function parseAmount(
  input: string,
  decimals: number,
  max?: { units: bigint; symbol: string },
): bigint {
  const text = input.trim().replace(/[,_\s]/g, "");
  if (text === "") throw new AmountError("Enter an amount.");
  const [whole, fraction = "", extra] = text.split(".");
  if (extra !== undefined || !DIGITS.test(whole || "0") || (fraction !== "" && !DIGITS.test(fraction))) {
    throw new AmountError(`"${input.trim()}" is not an amount: use digits and at most one decimal point.`);
  }
  if (whole === "" && fraction === "") throw new AmountError("Enter an amount.");
  if (fraction.length > decimals) {
    throw new AmountError(
      decimals === 0
        ? "This token has no decimals: enter a whole number."
        : `This token has ${decimals} decimals: enter at most ${decimals} digits after the point.`,
    );
  }
  const units = BigInt((whole || "0") + fraction.padEnd(decimals, "0"));
  if (units === 0n) throw new AmountError("The amount must be more than zero.");
  if (max !== undefined && units > max.units) {
    throw new AmountError(
      `That is more than your balance of ${formatAmount(max.units, decimals)} ${max.symbol}.`,
    );
  }
  return units;
}

/**
 * Formats base units with the token's decimals: thousands separated by commas, trailing zeros of
 * the fraction dropped, at most `maxFraction` fraction digits shown. Digits beyond that are cut,
 * never rounded up, so the app never shows more than there is.
 */
export function formatAmount(units: bigint | string, decimals: number, maxFraction = decimals): string {
  let value = typeof units === "string" ? BigInt(units) : units;
  const negative = value < 0n;
  if (negative) value = -value;
  const text = value.toString().padStart(decimals + 1, "0");
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals, text.length - decimals + maxFraction).replace(/0+$/, "");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + grouped + (fraction ? "." + fraction : "");
}

/** A decimal string of the contracts ("1.0125") as a fixed-point bigint scaled by 10^18. */
export function parseDecimal(text: string): bigint {
  if (!/^\d+(\.\d{1,18})?$/.test(text)) throw new AmountError(`"${text}" is not a decimal`);
  const [whole, fraction = ""] = text.split(".");
  return BigInt(whole + fraction.padEnd(18, "0"));
}

/** A fixed-point decimal scaled by 10^18 shown with `digits` fraction digits, cut, not rounded. */
export function formatDecimal(scaled: bigint, digits = 6): string {
  return formatAmount(scaled, 18, digits);
}
