//! Property test of power updates across chains: random sequences of stake and weight changes,
//! cranks, and a relayer that holds packets, delivers them in any order or lets them time out.
//! However the packets travel, once the relayer has delivered everything and the crank has run,
//! each consumer holds exactly the powers the relay last sent, and those are the registry's
//! current restaked powers; no power update is ever refused.

use cosmwasm_std::{Decimal, Uint128};
use palisade_api::consumer::{OperatorResponse as ConsumerOperator, QueryMsg as ConsumerQuery};
use palisade_api::ibc::OperatorPower;
use palisade_api::registry::{
    ConsumerOperatorResponse, ExecuteMsg as RegistryExecute, OperatorStatus,
    QueryMsg as RegistryQuery,
};
use palisade_api::relay::QueryMsg as RelayQuery;
use palisade_testing::ibc::SentPacket;
use palisade_testing::interchain::{Interchain, Outcome, Side};
use palisade_testing::{event_attr, SuiteBuilder, ALLOCATION_DELAY};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Deposit {
        amount: u128,
    },
    Reweight {
        validator: usize,
        weight: u64,
    },
    Crank {
        consumer: usize,
    },
    Deliver {
        pick: usize,
    },
    TimeOut {
        pick: usize,
    },
    Advance {
        minutes: u64,
    },
    /// An operator leaves a consumer (takes effect after the consumer's unbonding period).
    OptOut {
        slot: usize,
    },
    /// The consumer's channel closes and a new one opens (packets in flight time out).
    Reopen {
        consumer: usize,
    },
    /// Days pass: opt-outs take effect.
    AdvanceDays {
        days: u64,
    },
}

/// (operator, consumer) opt-ins of the world.
const SLOTS: [(usize, usize); 4] = [(0, 0), (1, 0), (1, 1), (2, 1)];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u128..5_000_000).prop_map(|amount| Op::Deposit { amount }),
        2 => (0..3usize, 1u64..5).prop_map(|(validator, weight)| Op::Reweight { validator, weight }),
        4 => (0..2usize).prop_map(|consumer| Op::Crank { consumer }),
        4 => any::<usize>().prop_map(|pick| Op::Deliver { pick }),
        1 => any::<usize>().prop_map(|pick| Op::TimeOut { pick }),
        2 => (1u64..90).prop_map(|minutes| Op::Advance { minutes }),
        2 => (0..4usize).prop_map(|slot| Op::OptOut { slot }),
        2 => (0..2usize).prop_map(|consumer| Op::Reopen { consumer }),
        2 => (1u64..9).prop_map(|days| Op::AdvanceDays { days }),
    ]
}

/// Three registered operators with stake; 0 and 1 opted in to alpha, 1 and 2 to beta; channels
/// open; nothing sent yet.
fn world() -> Interchain {
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .validators(&[1, 1, 1])
            .staker("alice", 1_000_000_000),
        &["alpha-1", "beta-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, 1_000_000).unwrap();
    }
    for (operator, consumer, percent) in [(0, 0, 50), (1, 0, 30), (1, 1, 40), (2, 1, 60)] {
        if consumer == 0 || operator == 2 {
            world.provider.register_operator(operator).ok();
        }
        let account = world.provider.validator_account(operator);
        let chain_id = world.consumers[consumer].chain_id.clone();
        world
            .provider
            .registry_execute(
                &account,
                &RegistryExecute::OptIn {
                    chain_id,
                    consumer_key: format!("key-{operator}-{consumer}"),
                    allocation: Decimal::percent(percent),
                    commission_bps: 1_000,
                },
            )
            .unwrap();
    }
    world.advance(ALLOCATION_DELAY);
    world.open_channel(0).unwrap();
    world.open_channel(1).unwrap();
    world
}

fn assert_no_refusal(outcome: &Outcome) {
    if let Outcome::Ack(cosmwasm_std::StdAck::Error(reason)) = outcome {
        panic!("a power update was refused: {reason}");
    }
}

/// Runs the crank for every consumer until it sends nothing, relaying everything in between.
fn settle(world: &mut Interchain) {
    for _ in 0..10 {
        let mut sent = false;
        for consumer in 0..2 {
            let res = world.send_power_updates(consumer).unwrap();
            sent |= event_attr(&res, "send_power_updates", "sent").as_deref() == Some("true");
        }
        for delivery in world.relay_all().unwrap() {
            assert_no_refusal(&delivery.outcome);
        }
        if !sent {
            return;
        }
    }
    panic!("the crank never settled");
}

fn check(world: &Interchain) {
    for consumer in 0..2 {
        let chain_id = world.consumers[consumer].chain_id.clone();
        let mut sent: Vec<OperatorPower> = world.relay_query(&RelayQuery::SentPowers {
            chain_id: chain_id.clone(),
            start_after: None,
            limit: None,
        });
        sent.retain(|p| !p.power.is_zero());
        let truth: Vec<ConsumerOperatorResponse> = world
            .provider
            .registry_query(&RegistryQuery::ConsumerOperators {
                chain_id,
                start_after: None,
                limit: None,
            })
            .unwrap();
        let expected: Vec<OperatorPower> = truth
            .into_iter()
            .filter(|o| o.opt_in.status == OperatorStatus::Active && !o.restaked_power.is_zero())
            .map(|o| OperatorPower {
                operator: o.opt_in.validator,
                consumer_key: o.opt_in.consumer_key,
                power: o.restaked_power,
            })
            .collect();
        assert_eq!(sent, expected, "the relay sent the registry's powers");
        let held: Vec<ConsumerOperator> =
            world.consumers[consumer].query(&ConsumerQuery::Operators {
                start_after: None,
                limit: Some(30),
            });
        let held: Vec<OperatorPower> = held
            .into_iter()
            .filter(|o| !o.power.is_zero())
            .map(|o| OperatorPower {
                operator: o.operator,
                consumer_key: o.consumer_key,
                power: o.power,
            })
            .collect();
        assert_eq!(held, expected, "the consumer holds what the relay sent");
        let total: Uint128 = expected.iter().map(|p| p.power).sum();
        let summary: palisade_api::consumer::PowerSummaryResponse =
            world.consumers[consumer].query(&ConsumerQuery::PowerSummary {});
        assert_eq!(summary.total_power, total);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: palisade_testing::proptest_cases(128), ..ProptestConfig::default() })]

    #[test]
    fn consumers_end_up_with_exactly_the_registrys_powers(ops in prop::collection::vec(op(), 1..40)) {
        let mut world = world();
        let alice = world.provider.addr("alice");
        let mut held: Vec<(Side, SentPacket)> = Vec::new();
        for op in ops {
            match op {
                Op::Deposit { amount } => {
                    world.provider.deposit(&alice, amount).unwrap();
                }
                Op::Reweight { validator, weight } => {
                    let validator = world.provider.validator(validator);
                    world
                        .provider
                        .registry_owner_execute(&RegistryExecute::SetHubWeight { validator, weight })
                        .unwrap();
                }
                Op::Crank { consumer } => {
                    world.send_power_updates(consumer).unwrap();
                }
                Op::Deliver { pick } if !held.is_empty() => {
                    let (side, packet) = held.remove(pick % held.len());
                    let delivery = world.deliver(side, packet).unwrap();
                    assert_no_refusal(&delivery.outcome);
                }
                Op::TimeOut { pick } if !held.is_empty() => {
                    let (side, packet) = held.remove(pick % held.len());
                    world.time_out(side, packet).unwrap();
                }
                Op::Advance { minutes } => world.advance(minutes * 60),
                Op::AdvanceDays { days } => world.advance(days * 24 * 3_600),
                Op::OptOut { slot } => {
                    let (operator, consumer) = SLOTS[slot];
                    let account = world.provider.validator_account(operator);
                    let chain_id = world.consumers[consumer].chain_id.clone();
                    // Refused when already left: fine, nothing changes.
                    let _ = world
                        .provider
                        .registry_execute(&account, &RegistryExecute::OptOut { chain_id });
                }
                Op::Reopen { consumer } => {
                    world.close_channel(consumer).unwrap();
                    // What was in flight on the old channel times out.
                    let (stale, kept): (Vec<_>, Vec<_>) = held.drain(..).partition(|(side, p)| {
                        let pair = world.consumers[consumer].closed_channels.last().unwrap();
                        match side {
                            Side::Provider => p.channel_id == pair.provider,
                            Side::Consumer(i) => *i == consumer && p.channel_id == pair.consumer,
                        }
                    });
                    held = kept;
                    for (side, packet) in stale {
                        world.time_out(side, packet).unwrap();
                    }
                    world.open_channel(consumer).unwrap();
                }
                Op::Deliver { .. } | Op::TimeOut { .. } => {}
            }
            held.extend(world.take_packets());
        }
        // The relayer delivers whatever it still holds (late: some time out), then the crank
        // runs until nothing changes.
        for (side, packet) in held.drain(..) {
            let delivery = world.deliver(side, packet).unwrap();
            assert_no_refusal(&delivery.outcome);
        }
        settle(&mut world);
        check(&world);
    }
}
