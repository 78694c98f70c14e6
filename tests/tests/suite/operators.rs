//! The operator set: owner changes, rebalance, redelegation away from removed operators.

use cosmwasm_std::Decimal;
use palisade_api::hub::ExecuteMsg;
use palisade_hub::ContractError;
use palisade_testing::{contract_error, event_attr, SuiteBuilder};

#[test]
fn set_operator_adds_checked_validators_and_reweights_listed_ones() {
    let mut suite = SuiteBuilder::new().validators(&[1]).build();
    let err = suite
        .owner_execute(&ExecuteMsg::SetOperator {
            validator: "cosmwasmvaloper1nobody".into(),
            weight: 1,
        })
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::UnknownValidator {
            validator: "cosmwasmvaloper1nobody".into()
        }
    );
    let err = suite
        .owner_execute(&ExecuteMsg::SetOperator {
            validator: suite.validator(1),
            weight: 0,
        })
        .unwrap_err();
    assert_eq!(contract_error(err), ContractError::ZeroWeight);

    let res = suite
        .owner_execute(&ExecuteMsg::SetOperator {
            validator: suite.validator(1),
            weight: 3,
        })
        .unwrap();
    assert_eq!(event_attr(&res, "set_operator", "weight").unwrap(), "3");
    assert_eq!(
        event_attr(&res, "set_operator", "previous_weight").unwrap(),
        "0"
    );
    let ops = suite.operators();
    assert_eq!(ops.len(), 2);
    assert!(ops
        .iter()
        .any(|o| o.validator == suite.validator(1) && o.weight == 3));

    // A listed operator is reweighted, to zero if asked.
    let res = suite
        .owner_execute(&ExecuteMsg::SetOperator {
            validator: suite.validator(0),
            weight: 0,
        })
        .unwrap();
    assert_eq!(
        event_attr(&res, "set_operator", "previous_weight").unwrap(),
        "1"
    );
    assert_eq!(suite.operators().len(), 2);
    assert!(suite
        .operators()
        .iter()
        .any(|o| o.validator == suite.validator(0) && o.weight == 0));
}

#[test]
fn removed_operator_is_drained_by_rebalance_and_leaves_the_set() {
    let mut suite = SuiteBuilder::new()
        .validators(&[1, 1])
        .apr(Decimal::zero())
        .build();
    let alice = suite.addr("alice");
    for _ in 0..4 {
        suite.deposit(&alice, 500_000).unwrap();
    }
    assert_eq!(suite.actual_delegation(0), 1_000_000);
    assert_eq!(suite.actual_delegation(1), 1_000_000);

    let gone = suite.validator(0);
    let res = suite
        .owner_execute(&ExecuteMsg::RemoveOperator {
            validator: gone.clone(),
        })
        .unwrap();
    assert_eq!(
        event_attr(&res, "remove_operator", "stake_to_move").unwrap(),
        "1000000"
    );
    // Deposits no longer go to it.
    suite.deposit(&alice, 100).unwrap();
    assert_eq!(suite.actual_delegation(0), 1_000_000);

    // Rebalance runs at once while a removed operator holds stake.
    let res = suite.rebalance().unwrap();
    assert_eq!(event_attr(&res, "rebalance", "moved").unwrap(), "1000000");
    assert_eq!(suite.actual_delegation(0), 0);
    assert_eq!(suite.actual_delegation(1), 2_000_100);
    let ops = suite.operators();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].bonded.u128(), 2_000_100);
    assert_eq!(suite.state().total_bonded.u128(), 2_000_100);
    assert_eq!(suite.lrt_balance(&alice), 2_000_100);
}

#[test]
fn a_removed_operator_emptied_by_a_batch_frees_its_seat() {
    let mut suite = SuiteBuilder::new()
        .validators(&[1, 1])
        .apr(Decimal::zero())
        .build();
    let alice = suite.addr("alice");
    for _ in 0..4 {
        suite.deposit(&alice, 500_000).unwrap();
    }
    let gone = suite.validator(0);
    suite
        .owner_execute(&ExecuteMsg::RemoveOperator {
            validator: gone.clone(),
        })
        .unwrap();
    // The batch undelegates from the removed operator first, and all of it: nothing is left on
    // it, so its record goes (before the fix it stayed, holding one of the 50 seats).
    suite.unbond(&alice, 1_000_000).unwrap();
    suite.advance_days(2);
    suite.submit_batch().unwrap();
    assert_eq!(suite.actual_delegation(0), 0);
    let ops = suite.operators();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].validator, suite.validator(1));
}

#[test]
fn rebalance_runs_once_per_epoch_and_moves_toward_weights() {
    let mut suite = SuiteBuilder::new()
        .validators(&[1, 1])
        .apr(Decimal::zero())
        .build();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 1_000_000).unwrap();
    suite.deposit(&alice, 1_000_000).unwrap();
    suite
        .owner_execute(&ExecuteMsg::SetOperator {
            validator: suite.validator(0),
            weight: 3,
        })
        .unwrap();
    let err = suite.rebalance().unwrap_err();
    assert!(matches!(
        contract_error(err),
        ContractError::RebalanceNotDue { .. }
    ));

    suite.advance_days(2);
    suite.rebalance().unwrap();
    assert_eq!(suite.actual_delegation(0), 1_500_000);
    assert_eq!(suite.actual_delegation(1), 500_000);
    let err = suite.rebalance().unwrap_err();
    assert!(matches!(
        contract_error(err),
        ContractError::RebalanceNotDue { .. }
    ));
}

#[test]
fn the_last_active_operator_cannot_be_removed() {
    let mut suite = SuiteBuilder::new().validators(&[1]).build();
    let err = suite
        .owner_execute(&ExecuteMsg::RemoveOperator {
            validator: suite.validator(0),
        })
        .unwrap_err();
    assert_eq!(contract_error(err), ContractError::NoActiveOperator);
    let err = suite
        .owner_execute(&ExecuteMsg::RemoveOperator {
            validator: suite.validator(1),
        })
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        ContractError::UnknownOperator {
            validator: suite.validator(1)
        }
    );
}

#[test]
fn unbonding_takes_from_overweight_operators_first() {
    let mut suite = SuiteBuilder::new()
        .validators(&[1, 1])
        .apr(Decimal::zero())
        .build();
    let (alice, bob) = (suite.addr("alice"), suite.addr("bob"));
    suite.deposit(&alice, 1_000_000).unwrap();
    suite.deposit(&bob, 1_000_000).unwrap();
    suite
        .owner_execute(&ExecuteMsg::SetOperator {
            validator: suite.validator(1),
            weight: 3,
        })
        .unwrap();
    suite.unbond(&alice, 500_000).unwrap();
    suite.advance_days(2);
    let res = suite.submit_batch().unwrap();
    // After: 1.5M, targets 375k / 1.125M: operator 0 is 625k over, so it gives all 500k.
    assert_eq!(event_attr(&res, "submit_batch", "operators").unwrap(), "1");
    assert_eq!(suite.actual_delegation(0), 500_000);
    assert_eq!(suite.actual_delegation(1), 1_000_000);
}
