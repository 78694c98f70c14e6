//! Registration by the validator's own operator account, metadata and default commission
//! updates, and deregistration once no opt-in remains.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use palisade_api::registry::OperatorMetadata;

use super::commission::check_commission;
use super::sender_validator;
use crate::error::ContractError;
use crate::state::{Operator, CONFIG, OPERATORS, OPERATOR_OF_ACCOUNT, OPT_INS};
use palisade_api::account::is_operator_account;

const MAX_MONIKER: usize = 70;
const MAX_FIELD: usize = 140;

fn validate_metadata(metadata: &OperatorMetadata) -> Result<(), ContractError> {
    let invalid = |reason: &str| ContractError::InvalidMetadata {
        reason: reason.to_string(),
    };
    if metadata.moniker.trim().is_empty() || metadata.moniker.len() > MAX_MONIKER {
        return Err(invalid("moniker must be 1 to 70 bytes"));
    }
    let too_long = |f: &Option<String>| f.as_ref().is_some_and(|s| s.len() > MAX_FIELD);
    if too_long(&metadata.website) || too_long(&metadata.contact) {
        return Err(invalid("website and contact must be at most 140 bytes"));
    }
    Ok(())
}

pub fn register(
    deps: DepsMut,
    info: MessageInfo,
    validator: String,
    metadata: OperatorMetadata,
    commission_bps: u16,
) -> Result<Response, ContractError> {
    // Bech32 also accepts the all-uppercase form of an address: one spelling only, or a
    // validator could register twice (and escape a tombstone) under the same bytes.
    // (ASCII check: bech32 is ASCII, and Unicode case tables would cost 18 KB of wasm.)
    if validator.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(ContractError::NonCanonicalAddress { address: validator });
    }
    if deps.querier.query_validator(&validator)?.is_none() {
        return Err(ContractError::UnknownValidator { validator });
    }
    if !is_operator_account(info.sender.as_str(), &validator) {
        return Err(ContractError::NotValidatorOperator {
            sender: info.sender.to_string(),
            validator,
        });
    }
    if OPERATORS.has(deps.storage, &validator) {
        return Err(ContractError::OperatorExists { validator });
    }
    validate_metadata(&metadata)?;
    let max = CONFIG.load(deps.storage)?.params.max_commission_bps;
    check_commission(commission_bps, 0, max)?;
    OPERATOR_OF_ACCOUNT.save(deps.storage, &info.sender, &validator)?;
    OPERATORS.save(
        deps.storage,
        &validator,
        &Operator {
            account: info.sender.clone(),
            metadata,
            commission_bps,
            tombstoned: false,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_operator")
        .add_attribute("validator", validator)
        .add_attribute("account", info.sender)
        .add_attribute("commission_bps", commission_bps.to_string()))
}

pub fn update(
    deps: DepsMut,
    info: MessageInfo,
    metadata: OperatorMetadata,
    commission_bps: u16,
) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    validate_metadata(&metadata)?;
    let max = CONFIG.load(deps.storage)?.params.max_commission_bps;
    check_commission(commission_bps, 0, max)?;
    let mut operator = OPERATORS.load(deps.storage, &validator)?;
    operator.metadata = metadata;
    operator.commission_bps = commission_bps;
    OPERATORS.save(deps.storage, &validator, &operator)?;
    Ok(Response::new()
        .add_attribute("action", "update_operator")
        .add_attribute("validator", validator)
        .add_attribute("commission_bps", commission_bps.to_string()))
}

/// The operator leaves the registry, and the hub's set if it is there (the hub then moves its
/// stake away). Only once no opt-in record remains: every opt-out took effect and was pruned, so
/// no consumer can still slash this registration. A tombstoned operator stays registered for good.
pub fn deregister(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    let opt_ins = OPT_INS
        .prefix(&validator)
        .keys(deps.storage, None, None, cosmwasm_std::Order::Ascending)
        .count();
    if opt_ins > 0 {
        return Err(ContractError::OptInsRemain { validator, opt_ins });
    }
    OPERATORS.remove(deps.storage, &validator);
    OPERATOR_OF_ACCOUNT.remove(deps.storage, &info.sender);
    let (leave_hub, hub_updated) = crate::hub::remove_from_hub(&mut deps, &env, &validator)?;
    Ok(Response::new()
        .add_messages(leave_hub)
        .add_attribute("action", "deregister_operator")
        .add_attribute("hub_updated", hub_updated.to_string())
        .add_attribute("validator", validator)
        .add_attribute("account", info.sender))
}
