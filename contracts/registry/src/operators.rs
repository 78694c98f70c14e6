//! Operators: registration by the validator's own operator account, opt-in to consumers with a
//! key and an allocation, allocation changes, and the relay's jail and tombstone.
//!
//! Timing, as stakers need it: an allocation increase (an opt-in is one) raises what a consumer
//! may slash, so it takes effect after `allocation_delay`; a decrease or an opt-out takes effect
//! after the consumer's unbonding period, during which the consumer can still report infractions
//! and the stake stays slashable. Changes are stored as `pending` with their time and applied
//! lazily, so history read at a past height plus the infraction's time gives the allocation that
//! was in force.

use cosmwasm_std::{Decimal, Deps, DepsMut, Env, MessageInfo, Response, Timestamp, Uint128};
use palisade_api::ibc::Infraction;
use palisade_api::registry::{
    ConsumerStatus, OperatorMetadata, OperatorStatus, PendingAllocation, PendingCommission,
    SlashDestination,
};

use crate::consumers;
use crate::error::ContractError;
use crate::state::{
    Consumer, Operator, OptIn, CONFIG, CONSUMERS, CONSUMER_KEYS, CONSUMER_OPERATORS,
    MAX_OPT_INS_PER_OPERATOR, OPERATORS, OPERATOR_OF_ACCOUNT, OPT_INS,
};
use palisade_api::account::is_operator_account;

const MAX_MONIKER: usize = 70;
const MAX_FIELD: usize = 140;

fn validate_metadata(metadata: &OperatorMetadata) -> Result<(), ContractError> {
    let invalid = |reason: &str| ContractError::InvalidMetadata {
        reason: reason.to_string(),
    };
    if metadata.moniker.trim().is_empty() || metadata.moniker.len() > MAX_MONIKER {
        return Err(invalid("moniker must be 1 to 70 bytes"));
    }
    let too_long = |f: &Option<String>| f.as_ref().is_some_and(|s| s.len() > MAX_FIELD);
    if too_long(&metadata.website) || too_long(&metadata.contact) {
        return Err(invalid("website and contact must be at most 140 bytes"));
    }
    Ok(())
}

fn check_commission(commission_bps: u16, min_bps: u16, max_bps: u16) -> Result<(), ContractError> {
    if commission_bps < min_bps || commission_bps > max_bps {
        return Err(ContractError::CommissionOutOfBounds {
            commission_bps,
            min_bps,
            max_bps,
        });
    }
    Ok(())
}

pub fn register(
    deps: DepsMut,
    info: MessageInfo,
    validator: String,
    metadata: OperatorMetadata,
    commission_bps: u16,
) -> Result<Response, ContractError> {
    // Bech32 also accepts the all-uppercase form of an address: one spelling only, or a
    // validator could register twice (and escape a tombstone) under the same bytes.
    // (ASCII check: bech32 is ASCII, and Unicode case tables would cost 18 KB of wasm.)
    if validator.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(ContractError::NonCanonicalAddress { address: validator });
    }
    if deps.querier.query_validator(&validator)?.is_none() {
        return Err(ContractError::UnknownValidator { validator });
    }
    if !is_operator_account(info.sender.as_str(), &validator) {
        return Err(ContractError::NotValidatorOperator {
            sender: info.sender.to_string(),
            validator,
        });
    }
    if OPERATORS.has(deps.storage, &validator) {
        return Err(ContractError::OperatorExists { validator });
    }
    validate_metadata(&metadata)?;
    let max = CONFIG.load(deps.storage)?.params.max_commission_bps;
    check_commission(commission_bps, 0, max)?;
    OPERATOR_OF_ACCOUNT.save(deps.storage, &info.sender, &validator)?;
    OPERATORS.save(
        deps.storage,
        &validator,
        &Operator {
            account: info.sender.clone(),
            metadata,
            commission_bps,
            tombstoned: false,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_operator")
        .add_attribute("validator", validator)
        .add_attribute("account", info.sender)
        .add_attribute("commission_bps", commission_bps.to_string()))
}

/// The validator the sender registered.
fn sender_validator(deps: Deps, info: &MessageInfo) -> Result<String, ContractError> {
    OPERATOR_OF_ACCOUNT
        .may_load(deps.storage, &info.sender)?
        .ok_or_else(|| ContractError::NotAnOperator {
            sender: info.sender.to_string(),
        })
}

pub fn update(
    deps: DepsMut,
    info: MessageInfo,
    metadata: OperatorMetadata,
    commission_bps: u16,
) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    validate_metadata(&metadata)?;
    let max = CONFIG.load(deps.storage)?.params.max_commission_bps;
    check_commission(commission_bps, 0, max)?;
    let mut operator = OPERATORS.load(deps.storage, &validator)?;
    operator.metadata = metadata;
    operator.commission_bps = commission_bps;
    OPERATORS.save(deps.storage, &validator, &operator)?;
    Ok(Response::new()
        .add_attribute("action", "update_operator")
        .add_attribute("validator", validator)
        .add_attribute("commission_bps", commission_bps.to_string()))
}

/// The operator leaves the registry, and the hub's set if it is there (the hub then moves its
/// stake away). Only once no opt-in record remains: every opt-out took effect and was pruned, so
/// no consumer can still slash this registration. A tombstoned operator stays registered for good.
pub fn deregister(deps: DepsMut, env: Env, info: MessageInfo) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    let opt_ins = OPT_INS
        .prefix(&validator)
        .keys(deps.storage, None, None, cosmwasm_std::Order::Ascending)
        .count();
    if opt_ins > 0 {
        return Err(ContractError::OptInsRemain { validator, opt_ins });
    }
    OPERATORS.remove(deps.storage, &validator);
    OPERATOR_OF_ACCOUNT.remove(deps.storage, &info.sender);
    let (leave_hub, hub_updated) = crate::hub::remove_from_hub(&deps, &env, &validator)?;
    Ok(Response::new()
        .add_messages(leave_hub)
        .add_attribute("action", "deregister_operator")
        .add_attribute("hub_updated", hub_updated.to_string())
        .add_attribute("validator", validator)
        .add_attribute("account", info.sender))
}

/// Sum of what the operator's opt-ins commit against the cap, except `skip_chain`'s. Bounded by
/// `MAX_OPT_INS_PER_OPERATOR`. Returns (sum, number of opt-ins).
fn committed_elsewhere(
    deps: Deps,
    now: Timestamp,
    validator: &str,
    skip_chain: &str,
) -> Result<(Decimal, usize), ContractError> {
    let mut total = Decimal::zero();
    let mut count = 0;
    for item in
        OPT_INS
            .prefix(validator)
            .range(deps.storage, None, None, cosmwasm_std::Order::Ascending)
    {
        let (chain_id, opt_in) = item?;
        count += 1;
        if chain_id != skip_chain {
            total += opt_in.committed_at(now);
        }
    }
    Ok((total, count))
}

fn check_cap(
    deps: Deps,
    now: Timestamp,
    validator: &str,
    chain_id: &str,
    new: Decimal,
) -> Result<usize, ContractError> {
    let cap = CONFIG.load(deps.storage)?.params.max_total_allocation;
    let (elsewhere, count) = committed_elsewhere(deps, now, validator, chain_id)?;
    let total = elsewhere + new;
    if total > cap {
        return Err(ContractError::AllocationCapExceeded { total, cap });
    }
    Ok(count)
}

fn check_allocation(allocation: Decimal) -> Result<(), ContractError> {
    if allocation.is_zero() || allocation > Decimal::one() {
        return Err(ContractError::InvalidAllocation { allocation });
    }
    Ok(())
}

/// Loads an opt-in with any due change applied; removes it (and frees its key) if it has left.
fn load_current(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
    chain_id: &str,
) -> Result<Option<OptIn>, ContractError> {
    let Some(mut opt_in) = OPT_INS.may_load(deps.storage, (validator, chain_id))? else {
        return Ok(None);
    };
    let before = opt_in.clone();
    opt_in.fold(env.block.time);
    if opt_in.has_left() {
        remove_opt_in(deps, env, validator, chain_id, &opt_in)?;
        return Ok(None);
    }
    if opt_in != before {
        OPT_INS.save(
            deps.storage,
            (validator, chain_id),
            &opt_in,
            env.block.height,
        )?;
    }
    Ok(Some(opt_in))
}

/// Like [`load_current`], for an operator that must be opted in.
fn load_opted_in(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
    chain_id: &str,
) -> Result<OptIn, ContractError> {
    load_current(deps, env, validator, chain_id)?.ok_or_else(|| ContractError::NotOptedIn {
        validator: validator.to_string(),
        chain_id: chain_id.to_string(),
    })
}

fn remove_opt_in(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
    chain_id: &str,
    opt_in: &OptIn,
) -> Result<(), ContractError> {
    OPT_INS.remove(deps.storage, (validator, chain_id), env.block.height)?;
    CONSUMER_OPERATORS.remove(deps.storage, (chain_id, validator));
    CONSUMER_KEYS.remove(deps.storage, (chain_id, &opt_in.consumer_key));
    CONSUMERS.update(
        deps.storage,
        chain_id,
        |c| -> Result<Consumer, ContractError> {
            let mut c = c.ok_or_else(|| ContractError::UnknownConsumer {
                chain_id: chain_id.to_string(),
            })?;
            c.operators = c.operators.saturating_sub(1);
            Ok(c)
        },
    )?;
    Ok(())
}

pub fn opt_in(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    consumer_key: String,
    allocation: Decimal,
    commission_bps: u16,
) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    let mut consumer = consumers::load(deps.as_ref(), &chain_id)?;
    if consumer.status != ConsumerStatus::Active {
        return Err(ContractError::ConsumerNotActive { chain_id });
    }
    if let Some(existing) = load_current(&mut deps, &env, &validator, &chain_id)? {
        return Err(if existing.status == OperatorStatus::Tombstoned {
            ContractError::Tombstoned {
                validator,
                chain_id,
            }
        } else {
            ContractError::AlreadyOptedIn {
                validator,
                chain_id,
            }
        });
    }
    if consumer_key.trim().is_empty() {
        return Err(ContractError::EmptyConsumerKey);
    }
    if let Some(owner) = CONSUMER_KEYS.may_load(deps.storage, (&chain_id, &consumer_key))? {
        // A key whose owner has left is reclaimed (loading the owner's opt-in prunes it).
        if load_current(&mut deps, &env, &owner, &chain_id)?.is_some() {
            return Err(ContractError::ConsumerKeyTaken {
                chain_id,
                consumer_key,
                owner,
            });
        }
        consumer = consumers::load(deps.as_ref(), &chain_id)?;
    }
    check_allocation(allocation)?;
    let bounds = &consumer.params.commission_bounds;
    check_commission(commission_bps, bounds.min_bps, bounds.max_bps)?;
    if consumer.operators >= consumer.params.max_operators {
        return Err(ContractError::TooManyOperators {
            chain_id,
            max: consumer.params.max_operators,
        });
    }
    let opt_ins = check_cap(
        deps.as_ref(),
        env.block.time,
        &validator,
        &chain_id,
        allocation,
    )?;
    if opt_ins >= MAX_OPT_INS_PER_OPERATOR {
        return Err(ContractError::TooManyOptIns {
            validator,
            max: MAX_OPT_INS_PER_OPERATOR,
        });
    }

    let delay = CONFIG.load(deps.storage)?.params.allocation_delay;
    let effective_at = env.block.time.plus_seconds(delay);
    let record = OptIn {
        consumer_key: consumer_key.clone(),
        allocation: Decimal::zero(),
        pending: Some(PendingAllocation {
            allocation,
            effective_at,
        }),
        commission_bps,
        status: OperatorStatus::Active,
        pending_commission: None,
    };
    OPT_INS.save(
        deps.storage,
        (&validator, &chain_id),
        &record,
        env.block.height,
    )?;
    CONSUMER_OPERATORS.save(deps.storage, (&chain_id, &validator), &())?;
    CONSUMER_KEYS.save(deps.storage, (&chain_id, &consumer_key), &validator)?;
    consumer.operators += 1;
    CONSUMERS.save(deps.storage, &chain_id, &consumer)?;
    Ok(Response::new()
        .add_attribute("action", "opt_in")
        .add_attribute("validator", validator)
        .add_attribute("chain_id", chain_id)
        .add_attribute("consumer_key", consumer_key)
        .add_attribute("allocation", allocation.to_string())
        .add_attribute("effective_at", effective_at.seconds().to_string()))
}

/// Schedules a new allocation (0 = opt out).
pub fn set_allocation(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    allocation: Decimal,
) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    let consumer = consumers::load(deps.as_ref(), &chain_id)?;
    let mut record = load_opted_in(&mut deps, &env, &validator, &chain_id)?;
    if record.status == OperatorStatus::Tombstoned {
        return Err(ContractError::Tombstoned {
            validator,
            chain_id,
        });
    }
    if !allocation.is_zero() {
        check_allocation(allocation)?;
    }
    let current = record.allocation;
    let (action, effective_at) = if allocation.is_zero() && current.is_zero() {
        // Leaving before the opt-in took effect: nothing was ever slashable, it goes at once.
        ("opt_out", env.block.time)
    } else if allocation > current {
        // Raising what the consumer may slash: only while it is active, after the delay.
        if consumer.status != ConsumerStatus::Active {
            return Err(ContractError::ConsumerNotActive { chain_id });
        }
        check_cap(
            deps.as_ref(),
            env.block.time,
            &validator,
            &chain_id,
            allocation,
        )?;
        let delay = CONFIG.load(deps.storage)?.params.allocation_delay;
        ("increase_allocation", env.block.time.plus_seconds(delay))
    } else if allocation < current {
        let action = if allocation.is_zero() {
            "opt_out"
        } else {
            "decrease_allocation"
        };
        (
            action,
            env.block
                .time
                .plus_seconds(consumer.params.unbonding_period),
        )
    } else {
        // The allocation in force stays: any pending change is cancelled.
        ("keep_allocation", env.block.time)
    };
    record.pending = (allocation != current).then_some(PendingAllocation {
        allocation,
        effective_at,
    });
    let removed = record.has_left();
    if removed {
        // Opting out of an allocation that never took effect: nothing was ever slashable.
        remove_opt_in(&mut deps, &env, &validator, &chain_id, &record)?;
    } else {
        OPT_INS.save(
            deps.storage,
            (&validator, &chain_id),
            &record,
            env.block.height,
        )?;
    }
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("removed", removed.to_string())
        .add_attribute("validator", validator)
        .add_attribute("chain_id", chain_id)
        .add_attribute("from", current.to_string())
        .add_attribute("to", allocation.to_string())
        .add_attribute("effective_at", effective_at.seconds().to_string()))
}

/// The operator changes its commission on one consumer, within the consumer's bounds. A cut
/// applies at once (and drops a pending rise); a rise waits `allocation_delay`, so holders see
/// it before it takes their rewards.
pub fn set_commission(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    commission_bps: u16,
) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    let consumer = consumers::load(deps.as_ref(), &chain_id)?;
    let mut record = load_opted_in(&mut deps, &env, &validator, &chain_id)?;
    if record.status == OperatorStatus::Tombstoned {
        return Err(ContractError::Tombstoned {
            validator,
            chain_id,
        });
    }
    let bounds = &consumer.params.commission_bounds;
    check_commission(commission_bps, bounds.min_bps, bounds.max_bps)?;
    let current = record.commission_bps;
    let effective_at = if commission_bps > current {
        let delay = CONFIG.load(deps.storage)?.params.allocation_delay;
        let at = env.block.time.plus_seconds(delay);
        record.pending_commission = Some(PendingCommission {
            commission_bps,
            effective_at: at,
        });
        at
    } else {
        record.commission_bps = commission_bps;
        record.pending_commission = None;
        env.block.time
    };
    OPT_INS.save(
        deps.storage,
        (&validator, &chain_id),
        &record,
        env.block.height,
    )?;
    Ok(Response::new()
        .add_attribute("action", "set_commission")
        .add_attribute("validator", validator)
        .add_attribute("chain_id", chain_id)
        .add_attribute("from", current.to_string())
        .add_attribute("to", commission_bps.to_string())
        .add_attribute("effective_at", effective_at.seconds().to_string()))
}

/// Anyone: removes an opt-in whose opt-out has taken effect, freeing its seat and key.
pub fn prune(
    mut deps: DepsMut,
    env: Env,
    validator: String,
    chain_id: String,
) -> Result<Response, ContractError> {
    let Some(mut record) = OPT_INS.may_load(deps.storage, (&validator, &chain_id))? else {
        return Err(ContractError::NotOptedIn {
            validator,
            chain_id,
        });
    };
    record.fold(env.block.time);
    if record.status == OperatorStatus::Tombstoned {
        // Kept for good: it blocks a new opt-in to this consumer.
        return Err(ContractError::Tombstoned {
            validator,
            chain_id,
        });
    }
    if !record.has_left() {
        return Err(ContractError::StillOptedIn {
            validator,
            chain_id,
        });
    }
    remove_opt_in(&mut deps, &env, &validator, &chain_id, &record)?;
    Ok(Response::new()
        .add_attribute("action", "prune_opt_in")
        .add_attribute("validator", validator)
        .add_attribute("chain_id", chain_id))
}

fn ensure_relay(deps: Deps, info: &MessageInfo) -> Result<(), ContractError> {
    match CONFIG.load(deps.storage)?.relay {
        Some(relay) if relay == info.sender => Ok(()),
        _ => Err(ContractError::NotRelay),
    }
}

/// Relay: executes a slash. Downtime jails the operator on the consumer, a double sign
/// tombstones it; then the hub takes the stake (`crate::hub::slash_msg`). A jail or tombstone
/// needs the opt-in record; if it was pruned (the slash waited for governance past the opt-out),
/// the slash still goes to the hub. The hub refuses it while it is not linked to this registry,
/// and the relay's execution then fails as a whole, to be retried.
#[allow(clippy::too_many_arguments)]
pub fn slash(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    slash_id: u64,
    validator: String,
    chain_id: String,
    infraction: Infraction,
    order: (Uint128, u64),
) -> Result<Response, ContractError> {
    ensure_relay(deps.as_ref(), &info)?;
    let consumer = CONSUMERS
        .may_load(deps.storage, &chain_id)?
        .ok_or_else(|| ContractError::UnknownConsumer {
            chain_id: chain_id.clone(),
        })?;
    let record = load_current(&mut deps, &env, &validator, &chain_id)?;
    let mut response = Response::new()
        .add_attribute("action", "slash")
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute("validator", &validator)
        .add_attribute("chain_id", &chain_id);
    match (infraction, record) {
        (Infraction::Downtime, None) => response = response.add_attribute("penalty", "none"),
        (Infraction::Downtime, Some(mut record)) => {
            let until = env.block.time.plus_seconds(consumer.params.downtime_jail);
            if record.status != OperatorStatus::Tombstoned {
                record.status = OperatorStatus::Jailed { until };
                OPT_INS.save(
                    deps.storage,
                    (&validator, &chain_id),
                    &record,
                    env.block.height,
                )?;
            }
            response = response
                .add_attribute("penalty", "jail")
                .add_attribute("jailed_until", until.seconds().to_string());
        }
        (Infraction::DoubleSign, record) => {
            let (leave_hub, hub_updated) =
                tombstone(&mut deps, &env, &validator, &chain_id, record)?;
            response = response
                .add_messages(leave_hub)
                .add_attribute("penalty", "tombstone")
                .add_attribute("hub_updated", hub_updated.to_string());
        }
    }
    let (amount, height) = order;
    let destination = match consumer.params.slashed_funds {
        SlashDestination::Burn {} => None,
        SlashDestination::Address { address } => Some(address),
    };
    let to_hub = crate::hub::slash_msg(
        &deps,
        palisade_api::hub::ConsumerSlash {
            slash_id,
            validator,
            amount,
            height,
            destination,
        },
    )?;
    Ok(response.add_message(to_hub))
}

/// Tombstones an operator on a consumer: its allocation there is removed at once (if its opt-in
/// is still recorded), and it leaves the hub's operator set for good.
fn tombstone(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
    chain_id: &str,
    record: Option<OptIn>,
) -> Result<(Option<cosmwasm_std::WasmMsg>, bool), ContractError> {
    if let Some(record) = record {
        tombstone_opt_in(deps, env, validator, chain_id, record)?;
    }
    // A double signer receives no more stake from the hub, which moves what it holds away.
    if let Some(mut op) = OPERATORS.may_load(deps.storage, validator)? {
        op.tombstoned = true;
        OPERATORS.save(deps.storage, validator, &op)?;
    }
    crate::hub::remove_from_hub(deps, env, validator)
}

fn tombstone_opt_in(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
    chain_id: &str,
    mut record: OptIn,
) -> Result<(), ContractError> {
    // The record stays, blocking a new opt-in, but leaves the consumer's operator list: readers
    // of the list (the LRT's commission split, the relay's power crank) read a bounded number of
    // entries, which tombstones must not fill. The relay sends the removal of an operator it no
    // longer finds listed, as after an opt-out.
    CONSUMER_OPERATORS.remove(deps.storage, (chain_id, validator));
    if record.status != OperatorStatus::Tombstoned {
        // No longer takes a seat.
        CONSUMERS.update(
            deps.storage,
            chain_id,
            |c| -> Result<Consumer, ContractError> {
                let mut c = c.ok_or_else(|| ContractError::UnknownConsumer {
                    chain_id: chain_id.to_string(),
                })?;
                c.operators = c.operators.saturating_sub(1);
                Ok(c)
            },
        )?;
    }
    record.status = OperatorStatus::Tombstoned;
    record.allocation = Decimal::zero();
    record.pending = None;
    OPT_INS.save(
        deps.storage,
        (validator, chain_id),
        &record,
        env.block.height,
    )?;
    Ok(())
}
