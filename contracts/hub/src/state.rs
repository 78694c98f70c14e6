//! Storage. Every amount is in the bond denom unless it says LRT.

use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use palisade_api::stored_as_array;

stored_as_array! {
    pub struct Config as ConfigWire ("ConfigWire") {
        pub bond_denom: String,
        pub lrt: Addr,
        pub guardian: Option<Addr>,
        /// Manages the operator set when set (see `SetRegistry`); otherwise the owner does.
        pub registry: Option<Addr>,
        pub epoch_period: u64,
        pub unbonding_period: u64,
        pub withdrawal_delay: u64,
        pub fee_bps: u16,
        pub fee_recipient: Addr,
        pub max_pause_duration: u64,
    }
}

stored_as_array! {
    /// The hub's books. One item, read and written once per action, so the common paths stay cheap.
    ///
    /// The hub's bond-denom balance always splits into `reserved + idle + fees_owed + slash_funds +
    /// arrived`, where `arrived` is what matured unbonding entries paid in and `settle` has not
    /// booked yet.
    #[derive(Default)]
    pub struct Books as BooksWire ("BooksWire") {
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
        /// Consumer slashes executed and not yet paid to their destinations (the sum of
        /// `SLASH_PAYOUTS`). Their tokens are still delegated (`Operator::slash_pending`),
        /// unbonding in a batch (`Batch::slashed`), or arrived (`slash_funds`).
        pub slash_owed: Uint128,
        /// Slashed tokens that arrived and wait for `reconcile` to pay them out.
        pub slash_funds: Uint128,
        /// Part of `slash_owed` that will never arrive: x/staking slashed it natively after the
        /// consumer slash (the destination bears that, as any delegation would). Deducted from
        /// the oldest payouts.
        pub slash_writeoff: Uint128,
    }
}

impl Books {
    /// Bond tokens backing the LRT.
    pub fn total_value(&self) -> Uint128 {
        self.total_bonded + self.idle
    }

    /// Bond tokens the hub holds on purpose; anything beyond is matured unbonding funds.
    pub fn held(&self) -> Uint128 {
        self.reserved + self.idle + self.fees_owed + self.slash_funds
    }

    pub fn pool(&self) -> palisade_api::math::Pool {
        palisade_api::math::Pool {
            total_value: self.total_value(),
            lrt_supply: self.lrt_supply,
        }
    }
}

stored_as_array! {
    pub struct Operator as OperatorWire ("OperatorWire") {
        pub weight: u64,
        /// Recorded delegation; lowered by `reconcile` when x/staking slashed it.
        pub bonded: Uint128,
        /// Removed by the owner: weight 0, leaves the set once `bonded` is zero.
        pub removed: bool,
        /// x/staking refuses to redelegate away from a validator that received a redelegation still
        /// maturing; until this time the operator is not used as a rebalance source.
        pub redelegation_locked_until: Option<Timestamp>,
        /// Still delegated but taken by consumer slashes (not in `bonded`): undelegated with the
        /// next batch, whose unbonding entry it shares.
        pub slash_pending: Uint128,
    }
}

impl Operator {
    /// Whether x/staking still holds a delegation for it (its record must stay).
    pub fn holds_stake(&self) -> bool {
        !self.bonded.is_zero() || !self.slash_pending.is_zero()
    }
}

stored_as_array! {
    #[derive(Default)]
    pub struct Batch as BatchWire ("BatchWire") {
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
        /// Part of `undelegated` owed to consumer slashes: slashed stake that rode on this batch's
        /// undelegation, and cuts of its parts taken by slashes of an earlier infraction.
        pub slashed: Uint128,
        /// Sum of the requests' `scaled` values.
        pub scaled_value: Uint128,
        /// Before submission: the pool's loss index at the batch's first request (0 without
        /// requests). From submission: the index then, a request being worth
        /// `scaled × loss_index / LOSS_SCALE`; or `LOSS_SCALE` when the pool lost nothing since
        /// the first request, each request then being worth exactly its value at request.
        pub loss_index: Uint128,
    }
}

impl Batch {
    /// What is left of the batch for its requests: its prefunded and undelegated parts less
    /// what it owes consumer slashes (before any native slash of its unbonding entries).
    pub fn left(&self) -> Uint128 {
        // `slashed <= undelegated` always (it counts tokens of the batch's own undelegation), so
        // this never saturates; a query must not fail if it ever did.
        (self.prefunded + self.undelegated).saturating_sub(self.slashed)
    }

    /// What the batch's requests were worth at submission: their values at request, each less
    /// the pool's losses since its request. Rounded down.
    pub fn owed(&self) -> Result<Uint128, cosmwasm_std::CheckedMultiplyRatioError> {
        unscaled(self.scaled_value, self.loss_index)
    }

    /// What one of a submitted batch's requests was worth at submission (see [`Batch::owed`]).
    pub fn worth_of(
        &self,
        request: &UnbondRequest,
    ) -> Result<Uint128, cosmwasm_std::CheckedMultiplyRatioError> {
        if self.loss_index.u128() == LOSS_SCALE {
            return Ok(request.value_at_request);
        }
        unscaled(request.scaled, self.loss_index)
    }

    /// What one of a pending batch's requests is worth at the pool's loss index `now`.
    pub fn pending_worth_of(
        &self,
        request: &UnbondRequest,
        now: Uint128,
    ) -> Result<Uint128, cosmwasm_std::CheckedMultiplyRatioError> {
        if self.loss_index == now {
            return Ok(request.value_at_request);
        }
        unscaled(request.scaled, now)
    }

    /// Fixes the loss index at submission. The index only falls, so an unchanged one means the
    /// pool lost nothing since the first request: the requests are then owed exactly their values
    /// at request, which `scaled` (rounded down, then scaled back rounded down) would shave by a
    /// unit once any earlier loss has moved the index off `LOSS_SCALE`.
    pub fn fix_loss_index(&mut self, now: Uint128) {
        if self.loss_index == now {
            self.scaled_value = self.value_at_request;
            self.loss_index = Uint128::new(LOSS_SCALE);
        } else {
            self.loss_index = now;
        }
    }
}

pub use palisade_api::math::{scaled, unscaled, LOSS_SCALE};

/// The pool's loss index (`palisade_api::math::index_after_loss`): the product, since
/// instantiation, of `value after / value before` over every loss the pool took (native slashes,
/// consumer slashes of the delegation), scaled by `LOSS_SCALE`; absent is 1.0. A request's value
/// at request divided by the index then (`scaled`) and multiplied by the index at submission is
/// its value less the losses it shared while it waited, so each request of a batch bears exactly
/// the losses after its own request.
pub const LOSS_INDEX: Item<Uint128> = Item::new("loss_index");

stored_as_array! {
    /// What a consumer slash still owes its destination.
    pub struct Payout as PayoutWire ("PayoutWire") {
        /// `None` burns.
        pub destination: Option<Addr>,
        pub owed: Uint128,
    }
}

stored_as_array! {
    pub struct UnbondRequest as UnbondRequestWire ("UnbondRequestWire") {
        pub lrt_amount: Uint128,
        pub value_at_request: Uint128,
        /// `value_at_request / loss index at request` (summed over the owner's requests in one
        /// batch): see `LOSS_INDEX`.
        pub scaled: Uint128,
    }
}

stored_as_array! {
    /// Where the unbonding cycle stands.
    pub struct Schedule as ScheduleWire ("ScheduleWire") {
        /// The batch collecting requests.
        pub current_batch: u64,
        pub last_submit: Timestamp,
        /// Oldest submitted batch not yet settled (or the current batch when none).
        pub next_to_settle: u64,
        pub last_rebalance: Timestamp,
    }
}

/// Parameters and the LRT's address.
pub const CONFIG: Item<Config> = Item::new("config");
/// The books: bonded, idle, unbonding, reserved, fees, LRT supply.
pub const BOOKS: Item<Books> = Item::new("books");
/// Operator set keyed by valoper address.
pub const OPERATORS: Map<&str, Operator> = Map::new("operators");
/// Each operator's recorded delegation after the last change in a block, by (valoper, height):
/// the stake at the start of block `h` is the newest entry below `h` (slashing reads the stake at
/// an infraction's height). One write per operator per changing block; entries are never pruned,
/// since a consumer may report an infraction up to its unbonding period late.
pub const STAKE_HISTORY: Map<(&str, u64), Uint128> = Map::new("stake_history");

/// Unbonding batches by id.
pub const BATCHES: Map<u64, Batch> = Map::new("batches");
/// The provider height at which each batch was submitted, by batch id. A consumer slash reaches
/// the unsettled batches submitted after its infraction's height: their stake was at risk then.
/// Batches submitted before this map existed have no entry and are never cut (the earlier
/// `batch_parts` is no longer read; an upgrade should land with no batch unbonding).
pub const BATCH_HEIGHTS: Map<u64, u64> = Map::new("batch_heights");
/// The last block in which a settlement found matured batches short of funds and waited: its
/// height, and its time in seconds (`SHORTFALL_SEEN_TIME`). x/staking pays matured entries in its
/// EndBlocker: once a later block runs, every entry that completed by that time has paid in, and
/// a shortfall is x/staking's slash. Two plain numbers: a tuple's encoding costs more wasm.
pub const SHORTFALL_SEEN_HEIGHT: Item<u64> = Item::new("shortfall_seen_height");
pub const SHORTFALL_SEEN_TIME: Item<u64> = Item::new("shortfall_seen_time");
/// What consumer slashes took for each operator's infractions, cumulative, by (valoper, height of
/// the block that executed them). A slash takes at most the operator's stake at its infraction
/// less what slashes executed since took: several consumers slashing one stake share it.
pub const SLASH_TAKEN: Map<(&str, u64), Uint128> = Map::new("slash_taken");

/// Consumer slashes not yet fully paid, by the relay's slash id: paid oldest first.
pub const SLASH_PAYOUTS: Map<u64, Payout> = Map::new("slash_payouts");
/// Unbond requests by (owner, batch id): one owner's requests iterate oldest first.
pub const REQUESTS: Map<(&Addr, u64), UnbondRequest> = Map::new("requests");
/// Batch cycle bookkeeping.
pub const SCHEDULE: Item<Schedule> = Item::new("schedule");
/// Pause expiry by operation key.
pub const PAUSES: Map<&str, Timestamp> = Map::new("pauses");
/// Bond-denom balance the hub expects once the staking messages in flight have run; the reply
/// books any excess as rewards x/staking paid out on the way.
pub const EXPECTED_BALANCE: Item<Uint128> = Item::new("expected_balance");
