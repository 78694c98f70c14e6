//! Slash requests from consumers, the per-consumer rate limit, and governance's veto and release.
//!
//! `receive` runs every check before its first write, so a refused packet (error
//! acknowledgement) changes nothing. The request must come over its consumer's open channel,
//! name an update the relay sent that consumer, be new (by request id, and by operator,
//! infraction and height), be reported within the consumer's unbonding period, and name an
//! operator that had an allocation to the consumer at that update's provider height. The slash
//! is `restaked power × fraction`, rounded down, where the restaked power is the hub's stake at
//! that height times the allocation in force at the infraction.
//!
//! Rate limit: a consumer's window opens with the first request after the previous one ended,
//! and remembers the consumer's total power then. Slashes fit while the window's pending sum
//! stays within `max_fraction` of that power; they wait `veto_period` and become executable. One
//! that does not fit is queued for governance, which releases it (its veto period starts then,
//! and it counts in no window) or vetoes it. Vetoing a pending slash gives its amount back to its
//! window if that window is still the current one.

use cosmwasm_std::{
    from_json, to_json_binary, Decimal, DepsMut, Env, IbcPacket, IbcReceiveResponse, MessageInfo,
    Order, Response, StdAck, Storage, Timestamp, Uint128,
};
use cw_storage_plus::Bound;
use palisade_api::ibc::{
    ConsumerPacket, Infraction, SlashRequest, SlashRequestAck, SlashStatus, MAX_EVIDENCE_BYTES,
};
use palisade_api::registry::ConsumerStatus;
use palisade_api::relay::{ChannelStatus, UpdateStatus};

use crate::channel;
use crate::error::ContractError;
use crate::registry;
use crate::state::UpdateRecord;
use crate::state::{
    add_seconds, cover_key, infraction_code, overflow, save_slash, SlashRecord, Window, ACKED,
    CONFIG, EXECUTED, INFRACTIONS, LAST_SLASH_ID, MAX_VETO_REASON_BYTES, OPEN, RATE_WINDOWS,
    SEEN_REQUESTS, SLASHES, UPDATES,
};

/// `amount × fraction`, rounded down. The registry bounds every fraction by 1, so this cannot
/// overflow; a larger one is refused rather than trusted.
pub fn fraction_of(
    amount: Uint128,
    fraction: cosmwasm_std::Decimal,
) -> Result<Uint128, cosmwasm_std::CheckedMultiplyRatioError> {
    amount.checked_multiply_ratio(fraction.atomics(), cosmwasm_std::Decimal::one().atomics())
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

/// A packet from a consumer. Only slash requests are accepted.
pub fn receive(
    deps: DepsMut,
    env: &Env,
    packet: &IbcPacket,
) -> Result<IbcReceiveResponse, ContractError> {
    let consumer_packet: ConsumerPacket =
        from_json(&packet.data).map_err(|err| ContractError::MalformedPacket {
            reason: err.to_string(),
        })?;
    let (chain_id, record) = channel::current_channel(deps.storage, &packet.dest.channel_id)?;
    if record.status != ChannelStatus::Open {
        return Err(ContractError::ChannelNotOpen {
            chain_id,
            channel_id: record.channel_id,
            status: record.status,
        });
    }
    let request = match consumer_packet {
        ConsumerPacket::SlashRequest(request) => request,
        ConsumerPacket::RewardsNotice {
            notice_id,
            denom,
            amount,
        } => {
            return crate::rewards::notice(deps, chain_id, notice_id, denom, amount);
        }
    };
    slash_request(deps, env, chain_id, record.total_power, request)
}

/// A consumer's slash request: every check, in the order of the module's doc, then the writes.
fn slash_request(
    deps: DepsMut,
    env: &Env,
    chain_id: String,
    total_power: Uint128,
    request: SlashRequest,
) -> Result<IbcReceiveResponse, ContractError> {
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
    let update = UPDATES
        .may_load(deps.storage, (&chain_id, request.update_id))?
        .ok_or_else(|| ContractError::UnknownUpdate {
            chain_id: chain_id.clone(),
            update_id: request.update_id,
        })?;
    check_new(deps.storage, &chain_id, &request)?;
    check_reportable(&request, params.unbonding_period, now)?;
    check_update_in_force(deps.storage, &chain_id, &request, &update)?;
    check_not_covered(deps.storage, &chain_id, &request, params.downtime_jail)?;
    let power = registry::power_at(
        &deps.querier,
        &config.registry,
        &request.operator,
        &chain_id,
        // The stake the update carried: as it stood at the end of the block that sent it
        // (history reads give the state at the start of a block).
        update.height.saturating_add(1),
        request.infraction_time,
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
    let ack = StdAck::success(to_json_binary(&SlashRequestAck { slash_id, status })?);

    // Every check passed: from here on, only writes.
    let slash = SlashRecord {
        chain_id,
        request_id: request.request_id,
        operator: request.operator,
        infraction: request.infraction,
        infraction_height: request.infraction_height,
        infraction_time: request.infraction_time,
        update_id: request.update_id,
        provider_height: update.height,
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
    record(deps.storage, slash_id, &slash, &window)?;
    let mut response = IbcReceiveResponse::new(ack)
        .add_attribute("action", "slash_request")
        .add_attribute("chain_id", slash.chain_id)
        .add_attribute("request_id", slash.request_id.to_string())
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute("operator", slash.operator)
        .add_attribute("infraction", slash.infraction.name())
        .add_attribute("infraction_height", slash.infraction_height.to_string())
        .add_attribute("amount", amount)
        .add_attribute("status", status.name());
    if let Some(executable_at) = executable_at {
        response = response.add_attribute("executable_at", executable_at.seconds().to_string());
    }
    Ok(response)
}

/// The request is new: its evidence within bounds, its request id unseen, and no slash for the
/// same operator, infraction and height on this consumer.
fn check_new(
    storage: &dyn Storage,
    chain_id: &str,
    request: &SlashRequest,
) -> Result<(), ContractError> {
    if let Some(evidence) = &request.evidence {
        if evidence.len() > MAX_EVIDENCE_BYTES {
            return Err(ContractError::EvidenceTooLong {
                len: evidence.len(),
                max: MAX_EVIDENCE_BYTES,
            });
        }
    }
    if let Some(slash_id) = SEEN_REQUESTS.may_load(storage, (chain_id, request.request_id))? {
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

/// The cited update was in force on the consumer at the infraction: delivered, carrying the
/// operator, sent no later than the infraction (a consumer cannot name a later update taken at a
/// higher stake), and not superseded by a newer one acknowledged before it.
fn check_update_in_force(
    storage: &dyn Storage,
    chain_id: &str,
    request: &SlashRequest,
    update: &UpdateRecord,
) -> Result<(), ContractError> {
    if update.status == UpdateStatus::Failed {
        return Err(ContractError::UpdateNotDelivered {
            update_id: request.update_id,
        });
    }
    // The power the consumer held is what this update carried for the operator: an update that
    // did not carry it was computed without reading its stake.
    if !update.operators.contains(&request.operator) {
        return Err(ContractError::UpdateDidNotCarry {
            update_id: request.update_id,
            operator: request.operator.clone(),
        });
    }
    if update.time > request.infraction_time {
        return Err(ContractError::UpdateAfterInfraction {
            update_id: request.update_id,
            sent_at: update.time,
            infraction_time: request.infraction_time,
        });
    }
    // A newer update carrying the operator was acknowledged before the infraction: the consumer
    // held it, or a newer one, then; the cited one was no longer in force (a consumer citing an
    // update of a higher stake).
    let acked = ACKED
        .prefix((chain_id, request.operator.as_str()))
        .range(
            storage,
            None,
            Some(Bound::inclusive(request.infraction_time.seconds())),
            Order::Descending,
        )
        .next()
        .transpose()?;
    if let Some((acked_at, newer)) = acked.filter(|&(_, id)| id > request.update_id) {
        return Err(ContractError::UpdateSuperseded {
            update_id: request.update_id,
            newer,
            acked_at,
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
fn record(
    storage: &mut dyn Storage,
    slash_id: u64,
    slash: &SlashRecord,
    window: &Window,
) -> Result<(), ContractError> {
    save_slash(storage, slash_id, None, slash)?;
    LAST_SLASH_ID.save(storage, &slash_id)?;
    SEEN_REQUESTS.save(storage, (&slash.chain_id, slash.request_id), &slash_id)?;
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

/// Anyone: executes a pending slash whose veto period is over. The registry jails or tombstones
/// the operator and forwards the slash to the hub; if either refuses, the whole execution fails
/// and the slash stays pending.
pub fn execute(deps: DepsMut, env: &Env, slash_id: u64) -> Result<Response, ContractError> {
    let mut slash = SLASHES
        .may_load(deps.storage, slash_id)?
        .ok_or(ContractError::UnknownSlash { slash_id })?;
    let (SlashStatus::Pending, Some(executable_at)) = (slash.status, slash.executable_at) else {
        return Err(ContractError::SlashNotPending {
            slash_id,
            status: slash.status,
        });
    };
    if env.block.time < executable_at {
        return Err(ContractError::VetoPeriodRunning {
            slash_id,
            executable_at,
            now: env.block.time,
        });
    }
    slash.status = SlashStatus::Executed;
    save_slash(deps.storage, slash_id, Some(SlashStatus::Pending), &slash)?;
    if slash.infraction == Infraction::Downtime {
        // Jailed from now on: later downtime is a new offence once the jail ends.
        let cover = |slot| cover_key(&slash.chain_id, &slash.operator, slash.infraction, slot);
        INFRACTIONS.remove(deps.storage, cover(OPEN));
        INFRACTIONS.save(deps.storage, cover(EXECUTED), &env.block.time.seconds())?;
    }
    let registry = CONFIG.load(deps.storage)?.registry;
    let order = registry::slash_msg(&registry, slash_id, &slash)?;
    Ok(Response::new()
        .add_message(order)
        .add_attribute("action", "execute_slash")
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute("chain_id", slash.chain_id)
        .add_attribute("operator", slash.operator)
        .add_attribute("infraction", slash.infraction.name())
        .add_attribute("amount", slash.amount))
}

/// Owner: vetoes a pending or queued slash.
pub fn veto(
    deps: DepsMut,
    info: MessageInfo,
    slash_id: u64,
    reason: String,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    if reason.is_empty() || reason.len() > MAX_VETO_REASON_BYTES {
        return Err(ContractError::InvalidVetoReason {
            len: reason.len(),
            max: MAX_VETO_REASON_BYTES,
        });
    }
    let mut slash = SLASHES
        .may_load(deps.storage, slash_id)?
        .ok_or(ContractError::UnknownSlash { slash_id })?;
    let previous = slash.status;
    if !matches!(previous, SlashStatus::Pending | SlashStatus::Queued) {
        return Err(ContractError::SlashNotVetoable {
            slash_id,
            status: previous,
        });
    }
    let mut returned = Uint128::zero();
    if let (SlashStatus::Pending, Some(start)) = (previous, slash.window_start) {
        if let Some(mut window) = RATE_WINDOWS.may_load(deps.storage, &slash.chain_id)? {
            if window.start == start {
                // `slashed` includes this amount; saturating keeps a veto possible regardless.
                window.slashed = window.slashed.saturating_sub(slash.amount);
                returned = slash.amount;
                RATE_WINDOWS.save(deps.storage, &slash.chain_id, &window)?;
            }
        }
    }
    // The vetoed slash covers nothing; an earlier executed downtime slash still covers what it
    // did.
    INFRACTIONS.remove(
        deps.storage,
        cover_key(&slash.chain_id, &slash.operator, slash.infraction, OPEN),
    );
    slash.status = SlashStatus::Vetoed;
    slash.executable_at = None;
    slash.veto_reason = Some(reason.clone());
    save_slash(deps.storage, slash_id, Some(previous), &slash)?;
    Ok(Response::new()
        .add_attribute("action", "veto_slash")
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute("chain_id", slash.chain_id)
        .add_attribute("operator", slash.operator)
        .add_attribute("amount", slash.amount)
        .add_attribute("previous_status", previous.name())
        .add_attribute("returned_to_window", returned)
        .add_attribute("reason", reason))
}

/// Owner: releases a queued slash; its veto period starts now, with the consumer's current
/// `veto_period`.
pub fn release(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    slash_id: u64,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut slash = SLASHES
        .may_load(deps.storage, slash_id)?
        .ok_or(ContractError::UnknownSlash { slash_id })?;
    if slash.status != SlashStatus::Queued {
        return Err(ContractError::SlashNotQueued {
            slash_id,
            status: slash.status,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let consumer = registry::consumer(&deps.querier, &config.registry, &slash.chain_id)?;
    let executable_at = add_seconds(env.block.time, consumer.params.veto_period)?;
    slash.status = SlashStatus::Pending;
    slash.executable_at = Some(executable_at);
    slash.window_start = None;
    save_slash(deps.storage, slash_id, Some(SlashStatus::Queued), &slash)?;
    Ok(Response::new()
        .add_attribute("action", "release_slash")
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute("chain_id", slash.chain_id)
        .add_attribute("operator", slash.operator)
        .add_attribute("amount", slash.amount)
        .add_attribute("executable_at", executable_at.seconds().to_string()))
}
