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

#[test]
fn an_account_has_one_spelling_and_so_one_balance() {
    use cosmwasm_std::testing::message_info;
    use cosmwasm_std::{from_json, Uint128};
    use palisade_api::lrt::{ExecuteMsg, QueryMsg};

    let mut deps = mock_dependencies();
    let (hub, alice, bob) = (
        deps.api.addr_make("hub"),
        deps.api.addr_make("alice"),
        deps.api.addr_make("bob"),
    );
    let token = super::token(&hub);
    instantiate(deps.as_mut(), mock_env(), message_info(&hub, &[]), token).unwrap();
    let mint = ExecuteMsg::Mint {
        recipient: alice.to_string(),
        amount: Uint128::new(100),
    };
    execute(deps.as_mut(), mock_env(), message_info(&hub, &[]), mint).unwrap();
    // Bech32 also spells bob's address in upper case: refused, as cw20-base refuses it, so bob's
    // canonical key can never hold a second balance under another spelling.
    let shouting = ExecuteMsg::Transfer {
        recipient: bob.to_string().to_uppercase(),
        amount: Uint128::new(40),
    };
    let err = execute(
        deps.as_mut(),
        mock_env(),
        message_info(&alice, &[]),
        shouting,
    );
    assert!(err.is_err());
    let balance = |who: String| -> Uint128 {
        let answer = query(
            deps.as_ref(),
            mock_env(),
            QueryMsg::Balance { address: who },
        );
        from_json::<cw20::BalanceResponse>(answer.unwrap())
            .unwrap()
            .balance
    };
    assert_eq!(balance(alice.to_string()), Uint128::new(100));
    assert_eq!(balance(bob.to_string()), Uint128::zero());
    assert!(query(
        deps.as_ref(),
        mock_env(),
        QueryMsg::Balance {
            address: bob.to_string().to_uppercase()
        }
    )
    .is_err());
}
