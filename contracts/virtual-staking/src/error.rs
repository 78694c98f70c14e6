use cosmwasm_std::{OverflowError, StdError};
use cw_ownable::OwnershipError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Ownership(#[from] OwnershipError),

    #[error("{0}")]
    Payment(#[from] cw_utils::PaymentError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("migration refused: {reason}")]
    InvalidMigration { reason: String },

    #[error("{0}")]
    Params(#[from] palisade_api::virtual_staking::ParamsError),

    #[error("bonded_pool {address} is not an account the chain knows a balance of")]
    UnknownBondedPool { address: String },

    #[error("the consumer contract knows no operator {operator}")]
    UnknownOperator { operator: String },

    #[error("{validator} is not a validator of this chain")]
    UnknownValidator { validator: String },

    #[error("{address} is not a bech32 address")]
    InvalidAddress { address: String },

    #[error("only the operator account of {validator} may bind it")]
    NotValidatorOperator { validator: String },

    #[error("operator {operator}'s consumer key is not an ed25519 public key in base64")]
    UnusableConsumerKey { operator: String },

    #[error("the signature is not operator {operator}'s consumer key signing this binding with its current binding nonce")]
    InvalidBindingSignature { operator: String },

    #[error("the operator's binding nonce cannot grow further")]
    NonceExhausted,

    #[error("validator {validator} is already bound (to {operator})")]
    ValidatorBound { validator: String, operator: String },

    #[error("operator {operator} is already bound to {validator}: unbind it first")]
    OperatorBound { operator: String, validator: String },

    #[error(
        "validator {validator} was unbound by governance and is barred until it lifts the bar"
    )]
    ValidatorBarred { validator: String },

    #[error("validator {validator} is not barred")]
    NotBarred { validator: String },

    #[error("no binding of validator {validator}")]
    UnknownBinding { validator: String },

    #[error("validator {validator} is already unbound")]
    AlreadyUnbound { validator: String },

    #[error("only the owner or the operator account of {validator} may unbind it")]
    NotAllowedToUnbind { validator: String },
}
