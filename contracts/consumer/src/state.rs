//! Storage, and the limits that bound it.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Order, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use palisade_api::consumer::OutboxStatus;
use palisade_api::ibc::SlashRequest;
use serde::{Deserialize, Serialize};

pub use palisade_api::pagination::clamp_limit;

/// Most reporters (the list is loaded by every report), a rule shared with the proposal generator.
pub use palisade_api::consumer::MAX_REPORTERS;
/// Longest `packet_timeout` (one year): keeps `now + packet_timeout` far from overflowing, so a
/// report can always be sent. Shared with the relay and the proposal generator.
pub use palisade_api::ibc::MAX_PACKET_TIMEOUT;

#[cw_serde]
pub struct Config {
    pub provider_connection_id: String,
    pub relay_port: String,
    /// Seconds.
    pub packet_timeout: u64,
    pub reporters: Vec<Addr>,
}

/// The channel to the provider, stored once the handshake completed.
#[cw_serde]
pub struct ChannelState {
    pub channel_id: String,
    /// False once closed: a new handshake may then replace it.
    pub open: bool,
    /// When its handshake completed. A packet still in flight that was sent before went on an
    /// earlier channel, now closed: its acknowledgement can never arrive (ibc-go refuses acks on
    /// a closed channel), so it may be sent again on this one.
    #[serde(default)]
    pub opened_at: Timestamp,
}

/// Whether a packet sent at `sent_at` and still in flight went on a channel that closed since,
/// while a newer channel is open: it can only be answered by sending it again.
pub fn stranded(storage: &dyn Storage, sent_at: Timestamp) -> StdResult<bool> {
    Ok(CHANNEL
        .may_load(storage)?
        .is_some_and(|c| c.open && sent_at < c.opened_at))
}

/// Whether an answer (ack or timeout) that came over `channel_id` is about an earlier send of an
/// entry last sent at `last_sent_at`: it came over a channel other than the open one while the
/// entry was last sent on the open one (after its handshake completed). Such an answer (a late
/// timeout from a closed channel) must not settle the send in flight.
pub fn answers_an_earlier_send(
    storage: &dyn Storage,
    channel_id: &str,
    last_sent_at: Timestamp,
) -> StdResult<bool> {
    Ok(CHANNEL
        .may_load(storage)?
        .is_some_and(|c| c.channel_id != channel_id && last_sent_at >= c.opened_at))
}

/// An operator's key on this chain, written only when it changes (the operator's first update,
/// a rotation): its power and the update that set it are its latest `OPERATOR_HISTORY` entry,
/// so that an update changing only powers writes one record per operator (`docs/IBC.md`).
/// Records written by release 0.1.0 also hold `power` and `update_id` (equal to that entry,
/// which 0.1.0 wrote with them); they are ignored, so no conversion is needed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OperatorRecord {
    /// The operator's current key on this chain. Empty only for an operator whose removal arrived
    /// before any update that gave it power (the record then only names it in `operators`).
    pub consumer_key: String,
}

/// What an operator's latest history entry says: the update that last set it, and its power
/// (zero once removed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperatorPowerState {
    pub update_id: u64,
    pub power: Uint128,
}

/// `operator`'s latest history entry (none before its first update).
pub fn latest_power(
    storage: &dyn Storage,
    operator: &str,
) -> StdResult<Option<OperatorPowerState>> {
    Ok(OPERATOR_HISTORY
        .prefix(operator)
        .range(storage, None, None, Order::Descending)
        .next()
        .transpose()?
        .map(|(_, (update_id, power))| OperatorPowerState { update_id, power }))
}

/// Sums over `OPERATORS`, kept up to date entry by entry.
#[cw_serde]
#[derive(Default)]
pub struct PowerTotals {
    pub total_power: Uint128,
    /// Operators with power above zero.
    pub operators: u32,
}

#[cw_serde]
pub struct OutboxEntry {
    pub request: SlashRequest,
    pub status: OutboxStatus,
    /// Times it was sent (0 while it waits for a channel).
    pub attempts: u32,
    /// Time of the last send, or of the report if it was never sent.
    pub last_sent_at: Timestamp,
}

/// Connection, relay port, packet timeout and reporters.
pub const CONFIG: Item<Config> = Item::new("config");
/// The channel to the provider, once connected.
pub const CHANNEL: Item<ChannelState> = Item::new("channel");
/// Operators' keys by their provider validator address (valoper), removed operators included.
pub const OPERATORS: Map<&str, OperatorRecord> = Map::new("operators");
/// Consumer key → operator. A key belongs to one operator for good: a key an operator rotated
/// away from still resolves to it, so late reports reach the right operator.
pub const KEYS: Map<&str, String> = Map::new("keys");
/// Total power and the number of operators with power.
pub const POWER_TOTALS: Item<PowerTotals> = Item::new("power_totals");
/// The newest `update_id` applied (0 before any).
pub const LAST_UPDATE_ID: Item<u64> = Item::new("last_update_id");
/// (operator, block height) → (update id, power) of the entry that set the operator's power by
/// the end of that block; the latest entry is the operator's power now. The entry at or below an infraction's height is the power in force
/// then, and the update a slash request cites: the one that carried this operator's power, so
/// the provider slashes the stake that update was computed from (an update of other operators
/// sent later, from another page, does not count).
pub const OPERATOR_HISTORY: Map<(&str, u64), (u64, Uint128)> = Map::new("operator_history");
/// The last slash request id assigned (ids start at 1).
pub const LAST_REQUEST_ID: Item<u64> = Item::new("last_request_id");
/// Slash requests by id.
pub const OUTBOX: Map<u64, OutboxEntry> = Map::new("outbox");
/// Ids of the requests whose status is `TimedOut`, oldest first: what `retry_timed_out` sends.
pub const TIMED_OUT: Map<u64, ()> = Map::new("timed_out");
/// (operator, infraction, infraction height) → request id: refuses a second report of the same
/// infraction.
pub const REPORTED: Map<(&str, &str, u64), u64> = Map::new("reported");
