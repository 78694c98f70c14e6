// When an unbond request can be claimed, in words. Times are the chain's (the hub's `claimable_at`
// is in nanoseconds; `now` is the latest block's time), never the browser's clock.

export type BatchStatus = "pending" | "unbonding" | "settled";

export interface RequestTiming {
  status: BatchStatus;
  /** Nanoseconds since the epoch, as the hub reports it. */
  claimable_at: string;
}

export interface Eta {
  /** Claim now (the claim settles a batch whose tokens are due). */
  ready: boolean;
  text: string;
}

/** Seconds from a hub timestamp (nanoseconds as a string), rounded down. */
export function secondsOf(nanos: string): number {
  return Number(BigInt(nanos) / 1_000_000_000n);
}

/** "2 d 3 h", "3 h 5 min", "4 min 20 s", "45 s": the largest unit and the next one when not zero
 * (the rest is cut: "1 h 59 min" for 1 h 59 min 59 s). Seconds are rounded up first. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
    ["s", 1],
  ];
  const i = units.findIndex(([, size]) => s >= size);
  if (i < 0) return "0 s";
  const [name, size] = units[i];
  const text = `${Math.floor(s / size)} ${name}`;
  if (i + 1 === units.length) return text;
  const [nextName, nextSize] = units[i + 1];
  const next = Math.floor((s % size) / nextSize);
  return next ? `${text} ${next} ${nextName}` : text;
}

/** What a staker should read next to a request of a batch with this status. */
export function requestEta(request: RequestTiming, nowSeconds: number): Eta {
  const due = secondsOf(request.claimable_at);
  const left = due - nowSeconds;
  if (left <= 0 && request.status !== "pending") return { ready: true, text: "claimable now" };
  if (request.status === "pending") {
    return {
      ready: false,
      text: `waiting for its batch to leave; claimable in about ${formatDuration(left)} if it leaves on time`,
    };
  }
  return { ready: false, text: `claimable in ${formatDuration(left)}` };
}
