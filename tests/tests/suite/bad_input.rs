//! Every entry point rejects bad input with a precise error and changes nothing.

use cosmwasm_std::{coin, coins, to_json_binary, Addr, Uint128};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use palisade_api::hub::{
    ExecuteMsg, Params, ParamsError, PausableOperation, ReceiveMsg, StateResponse,
};
use palisade_hub::ContractError;
use palisade_testing::{contract_error, Suite, DAY, DENOM, UNBONDING_PERIOD};

/// Everything a failed call must leave as it was.
#[derive(Debug, PartialEq)]
struct Snapshot {
    staker: u128,
    staker_lrt: u128,
    hub: u128,
    delegated: u128,
    state: StateResponse,
}

fn snapshot(suite: &Suite, staker: &Addr) -> Snapshot {
    Snapshot {
        staker: suite.balance(staker),
        staker_lrt: suite.lrt_balance(staker),
        hub: suite.balance(&suite.hub),
        delegated: suite.actual_delegations(),
        state: StateResponse {
            // Grows with the rewards accruing as time passes, which no refused message causes.
            deposit_value: None,
            ..suite.state()
        },
    }
}

fn funded_suite() -> (Suite, Addr) {
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 1_000_000).unwrap();
    suite
        .app
        .sudo(cw_multi_test::SudoMsg::Bank(
            cw_multi_test::BankSudo::Mint {
                to_address: alice.to_string(),
                amount: coins(1_000, "uother"),
            },
        ))
        .unwrap();
    (suite, alice)
}

#[test]
fn deposit_rejects_wrong_missing_and_extra_funds() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let deposit = ExecuteMsg::Deposit { min_lrt_out: None };

    let err = suite
        .execute(&alice, &deposit, &coins(100, "uother"))
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::Payment(PaymentError::MissingDenom(DENOM.to_string()))
    );

    let err = suite.execute(&alice, &deposit, &[]).unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::Payment(PaymentError::NoFunds {})
    );

    let err = suite
        .execute(&alice, &deposit, &[coin(100, DENOM), coin(100, "uother")])
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::Payment(PaymentError::MultipleDenoms {})
    );

    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn deposit_enforces_min_lrt_out() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let err = suite
        .execute(
            &alice,
            &ExecuteMsg::Deposit {
                min_lrt_out: Some(Uint128::new(1_001)),
            },
            &coins(1_000, DENOM),
        )
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::SlippageExceeded {
            min: Uint128::new(1_001),
            got: Uint128::new(1_000)
        }
    );
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn deposit_too_small_to_mint_is_refused() {
    let (mut suite, alice) = funded_suite();
    // Double the value per LRT with a donation booked into the pool.
    let hub = suite.hub.clone();
    suite.mint_bond(&hub, 1_001_000);
    suite.reconcile().unwrap();
    let before = snapshot(&suite, &alice);
    let err = suite.deposit(&alice, 1).unwrap_err();
    assert_eq!(contract_error(err), ContractError::ZeroMint);
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn spoofed_unbond_hook_is_refused() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let spoof = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: alice.to_string(),
        amount: Uint128::new(500_000),
        msg: to_json_binary(&ReceiveMsg::Unbond { receiver: None }).unwrap(),
    });
    let err = suite.execute(&alice, &spoof, &[]).unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::NotLrt {
            sender: alice.to_string(),
            lrt: suite.lrt.to_string()
        }
    );
    assert!(suite.requests(&alice).is_empty());
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn malformed_hook_message_is_refused() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let send = Cw20ExecuteMsg::Send {
        contract: suite.hub.to_string(),
        amount: Uint128::new(10),
        msg: to_json_binary(&"not a hook").unwrap(),
    };
    let lrt = suite.lrt.clone();
    let err = suite
        .app
        .execute_contract(alice.clone(), lrt, &send, &[])
        .unwrap_err();
    assert!(matches!(
        contract_error(err),
        ContractError::InvalidHookMsg { .. }
    ));
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn zero_unbond_is_refused_by_the_token() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    assert!(suite.unbond(&alice, 0).is_err());
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn funds_on_non_payable_messages_are_refused() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    for msg in [
        ExecuteMsg::Harvest {},
        ExecuteMsg::Reconcile {},
        ExecuteMsg::PaySlashes {},
        ExecuteMsg::SubmitBatch {},
        ExecuteMsg::Claim { receiver: None },
        ExecuteMsg::Rebalance {},
    ] {
        let err = suite.execute(&alice, &msg, &coins(5, DENOM)).unwrap_err();
        assert_eq!(
            contract_error(err),
            ContractError::Payment(PaymentError::NonPayable {})
        );
    }
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn owner_actions_refuse_everyone_else() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let validator = suite.validator(3);
    for msg in [
        ExecuteMsg::SetOperator {
            validator: validator.clone(),
            weight: 1,
        },
        ExecuteMsg::SetOperator {
            validator: suite.validator(0),
            weight: 5,
        },
        ExecuteMsg::RemoveOperator {
            validator: suite.validator(0),
        },
        ExecuteMsg::UpdateParams(suite.config().params),
        ExecuteMsg::SetGuardian {
            guardian: Some(alice.to_string()),
        },
        ExecuteMsg::Unpause {
            operations: vec![PausableOperation::Deposit],
        },
    ] {
        let err = suite.execute(&alice, &msg, &[]).unwrap_err();
        assert_eq!(
            contract_error(err),
            ContractError::Ownership(cw_ownable::OwnershipError::NotOwner)
        );
    }
    let err = suite
        .execute(
            &alice,
            &ExecuteMsg::Pause {
                operations: vec![PausableOperation::Deposit],
                duration: 60,
            },
            &[],
        )
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::NotGuardianOrOwner {
            sender: alice.to_string()
        }
    );
    assert_eq!(snapshot(&suite, &alice), before);
    assert_eq!(suite.operators().len(), 3);
}

#[test]
fn submit_and_claim_refuse_when_nothing_is_due() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let err = suite.submit_batch().unwrap_err();
    assert!(matches!(
        contract_error(err),
        ContractError::EpochNotElapsed { .. }
    ));
    suite.advance_days(2);
    let err = suite.submit_batch().unwrap_err();
    assert_eq!(contract_error(err), ContractError::EmptyBatch { id: 1 });
    let err = suite.claim(&alice).unwrap_err();
    assert_eq!(contract_error(err), ContractError::NothingToClaim);
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn invalid_parameters_are_refused_with_precise_errors() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let good = suite.config().params;
    let min = UNBONDING_PERIOD + palisade_api::hub::MIN_SETTLEMENT_MARGIN;
    let cases = [
        (
            Params {
                fee_bps: 2_001,
                ..good.clone()
            },
            ContractError::InvalidParams(ParamsError::FeeTooHigh {
                fee_bps: 2_001,
                max: 2_000,
            }),
        ),
        (
            Params {
                epoch_period: 1,
                ..good.clone()
            },
            ContractError::InvalidParams(ParamsError::EpochTooShort { min }),
        ),
        (
            Params {
                withdrawal_delay: 1,
                ..good.clone()
            },
            ContractError::InvalidParams(ParamsError::WithdrawalDelayTooShort { min }),
        ),
        (
            // A settlement margin over half an epoch: too little room to settle between batches.
            Params {
                withdrawal_delay: good.unbonding_period + good.epoch_period / 2 + 1,
                ..good.clone()
            },
            ContractError::InvalidParams(ParamsError::WithdrawalDelayTooLong {
                max: good.unbonding_period + good.epoch_period / 2,
            }),
        ),
        (
            Params {
                max_pause_duration: 0,
                ..good.clone()
            },
            ContractError::InvalidParams(ParamsError::InvalidMaxPause { max: 30 * DAY }),
        ),
        (
            Params {
                unbonding_period: 0,
                ..good.clone()
            },
            ContractError::InvalidParams(ParamsError::ZeroPeriod),
        ),
    ];
    for (params, expected) in cases {
        let err = suite
            .owner_execute(&ExecuteMsg::UpdateParams(params))
            .unwrap_err();
        assert_eq!(contract_error(err), expected);
    }
    assert_eq!(suite.config().params, good);
    assert_eq!(snapshot(&suite, &alice), before);
}

#[test]
fn lrt_cannot_be_burned_or_reminted_by_holders() {
    let (mut suite, alice) = funded_suite();
    let before = snapshot(&suite, &alice);
    let lrt = suite.lrt.clone();
    let err = suite
        .app
        .execute_contract(
            alice.clone(),
            lrt.clone(),
            &Cw20ExecuteMsg::Burn {
                amount: Uint128::new(1),
            },
            &[],
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::BurnNotAllowed {
            hub: suite.hub.to_string()
        }
    );
    let err = suite
        .app
        .execute_contract(
            alice.clone(),
            lrt.clone(),
            &Cw20ExecuteMsg::Mint {
                recipient: alice.to_string(),
                amount: Uint128::new(1),
            },
            &[],
        )
        .unwrap_err();
    assert!(err.downcast::<palisade_lrt::ContractError>().is_ok());
    let hub = suite.hub.clone();
    let err = suite
        .app
        .execute_contract(
            hub,
            lrt,
            &Cw20ExecuteMsg::UpdateMinter {
                new_minter: Some(alice.to_string()),
            },
            &[],
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::MinterChangeNotAllowed
    );
    assert_eq!(snapshot(&suite, &alice), before);
}
