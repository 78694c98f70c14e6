//! The liquid restaking token speaks the cw20 standard unchanged, so wallets, DEXes and indexers that
//! know cw20 work with it as they are. Only the hub may mint and burn.

use cosmwasm_schema::cw_serde;

pub use cw20::{Cw20Coin, Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg, MinterResponse};
pub use cw20_base::msg::{ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg, QueryMsg};

#[cw_serde]
pub struct MigrateMsg {}
