//! x/staking's jail on the provider, followed by the hub's operator set. A validator x/slashing
//! jails leaves the bonded set: stake there earns nothing and secures nothing, yet the hub, which
//! reads no jail, would go on delegating to it and `rebalance` into it (seen on the localnet,
//! `docs/LOCALNET.md` finding 20). `sync_validator` (anyone) compares the validator with wasmd's
//! `AllValidators`, which lists the bonded set only: out of it, the operator's hub weight is
//! parked here and the hub removes the operator, so its `rebalance` moves the stake away at once;
//! back in it, the parked weight is restored and the next epoch's `rebalance` brings stake back.
//! Governance's `set_hub_weight`, a tombstone and a deregistration drop a parked weight: what
//! they decide comes after the jail and stands.

use cosmwasm_std::{
    to_json_binary, to_json_vec, Addr, ContractResult, Deps, DepsMut, QueryRequest, Response,
    StakingQuery, StdError, StdResult, Storage, SystemResult, WasmMsg,
};
use cw_storage_plus::Map;
use palisade_api::client::registry::HubExecute;

use crate::error::ContractError;
use crate::state::{CONFIG, OPERATORS};

/// Hub weights parked while their validator is out of the bonded set, by validator.
pub const PARKED: Map<&str, u64> = Map::new("parked");

/// Whether x/staking has `validator` in the bonded set: wasmd's `AllValidators` lists only those.
/// The answer is searched for the validator's `"address":"…"` field rather than decoded: each
/// validator there carries commission decimals, and decoding them cost the registry kilobytes of
/// wasm. A bech32 address needs no escaping, and no other field of the answer is an address.
fn is_bonded(deps: Deps, validator: &str) -> StdResult<bool> {
    let request: QueryRequest = StakingQuery::AllValidators {}.into();
    let answer = match deps.querier.raw_query(&to_json_vec(&request)?) {
        SystemResult::Ok(ContractResult::Ok(answer)) => answer,
        _ => {
            return Err(StdError::generic_err(
                "x/staking's AllValidators query failed",
            ))
        }
    };
    let field = format!("\"address\":\"{validator}\"");
    Ok(answer
        .windows(field.len())
        .any(|window| window == field.as_bytes()))
}

/// The weight the hub gives `validator`, if it is in the hub's set and not removed.
fn hub_weight(deps: Deps, hub: &Addr, validator: &str) -> StdResult<Option<u64>> {
    Ok(crate::query::hub_operators(deps, hub)?
        .into_iter()
        .find(|op| op.validator == validator)
        .filter(|op| !op.removed && op.weight > 0)
        .map(|op| op.weight))
}

/// Drops a parked weight: governance set another, or the operator left the hub's set for good.
pub fn unpark(storage: &mut dyn Storage, validator: &str) {
    PARKED.remove(storage, validator);
}

/// Anyone: parks the hub weight of an operator whose validator x/staking has out of the bonded
/// set (the hub removes it), or restores it once the validator is bonded again.
pub fn sync_validator(deps: DepsMut, validator: String) -> Result<Response, ContractError> {
    let operator = OPERATORS
        .may_load(deps.storage, &validator)?
        .ok_or_else(|| ContractError::UnknownOperator {
            validator: validator.clone(),
        })?;
    let hub = CONFIG.load(deps.storage)?.hub;
    let bonded = is_bonded(deps.as_ref(), &validator)?;
    let (msg, weight) = match (bonded, PARKED.may_load(deps.storage, &validator)?) {
        (false, None) => {
            // Not in the hub's set (or removed): no weight to park.
            let weight = hub_weight(deps.as_ref(), &hub, &validator)?.ok_or_else(|| {
                ContractError::ValidatorInSync {
                    validator: validator.clone(),
                    bonded: false,
                    parked: false,
                }
            })?;
            PARKED.save(deps.storage, &validator, &weight)?;
            let remove = HubExecute::RemoveOperator {
                validator: validator.clone(),
            };
            (remove, 0)
        }
        // A tombstone drops a parked weight, so a parked operator is never tombstoned.
        (true, Some(weight)) if !operator.tombstoned => {
            unpark(deps.storage, &validator);
            let restore = HubExecute::SetOperator {
                validator: validator.clone(),
                weight,
            };
            (restore, weight)
        }
        (bonded, parked) => {
            return Err(ContractError::ValidatorInSync {
                validator,
                bonded,
                parked: parked.is_some(),
            })
        }
    };
    Ok(Response::new()
        .add_message(WasmMsg::Execute {
            contract_addr: hub.into_string(),
            msg: to_json_binary(&msg)?,
            funds: vec![],
        })
        .add_attribute("action", "sync_validator")
        .add_attribute("validator", validator)
        .add_attribute("bonded", if bonded { "true" } else { "false" })
        .add_attribute("hub_weight", weight.to_string()))
}
