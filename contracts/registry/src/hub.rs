//! The registry's side of the hub: it alone changes the hub's operator set once the hub's owner
//! handed it over (`SetRegistry` on the hub). Governance chooses weights here; the registry only
//! lets registered, non-tombstoned operators receive stake, and removes an operator from the hub
//! when it deregisters or is tombstoned on any consumer. The hub drains a removed operator through
//! its bounded `rebalance`. Governance's weight changes fail with the hub's error; removals that
//! follow a tombstone or a deregistration are sent only when the hub is linked to this registry,
//! so they never fail because of the hub.

use cosmwasm_std::{to_json_binary, CosmosMsg, DepsMut, Env, MessageInfo, Response, WasmMsg};

use palisade_api::client::registry::{HubConfig, HubExecute};

use crate::error::ContractError;
use crate::state::{CONFIG, OPERATORS};

/// The hub's `slash` for an executed consumer slash.
pub fn slash_msg(
    deps: &DepsMut,
    order: palisade_api::hub::ConsumerSlash,
) -> Result<WasmMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: CONFIG.load(deps.storage)?.hub.into_string(),
        msg: to_json_binary(&HubExecute::Slash(order))?,
        funds: vec![],
    })
}

fn removal_msg(deps: &DepsMut, validator: &str) -> Result<WasmMsg, ContractError> {
    let hub = CONFIG.load(deps.storage)?.hub;
    Ok(WasmMsg::Execute {
        contract_addr: hub.into_string(),
        msg: to_json_binary(&HubExecute::RemoveOperator {
            validator: validator.to_string(),
        })?,
        funds: vec![],
    })
}

/// After a tombstone or a deregistration: removes `validator` from the hub if the hub has handed
/// its operator set to this registry (then the hub always accepts: unlisted is a no-op, the last
/// operator may go). Otherwise nothing is sent, so a slash never fails because of the hub's
/// configuration; the event's `hub_updated` says which happened.
pub fn remove_from_hub(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
) -> Result<(Option<WasmMsg>, bool), ContractError> {
    let hub = CONFIG.load(deps.storage)?.hub;
    let linked = deps
        .querier
        .query_wasm_smart::<HubConfig>(&hub, &palisade_api::hub::QueryMsg::Config {})
        .is_ok_and(|c| c.registry.as_ref() == Some(&env.contract.address));
    // Out of the hub's set for good: a weight parked for a jail is not restored.
    crate::provider_jail::unpark(deps.storage, validator);
    if !linked {
        return Ok((None, false));
    }
    Ok((Some(removal_msg(deps, validator)?), true))
}

/// Owner: sets the hub's weight for `validator` (0 removes it from the hub's set). A positive
/// weight needs a registered operator that was never tombstoned.
pub fn set_hub_weight(
    deps: DepsMut,
    info: MessageInfo,
    validator: String,
    weight: u64,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    // Governance's weight replaces one parked for a jail (`crate::provider_jail`).
    crate::provider_jail::unpark(deps.storage, &validator);
    let msg: CosmosMsg = if weight == 0 {
        removal_msg(&deps, &validator)?.into()
    } else {
        let operator = OPERATORS
            .may_load(deps.storage, &validator)?
            .ok_or_else(|| ContractError::UnknownOperator {
                validator: validator.clone(),
            })?;
        if operator.tombstoned {
            return Err(ContractError::OperatorTombstoned { validator });
        }
        WasmMsg::Execute {
            contract_addr: CONFIG.load(deps.storage)?.hub.into_string(),
            msg: to_json_binary(&HubExecute::SetOperator {
                validator: validator.clone(),
                weight,
            })?,
            funds: vec![],
        }
        .into()
    };
    Ok(Response::new()
        .add_message(msg)
        .add_attribute("action", "set_hub_weight")
        .add_attribute("validator", validator)
        .add_attribute("weight", weight.to_string()))
}
