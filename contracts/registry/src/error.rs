use cosmwasm_std::{Decimal, StdError, Timestamp};
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

    #[error("invalid consumer parameters: {reason}")]
    InvalidConsumerParams { reason: String },

    #[error("invalid registry parameters: {reason}")]
    InvalidParams { reason: String },

    #[error("consumer {chain_id} is already registered")]
    DuplicateConsumer { chain_id: String },

    #[error("consumer {chain_id} is not registered")]
    UnknownConsumer { chain_id: String },

    #[error("consumer {chain_id} cannot {action} while {status}")]
    InvalidTransition {
        chain_id: String,
        action: String,
        status: String,
    },

    #[error("consumer {chain_id} is not active")]
    ConsumerNotActive { chain_id: String },

    #[error("the timelock runs until {until}")]
    TimelockNotElapsed { until: Timestamp },

    #[error("the registry has no pending parameters")]
    NoPendingRegistryParams,

    #[error("consumer {chain_id} has no pending parameters")]
    NoPendingParams { chain_id: String },

    #[error("unbonding_period {unbonding_period}s is longer than the hub's withdrawal delay {withdrawal_delay}s: stake must stay slashable while the consumer can report")]
    UnbondingLongerThanWithdrawalDelay {
        unbonding_period: u64,
        withdrawal_delay: u64,
    },

    #[error("{address} must be written in lowercase")]
    NonCanonicalAddress { address: String },

    #[error("validator {validator} does not exist in x/staking")]
    UnknownValidator { validator: String },

    #[error("{sender} is not the operator account of {validator}")]
    NotValidatorOperator { sender: String, validator: String },

    #[error("{validator} is already registered")]
    OperatorExists { validator: String },

    #[error("{sender} has no registered operator")]
    NotAnOperator { sender: String },

    #[error("{validator} is not a registered operator")]
    UnknownOperator { validator: String },

    #[error("{validator} was tombstoned and can never receive the hub's stake again")]
    OperatorTombstoned { validator: String },

    /// Bonded with nothing parked; out of the bonded set with its weight parked already, or with
    /// no hub weight to park (not in the hub's set, or removed).
    #[error("{validator} is in sync: bonded {bonded}, weight parked {parked}")]
    ValidatorInSync {
        validator: String,
        bonded: bool,
        parked: bool,
    },

    #[error("{validator} still has {opt_ins} opt-in record(s): opt out, wait for the opt-outs to take effect and prune them first (a tombstone stays for good)")]
    OptInsRemain { validator: String, opt_ins: usize },

    #[error("invalid operator metadata: {reason}")]
    InvalidMetadata { reason: String },

    #[error("commission {commission_bps} bps is outside [{min_bps}, {max_bps}]")]
    CommissionOutOfBounds {
        commission_bps: u16,
        min_bps: u16,
        max_bps: u16,
    },

    #[error("allocation must be in (0, 1], got {allocation}")]
    InvalidAllocation { allocation: Decimal },

    #[error("allocations would total {total}, above the cap {cap}")]
    AllocationCapExceeded { total: Decimal, cap: Decimal },

    #[error("{validator} is already opted in to {chain_id}")]
    AlreadyOptedIn { validator: String, chain_id: String },

    #[error("{validator} is not opted in to {chain_id}")]
    NotOptedIn { validator: String, chain_id: String },

    #[error("{validator}'s opt-in to {chain_id} has not ended: its opt-out has not been asked for or has not taken effect")]
    StillOptedIn { validator: String, chain_id: String },

    #[error("{validator} is tombstoned on {chain_id}")]
    Tombstoned { validator: String, chain_id: String },

    #[error("consumer key {consumer_key} already belongs to {owner} on {chain_id}")]
    ConsumerKeyTaken {
        chain_id: String,
        consumer_key: String,
        owner: String,
    },

    #[error("consumer key must not be empty")]
    EmptyConsumerKey,

    #[error("consumer {chain_id} already has its maximum of {max} operators")]
    TooManyOperators { chain_id: String, max: u32 },

    #[error("{validator} has opted in to the maximum of {max} consumers")]
    TooManyOptIns { validator: String, max: usize },

    #[error("only the relay may execute slashes and hand over consumer rewards")]
    NotRelay,

    #[error("cannot migrate: {reason}")]
    InvalidMigration { reason: String },
    #[error("reward denom {denom} already belongs to consumer {chain_id}")]
    RewardDenomTaken { denom: String, chain_id: String },
    #[error("connection {connection_id} already belongs to consumer {chain_id}")]
    ConnectionTaken {
        connection_id: String,
        chain_id: String,
    },
}
