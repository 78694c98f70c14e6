//! Storage. Every amount is in the bond denom unless it says LRT.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};

#[cw_serde]
pub struct Config {
    pub bond_denom: String,
    pub lrt: Addr,
    pub guardian: Option<Addr>,
    pub epoch_period: u64,
    pub unbonding_period: u64,
    pub withdrawal_delay: u64,
    pub fee_bps: u16,
    pub fee_recipient: Addr,
    pub max_pause_duration: u64,
}

/// The hub's books. One item, read and written once per action, so the common paths stay cheap.
///
/// The hub's bond-denom balance always splits into `reserved + idle + fees_owed + arrived`, where
/// `arrived` is what matured unbonding entries paid in and `settle` has not booked yet.
#[cw_serde]
#[derive(Default)]
pub struct Books {
    /// Recorded delegations, the sum of every operator's `bonded`.
    pub total_bonded: Uint128,
    /// Rewards (net of fee) and other pool funds held by the hub, not yet delegated.
    pub idle: Uint128,
    /// Undelegated by submitted batches and not yet settled.
    pub unbonding: Uint128,
    /// Held for batches: prefunded parts and settled yields, until claimed.
    pub reserved: Uint128,
    /// Protocol fee taken, not yet sent.
    pub fees_owed: Uint128,
    /// Protocol fee sent since instantiation.
    pub fees_paid: Uint128,
    /// Native slashing booked since instantiation.
    pub slashed_total: Uint128,
    /// LRT in existence; exact because only the hub mints and burns.
    pub lrt_supply: Uint128,
}

impl Books {
    /// Bond tokens backing the LRT.
    pub fn total_value(&self) -> Uint128 {
        self.total_bonded + self.idle
    }

    pub fn pool(&self) -> palisade_api::math::Pool {
        palisade_api::math::Pool {
            total_value: self.total_value(),
            lrt_supply: self.lrt_supply,
        }
    }
}

#[cw_serde]
pub struct Operator {
    pub weight: u64,
    /// Recorded delegation; lowered by `reconcile` when x/staking slashed it.
    pub bonded: Uint128,
    /// Removed by the owner: weight 0, leaves the set once `bonded` is zero.
    pub removed: bool,
    /// x/staking refuses to redelegate away from a validator that received a redelegation still
    /// maturing; until this time the operator is not used as a rebalance source.
    pub redelegation_locked_until: Option<Timestamp>,
}

#[cw_serde]
#[derive(Default)]
pub struct Batch {
    /// LRT handed in by the batch's requests.
    pub lrt_amount: Uint128,
    /// Sum of the requests' values at request.
    pub value_at_request: Uint128,
    pub requests: u64,
    pub submitted_at: Option<Timestamp>,
    /// Bond tokens taken from the pool at submission.
    pub amount: Uint128,
    /// Part of `amount` paid from idle funds at submission (no x/staking entry).
    pub prefunded: Uint128,
    /// Part of `amount` undelegated; what x/staking will pay back, less any slash.
    pub undelegated: Uint128,
    /// What the batch received in the end; set when settled.
    pub yield_amount: Option<Uint128>,
    /// Values at request of the requests already claimed.
    pub claimed_value: Uint128,
    /// Bond tokens already paid out to this batch's requests.
    pub paid: Uint128,
}

#[cw_serde]
pub struct UnbondRequest {
    pub lrt_amount: Uint128,
    pub value_at_request: Uint128,
}

/// Where the unbonding cycle stands.
#[cw_serde]
pub struct Schedule {
    /// The batch collecting requests.
    pub current_batch: u64,
    pub last_submit: Timestamp,
    /// Oldest submitted batch not yet settled (or the current batch when none).
    pub next_to_settle: u64,
    pub last_rebalance: Timestamp,
}

/// Parameters and the LRT's address.
pub const CONFIG: Item<Config> = Item::new("config");
/// The books: bonded, idle, unbonding, reserved, fees, LRT supply.
pub const BOOKS: Item<Books> = Item::new("books");
/// Operator set keyed by valoper address.
pub const OPERATORS: Map<&str, Operator> = Map::new("operators");
/// Unbonding batches by id.
pub const BATCHES: Map<u64, Batch> = Map::new("batches");
/// Unbond requests by (owner, batch id): one owner's requests iterate oldest first.
pub const REQUESTS: Map<(&Addr, u64), UnbondRequest> = Map::new("requests");
/// Batch cycle bookkeeping.
pub const SCHEDULE: Item<Schedule> = Item::new("schedule");
/// Pause expiry by operation key.
pub const PAUSES: Map<&str, Timestamp> = Map::new("pauses");
/// Bond-denom balance the hub expects once the staking messages in flight have run; the reply
/// books any excess as rewards x/staking paid out on the way.
pub const EXPECTED_BALANCE: Item<Uint128> = Item::new("expected_balance");
