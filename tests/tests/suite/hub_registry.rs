//! The hub and the registry together: the registry manages the hub's operator set (only
//! registered, never-tombstoned operators get stake), a tombstone or a deregistration removes an
//! operator and `rebalance` moves its stake away, and the stake per operator is readable at any
//! past height, which the registry combines with the allocation into restaked power.

use cosmwasm_std::{Decimal, Uint128};
use palisade_api::hub::{ExecuteMsg as HubExecute, QueryMsg as HubQuery};
use palisade_api::registry::{ExecuteMsg, OperatorResponse, PowerAtResponse, QueryMsg};
use palisade_hub::ContractError as HubError;
use palisade_registry::ContractError;
use palisade_testing::{
    contract_error, event_attr, Suite, SuiteBuilder, ALLOCATION_DELAY, CONSUMER_UNBONDING,
};

fn registry_error(err: anyhow::Error) -> ContractError {
    err.downcast::<ContractError>()
        .unwrap_or_else(|e| panic!("not a registry ContractError: {e:?}"))
}

/// A hub error raised inside a registry transaction reaches the caller as the root cause's text.
fn nested_hub_error(err: anyhow::Error) -> String {
    err.root_cause().to_string()
}

/// A hub on validators 0 and 1 (weights 1 and 1, validator 2 spare), a registry, and the
/// operator set handed to the registry.
fn linked_suite() -> Suite {
    let mut suite = SuiteBuilder::new()
        .validators(&[1, 1])
        .staker("alice", 1_000_000)
        .build();
    let registry = suite.deploy_registry();
    suite
        .owner_execute(&HubExecute::SetRegistry {
            registry: Some(registry.to_string()),
        })
        .unwrap();
    suite
}

fn set_hub_weight(suite: &Suite, index: usize, weight: u64) -> ExecuteMsg {
    ExecuteMsg::SetHubWeight {
        validator: suite.validator(index),
        weight,
    }
}

fn profile(suite: &Suite, index: usize) -> OperatorResponse {
    suite
        .registry_query(&QueryMsg::Operator {
            validator: suite.validator(index),
        })
        .unwrap()
}

fn stake_at(suite: &Suite, index: usize, height: u64) -> u128 {
    let stake: Uint128 = suite
        .query(&HubQuery::OperatorStakeAt {
            validator: suite.validator(index),
            height,
        })
        .unwrap();
    stake.u128()
}

/// Validator `index` registers, opts in to `chain_id` with `allocation`, and the allocation takes
/// effect.
fn opt_in(suite: &mut Suite, index: usize, chain_id: &str, allocation: Decimal) {
    let account = suite.validator_account(index);
    suite
        .registry_execute(
            &account,
            &ExecuteMsg::OptIn {
                chain_id: chain_id.into(),
                consumer_key: format!("key-{index}"),
                allocation,
                commission_bps: 1_000,
            },
        )
        .unwrap();
    suite.advance(ALLOCATION_DELAY);
}

#[test]
fn only_the_owner_hands_the_operator_set_to_the_registry_and_then_only_the_registry_changes_it() {
    let mut suite = SuiteBuilder::new().validators(&[1, 1]).build();
    let registry = suite.deploy_registry();
    let stranger = suite.addr("stranger");
    let err = suite
        .execute(
            &stranger,
            &HubExecute::SetRegistry {
                registry: Some(stranger.to_string()),
            },
            &[],
        )
        .unwrap_err();
    assert!(matches!(contract_error(err), HubError::Ownership(_)));
    assert_eq!(suite.config().registry, None);

    let res = suite
        .owner_execute(&HubExecute::SetRegistry {
            registry: Some(registry.to_string()),
        })
        .unwrap();
    assert_eq!(
        event_attr(&res, "set_registry", "registry").unwrap(),
        registry.to_string()
    );
    assert_eq!(suite.config().registry, Some(registry.clone()));

    // The owner no longer changes the set directly.
    let before = suite.operators();
    let err = suite
        .owner_execute(&HubExecute::SetOperator {
            validator: suite.validator(2),
            weight: 1,
        })
        .unwrap_err();
    assert_eq!(
        contract_error(err),
        HubError::NotRegistry {
            sender: suite.addrs.owner.to_string(),
            registry: registry.to_string(),
        }
    );
    let err = suite
        .owner_execute(&HubExecute::RemoveOperator {
            validator: suite.validator(0),
        })
        .unwrap_err();
    assert!(matches!(contract_error(err), HubError::NotRegistry { .. }));
    assert_eq!(suite.operators(), before);

    // Taking it back restores the owner's control.
    suite
        .owner_execute(&HubExecute::SetRegistry { registry: None })
        .unwrap();
    assert_eq!(suite.config().registry, None);
    suite
        .owner_execute(&HubExecute::SetOperator {
            validator: suite.validator(2),
            weight: 1,
        })
        .unwrap();
    assert_eq!(suite.operators().len(), 3);
}

#[test]
fn governance_weights_only_registered_untombstoned_operators_through_the_registry() {
    let mut suite = linked_suite();
    let before = suite.operators();

    // Not the registry's owner.
    let stranger = suite.addr("stranger");
    let msg = set_hub_weight(&suite, 2, 3);
    let err = suite.registry_execute(&stranger, &msg).unwrap_err();
    assert!(matches!(registry_error(err), ContractError::Ownership(_)));
    // Validator 2 exists in x/staking but has not registered.
    let err = suite.registry_owner_execute(&msg).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::UnknownOperator {
            validator: suite.validator(2)
        }
    );
    assert_eq!(suite.operators(), before);

    suite.register_operator(2).unwrap();
    let res = suite.registry_owner_execute(&msg).unwrap();
    assert_eq!(event_attr(&res, "set_hub_weight", "weight").unwrap(), "3");
    assert_eq!(event_attr(&res, "set_operator", "weight").unwrap(), "3");
    let listed = suite.operators();
    assert_eq!(listed.len(), 3);
    let added = listed
        .iter()
        .find(|o| o.validator == suite.validator(2))
        .unwrap();
    assert_eq!((added.weight, added.removed), (3, false));

    // A deposit now goes to the most underweight operator: the new one.
    let alice = suite.addr("alice");
    suite.deposit(&alice, 500_000).unwrap();
    assert_eq!(suite.actual_delegation(2), 500_000);

    // Weight 0 removes it from the hub's set; rebalance then moves its stake to the others.
    suite
        .registry_owner_execute(&set_hub_weight(&suite, 2, 0))
        .unwrap();
    let removed = suite
        .operators()
        .into_iter()
        .find(|o| o.validator == suite.validator(2))
        .unwrap();
    assert!(removed.removed);
    suite.rebalance().unwrap();
    assert_eq!(suite.actual_delegation(2), 0);
    assert_eq!(suite.actual_delegations(), 500_000);
    assert_eq!(suite.operators().len(), 2);

    // Removing a validator the hub does not list does nothing, and fails nothing.
    let res = suite
        .registry_owner_execute(&set_hub_weight(&suite, 2, 0))
        .unwrap();
    assert_eq!(
        event_attr(&res, "remove_operator", "stake_to_move").unwrap(),
        "0"
    );
    assert_eq!(suite.operators().len(), 2);
}

#[test]
fn a_tombstone_removes_the_operator_from_the_hub_and_rebalance_moves_its_stake() {
    let mut suite = linked_suite();
    let alice = suite.addr("alice");
    // One delegation per deposit, to the most underweight operator: one each.
    suite.deposit(&alice, 300_000).unwrap();
    suite.deposit(&alice, 300_000).unwrap();
    let delegated_to_0 = suite.actual_delegation(0);
    assert!(delegated_to_0 > 0);
    let rate_before = suite.state().exchange_rate;

    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    opt_in(&mut suite, 0, "alpha-1", Decimal::percent(50));
    let relay = suite.addr("relay");
    suite
        .registry_owner_execute(&ExecuteMsg::SetRelay {
            relay: relay.to_string(),
        })
        .unwrap();
    let res = suite
        .registry_execute(
            &relay,
            &ExecuteMsg::Slash {
                slash_id: 1,
                validator: suite.validator(0),
                chain_id: "alpha-1".into(),
                infraction: palisade_api::ibc::Infraction::DoubleSign,
                amount: cosmwasm_std::Uint128::zero(),
                height: 1,
            },
        )
        .unwrap();
    // The hub took the removal in the same transaction.
    assert_eq!(event_attr(&res, "slash", "hub_updated").unwrap(), "true");
    assert_eq!(
        event_attr(&res, "remove_operator", "stake_to_move").unwrap(),
        delegated_to_0.to_string()
    );
    assert!(profile(&suite, 0).tombstoned);
    let op0 = suite
        .operators()
        .into_iter()
        .find(|o| o.validator == suite.validator(0))
        .unwrap();
    assert!(op0.removed);
    assert_eq!(op0.weight, 0);

    // Draining does not wait for the epoch: rebalance moves everything to validator 1.
    let res = suite.rebalance().unwrap();
    assert_eq!(
        event_attr(&res, "rebalance", "moved").unwrap(),
        delegated_to_0.to_string()
    );
    assert_eq!(suite.actual_delegation(0), 0);
    assert_eq!(suite.actual_delegation(1), 600_000);
    assert_eq!(suite.operators().len(), 1);
    assert_eq!(suite.state().exchange_rate, rate_before);

    // A tombstoned operator never gets weight again, and stays registered.
    let before = suite.operators();
    let err = suite
        .registry_owner_execute(&set_hub_weight(&suite, 0, 1))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::OperatorTombstoned {
            validator: suite.validator(0)
        }
    );
    let account = suite.validator_account(0);
    let err = suite
        .registry_execute(&account, &ExecuteMsg::DeregisterOperator {})
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::OptInsRemain {
            validator: suite.validator(0),
            opt_ins: 1
        }
    );
    assert_eq!(suite.operators(), before);
    assert!(profile(&suite, 0).tombstoned);
}

#[test]
fn deregistration_waits_for_the_opt_ins_to_end_and_takes_the_operator_out_of_the_hub() {
    let mut suite = linked_suite();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 400_000).unwrap();
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(1).unwrap();
    opt_in(&mut suite, 1, "alpha-1", Decimal::percent(30));
    let account = suite.validator_account(1);

    // Still slashable by alpha-1: refused, nothing changes.
    let err = suite
        .registry_execute(&account, &ExecuteMsg::DeregisterOperator {})
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::OptInsRemain {
            validator: suite.validator(1),
            opt_ins: 1
        }
    );
    assert_eq!(profile(&suite, 1).opt_ins.len(), 1);

    suite
        .registry_execute(
            &account,
            &ExecuteMsg::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    suite.advance(CONSUMER_UNBONDING);
    suite
        .registry_execute(
            &account,
            &ExecuteMsg::PruneOptIn {
                validator: suite.validator(1),
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    let delegated_to_1 = suite.actual_delegation(1);
    let res = suite
        .registry_execute(&account, &ExecuteMsg::DeregisterOperator {})
        .unwrap();
    assert_eq!(
        event_attr(&res, "deregister_operator", "validator").unwrap(),
        suite.validator(1)
    );
    assert_eq!(
        event_attr(&res, "remove_operator", "stake_to_move").unwrap(),
        delegated_to_1.to_string()
    );
    assert!(suite
        .registry_query::<OperatorResponse>(&QueryMsg::Operator {
            validator: suite.validator(1)
        })
        .is_err());
    suite.rebalance().unwrap();
    assert_eq!(suite.actual_delegation(1), 0);
    assert_eq!(suite.actual_delegation(0), 400_000);

    // The account is free to register again later.
    suite.register_operator(1).unwrap();
    assert!(!profile(&suite, 1).tombstoned);

    // Someone who never registered cannot deregister.
    let stranger = suite.addr("stranger");
    let err = suite
        .registry_execute(&stranger, &ExecuteMsg::DeregisterOperator {})
        .unwrap_err();
    assert!(matches!(
        registry_error(err),
        ContractError::NotAnOperator { .. }
    ));
}

#[test]
fn the_registry_may_remove_the_last_operator_and_deposits_wait_for_a_new_one() {
    let mut suite = SuiteBuilder::new()
        .validators(&[1])
        .staker("alice", 1_000_000)
        .build();
    let registry = suite.deploy_registry();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 100_000).unwrap();
    // Without a registry the owner may not remove the last operator.
    let err = suite
        .owner_execute(&HubExecute::RemoveOperator {
            validator: suite.validator(0),
        })
        .unwrap_err();
    assert_eq!(contract_error(err), HubError::NoActiveOperator);
    suite
        .owner_execute(&HubExecute::SetRegistry {
            registry: Some(registry.to_string()),
        })
        .unwrap();

    // Deregistering it (a tombstone does the same) must not be blocked by the hub.
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    suite
        .registry_execute(&account, &ExecuteMsg::DeregisterOperator {})
        .unwrap();
    let err = suite.deposit(&alice, 1_000).unwrap_err();
    assert_eq!(contract_error(err), HubError::NoActiveOperator);
    assert_eq!(suite.balance(&alice), 900_000);

    // Governance weights a newly registered operator: deposits resume, the old stake drains.
    suite.register_operator(1).unwrap();
    suite
        .registry_owner_execute(&set_hub_weight(&suite, 1, 1))
        .unwrap();
    suite.deposit(&alice, 1_000).unwrap();
    suite.rebalance().unwrap();
    assert_eq!(suite.actual_delegation(0), 0);
    assert_eq!(suite.actual_delegation(1), 101_000);
}

#[test]
fn a_hub_error_inside_a_weight_change_rolls_the_registry_back() {
    let mut suite = linked_suite();
    // Weight 0 is how the registry removes; a positive weight for a listed operator reweights.
    suite.register_operator(0).unwrap();
    suite
        .registry_owner_execute(&set_hub_weight(&suite, 0, 5))
        .unwrap();
    let op0 = suite
        .operators()
        .into_iter()
        .find(|o| o.validator == suite.validator(0))
        .unwrap();
    assert_eq!(op0.weight, 5);

    // A hub that has not handed its set to this registry refuses, and the whole call fails.
    suite
        .owner_execute(&HubExecute::SetRegistry { registry: None })
        .unwrap();
    let before = suite.operators();
    let err = suite
        .registry_owner_execute(&set_hub_weight(&suite, 0, 7))
        .unwrap_err();
    assert_eq!(
        nested_hub_error(err),
        HubError::Ownership(cw_ownable::OwnershipError::NotOwner).to_string()
    );
    assert_eq!(suite.operators(), before);
}

#[test]
fn stake_and_restaked_power_are_read_as_of_a_past_height() {
    let mut suite = linked_suite();
    let alice = suite.addr("alice");
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    let h0 = suite.app.block_info().height;
    assert_eq!(stake_at(&suite, 0, h0 + 1), 0);

    // Block h1: two deposits (one delegation each, one per operator). Their stake counts from
    // the next block on.
    suite.deposit(&alice, 300_000).unwrap();
    suite.deposit(&alice, 300_000).unwrap();
    let h1 = suite.app.block_info().height;
    let on_0 = suite.actual_delegation(0);
    assert!(on_0 > 0);
    assert_eq!(stake_at(&suite, 0, h1), 0, "not at the start of its block");
    assert_eq!(stake_at(&suite, 0, h1 + 1), on_0);

    opt_in(&mut suite, 0, "alpha-1", Decimal::percent(40));
    let h2 = suite.app.block_info().height;
    let t2 = suite.app.block_info().time;

    // Later, a native slash of 10% is booked: the history keeps the stake before it.
    suite.advance(60);
    suite.slash(0, 10);
    suite.reconcile().unwrap();
    let h3 = suite.app.block_info().height;
    let after_slash = suite.actual_delegation(0);
    assert_eq!(after_slash, on_0 - on_0 / 10);
    suite.advance(60);
    assert_eq!(stake_at(&suite, 0, h3), on_0);
    assert_eq!(stake_at(&suite, 0, h3 + 1), after_slash);

    // Power at h2 (opt-in in force at t2): the stake then times 40%, rounded down.
    let power: PowerAtResponse = suite
        .registry_query(&QueryMsg::PowerAt {
            validator: suite.validator(0),
            chain_id: "alpha-1".into(),
            height: h2,
            time: t2,
        })
        .unwrap();
    assert_eq!(power.hub_stake.u128(), on_0);
    assert_eq!(power.allocation, Decimal::percent(40));
    assert_eq!(power.restaked_power.u128(), on_0 * 40 / 100);

    // Before the opt-in took effect, and for an operator never opted in: no power.
    let early: PowerAtResponse = suite
        .registry_query(&QueryMsg::PowerAt {
            validator: suite.validator(0),
            chain_id: "alpha-1".into(),
            height: h1 + 1,
            time: suite
                .app
                .block_info()
                .time
                .minus_seconds(ALLOCATION_DELAY * 2),
        })
        .unwrap();
    assert_eq!(early.allocation, Decimal::zero());
    assert_eq!(early.restaked_power, Uint128::zero());
    let other: PowerAtResponse = suite
        .registry_query(&QueryMsg::PowerAt {
            validator: suite.validator(1),
            chain_id: "alpha-1".into(),
            height: h3 + 1,
            time: suite.app.block_info().time,
        })
        .unwrap();
    assert!(!other.hub_stake.is_zero());
    assert_eq!(other.restaked_power, Uint128::zero());
}

fn sync_validator(suite: &Suite, index: usize) -> ExecuteMsg {
    ExecuteMsg::SyncValidator {
        validator: suite.validator(index),
    }
}

fn hub_operator(suite: &Suite, index: usize) -> Option<palisade_api::hub::OperatorResponse> {
    suite
        .operators()
        .into_iter()
        .find(|o| o.validator == suite.validator(index))
}

/// A linked suite with operators 0 and 1 registered and 300,000 delegated to each.
fn registered_suite() -> Suite {
    let mut suite = linked_suite();
    suite.register_operator(0).unwrap();
    suite.register_operator(1).unwrap();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 300_000).unwrap();
    suite.deposit(&alice, 300_000).unwrap();
    assert_eq!(suite.actual_delegation(0), 300_000);
    assert_eq!(suite.actual_delegation(1), 300_000);
    suite
}

#[test]
fn a_validator_jailed_on_the_provider_leaves_the_hub_set_until_it_is_bonded_again() {
    let mut suite = registered_suite();
    let stranger = suite.addr("stranger");
    let rate_before = suite.state().exchange_rate;

    // x/slashing jails validator 0: anyone parks its weight and the hub removes it.
    suite.jail(0);
    let res = suite
        .registry_execute(&stranger, &sync_validator(&suite, 0))
        .unwrap();
    assert_eq!(
        event_attr(&res, "sync_validator", "bonded").unwrap(),
        "false"
    );
    assert_eq!(
        event_attr(&res, "sync_validator", "hub_weight").unwrap(),
        "0"
    );
    assert_eq!(
        event_attr(&res, "remove_operator", "stake_to_move").unwrap(),
        "300000"
    );
    let op0 = hub_operator(&suite, 0).unwrap();
    assert!(op0.removed);
    assert_eq!(op0.weight, 0);
    assert_eq!(profile(&suite, 0).parked_hub_weight, Some(1));

    // A second sync while it is still jailed changes nothing.
    let before = suite.operators();
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 0))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::ValidatorInSync {
            validator: suite.validator(0),
            bonded: false,
            parked: true,
        }
    );
    assert_eq!(suite.operators(), before);

    // The stake leaves at once, and deposits go to the bonded validator only.
    suite.rebalance().unwrap();
    assert_eq!(suite.actual_delegation(0), 0);
    assert_eq!(suite.actual_delegation(1), 600_000);
    assert_eq!(hub_operator(&suite, 0), None);
    let alice = suite.addr("alice");
    suite.deposit(&alice, 100_000).unwrap();
    assert_eq!(suite.actual_delegation(0), 0);
    assert_eq!(suite.actual_delegation(1), 700_000);
    assert_eq!(suite.state().exchange_rate, rate_before);

    // Unjailed: anyone restores its weight; stake comes back with the rebalance once validator
    // 1's redelegation lock has passed.
    suite.unjail(0);
    let res = suite
        .registry_execute(&stranger, &sync_validator(&suite, 0))
        .unwrap();
    assert_eq!(
        event_attr(&res, "sync_validator", "bonded").unwrap(),
        "true"
    );
    assert_eq!(
        event_attr(&res, "sync_validator", "hub_weight").unwrap(),
        "1"
    );
    let op0 = hub_operator(&suite, 0).unwrap();
    assert!(!op0.removed);
    assert_eq!(op0.weight, 1);
    assert_eq!(profile(&suite, 0).parked_hub_weight, None);
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 0))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::ValidatorInSync {
            validator: suite.validator(0),
            bonded: true,
            parked: false,
        }
    );
    suite.advance(palisade_testing::UNBONDING_PERIOD + 1);
    suite.rebalance().unwrap();
    assert_eq!(suite.actual_delegation(0), 350_000);
    assert_eq!(suite.actual_delegation(1), 350_000);
    assert_eq!(suite.state().exchange_rate, rate_before);
}

#[test]
fn syncing_a_validator_refuses_what_it_cannot_do_and_changes_nothing() {
    let mut suite = registered_suite();
    let stranger = suite.addr("stranger");

    // Not a registered operator.
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 2))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::UnknownOperator {
            validator: suite.validator(2)
        }
    );

    // Bonded and nothing parked.
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 1))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::ValidatorInSync {
            validator: suite.validator(1),
            bonded: true,
            parked: false,
        }
    );

    // Jailed but not in the hub's set: no weight to park.
    suite.register_operator(2).unwrap();
    suite.jail(2);
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 2))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::ValidatorInSync {
            validator: suite.validator(2),
            bonded: false,
            parked: false,
        }
    );
    assert_eq!(profile(&suite, 2).parked_hub_weight, None);

    // The hub no longer linked to this registry: the hub's refusal rolls the park back.
    suite
        .owner_execute(&HubExecute::SetRegistry { registry: None })
        .unwrap();
    suite.jail(0);
    let before = suite.operators();
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 0))
        .unwrap_err();
    assert_eq!(
        nested_hub_error(err),
        HubError::Ownership(cw_ownable::OwnershipError::NotOwner).to_string()
    );
    assert_eq!(profile(&suite, 0).parked_hub_weight, None);
    assert_eq!(suite.operators(), before);
}

#[test]
fn governance_and_a_tombstone_override_a_parked_weight() {
    let mut suite = registered_suite();
    let stranger = suite.addr("stranger");
    suite.jail(0);
    suite.jail(1);
    suite
        .registry_execute(&stranger, &sync_validator(&suite, 0))
        .unwrap();
    suite
        .registry_execute(&stranger, &sync_validator(&suite, 1))
        .unwrap();
    assert_eq!(profile(&suite, 0).parked_hub_weight, Some(1));
    assert_eq!(profile(&suite, 1).parked_hub_weight, Some(1));
    // With every operator out of the bonded set, a deposit is refused rather than delegated
    // to a jailed validator.
    let alice = suite.addr("alice");
    let err = suite.deposit(&alice, 100_000).unwrap_err();
    assert_eq!(contract_error(err), HubError::NoActiveOperator);

    // Governance weights validator 0 while it is jailed: its choice replaces the parked weight,
    // and the unjail restores nothing.
    suite
        .registry_owner_execute(&set_hub_weight(&suite, 0, 3))
        .unwrap();
    assert_eq!(profile(&suite, 0).parked_hub_weight, None);
    assert_eq!(hub_operator(&suite, 0).unwrap().weight, 3);
    suite.unjail(0);
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 0))
        .unwrap_err();
    assert!(matches!(
        registry_error(err),
        ContractError::ValidatorInSync {
            bonded: true,
            parked: false,
            ..
        }
    ));
    assert_eq!(hub_operator(&suite, 0).unwrap().weight, 3);

    // Validator 1 double signs on a consumer while parked: the tombstone drops the parked
    // weight, and the unjail brings nothing back.
    suite.admit_consumer("alpha-1", 0);
    opt_in(&mut suite, 1, "alpha-1", Decimal::percent(50));
    let relay = suite.addr("relay");
    suite
        .registry_owner_execute(&ExecuteMsg::SetRelay {
            relay: relay.to_string(),
        })
        .unwrap();
    suite
        .registry_execute(
            &relay,
            &ExecuteMsg::Slash {
                slash_id: 1,
                validator: suite.validator(1),
                chain_id: "alpha-1".into(),
                infraction: palisade_api::ibc::Infraction::DoubleSign,
                amount: Uint128::zero(),
                height: 1,
            },
        )
        .unwrap();
    assert!(profile(&suite, 1).tombstoned);
    assert_eq!(profile(&suite, 1).parked_hub_weight, None);
    suite.unjail(1);
    let err = suite
        .registry_execute(&stranger, &sync_validator(&suite, 1))
        .unwrap_err();
    assert!(matches!(
        registry_error(err),
        ContractError::ValidatorInSync {
            bonded: true,
            parked: false,
            ..
        }
    ));
    assert!(hub_operator(&suite, 1).is_none_or(|op| op.removed));
}
