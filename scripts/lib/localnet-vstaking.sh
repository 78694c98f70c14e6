# shellcheck shell=bash
# Virtual staking on the localnet's consumer chain (docs/VIRTUAL_STAKING.md), for
# scripts/localnet-story: the contract stored and instantiated by consumer-1's governance, the
# budget granted by a community-pool spend, bindings signed with the consumer validators'
# consensus keys, and the crank. Needs scripts/lib/localnet.sh and a loaded deployment.

# Rate and budget of the story: 5 ucons of voting stake per unit of restaked power (ustake), and
# 5,000 CONS granted; virtual stake at most half of the bonded stake.
VS_RATE="5"
VS_BUDGET=5000000000
VS_SHARE_BPS=5000

# The proposal envelope consumer-1's governance votes on (messages from a file: a store
# message is too long for a command line).
vs_proposal() { # file title messages-file
  jq -n --arg title "$2" --arg deposit "10000000" --arg denom "$CONSUMER_DENOM" --slurpfile messages "$3" '{
    messages: $messages[0], metadata: "", deposit: ($deposit + $denom), title: $title,
    summary: ("Palisade virtual staking: " + $title), expedited: false}' >"$1"
}

# Stores artifacts/virtual-staking.wasm (gzipped, instantiable by governance only), instantiates
# it, then grants the budget from the community pool. Sets VS.
vs_deploy() {
  local gov dir code_id pool wasm id
  gov="$(q consumer auth module-account gov 2>/dev/null | jq -r '.account.value.address // .account.base_account.address')"
  pool="$(q consumer auth module-account bonded_tokens_pool 2>/dev/null | jq -r '.account.value.address // .account.base_account.address')"
  dir="$LN_RUN/proposals"
  mkdir -p "$dir"
  gzip -9 -n -c artifacts/virtual-staking.wasm | base64 -w0 >"$dir/vs-code.b64"
  jq -n --arg gov "$gov" --rawfile code "$dir/vs-code.b64" '[{
    "@type": "/cosmwasm.wasm.v1.MsgStoreCode", sender: $gov, wasm_byte_code: $code,
    instantiate_permission: {permission: "AnyOfAddresses", addresses: [$gov]}}]' >"$dir/vs-store.msgs"
  vs_proposal "$dir/vs-store.json" "store the virtual-staking code" "$dir/vs-store.msgs"
  id="$(pass_proposal consumer "$dir/vs-store.json" 30000000)"
  local checksum
  checksum="$(sha256sum artifacts/virtual-staking.wasm | cut -d' ' -f1)"
  code_id="$(q consumer wasm list-code 2>/dev/null \
    | jq -r --arg c "$checksum" '[.code_infos[] | select((.data_hash | ascii_downcase) == $c) | .code_id][-1] // empty')"
  [[ -n "$code_id" ]] || die "no code with virtual-staking.wasm's checksum after proposal $id"
  show "proposal $id passed: virtual-staking code $code_id (sha256 $checksum)"

  local init
  init="$(jq -nc --arg gov "$gov" --arg consumer "$CONSUMER" --arg pool "$pool" --arg rate "$VS_RATE" \
    --argjson share "$VS_SHARE_BPS" --argjson unbonding "$LN_UNBONDING" '{owner: $gov, consumer: $consumer,
    params: {rate: $rate, max_bonded_share_bps: $share, bonded_pool: $pool,
    unbonding_period: $unbonding, min_change: "0"}}')"
  jq -n --arg gov "$gov" --argjson code "$code_id" --argjson msg "$init" '[{
    "@type": "/cosmwasm.wasm.v1.MsgInstantiateContract", sender: $gov, admin: $gov,
    code_id: ($code | tostring), label: "palisade-virtual-staking", msg: $msg, funds: []}]' \
    >"$dir/vs-instantiate.msgs"
  vs_proposal "$dir/vs-instantiate.json" "instantiate virtual staking" "$dir/vs-instantiate.msgs"
  id="$(pass_proposal consumer "$dir/vs-instantiate.json")"
  VS="$(q consumer wasm list-contract-by-code "$code_id" 2>/dev/null | jq -r '.contracts[0] // empty')"
  [[ -n "$VS" ]] || die "no virtual-staking contract after proposal $id"
  show "proposal $id passed: virtual staking at $VS (rate $VS_RATE, at most $((VS_SHARE_BPS / 100))% of the bonded stake)"

  # The community pool holds only the fee share so far: alice funds it, governance spends it.
  tx consumer alice distribution fund-community-pool "${VS_BUDGET}${CONSUMER_DENOM}" >/dev/null
  jq -n --arg gov "$gov" --arg to "$VS" --arg amount "$VS_BUDGET" --arg denom "$CONSUMER_DENOM" '[{
    "@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", authority: $gov, recipient: $to,
    amount: [{denom: $denom, amount: $amount}]}]' >"$dir/vs-grant.msgs"
  vs_proposal "$dir/vs-grant.json" "grant the budget" "$dir/vs-grant.msgs"
  id="$(pass_proposal consumer "$dir/vs-grant.json")"
  show "proposal $id passed: $VS_BUDGET $CONSUMER_DENOM spent from the community pool to the contract"
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

# Operator i's validator account binds it to operator i (provider valoper), signed by node ci.
vs_bind() { # i provider-valoper
  local validator signature
  validator="$(vs_validator "$1")"
  signature="$(vs_sign "c$1" "palisade-bind:$CONSUMER_CHAIN:$VS:$2:$validator")"
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
