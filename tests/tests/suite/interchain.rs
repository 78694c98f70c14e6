//! `palisade-1` across chains: a provider (hub, LRT, registry, relay) and two consumer chains,
//! with a relayer delivering packets, acknowledgements and timeouts through the contracts' real
//! IBC entry points. Channel handshakes and their refusals, power updates (in and out of order,
//! after a timeout), and slash requests from report to pending slash (amounts, refusals, veto,
//! rate limit).

use cosmwasm_std::{Decimal, IbcOrder, Uint128};
use palisade_api::consumer::{
    ExecuteMsg as ConsumerExecute, InfractionReport, OperatorResponse as ConsumerOperator,
    OutboxEntryResponse, OutboxStatus, PowerSummaryResponse, QueryMsg as ConsumerQuery,
};
use palisade_api::ibc::{
    ConsumerPacket, Infraction, OperatorPower, PowerUpdateAck, ProviderPacket, SlashRequestAck,
    SlashStatus, PROTOCOL_VERSION,
};
use palisade_api::registry::ExecuteMsg as RegistryExecute;
use palisade_api::relay::{
    ChannelResponse, ChannelStatus, QueryMsg as RelayQuery, UpdateResponse, UpdateStatus,
};
use palisade_api::slash_book::{
    ExecuteMsg as BookExecute, ExposureResponse, QueryMsg as BookQuery, SlashResponse,
};
use palisade_testing::interchain::{consumer_key, Interchain, Outcome, Side};
use palisade_testing::{
    event_attr, SuiteBuilder, ALLOCATION_DELAY, CONSUMER_UNBONDING, DAY, RISK_TIMELOCK,
};

const ALPHA: usize = 0;
const BETA: usize = 1;
/// Each of the three operators holds this much of the hub's stake.
const STAKE: u128 = 1_000_000;

/// Three operators with `STAKE` each; operator 0 opted in to alpha at 50%, operator 1 to alpha at
/// 30% and to beta at 40%; allocations in force; both channels open.
fn world() -> Interchain {
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .validators(&[1, 1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1", "beta-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for operator in 0..3 {
        world.provider.register_operator(operator).unwrap();
    }
    world.opt_in(0, ALPHA, Decimal::percent(50));
    world.opt_in(1, ALPHA, Decimal::percent(30));
    world.opt_in(1, BETA, Decimal::percent(40));
    world.advance(ALLOCATION_DELAY);
    world.open_channel(ALPHA).unwrap();
    world.open_channel(BETA).unwrap();
    world
}

fn consumer_operator(world: &Interchain, consumer: usize, operator: usize) -> ConsumerOperator {
    let valoper = world.provider.validator(operator);
    world.consumers[consumer].query(&ConsumerQuery::Operator { operator: valoper })
}

fn summary(world: &Interchain, consumer: usize) -> PowerSummaryResponse {
    world.consumers[consumer].query(&ConsumerQuery::PowerSummary {})
}

fn channel(world: &Interchain, consumer: usize) -> ChannelResponse {
    let chain_id = world.consumers[consumer].chain_id.clone();
    world.relay_query(&RelayQuery::Channel { chain_id })
}

fn slash(world: &Interchain, slash_id: u64) -> SlashResponse {
    world.book_query(&BookQuery::Slash { slash_id })
}

fn report(
    world: &mut Interchain,
    consumer: usize,
    operator: usize,
    infraction: Infraction,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    let k = consumer_key(operator, consumer);
    world.consumers[consumer].report_now(&k, infraction)
}

fn outbox(world: &Interchain, consumer: usize, request_id: u64) -> OutboxEntryResponse {
    world.consumers[consumer].query(&ConsumerQuery::SlashRequest { request_id })
}

// --- channel ---------------------------------------------------------------------------------

#[test]
fn the_channel_opens_once_per_active_consumer_with_the_protocol_version() {
    let mut world = Interchain::new(SuiteBuilder::new(), &["alpha-1", "beta-1"]);
    // Wrong version and wrong order are refused at the first step (the consumer's OpenInit).
    assert!(world
        .open_channel_with(ALPHA, IbcOrder::Unordered, "palisade-2")
        .is_err());
    assert!(world
        .open_channel_with(ALPHA, IbcOrder::Ordered, PROTOCOL_VERSION)
        .is_err());
    let pair = world.open_channel(ALPHA).unwrap();
    let open = channel(&world, ALPHA);
    assert_eq!(open.status, ChannelStatus::Open);
    assert_eq!(open.channel_id, pair.provider);
    let consumer_side: Option<palisade_api::consumer::ChannelResponse> =
        world.consumers[ALPHA].query(&ConsumerQuery::Channel {});
    assert_eq!(consumer_side.unwrap().channel_id, pair.consumer);

    // A second channel while one is open is refused (the consumer refuses first; the relay too,
    // checked below with a consumer whose contract was reset).
    let err = world.open_channel(ALPHA).unwrap_err();
    assert!(
        format!("{err:#}").to_lowercase().contains("open"),
        "{err:#}"
    );
    assert_eq!(channel(&world, ALPHA).channel_id, pair.provider);

    // After a close the consumer is disconnected and may open a new channel.
    world.close_channel(ALPHA).unwrap();
    assert_eq!(channel(&world, ALPHA).status, ChannelStatus::Closed);
    let again = world.open_channel(ALPHA).unwrap();
    assert_ne!(again.provider, pair.provider);
    assert_eq!(channel(&world, ALPHA).status, ChannelStatus::Open);
}

#[test]
fn the_relay_refuses_unknown_connections_wrong_ports_and_inactive_consumers() {
    let mut world = Interchain::new(SuiteBuilder::new(), &["alpha-1", "beta-1"]);
    // Wrong connection: the consumer comes through a connection no consumer registered.
    world.consumers[ALPHA].provider_connection = "connection-99".into();
    let err = world.open_channel(ALPHA).unwrap_err();
    assert!(format!("{err:#}").contains("connection-99"), "{err:#}");
    world.consumers[ALPHA].provider_connection = "connection-1".into();
    let none: Result<ChannelResponse, _> = world.provider.app.wrap().query_wasm_smart(
        &world.relay,
        &RelayQuery::Channel {
            chain_id: "alpha-1".into(),
        },
    );
    assert!(none.is_err(), "no channel recorded");

    // Wrong port: governance registered another port for beta (a port change waits the
    // timelock).
    let mut params = palisade_testing::consumer_params(2);
    params.connection_id = world.consumers[BETA].provider_connection.clone();
    params.counterparty_port = "wasm.somebody-else".into();
    world
        .provider
        .registry_owner_execute(&RegistryExecute::UpdateConsumerParams {
            chain_id: "beta-1".into(),
            params,
        })
        .unwrap();
    world.advance(RISK_TIMELOCK);
    world
        .provider
        .registry_owner_execute(&RegistryExecute::ApplyConsumerParams {
            chain_id: "beta-1".into(),
        })
        .unwrap();
    let err = world.open_channel(BETA).unwrap_err();
    assert!(format!("{err:#}").contains("wasm.somebody-else"), "{err:#}");

    // Inactive: a paused consumer cannot open a channel.
    world
        .provider
        .registry_owner_execute(&RegistryExecute::PauseConsumer {
            chain_id: "alpha-1".into(),
        })
        .unwrap();
    let err = world.open_channel(ALPHA).unwrap_err();
    assert!(
        format!("{err:#}").to_lowercase().contains("active"),
        "{err:#}"
    );
}

// --- power updates ---------------------------------------------------------------------------

#[test]
fn power_updates_carry_stake_times_allocation_to_each_consumer() {
    let mut world = world();
    let res = world.send_power_updates(ALPHA).unwrap();
    assert_eq!(
        event_attr(&res, "send_power_updates", "update_id").unwrap(),
        "1"
    );
    let delivered = world.relay_all().unwrap();
    assert_eq!(delivered.len(), 1);
    let ProviderPacket::PowerUpdate {
        update_id,
        mut powers,
        removed,
    } = delivered[0].packet();
    assert_eq!(update_id, 1);
    assert!(removed.is_empty());
    powers.sort_by_key(|p| p.power);
    assert_eq!(
        powers,
        vec![
            OperatorPower {
                operator: world.provider.validator(1),
                consumer_key: consumer_key(1, ALPHA),
                power: Uint128::new(STAKE * 30 / 100),
            },
            OperatorPower {
                operator: world.provider.validator(0),
                consumer_key: consumer_key(0, ALPHA),
                power: Uint128::new(STAKE * 50 / 100),
            },
        ]
    );
    let ack: PowerUpdateAck = delivered[0].result();
    // Applied in the consumer's current block, which the relay keeps to place evidence.
    let consumer_block = world.consumers[ALPHA].app.block_info();
    assert_eq!(
        ack,
        PowerUpdateAck {
            update_id: 1,
            applied: 2,
            height: Some(consumer_block.height),
            time: Some(consumer_block.time),
        }
    );
    assert_eq!(consumer_operator(&world, ALPHA, 0).power.u128(), STAKE / 2);
    assert_eq!(summary(&world, ALPHA).total_power.u128(), STAKE * 80 / 100);
    assert_eq!(summary(&world, ALPHA).last_update_id, 1);
    let update: UpdateResponse = world.relay_query(&RelayQuery::Update {
        chain_id: "alpha-1".into(),
        update_id: 1,
    });
    assert_eq!(update.status, UpdateStatus::Delivered);
    assert_eq!(channel(&world, ALPHA).total_power.u128(), STAKE * 80 / 100);

    // Beta only sees operator 1, at its own allocation.
    world.sync_powers(BETA);
    assert_eq!(summary(&world, BETA).total_power.u128(), STAKE * 40 / 100);

    // Nothing changed: no packet.
    let res = world.send_power_updates(ALPHA).unwrap();
    assert_eq!(
        event_attr(&res, "send_power_updates", "sent").unwrap(),
        "false"
    );
    assert!(world.take_packets().is_empty());

    // Operator 0 opts out of alpha: after the consumer's unbonding period its power goes to 0 and
    // the consumer is told to remove it.
    let account = world.provider.validator_account(0);
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    world.advance(CONSUMER_UNBONDING);
    world.send_power_updates(ALPHA).unwrap();
    let delivered = world.relay_all().unwrap();
    let ProviderPacket::PowerUpdate { removed, .. } = delivered[0].packet();
    assert_eq!(removed, vec![world.provider.validator(0)]);
    assert_eq!(consumer_operator(&world, ALPHA, 0).power, Uint128::zero());
    assert_eq!(summary(&world, ALPHA).total_power.u128(), STAKE * 30 / 100);
}

#[test]
fn out_of_order_updates_never_go_backwards_and_timeouts_are_resent_as_the_latest_state() {
    let mut world = world();
    // Update 1 is sent but held back by the relayer.
    world.send_power_updates(ALPHA).unwrap();
    let first = world.take_packets();
    assert_eq!(first.len(), 1);
    // Governance raises operator 0's weight, so the next deposits land on it; update 2 carries
    // its new power.
    let v0 = world.provider.validator(0);
    world
        .provider
        .registry_owner_execute(&RegistryExecute::SetHubWeight {
            validator: v0,
            weight: 3,
        })
        .unwrap();
    let alice = world.provider.addr("alice");
    world.provider.deposit(&alice, STAKE).unwrap();
    world.advance(60);
    world.send_power_updates(ALPHA).unwrap();
    let second = world.take_packets();
    assert_eq!(second.len(), 1);
    let ProviderPacket::PowerUpdate { powers, .. } =
        cosmwasm_std::from_json(&second[0].1.data).unwrap();
    let grown = powers
        .iter()
        .find(|p| p.operator == world.provider.validator(0))
        .expect("operator 0 changed")
        .power;
    assert!(grown.u128() > STAKE / 2);

    // Update 2 arrives first, then update 1: operator 0 keeps update 2's power.
    let (side, packet) = second.into_iter().next().unwrap();
    world.deliver(side, packet).unwrap();
    let (side, packet) = first.into_iter().next().unwrap();
    let late = world.deliver(side, packet).unwrap();
    let ack: PowerUpdateAck = late.result();
    assert_eq!(ack.update_id, 1);
    let op0 = consumer_operator(&world, ALPHA, 0);
    assert_eq!((op0.power, op0.update_id), (grown, 2));
    // Operator 1 was only in update 1: applied even though it arrived last.
    assert_eq!(
        consumer_operator(&world, ALPHA, 1).power.u128(),
        STAKE * 30 / 100
    );

    // A timed-out update is re-sent at once as the latest state, with a new id.
    world.provider.deposit(&alice, STAKE).unwrap();
    world.advance(60);
    world.send_power_updates(ALPHA).unwrap();
    let held = world.take_packets();
    let (side, packet) = held.into_iter().next().unwrap();
    let timeout = world.time_out(side, packet).unwrap();
    assert_eq!(timeout.outcome, Outcome::Timeout);
    let failed: UpdateResponse = world.relay_query(&RelayQuery::Update {
        chain_id: "alpha-1".into(),
        update_id: 3,
    });
    assert_eq!(failed.status, UpdateStatus::Failed);
    let resent = world.relay_all().unwrap();
    assert_eq!(resent.len(), 1);
    let ProviderPacket::PowerUpdate { update_id, .. } = resent[0].packet();
    assert_eq!(update_id, 4);
    let sent: Vec<OperatorPower> = world.relay_query(&RelayQuery::SentPowers {
        chain_id: "alpha-1".into(),
        start_after: None,
        limit: None,
    });
    for power in sent {
        let on_consumer =
            world.consumers[ALPHA].query::<ConsumerOperator>(&ConsumerQuery::Operator {
                operator: power.operator.clone(),
            });
        assert_eq!(on_consumer.power, power.power, "{}", power.operator);
    }
}

// --- slash requests --------------------------------------------------------------------------

#[test]
fn a_double_sign_report_becomes_a_pending_slash_of_fraction_times_allocation_times_stake() {
    let mut world = world();
    world.sync_powers(ALPHA);
    world.advance(60);
    let res = report(&mut world, ALPHA, 0, Infraction::DoubleSign).unwrap();
    assert_eq!(
        event_attr(&res, "report_infraction", "request_id").unwrap(),
        "1"
    );
    let delivered = world.relay_all().unwrap();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].from, Side::Consumer(ALPHA));
    let ConsumerPacket::SlashRequest(request) = delivered[0].packet() else {
        panic!("a slash request");
    };
    assert_eq!(request.update_id, 1);
    assert_eq!(request.operator, world.provider.validator(0));
    let ack: SlashRequestAck = delivered[0].result();
    assert_eq!(ack.status, SlashStatus::Pending);

    let pending = slash(&world, ack.slash_id);
    // 5% (double sign) × 50% (allocation) × 1,000,000 (stake at the update's height).
    assert_eq!(pending.amount.u128(), 25_000);
    assert_eq!(pending.stake_at_infraction.u128(), STAKE);
    assert_eq!(pending.allocation, Decimal::percent(50));
    assert_eq!(pending.fraction, Decimal::percent(5));
    assert_eq!(pending.status, SlashStatus::Pending);
    assert_eq!(
        pending.executable_at,
        Some(world.provider.app.block_info().time.plus_seconds(DAY))
    );
    assert_eq!(
        outbox(&world, ALPHA, 1).status,
        OutboxStatus::Accepted(ack.clone())
    );

    // A downtime report on beta for operator 1: 0.1% × 40% × stake.
    world.sync_powers(BETA);
    world.advance(60);
    report(&mut world, BETA, 1, Infraction::Downtime).unwrap();
    let delivered = world.relay_all().unwrap();
    let ack: SlashRequestAck = delivered[0].result();
    assert_eq!(
        slash(&world, ack.slash_id).amount.u128(),
        STAKE * 4 / 10 / 1_000
    );
}

#[test]
fn bad_slash_requests_get_error_acks_and_change_nothing_on_the_provider() {
    let mut world = world();
    world.sync_powers(ALPHA);
    world.advance(60);
    report(&mut world, ALPHA, 0, Infraction::Downtime).unwrap();
    let first = world.relay_all().unwrap();
    let accepted: SlashRequestAck = first[0].result();

    // The same request replayed by a relayer: refused as a duplicate.
    let ConsumerPacket::SlashRequest(request) = first[0].packet() else {
        panic!()
    };
    let replay = palisade_testing::ibc::SentPacket {
        sender: world.consumers[ALPHA].contract.clone(),
        channel_id: world.consumers[ALPHA].channel.clone().unwrap().consumer,
        data: palisade_testing::interchain::packet_data(&ConsumerPacket::SlashRequest(
            request.clone(),
        )),
        timeout: cosmwasm_std::IbcTimeout::with_timestamp(
            world.provider.app.block_info().time.plus_seconds(600),
        ),
    };
    let slashes_before: Vec<SlashResponse> = world.book_query(&BookQuery::Slashes {
        status: None,
        start_before: None,
        limit: None,
    });
    let refused = world
        .deliver(Side::Consumer(ALPHA), replay.clone())
        .unwrap();
    assert!(refused.error().contains("duplicate"), "{}", refused.error());

    // The same infraction under a new request id: refused too.
    let mut again = request.clone();
    again.request_id = 99;
    let refused = world
        .deliver(
            Side::Consumer(ALPHA),
            palisade_testing::ibc::SentPacket {
                data: palisade_testing::interchain::packet_data(&ConsumerPacket::SlashRequest(
                    again,
                )),
                ..replay.clone()
            },
        )
        .unwrap();
    assert!(refused.error().contains("duplicate"), "{}", refused.error());

    // An operator that is not opted in to alpha (operator 2), an unknown update, a stale
    // infraction, a malformed packet and a rewards notice.
    let mut cases = Vec::new();
    let mut not_opted = request.clone();
    not_opted.request_id = 100;
    not_opted.operator = world.provider.validator(2);
    // Operator 2 is not opted in to alpha, so no update to alpha carried it.
    cases.push(("did not carry", ConsumerPacket::SlashRequest(not_opted)));
    let mut unknown_update = request.clone();
    unknown_update.request_id = 101;
    unknown_update.infraction_height += 1;
    unknown_update.update_id = 77;
    cases.push(("update", ConsumerPacket::SlashRequest(unknown_update)));
    let mut stale = request.clone();
    stale.request_id = 102;
    stale.infraction_height -= 1;
    stale.infraction_time = world
        .provider
        .app
        .block_info()
        .time
        .minus_seconds(CONSUMER_UNBONDING + 1);
    // Older than the unbonding period, and so older than the update it cites: the relay refuses
    // it before the book would (the book's own stale check: the relay's unit test
    // `refused_requests_change_nothing`).
    cases.push(("after the infraction", ConsumerPacket::SlashRequest(stale)));
    // A rewards notice whose tokens never arrived: the relay cannot forward them.
    cases.push((
        "error handling packet",
        ConsumerPacket::RewardsNotice {
            notice_id: 1,
            denom: "ibc/X".into(),
            amount: Uint128::new(5),
        },
    ));
    for (expected, packet) in cases {
        let refused = world
            .deliver(
                Side::Consumer(ALPHA),
                palisade_testing::ibc::SentPacket {
                    data: palisade_testing::interchain::packet_data(&packet),
                    ..replay.clone()
                },
            )
            .unwrap();
        assert!(
            refused.error().contains(expected),
            "{expected}: {}",
            refused.error()
        );
    }
    let malformed = world
        .deliver(
            Side::Consumer(ALPHA),
            palisade_testing::ibc::SentPacket {
                data: cosmwasm_std::Binary::from(b"{\"slash_request\":{}}".to_vec()),
                ..replay
            },
        )
        .unwrap();
    assert!(
        malformed.error().contains("malformed"),
        "{}",
        malformed.error()
    );

    let slashes_after: Vec<SlashResponse> = world.book_query(&BookQuery::Slashes {
        status: None,
        start_before: None,
        limit: None,
    });
    assert_eq!(slashes_after, slashes_before);
    assert_eq!(slashes_after.len(), 1);
    assert_eq!(slashes_after[0].slash_id, accepted.slash_id);
}

#[test]
fn the_consumer_refuses_bad_reports_and_retries_timed_out_requests() {
    let mut world = world();
    // No power update yet: nothing to slash against.
    let err = report(&mut world, ALPHA, 0, Infraction::Downtime).unwrap_err();
    assert!(
        format!("{err:#}").to_lowercase().contains("update"),
        "{err:#}"
    );
    world.sync_powers(ALPHA);
    world.advance(60);

    // Not a reporter; an unknown key.
    let stranger = world.consumers[ALPHA].app.api().addr_make("stranger");
    let block = world.consumers[ALPHA].app.block_info();
    let report_msg = |consumer_key: &str| {
        ConsumerExecute::ReportInfraction(InfractionReport {
            consumer_key: consumer_key.to_string(),
            infraction: Infraction::Downtime,
            infraction_height: block.height,
            infraction_time: block.time,
            evidence: None,
        })
    };
    assert!(world.consumers[ALPHA]
        .execute(&stranger, &report_msg(&consumer_key(0, ALPHA)))
        .is_err());
    let reporter = world.consumers[ALPHA].reporter.clone();
    assert!(world.consumers[ALPHA]
        .execute(&reporter, &report_msg("nobody's key"))
        .is_err());
    let none: Vec<OutboxEntryResponse> =
        world.consumers[ALPHA].query(&ConsumerQuery::SlashRequests {
            start_before: None,
            limit: None,
        });
    assert!(none.is_empty());

    // A report whose packet times out is retried by anyone and then accepted.
    world.consumers[ALPHA]
        .execute(&reporter, &report_msg(&consumer_key(0, ALPHA)))
        .unwrap();
    let held = world.take_packets();
    let (side, packet) = held.into_iter().next().unwrap();
    world.time_out(side, packet).unwrap();
    assert_eq!(outbox(&world, ALPHA, 1).status, OutboxStatus::TimedOut);
    let anyone = world.consumers[ALPHA].app.api().addr_make("anyone");
    world.consumers[ALPHA]
        .execute(&anyone, &ConsumerExecute::RetryTimedOut { limit: None })
        .unwrap();
    let delivered = world.relay_all().unwrap();
    let ack: SlashRequestAck = delivered[0].result();
    let entry = outbox(&world, ALPHA, 1);
    assert_eq!(entry.status, OutboxStatus::Accepted(ack));
    assert_eq!(entry.attempts, 2);
}

#[test]
fn governance_vetoes_a_pending_slash_and_the_rate_limit_queues_the_excess() {
    let mut world = world();
    // Governance lowers alpha's rate limit to 1% of its power (less risk: at once): 8,000 of
    // 800,000 per window.
    let mut consumer: palisade_api::registry::ConsumerResponse = world
        .provider
        .registry_query(&palisade_api::registry::QueryMsg::Consumer {
            chain_id: "alpha-1".into(),
        })
        .unwrap();
    consumer.params.slash_rate_limit.max_fraction = Decimal::percent(1);
    world
        .provider
        .registry_owner_execute(&RegistryExecute::UpdateConsumerParams {
            chain_id: "alpha-1".into(),
            params: consumer.params,
        })
        .unwrap();
    world.sync_powers(ALPHA);
    world.advance(60);
    // Downtime of operators 0 (0.1% of 500,000 = 500) and 1 (0.1% of 300,000 = 300) fit; their
    // double signs (25,000 and 15,000: a double sign is not covered by a downtime slash) do
    // not, and are queued.
    let mut acks = Vec::new();
    for infraction in [Infraction::Downtime, Infraction::DoubleSign] {
        for operator in [0, 1] {
            report(&mut world, ALPHA, operator, infraction).unwrap();
            let delivered = world.relay_all().unwrap();
            acks.push(delivered[0].result::<SlashRequestAck>());
        }
        world.advance(6);
    }
    let statuses: Vec<SlashStatus> = acks.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        vec![
            SlashStatus::Pending,
            SlashStatus::Pending,
            SlashStatus::Queued,
            SlashStatus::Queued,
        ]
    );
    // Reported again, operator 1's downtime is covered by its pending slash.
    report(&mut world, ALPHA, 1, Infraction::Downtime).unwrap();
    let delivered = world.relay_all().unwrap();
    assert!(
        delivered[0]
            .error()
            .contains("is already slashed by this consumer"),
        "{}",
        delivered[0].error()
    );
    let queued = acks[2].slash_id;
    assert_eq!(slash(&world, queued).executable_at, None);
    // Stakers' exposure: every pending and queued slash, in all and per operator.
    let exposure = |world: &Interchain, operator: Option<usize>| -> ExposureResponse {
        world.book_query(&BookQuery::Exposure {
            operator: operator.map(|o| world.provider.validator(o)),
        })
    };
    assert_eq!(
        exposure(&world, None).total.u128(),
        500 + 300 + 25_000 + 15_000
    );
    assert_eq!(
        exposure(&world, Some(0)).operator,
        Some(Uint128::new(500 + 25_000))
    );
    assert_eq!(exposure(&world, Some(2)).operator, Some(Uint128::zero()));

    // Only governance vetoes or releases.
    let stranger = world.provider.addr("stranger");
    assert!(world
        .book_execute(
            &stranger,
            &BookExecute::VetoSlash {
                slash_id: acks[0].slash_id,
                reason: "no".into()
            }
        )
        .is_err());
    let owner = world.provider.addrs.owner.clone();
    world
        .book_execute(
            &owner,
            &BookExecute::VetoSlash {
                slash_id: acks[0].slash_id,
                reason: "evidence forged".into(),
            },
        )
        .unwrap();
    let vetoed = slash(&world, acks[0].slash_id);
    assert_eq!(vetoed.status, SlashStatus::Vetoed);
    assert_eq!(exposure(&world, None).total.u128(), 300 + 25_000 + 15_000);
    assert_eq!(
        exposure(&world, Some(0)).operator,
        Some(Uint128::new(25_000))
    );
    assert_eq!(vetoed.veto_reason.as_deref(), Some("evidence forged"));
    // Vetoing twice is refused.
    assert!(world
        .book_execute(
            &owner,
            &BookExecute::VetoSlash {
                slash_id: acks[0].slash_id,
                reason: "again".into()
            }
        )
        .is_err());

    world
        .book_execute(&owner, &BookExecute::ReleaseSlash { slash_id: queued })
        .unwrap();
    let released = slash(&world, queued);
    assert_eq!(released.status, SlashStatus::Pending);
    assert_eq!(
        released.executable_at,
        Some(world.provider.app.block_info().time.plus_seconds(DAY))
    );
    let queued_now: Vec<SlashResponse> = world.book_query(&BookQuery::Slashes {
        status: Some(SlashStatus::Queued),
        start_before: None,
        limit: None,
    });
    assert_eq!(queued_now.len(), 1);
    assert_eq!(queued_now[0].slash_id, acks[3].slash_id);
}

#[test]
fn a_removal_lost_with_a_closed_channel_is_sent_again_on_the_next_one() {
    let mut world = world();
    world.sync_powers(ALPHA);
    // Operator 0 opts out of alpha; once that took effect the crank sends its removal...
    let account = world.provider.validator_account(0);
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    world.advance(CONSUMER_UNBONDING);
    world.send_power_updates(ALPHA).unwrap();
    let held = world.take_packets();
    assert_eq!(held.len(), 1);
    // ...but the channel closes before it arrives, and the update times out.
    world.close_channel(ALPHA).unwrap();
    let (side, packet) = held.into_iter().next().unwrap();
    world.time_out(side, packet).unwrap();
    assert!(world.take_packets().is_empty(), "no channel to re-send on");
    assert_eq!(consumer_operator(&world, ALPHA, 0).power.u128(), STAKE / 2);

    // A new channel: the crank sends the removal again, and the consumer drops the power.
    world.open_channel(ALPHA).unwrap();
    world.sync_powers(ALPHA);
    assert_eq!(consumer_operator(&world, ALPHA, 0).power, Uint128::zero());
    assert_eq!(summary(&world, ALPHA).total_power.u128(), STAKE * 30 / 100);
    assert_eq!(channel(&world, ALPHA).total_power.u128(), STAKE * 30 / 100);
}

#[test]
fn a_slash_request_may_not_name_an_update_sent_after_the_infraction() {
    let mut world = world();
    world.sync_powers(ALPHA);
    world.advance(60);
    let block = world.consumers[ALPHA].app.block_info();
    // Operator 0's stake grows and update 2 carries it.
    world
        .provider
        .registry_owner_execute(&RegistryExecute::SetHubWeight {
            validator: world.provider.validator(0),
            weight: 5,
        })
        .unwrap();
    let alice = world.provider.addr("alice");
    world.provider.deposit(&alice, STAKE).unwrap();
    world.advance(60);
    world.sync_powers(ALPHA);
    // A request for the earlier infraction that names update 2 is refused; update 1 is right.
    let operator = world.provider.validator(0);
    let request = |update_id: u64, request_id: u64| palisade_api::ibc::SlashRequest {
        request_id,
        operator: operator.clone(),
        infraction: Infraction::Downtime,
        infraction_height: block.height,
        infraction_time: block.time,
        update_id,
        evidence: None,
    };
    let forged = palisade_testing::ibc::SentPacket {
        sender: world.consumers[ALPHA].contract.clone(),
        channel_id: world.consumers[ALPHA].channel.clone().unwrap().consumer,
        data: palisade_testing::interchain::packet_data(&ConsumerPacket::SlashRequest(request(
            2, 50,
        ))),
        timeout: cosmwasm_std::IbcTimeout::with_timestamp(
            world.provider.app.block_info().time.plus_seconds(600),
        ),
    };
    let refused = world
        .deliver(Side::Consumer(ALPHA), forged.clone())
        .unwrap();
    assert!(
        refused.error().contains("after the infraction"),
        "{}",
        refused.error()
    );
    let honest = world
        .deliver(
            Side::Consumer(ALPHA),
            palisade_testing::ibc::SentPacket {
                data: palisade_testing::interchain::packet_data(&ConsumerPacket::SlashRequest(
                    request(1, 51),
                )),
                ..forged
            },
        )
        .unwrap();
    let ack: SlashRequestAck = honest.result();
    // 0.1% × 50% × the stake update 1 carried.
    assert_eq!(slash(&world, ack.slash_id).amount.u128(), STAKE / 2 / 1_000);
}
