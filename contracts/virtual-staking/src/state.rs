//! Storage keys. Amounts are in the chain's staking denom.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};
use palisade_api::virtual_staking::{BindingStatus, Params};

#[cw_serde]
pub struct Config {
    pub consumer: Addr,
    pub denom: String,
    pub params: Params,
}

/// The books of the budget: `granted = idle + delegated + unbonding + slashed` always holds.
#[cw_serde]
#[derive(Default)]
pub struct Totals {
    pub granted: Uint128,
    /// What the contract should hold: its balance as of the last sync.
    pub idle: Uint128,
    pub delegated: Uint128,
    pub unbonding: Uint128,
    pub slashed: Uint128,
}

/// Matured unbonding x/staking had not paid when a sync looked: x/staking pays entries at the end
/// of the first block past their completion time, after that block's transactions (and late
/// after a halt). Counted as unbonding until a sync in a later block, which books what is still
/// missing as slashed.
#[cw_serde]
pub struct Unpaid {
    /// The height at which a sync first saw the balance short.
    pub seen_at: u64,
    pub amount: Uint128,
}

#[cw_serde]
pub struct Binding {
    pub operator: String,
    pub status: BindingStatus,
    /// Delegated to the validator, as the last sync saw it.
    pub delegated: Uint128,
    pub target: Uint128,
    /// Completion times of this validator's unbonding entries (at most 7 unpaid ones).
    pub unbonding_until: Vec<u64>,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const TOTALS: Item<Totals> = Item::new("totals");
/// Bindings by the validator's address on this chain.
pub const BINDINGS: Map<&str, Binding> = Map::new("bindings");
/// The validator each operator is bound to (until it unbinds).
pub const OPERATOR_VALIDATOR: Map<&str, String> = Map::new("operator_validator");
/// Each operator's binding nonce: how many of its bindings were unbound (absent: 0).
pub const BINDING_NONCE: Map<&str, u64> = Map::new("binding_nonce");
/// Validators the owner unbound: no binding until the owner lifts the bar.
pub const BARRED: Map<&str, ()> = Map::new("barred");
/// Unbonding entries by completion time and validator: what x/staking pays back then.
pub const UNBONDING: Map<(u64, &str), Uint128> = Map::new("unbonding");
pub const UNPAID: Item<Unpaid> = Item::new("unpaid");
/// The last validator a sync handled; the next sync starts after it.
pub const SYNC_CURSOR: Item<String> = Item::new("sync_cursor");
