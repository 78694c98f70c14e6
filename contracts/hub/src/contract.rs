//! Entry points and dispatch.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult, Uint128,
};
use palisade_api::client::hub as client;
use palisade_api::hub::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::answer::Answer;
use crate::balance::on_checkpoint;
use crate::config::{apply_params, set_guardian, update_params};
use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractError;
use crate::harvest::{harvest, on_harvest_reply};
use crate::operators::{insert_operator, rebalance, remove_operator, set_operator, set_registry};
use crate::pause::{pause, unpause};
use crate::pricing::smart;
use crate::settle::reconcile;
use crate::state::{Books, Config, Schedule, BOOKS, CONFIG, SCHEDULE};
use crate::unbond::{claim, receive, submit_batch};
use crate::{deposit, query};

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;

    let guardian = msg
        .guardian
        .as_deref()
        .map(|g| deps.api.addr_validate(g))
        .transpose()?;
    let mut config = Config {
        bond_denom: msg.bond_denom,
        // Set below, once checked.
        lrt: Addr::unchecked(""),
        guardian,
        registry: None,
        epoch_period: 0,
        unbonding_period: 0,
        withdrawal_delay: 0,
        fee_bps: 0,
        fee_recipient: Addr::unchecked(""),
        max_pause_duration: 0,
    };
    if config.bond_denom.trim().is_empty() {
        return Err(ContractError::EmptyBondDenom);
    }
    apply_params(deps.api, &mut config, msg.params)?;
    if msg.operators.is_empty() {
        return Err(ContractError::NoActiveOperator);
    }
    for op in &msg.operators {
        insert_operator(&mut deps, env.block.height, &op.validator, op.weight)?;
    }
    BOOKS.save(deps.storage, &Books::default())?;
    SCHEDULE.save(
        deps.storage,
        &Schedule {
            current_batch: 1,
            last_submit: env.block.time,
            next_to_settle: 1,
            last_rebalance: env.block.time,
        },
    )?;

    let response = Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", msg.owner.as_str())
        .add_attribute("bond_denom", config.bond_denom.as_str())
        .add_attribute("operators", msg.operators.len().to_string());
    let lrt = deps.api.addr_validate(&msg.lrt)?;
    ensure_lrt_is_fresh(deps.as_ref(), &env, &lrt)?;
    CONFIG.save(
        deps.storage,
        &Config {
            lrt: lrt.clone(),
            ..config
        },
    )?;
    Ok(response.add_attribute("lrt", lrt))
}

/// A given LRT must be Palisade's LRT code (its cw2 record), must not have minted yet, and must
/// name the hub as its only minter, uncapped. Read through the token's public interface: cw2's
/// record and cw20's `token_info` and `minter` queries (`minter` answers `null` without one,
/// which does not decode: refused too).
fn ensure_lrt_is_fresh(deps: Deps, env: &Env, lrt: &Addr) -> Result<(), ContractError> {
    let invalid = || ContractError::InvalidExistingLrt {
        address: lrt.to_string(),
    };
    let version: Answer = deps
        .querier
        .query_wasm_raw(lrt, b"contract_info".as_slice())
        .and_then(|raw| cosmwasm_std::from_json(raw.unwrap_or_default()))
        .map_err(|_| invalid())?;
    let supply = smart(&deps.querier, lrt, client::LRT_TOKEN_INFO).map_err(|_| invalid())?;
    let minter = smart(&deps.querier, lrt, client::LRT_MINTER).map_err(|_| invalid())?;
    let fresh = version.contract.as_deref() == Some(palisade_lrt_name())
        && supply.total_supply == Some(Uint128::zero())
        && minter.minter.as_ref() == Some(&env.contract.address)
        && minter.cap.is_none();
    if !fresh {
        return Err(invalid());
    }
    Ok(())
}

/// The cw2 name the LRT records (kept in sync with `contracts/lrt`).
fn palisade_lrt_name() -> &'static str {
    palisade_api::lrt::CONTRACT_NAME
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    if !matches!(msg, ExecuteMsg::Deposit { .. }) {
        cw_utils::nonpayable(&info)?;
    }
    match msg {
        ExecuteMsg::Deposit { min_lrt_out } => deposit::deposit(deps, env, info, min_lrt_out),
        ExecuteMsg::Receive(wrapper) => receive(deps, env, info, wrapper),
        ExecuteMsg::SubmitBatch {} => submit_batch(deps, env),
        ExecuteMsg::Claim { receiver } => claim(deps, env, info, receiver),
        ExecuteMsg::Harvest {} => harvest(deps, env),
        ExecuteMsg::Reconcile {} => reconcile(deps, env, false),
        ExecuteMsg::PaySlashes {} => reconcile(deps, env, true),
        ExecuteMsg::RedirectSlashPayout {
            slash_id,
            destination,
        } => crate::payouts::redirect(deps, info, slash_id, destination),
        ExecuteMsg::Rebalance {} => rebalance(deps, env),
        ExecuteMsg::SetOperator { validator, weight } => {
            set_operator(deps, env, info, validator, weight)
        }
        ExecuteMsg::RemoveOperator { validator } => remove_operator(deps, env, info, validator),
        ExecuteMsg::AfterStaking {} => on_checkpoint(deps, env, info),
        ExecuteMsg::AfterHarvest {} => on_harvest_reply(deps, env, info),
        ExecuteMsg::Slash(order) => crate::slash::slash(deps, env, info, order),
        ExecuteMsg::SetRegistry { registry } => set_registry(deps, info, registry),
        ExecuteMsg::UpdateParams(params) => update_params(deps, info, params),
        ExecuteMsg::SetGuardian { guardian } => set_guardian(deps, info, guardian),
        ExecuteMsg::Pause {
            operations,
            duration,
        } => pause(deps, env, info, operations, duration),
        ExecuteMsg::Unpause { operations } => unpause(deps, info, operations),
        ExecuteMsg::UpdateOwnership(action) => {
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::State {} => to_json_binary(&query::state(deps, env)?),
        QueryMsg::Position { address } => to_json_binary(&query::position(deps, env, address)?),
        QueryMsg::Operators { start_after, limit } => {
            to_json_binary(&query::operators(deps, start_after, limit)?)
        }
        QueryMsg::Batch { id } => to_json_binary(&query::batch(deps, env, id)?),
        QueryMsg::Batches { start_after, limit } => {
            to_json_binary(&query::batches(deps, env, start_after, limit)?)
        }
        QueryMsg::Requests {
            address,
            start_after,
            limit,
        } => to_json_binary(&query::requests(deps, env, address, start_after, limit)?),
        QueryMsg::Pauses {} => to_json_binary(&query::pauses(deps, env)?),
        QueryMsg::OperatorStakeAt { validator, height } => {
            to_json_binary(&query::operator_stake_at(deps, &validator, height)?)
        }

        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::migrations::migrate(deps)
}
