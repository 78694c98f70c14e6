// Position: what the staker holds, what it is worth, what is on its way back, what it earned, and
// the slashes that touched it.

import { formatAmount } from "../amount";
import type { App } from "../app";
import { tokenOf } from "../config";
import { requestEta } from "../eta";
import { h, facts, table, time } from "../ui";

export async function positionPage(app: App): Promise<HTMLElement> {
  const { chain, config, lrt } = app;
  const bond = config.bondToken;
  const fmtBond = (units: bigint | string) => `${formatAmount(BigInt(units), bond.decimals)} ${bond.symbol}`;
  const fmtLrt = (units: bigint | string) => `${formatAmount(BigInt(units), lrt.decimals)} ${lrt.symbol}`;
  const page = h("section", { "data-testid": "page-position" }, h("h2", {}, "Your position"));
  const address = app.wallet?.address;
  if (!address) {
    page.append(h("p", { class: "hint" }, "Connect your wallet to see your position."));
    return page;
  }
  const [state, position, rewards, exposure, now] = await Promise.all([
    chain.hub.state(),
    chain.hub.position({ address }),
    chain.lrt.rewards({ address }),
    chain.slashBook.exposure({}),
    chain.now(),
  ]);
  const batches = await Promise.all(
    [...new Set(position.requests.map((r) => r.batch_id))].map((id) => chain.hub.batch({ id })),
  );
  const ready = position.requests.filter((r) => requestEta(r, now).ready);
  page.append(
    facts([
      ["LRT balance", "position-lrt", fmtLrt(position.lrt_balance)],
      ["Worth now", "position-value", fmtBond(position.lrt_value)],
      ["Exchange rate", "position-rate", `1 ${lrt.symbol} = ${state.exchange_rate} ${bond.symbol}`],
      ["Claimable now", "position-claimable", fmtBond(ready.reduce((s, r) => s + BigInt(r.expected_payout), 0n))],
    ]),
  );

  page.append(h("h3", {}, "Unbonding"));
  if (position.requests.length === 0) {
    page.append(h("p", { class: "hint", "data-testid": "no-requests" }, "No unbond requests."));
  } else {
    page.append(
      table(
        ["Batch", "LRT", "Value at request", "Expected payout", "Status", "When"],
        position.requests.map((r) => [
          `#${r.batch_id}`,
          fmtLrt(r.lrt_amount),
          fmtBond(r.value_at_request),
          fmtBond(r.expected_payout),
          r.status,
          requestEta(r, now).text,
        ]),
        "request-row",
      ),
    );
    if (position.more_requests) page.append(h("p", { class: "hint" }, "More requests exist than this page shows."));
  }

  page.append(h("h3", {}, "Rewards"));
  const earned = rewards.filter((r) => r.amount !== "0");
  page.append(
    earned.length === 0
      ? h("p", { class: "hint", "data-testid": "no-rewards" }, "No rewards to claim.")
      : table(["Token", "Claimable"], earned.map((r) => {
          const t = tokenOf(config, r.denom);
          return [t.symbol, formatAmount(BigInt(r.amount), t.decimals)];
        }), "reward-row"),
  );

  page.append(h("h3", {}, "Slashes"));
  const cut = batches.filter((b) => b.slashed !== "0");
  page.append(
    h("p", {}, "Your batches cut by slashes: ",
      h("strong", { "data-testid": "position-batch-slashes" }, cut.length === 0 ? "none"
        : cut.map((b) => `batch #${b.id}: ${fmtBond(b.slashed)} (submitted ${time(b.submitted_at)})`).join("; "))),
    h("p", {}, "Slashes the pool has paid since launch (they lowered the exchange rate every holder's LRT is worth): ",
      h("strong", { "data-testid": "pool-slashed" }, fmtBond(state.slashed_total))),
    h("p", {}, "Slashes reported and not yet executed (they may lower the rate when they are; see Consumers): ",
      h("strong", { "data-testid": "pending-exposure" }, fmtBond(exposure.total))),
  );
  return page;
}
