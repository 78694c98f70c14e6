//! Opening a slash the relay received. The relay has checked what needs its channel and power
//! updates (the request came over the consumer's open channel and cites an update that was in
//! force at the infraction); the book checks the rest, in this order, before its first write:
//! the consumer is active, the request is new (by request id, and by operator, infraction and
//! height), reported within the consumer's unbonding period, not covered by a slash already
//! taken, and names an operator that had an allocation to the consumer at the update's provider
//! height. The slash is `restaked power × fraction`, rounded down (against the offender, never
//! above the stake at risk), where the restaked power is the hub's stake at that height times the
//! allocation in force at the infraction.
//!
//! A refusal is not an error: the answer carries the reason for the relay's error
//! acknowledgement and nothing is written. Only a failed write fails the transaction.
//!
//! Rate limit: a consumer's window opens with the first request after the previous one ended,
//! and remembers the consumer's total power then. Slashes fit while the window's pending sum
//! stays within `max_fraction` of that power; they wait `veto_period` and become executable. One
//! that does not fit is queued for governance, which releases it (its veto period starts then,
//! and it counts in no window) or vetoes it.

use cosmwasm_std::{
    to_json_binary, Decimal, DepsMut, Env, MessageInfo, Response, Storage, Timestamp, Uint128,
};
use palisade_api::ibc::{Infraction, SlashRequest, SlashStatus, MAX_EVIDENCE_BYTES};
use palisade_api::registry::ConsumerStatus;
use palisade_api::slash_book::{OpeningAnswer, SlashOpening};
use palisade_api::time::{add_seconds, overflow};

use crate::error::ContractError;
use crate::registry;
use crate::state::{
    cover_key, infraction_code, save_slash, total_exposure, SlashRecord, Window, CONFIG, EXECUTED,
    INFRACTIONS, LAST_SLASH_ID, OPEN, RATE_WINDOWS, SEEN_REQUESTS,
};

/// `amount × fraction`, rounded down. The registry bounds every fraction by 1, so this cannot
/// overflow; a larger one is refused rather than trusted.
pub fn fraction_of(
    amount: Uint128,
    fraction: Decimal,
) -> Result<Uint128, cosmwasm_std::CheckedMultiplyRatioError> {
    amount.checked_multiply_ratio(fraction.atomics(), Decimal::one().atomics())
}

/// `time + seconds`, or the end of time: a deadline too far to represent never passes.
fn deadline(time: Timestamp, seconds: u64) -> Timestamp {
    add_seconds(time, seconds).unwrap_or(Timestamp::from_nanos(u64::MAX))
}

/// The window a request received at `now` counts in: the stored one while it lasts, else a new
/// one starting now at the consumer's current total power.
pub fn current_window(
    stored: Option<Window>,
    window_seconds: u64,
    now: Timestamp,
    total_power: Uint128,
) -> Window {
    match stored {
        Some(window) if now < deadline(window.start, window_seconds) => window,
        _ => Window {
            start: now,
            power_at_start: total_power,
            slashed: Uint128::zero(),
        },
    }
}

/// The relay only: opens a slash, or answers why not.
pub fn open(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    opening: SlashOpening,
) -> Result<Response, ContractError> {
    if info.sender != CONFIG.load(deps.storage)?.relay {
        return Err(ContractError::NotTheRelay);
    }
    let (slash_id, slash, window) = match check(&deps, env, opening, Source::Request) {
        Ok(accepted) => accepted,
        Err(refusal) => {
            let reason = refusal.to_string();
            return Ok(Response::new()
                .set_data(to_json_binary(&OpeningAnswer::Refused {
                    reason: reason.clone(),
                })?)
                .add_attribute("action", "slash_refused")
                .add_attribute("reason", reason));
        }
    };
    // Every check passed: from here on, only writes.
    record(deps.storage, slash_id, &slash, &window)?;
    let answer = OpeningAnswer::Accepted {
        slash_id,
        status: slash.status,
        total_exposure: total_exposure(deps.storage)?,
    };
    Ok(slash_event(
        Response::new().set_data(to_json_binary(&answer)?),
        slash_id,
        slash,
    ))
}

/// The event of a slash opened: `action` `slash_request`, whatever opened it (`verified` tells
/// evidence from a consumer's request).
pub fn slash_event(response: Response, slash_id: u64, slash: SlashRecord) -> Response {
    let mut response = response
        .add_attribute("action", "slash_request")
        .add_attribute("chain_id", slash.chain_id)
        .add_attribute("request_id", slash.request_id.to_string())
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute("operator", slash.operator)
        .add_attribute("infraction", slash.infraction.name())
        .add_attribute("infraction_height", slash.infraction_height.to_string())
        .add_attribute("amount", slash.amount)
        .add_attribute("status", slash.status.name())
        .add_attribute("verified", (slash.request_id == 0).to_string());
    if let Some(executable_at) = slash.executable_at {
        response = response.add_attribute("executable_at", executable_at.seconds().to_string());
    }
    response
}

/// Where an opening comes from.
#[derive(Clone, Copy)]
pub enum Source {
    /// A consumer's request: the allocation is read at the infraction's time it reports.
    Request,
    /// A double sign whose evidence the book checked (`evidence`), which has no consumer request
    /// id. The infraction's time is only bounded (the latest it can be), so the allocation is
    /// read when the update in force was sent: the allocation its power was computed with.
    Evidence { update_sent_at: Timestamp },
}

/// Every check, in the order of the module's doc; reads only. The slash to record, its id and
/// the rate-limit window it leaves.
pub fn check(
    deps: &DepsMut,
    env: &Env,
    opening: SlashOpening,
    source: Source,
) -> Result<(u64, SlashRecord, Window), ContractError> {
    let (verified, allocation_time) = match source {
        Source::Request => (false, opening.request.infraction_time),
        Source::Evidence { update_sent_at } => (true, update_sent_at),
    };
    let SlashOpening {
        chain_id,
        request,
        provider_height,
        total_power,
    } = opening;
    crate::import::ensure_complete(deps.storage)?;
    let now = env.block.time;
    let config = CONFIG.load(deps.storage)?;
    let consumer = registry::consumer(&deps.querier, &config.registry, &chain_id)?;
    if consumer.status != ConsumerStatus::Active {
        return Err(ContractError::ConsumerNotActive {
            chain_id,
            status: consumer.status,
        });
    }
    let params = consumer.params;
    check_new(deps.storage, &chain_id, &request, verified)?;
    check_reportable(&request, params.unbonding_period, now)?;
    check_not_covered(deps.storage, &chain_id, &request, params.downtime_jail)?;
    let power = registry::power_at(
        &deps.querier,
        &config.registry,
        &request.operator,
        &chain_id,
        // The stake the update carried: as it stood at the end of the block that sent it
        // (history reads give the state at the start of a block).
        provider_height.saturating_add(1),
        allocation_time,
    )?;
    if power.allocation.is_zero() {
        return Err(ContractError::NotOptedIn {
            chain_id,
            operator: request.operator,
            update_id: request.update_id,
        });
    }
    let fraction = match request.infraction {
        Infraction::DoubleSign => params.double_sign_fraction,
        Infraction::Downtime => params.downtime_fraction,
    };
    let amount = fraction_of(power.restaked_power, fraction)?;
    let mut window = current_window(
        RATE_WINDOWS.may_load(deps.storage, &chain_id)?,
        params.slash_rate_limit.window,
        now,
        total_power,
    );
    let (status, executable_at, window_start) = admit(
        &mut window,
        amount,
        params.slash_rate_limit.max_fraction,
        now,
        params.veto_period,
    )?;
    let slash_id = LAST_SLASH_ID
        .may_load(deps.storage)?
        .unwrap_or(0)
        .checked_add(1)
        .ok_or_else(overflow)?;
    let slash = SlashRecord {
        chain_id,
        request_id: request.request_id,
        operator: request.operator,
        infraction: request.infraction,
        infraction_height: request.infraction_height,
        infraction_time: request.infraction_time,
        update_id: request.update_id,
        provider_height,
        fraction,
        allocation: power.allocation,
        stake_at_infraction: power.hub_stake,
        amount,
        evidence: request.evidence,
        received_at: now,
        executable_at,
        status,
        veto_reason: None,
        window_start,
    };
    Ok((slash_id, slash, window))
}

/// The request is new: its evidence within bounds, its request id unseen (verified evidence has
/// none: id 0, which no consumer request may use), and no slash for the same operator,
/// infraction and height on this consumer.
fn check_new(
    storage: &dyn Storage,
    chain_id: &str,
    request: &SlashRequest,
    verified: bool,
) -> Result<(), ContractError> {
    if request.request_id == 0 && !verified {
        return Err(ContractError::ReservedRequestId);
    }
    if let Some(evidence) = &request.evidence {
        if evidence.len() > MAX_EVIDENCE_BYTES {
            return Err(ContractError::EvidenceTooLong {
                len: evidence.len(),
                max: MAX_EVIDENCE_BYTES,
            });
        }
    }
    let seen = match verified {
        true => None,
        false => SEEN_REQUESTS.may_load(storage, (chain_id, request.request_id))?,
    };
    if let Some(slash_id) = seen {
        return Err(ContractError::DuplicateRequest {
            request_id: request.request_id,
            slash_id,
        });
    }
    if let Some(slash_id) = INFRACTIONS.may_load(
        storage,
        infraction_key(
            chain_id,
            &request.operator,
            request.infraction,
            request.infraction_height,
        ),
    )? {
        return Err(ContractError::DuplicateInfraction {
            operator: request.operator.clone(),
            infraction: request.infraction,
            infraction_height: request.infraction_height,
            slash_id,
        });
    }
    Ok(())
}

/// An offence's key in `INFRACTIONS`: (consumer, operator, (infraction, height)).
fn infraction_key<'a>(
    chain_id: &'a str,
    operator: &'a str,
    infraction: Infraction,
    height: u64,
) -> (&'a str, &'a str, (u8, u64)) {
    (chain_id, operator, (infraction_code(infraction), height))
}

/// The infraction is in the past and within the consumer's unbonding period.
fn check_reportable(
    request: &SlashRequest,
    unbonding_period: u64,
    now: Timestamp,
) -> Result<(), ContractError> {
    if request.infraction_time > now {
        return Err(ContractError::InfractionInFuture {
            infraction_time: request.infraction_time,
            now,
        });
    }
    let reportable_until = deadline(request.infraction_time, unbonding_period);
    if now > reportable_until {
        return Err(ContractError::StaleInfraction {
            infraction_time: request.infraction_time,
            deadline: reportable_until,
            now,
        });
    }
    Ok(())
}

/// One penalty per offence: a double sign (tombstone) covers everything after it; a downtime
/// slash, later downtime until it executes and then through the jail it imposed (the consumer
/// may still see the operator until the next power update). Per consumer.
fn check_not_covered(
    storage: &dyn Storage,
    chain_id: &str,
    request: &SlashRequest,
    downtime_jail: u64,
) -> Result<(), ContractError> {
    for covering in [Infraction::DoubleSign, request.infraction] {
        for slot in [OPEN, EXECUTED] {
            let key = cover_key(chain_id, &request.operator, covering, slot);
            if let Some(executed) = INFRACTIONS.may_load(storage, key)? {
                let until = if slot == EXECUTED {
                    executed.saturating_add(downtime_jail)
                } else {
                    executed
                };
                if covering != request.infraction || request.infraction_time.seconds() <= until {
                    return Err(ContractError::AlreadySlashed {
                        operator: request.operator.clone(),
                    });
                }
            }
        }
    }
    Ok(())
}

/// The rate limit: the slash is pending (executable `veto_period` after `now`, counted in
/// `window`) while the window's sum stays within `max_fraction` of its starting power (rounded
/// down), else queued for governance. Returns the status, when it becomes executable and the
/// window it counts in.
fn admit(
    window: &mut Window,
    amount: Uint128,
    max_fraction: Decimal,
    now: Timestamp,
    veto_period: u64,
) -> Result<(SlashStatus, Option<Timestamp>, Option<Timestamp>), ContractError> {
    let limit = fraction_of(window.power_at_start, max_fraction)?;
    let with_this = window.slashed.checked_add(amount)?;
    if with_this > limit {
        return Ok((SlashStatus::Queued, None, None));
    }
    window.slashed = with_this;
    Ok((
        SlashStatus::Pending,
        Some(add_seconds(now, veto_period)?),
        Some(window.start),
    ))
}

/// Saves a new slash and everything that makes the next request for it a duplicate.
pub fn record(
    storage: &mut dyn Storage,
    slash_id: u64,
    slash: &SlashRecord,
    window: &Window,
) -> Result<(), ContractError> {
    save_slash(storage, slash_id, None, slash)?;
    LAST_SLASH_ID.save(storage, &slash_id)?;
    // Verified evidence (request id 0) is no consumer request.
    if slash.request_id != 0 {
        SEEN_REQUESTS.save(storage, (&slash.chain_id, slash.request_id), &slash_id)?;
    }
    let key = infraction_key(
        &slash.chain_id,
        &slash.operator,
        slash.infraction,
        slash.infraction_height,
    );
    INFRACTIONS.save(storage, key, &slash_id)?;
    INFRACTIONS.save(
        storage,
        cover_key(&slash.chain_id, &slash.operator, slash.infraction, OPEN),
        &u64::MAX,
    )?;
    RATE_WINDOWS.save(storage, &slash.chain_id, window)?;
    Ok(())
}
