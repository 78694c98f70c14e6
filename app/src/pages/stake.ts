// Stake: deposit with a minimum from the quote, unbond, send a due batch, claim, claim rewards.

import { AmountError, formatAmount, parseAmount } from "../amount";
import type { App } from "../app";
import { tokenOf } from "../config";
import { requestEta } from "../eta";
import { parseSlippage, quoteDeposit, valueOfLrt, type PoolState } from "../quote";
import { h, time } from "../ui";

/** Default slippage: 0.5%. */
const DEFAULT_SLIPPAGE = "0.5";

export async function stakePage(app: App): Promise<HTMLElement> {
  const { chain, config, lrt } = app;
  const bond = config.bondToken;
  const [state, exposure, now] = await Promise.all([chain.hub.state(), chain.slashBook.exposure({}), chain.now()]);
  const pool: PoolState = {
    totalValue: BigInt(state.total_value),
    lrtSupply: BigInt(state.lrt_supply),
    // Absent from a hub older than the field: it priced deposits at the book value.
    depositValue: state.deposit_value === undefined ? undefined
      : state.deposit_value === null ? null : BigInt(state.deposit_value),
  };
  const fmtBond = (units: bigint) => `${formatAmount(units, bond.decimals)} ${bond.symbol}`;
  const fmtLrt = (units: bigint) => `${formatAmount(units, lrt.decimals)} ${lrt.symbol}`;

  const page = h("section", { "data-testid": "page-stake" }, h("h2", {}, "Stake"));
  page.append(h("p", {}, `1 ${lrt.symbol} = ${state.exchange_rate} ${bond.symbol}. `, `Batches leave every epoch; the next at ${time(state.next_submit_time)}.`));
  const address = app.wallet?.address;
  if (!address) {
    page.append(h("p", { class: "hint" }, "Connect your wallet to stake."));
    return page;
  }
  const [bondBalance, lrtBalance, position, rewards] = await Promise.all([
    chain.balance(address, bond.denom),
    chain.lrt.balance({ address }).then((b) => BigInt(b.balance)),
    chain.hub.position({ address }),
    chain.lrt.rewards({ address }),
  ]);
  page.append(
    h("p", {}, "Your balances: ", h("strong", { "data-testid": "bond-balance" }, fmtBond(bondBalance)), " and ",
      h("strong", { "data-testid": "lrt-balance" }, fmtLrt(lrtBalance)), "."),
  );

  // Deposit.
  const amountInput = h("input", { id: "deposit-amount", "data-testid": "deposit-amount", inputmode: "decimal", placeholder: "0.0", autocomplete: "off" }) as HTMLInputElement;
  const slippageInput = h("input", { id: "slippage", "data-testid": "slippage", inputmode: "decimal", value: DEFAULT_SLIPPAGE, size: 4 }) as HTMLInputElement;
  const quoteLine = h("p", { "data-testid": "deposit-quote", class: "hint" }, "Enter an amount to see what you receive.");
  const readDeposit = () => {
    const units = parseAmount(amountInput.value, bond.decimals, { units: bondBalance, symbol: bond.symbol });
    const slippageBps = parseSlippage(slippageInput.value);
    const quote = quoteDeposit(pool, units, slippageBps);
    if (quote.expected === 0n) throw new AmountError("This deposit is too small to mint any LRT at the current rate.");
    return { units, quote };
  };
  const showQuote = () => {
    if (!amountInput.value.trim()) return;
    try {
      const { quote } = readDeposit();
      quoteLine.replaceChildren(`You receive about ${fmtLrt(quote.expected)}, at least ${fmtLrt(quote.minimum)}.`);
      // In units, for tests and tools that read the page.
      quoteLine.dataset.expected = quote.expected.toString();
      quoteLine.dataset.minimum = quote.minimum.toString();
    } catch (error) {
      quoteLine.replaceChildren(error instanceof Error ? error.message : String(error));
    }
  };
  amountInput.addEventListener("input", showQuote);
  slippageInput.addEventListener("input", showQuote);
  const deposit = async () => {
    let read;
    try {
      read = readDeposit();
    } catch (error) {
      return app.say(error instanceof Error ? error.message : String(error), "error");
    }
    await app.send(`Deposit of ${fmtBond(read.units)}`, config.contracts.hub,
      { deposit: { min_lrt_out: read.quote.minimum.toString() } }, [{ denom: bond.denom, amount: read.units.toString() }]);
  };
  page.append(
    h("form", { class: "card", "data-testid": "deposit-form", onsubmit: (e: Event) => { e.preventDefault(); void deposit(); } },
      h("h3", {}, "Deposit"),
      h("label", { for: "deposit-amount" }, `Amount (${bond.symbol})`), amountInput,
      h("label", { for: "slippage" }, "Slippage tolerance (%)"), slippageInput,
      quoteLine,
      // Deposits are priced net of the slashes reported and waiting (docs/SLASHING.md,
      // "Newcomers"): the quote above, from the hub's deposit value, already counts them.
      exposure.total !== "0"
        ? h("p", { class: "warning", "data-testid": "pending-slash-warning" },
          `Slashes of up to ${fmtBond(BigInt(exposure.total))} are reported and waiting for their veto period. `,
          "A deposit made now is priced as if they had executed, so it does not bear them; see Consumers.")
        : null,
      h("button", { type: "submit", "data-testid": "deposit" }, "Deposit")),
  );

  // Unbond.
  const unbondInput = h("input", { id: "unbond-amount", "data-testid": "unbond-amount", inputmode: "decimal", placeholder: "0.0", autocomplete: "off" }) as HTMLInputElement;
  const unbondLine = h("p", { class: "hint", "data-testid": "unbond-quote" }, "Unbonding joins the current batch; it is paid after the batch has unbonded.");
  const readUnbond = () => parseAmount(unbondInput.value, lrt.decimals, { units: lrtBalance, symbol: lrt.symbol });
  unbondInput.addEventListener("input", () => {
    try {
      unbondLine.replaceChildren(`Worth about ${fmtBond(valueOfLrt(pool, readUnbond()))} now.`);
    } catch (error) {
      unbondLine.replaceChildren(error instanceof Error ? error.message : String(error));
    }
  });
  const unbond = async () => {
    let units;
    try {
      units = readUnbond();
    } catch (error) {
      return app.say(error instanceof Error ? error.message : String(error), "error");
    }
    const hook = btoa(JSON.stringify({ unbond: {} }));
    await app.send(`Unbonding of ${fmtLrt(units)}`, config.contracts.lrt,
      { send: { contract: config.contracts.hub, amount: units.toString(), msg: hook } });
  };
  page.append(
    h("form", { class: "card", "data-testid": "unbond-form", onsubmit: (e: Event) => { e.preventDefault(); void unbond(); } },
      h("h3", {}, "Unbond"),
      h("label", { for: "unbond-amount" }, `Amount (${lrt.symbol})`), unbondInput, unbondLine,
      h("button", { type: "submit", "data-testid": "unbond" }, "Unbond")),
  );

  // The batch, claims and rewards.
  const pending = position.requests.filter((r) => r.status === "pending");
  const due = Number(BigInt(state.next_submit_time) / 1_000_000_000n) <= now;
  const ready = position.requests.filter((r) => requestEta(r, now).ready);
  const readyAmount = ready.reduce((sum, r) => sum + BigInt(r.expected_payout), 0n);
  const earned = rewards.filter((r) => r.amount !== "0");
  page.append(
    h("div", { class: "card" },
      h("h3", {}, "Claims"),
      pending.length > 0
        ? h("p", {}, due
          ? "Your request's batch can leave now: anyone may send it."
          : `Your request's batch leaves at ${time(state.next_submit_time)}.`)
        : null,
      pending.length > 0 && due
        ? h("button", { "data-testid": "submit-batch", onclick: () => void app.send("Sending the batch", config.contracts.hub, { submit_batch: {} }) }, "Send the batch")
        : null,
      h("p", {}, "Claimable now: ", h("strong", { "data-testid": "claimable" }, fmtBond(readyAmount))),
      h("button", { "data-testid": "claim", disabled: ready.length === 0, onclick: () => void app.send("Claim", config.contracts.hub, { claim: {} }) }, "Claim"),
      h("p", {}, "Rewards: ", h("strong", { "data-testid": "rewards" }, earned.length
        ? earned.map((r) => { const t = tokenOf(config, r.denom); return `${formatAmount(BigInt(r.amount), t.decimals)} ${t.symbol}`; }).join(", ")
        : "none yet")),
      h("button", { "data-testid": "claim-rewards", disabled: earned.length === 0, onclick: () => void app.send("Claim rewards", config.contracts.lrt, { claim_rewards: {} }) }, "Claim rewards")),
  );
  return page;
}
