//! What the relay sends to the registry and reads from its answers.

use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use serde::{Deserialize, Serialize};

use crate::ibc::Infraction;
use crate::registry::{ConsumerStatus, OperatorStatus, RateLimit};

/// The registry queries the relay sends (`registry::QueryMsg`).
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryQuery<'a> {
    Config {},
    Consumer {
        chain_id: &'a str,
    },
    Consumers {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    ConsumerOperators {
        chain_id: &'a str,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    PowerAt {
        validator: &'a str,
        chain_id: &'a str,
        height: u64,
        time: Timestamp,
    },
}

/// The registry messages the relay sends (`registry::ExecuteMsg`).
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryExecute<'a> {
    ConsumerRewards {
        chain_id: &'a str,
        notice_id: u64,
    },
    Slash {
        slash_id: u64,
        validator: &'a str,
        chain_id: &'a str,
        infraction: Infraction,
        amount: Uint128,
        height: u64,
    },
}

/// The LRT message the relay sends after each crank (`lrt::ExecuteMsg::SyncCommission`): the
/// page it just compared, so that the LRT's commission checkpoints follow the powers sent.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LrtExecute<'a> {
    SyncCommission {
        chain_id: &'a str,
        start_after: Option<String>,
        limit: Option<u32>,
    },
}

/// `hub::ConfigResponse`: the LRT.
#[derive(Deserialize)]
pub struct HubConfig {
    pub lrt: Addr,
}

/// `registry::ConfigResponse`: the hub.
#[derive(Deserialize)]
pub struct Config {
    pub hub: Addr,
}

/// `registry::ConsumerResponse`: what the relay needs of a consumer.
#[derive(Deserialize)]
pub struct Consumer {
    pub chain_id: String,
    pub status: ConsumerStatus,
    pub params: ConsumerParams,
}

/// `registry::ConsumerParams`: the channel's terms and the slashing terms.
#[derive(Deserialize)]
pub struct ConsumerParams {
    pub connection_id: String,
    pub counterparty_port: String,
    pub unbonding_period: u64,
    pub double_sign_fraction: Decimal,
    pub downtime_fraction: Decimal,
    pub veto_period: u64,
    pub downtime_jail: u64,
    pub slash_rate_limit: RateLimit,
}

/// `registry::ConsumerOperatorResponse`: an operator's opt-in and the power it restakes.
#[derive(Deserialize)]
pub struct ConsumerOperator {
    pub opt_in: OptIn,
    pub restaked_power: Uint128,
}

/// `registry::OptInResponse`: the validator, its key on the consumer and its status.
#[derive(Deserialize)]
pub struct OptIn {
    pub validator: String,
    pub consumer_key: String,
    pub status: OperatorStatus,
}
