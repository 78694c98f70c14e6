//! Storage.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, Timestamp};
use cw_storage_plus::{Item, Map, SnapshotMap, Strategy};
use palisade_api::registry::{
    ConsumerParams, ConsumerStatus, OperatorMetadata, OperatorStatus, PendingAllocation,
    PendingCommission, PendingParams, PendingRegistryParams, RegistryParams,
};

/// Most consumers one operator may opt in to: bounds the loop that sums its allocations.
pub const MAX_OPT_INS_PER_OPERATOR: usize = 20;
pub use palisade_api::pagination::clamp_limit;

#[cw_serde]
pub struct Config {
    pub hub: Addr,
    pub relay: Option<Addr>,
    pub params: RegistryParams,
    pub pending_params: Option<PendingRegistryParams>,
}

#[cw_serde]
pub struct Consumer {
    pub status: ConsumerStatus,
    pub params: ConsumerParams,
    pub pending: Option<PendingParams>,
    pub activatable_at: Timestamp,
    /// Operators taking a seat toward `max_operators`: opted in, including those on their way out,
    /// not tombstoned.
    pub operators: u32,
}

#[cw_serde]
pub struct Operator {
    pub account: Addr,
    pub metadata: OperatorMetadata,
    pub commission_bps: u16,
    /// Tombstoned on some consumer: never again eligible for the hub's stake.
    pub tombstoned: bool,
}

/// One operator's opt-in to one consumer.
#[cw_serde]
pub struct OptIn {
    pub consumer_key: String,
    /// The allocation in force until `pending` takes effect.
    pub allocation: Decimal,
    pub pending: Option<PendingAllocation>,
    /// The commission in force until `pending_commission` takes effect.
    pub commission_bps: u16,
    pub status: OperatorStatus,
    /// A commission rise waiting for `allocation_delay` (absent in records written before it).
    #[serde(default)]
    pub pending_commission: Option<PendingCommission>,
}

impl OptIn {
    /// The commission in force at `time`.
    pub fn commission_at(&self, time: Timestamp) -> u16 {
        match &self.pending_commission {
            Some(p) if p.effective_at <= time => p.commission_bps,
            _ => self.commission_bps,
        }
    }

    /// The allocation in force at `time`.
    pub fn allocation_at(&self, time: Timestamp) -> Decimal {
        match &self.pending {
            Some(p) if p.effective_at <= time => p.allocation,
            _ => self.allocation,
        }
    }

    /// What counts against the operator's cap at `time`: the higher of the allocation in force
    /// and the one pending (an increase counts at once, a decrease only once it took effect).
    pub fn committed_at(&self, time: Timestamp) -> Decimal {
        match &self.pending {
            Some(p) if p.effective_at <= time => p.allocation,
            Some(p) => self.allocation.max(p.allocation),
            None => self.allocation,
        }
    }

    /// Applies a pending change whose time has come.
    pub fn fold(&mut self, now: Timestamp) {
        if let Some(p) = &self.pending {
            if p.effective_at <= now {
                self.allocation = p.allocation;
                self.pending = None;
            }
        }
        if let Some(p) = &self.pending_commission {
            if p.effective_at <= now {
                self.commission_bps = p.commission_bps;
                self.pending_commission = None;
            }
        }
    }

    /// An opt-in that has fully left: nothing in force, nothing pending, not tombstoned (a
    /// tombstone is kept so the operator cannot opt in again).
    pub fn has_left(&self) -> bool {
        self.allocation.is_zero()
            && self.pending.is_none()
            && self.status != OperatorStatus::Tombstoned
    }
}

/// Hub, relay and registry parameters.
/// Its key and the `relay` field are read raw by the hub (`palisade_api::client::hub`).
pub const CONFIG: Item<Config> = Item::new(palisade_api::client::hub::REGISTRY_CONFIG_KEY);
/// Consumers by chain id.
pub const CONSUMERS: Map<&str, Consumer> = Map::new("consumers");
/// Operators by validator (valoper) address.
pub const OPERATORS: Map<&str, Operator> = Map::new("operators");
/// The validator an account registered.
pub const OPERATOR_OF_ACCOUNT: Map<&Addr, String> = Map::new("operator_of_account");
/// Opt-ins by (validator, chain id), with their history: a slash reads them at a past height.
pub const OPT_INS: SnapshotMap<(&str, &str), OptIn> = SnapshotMap::new(
    "opt_ins",
    "opt_ins__checkpoints",
    "opt_ins__changelog",
    Strategy::EveryBlock,
);
/// Index of opt-ins by (chain id, validator), to list a consumer's operators.
pub const CONSUMER_OPERATORS: Map<(&str, &str), ()> = Map::new("consumer_operators");
/// Consumer keys by (chain id, key): a key belongs to one operator only.
pub const CONSUMER_KEYS: Map<(&str, &str), String> = Map::new("consumer_keys");
