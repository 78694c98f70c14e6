// Consumers (read-only): the chains the pool secures, their status, their slashing terms (the
// risk a staker takes), and the slashes reported by them and not yet executed or vetoed.

import { formatAmount } from "../amount";
import type { App } from "../app";
import { formatDuration } from "../eta";
import { allPages, h, percent, table, time } from "../ui";

export async function consumersPage(app: App): Promise<HTMLElement> {
  const { chain, config } = app;
  const bond = config.bondToken;
  const [consumers, pending, queued] = await Promise.all([
    allPages((start) => chain.registry.consumers({ startAfter: start, limit: 30 }), (c) => c.chain_id),
    chain.slashBook.slashes({ status: "pending", limit: 30 }),
    chain.slashBook.slashes({ status: "queued", limit: 30 }),
  ]);
  const page = h("section", { "data-testid": "page-consumers" }, h("h2", {}, "Consumers"));
  page.append(
    table(
      ["Chain", "Status", "Operators", "Double sign", "Downtime", "Veto period", "Unbonding", "Reward tokens"],
      consumers.map((c) => [
        c.chain_id,
        typeof c.status === "string" ? c.status : Object.keys(c.status)[0],
        String(c.operators),
        `${percent(c.params.double_sign_fraction)} of the stake at risk`,
        `${percent(c.params.downtime_fraction)}, jailed ${formatDuration(c.params.downtime_jail)}`,
        formatDuration(c.params.veto_period),
        formatDuration(c.params.unbonding_period),
        c.params.reward_denoms.map((d) => config.rewardTokens.find((t) => t.denom === d)?.symbol ?? d).join(", "),
      ]),
      "consumer-row",
    ),
  );
  page.append(h("h3", {}, "Open slashes"));
  const open = [...pending, ...queued];
  page.append(
    open.length === 0
      ? h("p", { class: "hint", "data-testid": "no-open-slashes" }, "No slash is waiting: nothing reported is pending.")
      : table(
          ["Consumer", "Operator", "Infraction", "Amount", "Status", "Executable from"],
          open.map((s) => [
            s.chain_id,
            h("code", {}, s.operator),
            s.infraction.replace("_", " "),
            `${formatAmount(BigInt(s.amount), bond.decimals)} ${bond.symbol}`,
            s.status,
            time(s.executable_at),
          ]),
          "slash-row",
        ),
  );
  return page;
}
