// Operators (read-only): the hub's stake on each, its weight, the consumers it secures with what
// allocation and commission, its status there, and the slashes reported against it.

import { formatAmount } from "../amount";
import type { App } from "../app";
import { allPages, bps, h, percent, table, time } from "../ui";
import type { OperatorStatus } from "@palisade/client/generated/PalisadeRegistry.types";

/** An opt-in's status; a jail that has ended says so (the record changes with the next update). */
export function statusText(status: OperatorStatus, nowSeconds: number): string {
  if (typeof status === "string") return status;
  const ended = BigInt(status.jailed.until) / 1_000_000_000n <= BigInt(nowSeconds);
  return `jailed until ${time(status.jailed.until)}${ended ? " (ended)" : ""}`;
}

export async function operatorsPage(app: App): Promise<HTMLElement> {
  const { chain, config } = app;
  const bond = config.bondToken;
  const [hubOperators, registered] = await Promise.all([
    allPages((start) => chain.hub.operators({ startAfter: start, limit: 30 }), (o) => o.validator),
    allPages((start) => chain.registry.operators({ startAfter: start, limit: 30 }), (o) => o.validator),
  ]);
  const [exposures, now] = await Promise.all([
    Promise.all(hubOperators.map((o) => chain.slashBook.exposure({ operator: o.validator }))),
    chain.now(),
  ]);
  const page = h("section", { "data-testid": "page-operators" }, h("h2", {}, "Operators"));
  page.append(h("p", { class: "hint" },
    "The hub delegates to these validators. Each one restakes its part of the pool to the consumers below; a slash on any of them lowers the exchange rate."));
  page.append(
    table(
      ["Validator", "Name", "Hub stake", "Weight", "Commission", "Consumers secured", "Pending slashes", "Status"],
      hubOperators.map((o, i) => {
        const r = registered.find((x) => x.validator === o.validator);
        const secured = r?.opt_ins.map((x) => `${x.chain_id}: ${percent(x.allocation)} at ${bps(x.commission_bps)}, ${statusText(x.status, now)}`).join("; ");
        return [
          h("code", {}, o.validator),
          r?.metadata.moniker ?? "—",
          `${formatAmount(BigInt(o.bonded), bond.decimals)} ${bond.symbol}`,
          String(o.weight),
          r ? bps(r.commission_bps) : "—",
          secured || "none",
          `${formatAmount(BigInt(exposures[i].operator ?? "0"), bond.decimals)} ${bond.symbol}`,
          o.removed ? "leaving" : r?.tombstoned ? "tombstoned" : "active",
        ];
      }),
      "operator-row",
    ),
  );
  return page;
}
