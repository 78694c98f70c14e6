use cosmwasm_std::StdError;
use cw20_base::ContractError as Cw20Error;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Cw20(#[from] Cw20Error),

    #[error("only the hub ({hub}) may burn LRT")]
    BurnNotAllowed { hub: String },

    #[error("the LRT must be instantiated with the hub as minter and no cap")]
    MinterRequired,

    #[error("the LRT must start with no supply: the hub mints every unit")]
    InitialBalancesNotAllowed,

    #[error("only the hub may change the minter")]
    MinterChangeNotAllowed,

    #[error("only governance (the hub's owner) manages reward denoms, not {sender}")]
    NotGovernance { sender: String },

    #[error("invalid reward denom {denom:?}")]
    InvalidDenom { denom: String },

    #[error("{denom} is already a reward denom")]
    DuplicateRewardDenom { denom: String },

    #[error("at most {max} reward denoms")]
    TooManyRewardDenoms { max: usize },

    #[error("send the rewards to distribute as funds")]
    NoRewardsSent,

    #[error("{denom} is not a reward denom")]
    UnknownRewardDenom { denom: String },

    #[error("no LRT earns rewards yet (all of it is held by the hub or none exists)")]
    NoEarningSupply,

    #[error("{amount}{denom} spread over {earning_supply} LRT is less than the index's precision")]
    RewardTooSmall {
        denom: String,
        amount: cosmwasm_std::Uint128,
        earning_supply: cosmwasm_std::Uint128,
    },

    #[error("nothing to claim")]
    NothingToClaim,

    #[error("the hub has no registry: consumer rewards need one")]
    NoRegistry,

    #[error("the registry names no relay: the powers sent to consumers cannot be read yet")]
    NoRelay,

    #[error("only the registry hands over consumer rewards, not {sender}")]
    NotRegistry { sender: String },

    #[error("consumer {chain_id} was never admitted")]
    ConsumerNotAdmitted { chain_id: String },

    #[error("{denom} is not one of {chain_id}'s reward denoms")]
    NotARewardDenom { chain_id: String, denom: String },

    #[error("reward notice {notice_id} of {chain_id} was already split")]
    DuplicateNotice { chain_id: String, notice_id: u64 },

    #[error("{sender} is not the account of operator {validator}")]
    NotOperatorAccount { sender: String, validator: String },

    #[error("{0}")]
    Payment(#[from] cw_utils::PaymentError),

    #[error("{0}")]
    Overflow(#[from] cosmwasm_std::OverflowError),

    #[error("no holder record is left to convert: the upgrade's conversion is complete")]
    NoHoldersToConvert,

    #[error("cannot migrate: {reason}")]
    InvalidMigration { reason: String },
}
