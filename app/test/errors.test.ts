import { describe, expect, it } from "vitest";
import { contractError, explainError } from "../src/errors";
import { POOL_AT_RISK } from "../src/quote";

// Texts as wasmd 0.55 returns them from a simulation (the localnet), around the contracts' errors.
const chain = (inner: string) =>
  new Error(
    `Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message index: 0: ${inner}: execute wasm contract failed [CosmWasm/wasmd@v0.55.1/x/wasm/keeper/keeper.go:427] With gas wanted: '0' and gas used: '123456' : unknown request`,
  );

describe("explainError", () => {
  it("finds the contract's error inside the chain's text", () => {
    expect(contractError(chain("nothing is claimable yet").message)).toBe("nothing is claimable yet");
  });

  it("translates the hub's and the LRT's errors a staker can meet", () => {
    expect(explainError(chain("would mint 90 LRT, below the minimum 99"))).toContain("exchange rate moved");
    expect(explainError(chain("nothing is claimable yet"))).toBe("Nothing is ready to claim yet: your requests are still unbonding.");
    expect(explainError(chain("nothing to claim"))).toBe("You have no rewards to claim.");
    expect(explainError(chain("the epoch has not ended: the next batch can be submitted at 1796477678.970633657"))).toContain("cannot leave yet");
    expect(explainError(chain("batch 3 has no requests to submit"))).toContain("nothing to send");
    expect(explainError(chain("the deposit is too small to mint any LRT at the current rate"))).toContain("too small");
    // The hub's PoolAtRisk text (contracts/hub/src/error.rs).
    expect(explainError(chain("nothing is left to price a deposit at: pending slashes may take the pool's whole value, or it was lost")))
      .toBe(POOL_AT_RISK);
    expect(explainError(chain("Overflow: Cannot Sub with 5 and 10"))).toBe("Your LRT balance is lower than this amount.");
    expect(explainError(chain("deposit is paused until 1796477678.970633657"))).toBe(
      "The guardian has paused deposits until 2026-12-05T13:34:38.000Z; nothing was sent.",
    );
  });

  it("translates the wallet's and the chain's refusals", () => {
    expect(explainError(new Error("Request rejected"))).toBe("You rejected the request in your wallet: nothing was sent.");
    expect(explainError(new Error("Keplr is locked"))).toBe("Your wallet is locked: unlock it and try again.");
    expect(explainError(new Error("There is no chain info for provider-9"))).toContain("does not know this chain");
    expect(explainError(new Error("Broadcasting transaction failed with code 5 (codespace: sdk). Log: spendable balance 10stake is smaller than 20stake: insufficient funds")))
      .toBe("Your balance does not cover this amount and the fee.");
    expect(explainError(new Error("account sequence mismatch, expected 7, got 6"))).toContain("wait for it");
    expect(explainError(new TypeError("Failed to fetch"))).toContain("cannot be reached");
  });

  it("keeps an unknown contract error's own words", () => {
    expect(explainError(chain("something new"))).toBe("The contract refused the transaction: something new.");
    expect(explainError(new Error("odd\nsecond line"))).toBe("The transaction failed: odd");
  });
});
