//! After acceptance: anyone executes a pending slash once its veto period is over; governance
//! vetoes a pending or queued slash, or releases a queued one. Every change of the exposure is
//! sent to the relay in the same transaction (the hub reads the relay's copy), and an executed
//! slash is ordered through it to the registry.

use cosmwasm_std::{
    to_json_binary, Addr, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Uint128, WasmMsg,
};
use palisade_api::ibc::{Infraction, SlashStatus};
use palisade_api::relay::ExecuteMsg as RelayExecute;
use palisade_api::slash_book::SlashOrder;
use palisade_api::time::add_seconds;

use crate::error::ContractError;
use crate::registry;
use crate::state::{
    cover_key, save_slash, total_exposure, CONFIG, EXECUTED, INFRACTIONS, MAX_VETO_REASON_BYTES,
    OPEN, RATE_WINDOWS, SLASHES,
};

/// The relay's copy of the total exposure, with an executed slash's order if any.
pub fn relay_update(
    storage: &dyn Storage,
    relay: &Addr,
    order: Option<SlashOrder>,
) -> StdResult<WasmMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: relay.to_string(),
        msg: to_json_binary(&RelayExecute::SlashBookUpdate {
            total_exposure: total_exposure(storage)?,
            order,
        })?,
        funds: vec![],
    })
}

/// Anyone: executes a pending slash whose veto period is over. The registry jails or tombstones
/// the operator and forwards the slash to the hub; if either refuses, the whole execution fails
/// and the slash stays pending.
pub fn execute(deps: DepsMut, env: &Env, slash_id: u64) -> Result<Response, ContractError> {
    crate::import::ensure_complete(deps.storage)?;
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
    let relay = CONFIG.load(deps.storage)?.relay;
    let order = SlashOrder {
        slash_id,
        validator: slash.operator.clone(),
        chain_id: slash.chain_id.clone(),
        infraction: slash.infraction,
        amount: slash.amount,
        height: slash.provider_height,
    };
    Ok(Response::new()
        .add_message(relay_update(deps.storage, &relay, Some(order))?)
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
    crate::import::ensure_complete(deps.storage)?;
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
    let relay = CONFIG.load(deps.storage)?.relay;
    Ok(Response::new()
        .add_message(relay_update(deps.storage, &relay, None)?)
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
/// `veto_period`. The exposure does not change (a queued slash counts in it already).
pub fn release(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    slash_id: u64,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    crate::import::ensure_complete(deps.storage)?;
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
