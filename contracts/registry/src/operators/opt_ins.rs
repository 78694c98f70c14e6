//! Opt-ins to consumers: a key and an allocation under the operator's cap, allocation changes
//! applied lazily (`OptIn::fold`), and pruning of opt-ins that have left.

use cosmwasm_std::{Decimal, Deps, DepsMut, Env, MessageInfo, Response, Timestamp};
use palisade_api::registry::{ConsumerStatus, OperatorStatus, PendingAllocation};

use super::commission::check_commission;
use super::sender_validator;
use crate::consumers;
use crate::error::ContractError;
use crate::state::{
    Consumer, OptIn, CONFIG, CONSUMERS, CONSUMER_KEYS, CONSUMER_OPERATORS,
    MAX_OPT_INS_PER_OPERATOR, OPT_INS,
};

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
pub(super) fn load_current(
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
pub(super) fn load_opted_in(
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
