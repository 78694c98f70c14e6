//! Entry points and dispatch.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use palisade_api::slash_book::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::state::{Config, CONFIG};
use crate::{evidence, governance, opening, query};

pub use crate::migrations::{CONTRACT_NAME, CONTRACT_VERSION};

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let registry = deps.api.addr_validate(&msg.registry)?;
    let relay = deps.api.addr_validate(&msg.relay)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    CONFIG.save(
        deps.storage,
        &Config {
            registry: registry.clone(),
            relay: relay.clone(),
        },
    )?;
    let to_import = crate::import::begin(deps.storage, &deps.querier, &relay)?;
    Ok(Response::new()
        .add_attribute("slashes_to_import", to_import.to_string())
        .add_attribute("action", "instantiate")
        .add_attribute("owner", msg.owner)
        .add_attribute("registry", registry)
        .add_attribute("relay", relay))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    match msg {
        ExecuteMsg::OpenSlash(opening) => opening::open(deps, &env, info, opening),
        ExecuteMsg::ExecuteSlash { slash_id } => governance::execute(deps, &env, slash_id),
        ExecuteMsg::SubmitEvidence {
            chain_id,
            operator,
            vote_a,
            vote_b,
        } => evidence::submit(deps, &env, chain_id, operator, vote_a, vote_b),
        ExecuteMsg::VetoSlash { slash_id, reason } => {
            governance::veto(deps, info, slash_id, reason)
        }
        ExecuteMsg::ReleaseSlash { slash_id } => governance::release(deps, &env, info, slash_id),
        ExecuteMsg::ImportSlashes { limit } => crate::import::import(deps, limit),
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
        QueryMsg::Slash { slash_id } => to_json_binary(&query::slash(deps, slash_id)?),
        QueryMsg::Slashes {
            status,
            start_before,
            limit,
        } => to_json_binary(&query::slashes(deps, status, start_before, limit)?),
        QueryMsg::RateLimit { chain_id } => {
            to_json_binary(&query::rate_limit(deps, env, chain_id)?)
        }
        QueryMsg::Exposure { operator } => to_json_binary(&query::exposure(deps, operator)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::migrations::migrate(deps)
}
