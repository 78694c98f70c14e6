//! Unit tests of `contract.rs`.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use palisade_api::hub::MigrateMsg;

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::contract::*;
use crate::ContractError;

#[test]
fn migrate_refuses_a_downgrade() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, ContractError::InvalidMigration { .. }));
    let stored = cw2::get_contract_version(&deps.storage).unwrap();
    assert_eq!(stored.version, "99.0.0");
}

#[test]
fn migrate_upgrades_an_older_version() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(
        &mut deps.storage,
        CONTRACT_NAME,
        crate::migrations::FROM_VERSION,
    )
    .unwrap();
    migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    let stored = cw2::get_contract_version(&deps.storage).unwrap();
    assert_eq!(stored.version, CONTRACT_VERSION);
}

#[test]
fn migrate_refuses_a_release_older_than_from_version() {
    palisade_testing::unit::assert_migration_refuses_older(
        crate::constants::CONTRACT_NAME,
        "0.0.9",
        crate::migrations::FROM_VERSION,
        |deps, env| crate::contract::migrate(deps, env, MigrateMsg {}),
    );
}
