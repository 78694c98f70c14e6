//! Storage, the limits that bound it, and the checked time arithmetic every module shares. The
//! records are the ones the relay kept before the slash book was its own contract (release
//! 0.2.0), under the same namespaces and formats: a deployment's records can be carried over by
//! reading the relay's storage as it is.

use cosmwasm_std::{Addr, Decimal, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use palisade_api::ibc::{Infraction, SlashStatus};
use palisade_api::slash_book::{ImportProgress, SlashResponse};
use palisade_api::stored_as_array;

pub use palisade_api::pagination::clamp_limit;

/// Longest veto reason.
pub const MAX_VETO_REASON_BYTES: usize = 1_024;

stored_as_array! {
    pub struct Config as ConfigWire ("ConfigWire") {
        pub registry: Addr,
        /// Opens slashes; executed slashes are ordered through it.
        pub relay: Addr,
    }
}

stored_as_array! {
    /// A consumer's slash rate-limit window.
    pub struct Window as WindowWire ("WindowWire") {
        pub start: Timestamp,
        /// The consumer's `total_power` when the window started.
        pub power_at_start: Uint128,
        /// Sum of the slashes accepted as pending in this window (minus those vetoed since).
        pub slashed: Uint128,
    }
}

stored_as_array! {
    pub struct SlashRecord as SlashRecordWire ("SlashRecordWire") {
        pub chain_id: String,
        pub request_id: u64,
        pub operator: String,
        pub infraction: Infraction,
        pub infraction_height: u64,
        pub infraction_time: Timestamp,
        pub update_id: u64,
        pub provider_height: u64,
        pub fraction: Decimal,
        pub allocation: Decimal,
        pub stake_at_infraction: Uint128,
        pub amount: Uint128,
        pub evidence: Option<String>,
        pub received_at: Timestamp,
        pub executable_at: Option<Timestamp>,
        pub status: SlashStatus,
        pub veto_reason: Option<String>,
        /// Start of the rate-limit window its amount counts in (`None`: queued, or released by
        /// governance, which counts in no window).
        pub window_start: Option<Timestamp>,
    }
}

impl SlashRecord {
    pub fn to_response(self, slash_id: u64) -> SlashResponse {
        SlashResponse {
            slash_id,
            chain_id: self.chain_id,
            request_id: self.request_id,
            operator: self.operator,
            infraction: self.infraction,
            infraction_height: self.infraction_height,
            infraction_time: self.infraction_time,
            update_id: self.update_id,
            provider_height: self.provider_height,
            fraction: self.fraction,
            allocation: self.allocation,
            stake_at_infraction: self.stake_at_infraction,
            amount: self.amount,
            evidence: self.evidence,
            received_at: self.received_at,
            executable_at: self.executable_at,
            status: self.status,
            veto_reason: self.veto_reason,
        }
    }
}

/// Registry and relay.
pub const CONFIG: Item<Config> = Item::new("book_config");
/// Slash ids of the requests already accepted, by (chain id, request id).
pub const SEEN_REQUESTS: Map<(&str, u64), u64> = Map::new("seen_requests");
/// Slash ids of the infractions already accepted, by (chain id, operator, (infraction, height)).
pub const INFRACTIONS: Map<(&str, &str, (u8, u64)), u64> = Map::new("infractions");

/// Added to an infraction code, the key in `INFRACTIONS` of a cover: the time in seconds until
/// which further infractions of that kind by that operator from that consumer are covered by a
/// slash already taken, as x/staking stops slashing a jailed or tombstoned validator. Slot
/// `OPEN` holds `u64::MAX` while a slash of that kind is pending or queued, and for a double sign
/// until it is vetoed (tombstone: it covers every later infraction); slot `EXECUTED` holds the
/// time of the last executed downtime slash (the operator is jailed from then on, for the
/// consumer's `downtime_jail`, which the check adds), so a veto of a later one does not lift it.
pub const COVER: u8 = 2;
pub const OPEN: u64 = 0;
pub const EXECUTED: u64 = 1;

/// The key of the cover of `infraction` for `operator` on `chain_id`, in `slot`.
pub fn cover_key<'a>(
    chain_id: &'a str,
    operator: &'a str,
    infraction: Infraction,
    slot: u64,
) -> (&'a str, &'a str, (u8, u64)) {
    (
        chain_id,
        operator,
        (COVER + infraction_code(infraction), slot),
    )
}
/// Each consumer's current rate-limit window, by chain id.
pub const RATE_WINDOWS: Map<&str, Window> = Map::new("rate_windows");
/// Slashes by id.
pub const SLASHES: Map<u64, SlashRecord> = Map::new("slashes");
/// Index of slashes by (status, id), for the filtered `slashes` query.
pub const SLASHES_BY_STATUS: Map<(u8, u64), ()> = Map::new("slashes_by_status");
/// The last slash id given (ids start at 1).
pub const LAST_SLASH_ID: Item<u64> = Item::new("last_slash_id");
/// The relay's records still to carry over (`import`); absent once every one is here.
pub const IMPORT: Item<ImportProgress> = Item::new("book_import");

/// Storage code of a slash status in `SLASHES_BY_STATUS`.
pub fn status_code(status: SlashStatus) -> u8 {
    match status {
        SlashStatus::Pending => 0,
        SlashStatus::Queued => 1,
        SlashStatus::Vetoed => 2,
        SlashStatus::Executed => 3,
    }
}

/// Storage code of an infraction kind in `INFRACTIONS`.
pub fn infraction_code(infraction: Infraction) -> u8 {
    match infraction {
        Infraction::DoubleSign => 0,
        Infraction::Downtime => 1,
    }
}

/// What the pending and queued slashes of each operator would take, by valoper.
pub const EXPOSURE: Map<&str, Uint128> = Map::new("exposure");
/// What all pending and queued slashes would take. The relay keeps a copy, which the hub reads
/// raw to price deposits: every change here is sent to the relay in the same transaction.
pub const TOTAL_EXPOSURE: Item<Uint128> = Item::new("total_exposure");

fn is_open(status: SlashStatus) -> bool {
    matches!(status, SlashStatus::Pending | SlashStatus::Queued)
}

/// Adds (`grow`) or removes a slash's amount from the exposure totals.
fn adjust_exposure(
    storage: &mut dyn Storage,
    operator: &str,
    amount: Uint128,
    grow: bool,
) -> StdResult<()> {
    let apply = |old: Option<Uint128>| -> StdResult<Uint128> {
        let old = old.unwrap_or_default();
        Ok(if grow {
            old.checked_add(amount)?
        } else {
            old.checked_sub(amount)?
        })
    };
    let operator_total = apply(EXPOSURE.may_load(storage, operator)?)?;
    if operator_total.is_zero() {
        EXPOSURE.remove(storage, operator);
    } else {
        EXPOSURE.save(storage, operator, &operator_total)?;
    }
    let total = apply(TOTAL_EXPOSURE.may_load(storage)?)?;
    TOTAL_EXPOSURE.save(storage, &total)
}

/// The total exposure (zero before the first slash).
pub fn total_exposure(storage: &dyn Storage) -> StdResult<Uint128> {
    Ok(TOTAL_EXPOSURE.may_load(storage)?.unwrap_or_default())
}

/// Saves a slash and keeps the status index and the exposure totals in step with it. Returns
/// whether the exposure changed.
pub fn save_slash(
    storage: &mut dyn Storage,
    slash_id: u64,
    previous: Option<SlashStatus>,
    slash: &SlashRecord,
) -> StdResult<bool> {
    if let Some(previous) = previous {
        SLASHES_BY_STATUS.remove(storage, (status_code(previous), slash_id));
    }
    let was_open = previous.is_some_and(is_open);
    let changed = was_open != is_open(slash.status);
    if changed {
        adjust_exposure(storage, &slash.operator, slash.amount, !was_open)?;
    }
    SLASHES_BY_STATUS.save(storage, (status_code(slash.status), slash_id), &())?;
    SLASHES.save(storage, slash_id, slash)?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_vec};

    #[test]
    fn records_are_stored_as_json_arrays_and_read_back() {
        let window = Window {
            start: Timestamp::from_seconds(5),
            power_at_start: Uint128::new(100),
            slashed: Uint128::new(3),
        };
        let bytes = to_json_vec(&window).unwrap();
        assert_eq!(bytes, br#"["5000000000","100","3"]"#.to_vec());
        assert_eq!(from_json::<Window>(&bytes).unwrap(), window);
    }
}
