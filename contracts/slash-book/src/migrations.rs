//! Upgrades of a live deployment (`docs/DECISIONS.md`, "Upgrades"). The slash book is new in
//! this release: nothing older to convert.

use cosmwasm_std::{DepsMut, Response};
use palisade_api::version::migrate_version;

use crate::error::ContractError;

/// The name in the cw2 record.
pub const CONTRACT_NAME: &str = "crates.io:palisade-slash-book";
/// This release, recorded in the cw2 record at instantiation and migration.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The oldest release this code migrates from: the book's first.
pub const FROM_VERSION: &str = "0.2.0";

/// Governance's migration: checks the stored release and records this one.
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
