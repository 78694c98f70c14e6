// The hub's share math, mirrored from `packages/api/src/math.rs` (same virtual offsets, same
// rounding) so that the app quotes exactly what the hub would mint at the queried state.

import { AmountError } from "./amount";

/** Virtual LRT and bond tokens the hub adds when pricing (`VIRTUAL_SHARES`, `VIRTUAL_ASSETS`). */
export const VIRTUAL_SHARES = 1000n;
export const VIRTUAL_ASSETS = 1000n;
export const BPS = 10_000n;
/** The largest slippage the app lets a staker accept: 50%. */
export const MAX_SLIPPAGE_BPS = 5_000;

export interface PoolState {
  /** Bond tokens backing the LRT (`state.total_value`). */
  totalValue: bigint;
  /** LRT in existence (`state.lrt_supply`). */
  lrtSupply: bigint;
  /**
   * The value the hub prices a deposit at (`state.deposit_value`): the pool's value with the
   * staking rewards accrued since the last harvest, net of the fee, less what pending slashes may
   * take (docs/SLASHING.md, "Newcomers"). `null`: the hub refuses deposits now. Absent: the
   * book value (`totalValue`), as for the worth of LRT.
   */
  depositValue?: bigint | null;
}

/** The hub's refusal when pending slashes may take the whole pool, in a staker's words. */
export const POOL_AT_RISK =
  "Reported slashes may take the pool's whole value, or it was lost: the hub takes no deposits now.";

/**
 * LRT the hub mints for `amount` bond tokens: `amount × (supply + 1000) / (depositValue + 1000)`,
 * down. Refused, as the hub refuses it, when the hub quotes no deposit value.
 */
export function lrtForDeposit(pool: PoolState, amount: bigint): bigint {
  if (pool.depositValue === null) throw new AmountError(POOL_AT_RISK);
  const value = pool.depositValue ?? pool.totalValue;
  return (amount * (pool.lrtSupply + VIRTUAL_SHARES)) / (value + VIRTUAL_ASSETS);
}

/** Bond tokens `lrt` is worth: the lower of the virtual-offset price and the plain share, down. */
export function valueOfLrt(pool: PoolState, lrt: bigint): bigint {
  const virtualPrice = (lrt * (pool.totalValue + VIRTUAL_ASSETS)) / (pool.lrtSupply + VIRTUAL_SHARES);
  if (pool.lrtSupply === 0n) return virtualPrice < pool.totalValue ? virtualPrice : pool.totalValue;
  const proRata = (lrt * pool.totalValue) / pool.lrtSupply;
  return virtualPrice < proRata ? virtualPrice : proRata;
}

export interface DepositQuote {
  /** What the hub would mint at the queried state. */
  expected: bigint;
  /** `min_lrt_out`: the expected amount less the slippage, rounded down. */
  minimum: bigint;
}

/**
 * The quote for a deposit, with the minimum the transaction will insist on. The hub may mint a
 * little more than expected (a loss booked in the same transaction lowers the price), never less
 * than `minimum` (it refuses the deposit instead).
 */
export function quoteDeposit(pool: PoolState, amount: bigint, slippageBps: number): DepositQuote {
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > MAX_SLIPPAGE_BPS) {
    throw new RangeError(`Slippage must be a whole number of basis points from 0 to ${MAX_SLIPPAGE_BPS}.`);
  }
  const expected = lrtForDeposit(pool, amount);
  return { expected, minimum: (expected * (BPS - BigInt(slippageBps))) / BPS };
}

/** A slippage tolerance typed in percent ("0.5") as basis points; 0 to 50% with two decimals. */
export function parseSlippage(text: string): number {
  const t = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) {
    throw new AmountError("Slippage is a percentage with at most two decimals, such as 0.5.");
  }
  const [whole, fraction = ""] = t.split(".");
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (bps > MAX_SLIPPAGE_BPS) throw new AmountError(`Slippage above ${MAX_SLIPPAGE_BPS / 100}% is refused.`);
  return bps;
}
