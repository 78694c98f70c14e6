# Shared settings and helpers of the wasmd localnet (scripts/localnet, scripts/localnet-story and
# the localnet tests). Sourced, never run. Everything lives under target/localnet: the Go module
# and build caches, the binaries, and the running chains' homes, logs and pid files.
#
# The chains (docs/LOCALNET.md):
#   provider-1  prefix wasm, denom stake, 3 validators (p0 p1 p2), each a Palisade operator
#   consumer-1  prefix cons, denom ucons, 2 validators (c0 c1), run by operators 0 and 1

LOCALNET_ROOT="${LOCALNET_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
LN="$LOCALNET_ROOT/target/localnet"
LN_BIN="$LN/bin"
# wasmd links libwasmvm from wasmvm's module folder; the build copies it here (the Go caches are
# freed once the binaries are built), and every binary the scripts run finds it here.
LN_LIB="$LN_BIN/lib"
export LD_LIBRARY_PATH="$LN_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
LN_RUN="$LN/run"

# Pinned releases (docs/DECISIONS.md, "The localnet's binaries").
WASMD_MODULE="github.com/CosmWasm/wasmd"
WASMD_VERSION="v0.55.1"
RLY_MODULE="github.com/cosmos/relayer/v2"
RLY_VERSION="v2.6.0"

# One fixed mnemonic; each account is an HD account index of it (keys below).
LN_MNEMONIC="abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art"
# name:account-index. Operators 0-2 run the provider validators (and 0-1 the consumer's); dave is
# the staker of the app's browser tests (app/e2e), who stakes through a test Keplr wallet.
LN_KEYS=(operator0:0 operator1:1 operator2:2 alice:11 bob:12 carol:13 reporter:14 treasury:15 dave:16)
# The relayer's own mnemonic: rly restores only a mnemonic's first account.
LN_RELAYER_MNEMONIC="abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

PROVIDER_CHAIN="provider-1"
PROVIDER_DENOM="stake"
PROVIDER_PREFIX="wasm"
CONSUMER_CHAIN="consumer-1"
CONSUMER_DENOM="ucons"
CONSUMER_PREFIX="cons"
GAS_PRICE_AMOUNT="0.025"

# Chain timing, short enough for a story and real enough to exercise every rule.
LN_UNBONDING=${LN_UNBONDING:-180}     # x/staking unbonding_time, seconds, both chains
LN_VOTING=${LN_VOTING:-10}            # x/gov voting_period, seconds
LN_BLOCK_TIME=${LN_BLOCK_TIME:-1s}    # CometBFT timeout_commit
LN_BLOCK_WAIT=${LN_BLOCK_WAIT:-90}    # seconds `up` waits for each chain's blocks
# Packet timeout of the relay's power updates and the consumer's slash requests and notices:
# short, so that a relayer stopped for a minute lets one time out (the fault drill).
LN_PACKET_TIMEOUT=${LN_PACKET_TIMEOUT:-30}

# Ports: node n (p0 p1 p2 c0 c1 c1b = 0..5) listens on LN_PORT_BASE + 100 n + {56 p2p, 57 rpc,
# 58 abci, 90 grpc, 17 api}. Below Linux's ephemeral range (32768-60999), where an outgoing
# connection's local port could take one of them first.
LN_PORT_BASE=${LN_PORT_BASE:-27000}
LN_NODES=(p0 p1 p2 c0 c1)
# Nodes started only by the story: c1b runs c1's validator key a second time (step 14, a real
# double sign). Index 5 for its ports; `down` stops it too.
LN_EXTRA_NODES=(c1b)

node_index() {
  local i all=("${LN_NODES[@]}" "${LN_EXTRA_NODES[@]}")
  for i in "${!all[@]}"; do
    [[ "${all[$i]}" == "$1" ]] && { echo "$i"; return; }
  done
  echo "localnet: unknown node $1" >&2
  return 1
}
port_of() { # node kind
  local base=$((LN_PORT_BASE + 100 * $(node_index "$1")))
  case "$2" in
    p2p) echo $((base + 56)) ;;
    rpc) echo $((base + 57)) ;;
    abci) echo $((base + 58)) ;;
    grpc) echo $((base + 90)) ;;
    api) echo $((base + 17)) ;;
  esac
}
chain_of() { [[ "$1" == p* ]] && echo "$PROVIDER_CHAIN" || echo "$CONSUMER_CHAIN"; }
binary_of() { [[ "$1" == p* ]] && echo "$LN_BIN/wasmd" || echo "$LN_BIN/consd"; }
home_of() { echo "$LN_RUN/$1"; }
rpc_of() { echo "http://127.0.0.1:$(port_of "$1" rpc)"; }

# The Go toolchain's caches stay inside the clone.
go_env() {
  export GOMODCACHE="$LN/gomod" GOCACHE="$LN/gocache" GOFLAGS=-buildvcs=false GOWORK=off
}

say() { printf '%s: %s\n' "${LN_SCRIPT:-localnet}" "$*"; }
die() { printf '%s: error: %s\n' "${LN_SCRIPT:-localnet}" "$*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Latest block height a node reports, or empty.
height_of() { curl -sf --max-time 2 "$(rpc_of "$1")/status" | jq -r '.result.sync_info.latest_block_height' 2>/dev/null || true; }

# Waits until `node` reports a height above `min`, at most `timeout` seconds.
wait_height() { # node min timeout
  local node=$1 min=$2 timeout=${3:-$LN_BLOCK_WAIT} t=0 h
  while :; do
    h="$(height_of "$node")"
    [[ -n "$h" && "$h" != null && "$h" -gt "$min" ]] && return 0
    ((t >= timeout)) && return 1
    sleep 1
    t=$((t + 1))
  done
}

# --- Transactions and queries through the CLI, on node 0 of each chain ------------------------

# provider|consumer -> node 0, binary, chain id, denom
chain_node() { [[ "$1" == provider ]] && echo p0 || echo c0; }
cli() { # chain args... : the chain's binary against its node 0, test keyring
  local chain=$1 node
  shift
  node="$(chain_node "$chain")"
  "$(binary_of "$node")" --home "$(home_of "$node")" --node "$(rpc_of "$node")" "$@"
}
q() { # chain args... -> JSON
  cli "$1" query "${@:2}" -o json
}
denom_of() { [[ "$1" == provider ]] && echo "$PROVIDER_DENOM" || echo "$CONSUMER_DENOM"; }
chain_id_of() { [[ "$1" == provider ]] && echo "$PROVIDER_CHAIN" || echo "$CONSUMER_CHAIN"; }

# Sends a transaction, waits for it in a block and prints its result JSON (tx_response). Fails
# with the chain's log when the check or the execution fails. Gas from simulation, or LN_GAS.
tx() { # chain from args...
  local chain=$1 from=$2 out err code
  shift 2
  err="$(mktemp)"
  if ! out="$(cli "$chain" tx "$@" --from "$from" --keyring-backend test \
    --chain-id "$(chain_id_of "$chain")" --gas "${LN_GAS:-auto}" --gas-adjustment 1.4 \
    --gas-prices "${GAS_PRICE_AMOUNT}$(denom_of "$chain")" --broadcast-mode sync -y -o json 2>"$err")"; then
    grep -v "sonic only supports" "$err" >&2
    rm -f "$err"
    return 1
  fi
  rm -f "$err"
  code="$(jq -r '.code' <<<"$out" 2>/dev/null || echo unparsable)"
  if [[ "$code" != 0 ]]; then
    echo "$out" >&2
    return 1
  fi
  out="$(wait_tx "$chain" "$(jq -r '.txhash' <<<"$out")")" || return 1
  log_gas "$chain" "$out" "$@"
  echo "$out"
}

# Waits for a broadcast transaction in a block and prints its result JSON (tx_response); fails
# with the chain's log when its execution failed.
wait_tx() { # chain hash
  local out i
  for i in $(seq 60); do
    if out="$(q "$1" tx "$2" 2>/dev/null)"; then
      if [[ "$(jq -r '.code' <<<"$out")" != 0 ]]; then
        jq -r '.raw_log' <<<"$out" >&2
        return 1
      fi
      echo "$out"
      return 0
    fi
    sleep 0.5
  done
  echo "tx $2 not found in a block after 30 s" >&2
  return 1
}

# A contract call on the provider signed now and broadcast later by `broadcast_signed`, for a
# transaction that must reach the mempool within a block: fixed gas (a simulation would run it
# now), the account's next sequence (it sends nothing else meanwhile). Prints it in base64.
presign_p() { # from contract msg gas
  local dir
  dir="$(mktemp -d)"
  cli provider tx wasm execute "$2" "$3" --from "$1" --keyring-backend test --chain-id "$PROVIDER_CHAIN" \
    --gas "$4" --gas-prices "${GAS_PRICE_AMOUNT}$PROVIDER_DENOM" --generate-only -o json >"$dir/tx.json" 2>/dev/null \
    && cli provider tx sign "$dir/tx.json" --from "$1" --keyring-backend test --chain-id "$PROVIDER_CHAIN" \
      -o json >"$dir/signed.json" 2>/dev/null \
    && cli provider tx encode "$dir/signed.json" 2>/dev/null
  local status=$?
  rm -rf "$dir"
  return $status
}

# Sends a signed transaction (base64) to the provider's node 0 through CometBFT's RPC, the
# quickest path into the mempool; prints its hash. Fails when the mempool's check refuses it.
broadcast_signed() { # tx-base64
  local out
  out="$(curl -sf --max-time 5 "$(rpc_of p0)" -H 'content-type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"broadcast_tx_sync\",\"params\":{\"tx\":\"$1\"}}")" || return 1
  if [[ "$(jq -r .result.code <<<"$out")" != 0 ]]; then
    jq -r .result.log <<<"$out" >&2
    return 1
  fi
  jq -r .result.hash <<<"$out"
}

# Appends a transaction's gas to $LN_RUN/gas.tsv: chain, kind, gas used, gas wanted.
# The kind of a contract call is `<contract>.<message>` (names from deployment.json).
log_gas() { # chain result tx-args...
  local chain=$1 result=$2 kind
  shift 2
  if [[ "$1 $2" == "wasm execute" ]]; then
    local name
    name="$(jq -r --arg a "$3" '[.provider, .consumer | to_entries[] | select(.value == $a) | .key][0] // "contract"' \
      "$LN_RUN/deployment.json" 2>/dev/null || echo contract)"
    kind="$name.$(jq -r 'keys[0]' <<<"$4" 2>/dev/null || echo unknown)"
  else
    kind="$1 $2"
  fi
  printf '%s\t%s\t%s\t%s\n' "$chain" "$kind" "$(jq -r .gas_used <<<"$result")" \
    "$(jq -r .gas_wanted <<<"$result")" >>"$LN_RUN/gas.tsv" 2>/dev/null || true
}

# An event attribute's value from a tx result: first match of type.key.
event_attr() { # json type key
  jq -r --arg t "$2" --arg k "$3" \
    '[.events[] | select(.type == $t) | .attributes[] | select(.key == $k) | .value][0] // empty' <<<"$1"
}

# Account address of a key on a chain.
addr() {
  local node
  node="$(chain_node "$1")"
  "$(binary_of "$node")" keys show "$2" -a --keyring-backend test --home "$(home_of "$node")" 2>/dev/null
}

# Submits a proposal file from operator0; prints its id.
submit_proposal() { # chain file [gas]
  local chain=$1 file=$2 result id
  # A store proposal cannot be simulated through a node's default RPC: the simulation sends the
  # transaction hex-encoded, twice its size, over max_body_bytes (1 MB); it takes a fixed gas.
  result="$(LN_GAS="${3:-auto}" tx "$chain" operator0 gov submit-proposal "$file")" \
    || die "submitting $file failed"
  id="$(event_attr "$result" submit_proposal proposal_id)"
  say "  proposal $id: $(basename "$file"), $(stat -c %s "$file") bytes, gas used $(jq -r .gas_used <<<"$result")" >&2
  echo "$id"
}
# Votes yes on a proposal with every validator of the chain.
vote_proposal() { # chain id
  local voters voter
  [[ "$1" == provider ]] && voters="operator0 operator1 operator2" || voters="operator0 operator1"
  for voter in $voters; do
    LN_GAS=300000 tx "$1" "$voter" gov vote "$2" yes >/dev/null || die "vote of $voter on proposal $2 failed"
  done
}
# Waits until x/gov has executed a proposal; fails with x/gov's reason if it did not pass.
wait_proposal() { # chain id
  local chain=$1 id=$2 status i
  for i in $(seq $((LN_VOTING * 4 + 40))); do
    status="$(q "$chain" gov proposal "$id" 2>/dev/null | jq -r '.proposal.status')"
    case "$status" in
      PROPOSAL_STATUS_PASSED | 3) return 0 ;;
      PROPOSAL_STATUS_REJECTED | PROPOSAL_STATUS_FAILED | 4 | 5)
        q "$chain" gov proposal "$id" 2>/dev/null | jq -r '.proposal.failed_reason' >&2
        die "proposal $id ended $status" ;;
    esac
    sleep 0.5
  done
  die "proposal $id still $status after the voting period"
}
# Submits a proposal file, votes yes with every validator of the chain and waits until x/gov has
# executed it. Prints the proposal id.
pass_proposal() { # chain file [gas]
  local id
  id="$(submit_proposal "$@")"
  vote_proposal "$1" "$id"
  wait_proposal "$1" "$id"
  echo "$id"
}

# --- reading and driving the deployed suite (scripts/localnet-story, scripts/localnet rewards,
# the app's browser tests) ----------------------------------------------------------------------

# Sets HUB LRT REGISTRY RELAY SLASH_BOOK CONSUMER REWARD_DENOM from deployment.json.
load_deployment() {
  local d="$LN_RUN/deployment.json"
  [[ -f "$d" ]] || die "not deployed: scripts/localnet deploy"
  HUB="$(jq -r .provider.hub "$d")"
  LRT="$(jq -r .provider.lrt "$d")"
  REGISTRY="$(jq -r .provider.registry "$d")"
  RELAY="$(jq -r .provider.relay "$d")"
  SLASH_BOOK="$(jq -r .provider.slash_book "$d")"
  CONSUMER="$(jq -r .consumer.consumer "$d")"
  REWARD_DENOM="$(jq -r .consumer.reward_denom_on_provider "$d")"
}
exec_p() { # from contract msg [funds]
  local funds=()
  [[ -n "${4:-}" ]] && funds=(--amount "$4")
  tx provider "$1" wasm execute "$2" "$3" "${funds[@]}"
}
exec_c() { tx consumer "$1" wasm execute "$2" "$3"; }
smart() { q "$1" wasm contract-state smart "$2" "$3" 2>/dev/null | jq -c .data; }
balance() { q "$1" bank balance "$2" "$3" 2>/dev/null | jq -r .balance.amount; }
# Polls until a command prints a non-empty line other than null, at most N seconds.
wait_for() { # seconds description command...
  local seconds=$1 what=$2 out i
  shift 2
  for i in $(seq "$seconds"); do
    out="$("$@" 2>/dev/null || true)"
    [[ -n "$out" && "$out" != null ]] && { echo "$out"; return 0; }
    sleep 1
  done
  die "waited $seconds s for $what"
}

# Consumer rewards over real ICS-20: the treasury pays AMOUNT ucons to the consumer contract, which
# forwards them to the relay (an ICS-20 transfer and a rewards_notice, one transaction). Waits for
# the provider's answer. The two packets travel on different channels; when the relayer delivers
# the notice first, the relay refuses it (its tokens are not there yet), and once they are, the
# reporter sends it again. Prints the notice's final status; explains a resend on stderr.
consumer_rewards() { # amount
  load_deployment
  tx consumer treasury bank send "$(addr consumer treasury)" "$CONSUMER" "$1$CONSUMER_DENOM" >/dev/null
  forward_consumer_rewards
}
# The consumer contract forwards its whole ucons balance; waits for the provider's answer (a
# notice that overtook its tokens is resent once they are there) and prints its status.
forward_consumer_rewards() {
  local status
  exec_c treasury "$CONSUMER" '{"forward_rewards":{"denom":"ucons"}}' >/dev/null
  status="$(wait_for 90 "the provider's answer to the rewards notice" notice_status)"
  if [[ "$status" == rejected ]]; then
    printf '   the notice overtook its tokens and was refused: %s\n' \
      "$(smart consumer "$CONSUMER" '{"notices":{}}' | jq -c '.[0].status')" >&2
    printf '   the relay holds %s %s; the reporter resends the notice\n' \
      "$(wait_for 60 "the ICS-20 tokens at the relay" relay_holds_rewards)" "$REWARD_DENOM" >&2
    exec_c reporter "$CONSUMER" "{\"resend_notice\":{\"notice_id\":$(smart consumer "$CONSUMER" '{"notices":{}}' | jq -r '.[0].notice_id')}}" >/dev/null
    sleep 2
    status="$(wait_for 90 "the provider's answer to the resent notice" notice_status)"
  fi
  echo "$status"
}
# The newest notice's status once it is no longer in flight.
notice_status() {
  smart consumer "$CONSUMER" '{"notices":{}}' | jq -r '.[0] | .status | if type == "string" then . else keys[0] end' | grep -v in_flight
}
relay_holds_rewards() { balance provider "$RELAY" "$REWARD_DENOM" | grep -v '^0$'; }
