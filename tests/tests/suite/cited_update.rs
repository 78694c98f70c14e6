//! Which power update a slash request may cite. The consumer names the update in force at the
//! infraction, and the stake slashed is the one that update carried; the relay records when each
//! update carrying an operator was acknowledged (`ACKED`), so a consumer cannot cite an older
//! update, of a higher stake, for an infraction after a newer one was applied.

use cosmwasm_std::{Decimal, IbcTimeout, Timestamp};
use palisade_api::consumer::{OperatorResponse, QueryMsg as ConsumerQuery};
use palisade_api::ibc::{ConsumerPacket, Infraction, SlashRequest, SlashRequestAck};
use palisade_api::slash_book::{QueryMsg as BookQuery, SlashResponse};
use palisade_testing::ibc::SentPacket;
use palisade_testing::interchain::{packet_data, Interchain, Side};
use palisade_testing::{SuiteBuilder, ALLOCATION_DELAY, EPOCH_PERIOD};

const ALPHA: usize = 0;
const STAKE: u128 = 1_000_000;

/// Operators 0 and 1 on alpha at 50% of 1,000,000 each, their powers applied by update 1.
fn world() -> Interchain {
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .validators(&[1, 1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for operator in 0..3 {
        world.provider.register_operator(operator).unwrap();
    }
    world.opt_in(0, ALPHA, Decimal::percent(50));
    world.opt_in(1, ALPHA, Decimal::percent(50));
    world.advance(ALLOCATION_DELAY);
    world.open_channel(ALPHA).unwrap();
    world.sync_powers(ALPHA);
    world
}

fn update_of(world: &Interchain, operator: usize) -> u64 {
    let answer: OperatorResponse = world.consumers[ALPHA].query(&ConsumerQuery::Operator {
        operator: world.provider.validator(operator).to_string(),
    });
    answer.update_id
}

/// A slash request as the consumer's contract would send it, whatever it cites.
fn request(
    world: &Interchain,
    request_id: u64,
    operator: usize,
    update_id: u64,
    at: Timestamp,
) -> SentPacket {
    let consumer = &world.consumers[ALPHA];
    let request = SlashRequest {
        request_id,
        operator: world.provider.validator(operator).to_string(),
        infraction: Infraction::Downtime,
        infraction_height: 10_000 + request_id,
        infraction_time: at,
        update_id,
        evidence: None,
    };
    SentPacket {
        sender: consumer.contract.clone(),
        channel_id: consumer.channel.clone().unwrap().consumer,
        data: packet_data(&ConsumerPacket::SlashRequest(request)),
        timeout: IbcTimeout::with_timestamp(world.provider.app.block_info().time.plus_seconds(600)),
    }
}

fn slashes(world: &Interchain) -> Vec<SlashResponse> {
    world.book_query(&BookQuery::Slashes {
        status: None,
        start_before: None,
        limit: None,
    })
}

#[test]
fn a_consumer_cannot_cite_an_update_a_newer_acknowledged_one_replaced() {
    let mut world = world();
    let first = update_of(&world, 0);
    let before_change = world.provider.app.block_info().time.plus_seconds(30);
    world.advance(60);

    // Governance moves the hub's stake away from operator 0: the next update removes it from
    // alpha, and its acknowledgement comes back at `replaced_at`.
    world.set_hub_weight(0, 0);
    world.advance(EPOCH_PERIOD);
    world.provider.rebalance().unwrap();
    world.sync_powers(ALPHA);
    let second = update_of(&world, 0);
    assert!(second > first);
    let replaced_at = world.provider.app.block_info().time;
    world.advance(60);
    let now = world.provider.app.block_info().time;

    // A lying consumer reports downtime after the removal and cites the first update (500,000
    // of power): refused, nothing recorded.
    let lie = request(&world, 50, 0, first, now);
    let refused = world.deliver(Side::Consumer(ALPHA), lie).unwrap();
    let error = refused.error();
    assert!(error.contains("no longer in force"), "{error}");
    assert!(
        error.contains(&format!("update {second} was acknowledged")),
        "{error}"
    );
    assert!(slashes(&world).is_empty());

    // An infraction at the very time of the acknowledgement: the consumer held the newer
    // update already (it applied it before acknowledging it).
    let at_ack = request(&world, 51, 0, first, replaced_at);
    let refused = world.deliver(Side::Consumer(ALPHA), at_ack).unwrap();
    assert!(refused.error().contains("no longer in force"));

    // The same citation for an infraction before the newer update was acknowledged is honest:
    // accepted, at the first update's stake (0.1% of 500,000).
    let honest = request(&world, 52, 0, first, before_change);
    let accepted: SlashRequestAck = world
        .deliver(Side::Consumer(ALPHA), honest)
        .unwrap()
        .result();
    let slash: SlashResponse = world.book_query(&BookQuery::Slash {
        slash_id: accepted.slash_id,
    });
    assert_eq!(slash.update_id, first);
    assert_eq!(slash.amount.u128(), 500);

    // Operator 1 took part of the stake: the second update carried it too, and citing it is
    // what an honest consumer does.
    assert_eq!(update_of(&world, 1), second);
    let other = request(&world, 53, 1, second, now);
    let accepted: SlashRequestAck = world
        .deliver(Side::Consumer(ALPHA), other)
        .unwrap()
        .result();
    assert_eq!(slashes(&world).len(), 2);
    assert!(accepted.slash_id > slash.slash_id);
}
