# shellcheck shell=bash
# Virtual staking on the localnet's consumer chain (docs/VIRTUAL_STAKING.md), for
# scripts/localnet-story: the contract stored and instantiated by consumer-1's governance with the
# proposals scripts/proposals writes, the budget granted by a community-pool spend, bindings signed with the consumer validators'
# consensus keys, and the crank. Needs scripts/lib/localnet.sh and a loaded deployment.

# Rate and budget of the story: 5 ucons of voting stake per unit of restaked power (ustake), and
# 5,000 CONS granted; virtual stake at most half of the bonded stake.
VS_RATE="5"
VS_BUDGET=5000000000
VS_SHARE_BPS=5000

# The proposals, as a consumer chain's governance gets them: written by `scripts/proposals`
# (virtual-staking-store, then virtual-staking-instantiate, which instantiates the contract at
# its instantiate2 address and grants the budget from the community pool in the same proposal).
# Sets VS.
vs_deploy() {
  local gov dir code_id id out checksum got
  gov="$(q consumer auth module-account gov 2>/dev/null | jq -r '.account.value.address // .account.base_account.address')"
  dir="$LN_RUN/proposals"
  mkdir -p "$dir"
  cargo build --quiet --locked -p palisade-deploy --bin proposals
  local proposals="$LOCALNET_ROOT/target/debug/proposals"
  "$proposals" virtual-staking-store --prefix "$CONSUMER_PREFIX" --gov "$gov" \
    --deposit "10000000$CONSUMER_DENOM" --out "$dir" >/dev/null
  id="$(pass_proposal consumer "$dir/virtual-staking-store.json" 30000000)"
  checksum="$(sha256sum artifacts/virtual-staking.wasm | cut -d' ' -f1)"
  code_id="$(q consumer wasm list-code 2>/dev/null \
    | jq -r --arg c "$checksum" '[.code_infos[] | select((.data_hash | ascii_downcase) == $c) | .code_id][-1] // empty')"
  [[ -n "$code_id" ]] || die "no code with virtual-staking.wasm's checksum after proposal $id"
  show "proposal $id passed: virtual-staking code $code_id (sha256 $checksum)"

  # The community pool holds only the fee share so far: alice funds it, governance spends it.
  tx consumer alice distribution fund-community-pool "${VS_BUDGET}${CONSUMER_DENOM}" >/dev/null
  out="$("$proposals" virtual-staking-instantiate --prefix "$CONSUMER_PREFIX" --gov "$gov" \
    --deposit "10000000$CONSUMER_DENOM" --out "$dir" --virtual-staking-code-id "$code_id" \
    --consumer "$CONSUMER" --rate "$VS_RATE" --max-bonded-share-bps "$VS_SHARE_BPS" \
    --unbonding-period "$LN_UNBONDING" --min-change 0 --bond-denom "$CONSUMER_DENOM" \
    --budget "$VS_BUDGET")"
  VS="$(grep -F "predicted virtual-staking address" <<<"$out" | awk '{print $NF}')"
  id="$(pass_proposal consumer "$dir/virtual-staking-instantiate.json")"
  got="$(q consumer wasm list-contract-by-code "$code_id" 2>/dev/null | jq -r '.contracts[0] // empty')"
  [[ -n "$VS" && "$got" == "$VS" ]] || die "virtual staking is at '$got', not at its predicted address '$VS'"
  show "proposal $id passed: virtual staking at $VS, the predicted address (rate $VS_RATE, at most $((VS_SHARE_BPS / 100))% of the bonded stake)"
  got="$(q consumer bank balance "$VS" "$CONSUMER_DENOM" 2>/dev/null | jq -r '.balance.amount // "0"')"
  [[ "$got" == "$VS_BUDGET" ]] || die "virtual staking holds $got $CONSUMER_DENOM, not the $VS_BUDGET granted"
  show "  and $VS_BUDGET $CONSUMER_DENOM spent from the community pool to it, in the same proposal"
}

# The ed25519 signature of a binding by consumer validator node's consensus key (CometBFT's
# priv_validator_key.json), base64.
vs_sign() { # node payload
  node -e '
    const fs = require("fs"), crypto = require("crypto");
    const k = JSON.parse(fs.readFileSync(process.argv[1])).priv_key.value;
    const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"),
      Buffer.from(k, "base64").subarray(0, 32)]);
    const key = crypto.createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    process.stdout.write(crypto.sign(null, Buffer.from(process.argv[2]), key).toString("base64"));
  ' "$(home_of "$1")/config/priv_validator_key.json" "$2"
}

# The consumer validator run by operator i (its operator account is operator i's key there).
vs_validator() { "$LN_BIN/consd" keys show "operator$1" --bech val -a --keyring-backend test --home "$(home_of c0)" 2>/dev/null; }

# Operator i's validator account binds it to operator i (provider valoper), signed by node ci
# with the operator's binding nonce.
vs_bind() { # i provider-valoper
  local validator signature nonce
  validator="$(vs_validator "$1")"
  nonce="$(smart consumer "$VS" "{\"binding_nonce\":{\"operator\":\"$2\"}}")"
  signature="$(vs_sign "c$1" "palisade-bind:$CONSUMER_CHAIN:$VS:$2:$validator:$nonce")"
  exec_c "operator$1" "$VS" "{\"bind_validator\":{\"operator\":\"$2\",\"validator\":\"$validator\",\"signature\":\"$signature\"}}" >/dev/null
}

# What x/staking holds for the contract at operator i's consumer validator.
vs_delegated() { # i
  q consumer staking delegation "$VS" "$(vs_validator "$1")" 2>/dev/null \
    | jq -r '.delegation_response.balance.amount // "0"' || echo 0
}

# CometBFT's voting power of consumer validator node ci (by its consensus key).
vs_voting_power() { # i
  curl -sf "$(rpc_of c0)/validators" | jq -r --arg k "$(vs_key "$1")" \
    '[.result.validators[] | select(.pub_key.value == $k) | .voting_power][0] // "0"'
}
vs_key() { "$LN_BIN/consd" comet show-validator --home "$(home_of "c$1")" 2>/dev/null | jq -r .key; }

# Anyone cranks; prints the transaction's result.
vs_sync() { exec_c bob "$VS" '{"sync":{}}'; }
