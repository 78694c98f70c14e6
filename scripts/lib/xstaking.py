#!/usr/bin/env python3
"""x/staking's token/share arithmetic (Cosmos SDK 0.50), to the unit, for the localnet story.

Reads JSON on stdin: {"validators": {addr: {"tokens": "...", "shares": "...", "mine": "..."}},
"moves": [[from, to, amount], ...]}: each validator's tokens and delegator shares, and the
delegator's own shares ("mine"), as x/staking reports them (shares are 18-decimal strings), then
the redelegations of one transaction in order. Prints {addr: delegation} after them, as x/staking's
delegation query reports it (docs/LOCALNET.md, "What the real chains showed"). `--self-test`
checks the model against redelegations observed on the localnet.

The rules it follows: a redelegation of `amount` unbonds `shares * amount / tokens` of the
delegator's shares (truncated to 18 decimals, `SharesFromTokens`); the tokens those shares are
worth (`TokensFromShares`: a division rounded half to even at 18 decimals, then truncated) leave
the source and are delegated to the destination at its own rate; a delegation is reported as its
shares' worth, truncated. On a validator whose tokens and shares differ (x/slashing cut it), the
truncations can keep a unit: the destination receives `amount - 1`.
"""
import json
import sys

P = 10**18


def dec(text):
    """An 18-decimal string as an integer count of 10^-18."""
    whole, _, frac = text.partition(".")
    return int(whole) * P + int((frac + "0" * 18)[:18])


def chop_round_half_even(x):
    """Drops 18 decimals of a 36-decimal integer, rounding half to even (chopPrecisionAndRound)."""
    q, r = divmod(x, P)
    if r > P // 2 or (r == P // 2 and q % 2 == 1):
        q += 1
    return q


def worth(shares, v):
    """TokensFromShares(shares), truncated to a whole token."""
    if v["shares"] == 0:
        return 0
    return chop_round_half_even(shares * v["tokens"] * P * P // v["shares"]) // P


def shares_for(amount, v):
    """SharesFromTokens(amount): truncated to 18 decimals; 1:1 on a validator without shares."""
    if v["shares"] == 0:
        return amount * P
    return v["shares"] * amount // v["tokens"]


# Observed on the localnet (wasmd 0.55.1): a test account's delegation of 900,788,164 to p2, which
# x/slashing had cut 1%, then three redelegations from it to p1 (docs/LOCALNET.md, item 16).
OBSERVED = (
    {
        "validators": {
            "p2": {"tokens": "25641788164", "shares": "25900788164.000000000000000000",
                   "mine": "900788164.000000000000000000"},
            "p1": {"tokens": "35000000000", "shares": "35000000000.000000000000000000", "mine": "0"},
        },
        "moves": [["p2", "p1", "201780762"], ["p2", "p1", "100000000"], ["p2", "p1", "12345677"]],
    },
    {"p2": "577654117", "p1": "314126438"},
)


def self_test():
    data, expected = OBSERVED
    got = predict(data)
    if got != expected:
        sys.exit(f"xstaking.py: the model gives {got}, the chain gave {expected}")


def predict(data):
    vals = {
        addr: {"tokens": int(v["tokens"]), "shares": dec(v["shares"]), "mine": dec(v["mine"])}
        for addr, v in data["validators"].items()
    }
    for src, dst, amount in data["moves"]:
        s, d = vals[src], vals[dst]
        shares = shares_for(int(amount), s)
        if shares > s["mine"]:
            # x/staking refuses such a move ("invalid shares amount"); the hub never asks for one.
            sys.exit(f"xstaking.py: {amount} from {src} is more than the delegation")
        returned = worth(shares, s)
        s["mine"] -= shares
        s["shares"] -= shares
        s["tokens"] -= returned
        added = shares_for(returned, d)
        d["mine"] += added
        d["shares"] += added
        d["tokens"] += returned
    return {addr: str(worth(v["mine"], v)) for addr, v in vals.items()}


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    else:
        print(json.dumps(predict(json.load(sys.stdin))))
