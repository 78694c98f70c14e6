//! Where the consumer applied each update, per operator: the record verified double-sign evidence
//! is placed by (the slash book's `submit_evidence`), built from what the consumer's
//! acknowledgements report and never from what an offender signed.
//!
//! A consumer applies an operator's entry only if it is newer than the one it holds, so the
//! update in force for an operator at a consumer height is the newest one applied at or below
//! it. `APPLIED` keeps exactly those: ids grow with heights, whatever order the acknowledgements
//! arrive in.

use cosmwasm_std::{Deps, Order, StdResult, Storage};
use cw_storage_plus::Bound;
use palisade_api::relay::{AppliedAtResponse, AppliedUpdate};

use crate::state::{APPLIED, APPLIED_TIMES, LAST_SENT, SENT_KEYS, UPDATES};

/// On an acknowledgement that says where the consumer applied `update_id`. `newer_acked`: a
/// newer update carrying the operator was acknowledged before (else, the common case, no newer
/// one can be recorded and the entry below is not read). Bounded work: besides the entry it
/// removes only entries acknowledged out of order that the consumer skipped, at most the updates
/// that were in flight together.
pub fn record(
    storage: &mut dyn Storage,
    chain_id: &str,
    operator: &str,
    height: u64,
    update_id: u64,
    newer_acked: bool,
) -> StdResult<()> {
    let entries = APPLIED.prefix((chain_id, operator));
    if newer_acked {
        let below = entries
            .range(
                storage,
                None,
                Some(Bound::inclusive(height)),
                Order::Descending,
            )
            .next()
            .transpose()?;
        if below.is_some_and(|(_, held)| held >= update_id) {
            // The consumer already held a newer update here: it skipped this entry.
            return Ok(());
        }
    }
    // Entries above with older ids were applied later on the consumer's clock but skipped by
    // it: it held this update by then.
    let skipped: Vec<u64> = entries
        .range(
            storage,
            Some(Bound::exclusive(height)),
            None,
            Order::Ascending,
        )
        .take_while(|entry| entry.as_ref().is_ok_and(|&(_, later)| later < update_id))
        .map(|entry| entry.map(|(h, _)| h))
        .collect::<StdResult<_>>()?;
    for h in skipped {
        APPLIED.remove(storage, (chain_id, operator, h));
    }
    APPLIED.save(storage, (chain_id, operator, height), &update_id)
}

/// The update in force for `operator` at consumer `height`, and the next one.
pub fn at(
    deps: Deps,
    chain_id: String,
    operator: String,
    height: u64,
) -> StdResult<AppliedAtResponse> {
    let entries = APPLIED.prefix((&chain_id, &operator));
    let in_force = entries
        .range(
            deps.storage,
            None,
            Some(Bound::inclusive(height)),
            Order::Descending,
        )
        .next()
        .transpose()?;
    let next = entries
        .range(
            deps.storage,
            Some(Bound::exclusive(height)),
            None,
            Order::Ascending,
        )
        .next()
        .transpose()?;
    let answer = |entry: Option<(u64, u64)>| -> StdResult<Option<AppliedUpdate>> {
        let Some((consumer_height, update_id)) = entry else {
            return Ok(None);
        };
        let update = UPDATES.load(deps.storage, (&chain_id, update_id))?;
        let consumer_key =
            key_sent(deps, &chain_id, &operator, update_id)?.filter(|k| !k.is_empty());
        Ok(Some(AppliedUpdate {
            update_id,
            consumer_height,
            consumer_time: APPLIED_TIMES.load(deps.storage, (&chain_id, update_id))?,
            consumer_key,
            provider_height: update.height,
            provider_time: update.time,
        }))
    };
    Ok(AppliedAtResponse {
        in_force: answer(in_force)?,
        next: answer(next)?,
    })
}

/// Marks a `SENT_KEYS` record as a removal: the removed operator's last key follows it (no
/// base64 key starts with it), so the key a removal ended is known too.
pub const REMOVED: char = '!';

/// The `SENT_KEYS` record of an operator's removal, which ends `key`.
pub fn removal_record(key: &str) -> String {
    format!("{REMOVED}{key}")
}

/// The key `update_id` carried for `operator`: the last one recorded at or before it (`None` if
/// that record is a removal: the update removed the operator). Keys are recorded from release
/// 0.3.0 on. For an update older than every record, the first record after it tells: a removal
/// names the key it ended, which the update carried; a key recorded first is a first send or a
/// return after a removal before the records, so the update's is unknown (`None`). With nothing
/// recorded, the operator has been sent one key since the records began: the key last sent,
/// unless this update was its removal.
fn key_sent(
    deps: Deps,
    chain_id: &str,
    operator: &str,
    update_id: u64,
) -> StdResult<Option<String>> {
    let keys = SENT_KEYS.prefix((chain_id, operator));
    let at_or_before = keys
        .range(
            deps.storage,
            None,
            Some(Bound::inclusive(update_id)),
            Order::Descending,
        )
        .next()
        .transpose()?;
    if let Some((_, key)) = at_or_before {
        return Ok((!key.starts_with(REMOVED)).then_some(key));
    }
    let later = keys
        .range(
            deps.storage,
            Some(Bound::exclusive(update_id)),
            None,
            Order::Ascending,
        )
        .next()
        .transpose()?;
    if let Some((_, key)) = later {
        return Ok(key.strip_prefix(REMOVED).map(str::to_string));
    }
    Ok(LAST_SENT
        .may_load(deps.storage, (chain_id, operator))?
        .filter(|sent| !(sent.power.is_zero() && sent.update_id == update_id))
        .map(|sent| sent.consumer_key))
}
