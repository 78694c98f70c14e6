//! The few fields the hub reads from other contracts' and modules' answers, in one type. The hub
//! reads other contracts only through their public interfaces: smart queries, cw2's record, and
//! the registry's `config` record (`palisade_api::client::hub`, "The raw interface").
//!
//! Each answer type costs about 2 KB of wasm for its decoder; one type whose fields are all
//! optional decodes every answer below (fields an answer lacks stay empty, fields the hub does not
//! read are skipped).

use cosmwasm_std::{Addr, Coin, Delegation, Uint128};
use serde::de::IgnoredAny;

#[derive(serde::Deserialize)]
pub struct Answer {
    /// The registry's `config` record (read raw): the relay, once the registry has one.
    #[serde(default)]
    pub relay: Option<Addr>,
    /// x/bank's `balance`: the coin asked for.
    #[serde(default)]
    pub amount: Option<Coin>,
    /// x/staking's `all_delegations`: the hub's delegations.
    #[serde(default)]
    pub delegations: Option<Vec<Delegation>>,
    /// x/staking's `validator`: present when the validator exists.
    #[serde(default)]
    pub validator: Option<IgnoredAny>,
    /// cw2's `contract_info` record: the contract's name.
    #[serde(default)]
    pub contract: Option<String>,
    /// cw20's `token_info`: the supply.
    #[serde(default)]
    pub total_supply: Option<Uint128>,
    /// cw20's `minter`: who may mint, and the cap.
    #[serde(default)]
    pub minter: Option<Addr>,
    #[serde(default)]
    pub cap: Option<Uint128>,
    /// cw20's `balance`: a holder's balance.
    #[serde(default)]
    pub balance: Option<Uint128>,
}
