//! Ownership, guardian pauses, parameters, instantiation checks and migration guards.

use cosmwasm_std::{coins, Api, Empty};
use cw_multi_test::Executor;
use cw_ownable::{Action, Ownership};
use palisade_api::hub::{
    ExecuteMsg, MigrateMsg, Params, PausableOperation, PauseResponse, QueryMsg,
};
use palisade_hub::ContractError;
use palisade_testing::{contract_error, event_attr, Suite, SuiteBuilder, DAY, DENOM, MAX_PAUSE};

#[test]
fn guardian_pause_is_bounded_and_only_the_owner_unpauses() {
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 1_000_000).unwrap();
    let guardian = suite.addrs.guardian.clone();
    let pause = |duration| ExecuteMsg::Pause {
        operations: vec![PausableOperation::Deposit, PausableOperation::Unbond],
        duration,
    };

    let err = suite
        .execute(&guardian, &pause(MAX_PAUSE + 1), &[])
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::InvalidPauseDuration { max: MAX_PAUSE }
    );
    let res = suite.execute(&guardian, &pause(DAY), &[]).unwrap();
    assert_eq!(
        event_attr(&res, "pause", "by").unwrap(),
        guardian.to_string()
    );

    let before = suite.balance(&alice);
    let err = suite.deposit(&alice, 10).unwrap_err();
    assert!(
        matches!(contract_error(err), ContractError::Paused { ref operation, .. } if operation == "deposit")
    );
    let err = suite.unbond(&alice, 10).unwrap_err();
    assert!(
        matches!(contract_error(err), ContractError::Paused { ref operation, .. } if operation == "unbond")
    );
    assert_eq!(suite.balance(&alice), before);
    assert_eq!(suite.lrt_balance(&alice), 1_000_000);

    // The guardian cannot extend, nor unpause.
    let err = suite.execute(&guardian, &pause(DAY), &[]).unwrap_err();
    assert!(matches!(
        contract_error(err),
        ContractError::AlreadyPaused { .. }
    ));
    let unpause = ExecuteMsg::Unpause {
        operations: vec![PausableOperation::Deposit],
    };
    assert!(suite.execute(&guardian, &unpause, &[]).is_err());
    let pauses: Vec<PauseResponse> = suite.query(&QueryMsg::Pauses {}).unwrap();
    assert_eq!(pauses.len(), 2);

    // The pause expires by itself.
    suite.advance(DAY);
    suite.deposit(&alice, 10).unwrap();
    suite.unbond(&alice, 10).unwrap();

    // The owner lifts a pause early.
    suite.execute(&guardian, &pause(DAY), &[]).unwrap();
    suite.owner_execute(&unpause).unwrap();
    suite.deposit(&alice, 10).unwrap();
    let pauses: Vec<PauseResponse> = suite.query(&QueryMsg::Pauses {}).unwrap();
    assert_eq!(pauses.len(), 1);
    assert_eq!(pauses[0].operation, PausableOperation::Unbond);
}

#[test]
fn a_guardian_pausing_again_after_each_expiry_is_stopped_by_its_removal() {
    // Settled behaviour (docs/REVIEW.md): no cooldown after a pause expires. A guardian that
    // pauses again at once keeps deposits paused, never claims; the owner removes it and lifts
    // the running pause.
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    let guardian = suite.addrs.guardian.clone();
    let pause = ExecuteMsg::Pause {
        operations: vec![PausableOperation::Deposit],
        duration: DAY,
    };
    suite.execute(&guardian, &pause, &[]).unwrap();
    suite.advance(DAY);
    suite.execute(&guardian, &pause, &[]).unwrap();
    let err = suite.deposit(&alice, 10).unwrap_err();
    assert!(matches!(contract_error(err), ContractError::Paused { .. }));
    suite
        .owner_execute(&ExecuteMsg::SetGuardian { guardian: None })
        .unwrap();
    suite
        .owner_execute(&ExecuteMsg::Unpause {
            operations: vec![PausableOperation::Deposit],
        })
        .unwrap();
    let err = suite.execute(&guardian, &pause, &[]).unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::NotGuardianOrOwner {
            sender: guardian.to_string()
        }
    );
    let before = suite.balance(&alice);
    suite.deposit(&alice, 10).unwrap();
    assert_eq!(before - suite.balance(&alice), 10);
}

#[test]
fn claims_work_while_paused() {
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 1_000_000).unwrap();
    suite.unbond(&alice, 1_000_000).unwrap();
    suite.advance_days(2);
    suite.submit_batch().unwrap();
    suite.advance_days(11);
    let guardian = suite.addrs.guardian.clone();
    suite
        .execute(
            &guardian,
            &ExecuteMsg::Pause {
                operations: vec![PausableOperation::Deposit, PausableOperation::Unbond],
                duration: DAY,
            },
            &[],
        )
        .unwrap();
    let before = suite.balance(&alice);
    suite.claim(&alice).unwrap();
    assert_eq!(suite.balance(&alice) - before, 1_000_000);
}

#[test]
fn ownership_transfer_takes_two_steps() {
    let mut suite = Suite::new();
    let new_owner = suite.addr("new_owner");
    suite
        .owner_execute(&ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
            new_owner: new_owner.to_string(),
            expiry: None,
        }))
        .unwrap();
    // Not yet the owner.
    let mut params = suite.config().params;
    params.fee_bps = 500;
    let fee = ExecuteMsg::UpdateParams(params);
    assert!(suite.execute(&new_owner, &fee, &[]).is_err());
    suite
        .execute(
            &new_owner,
            &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership),
            &[],
        )
        .unwrap();
    let ownership: Ownership<String> = suite.query(&QueryMsg::Ownership {}).unwrap();
    assert_eq!(ownership.owner, Some(new_owner.to_string()));
    let res = suite.execute(&new_owner, &fee, &[]).unwrap();
    assert_eq!(event_attr(&res, "update_params", "fee_bps").unwrap(), "500");
    assert_eq!(suite.config().params.fee_bps, 500);
    // The old owner lost its rights.
    assert!(suite.owner_execute(&fee).is_err());
}

#[test]
fn owner_sets_and_removes_the_guardian() {
    let mut suite = Suite::new();
    let new_guardian = suite.addr("new_guardian");
    suite
        .owner_execute(&ExecuteMsg::SetGuardian {
            guardian: Some(new_guardian.to_string()),
        })
        .unwrap();
    assert_eq!(suite.config().guardian, Some(new_guardian.clone()));
    let res = suite
        .owner_execute(&ExecuteMsg::SetGuardian { guardian: None })
        .unwrap();
    assert_eq!(
        event_attr(&res, "set_guardian", "guardian").unwrap(),
        "none"
    );
    assert_eq!(suite.config().guardian, None);
    let err = suite
        .execute(
            &new_guardian,
            &ExecuteMsg::Pause {
                operations: vec![PausableOperation::Deposit],
                duration: 60,
            },
            &[],
        )
        .unwrap_err();
    assert!(matches!(
        contract_error(err),
        ContractError::NotGuardianOrOwner { .. }
    ));
}

#[test]
fn instantiation_validates_parameters() {
    let builder = SuiteBuilder::new();
    let (mut app, addrs, hub_code, lrt_code) = builder.build_chain();
    // Every case is a real deployment (its own LRT minted by the hub's predicted address) with one
    // field wrong, so each is refused for that field alone.
    let placeholder = addrs.owner.clone();
    let good = builder.instantiate_msg(&addrs, &placeholder);
    let cases: Vec<(&str, palisade_api::hub::InstantiateMsg)> = vec![
        (
            "fee",
            palisade_api::hub::InstantiateMsg {
                params: Params {
                    fee_bps: 2_001,
                    ..good.params.clone()
                },
                ..good.clone()
            },
        ),
        (
            "epoch",
            palisade_api::hub::InstantiateMsg {
                params: Params {
                    epoch_period: DAY,
                    ..good.params.clone()
                },
                ..good.clone()
            },
        ),
        (
            "delay",
            palisade_api::hub::InstantiateMsg {
                params: Params {
                    withdrawal_delay: DAY,
                    ..good.params.clone()
                },
                ..good.clone()
            },
        ),
        (
            "denom",
            palisade_api::hub::InstantiateMsg {
                bond_denom: "".into(),
                ..good.clone()
            },
        ),
        (
            "no operators",
            palisade_api::hub::InstantiateMsg {
                operators: vec![],
                ..good.clone()
            },
        ),
        (
            "unknown validator",
            palisade_api::hub::InstantiateMsg {
                operators: vec![palisade_api::hub::OperatorWeight {
                    validator: "cosmwasmvaloper1x".into(),
                    weight: 1,
                }],
                ..good.clone()
            },
        ),
        (
            "duplicate",
            palisade_api::hub::InstantiateMsg {
                operators: vec![good.operators[0].clone(), good.operators[0].clone()],
                ..good.clone()
            },
        ),
    ];
    for (name, msg) in cases {
        let result = builder.deploy_with(
            &mut app,
            &addrs,
            (hub_code, lrt_code),
            name.as_bytes(),
            |suite_msg| palisade_api::hub::InstantiateMsg {
                lrt: suite_msg.lrt,
                ..msg
            },
        );
        assert!(result.is_err(), "{name} should be refused");
    }
    let funded = app.instantiate_contract(
        hub_code,
        addrs.owner.clone(),
        &good,
        &coins(1, DENOM),
        "hub",
        None,
    );
    assert!(funded.is_err(), "funds on instantiate are refused");
    builder
        .deploy_with(&mut app, &addrs, (hub_code, lrt_code), b"good", |m| m)
        .unwrap();
}

#[test]
fn existing_lrt_must_be_fresh_and_minted_by_the_hub() {
    let builder = SuiteBuilder::new();
    let (mut app, addrs, hub_code, lrt_code) = builder.build_chain();
    // An LRT whose minter is someone else.
    let lrt = app
        .instantiate_contract(
            lrt_code,
            addrs.owner.clone(),
            &palisade_api::lrt::InstantiateMsg {
                name: "Palisade restaked STAKE".into(),
                symbol: "rSTAKE".into(),
                decimals: 6,
                initial_balances: vec![],
                mint: Some(cw20::MinterResponse {
                    minter: addrs.owner.to_string(),
                    cap: None,
                }),
                marketing: None,
            },
            &[],
            "lrt",
            None,
        )
        .unwrap();
    let msg = palisade_api::hub::InstantiateMsg {
        ..builder.instantiate_msg(&addrs, &lrt)
    };
    let err = app
        .instantiate_contract(hub_code, addrs.owner.clone(), &msg, &[], "hub", None)
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::InvalidExistingLrt {
            address: lrt.to_string()
        }
    );
}

#[test]
fn an_lrt_whose_mint_is_capped_is_refused() {
    // The hub must be able to mint every deposit: the LRT refuses a cap, and the hub checks the
    // `minter` answer's cap too, so a token that would stop minting never becomes the hub's.
    let builder = SuiteBuilder::new();
    let (mut app, addrs, _, lrt_code) = builder.build_chain();
    let capped = palisade_api::lrt::InstantiateMsg {
        name: "Palisade restaked STAKE".into(),
        symbol: "rSTAKE".into(),
        decimals: 6,
        initial_balances: vec![],
        mint: Some(cw20::MinterResponse {
            minter: addrs.owner.to_string(),
            cap: Some(1_000_000u128.into()),
        }),
        marketing: None,
    };
    let err = app
        .instantiate_contract(lrt_code, addrs.owner.clone(), &capped, &[], "lrt", None)
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::MinterRequired
    );
}

#[test]
fn hub_takes_a_given_lrt_minted_by_its_predicted_address() {
    // Deployment in one proposal: the LRT is instantiated first with the hub's instantiate2
    // address as its minter, then the hub is instantiated with it.
    let builder = SuiteBuilder::new();
    let (mut app, addrs, hub_code, lrt_code) = builder.build_chain();
    let salt = b"palisade-hub";
    let checksum = app.wrap().query_wasm_code_info(hub_code).unwrap().checksum;
    let creator = app.api().addr_canonicalize(addrs.owner.as_str()).unwrap();
    let predicted = app
        .api()
        .addr_humanize(
            &cosmwasm_std::instantiate2_address(checksum.as_slice(), &creator, salt).unwrap(),
        )
        .unwrap();
    let lrt = app
        .instantiate_contract(
            lrt_code,
            addrs.owner.clone(),
            &palisade_api::lrt::InstantiateMsg {
                name: "Palisade restaked STAKE".into(),
                symbol: "rSTAKE".into(),
                decimals: 6,
                initial_balances: vec![],
                mint: Some(cw20::MinterResponse {
                    minter: predicted.to_string(),
                    cap: None,
                }),
                marketing: None,
            },
            &[],
            "lrt",
            None,
        )
        .unwrap();
    let msg = palisade_api::hub::InstantiateMsg {
        ..builder.instantiate_msg(&addrs, &lrt)
    };
    let hub = app
        .instantiate2_contract(hub_code, addrs.owner.clone(), &msg, &[], "hub", None, salt)
        .unwrap();
    assert_eq!(hub, predicted);
    let config: palisade_api::hub::ConfigResponse = app
        .wrap()
        .query_wasm_smart(&hub, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.lrt, lrt);

    // It works end to end: a deposit mints the given LRT.
    let alice = app.api().addr_make("alice");
    app.execute_contract(
        alice.clone(),
        hub,
        &ExecuteMsg::Deposit { min_lrt_out: None },
        &coins(1_000, DENOM),
    )
    .unwrap();
    let balance: cw20::BalanceResponse = app
        .wrap()
        .query_wasm_smart(
            &lrt,
            &cw20::Cw20QueryMsg::Balance {
                address: alice.to_string(),
            },
        )
        .unwrap();
    assert_eq!(balance.balance.u128(), 1_000);
}

#[test]
fn a_given_token_that_is_not_palisades_lrt_is_refused() {
    let builder = SuiteBuilder::new();
    let (mut app, addrs, hub_code, lrt_code) = builder.build_chain();
    // A contract that is not Palisade's LRT (here, another hub) has no `token_info` record.
    let (other, _) = builder
        .deploy_with(&mut app, &addrs, (hub_code, lrt_code), b"other", |m| m)
        .unwrap();
    let msg = palisade_api::hub::InstantiateMsg {
        ..builder.instantiate_msg(&addrs, &other)
    };
    let err = app
        .instantiate_contract(hub_code, addrs.owner.clone(), &msg, &[], "hub", None)
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::InvalidExistingLrt {
            address: other.to_string()
        }
    );
}

#[test]
fn lrt_refuses_initial_balances_and_a_missing_minter() {
    let builder = SuiteBuilder::new();
    let (mut app, addrs, _, lrt_code) = builder.build_chain();
    let base = palisade_api::lrt::InstantiateMsg {
        name: "Palisade restaked STAKE".into(),
        symbol: "rSTAKE".into(),
        decimals: 6,
        initial_balances: vec![],
        mint: None,
        marketing: None,
    };
    let err = app
        .instantiate_contract(lrt_code, addrs.owner.clone(), &base, &[], "lrt", None)
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::MinterRequired
    );
    let with_balance = palisade_api::lrt::InstantiateMsg {
        initial_balances: vec![cw20::Cw20Coin {
            address: addrs.owner.to_string(),
            amount: 5u128.into(),
        }],
        mint: Some(cw20::MinterResponse {
            minter: addrs.owner.to_string(),
            cap: None,
        }),
        ..base
    };
    let err = app
        .instantiate_contract(
            lrt_code,
            addrs.owner.clone(),
            &with_balance,
            &[],
            "lrt",
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::InitialBalancesNotAllowed
    );
}

#[test]
fn migrate_accepts_the_same_contract_and_refuses_another() {
    let mut suite = Suite::new();
    let owner = suite.addrs.owner.clone();
    let (hub, lrt) = (suite.hub.clone(), suite.lrt.clone());
    let (hub_code, lrt_code) = (suite.hub_code, suite.lrt_code);
    let res = suite
        .app
        .migrate_contract(owner.clone(), hub.clone(), &MigrateMsg {}, hub_code)
        .unwrap();
    assert_eq!(
        event_attr(&res, "migrate", "to_version").unwrap(),
        env!("CARGO_PKG_VERSION")
    );
    // The hub's state is not the LRT's: migrating one to the other's code is refused.
    let err = suite
        .app
        .migrate_contract(owner.clone(), hub, &Empty {}, lrt_code)
        .unwrap_err();
    assert!(matches!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::InvalidMigration { .. }
    ));
    let err = suite
        .app
        .migrate_contract(owner, lrt, &MigrateMsg {}, hub_code)
        .unwrap_err();
    assert!(matches!(
        contract_error(err),
        ContractError::InvalidMigration { .. }
    ));
}
