//! What the LRT asks the hub and the registry, and the fields of their answers it reads.

use cosmwasm_std::{Addr, Uint128};
use serde::{Deserialize, Serialize};

use crate::registry::ConsumerStatus;

/// The queries the LRT sends: `config` to the hub, the others to the registry
/// (`hub::QueryMsg`, `registry::QueryMsg`).
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Query<'a> {
    Config {},
    Consumer {
        chain_id: &'a str,
    },
    ConsumerOperators {
        chain_id: &'a str,
        start_after: Option<String>,
        limit: Option<u32>,
    },
}

/// The hub's cw-ownable `ownership` query.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HubQuery {
    Ownership {},
}

/// The one field of the hub's `ownership` answer the LRT reads: governance.
#[derive(Deserialize)]
pub struct HubOwnership {
    pub owner: Option<Addr>,
}

/// `hub::ConfigResponse`: its registry, fee and fee recipient.
#[derive(Deserialize)]
pub struct HubConfig {
    pub registry: Option<Addr>,
    pub params: HubParams,
}

/// `hub::Params`: the protocol fee.
#[derive(Deserialize)]
pub struct HubParams {
    pub fee_bps: u16,
    pub fee_recipient: String,
}

/// `registry::ConsumerResponse`: what rewards need of a consumer.
#[derive(Deserialize)]
pub struct Consumer {
    pub status: ConsumerStatus,
    pub params: ConsumerParams,
}

/// `registry::ConsumerParams`: the denoms it pays in and the commission ceiling.
#[derive(Deserialize)]
pub struct ConsumerParams {
    pub reward_denoms: Vec<String>,
    pub commission_bounds: CommissionBounds,
}

/// `registry::CommissionBounds`: the ceiling.
#[derive(Deserialize)]
pub struct CommissionBounds {
    pub max_bps: u16,
}

/// `registry::ConsumerOperatorResponse`: an operator's opt-in (its power comes from the relay's
/// record of the powers sent, not from here).
#[derive(Deserialize)]
pub struct ConsumerOperator {
    pub opt_in: OptIn,
}

/// `registry::OptInResponse`: the validator and its commission in force.
#[derive(Deserialize)]
pub struct OptIn {
    pub validator: String,
    pub commission_bps: u16,
}

/// `registry::ConfigResponse`: the relay, whose record of the powers sent the LRT reads.
#[derive(Deserialize)]
pub struct RegistryConfig {
    pub relay: Option<Addr>,
}

/// The relay's `last_sent` record of an operator on a consumer (`relay::state::SentPower`,
/// stored as an array: consumer key, power, update id, channel generation). Read raw: its key
/// and format are part of the relay's interface (`tests/tests/suite/raw_interface.rs`).
#[derive(Deserialize)]
pub struct RelayLastSent(pub String, pub Uint128, pub u64, pub u64);

/// The storage key of the relay's `last_sent` record of (`chain_id`, `operator`): a
/// cw-storage-plus map key under the `last_sent` namespace.
pub fn relay_last_sent_key(chain_id: &str, operator: &str) -> Vec<u8> {
    const NAMESPACE: &[u8] = b"last_sent";
    let mut key = Vec::with_capacity(4 + NAMESPACE.len() + chain_id.len() + operator.len());
    key.extend_from_slice(&(NAMESPACE.len() as u16).to_be_bytes());
    key.extend_from_slice(NAMESPACE);
    key.extend_from_slice(&(chain_id.len() as u16).to_be_bytes());
    key.extend_from_slice(chain_id.as_bytes());
    key.extend_from_slice(operator.as_bytes());
    key
}
