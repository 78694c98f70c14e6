use cosmwasm_std::{CheckedMultiplyRatioError, OverflowError, StdError, Timestamp, Uint128};
use cw_ownable::OwnershipError;
use cw_utils::PaymentError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Ownership(#[from] OwnershipError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("{0}")]
    MultiplyRatio(#[from] CheckedMultiplyRatioError),

    #[error("bond_denom must not be empty")]
    EmptyBondDenom,

    #[error("{0}")]
    InvalidParams(#[from] palisade_api::hub::ParamsError),

    #[error("{sender} is neither the owner nor the guardian")]
    NotGuardianOrOwner { sender: String },

    #[error("validator {validator} does not exist in x/staking")]
    UnknownValidator { validator: String },

    #[error("only the registry ({registry}) manages the operator set, not {sender}")]
    NotRegistry { sender: String, registry: String },

    #[error("{validator} is not an operator")]
    UnknownOperator { validator: String },

    #[error("{validator} is already an operator")]
    DuplicateOperator { validator: String },

    #[error("the operator set is limited to {max} validators")]
    TooManyOperators { max: usize },

    #[error("operator weight must be positive")]
    ZeroWeight,

    #[error("no operator with a positive weight to delegate to")]
    NoActiveOperator,

    #[error("the deposit is too small to mint any LRT at the current rate")]
    ZeroMint,

    /// The deposit value is zero while LRT exists: pending slashes may take all of the pool, or
    /// it was lost.
    #[error("nothing is left to price a deposit at: pending slashes may take the pool's whole value, or it was lost")]
    PoolAtRisk,

    #[error("would mint {got} LRT, below the minimum {min}")]
    SlippageExceeded { min: Uint128, got: Uint128 },

    #[error("only the LRT ({lrt}) may call the receive hook, not {sender}")]
    NotLrt { sender: String, lrt: String },

    #[error("invalid unbond hook message: {reason}")]
    InvalidHookMsg { reason: String },

    #[error("amount must be positive")]
    ZeroAmount,

    #[error("{lrt_amount} LRT is worth nothing at the current rate; unbond more")]
    UnbondTooSmall { lrt_amount: Uint128 },

    #[error("{operation} is paused until {until}")]
    Paused { operation: String, until: Timestamp },

    #[error("{operation} is already paused until {until}; the guardian cannot extend a pause")]
    AlreadyPaused { operation: String, until: Timestamp },

    #[error("pause duration must be between 1 and {max} seconds")]
    InvalidPauseDuration { max: u64 },

    #[error("name at least one operation")]
    NoOperations,

    #[error("the epoch has not ended: the next batch can be submitted at {next}")]
    EpochNotElapsed { next: Timestamp },

    #[error("batch {id} has no requests to submit")]
    EmptyBatch { id: u64 },

    #[error("nothing is claimable yet")]
    NothingToClaim,

    #[error("no payout of slash {slash_id} is owed")]
    UnknownSlashPayout { slash_id: u64 },

    #[error("rebalance already ran this epoch: next at {next}")]
    RebalanceNotDue { next: Timestamp },

    #[error("only the hub itself may call its internal callbacks, not {sender}")]
    NotSelf { sender: String },

    #[error("balance after staking messages is {actual}, below the expected {expected}")]
    BalanceShortfall { expected: Uint128, actual: Uint128 },

    #[error("the LRT at {address} must have no supply and the hub as its minter")]
    InvalidExistingLrt { address: String },

    #[error("cannot migrate: {reason}")]
    InvalidMigration { reason: String },
}
