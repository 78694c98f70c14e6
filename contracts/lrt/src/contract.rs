//! Entry points. Everything but burning and changing the minter is cw20-base's own behaviour.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw20_base::state::TOKEN_INFO;
use palisade_api::lrt::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use palisade_api::version::migrate_version;

use crate::error::ContractError;

pub use palisade_api::lrt::CONTRACT_NAME;
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    match &msg.mint {
        Some(minter) if minter.cap.is_none() => {}
        _ => return Err(ContractError::MinterRequired),
    }
    if !msg.initial_balances.is_empty() {
        return Err(ContractError::InitialBalancesNotAllowed);
    }
    let response = cw20_base::contract::instantiate(deps.branch(), env, info, msg)?;
    // cw20-base records its own name; ours lets `migrate` recognise this contract.
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(response)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Burn { .. } | ExecuteMsg::BurnFrom { .. } => {
            let hub = hub_address(deps.as_ref())?;
            if info.sender.as_str() != hub {
                return Err(ContractError::BurnNotAllowed { hub });
            }
        }
        ExecuteMsg::UpdateMinter { .. } => return Err(ContractError::MinterChangeNotAllowed),
        _ => {}
    }
    Ok(cw20_base::contract::execute(deps, env, info, msg)?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    cw20_base::contract::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let previous =
        migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION).map_err(|refusal| {
            ContractError::InvalidMigration {
                reason: refusal.to_string(),
            }
        })?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", previous)
        .add_attribute("to_version", CONTRACT_VERSION))
}

/// The hub is the token's minter (checked at instantiation, never changeable).
fn hub_address(deps: Deps) -> StdResult<String> {
    let info = TOKEN_INFO.load(deps.storage)?;
    Ok(info.mint.map(|m| m.minter.to_string()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    #[test]
    fn migrate_refuses_a_downgrade_and_other_contracts() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
        let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
        assert!(matches!(err, ContractError::InvalidMigration { .. }));
        cw2::set_contract_version(&mut deps.storage, "crates.io:cw20-base", "0.1.0").unwrap();
        let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
        assert!(matches!(err, ContractError::InvalidMigration { .. }));
    }
}
