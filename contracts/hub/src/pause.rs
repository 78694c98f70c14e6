//! Guardian pauses. The guardian can stop deposits and unbond requests for a bounded time and
//! cannot extend a running pause; only the owner lifts one early. Claims, harvest, settlement and
//! batch submission are never pausable, so a pause cannot keep anyone's funds.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use palisade_api::hub::PausableOperation;

use crate::error::ContractError;
use crate::state::{CONFIG, PAUSES};

/// Fails if `operation` is paused now.
pub fn ensure_not_paused(
    storage: &dyn Storage,
    now: Timestamp,
    operation: PausableOperation,
) -> Result<(), ContractError> {
    match PAUSES.may_load(storage, operation.key())? {
        Some(until) if until > now => Err(ContractError::Paused {
            operation: operation.key().to_string(),
            until,
        }),
        _ => Ok(()),
    }
}

pub fn pause(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operations: Vec<PausableOperation>,
    duration: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let is_owner = cw_ownable::is_owner(deps.storage, &info.sender)?;
    let is_guardian = config.guardian.as_ref() == Some(&info.sender);
    if !is_owner && !is_guardian {
        return Err(ContractError::NotGuardianOrOwner {
            sender: info.sender.to_string(),
        });
    }
    if operations.is_empty() {
        return Err(ContractError::NoOperations);
    }
    if duration == 0 || duration > config.max_pause_duration {
        return Err(ContractError::InvalidPauseDuration {
            max: config.max_pause_duration,
        });
    }
    let until = env.block.time.plus_seconds(duration);
    let mut response = Response::new()
        .add_attribute("action", "pause")
        .add_attribute("by", info.sender.as_str())
        .add_attribute("until", until.seconds().to_string());
    for operation in dedup(operations) {
        if !is_owner {
            if let Some(current) = PAUSES.may_load(deps.storage, operation.key())? {
                if current > env.block.time {
                    return Err(ContractError::AlreadyPaused {
                        operation: operation.key().to_string(),
                        until: current,
                    });
                }
            }
        }
        PAUSES.save(deps.storage, operation.key(), &until)?;
        response = response.add_attribute("operation", operation.key());
    }
    Ok(response)
}

pub fn unpause(
    deps: DepsMut,
    info: MessageInfo,
    operations: Vec<PausableOperation>,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    if operations.is_empty() {
        return Err(ContractError::NoOperations);
    }
    let mut response = Response::new().add_attribute("action", "unpause");
    for operation in dedup(operations) {
        PAUSES.remove(deps.storage, operation.key());
        response = response.add_attribute("operation", operation.key());
    }
    Ok(response)
}

/// The operations without repeats, in first-seen order (a scan: the list is tiny, and a sort
/// would add kilobytes to the wasm).
fn dedup(operations: Vec<PausableOperation>) -> Vec<PausableOperation> {
    let mut unique = Vec::with_capacity(operations.len());
    for operation in operations {
        if !unique.contains(&operation) {
            unique.push(operation);
        }
    }
    unique
}
