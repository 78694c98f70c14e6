//! Unit tests of `contract.rs`.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use palisade_api::lrt::MigrateMsg;

use crate::contract::*;
use crate::ContractError;

#[test]
fn migrate_refuses_a_downgrade_and_other_contracts() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, ContractError::InvalidMigration { .. }));
    cw2::set_contract_version(&mut deps.storage, "crates.io:cw20-base", "0.1.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, ContractError::InvalidMigration { .. }));
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
