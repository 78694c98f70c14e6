//! The operator set: changes by its manager (the registry, or the owner when none is set) and the
//! permissionless `rebalance`.
//!
//! Weight changes and removals move no stake by themselves: deposits follow the new targets and
//! `rebalance` redelegates toward them, once per epoch (or at once while a removed operator still
//! holds stake). Each rebalance sends at most one redelegation per (source, destination) pair, and
//! never redelegates away from an operator that received a redelegation still maturing (x/staking
//! forbids such transitive redelegations).

use cosmwasm_std::{
    Addr, Deps, DepsMut, Env, MessageInfo, QueryRequest, Response, StakingMsg, StakingQuery,
};

use crate::answer::Answer;
use crate::balance::{bond_balance, with_checkpoint};
use crate::constants::{MAX_OPERATORS, MAX_REBALANCE_MOVES};
use crate::error::ContractError;
use crate::state::{Operator, BOOKS, CONFIG, OPERATORS, SCHEDULE};
use crate::strategy::rebalance_moves;
use crate::sync::{load_operators, sync_delegations};

/// Checks that `validator` exists in x/staking. Only the answer's presence is read: decoding the
/// whole `Validator` (its commission decimals) cost 3 KB of wasm.
pub fn ensure_validator_exists(deps: Deps, validator: &str) -> Result<(), ContractError> {
    let request = QueryRequest::Staking(StakingQuery::Validator {
        address: validator.to_string(),
    });
    match deps.querier.query::<Answer>(&request)?.validator {
        Some(_) => Ok(()),
        None => Err(ContractError::UnknownValidator {
            validator: validator.to_string(),
        }),
    }
}

/// Adds an operator; shared by instantiation and `set_operator`.
pub fn insert_operator(
    deps: &mut DepsMut,
    height: u64,
    validator: &str,
    weight: u64,
) -> Result<(), ContractError> {
    if weight == 0 {
        return Err(ContractError::ZeroWeight);
    }
    let operator = match OPERATORS.may_load(deps.storage, validator)? {
        Some(existing) if !existing.removed => {
            return Err(ContractError::DuplicateOperator {
                validator: validator.to_string(),
            })
        }
        // Re-adding a removed operator that still holds stake: keep its stake and lock.
        Some(existing) => Operator {
            weight,
            removed: false,
            ..existing
        },
        None => {
            ensure_validator_exists(deps.as_ref(), validator)?;
            if crate::books::load_operators(deps.storage)?.len() >= MAX_OPERATORS {
                return Err(ContractError::TooManyOperators { max: MAX_OPERATORS });
            }
            Operator {
                weight,
                bonded: Default::default(),
                removed: false,
                redelegation_locked_until: None,
                slash_pending: Default::default(),
            }
        }
    };
    crate::books::save_operator(deps.storage, height, validator, &operator)?;
    Ok(())
}

/// Who changes the operator set: the registry once the owner set one, else the owner. Returns
/// whether the sender is the registry.
fn assert_operator_manager(deps: &DepsMut, sender: &Addr) -> Result<bool, ContractError> {
    match CONFIG.load(deps.storage)?.registry {
        Some(registry) if registry == sender => Ok(true),
        Some(registry) => Err(ContractError::NotRegistry {
            sender: sender.to_string(),
            registry: registry.to_string(),
        }),
        None => {
            cw_ownable::assert_owner(deps.storage, sender)?;
            Ok(false)
        }
    }
}

/// Operator manager: adds `validator` (weight > 0) or sets the weight of a listed operator (0
/// drains it on the next rebalance).
pub fn set_operator(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    validator: String,
    weight: u64,
) -> Result<Response, ContractError> {
    assert_operator_manager(&deps, &info.sender)?;
    let height = env.block.height;
    let previous = match OPERATORS.may_load(deps.storage, &validator)? {
        Some(mut op) if !op.removed => {
            let previous = op.weight;
            op.weight = weight;
            crate::books::save_operator(deps.storage, height, &validator, &op)?;
            previous
        }
        _ => {
            insert_operator(&mut deps, height, &validator, weight)?;
            0
        }
    };
    Ok(Response::new()
        .add_attribute("action", "set_operator")
        .add_attribute("validator", validator)
        .add_attribute("previous_weight", previous.to_string())
        .add_attribute("weight", weight.to_string()))
}

/// Operator manager: removes an operator. The owner may not remove the last weighted operator;
/// the registry always may (a tombstoned validator must not keep receiving stake), and removing a
/// validator the hub does not list is a no-op for it.
pub fn remove_operator(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    validator: String,
) -> Result<Response, ContractError> {
    let from_registry = assert_operator_manager(&deps, &info.sender)?;
    let response = Response::new()
        .add_attribute("action", "remove_operator")
        .add_attribute("validator", &validator);
    let mut op = match OPERATORS.may_load(deps.storage, &validator)? {
        Some(op) if !op.removed => op,
        _ if from_registry => return Ok(response.add_attribute("stake_to_move", "0")),
        _ => {
            return Err(ContractError::UnknownOperator {
                validator: validator.to_string(),
            })
        }
    };
    let remaining = crate::books::load_operators(deps.storage)?
        .iter()
        .filter(|(name, o)| *name != validator && !o.removed && o.weight > 0)
        .count();
    if remaining == 0 && !from_registry {
        return Err(ContractError::NoActiveOperator);
    }
    let bonded = op.bonded;
    if !op.holds_stake() {
        crate::books::remove_operator_record(deps.storage, env.block.height, &validator)?;
    } else {
        op.removed = true;
        op.weight = 0;
        crate::books::save_operator(deps.storage, env.block.height, &validator, &op)?;
    }
    Ok(response.add_attribute("stake_to_move", bonded))
}

/// Owner: hands the operator set to the registry, or takes it back.
pub fn set_registry(
    deps: DepsMut,
    info: MessageInfo,
    registry: Option<String>,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.registry = registry.map(|r| deps.api.addr_validate(&r)).transpose()?;
    CONFIG.save(deps.storage, &config)?;
    let shown = config
        .registry
        .map_or("none".to_string(), |r| r.to_string());
    Ok(Response::new()
        .add_attribute("action", "set_registry")
        .add_attribute("registry", shown))
}

/// Permissionless: redelegates toward the targets.
pub fn rebalance(mut deps: DepsMut, env: Env) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut schedule = SCHEDULE.load(deps.storage)?;
    let mut books = BOOKS.load(deps.storage)?;
    let mut ops = load_operators(&deps)?;
    let next = schedule.last_rebalance.plus_seconds(config.epoch_period);
    let due = env.block.time >= next;
    // Before the epoch only stake on removed operators moves: moves between active operators
    // at every block would use up x/staking's redelegation entries and block rebalancing.
    let draining = ops.iter().any(|(_, op)| op.removed && !op.bonded.is_zero());
    if !due && !draining {
        return Err(ContractError::RebalanceNotDue { next });
    }
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;
    let moves = rebalance_moves(&ops, env.block.time, MAX_REBALANCE_MOVES, !due);
    if moves.is_empty() && !due {
        return Err(ContractError::RebalanceNotDue { next });
    }
    BOOKS.save(deps.storage, &books)?;

    let lock_until = env.block.time.plus_seconds(config.unbonding_period);
    let mut msgs = Vec::with_capacity(moves.len());
    let mut moved = cosmwasm_std::Uint128::zero();
    for mv in &moves {
        let mut from = OPERATORS.load(deps.storage, &mv.from)?;
        // Moves come from `strategy` (a surplus over target, at most `bonded`); checked, since
        // that is another module's promise.
        from.bonded = from.bonded.checked_sub(mv.amount)?;
        crate::books::save_operator(deps.storage, env.block.height, &mv.from, &from)?;
        let mut to = OPERATORS.load(deps.storage, &mv.to)?;
        to.bonded += mv.amount;
        to.redelegation_locked_until = Some(lock_until);
        crate::books::save_operator(deps.storage, env.block.height, &mv.to, &to)?;
        moved += mv.amount;
        msgs.push(
            StakingMsg::Redelegate {
                src_validator: mv.from.clone(),
                dst_validator: mv.to.clone(),
                amount: cosmwasm_std::coin(mv.amount.u128(), &config.bond_denom),
            }
            .into(),
        );
    }
    if due {
        schedule.last_rebalance = env.block.time;
        SCHEDULE.save(deps.storage, &schedule)?;
    }

    // Redelegating moves no coins; any balance gained is rewards paid out by x/staking.
    let balance = bond_balance(deps.as_ref(), &env, &config.bond_denom)?;
    let staking = with_checkpoint(deps.storage, &env, msgs, balance)?;
    let mut response = Response::new()
        .add_messages(staking)
        .add_attribute("action", "rebalance")
        .add_attribute("moves", moves.len().to_string())
        .add_attribute("moved", moved)
        .add_attribute("slash_booked", loss);
    for mv in moves {
        response = response.add_attributes([
            ("move_from", mv.from),
            ("move_to", mv.to),
            ("move_amount", mv.amount.to_string()),
        ]);
    }
    Ok(response)
}
