//! The registry's consumers: the lifecycle and its events, governance only, parameters and their
//! timelocks, reward denoms and connections owned by one consumer. Operators are in
//! `registry_operators.rs`; the helpers below serve both.

use cosmwasm_std::Decimal;
use palisade_api::registry::{
    ConsumerResponse, ConsumerStatus, ExecuteMsg, OperatorResponse, QueryMsg,
};
use palisade_registry::ContractError;
use palisade_testing::{consumer_params, event_attr, Suite, SuiteBuilder, DAY, RISK_TIMELOCK};

pub(super) fn registry_error(err: anyhow::Error) -> ContractError {
    err.downcast::<ContractError>()
        .unwrap_or_else(|e| panic!("not a registry ContractError: {e:?}"))
}

pub(super) fn suite() -> Suite {
    let mut suite = SuiteBuilder::new().validators(&[1, 1, 1]).build();
    suite.deploy_registry();
    suite
}

pub(super) fn consumer(suite: &Suite, chain_id: &str) -> ConsumerResponse {
    suite
        .registry_query(&QueryMsg::Consumer {
            chain_id: chain_id.into(),
        })
        .unwrap()
}

pub(super) fn opt_in_msg(chain_id: &str, key: &str, allocation: Decimal) -> ExecuteMsg {
    ExecuteMsg::OptIn {
        chain_id: chain_id.into(),
        consumer_key: key.into(),
        allocation,
        commission_bps: 1_000,
    }
}

pub(super) fn operator(suite: &Suite, index: usize) -> OperatorResponse {
    suite
        .registry_query(&QueryMsg::Operator {
            validator: suite.validator(index),
        })
        .unwrap()
}

#[test]
fn consumer_lifecycle_follows_its_state_machine_with_events() {
    let mut suite = suite();
    let res = suite
        .registry_owner_execute(&ExecuteMsg::ProposeConsumer {
            chain_id: "alpha-1".into(),
            params: consumer_params(0),
        })
        .unwrap();
    let until = suite.app.block_info().time.plus_seconds(RISK_TIMELOCK);
    assert_eq!(
        event_attr(&res, "propose_consumer", "activatable_at").unwrap(),
        until.seconds().to_string()
    );
    assert_eq!(consumer(&suite, "alpha-1").status, ConsumerStatus::Proposed);

    // Admission raises risk: it waits for the timelock.
    let activate = ExecuteMsg::ActivateConsumer {
        chain_id: "alpha-1".into(),
    };
    let err = suite.registry_owner_execute(&activate).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::TimelockNotElapsed { until }
    );
    suite.advance(RISK_TIMELOCK);
    let res = suite.registry_owner_execute(&activate).unwrap();
    assert_eq!(
        event_attr(&res, "activate_consumer", "to").unwrap(),
        "active"
    );

    let steps = [
        (
            ExecuteMsg::PauseConsumer {
                chain_id: "alpha-1".into(),
            },
            "pause_consumer",
            ConsumerStatus::Paused,
        ),
        (
            ExecuteMsg::ResumeConsumer {
                chain_id: "alpha-1".into(),
            },
            "resume_consumer",
            ConsumerStatus::Active,
        ),
        (
            ExecuteMsg::RemoveConsumer {
                chain_id: "alpha-1".into(),
            },
            "remove_consumer",
            ConsumerStatus::Removed,
        ),
    ];
    for (msg, action, status) in steps {
        let res = suite.registry_owner_execute(&msg).unwrap();
        assert!(
            event_attr(&res, action, "to").is_some(),
            "{action} emits its event"
        );
        assert_eq!(consumer(&suite, "alpha-1").status, status);
    }

    // Removed is final; other illegal steps are refused and change nothing.
    for msg in [
        ExecuteMsg::ActivateConsumer {
            chain_id: "alpha-1".into(),
        },
        ExecuteMsg::ResumeConsumer {
            chain_id: "alpha-1".into(),
        },
        ExecuteMsg::RemoveConsumer {
            chain_id: "alpha-1".into(),
        },
    ] {
        let err = suite.registry_owner_execute(&msg).unwrap_err();
        assert!(matches!(
            registry_error(err),
            ContractError::InvalidTransition { .. }
        ));
    }
    assert_eq!(consumer(&suite, "alpha-1").status, ConsumerStatus::Removed);
    let err = suite
        .registry_owner_execute(&ExecuteMsg::ProposeConsumer {
            chain_id: "alpha-1".into(),
            params: consumer_params(0),
        })
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::DuplicateConsumer {
            chain_id: "alpha-1".into()
        }
    );
}

#[test]
fn only_the_owner_governs_consumers() {
    let mut suite = suite();
    let alice = suite.addr("alice");
    let err = suite
        .registry_execute(
            &alice,
            &ExecuteMsg::ProposeConsumer {
                chain_id: "alpha-1".into(),
                params: consumer_params(0),
            },
        )
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    suite.admit_consumer("alpha-1", 0);
    for msg in [
        ExecuteMsg::PauseConsumer {
            chain_id: "alpha-1".into(),
        },
        ExecuteMsg::RemoveConsumer {
            chain_id: "alpha-1".into(),
        },
        ExecuteMsg::UpdateConsumerParams {
            chain_id: "alpha-1".into(),
            params: consumer_params(0),
        },
        ExecuteMsg::SetRelay {
            relay: alice.to_string(),
        },
    ] {
        let err = suite.registry_execute(&alice, &msg).unwrap_err();
        assert_eq!(
            registry_error(err),
            ContractError::Ownership(cw_ownable::OwnershipError::NotOwner)
        );
    }
    assert_eq!(consumer(&suite, "alpha-1").status, ConsumerStatus::Active);
}

#[test]
fn consumer_unbonding_may_not_exceed_the_hub_withdrawal_delay() {
    let mut suite = suite();
    let mut params = consumer_params(0);
    params.unbonding_period = 12 * DAY;
    let err = suite
        .registry_owner_execute(&ExecuteMsg::ProposeConsumer {
            chain_id: "alpha-1".into(),
            params,
        })
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::UnbondingLongerThanWithdrawalDelay {
            unbonding_period: 12 * DAY,
            withdrawal_delay: palisade_testing::WITHDRAWAL_DELAY
        }
    );
    let consumers: Vec<ConsumerResponse> = suite
        .registry_query(&QueryMsg::Consumers {
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert!(consumers.is_empty());
}

#[test]
fn invalid_consumer_parameters_are_refused() {
    let mut suite = suite();
    let cases: Vec<fn(&mut palisade_api::registry::ConsumerParams)> = vec![
        |p| p.connection_id = "conn-0".into(),
        |p| p.counterparty_port = "".into(),
        |p| p.double_sign_fraction = Decimal::percent(101),
        |p| p.slash_rate_limit.max_fraction = Decimal::zero(),
        |p| p.slash_rate_limit.window = 0,
        |p| p.commission_bounds.min_bps = 3_000,
        |p| p.max_operators = 0,
        |p| p.reward_denoms = vec!["a".into(), "a".into()],
        |p| p.reward_denoms = (0..6).map(|i| format!("d{i}")).collect(),
        |p| p.unbonding_period = 0,
        |p| p.downtime_jail = 365 * DAY + 1,
    ];
    for (i, change) in cases.into_iter().enumerate() {
        let mut params = consumer_params(0);
        change(&mut params);
        let err = suite
            .registry_owner_execute(&ExecuteMsg::ProposeConsumer {
                chain_id: "alpha-1".into(),
                params,
            })
            .unwrap_err();
        assert!(
            matches!(
                registry_error(err),
                ContractError::InvalidConsumerParams { .. }
            ),
            "case {i}"
        );
    }
}

#[test]
fn lowering_risk_applies_at_once_and_raising_it_waits() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);

    let mut lower = consumer_params(0);
    lower.double_sign_fraction = Decimal::percent(2);
    let res = suite
        .registry_owner_execute(&ExecuteMsg::UpdateConsumerParams {
            chain_id: "alpha-1".into(),
            params: lower.clone(),
        })
        .unwrap();
    assert_eq!(
        event_attr(&res, "update_consumer_params", "applied").unwrap(),
        "true"
    );
    assert_eq!(consumer(&suite, "alpha-1").params, lower);

    let mut higher = lower.clone();
    higher.double_sign_fraction = Decimal::percent(10);
    let res = suite
        .registry_owner_execute(&ExecuteMsg::UpdateConsumerParams {
            chain_id: "alpha-1".into(),
            params: higher.clone(),
        })
        .unwrap();
    assert_eq!(
        event_attr(&res, "update_consumer_params", "applied").unwrap(),
        "false"
    );
    let c = consumer(&suite, "alpha-1");
    assert_eq!(c.params, lower, "still in force");
    let pending = c.pending.unwrap();
    assert_eq!(pending.params, higher);
    let until = pending.effective_at;

    let apply = ExecuteMsg::ApplyConsumerParams {
        chain_id: "alpha-1".into(),
    };
    let anyone = suite.addr("anyone");
    let err = suite.registry_execute(&anyone, &apply).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::TimelockNotElapsed { until }
    );
    suite.advance(RISK_TIMELOCK);
    suite.registry_execute(&anyone, &apply).unwrap();
    let c = consumer(&suite, "alpha-1");
    assert_eq!(c.params, higher);
    assert!(c.pending.is_none());
    let err = suite.registry_execute(&anyone, &apply).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::NoPendingParams {
            chain_id: "alpha-1".into()
        }
    );
}

#[test]
fn registry_parameters_that_raise_risk_wait_the_timelock() {
    let mut suite = suite();
    let config = |suite: &Suite| -> palisade_api::registry::ConfigResponse {
        suite.registry_query(&QueryMsg::Config {}).unwrap()
    };
    let start = config(&suite).params;

    // A longer allocation delay lowers risk: at once.
    let mut lower = start.clone();
    lower.allocation_delay += DAY;
    let res = suite
        .registry_owner_execute(&ExecuteMsg::UpdateParams(lower.clone()))
        .unwrap();
    assert_eq!(
        event_attr(&res, "update_params", "applied").unwrap(),
        "true"
    );
    assert_eq!(config(&suite).params, lower);

    // A higher allocation cap raises it: it waits the current timelock, even if the update also
    // shortens the timelock itself.
    let mut higher = lower.clone();
    higher.max_total_allocation = Decimal::percent(200);
    higher.risk_timelock = 60;
    let res = suite
        .registry_owner_execute(&ExecuteMsg::UpdateParams(higher.clone()))
        .unwrap();
    assert_eq!(
        event_attr(&res, "update_params", "applied").unwrap(),
        "false"
    );
    let pending = config(&suite).pending_params.unwrap();
    assert_eq!(pending.params, higher);
    assert_eq!(
        pending.effective_at,
        suite.app.block_info().time.plus_seconds(RISK_TIMELOCK)
    );
    assert_eq!(config(&suite).params, lower, "still in force");

    let anyone = suite.addr("anyone");
    let err = suite
        .registry_execute(&anyone, &ExecuteMsg::ApplyParams {})
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::TimelockNotElapsed {
            until: pending.effective_at
        }
    );
    let err = suite
        .registry_execute(&anyone, &ExecuteMsg::UpdateParams(start.clone()))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    suite.advance(RISK_TIMELOCK);
    suite
        .registry_execute(&anyone, &ExecuteMsg::ApplyParams {})
        .unwrap();
    assert_eq!(config(&suite).params, higher);
    assert!(config(&suite).pending_params.is_none());
    let err = suite
        .registry_execute(&anyone, &ExecuteMsg::ApplyParams {})
        .unwrap_err();
    assert_eq!(registry_error(err), ContractError::NoPendingRegistryParams);
}

#[test]
fn other_bad_input_is_refused_and_changes_nothing() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 0);
    suite.register_operator(0).unwrap();
    let account = suite.validator_account(0);
    suite
        .registry_execute(
            &account,
            &opt_in_msg("alpha-1", "key-0", Decimal::percent(10)),
        )
        .unwrap();
    let config_before: palisade_api::registry::ConfigResponse =
        suite.registry_query(&QueryMsg::Config {}).unwrap();

    // Invalid registry parameters.
    for params in [
        palisade_api::registry::RegistryParams {
            max_total_allocation: Decimal::zero(),
            ..config_before.params.clone()
        },
        palisade_api::registry::RegistryParams {
            max_commission_bps: 10_001,
            ..config_before.params.clone()
        },
    ] {
        let err = suite
            .registry_owner_execute(&ExecuteMsg::UpdateParams(params))
            .unwrap_err();
        assert!(matches!(
            registry_error(err),
            ContractError::InvalidParams { .. }
        ));
    }
    // Unknown consumers.
    let err = suite
        .registry_owner_execute(&ExecuteMsg::ActivateConsumer {
            chain_id: "nope-1".into(),
        })
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::UnknownConsumer {
            chain_id: "nope-1".into()
        }
    );
    let err = suite
        .registry_execute(&account, &opt_in_msg("nope-1", "k", Decimal::percent(10)))
        .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::UnknownConsumer {
            chain_id: "nope-1".into()
        }
    );
    // Pruning an opt-in that has not ended.
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
        ContractError::StillOptedIn {
            validator: suite.validator(0),
            chain_id: "alpha-1".into()
        }
    );
    // Funds on any message.
    let registry = suite.registry.clone().unwrap();
    suite.mint_bond(&anyone, 10);
    let err = cw_multi_test::Executor::execute_contract(
        &mut suite.app,
        anyone.clone(),
        registry,
        &ExecuteMsg::ApplyParams {},
        &cosmwasm_std::coins(10, palisade_testing::DENOM),
    )
    .unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::Payment(cw_utils::PaymentError::NonPayable {})
    );
    assert_eq!(suite.balance(&anyone), 10);

    let config_after: palisade_api::registry::ConfigResponse =
        suite.registry_query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config_after, config_before);
    assert_eq!(consumer(&suite, "alpha-1").operators, 1);
    assert_eq!(operator(&suite, 0).opt_ins.len(), 1);
}

#[test]
fn a_reward_denom_belongs_to_one_consumer() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 1);
    let taken = |chain_id: &str| ContractError::RewardDenomTaken {
        denom: "ibc/CONSUMER1".into(),
        chain_id: chain_id.into(),
    };
    // A new consumer paying in alpha's denom is refused.
    let mut beta = consumer_params(2);
    beta.reward_denoms.push("ibc/CONSUMER1".into());
    let propose = ExecuteMsg::ProposeConsumer {
        chain_id: "beta-1".into(),
        params: beta.clone(),
    };
    let err = suite.registry_owner_execute(&propose).unwrap_err();
    assert_eq!(registry_error(err), taken("alpha-1"));
    // So is adding it to an existing consumer's denoms.
    beta.reward_denoms.pop();
    suite
        .registry_owner_execute(&ExecuteMsg::ProposeConsumer {
            chain_id: "beta-1".into(),
            params: beta.clone(),
        })
        .unwrap();
    let mut grabbing = beta.clone();
    grabbing.reward_denoms.push("ibc/CONSUMER1".into());
    let err = suite
        .registry_owner_execute(&ExecuteMsg::UpdateConsumerParams {
            chain_id: "beta-1".into(),
            params: grabbing.clone(),
        })
        .unwrap_err();
    assert_eq!(registry_error(err), taken("alpha-1"));
    assert_eq!(
        consumer(&suite, "beta-1").params.reward_denoms,
        vec!["ibc/CONSUMER2".to_string()]
    );
    // Once alpha is removed, its denom is free.
    suite
        .registry_owner_execute(&ExecuteMsg::RemoveConsumer {
            chain_id: "alpha-1".into(),
        })
        .unwrap();
    suite
        .registry_owner_execute(&ExecuteMsg::UpdateConsumerParams {
            chain_id: "beta-1".into(),
            params: grabbing,
        })
        .unwrap();
    assert_eq!(
        consumer(&suite, "beta-1").params.reward_denoms,
        vec!["ibc/CONSUMER2".to_string(), "ibc/CONSUMER1".to_string()]
    );
}

#[test]
fn a_connection_belongs_to_one_consumer() {
    let mut suite = suite();
    suite.admit_consumer("alpha-1", 1);
    let alpha_connection = consumer(&suite, "alpha-1").params.connection_id;
    // A second consumer on alpha's connection could never open its channel: the relay finds a
    // channel's consumer by its connection.
    let mut beta = consumer_params(2);
    beta.connection_id = alpha_connection.clone();
    let propose = ExecuteMsg::ProposeConsumer {
        chain_id: "beta-1".into(),
        params: beta.clone(),
    };
    let err = suite.registry_owner_execute(&propose).unwrap_err();
    assert_eq!(
        registry_error(err),
        ContractError::ConnectionTaken {
            connection_id: alpha_connection.clone(),
            chain_id: "alpha-1".into(),
        }
    );
    assert!(suite
        .registry_query::<palisade_api::registry::ConsumerResponse>(
            &palisade_api::registry::QueryMsg::Consumer {
                chain_id: "beta-1".into()
            }
        )
        .is_err());
    // Once alpha is removed, its connection is free.
    suite
        .registry_owner_execute(&ExecuteMsg::RemoveConsumer {
            chain_id: "alpha-1".into(),
        })
        .unwrap();
    suite.registry_owner_execute(&propose).unwrap();
    assert_eq!(
        consumer(&suite, "beta-1").params.connection_id,
        alpha_connection
    );
}
