import { describe, expect, it } from "vitest";
import { formatDuration, requestEta, secondsOf } from "../src/eta";

const at = (seconds: number) => (BigInt(seconds) * 1_000_000_000n + 123n).toString();

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(260)).toBe("4 min 20 s");
    expect(formatDuration(3 * 3600 + 5 * 60 + 9)).toBe("3 h 5 min");
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe("2 d 3 h");
    expect(formatDuration(21 * 86_400)).toBe("21 d");
    expect(formatDuration(3600)).toBe("1 h");
  });
  it("rounds seconds up and never shows a negative time", () => {
    expect(formatDuration(0.2)).toBe("1 s");
    expect(formatDuration(-30)).toBe("0 s");
  });
});

describe("requestEta", () => {
  it("reads hub timestamps (nanoseconds) on the chain's clock", () => {
    expect(secondsOf(at(1_800_000_000))).toBe(1_800_000_000);
  });
  it("is ready once the time has come for a submitted batch", () => {
    expect(requestEta({ status: "unbonding", claimable_at: at(1000) }, 1000)).toEqual({ ready: true, text: "claimable now" });
    expect(requestEta({ status: "settled", claimable_at: at(1000) }, 2000).ready).toBe(true);
    expect(requestEta({ status: "unbonding", claimable_at: at(1000) }, 760)).toEqual({ ready: false, text: "claimable in 4 min" });
  });
  it("never calls a request of a batch that has not left claimable", () => {
    const eta = requestEta({ status: "pending", claimable_at: at(1000) }, 2000);
    expect(eta.ready).toBe(false);
    expect(eta.text).toContain("waiting for its batch to leave");
  });
});
