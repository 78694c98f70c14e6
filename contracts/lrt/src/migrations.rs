//! Upgrades of a live deployment: the oldest release this code migrates from, and how the state
//! each older release wrote becomes this release's (`docs/DECISIONS.md`, "Upgrades"). A release
//! that changes a stored record adds its conversion here, keyed by the release it starts from,
//! and `devnet/tests/migration.rs` shows it on that release's own artifacts and state.
//!
//! From 0.1.0: the holders and the reward indexes move from JSON under bech32 keys to the compact
//! form under canonical keys (`crate::state`), and the total supply from cw20-base's token info
//! to the indexes record. The indexes and the hub's record are converted by
//! `migrate`; the other holders, as many as there are, without a loop over all of them: each is
//! converted when it is next read for a change, and anyone may convert them a page at a time with
//! `migrate_holders` until none is left. Until then a holder not converted yet is read from its
//! old record, so balances and rewards are the same throughout. The index history of 0.1.0 is
//! read where it is (`crate::state`); cw20-base's records and the denoms are unchanged.

use cosmwasm_std::{Addr, DepsMut, Order, Response, StdResult, Storage, Uint128, Uint256};
use cw20_base::state::TOKEN_INFO;
use cw_storage_plus::{Item, Map};
use palisade_api::stored_as_array;
use palisade_api::version::migrate_version;

use crate::error::ContractError;
use crate::state::{self, Account, Holder, Indexes, HUB_MARK};

pub use palisade_api::lrt::CONTRACT_NAME;
/// This release, recorded in the cw2 record at instantiation and migration.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The oldest release this code migrates from; an older deployment migrates through the
/// releases in between first.
pub const FROM_VERSION: &str = "0.1.0";

/// Most holders one `migrate_holders` converts (each a read, a write and a delete: about 5,000 gas).
pub const MAX_HOLDERS_PER_PAGE: u32 = 100;
const DEFAULT_HOLDERS_PER_PAGE: u32 = 30;

stored_as_array! {
    /// 0.1.0's holder record.
    pub struct LegacyHolder as LegacyHolderWire ("LegacyHolderWire") {
        pub balance: Uint128,
        pub seq: u64,
        pub pending: Vec<Uint128>,
    }
}

stored_as_array! {
    /// 0.1.0's indexes record.
    pub struct LegacyIndexes as LegacyIndexesWire ("LegacyIndexesWire") {
        pub hub: Addr,
        pub seq: u64,
        pub indexes: Vec<Uint256>,
    }
}

/// 0.1.0's holders, by bech32 address under cw20-base's balance namespace.
pub const LEGACY_HOLDERS: Map<&Addr, LegacyHolder> = Map::new("balance");
pub const LEGACY_INDEXES: Item<LegacyIndexes> = Item::new("reward_indexes");
pub const LEGACY_HISTORY: Map<u64, Vec<Uint256>> = Map::new("index_history");

impl From<LegacyHolder> for Holder {
    fn from(old: LegacyHolder) -> Holder {
        Holder {
            balance: old.balance,
            seq: old.seq,
            pending: old.pending,
        }
    }
}

/// `addr`'s 0.1.0 record, if it was not converted yet.
pub fn legacy_holder(storage: &dyn Storage, addr: &Addr) -> StdResult<Option<Holder>> {
    Ok(LEGACY_HOLDERS.may_load(storage, addr)?.map(Holder::from))
}

pub fn remove_legacy_holder(storage: &mut dyn Storage, addr: &Addr) {
    LEGACY_HOLDERS.remove(storage, addr);
}

/// The indexes right after distribution `seq`, as 0.1.0 recorded them.
pub fn legacy_history(storage: &dyn Storage, seq: u64) -> StdResult<Vec<Uint256>> {
    LEGACY_HISTORY.load(storage, seq)
}

/// Governance's migration: checks the stored release (this contract, from `FROM_VERSION` to this
/// release), converts 0.1.0's indexes and the hub's record, and records this release.
pub fn migrate(deps: DepsMut) -> Result<Response, ContractError> {
    let previous = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION, FROM_VERSION)
        .map_err(|refusal| ContractError::InvalidMigration {
            reason: refusal.to_string(),
        })?;
    let mut response = Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", previous)
        .add_attribute("to_version", CONTRACT_VERSION);
    if let Some(old) = LEGACY_INDEXES.may_load(deps.storage)? {
        LEGACY_INDEXES.remove(deps.storage);
        let hub = Account::of(deps.api, old.hub)?;
        let mut hub_record = legacy_holder(deps.storage, &hub.addr)?.unwrap_or_default();
        hub_record.seq = HUB_MARK;
        remove_legacy_holder(deps.storage, &hub.addr);
        state::store_holder(deps.storage, &hub.key, &hub_record);
        let legacy_holders = legacy_holders_remain(deps.storage);
        // The supply moves to the indexes record; the token info's stays 0, not stale.
        let mut token = TOKEN_INFO.load(deps.storage)?;
        let supply = std::mem::take(&mut token.total_supply);
        TOKEN_INFO.save(deps.storage, &token)?;
        state::save_indexes(
            deps.storage,
            &Indexes {
                seq: old.seq,
                legacy_holders,
                supply,
                indexes: old.indexes,
            },
        );
        response = response.add_attribute("holders_to_convert", legacy_holders.to_string());
    }
    Ok(response)
}

fn legacy_holders_remain(storage: &dyn Storage) -> bool {
    LEGACY_HOLDERS
        .keys_raw(storage, None, None, Order::Ascending)
        .next()
        .is_some()
}

/// Anyone: converts up to `limit` 0.1.0 holder records; the last page ends the conversion.
pub fn migrate_holders(deps: DepsMut, limit: Option<u32>) -> Result<Response, ContractError> {
    let mut now = state::load_indexes(deps.storage)?;
    if !now.legacy_holders {
        return Err(ContractError::NoHoldersToConvert);
    }
    let limit = limit
        .unwrap_or(DEFAULT_HOLDERS_PER_PAGE)
        .clamp(1, MAX_HOLDERS_PER_PAGE) as usize;
    let page = LEGACY_HOLDERS
        .range(deps.storage, None, None, Order::Ascending)
        .take(limit)
        .collect::<StdResult<Vec<_>>>()?;
    for (addr, old) in &page {
        let account = Account::of(deps.api, addr.clone())?;
        state::store_holder(deps.storage, &account.key, &Holder::from(old.clone()));
        remove_legacy_holder(deps.storage, addr);
    }
    let done = !legacy_holders_remain(deps.storage);
    if done {
        now.legacy_holders = false;
        state::save_indexes(deps.storage, &now);
    }
    Ok(Response::new()
        .add_attribute("action", "migrate_holders")
        .add_attribute("converted", page.len().to_string())
        .add_attribute("done", done.to_string()))
}
