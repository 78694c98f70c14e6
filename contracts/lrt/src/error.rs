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

    #[error("cannot migrate: {reason}")]
    InvalidMigration { reason: String },
}
