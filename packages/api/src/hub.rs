//! Messages and responses of the hub: the vault that takes deposits, delegates them through
//! x/staking, mints and burns the LRT, compounds rewards and pays out unbonding batches.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (governance); can be handed over with the two-step `update_ownership`.
    pub owner: String,
    /// May pause deposits and unbond requests for at most `max_pause_duration`.
    pub guardian: Option<String>,
    /// The provider's staking denom.
    pub bond_denom: String,
    /// The LRT, instantiated beforehand (in the same proposal, at an `instantiate2` address) with
    /// the hub as its only minter, no cap and no supply; the hub checks all three.
    pub lrt: String,
    /// Initial operator validators with their target weights.
    pub operators: Vec<OperatorWeight>,
    pub params: Params,
}

/// The hub's parameters. Set at instantiation and replaced as a whole by `update_params`, so a
/// governance proposal always states every value and they are validated together.
#[cw_serde]
pub struct Params {
    /// Seconds between two batch submissions. `7 × epoch_period` must cover
    /// `unbonding_period` plus [`MIN_SETTLEMENT_MARGIN`] (x/staking allows 7 unbonding entries per
    /// validator).
    pub epoch_period: u64,
    /// The provider's x/staking unbonding time in seconds.
    pub unbonding_period: u64,
    /// Seconds from a batch's submission until it settles and its requests can be claimed; at
    /// least `unbonding_period` plus [`MIN_SETTLEMENT_MARGIN`]. What it adds to the unbonding
    /// period is the settlement margin (the hub waits that long after x/staking's completion).
    pub withdrawal_delay: u64,
    /// Protocol fee on staking rewards, in basis points (at most 2,000).
    pub fee_bps: u16,
    pub fee_recipient: String,
    /// Longest pause the guardian may impose, in seconds (at most 30 days).
    pub max_pause_duration: u64,
}

/// x/staking's default `max_entries`: unbonding (and redelegation) entries per delegator/validator.
pub const MAX_UNBONDING_ENTRIES: u64 = 7;
/// Shortest settlement margin: the time after an unbonding entry's completion before the hub treats
/// its tokens as arrived. x/staking pays a matured entry at the end of the first block whose time
/// reaches the completion, so the margin must outlast that block; governance chooses a longer one
/// through `withdrawal_delay` (a batch settles when its claims open).
pub const MIN_SETTLEMENT_MARGIN: u64 = 60;
/// Highest protocol fee: 20%.
pub const MAX_FEE_BPS: u16 = 2_000;
/// Longest `max_pause_duration`: 30 days.
pub const MAX_PAUSE_CAP: u64 = 30 * 24 * 3_600;
/// Upper bound of the operator set, which bounds every loop over operators.
pub const MAX_OPERATORS: usize = 50;

/// Why [`Params`] are refused. The hub, the proposal generator and frontends share these rules.
#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum ParamsError {
    #[error("epoch_period and unbonding_period must be positive")]
    ZeroPeriod,

    #[error("7 × epoch_period must be at least {min}s (unbonding_period + 60 s), or x/staking's 7-entry limit could be hit")]
    EpochTooShort { min: u64 },

    #[error("withdrawal_delay must be at least {min}s (unbonding_period + 60 s), so batches settle after x/staking paid their entries")]
    WithdrawalDelayTooShort { min: u64 },

    #[error("withdrawal_delay must be at most {max}s (unbonding_period + half an epoch_period): a batch settles only before the next batch's entries complete, which half of each epoch leaves room for")]
    WithdrawalDelayTooLong { max: u64 },

    #[error("fee_bps {fee_bps} is above the maximum {max}")]
    FeeTooHigh { fee_bps: u16, max: u16 },

    #[error("max_pause_duration must be between 1 and {max} seconds")]
    InvalidMaxPause { max: u64 },
}

impl Params {
    /// Checks the relations between the timing and fee parameters (the fee recipient's address is
    /// validated by the contract).
    pub fn check(&self) -> Result<(), ParamsError> {
        if self.unbonding_period == 0 || self.epoch_period == 0 {
            return Err(ParamsError::ZeroPeriod);
        }
        let min = self.unbonding_period.saturating_add(MIN_SETTLEMENT_MARGIN);
        // One undelegation per operator per batch and one batch per epoch: the entries alive at
        // once are the batches submitted within one unbonding period (plus the block in which the
        // oldest completes), which stays within x/staking's 7 when 7 epochs outlast it.
        if self.epoch_period.saturating_mul(MAX_UNBONDING_ENTRIES) < min {
            return Err(ParamsError::EpochTooShort { min });
        }
        if self.withdrawal_delay < min {
            return Err(ParamsError::WithdrawalDelayTooShort { min });
        }
        // A batch settles only while the next one's entries have not completed (their funds would
        // be indistinguishable from its own): between its settlement time and the next batch's
        // completion, at least `epoch_period - margin` apart. A margin of at most half an epoch
        // keeps that window at least half an epoch long, so a `reconcile`, `claim` or `harvest`
        // in it settles the batch; with a margin of an epoch or more it would never come.
        let max = self.unbonding_period.saturating_add(self.epoch_period / 2);
        if self.withdrawal_delay > max {
            return Err(ParamsError::WithdrawalDelayTooLong { max });
        }
        if self.fee_bps > MAX_FEE_BPS {
            return Err(ParamsError::FeeTooHigh {
                fee_bps: self.fee_bps,
                max: MAX_FEE_BPS,
            });
        }
        if self.max_pause_duration == 0 || self.max_pause_duration > MAX_PAUSE_CAP {
            return Err(ParamsError::InvalidMaxPause { max: MAX_PAUSE_CAP });
        }
        Ok(())
    }
}

#[cw_serde]
pub struct OperatorWeight {
    /// Validator operator address (`...valoper1...`).
    pub validator: String,
    /// Relative share of new stake this operator should hold.
    pub weight: u64,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Deposit the bond denom (sent as funds) and receive LRT at the current exchange rate.
    /// Fails if fewer than `min_lrt_out` LRT would be minted.
    Deposit { min_lrt_out: Option<Uint128> },
    /// cw20 hook: LRT sent to the hub with a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Permissionless, once per epoch: burns the current batch's LRT and undelegates its value.
    SubmitBatch {},
    /// Pays out the sender's requests whose batches are claimable (at most a bounded number per call).
    Claim { receiver: Option<String> },
    /// Permissionless: withdraws staking rewards, takes the protocol fee, re-delegates the rest.
    Harvest {},
    /// Permissionless: books native slashing of delegations and settles matured batches.
    Reconcile {},
    /// Permissionless: pays slashed tokens that arrived to their payouts' destinations (burns
    /// those without one), oldest payout first, a bounded number per call. Apart from `reconcile`
    /// so a destination the bank refuses stops only the payouts, until governance redirects it.
    PaySlashes {},
    /// Owner: sends what a consumer slash's payout still owes to another destination (`None`
    /// burns it), e.g. when the bank refuses the consumer's address (a module account).
    RedirectSlashPayout {
        slash_id: u64,
        destination: Option<String>,
    },
    /// Permissionless, once per epoch: redelegates toward target weights, a bounded number of moves.
    Rebalance {},
    /// Operator manager (the registry once set, else the owner): adds a validator to the operator
    /// set (it must exist in x/staking; weight > 0), or sets an operator's weight (0 drains it on
    /// the next rebalance).
    SetOperator { validator: String, weight: u64 },
    /// Operator manager: removes an operator; its stake moves away through `rebalance`, and the
    /// operator leaves the set once nothing is delegated to it. From the registry (deregistration,
    /// tombstone) it always succeeds: removing a validator the hub does not list does nothing, and
    /// the last operator may go (deposits then wait for a new one).
    RemoveOperator { validator: String },
    /// Registry (executing a consumer's slash): takes the slash from the stake that was at risk.
    /// Unsettled batches submitted after `height` lose the slashed share of their part on the
    /// operator (`amount / stake at the end of block height`, newest first); the rest comes from
    /// the operator's delegation, capped by what it holds. The
    /// rate falls at once; the slashed tokens leave x/staking with the next batch and are then
    /// burned or sent to `destination` by `pay_slashes`.
    Slash(ConsumerSlash),
    /// Internal: the hub calls itself right after its own staking messages to book the rewards
    /// x/staking paid out on the way. Refused from any other sender.
    AfterStaking {},
    /// Internal: the hub calls itself after `harvest`'s reward withdrawals to book them, send the
    /// fee and delegate. Refused from any other sender.
    AfterHarvest {},
    /// Owner: hands the operator set to the registry, which from then on alone adds, reweights and
    /// removes operators (only registered, non-tombstoned validators); `None` takes it back.
    SetRegistry { registry: Option<String> },
    /// Owner: replaces the parameters, validated as a whole.
    UpdateParams(Params),
    /// Owner: sets or removes the guardian.
    SetGuardian { guardian: Option<String> },
    /// Guardian (bounded by `max_pause_duration`) or owner: pauses operations until a time.
    Pause {
        operations: Vec<PausableOperation>,
        duration: u64,
    },
    /// Owner: lifts a pause before it expires.
    Unpause { operations: Vec<PausableOperation> },
}

/// A consumer slash, as the registry forwards it to the hub.
#[cw_serde]
pub struct ConsumerSlash {
    /// The relay's slash id; keys the payout to the destination.
    pub slash_id: u64,
    pub validator: String,
    /// What to take in all: `fraction × allocation × stake`, rounded down, where the stake is the
    /// hub's at the end of block `height` (`operator_stake_at { height: height + 1 }`).
    pub amount: Uint128,
    /// Provider height whose stake was at risk: batches submitted after it are cut.
    pub height: u64,
    /// Receives the slashed tokens; `None` burns them.
    pub destination: Option<String>,
}

/// Operations the guardian can pause. Claims, harvest and settlement are never pausable, so a pause
/// can never keep funds from their owners.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord)]
pub enum PausableOperation {
    Deposit,
    Unbond,
}

impl PausableOperation {
    pub fn key(&self) -> &'static str {
        match self {
            PausableOperation::Deposit => "deposit",
            PausableOperation::Unbond => "unbond",
        }
    }
}

/// Messages carried by a cw20 `Send` of LRT to the hub.
#[cw_serde]
pub enum ReceiveMsg {
    /// Queue the sent LRT for unbonding in the current batch. The request belongs to `receiver`
    /// (default: the LRT's sender), who later claims it.
    Unbond { receiver: Option<String> },
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// Exchange rate and the books.
    #[returns(StateResponse)]
    State {},
    /// Everything a frontend shows one staker, in one call.
    #[returns(PositionResponse)]
    Position { address: String },
    #[returns(Vec<OperatorResponse>)]
    Operators {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(BatchResponse)]
    Batch { id: u64 },
    #[returns(Vec<BatchResponse>)]
    Batches {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// One staker's unbond requests, oldest batch first.
    #[returns(Vec<RequestResponse>)]
    Requests {
        address: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(Vec<PauseResponse>)]
    Pauses {},
    /// The hub's recorded delegation to `validator` at the start of block `height` (zero if it was
    /// not an operator then). Slashing reads the stake as of an infraction through this.
    #[returns(Uint128)]
    OperatorStakeAt { validator: String, height: u64 },
}

#[cw_serde]
pub struct ConfigResponse {
    pub guardian: Option<Addr>,
    /// The registry that manages the operator set, if any.
    pub registry: Option<Addr>,
    pub bond_denom: String,
    pub lrt: Addr,
    pub params: Params,
}

#[cw_serde]
pub struct StateResponse {
    /// Bond tokens per LRT (display only; amounts are computed with integer math).
    pub exchange_rate: Decimal,
    /// Bond tokens backing the LRT: `total_bonded + idle`.
    pub total_value: Uint128,
    /// The value a deposit is priced at now: `total_value` plus the staking rewards accrued since
    /// the last harvest (net of the fee), less what pending consumer slashes may take (the relay's
    /// `exposure`). A deposit of `a` mints `a × (lrt_supply + 1000) / (deposit_value + 1000)`,
    /// rounded down. `None`: deposits are refused now (pending slashes may take the whole pool,
    /// the pool was lost, or the registry or relay cannot be read).
    pub deposit_value: Option<Uint128>,
    /// Recorded delegations to operators.
    pub total_bonded: Uint128,
    /// Rewards received and not yet re-delegated (net of fee).
    pub idle: Uint128,
    /// Bond tokens in submitted batches still unbonding in x/staking.
    pub unbonding: Uint128,
    /// Bond tokens held for settled batches and not yet claimed.
    pub reserved_for_claims: Uint128,
    /// Protocol fee taken and not yet sent to the fee recipient.
    pub fees_owed: Uint128,
    /// Protocol fee sent to the fee recipient since instantiation.
    pub fees_paid: Uint128,
    /// Native slashing losses booked since instantiation (delegations and unbonding batches).
    pub slashed_total: Uint128,
    /// Consumer slashes executed and not yet burned or sent to their destinations (the tokens are
    /// outside `total_value`: still delegated until the next batch, unbonding, or arrived).
    pub owed_to_slash_destinations: Uint128,
    pub lrt_supply: Uint128,
    pub current_batch_id: u64,
    /// Earliest time `submit_batch` is accepted.
    pub next_submit_time: Timestamp,
}

#[cw_serde]
pub struct PositionResponse {
    pub address: Addr,
    pub lrt_balance: Uint128,
    /// What the LRT balance is worth now, in the bond denom (rounded down).
    pub lrt_value: Uint128,
    /// Oldest first; at most `MAX_POSITION_REQUESTS`, see `more_requests`.
    pub requests: Vec<RequestResponse>,
    pub more_requests: bool,
    /// Paid out by a `claim` now (within one call's bound).
    pub claimable_now: Uint128,
}

#[cw_serde]
pub struct RequestResponse {
    pub batch_id: u64,
    /// LRT handed in.
    pub lrt_amount: Uint128,
    /// Bond tokens the LRT was worth when the request was made: the most it can pay.
    pub value_at_request: Uint128,
    /// Exact once the batch is settled; before, an estimate: the value at request capped by what
    /// the LRT is worth now (pending), or its share of what the batch undelegated (unbonding).
    pub expected_payout: Uint128,
    pub status: BatchStatus,
    /// When the request can be claimed (estimated while the batch is still pending).
    pub claimable_at: Timestamp,
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum BatchStatus {
    /// Collecting requests.
    Pending,
    /// Submitted; its tokens are unbonding in x/staking.
    Unbonding,
    /// Its tokens arrived and its yield is known; claimable from `claimable_at`.
    Settled,
}

#[cw_serde]
pub struct BatchResponse {
    pub id: u64,
    pub status: BatchStatus,
    /// LRT handed in by the batch's requests (burned at submission).
    pub lrt_amount: Uint128,
    /// Sum of the requests' values at request.
    pub value_at_request: Uint128,
    /// Bond tokens the batch takes from the pool: `min(value at request, LRT value at submission)`.
    pub amount: Uint128,
    /// Bond tokens the batch finally received for its requests (set once settled).
    pub yield_amount: Option<Uint128>,
    /// Part of the batch's undelegation owed to consumer slashes: slashed stake undelegated with
    /// it, and its share of slashes of infractions before its submission.
    pub slashed: Uint128,
    /// What the batch pays its requests: its yield once settled; before, what is left of its
    /// amount after consumer slashes (a native slash of its unbonding entries may still lower it).
    pub expected_yield: Uint128,
    pub requests: u64,
    pub submitted_at: Option<Timestamp>,
    pub claimable_at: Timestamp,
}

#[cw_serde]
pub struct OperatorResponse {
    pub validator: String,
    pub weight: u64,
    /// Recorded delegation.
    pub bonded: Uint128,
    /// Delegation the weights aim for.
    pub target: Uint128,
    /// Removed operators keep their entry until their stake has moved away.
    pub removed: bool,
}

#[cw_serde]
pub struct PauseResponse {
    pub operation: PausableOperation,
    pub until: Timestamp,
}
