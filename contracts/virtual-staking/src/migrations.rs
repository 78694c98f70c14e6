//! Upgrades of a live deployment: the oldest release this code migrates from, and how the state
//! each older release wrote becomes this release's (`docs/DECISIONS.md`, "Upgrades"). A release
//! that changes a stored record adds its conversion here, keyed by the release it starts from,
//! and `devnet/tests/migration.rs` shows it on that release's own artifacts and state.
//!
//! 0.2.0 is this contract's first release: there is no older state to convert.

use cosmwasm_std::{DepsMut, Response};
use palisade_api::version::migrate_version;

use crate::error::ContractError;

/// The name in the cw2 record.
pub const CONTRACT_NAME: &str = "crates.io:palisade-virtual-staking";
/// This release, recorded in the cw2 record at instantiation and migration.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The oldest release this code migrates from; an older deployment migrates through the
/// releases in between first.
pub const FROM_VERSION: &str = "0.2.0";

/// Governance's migration: checks the stored release (this contract, from `FROM_VERSION` to this
/// release) and records this release.
pub fn migrate(deps: DepsMut) -> Result<Response, ContractError> {
    let previous = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION, FROM_VERSION)
        .map_err(|refusal| ContractError::InvalidMigration {
            reason: refusal.to_string(),
        })?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", previous)
        .add_attribute("to_version", CONTRACT_VERSION))
}
