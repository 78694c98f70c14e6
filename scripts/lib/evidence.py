"""CometBFT duplicate-vote evidence from a block, as the slash book's `submit_evidence` takes it.

Reads a CometBFT RPC `/block` answer on stdin and prints, for the first DuplicateVoteEvidence of
the validator whose address (hex) is the first argument, the two votes in Palisade's JSON
(`palisade_api::evidence::Vote`): the type by name, the block id's hashes in base64 (none for a
vote for nil), the time in nanoseconds since the epoch, the signature as CometBFT gave it. Prints
nothing when the block holds no such evidence. Used by scripts/localnet-story, step 14.
"""

import base64
import calendar
import json
import re
import sys

VOTE_TYPES = {1: "prevote", 2: "precommit", "SIGNED_MSG_TYPE_PREVOTE": "prevote",
              "SIGNED_MSG_TYPE_PRECOMMIT": "precommit"}


def nanos(rfc3339):
    """CometBFT's RFC 3339 time (UTC, up to nine fractional digits) in nanoseconds."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z", rfc3339)
    if not m:
        raise ValueError(f"unexpected time {rfc3339!r}")
    y, mo, d, h, mi, s, frac = m.groups()
    seconds = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(s)))
    return seconds * 1_000_000_000 + int((frac or "").ljust(9, "0"))


def b64_of_hex(hex_string):
    return base64.b64encode(bytes.fromhex(hex_string)).decode()


def vote(v):
    kind = v["type"]
    kind = VOTE_TYPES[int(kind)] if str(kind).isdigit() else VOTE_TYPES[kind]
    block = v.get("block_id") or {}
    parts = block.get("parts") or {}
    block_id = None
    if block.get("hash") or parts.get("hash") or int(parts.get("total") or 0):
        block_id = {
            "hash": b64_of_hex(block.get("hash") or ""),
            "part_set_total": int(parts.get("total") or 0),
            "part_set_hash": b64_of_hex(parts.get("hash") or ""),
        }
    return {
        "vote_type": kind,
        "height": int(v["height"]),
        "round": int(v.get("round") or 0),
        "block_id": block_id,
        "timestamp": str(nanos(v["timestamp"])),
        "signature": v["signature"],
    }


def main():
    address = sys.argv[1].upper()
    block = json.load(sys.stdin)["result"]["block"]
    for item in (block.get("evidence") or {}).get("evidence") or []:
        if item.get("type") != "tendermint/DuplicateVoteEvidence":
            continue
        value = item["value"]
        a, b = value["vote_a"], value["vote_b"]
        if a["validator_address"].upper() != address:
            continue
        print(json.dumps({"height": int(a["height"]), "vote_a": vote(a), "vote_b": vote(b)}))
        return


main()
