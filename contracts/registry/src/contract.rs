//! Entry points and dispatch.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Binary, Decimal, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
};
use palisade_api::registry::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, PendingRegistryParams, QueryMsg, RegistryParams,
};

use crate::consumers::{self, Step};
use crate::error::ContractError;
use crate::operators;
use crate::query;
use crate::state::{Config, CONFIG};

pub use crate::migrations::{CONTRACT_NAME, CONTRACT_VERSION};

/// The registry-wide parameters' rules, shared with the proposal generator
/// (`RegistryParams::check`).
fn validate_params(params: &RegistryParams) -> Result<(), ContractError> {
    params.check().map_err(|e| ContractError::InvalidParams {
        reason: e.to_string(),
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    validate_params(&msg.params)?;
    let hub = deps.api.addr_validate(&msg.hub)?;
    CONFIG.save(
        deps.storage,
        &Config {
            hub: hub.clone(),
            relay: None,
            params: msg.params,
            pending_params: None,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", msg.owner)
        .add_attribute("hub", hub))
}

/// Owner: lowering risk applies at once (and cancels a pending update); raising it waits the
/// current `risk_timelock`, so a shorter timelock cannot shorten its own wait.
fn update_params(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    params: RegistryParams,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    validate_params(&params)?;
    let mut config = CONFIG.load(deps.storage)?;
    let response = Response::new().add_attribute("action", "update_params");
    let response = if config.params.raised_by(&params) {
        let effective_at = env.block.time.plus_seconds(config.params.risk_timelock);
        config.pending_params = Some(PendingRegistryParams {
            params,
            effective_at,
        });
        response
            .add_attribute("applied", "false")
            .add_attribute("effective_at", effective_at.seconds().to_string())
    } else {
        config.params = params;
        config.pending_params = None;
        response.add_attribute("applied", "true")
    };
    CONFIG.save(deps.storage, &config)?;
    Ok(response)
}

/// Anyone: applies pending registry parameters once their timelock has passed.
fn apply_params(deps: DepsMut, env: Env) -> Result<Response, ContractError> {
    let mut config = CONFIG.load(deps.storage)?;
    let pending = config
        .pending_params
        .take()
        .ok_or(ContractError::NoPendingRegistryParams)?;
    if env.block.time < pending.effective_at {
        return Err(ContractError::TimelockNotElapsed {
            until: pending.effective_at,
        });
    }
    config.params = pending.params;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new().add_attribute("action", "apply_params"))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    if !matches!(msg, ExecuteMsg::ConsumerRewards { .. }) {
        cw_utils::nonpayable(&info)?;
    }
    match msg {
        ExecuteMsg::ConsumerRewards {
            chain_id,
            notice_id,
        } => crate::rewards::consumer_rewards(deps, info, chain_id, notice_id),
        ExecuteMsg::ProposeConsumer { chain_id, params } => {
            consumers::propose(deps, env, info, chain_id, params)
        }
        ExecuteMsg::ActivateConsumer { chain_id } => {
            consumers::transition(deps, env, info, chain_id, Step::Activate)
        }
        ExecuteMsg::PauseConsumer { chain_id } => {
            consumers::transition(deps, env, info, chain_id, Step::Pause)
        }
        ExecuteMsg::ResumeConsumer { chain_id } => {
            consumers::transition(deps, env, info, chain_id, Step::Resume)
        }
        ExecuteMsg::RemoveConsumer { chain_id } => {
            consumers::transition(deps, env, info, chain_id, Step::Remove)
        }
        ExecuteMsg::UpdateConsumerParams { chain_id, params } => {
            consumers::update_params(deps, env, info, chain_id, params)
        }
        ExecuteMsg::ApplyConsumerParams { chain_id } => {
            consumers::apply_params(deps, env, chain_id)
        }
        ExecuteMsg::UpdateParams(params) => update_params(deps, env, info, params),
        ExecuteMsg::ApplyParams {} => apply_params(deps, env),
        ExecuteMsg::SetRelay { relay } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            let relay = deps.api.addr_validate(&relay)?;
            CONFIG.update(deps.storage, |mut c| -> StdResult<_> {
                c.relay = Some(relay.clone());
                Ok(c)
            })?;
            Ok(Response::new()
                .add_attribute("action", "set_relay")
                .add_attribute("relay", relay))
        }
        ExecuteMsg::RegisterOperator {
            validator,
            metadata,
            commission_bps,
        } => operators::register(deps, info, validator, metadata, commission_bps),
        ExecuteMsg::UpdateOperator {
            metadata,
            commission_bps,
        } => operators::update(deps, info, metadata, commission_bps),
        ExecuteMsg::DeregisterOperator {} => operators::deregister(deps, env, info),
        ExecuteMsg::SetHubWeight { validator, weight } => {
            crate::hub::set_hub_weight(deps, info, validator, weight)
        }
        ExecuteMsg::SyncValidator { validator } => {
            crate::provider_jail::sync_validator(deps, validator)
        }
        ExecuteMsg::OptIn {
            chain_id,
            consumer_key,
            allocation,
            commission_bps,
        } => operators::opt_in(
            deps,
            env,
            info,
            chain_id,
            consumer_key,
            allocation,
            commission_bps,
        ),
        ExecuteMsg::SetAllocation {
            chain_id,
            allocation,
        } => operators::set_allocation(deps, env, info, chain_id, allocation),
        ExecuteMsg::SetCommission {
            chain_id,
            commission_bps,
        } => operators::set_commission(deps, env, info, chain_id, commission_bps),
        ExecuteMsg::OptOut { chain_id } => {
            operators::set_allocation(deps, env, info, chain_id, Decimal::zero())
        }
        ExecuteMsg::PruneOptIn {
            validator,
            chain_id,
        } => operators::prune(deps, env, validator, chain_id),
        ExecuteMsg::Slash {
            slash_id,
            validator,
            chain_id,
            infraction,
            amount,
            height,
        } => operators::slash(
            deps,
            env,
            info,
            slash_id,
            validator,
            chain_id,
            infraction,
            (amount, height),
        ),
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
        QueryMsg::Consumer { chain_id } => to_json_binary(&query::consumer(deps, chain_id)?),
        QueryMsg::Consumers { start_after, limit } => {
            to_json_binary(&query::consumers(deps, start_after, limit)?)
        }
        QueryMsg::Operator { validator } => to_json_binary(&query::operator(deps, env, validator)?),
        QueryMsg::Operators { start_after, limit } => {
            to_json_binary(&query::operators(deps, env, start_after, limit)?)
        }
        QueryMsg::ConsumerOperators {
            chain_id,
            start_after,
            limit,
        } => to_json_binary(&query::consumer_operators(
            deps,
            env,
            chain_id,
            start_after,
            limit,
        )?),
        QueryMsg::OptInAt {
            validator,
            chain_id,
            height,
            time,
        } => to_json_binary(&query::opt_in_at(deps, validator, chain_id, height, time)?),
        QueryMsg::PowerAt {
            validator,
            chain_id,
            height,
            time,
        } => to_json_binary(&query::power_at(deps, validator, chain_id, height, time)?),

        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::migrations::migrate(deps)
}
