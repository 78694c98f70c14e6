//! Unit tests of `contract.rs`.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use palisade_api::registry::MigrateMsg;

use crate::contract::*;
use crate::ContractError;

#[test]
fn migrate_refuses_a_downgrade_and_other_contracts() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, ContractError::InvalidMigration { .. }));
    assert_eq!(
        cw2::get_contract_version(&deps.storage).unwrap().version,
        "99.0.0"
    );
    cw2::set_contract_version(&mut deps.storage, "crates.io:palisade-hub", "0.1.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, ContractError::InvalidMigration { .. }));
    cw2::set_contract_version(
        &mut deps.storage,
        CONTRACT_NAME,
        crate::migrations::FROM_VERSION,
    )
    .unwrap();
    migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    assert_eq!(
        cw2::get_contract_version(&deps.storage).unwrap().version,
        CONTRACT_VERSION
    );
}

#[test]
fn migrate_refuses_a_release_older_than_from_version() {
    palisade_testing::unit::assert_migration_refuses_older(
        crate::migrations::CONTRACT_NAME,
        "0.0.9",
        crate::migrations::FROM_VERSION,
        |deps, env| crate::contract::migrate(deps, env, MigrateMsg {}),
    );
}
