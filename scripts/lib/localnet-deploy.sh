#!/usr/bin/env bash
# `scripts/localnet deploy`: Palisade deployed on the running localnet by governance, as
# docs/GOVERNANCE.md and docs/guides/CONSUMERS.md tell a real network to do it: every contract
# stored and instantiated by proposals that `scripts/proposals` writes and x/gov executes, at the
# predicted instantiate2 addresses; the consumer admitted; the palisade-1 channel opened by the
# relayer; the relayer started. Writes target/localnet/run/deployment.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
LN_SCRIPT="localnet deploy"
# shellcheck source=localnet.sh
source scripts/lib/localnet.sh

[[ -n "$(height_of p0)" && -n "$(height_of c0)" ]] || die "the chains are not running: scripts/localnet up"
[[ -f "$LN_RUN/deployment.json" ]] && die "already deployed ($LN_RUN/deployment.json)"
PROPOSALS="$LN_RUN/proposals"
mkdir -p "$PROPOSALS"
cargo build --quiet --locked -p palisade-deploy --bin proposals
proposals() { "$ROOT/target/debug/proposals" "$@"; }

# The last printed line of `proposals` that starts with a label.
printed() { grep -F "$1" <<<"$2" | head -1 | awk '{print $NF}'; }

# Code ids of the codes stored by governance, by artifact name (matched by checksum).
code_id_of() { # chain artifact
  local sum
  sum="$(awk -v f="$2.wasm" '$2 == f {print toupper($1)}' artifacts/checksums.txt)"
  q "$1" wasm list-code --limit 200 2>/dev/null \
    | jq -r --arg s "$sum" '[.code_infos[] | select((.data_hash | ascii_upcase) == $s) | .code_id][-1] // empty'
}

module_of() { q "$1" auth module-account "$2" 2>/dev/null | jq -r '.account.value.address // .account.base_account.address'; }
gov_of() { module_of "$1" gov; }

PGOV="$(gov_of provider)"
CGOV="$(gov_of consumer)"
PDEPOSIT="10000000$PROVIDER_DENOM"
CDEPOSIT="10000000$CONSUMER_DENOM"
SOURCE="$(git rev-parse HEAD 2>/dev/null || echo local)"
# Fixed gas of one contract's store proposal (a store cannot be simulated through the RPC; each
# of ours uses about 30 million).
STORE_GAS=50000000

# --- the provider suite ----------------------------------------------------------------------
# One store proposal per contract (`store --contract`): the whole suite in one transaction costs
# about 114 million gas, above many chains' block gas limit; each contract costs about a quarter.
# Each is voted as soon as it is submitted (the localnet's voting period is 10 s), then the four
# are awaited: their voting periods overlap.
say "provider: store proposals, one per contract (hub, LRT, registry, relay, slash book), voting periods overlapping"
ids=()
for name in hub lrt registry relay slash-book; do
  proposals store --contract "$name" --prefix "$PROVIDER_PREFIX" --gov "$PGOV" --deposit "$PDEPOSIT" \
    --source "$SOURCE" --out "$PROPOSALS" >/dev/null
  ids+=("$(submit_proposal provider "$PROPOSALS/store-$name.json" "$STORE_GAS")")
  vote_proposal provider "${ids[-1]}"
done
for id in "${ids[@]}"; do wait_proposal provider "$id"; done
declare -A CODE
for name in hub lrt registry relay slash-book; do
  CODE[$name]="$(code_id_of provider "$name")"
  [[ -n "${CODE[$name]}" ]] || die "no code with $name.wasm's checksum after proposals ${ids[*]}"
done
say "provider: proposals ${ids[*]} passed: code ids hub ${CODE[hub]}, lrt ${CODE[lrt]}, registry ${CODE[registry]}, relay ${CODE[relay]}, slash book ${CODE[slash-book]}"

valoper() {
  "$LN_BIN/wasmd" keys show "$1" --bech val -a --keyring-backend test --home "$(home_of p0)" 2>/dev/null
}
OPERATORS="$(valoper operator0):1,$(valoper operator1):1,$(valoper operator2):1"
# Timing: claims 60 s after x/staking pays (the least settlement margin); batches at least 7 per
# unbonding (x/staking's 7 entries) and at least twice the margin apart (the hub's rule, so that a
# batch can settle before the next one's entries complete).
WITHDRAWAL=$((LN_UNBONDING + 60))
EPOCH=$(((LN_UNBONDING + 60 + 6) / 7))
((EPOCH >= 120)) || EPOCH=120
say "provider: instantiate proposal (the suite at its predicted addresses, linked)"
out="$(proposals instantiate --prefix "$PROVIDER_PREFIX" --gov "$PGOV" --deposit "$PDEPOSIT" \
  --source "$SOURCE" --out "$PROPOSALS" \
  --hub-code-id "${CODE[hub]}" --lrt-code-id "${CODE[lrt]}" --registry-code-id "${CODE[registry]}" \
  --relay-code-id "${CODE[relay]}" --slash-book-code-id "${CODE[slash-book]}" --bond-denom "$PROVIDER_DENOM" --operator "$OPERATORS" \
  --epoch-period "$EPOCH" --unbonding-period "$LN_UNBONDING" --withdrawal-delay "$WITHDRAWAL" \
  --fee-bps 1000 --fee-recipient "$(addr provider treasury)" --max-pause-duration 86400 \
  --lrt-name "Palisade restaked stake" --lrt-symbol rSTAKE \
  --risk-timelock 20 --allocation-delay 10 --max-total-allocation 2 --max-commission-bps 2000 \
  --packet-timeout "$LN_PACKET_TIMEOUT" --max-operators-per-update 50)"
HUB="$(printed "predicted hub address" "$out")"
LRT="$(printed "predicted LRT address" "$out")"
REGISTRY="$(printed "predicted registry address" "$out")"
RELAY="$(printed "predicted relay address" "$out")"
SLASH_BOOK="$(printed "predicted slash book address" "$out")"
id="$(pass_proposal provider "$PROPOSALS/instantiate.json")"
for pair in "hub:$HUB" "lrt:$LRT" "registry:$REGISTRY" "relay:$RELAY" "slash-book:$SLASH_BOOK"; do
  name="${pair%%:*}"
  got="$(q provider wasm list-contract-by-code "${CODE[$name]}" 2>/dev/null | jq -r '.contracts[0] // empty')"
  [[ "$got" == "${pair#*:}" ]] || die "$name is at '$got', not at its predicted address ${pair#*:}"
done
say "provider: proposal $id passed: hub $HUB, relay $RELAY, slash book $SLASH_BOOK (the predicted addresses)"

# --- the consumer contract, by the consumer chain's governance --------------------------------
say "consumer: store proposal"
proposals consumer-store --prefix "$CONSUMER_PREFIX" --gov "$CGOV" --deposit "$CDEPOSIT" \
  --source "$SOURCE" --out "$PROPOSALS" >/dev/null
id="$(pass_proposal consumer "$PROPOSALS/consumer-store.json" 50000000)"
CODE[consumer]="$(code_id_of consumer consumer)"
[[ -n "${CODE[consumer]}" ]] || die "no code with consumer.wasm's checksum after proposal $id"
CCONN="$(jq -r '.chains.src."connection-id"' "$LN_RUN/path.json")"
PCONN="$(jq -r '.chains.dst."connection-id"' "$LN_RUN/path.json")"
say "consumer: instantiate proposal (over $CCONN, reporter $(addr consumer reporter))"
out="$(proposals consumer-instantiate --prefix "$CONSUMER_PREFIX" --gov "$CGOV" --deposit "$CDEPOSIT" \
  --source "$SOURCE" --out "$PROPOSALS" --consumer-code-id "${CODE[consumer]}" \
  --provider-connection-id "$CCONN" --relay "$RELAY" --provider-prefix "$PROVIDER_PREFIX" \
  --packet-timeout "$LN_PACKET_TIMEOUT" --reporter "$(addr consumer reporter)")"
CONSUMER="$(printed "predicted consumer address" "$out")"
id="$(pass_proposal consumer "$PROPOSALS/consumer-instantiate.json")"
got="$(q consumer wasm list-contract-by-code "${CODE[consumer]}" 2>/dev/null | jq -r '.contracts[0] // empty')"
[[ "$got" == "$CONSUMER" ]] || die "the consumer is at '$got', not at its predicted address $CONSUMER"
say "consumer: proposal $id passed: consumer $CONSUMER"

# --- admission on the provider, reward denoms, the channel ------------------------------------
channel_on() { # chain port -> the open channel of that port
  q "$1" ibc channel channels 2>/dev/null \
    | jq -r --arg p "$2" '[.channels[] | select(.port_id == $p and .state == "STATE_OPEN") | .channel_id][-1] // empty'
}
PTRANSFER="$(channel_on provider transfer)"
CTRANSFER="$(channel_on consumer transfer)"
REWARD_DENOM="ibc/$(printf 'transfer/%s/%s' "$PTRANSFER" "$CONSUMER_DENOM" | sha256sum | cut -d' ' -f1 | tr a-f A-F)"
# The consumer's slashed funds go, on purpose, to x/distribution's module account (as a consumer
# naming the provider's community pool by its module address would): x/bank refuses sends to it,
# and the story's step 9 shows the payout waiting, settlement going on, and governance
# redirecting it.
PDISTRIBUTION="$(module_of provider distribution)"
CPARAMS="$(jq -nc --arg conn "$PCONN" --arg port "wasm.$CONSUMER" --arg denom "$REWARD_DENOM" \
  --arg slashed_to "$PDISTRIBUTION" --argjson ub "$LN_UNBONDING" '{
    connection_id: $conn, counterparty_port: $port, unbonding_period: $ub,
    double_sign_fraction: "0.05", downtime_fraction: "0.01", veto_period: 30, downtime_jail: 60,
    slash_rate_limit: {max_fraction: "0.5", window: 3600}, slashed_funds: {address: {address: $slashed_to}},
    reward_denoms: [$denom], commission_bounds: {min_bps: 0, max_bps: 2000}, max_operators: 10}')"
say "provider: admit $CONSUMER_CHAIN (propose_consumer) and accept its reward denom $REWARD_DENOM"
proposals execute --prefix "$PROVIDER_PREFIX" --gov "$PGOV" --deposit "$PDEPOSIT" --out "$PROPOSALS" \
  --title "admit $CONSUMER_CHAIN" --name admit \
  --action "registry=$REGISTRY={\"propose_consumer\":{\"chain_id\":\"$CONSUMER_CHAIN\",\"params\":$CPARAMS}}" \
  --action "lrt=$LRT={\"add_reward_denom\":{\"denom\":\"$REWARD_DENOM\"}}" >/dev/null
id="$(pass_proposal provider "$PROPOSALS/admit.json")"
activatable="$(q provider wasm contract-state smart "$REGISTRY" "{\"consumer\":{\"chain_id\":\"$CONSUMER_CHAIN\"}}" \
  2>/dev/null | jq -r '.data.activatable_at')"
say "provider: proposal $id passed; $CONSUMER_CHAIN proposed, activatable at $activatable"

say "consumer: set_reward_route proposal ($CONSUMER_DENOM over $CTRANSFER)"
proposals execute --prefix "$CONSUMER_PREFIX" --gov "$CGOV" --deposit "$CDEPOSIT" --out "$PROPOSALS" \
  --title "reward route" --name reward-route \
  --action "consumer=$CONSUMER={\"set_reward_route\":{\"transfer_channel\":\"$CTRANSFER\",\"denoms\":[{\"local\":\"$CONSUMER_DENOM\",\"provider\":\"$REWARD_DENOM\"}]}}" \
  >/dev/null
id="$(pass_proposal consumer "$PROPOSALS/reward-route.json")"
say "consumer: proposal $id passed"

# The risk timelock (20 s) has run during the consumer's vote; activation is a proposal too.
proposals execute --prefix "$PROVIDER_PREFIX" --gov "$PGOV" --deposit "$PDEPOSIT" --out "$PROPOSALS" \
  --title "activate $CONSUMER_CHAIN" --name activate \
  --action "registry=$REGISTRY={\"activate_consumer\":{\"chain_id\":\"$CONSUMER_CHAIN\"}}" >/dev/null
id="$(pass_proposal provider "$PROPOSALS/activate.json")"
say "provider: proposal $id passed; $CONSUMER_CHAIN is $(q provider wasm contract-state smart "$REGISTRY" \
  "{\"consumer\":{\"chain_id\":\"$CONSUMER_CHAIN\"}}" 2>/dev/null | jq -r '.data.status')"

say "relayer: the palisade-1 channel from wasm.$CONSUMER to wasm.$RELAY"
"$LN_BIN/rly" --home "$LN_RUN/rly" tx channel palisade --src-port "wasm.$CONSUMER" --dst-port "wasm.$RELAY" \
  --order unordered --version palisade-1 >>"$LN_RUN/logs/relayer-setup.log" 2>&1 \
  || die "rly tx channel failed (log: $LN_RUN/logs/relayer-setup.log)"
PCHANNEL="$(channel_on provider "wasm.$RELAY")"
CCHANNEL="$(channel_on consumer "wasm.$CONSUMER")"
[[ -n "$PCHANNEL" && -n "$CCHANNEL" ]] || die "the palisade-1 channel is not open on both ends"
say "palisade-1 open: $CCHANNEL on $CONSUMER_CHAIN, $PCHANNEL on $PROVIDER_CHAIN"
scripts/localnet start relayer

jq -n --arg hub "$HUB" --arg lrt "$LRT" --arg registry "$REGISTRY" --arg relay "$RELAY" \
  --arg book "$SLASH_BOOK" --arg consumer "$CONSUMER" --argjson codes "$(for k in "${!CODE[@]}"; do echo "{\"$k\": ${CODE[$k]}}"; done | jq -s add)" \
  --arg pconn "$PCONN" --arg cconn "$CCONN" --arg pchan "$PCHANNEL" --arg cchan "$CCHANNEL" \
  --arg ptransfer "$PTRANSFER" --arg ctransfer "$CTRANSFER" --arg reward "$REWARD_DENOM" \
  --arg prpc "$(rpc_of p0)" --arg crpc "$(rpc_of c0)" --argjson epoch "$EPOCH" \
  --argjson withdrawal "$WITHDRAWAL" --argjson unbonding "$LN_UNBONDING" '{
    provider: {chain_id: "provider-1", rpc: $prpc, denom: "stake", prefix: "wasm",
      hub: $hub, lrt: $lrt, registry: $registry, relay: $relay, slash_book: $book,
      connection: $pconn, palisade_channel: $pchan, transfer_channel: $ptransfer,
      epoch_period: $epoch, unbonding_period: $unbonding, withdrawal_delay: $withdrawal},
    consumer: {chain_id: "consumer-1", rpc: $crpc, denom: "ucons", prefix: "cons",
      consumer: $consumer, connection: $cconn, palisade_channel: $cchan,
      transfer_channel: $ctransfer, reward_denom_on_provider: $reward},
    code_ids: $codes}' >"$LN_RUN/deployment.json"
say "deployed: $LN_RUN/deployment.json"
