//! Binding a validator of this chain to a Palisade operator, proven by both sides: the
//! validator's operator account sends the message, and the operator's `consumer_key` (the key the
//! provider's registry holds for it) signs the binding, with the operator's binding nonce, which
//! every end of a binding raises (a signature binds once). That the validator really signs blocks
//! with that key is visible to anyone in CometBFT's validator set, and governance unbinds a
//! validator that does not (`docs/VIRTUAL_STAKING.md`, trust).

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult, Storage};
use palisade_api::consumer::{OperatorResponse, QueryMsg as ConsumerQuery};
use palisade_api::virtual_staking::{binding_payload, BindingStatus};

use crate::error::ContractError;
use crate::state::{Binding, BARRED, BINDINGS, BINDING_NONCE, CONFIG, OPERATOR_VALIDATOR};

/// The bytes of a bech32 address, whatever its prefix (an account and its validator share them).
fn address_bytes(address: &str) -> Result<Vec<u8>, ContractError> {
    bech32::decode(address)
        .map(|(_, data)| data)
        .map_err(|_| ContractError::InvalidAddress {
            address: address.to_string(),
        })
}

fn is_validator_operator(sender: &str, validator: &str) -> Result<bool, ContractError> {
    Ok(address_bytes(sender)? == address_bytes(validator)?)
}

fn check_consumer_key_signature(
    deps: Deps,
    env: &Env,
    operator: &str,
    validator: &str,
    signature: &Binary,
) -> Result<(), ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let known: OperatorResponse = deps
        .querier
        .query_wasm_smart(
            &config.consumer,
            &ConsumerQuery::Operator {
                operator: operator.to_string(),
            },
        )
        .map_err(|_| ContractError::UnknownOperator {
            operator: operator.to_string(),
        })?;
    let key = Binary::from_base64(&known.consumer_key)
        .ok()
        .filter(|key| key.len() == 32)
        .ok_or_else(|| ContractError::UnusableConsumerKey {
            operator: operator.to_string(),
        })?;
    let nonce = nonce_of(deps.storage, operator)?;
    let payload = binding_payload(
        &env.block.chain_id,
        env.contract.address.as_str(),
        operator,
        validator,
        nonce,
    );
    // A malformed signature is as wrong as a forged one.
    let valid = deps
        .api
        .ed25519_verify(&payload, signature, &key)
        .unwrap_or(false);
    if !valid {
        return Err(ContractError::InvalidBindingSignature {
            operator: operator.to_string(),
        });
    }
    Ok(())
}

pub fn bind_validator(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
    validator: String,
    signature: Binary,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    if deps.querier.query_validator(&validator)?.is_none() {
        return Err(ContractError::UnknownValidator { validator });
    }
    if !is_validator_operator(info.sender.as_str(), &validator)? {
        return Err(ContractError::NotValidatorOperator { validator });
    }
    if BARRED.has(deps.storage, &validator) {
        return Err(ContractError::ValidatorBarred { validator });
    }
    if let Some(bound) = OPERATOR_VALIDATOR.may_load(deps.storage, &operator)? {
        return Err(ContractError::OperatorBound {
            operator,
            validator: bound,
        });
    }
    let existing = BINDINGS.may_load(deps.storage, &validator)?;
    // An unbound record still emptying may come back to the same operator; anything else waits
    // until the record is gone.
    if let Some(existing) = &existing {
        if existing.status != BindingStatus::Unbound || existing.operator != operator {
            return Err(ContractError::ValidatorBound {
                validator,
                operator: existing.operator.clone(),
            });
        }
    }
    check_consumer_key_signature(deps.as_ref(), &env, &operator, &validator, &signature)?;

    let binding = match existing {
        Some(existing) => Binding {
            status: BindingStatus::Active,
            ..existing
        },
        None => Binding {
            operator: operator.clone(),
            status: BindingStatus::Active,
            delegated: Default::default(),
            target: Default::default(),
            unbonding_until: vec![],
        },
    };
    BINDINGS.save(deps.storage, &validator, &binding)?;
    OPERATOR_VALIDATOR.save(deps.storage, &operator, &validator)?;
    Ok(Response::new()
        .add_attribute("action", "bind_validator")
        .add_attribute("operator", operator)
        .add_attribute("validator", validator))
}

/// An operator's binding ended (unbound, or removed by the crank after a slash emptied it): its
/// signature is public, so a new nonce makes it useless for a second binding. Returns the nonce.
pub(crate) fn raise_nonce(storage: &mut dyn Storage, operator: &str) -> Result<u64, ContractError> {
    let nonce = BINDING_NONCE
        .may_load(storage, operator)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or(ContractError::NonceExhausted)?;
    BINDING_NONCE.save(storage, operator, &nonce)?;
    Ok(nonce)
}

/// The nonce an operator's next binding signature must sign.
pub fn nonce_of(storage: &dyn Storage, operator: &str) -> StdResult<u64> {
    Ok(BINDING_NONCE
        .may_load(storage, operator)?
        .unwrap_or_default())
}

pub fn unbind(
    deps: DepsMut,
    info: MessageInfo,
    validator: String,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let mut binding = BINDINGS
        .may_load(deps.storage, &validator)?
        .ok_or_else(|| ContractError::UnknownBinding {
            validator: validator.clone(),
        })?;
    let by_owner = cw_ownable::is_owner(deps.storage, &info.sender)?;
    if !by_owner && !is_validator_operator(info.sender.as_str(), &validator)? {
        return Err(ContractError::NotAllowedToUnbind { validator });
    }
    if !OPERATOR_VALIDATOR.has(deps.storage, &binding.operator) {
        return Err(ContractError::AlreadyUnbound { validator });
    }
    OPERATOR_VALIDATOR.remove(deps.storage, &binding.operator);
    let nonce = raise_nonce(deps.storage, &binding.operator)?;
    if by_owner {
        BARRED.save(deps.storage, &validator, &())?;
    }
    // A slashed binding stays marked slashed while it empties.
    if binding.status == BindingStatus::Active {
        binding.status = BindingStatus::Unbound;
    }
    BINDINGS.save(deps.storage, &validator, &binding)?;
    Ok(Response::new()
        .add_attribute("action", "unbind")
        .add_attribute("operator", binding.operator)
        .add_attribute("validator", validator)
        .add_attribute("by", if by_owner { "owner" } else { "validator" })
        .add_attribute("binding_nonce", nonce.to_string()))
}

pub fn unbar(
    deps: DepsMut,
    info: MessageInfo,
    validator: String,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    if !BARRED.has(deps.storage, &validator) {
        return Err(ContractError::NotBarred { validator });
    }
    BARRED.remove(deps.storage, &validator);
    Ok(Response::new()
        .add_attribute("action", "unbar")
        .add_attribute("validator", validator))
}
