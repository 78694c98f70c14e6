//! Entry points and dispatch.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, DistributionMsg, Env, MessageInfo, Order, Response,
    StdResult,
};
use cw_storage_plus::Bound;
use palisade_api::consumer::{PowerSummaryResponse, QueryMsg as ConsumerQuery};
use palisade_api::pagination::clamp_limit;
use palisade_api::virtual_staking::{ExecuteMsg, InstantiateMsg, MigrateMsg, Params, QueryMsg};

use crate::bind;
use crate::error::ContractError;
use crate::query;
use crate::state::{Config, Totals, BINDINGS, CONFIG, TOTALS};
use crate::sync;

pub use crate::migrations::{CONTRACT_NAME, CONTRACT_VERSION};

/// Checks the parameters; the bonded pool must be an account whose balance the chain answers for
/// (a module account, so not `addr_validate`d: some chains' test modules name it plainly).
fn checked_params(deps: Deps, params: Params) -> Result<Params, ContractError> {
    params.check()?;
    let denom = deps.querier.query_bonded_denom()?;
    deps.querier
        .query_balance(&params.bonded_pool, denom)
        .map_err(|_| ContractError::UnknownBondedPool {
            address: params.bonded_pool.clone(),
        })?;
    Ok(params)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let params = checked_params(deps.as_ref(), msg.params)?;
    let consumer = deps.api.addr_validate(&msg.consumer)?;
    // The consumer contract must answer as one: a wrong address fails here, not at the first sync.
    deps.querier
        .query_wasm_smart::<PowerSummaryResponse>(&consumer, &ConsumerQuery::PowerSummary {})?;
    let denom = deps.querier.query_bonded_denom()?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let owner = cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    CONFIG.save(
        deps.storage,
        &Config {
            consumer: consumer.clone(),
            denom: denom.clone(),
            params,
        },
    )?;
    TOTALS.save(deps.storage, &Totals::default())?;
    // Staking rewards go straight to the consumer contract, which forwards them to the restakers.
    Ok(Response::new()
        .add_message(DistributionMsg::SetWithdrawAddress {
            address: consumer.to_string(),
        })
        .add_attribute("action", "instantiate")
        .add_attributes(owner.into_attributes())
        .add_attribute("consumer", consumer)
        .add_attribute("denom", denom))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::BindValidator {
            operator,
            validator,
            signature,
        } => bind::bind_validator(deps, env, info, operator, validator, signature),
        ExecuteMsg::Unbind { validator } => bind::unbind(deps, info, validator),
        ExecuteMsg::Unbar { validator } => bind::unbar(deps, info, validator),
        ExecuteMsg::Sync { limit } => {
            cw_utils::nonpayable(&info)?;
            sync::sync(deps, env, limit)
        }
        ExecuteMsg::ClaimRewards { start_after, limit } => {
            cw_utils::nonpayable(&info)?;
            claim_rewards(deps.as_ref(), start_after, limit)
        }
        ExecuteMsg::SetParams { params } => {
            cw_utils::nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            let params = checked_params(deps.as_ref(), params)?;
            CONFIG.update(deps.storage, |mut config| -> StdResult<_> {
                config.params = params;
                Ok(config)
            })?;
            Ok(Response::new().add_attribute("action", "set_params"))
        }
        ExecuteMsg::UpdateOwnership(action) => {
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
    }
}

/// Withdraws the rewards of a page of bindings that hold stake (to the consumer contract, the
/// withdraw address set at instantiation).
fn claim_rewards(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<Response, ContractError> {
    let mut response = Response::new().add_attribute("action", "claim_rewards");
    let mut claimed = 0u32;
    for entry in BINDINGS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
    {
        let (validator, binding) = entry?;
        if binding.delegated.is_zero() {
            continue;
        }
        response = response.add_message(DistributionMsg::WithdrawDelegatorReward { validator });
        claimed += 1;
    }
    Ok(response.add_attribute("validators", claimed.to_string()))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Budget {} => to_json_binary(&query::budget(deps, env)?),
        QueryMsg::Bindings { start_after, limit } => {
            to_json_binary(&query::bindings(deps, start_after, limit)?)
        }
        QueryMsg::Binding { validator } => to_json_binary(&query::binding(deps, validator)?),
        QueryMsg::BindingOf { operator } => to_json_binary(&query::binding_of(deps, operator)?),
        QueryMsg::BindingNonce { operator } => {
            to_json_binary(&bind::nonce_of(deps.storage, &operator)?)
        }
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::migrations::migrate(deps)
}
