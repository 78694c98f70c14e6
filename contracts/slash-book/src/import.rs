//! Carrying a deployment's slash records over from the relay. Until release 0.2.0 the relay kept
//! the slash book itself; its records stay in its storage after it migrates, under the same
//! namespaces and formats as the book's (`state`). At instantiation the book reads the relay's
//! last slash id (none for a new deployment); then anyone imports the records in pages, each
//! read raw from the relay, with what makes later requests duplicates or covered and the rate
//! windows. The exposure is recounted from the open slashes and equals the relay's copy, which
//! does not change. Until the last record is here the book opens, executes, vetoes and releases
//! nothing: every one of those needs the whole book (the exposure it sends the relay, the
//! duplicates and covers it checks).

use cosmwasm_std::{from_json, Addr, DepsMut, QuerierWrapper, Response, StdResult, Storage};
use palisade_api::ibc::{Infraction, SlashStatus};
use palisade_api::slash_book::ImportProgress;

use crate::error::ContractError;
use crate::state::{
    cover_key, infraction_code, save_slash, SlashRecord, Window, CONFIG, EXECUTED, IMPORT,
    INFRACTIONS, LAST_SLASH_ID, OPEN, RATE_WINDOWS, SEEN_REQUESTS, SLASHES,
};

/// Most records one `import_slashes` carries.
pub const MAX_IMPORT_PAGE: u32 = 100;
/// Records one `import_slashes` carries when it names no limit.
pub const DEFAULT_IMPORT_PAGE: u32 = 30;

/// At instantiation: the relay's records to carry over, if it kept any.
pub fn begin(storage: &mut dyn Storage, querier: &QuerierWrapper, relay: &Addr) -> StdResult<u64> {
    let last = match querier.query_wasm_raw(relay, LAST_SLASH_ID.as_slice())? {
        Some(raw) => from_json::<u64>(raw)?,
        None => 0,
    };
    if last > 0 {
        IMPORT.save(
            storage,
            &ImportProgress {
                next_slash_id: 1,
                last_slash_id: last,
            },
        )?;
    }
    Ok(last)
}

/// Refuses while records are still to come.
pub fn ensure_complete(storage: &dyn Storage) -> Result<(), ContractError> {
    match IMPORT.may_load(storage)? {
        Some(progress) => Err(ContractError::Importing {
            next_slash_id: progress.next_slash_id,
            last_slash_id: progress.last_slash_id,
        }),
        None => Ok(()),
    }
}

/// Anyone: carries the next page of the relay's records over.
pub fn import(deps: DepsMut, limit: Option<u32>) -> Result<Response, ContractError> {
    let progress = IMPORT
        .may_load(deps.storage)?
        .ok_or(ContractError::NothingToImport)?;
    let relay = CONFIG.load(deps.storage)?.relay;
    let page = u64::from(
        limit
            .unwrap_or(DEFAULT_IMPORT_PAGE)
            .clamp(1, MAX_IMPORT_PAGE),
    );
    let first = progress.next_slash_id;
    let end = progress.last_slash_id.min(first.saturating_add(page - 1));
    for slash_id in first..=end {
        let raw = deps
            .querier
            .query_wasm_raw(&relay, SLASHES.key(slash_id).to_vec())?
            .ok_or(ContractError::MissingRelayRecord { slash_id })?;
        let slash: SlashRecord = from_json(raw)?;
        carry(deps.storage, &deps.querier, &relay, slash_id, &slash)?;
    }
    let remaining = progress.last_slash_id - end;
    if remaining == 0 {
        IMPORT.remove(deps.storage);
        LAST_SLASH_ID.save(deps.storage, &progress.last_slash_id)?;
    } else {
        IMPORT.save(
            deps.storage,
            &ImportProgress {
                next_slash_id: end + 1,
                last_slash_id: progress.last_slash_id,
            },
        )?;
    }
    Ok(Response::new()
        .add_attribute("action", "import_slashes")
        .add_attribute("first_slash_id", first.to_string())
        .add_attribute("last_slash_id", end.to_string())
        .add_attribute("remaining", remaining.to_string()))
}

/// One record with everything the relay derived from it: the status index and the exposure,
/// the request and the offence as seen, its cover, its consumer's rate window.
fn carry(
    storage: &mut dyn Storage,
    querier: &QuerierWrapper,
    relay: &Addr,
    slash_id: u64,
    slash: &SlashRecord,
) -> Result<(), ContractError> {
    save_slash(storage, slash_id, None, slash)?;
    SEEN_REQUESTS.save(storage, (&slash.chain_id, slash.request_id), &slash_id)?;
    let offence = (
        slash.chain_id.as_str(),
        slash.operator.as_str(),
        (infraction_code(slash.infraction), slash.infraction_height),
    );
    INFRACTIONS.save(storage, offence, &slash_id)?;
    let cover = |slot| cover_key(&slash.chain_id, &slash.operator, slash.infraction, slot);
    // Open while pending or queued; a double sign's stays once executed (the tombstone); a
    // downtime slash's executed cover is the relay's own record (the time it executed).
    let open = matches!(slash.status, SlashStatus::Pending | SlashStatus::Queued)
        || (slash.status == SlashStatus::Executed && slash.infraction == Infraction::DoubleSign);
    if open {
        INFRACTIONS.save(storage, cover(OPEN), &u64::MAX)?;
    }
    if slash.status == SlashStatus::Executed
        && slash.infraction == Infraction::Downtime
        && !INFRACTIONS.has(storage, cover(EXECUTED))
    {
        let key = INFRACTIONS.key(cover(EXECUTED)).to_vec();
        if let Some(raw) = querier.query_wasm_raw(relay, key)? {
            INFRACTIONS.save(storage, cover(EXECUTED), &from_json(raw)?)?;
        }
    }
    if !RATE_WINDOWS.has(storage, &slash.chain_id) {
        let key = RATE_WINDOWS.key(&slash.chain_id).to_vec();
        if let Some(raw) = querier.query_wasm_raw(relay, key)? {
            RATE_WINDOWS.save(storage, &slash.chain_id, &from_json::<Window>(raw)?)?;
        }
    }
    Ok(())
}
