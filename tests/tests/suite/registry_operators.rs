//! The registry's operators: registration by their own account, opt-in with allocation caps and
//! delays, decreases and opt-outs after the consumer's unbonding, relay-only jail and tombstone,
//! commission changes, and opt-ins read at a past height.

use cosmwasm_std::{Decimal, Timestamp, Uint128};
use palisade_api::ibc::Infraction;
use palisade_api::registry::{
    ConsumerOperatorResponse, ExecuteMsg, OperatorResponse, OperatorStatus, OptInResponse, QueryMsg,
};
use palisade_registry::ContractError;
use palisade_testing::{
    consumer_params, event_attr, Suite, SuiteBuilder, ALLOCATION_DELAY, CONSUMER_UNBONDING, DAY,
    RISK_TIMELOCK,
};

use super::registry::{consumer, operator, opt_in_msg, registry_error, suite};

#[test]
fn operators_register_through_their_own_account() {
    let mut suite = suite();
    let res = suite.register_operator(0).unwrap();
    assert_eq!(
        event_attr(&res, "register_operator", "account").unwrap(),
        suite.validator_account(0).to_string()
    );
    let profile = operator(&suite, 0);
    assert_eq!(profile.account, suite.validator_account(0));
    assert_eq!(profile.commission_bps, 500);

    let err = suite.register_operator(0).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::OperatorExists {
            validator: suite.validator(0)
        }
    );

    // Someone else's account cannot register validator 1.
    let alice = suite.addr("alice");
    let register =
        |validator: String, commission_bps: u16, moniker: &str| ExecuteMsg::RegisterOperator {
            validator,
            metadata: palisade_api::registry::OperatorMetadata {
                moniker: moniker.into(),
                website: None,
                contact: None,
            },
            commission_bps,
        };
    let err = suite
        .registry_execute(&alice, &register(suite.validator(1), 100, "x"))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::NotValidatorOperator {
            sender: alice.to_string(),
            validator: suite.validator(1)
        }
    );
    let err = suite
        .registry_execute(
            &alice,
            &register("cosmwasmvaloper1unknown".into(), 100, "x"),
        )
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::UnknownValidator {
            validator: "cosmwasmvaloper1unknown".into()
        }
    );
    let account = suite.validator_account(1);
    let err = suite
        .registry_execute(&account, &register(suite.validator(1), 2_001, "x"))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::CommissionOutOfBounds {
            commission_bps: 2_001,
            min_bps: 0,
            max_bps: 2_000
        }
    );
    let err = suite
        .registry_execute(&account, &register(suite.validator(1), 100, ""))
        .unwrap_err();
    assert!(matches!(
        registry_error(err),
        ContractError::InvalidMetadata { .. }
    ));
    let list: Vec<OperatorResponse> = suite
        .registry_query(&QueryMsg::Operators {
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(list.len(), 1);

    // The uppercase spelling of a registered validator has the same bytes: refused, so one
    // validator cannot register twice (and escape a tombstone).
    let upper = suite.validator(0).to_uppercase();
    let err = suite
        .registry_execute(
            &suite.validator_account(0),
            &register(upper.clone(), 100, "again"),
        )
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::NonCanonicalAddress { address: upper }
    );
}

#[test]
fn leaving_before_the_opt_in_took_effect_is_immediate() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    suite
        .registry_execute(
            &account,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(40)),
        )
        .unwrap();
    let res = suite
        .registry_execute(
            &account,
            &ExecuteMsg::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    assert_eq!(event_attr(&res, "opt_out", "removed").unwrap(), "true");
    assert!(operator(&suite, 0).opt_ins.is_empty());
    assert_eq!(consumer(&suite, "alpha-1").operators, 0);
    // The key is free again.
    suite.register_operator(1).unwrap();
    let other = suite.validator_account(1);
    suite
        .registry_execute(
            &other,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(10)),
        )
        .unwrap();
}

#[test]
fn opt_in_takes_effect_after_the_allocation_delay() {
    let mut suite = suite();
    // The hub stakes 300,000 on each of its three operators.
    let alice = suite.addr("alice");
    for _ in 0..3 {
        suite.deposit(&alice, 300_000).unwrap();
    }
    assert_eq!(suite.actual_delegation(0), 300_000);
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    let res = suite
        .registry_execute(
            &account,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(40)),
        )
        .unwrap();
    assert_eq!(event_attr(&res, "opt_in", "allocation").unwrap(), "0.4");

    let listed = |suite: &Suite| -> Vec<ConsumerOperatorResponse> {
        suite
            .registry_query(&QueryMsg::ConsumerOperators {
                chain_id: "alpha-1".into(),
                start_after: None,
                limit: None,
            })
            .unwrap()
    };
    let before = listed(&suite);
    assert_eq!(before.len(), 1);
    assert_eq!(
        before[0].opt_in.allocation,
        Decimal::zero(),
        "not in force yet"
    );
    assert_eq!(
        before[0].opt_in.pending.as_ref().unwrap().allocation,
        Decimal::percent(40)
    );
    assert_eq!(before[0].hub_stake.u128(), 300_000);
    assert_eq!(before[0].restaked_power.u128(), 0);
    assert_eq!(consumer(&suite, "alpha-1").operators, 1);

    suite.advance(ALLOCATION_DELAY);
    let profile = operator(&suite, 0);
    assert_eq!(profile.opt_ins[0].allocation, Decimal::percent(40));
    assert!(profile.opt_ins[0].pending.is_none());
    assert_eq!(profile.committed_allocation, Decimal::percent(40));
    // Restaked power: the hub's stake on the operator times the allocation in force.
    let after = listed(&suite);
    assert_eq!(after[0].restaked_power.u128(), 120_000);
}

#[test]
fn opt_in_refusals_change_nothing() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);
    suite
        .registry_owner_execute(&ExecuteMsg::ProposeConsumer {
            chain_id: "beta-1".into(),
            params: consumer_params(1),
        })
        .unwrap();
    for i in 0..3 {
        suite.register_operator(i).unwrap();
    }
    let (a0, a1) = (suite.validator_account(0), suite.validator_account(1));
    suite
        .registry_execute(&a0, &opt_in_msg("alpha-1", "key-0", Decimal::percent(60)))
        .unwrap();

    let cases = [
        (
            a0.clone(),
            opt_in_msg("beta-1", "k", Decimal::percent(10)),
            ContractError::ConsumerNotActive {
                chain_id: "beta-1".into(),
            },
        ),
        (
            a0.clone(),
            opt_in_msg("alpha-1", "k", Decimal::percent(10)),
            ContractError::AlreadyOptedIn {
                validator: suite.validator(0),
                chain_id: "alpha-1".into(),
            },
        ),
        (
            a1.clone(),
            opt_in_msg("alpha-1", "key-0", Decimal::percent(10)),
            ContractError::ConsumerKeyTaken {
                chain_id: "alpha-1".into(),
                consumer_key: "key-0".into(),
                owner: suite.validator(0),
            },
        ),
        (
            a1.clone(),
            opt_in_msg("alpha-1", " ", Decimal::percent(10)),
            ContractError::EmptyConsumerKey,
        ),
        (
            a1.clone(),
            opt_in_msg("alpha-1", "k1", Decimal::percent(101)),
            ContractError::InvalidAllocation {
                allocation: Decimal::percent(101),
            },
        ),
        (
            a1.clone(),
            opt_in_msg("alpha-1", "k1", Decimal::zero()),
            ContractError::InvalidAllocation {
                allocation: Decimal::zero(),
            },
        ),
        (
            a1.clone(),
            ExecuteMsg::OptIn {
                chain_id: "alpha-1".into(),
                consumer_key: "k1".into(),
                allocation: Decimal::percent(10),
                commission_bps: 2_500,
            },
            ContractError::CommissionOutOfBounds {
                commission_bps: 2_500,
                min_bps: 0,
                max_bps: 2_000,
            },
        ),
        (
            suite.addr("alice"),
            opt_in_msg("alpha-1", "k9", Decimal::percent(10)),
            ContractError::NotAnOperator {
                sender: suite.addr("alice").to_string(),
            },
        ),
    ];
    for (sender, msg, expected) in cases {
        let err = suite.registry_execute(&sender, &msg).unwrap_err();
        assert_eq!(registry_error(err), expected);
    }
    assert_eq!(consumer(&suite, "alpha-1").operators, 1);
    assert!(operator(&suite, 1).opt_ins.is_empty());
}

#[test]
fn allocations_of_one_operator_are_capped_across_consumers() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);
    suite.admit_consumer("beta-1", 1);
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    suite
        .registry_execute(&account, &opt_in_msg("alpha-1", "ka", Decimal::percent(70)))
        .unwrap();
    // A pending increase already counts against the cap.
    let err = suite
        .registry_execute(&account, &opt_in_msg("beta-1", "kb", Decimal::percent(40)))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::AllocationCapExceeded {
            total: Decimal::percent(110),
            cap: Decimal::one()
        }
    );
    suite
        .registry_execute(&account, &opt_in_msg("beta-1", "kb", Decimal::percent(30)))
        .unwrap();
    assert_eq!(operator(&suite, 0).committed_allocation, Decimal::one());
    // A decrease still counts the old value until it takes effect.
    suite.advance(ALLOCATION_DELAY);
    suite
        .registry_execute(
            &account,
            &ExecuteMsg::SetAllocation {
                chain_id: "alpha-1".into(),
                allocation: Decimal::percent(50),
            },
        )
        .unwrap();
    let err = suite
        .registry_execute(
            &account,
            &ExecuteMsg::SetAllocation {
                chain_id: "beta-1".into(),
                allocation: Decimal::percent(40),
            },
        )
        .unwrap_err();
    assert!(matches!(
        registry_error(err),
        ContractError::AllocationCapExceeded { .. }
    ));
    suite.advance(CONSUMER_UNBONDING);
    suite
        .registry_execute(
            &account,
            &ExecuteMsg::SetAllocation {
                chain_id: "beta-1".into(),
                allocation: Decimal::percent(50),
            },
        )
        .unwrap();
}

#[test]
fn a_consumer_takes_at_most_its_maximum_of_operators() {
    let mut suite = SuiteBuilder::new().validators(&[1, 1, 1, 1]).build();
    suite.deploy_registry();
    suite.admit_consumer("alpha-1", 0);
    for i in 0..4 {
        suite.register_operator(i).unwrap();
    }
    for i in 0..3 {
        let account = suite.validator_account(i);
        suite
            .registry_execute(
                &account,
                &opt_in_msg("alpha-1", &format!("k{i}"), Decimal::percent(10)),
            )
            .unwrap();
    }
    let account = suite.validator_account(3);
    let err = suite
        .registry_execute(&account, &opt_in_msg("alpha-1", "k3", Decimal::percent(10)))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::TooManyOperators {
            chain_id: "alpha-1".into(),
            max: 3
        }
    );
}

#[test]
fn decreases_and_opt_outs_wait_the_consumer_unbonding_period_and_history_keeps_them() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    suite
        .registry_execute(
            &account,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(40)),
        )
        .unwrap();
    suite.advance(ALLOCATION_DELAY);
    let infraction = suite.app.block_info();

    suite.advance(DAY);
    let res = suite
        .registry_execute(
            &account,
            &ExecuteMsg::SetAllocation {
                chain_id: "alpha-1".into(),
                allocation: Decimal::percent(10),
            },
        )
        .unwrap();
    let decided = suite.app.block_info();
    assert_eq!(
        event_attr(&res, "decrease_allocation", "effective_at").unwrap(),
        decided
            .time
            .plus_seconds(CONSUMER_UNBONDING)
            .seconds()
            .to_string()
    );
    // Still slashable at the old allocation until the consumer's unbonding period has passed.
    assert_eq!(
        operator(&suite, 0).opt_ins[0].allocation,
        Decimal::percent(40)
    );
    suite.advance(CONSUMER_UNBONDING);
    assert_eq!(
        operator(&suite, 0).opt_ins[0].allocation,
        Decimal::percent(10)
    );

    // History: at the infraction's height and time the allocation was 40%; right after the
    // decision it was still 40%; after it took effect, 10%.
    let at = |suite: &Suite, height: u64, time: Timestamp| -> Option<OptInResponse> {
        suite
            .registry_query(&QueryMsg::OptInAt {
                validator: suite.validator(0),
                chain_id: "alpha-1".into(),
                height,
                time,
            })
            .unwrap()
    };
    assert_eq!(
        at(&suite, infraction.height + 1, infraction.time)
            .unwrap()
            .allocation,
        Decimal::percent(40)
    );
    assert_eq!(
        at(&suite, decided.height + 1, decided.time)
            .unwrap()
            .allocation,
        Decimal::percent(40)
    );
    let later = suite.app.block_info();
    assert_eq!(
        at(&suite, later.height, later.time).unwrap().allocation,
        Decimal::percent(10)
    );

    // Opting out frees the seat and the key once the unbonding period has passed.
    let res = suite
        .registry_execute(
            &account,
            &ExecuteMsg::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    assert_eq!(event_attr(&res, "opt_out", "to").unwrap(), "0");
    assert_eq!(
        consumer(&suite, "alpha-1").operators,
        1,
        "leaving, still counted"
    );
    suite.advance(CONSUMER_UNBONDING);
    suite.register_operator(1).unwrap();
    let other = suite.validator_account(1);
    // Anyone prunes the departed opt-in, freeing its seat; its key is reclaimed by a new opt-in.
    let anyone = suite.addr("anyone");
    let prune = ExecuteMsg::PruneOptIn {
        validator: suite.validator(0),
        chain_id: "alpha-1".into(),
    };
    let res = suite.registry_execute(&anyone, &prune).unwrap();
    assert!(event_attr(&res, "prune_opt_in", "validator").is_some());
    assert_eq!(consumer(&suite, "alpha-1").operators, 0);
    let err = suite.registry_execute(&anyone, &prune).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::NotOptedIn {
            validator: suite.validator(0),
            chain_id: "alpha-1".into()
        }
    );
    let err = suite
        .registry_execute(
            &account,
            &ExecuteMsg::SetAllocation {
                chain_id: "alpha-1".into(),
                allocation: Decimal::percent(5),
            },
        )
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::NotOptedIn {
            validator: suite.validator(0),
            chain_id: "alpha-1".into()
        }
    );
    suite
        .registry_execute(
            &other,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(20)),
        )
        .unwrap();
    // Before the opt-out took effect, history still shows the operator.
    assert!(at(&suite, later.height, later.time).is_some());
}

fn slash_msg(suite: &Suite, slash_id: u64, infraction: Infraction) -> ExecuteMsg {
    ExecuteMsg::Slash {
        slash_id,
        validator: suite.validator(0),
        chain_id: "alpha-1".into(),
        infraction,
        amount: Uint128::zero(),
        height: 1,
    }
}

#[test]
fn only_the_relay_executes_slashes_which_jail_or_tombstone() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    suite
        .registry_execute(
            &account,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(40)),
        )
        .unwrap();
    suite.advance(ALLOCATION_DELAY);
    let before = suite.app.block_info();

    let jail = slash_msg(&suite, 1, Infraction::Downtime);
    let err = suite.registry_owner_execute(&jail).unwrap_err();
    assert_eq!(registry_error(err), ContractError::NotRelay);

    let relay = suite.addr("relay");
    suite
        .registry_owner_execute(&ExecuteMsg::SetRelay {
            relay: relay.to_string(),
        })
        .unwrap();
    // The hub has not handed its operator set to this registry, so it refuses the slash and the
    // whole execution fails: no jail without the slash (the relay retries once linked).
    let err = suite.registry_execute(&relay, &jail).unwrap_err();
    assert!(
        err.root_cause().to_string().contains("only the registry"),
        "{err:?}"
    );
    assert_eq!(
        operator(&suite, 0).opt_ins[0].status,
        OperatorStatus::Active
    );
    let registry = suite.registry.clone().unwrap();
    suite
        .owner_execute(&palisade_api::hub::ExecuteMsg::SetRegistry {
            registry: Some(registry.to_string()),
        })
        .unwrap();

    let res = suite.registry_execute(&relay, &jail).unwrap();
    let until = before.time.plus_seconds(3_600);
    assert_eq!(event_attr(&res, "slash", "penalty").unwrap(), "jail");
    assert_eq!(
        event_attr(&res, "slash", "jailed_until").unwrap(),
        until.seconds().to_string()
    );
    assert_eq!(
        operator(&suite, 0).opt_ins[0].status,
        OperatorStatus::Jailed { until }
    );
    // The hub took the slash (nothing was staked on the operator here).
    assert_eq!(event_attr(&res, "consumer_slash", "slashed").unwrap(), "0");

    suite.advance(60);
    let res = suite
        .registry_execute(&relay, &slash_msg(&suite, 2, Infraction::DoubleSign))
        .unwrap();
    assert_eq!(event_attr(&res, "slash", "penalty").unwrap(), "tombstone");
    assert_eq!(event_attr(&res, "slash", "hub_updated").unwrap(), "true");
    assert!(operator(&suite, 0).tombstoned);
    let profile = operator(&suite, 0);
    assert_eq!(profile.opt_ins[0].status, OperatorStatus::Tombstoned);
    assert_eq!(profile.opt_ins[0].allocation, Decimal::zero());
    assert_eq!(
        consumer(&suite, "alpha-1").operators,
        0,
        "a tombstone takes no seat"
    );

    // Tombstoned for good on this consumer.
    suite.advance(CONSUMER_UNBONDING);
    let err = suite
        .registry_execute(
            &account,
            &opt_in_msg("alpha-1", "key-9", Decimal::percent(10)),
        )
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::Tombstoned {
            validator: suite.validator(0),
            chain_id: "alpha-1".into()
        }
    );
    let anyone = suite.addr("anyone");
    let err = suite
        .registry_execute(
            &anyone,
            &ExecuteMsg::PruneOptIn {
                validator: suite.validator(0),
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::Tombstoned {
            validator: suite.validator(0),
            chain_id: "alpha-1".into()
        }
    );
    // History before the tombstone still holds the allocation a slash is computed from.
    let past: Option<OptInResponse> = suite
        .registry_query(&QueryMsg::OptInAt {
            validator: suite.validator(0),
            chain_id: "alpha-1".into(),
            height: before.height + 1,
            time: before.time,
        })
        .unwrap();
    assert_eq!(past.unwrap().allocation, Decimal::percent(40));
}

#[test]
fn an_operator_opts_in_to_at_most_twenty_consumers() {
    let mut suite = suite();
    for n in 0..21u32 {
        suite
            .registry_owner_execute(&ExecuteMsg::ProposeConsumer {
                chain_id: format!("chain-{n}"),
                params: consumer_params(n),
            })
            .unwrap();
    }
    suite.advance(RISK_TIMELOCK);
    for n in 0..21u32 {
        suite
            .registry_owner_execute(&ExecuteMsg::ActivateConsumer {
                chain_id: format!("chain-{n}"),
            })
            .unwrap();
    }
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    for n in 0..20u32 {
        suite
            .registry_execute(
                &account,
                &opt_in_msg(&format!("chain-{n}"), "k", Decimal::percent(1)),
            )
            .unwrap();
    }
    let err = suite
        .registry_execute(&account, &opt_in_msg("chain-20", "k", Decimal::percent(1)))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::TooManyOptIns {
            validator: suite.validator(0),
            max: 20
        }
    );
    assert_eq!(operator(&suite, 0).opt_ins.len(), 20);
    assert_eq!(consumer(&suite, "chain-20").operators, 0);
}

#[test]
fn commission_cuts_apply_at_once_and_rises_wait_the_allocation_delay() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    suite
        .registry_execute(
            &account,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(40)),
        )
        .unwrap();
    let set = |commission_bps| ExecuteMsg::SetCommission {
        chain_id: "alpha-1".into(),
        commission_bps,
    };
    let opt_in = |suite: &Suite| operator(suite, 0).opt_ins[0].clone();

    // Outside the consumer's bounds (max 2,000 bps), from a stranger, on an unknown consumer.
    let err = suite.registry_execute(&account, &set(2_001)).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::CommissionOutOfBounds {
            commission_bps: 2_001,
            min_bps: 0,
            max_bps: 2_000,
        }
    );
    let stranger = suite.addr("stranger");
    let err = suite.registry_execute(&stranger, &set(500)).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::NotAnOperator {
            sender: stranger.to_string()
        }
    );
    let err = suite
        .registry_execute(
            &account,
            &ExecuteMsg::SetCommission {
                chain_id: "nowhere-1".into(),
                commission_bps: 500,
            },
        )
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::UnknownConsumer {
            chain_id: "nowhere-1".into()
        }
    );
    assert_eq!(opt_in(&suite).commission_bps, 1_000);

    // A rise waits the allocation delay and shows as pending meanwhile.
    let res = suite.registry_execute(&account, &set(1_500)).unwrap();
    let due = suite.app.block_info().time.plus_seconds(ALLOCATION_DELAY);
    assert_eq!(
        event_attr(&res, "set_commission", "effective_at").unwrap(),
        due.seconds().to_string()
    );
    let pending = opt_in(&suite);
    assert_eq!(pending.commission_bps, 1_000);
    assert_eq!(
        pending
            .pending_commission
            .as_ref()
            .map(|p| p.commission_bps),
        Some(1_500)
    );
    suite.advance(ALLOCATION_DELAY);
    let risen = opt_in(&suite);
    assert_eq!(risen.commission_bps, 1_500);
    assert!(risen.pending_commission.is_none());

    // A cut applies at once and drops a pending rise.
    suite.registry_execute(&account, &set(2_000)).unwrap();
    let res = suite.registry_execute(&account, &set(200)).unwrap();
    assert_eq!(event_attr(&res, "set_commission", "from").unwrap(), "1500");
    let cut = opt_in(&suite);
    assert_eq!(cut.commission_bps, 200);
    assert!(cut.pending_commission.is_none());
    suite.advance(ALLOCATION_DELAY);
    assert_eq!(opt_in(&suite).commission_bps, 200);
}
