// Errors in a sentence a staker understands. The chain's texts are long ("rpc error: ... failed to
// execute message; message index: 0: <the contract's error>: execute wasm contract failed [...]");
// the contract's own error is in the middle, and its texts are the ones in each contract's
// `error.rs`.

import { POOL_AT_RISK } from "./quote";

/** The contract's error inside a chain or node error text, if there is one. */
export function contractError(raw: string): string | undefined {
  const match = /message index: \d+: (.*?): (?:execute|instantiate|query) wasm contract failed/s.exec(raw);
  return match?.[1];
}

type Rule = [RegExp, (m: RegExpExecArray) => string];

const RULES: Rule[] = [
  // Wallet answers.
  [/request rejected|rejected by (the )?user|user rejected|user denied/i, () =>
    "You rejected the request in your wallet: nothing was sent."],
  [/locked/i, () => "Your wallet is locked: unlock it and try again."],
  [/there is no (chain info|modular chain info) for|unknown chain/i, () =>
    "Your wallet does not know this chain and did not add it: nothing was sent."],
  // The hub.
  [/would mint (\d+) LRT, below the minimum (\d+)/, () =>
    "The exchange rate moved since the quote: the deposit would mint less LRT than your minimum. Nothing was deposited; refresh the quote or allow more slippage."],
  [/nothing is left to price a deposit at/, () => POOL_AT_RISK],
  [/the deposit is too small to mint any LRT/, () =>
    "This deposit is too small to mint any LRT at the current rate."],
  // A cosmwasm Timestamp prints as seconds.nanoseconds.
  [/(\w+) is paused until (\d+)/, (m) =>
    `The guardian has paused ${m[1].replace(/_/g, " ")}s until ${new Date(Number(m[2]) * 1000).toISOString()}; nothing was sent.`],
  [/nothing is claimable yet/, () => "Nothing is ready to claim yet: your requests are still unbonding."],
  [/the epoch has not ended/, () => "The batch cannot leave yet: its epoch has not ended."],
  [/batch \d+ has no requests to submit/, () => "The current batch has no requests: there is nothing to send."],
  [/LRT is worth nothing at the current rate/, () => "This LRT amount is worth nothing at the current rate: unbond more."],
  [/no operator with a positive weight/, () => "The hub has no operator to delegate to right now; try again later."],
  // The LRT and cw20.
  [/nothing to claim/, () => "You have no rewards to claim."],
  [/Cannot Sub with \d+ and \d+|Overflow: Cannot Sub/, () => "Your LRT balance is lower than this amount."],
  // Funds and the chain.
  [/No funds sent/, () => "No tokens were attached to the deposit."],
  [/Received unsupported denom '([^']*)'|Must send '([^']*)'/, () => "The deposit must be paid in the chain's staking token."],
  [/insufficient funds|insufficient fee/, () => "Your balance does not cover this amount and the fee."],
  [/account sequence mismatch/, () =>
    "Another transaction from your account was being processed; wait for it and try again."],
  [/out of gas/, () => "The transaction ran out of gas; try again (the app simulates it first)."],
  [/does not exist on chain|account .* not found/i, () =>
    "Your account has no tokens on this chain yet: fund it first."],
  [/timed out waiting for tx|was submitted but was not yet found on the chain/i, () =>
    "The transaction was sent but not yet included; check its hash in a block explorer before sending it again."],
  [/Failed to fetch|NetworkError|ECONNREFUSED|fetch failed/i, () =>
    "The chain's node cannot be reached; check your connection or the app's chain configuration."],
];

/** A sentence for a staker; the original text stays available to the caller for details. */
export function explainError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  for (const [pattern, sentence] of RULES) {
    const match = pattern.exec(raw);
    if (match) return sentence(match);
  }
  const inner = contractError(raw);
  if (inner) return `The contract refused the transaction: ${inner}.`;
  return `The transaction failed: ${raw.split("\n")[0].slice(0, 300)}`;
}
