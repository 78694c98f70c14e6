//! The liquid restaking token speaks the cw20 standard unchanged, so wallets, DEXes and indexers that
//! know cw20 work with it as they are. Only the hub may mint and burn.

use cosmwasm_schema::cw_serde;

pub use cw20::{Cw20Coin, Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg, MinterResponse};
pub use cw20_base::msg::{ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg, QueryMsg};

/// The name the LRT records with cw2, which the hub checks when it is given an existing LRT.
pub const CONTRACT_NAME: &str = "crates.io:palisade-lrt";

#[cw_serde]
pub struct MigrateMsg {}
