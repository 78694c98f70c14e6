//! What the registry sends to the hub and the LRT, and the fields of the hub's answer it reads.

use cosmwasm_std::Addr;
use serde::{Deserialize, Serialize};

use crate::hub::ConsumerSlash;

/// The hub messages the registry sends (`hub::ExecuteMsg`). Serializing the hub's whole message
/// enum would add 35 KB of wasm to the registry.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HubExecute {
    SetOperator { validator: String, weight: u64 },
    RemoveOperator { validator: String },
    Slash(ConsumerSlash),
}

/// The LRT message the registry sends (`lrt::ExecuteMsg`): a consumer's rewards, forwarded.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LrtExecute {
    ConsumerRewards { chain_id: String, notice_id: u64 },
}

/// The fields of the hub's `config` answer (`hub::ConfigResponse`) the registry reads: the
/// registry the hub is linked to, the LRT, and the withdrawal delay a consumer's unbonding
/// period must fit in.
#[derive(Deserialize)]
pub struct HubConfig {
    pub registry: Option<Addr>,
    pub lrt: Addr,
    pub params: HubTerms,
}

/// `hub::Params`: the withdrawal delay.
#[derive(Deserialize)]
pub struct HubTerms {
    pub withdrawal_delay: u64,
}
