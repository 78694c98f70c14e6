use cosmwasm_std::{to_json_binary, Decimal, StdAck, Timestamp, Uint128};
use cw_ownable::OwnershipError;
use palisade_api::ibc::{
    ConsumerPacket, Infraction, SlashRequest, SlashRequestAck, SlashStatus, MAX_EVIDENCE_BYTES,
};
use palisade_api::registry::{ConsumerStatus, PowerAtResponse};
use palisade_api::slash_book::{RateLimitResponse, SlashResponse};

use super::*;

/// Connected; val-a (1,000,000 × 0.5) and val-b (500,000 × 1) sent in update 1; then 100 blocks
/// later (requests name infractions a minute ago, after the update was sent). Total power 1,000,000, so the rate limit is 50,000.
fn with_operators() -> Suite {
    let mut suite = Suite::connected();
    suite.registry(|r| {
        r.set_operator("val-a", "key-a", 1_000_000, Decimal::percent(50));
        r.set_operator("val-b", "key-b", 500_000, Decimal::one());
    });
    suite.crank().unwrap();
    suite.advance(100);
    suite
}

fn request(suite: &Suite, request_id: u64, operator: &str, infraction: Infraction) -> SlashRequest {
    SlashRequest {
        request_id,
        operator: operator.to_string(),
        infraction,
        infraction_height: 100 + request_id,
        infraction_time: suite.env.block.time.minus_seconds(60),
        update_id: 1,
        evidence: Some("signed twice".to_string()),
    }
}

fn slash_request(suite: &mut Suite, request: &SlashRequest) -> IbcReceiveResponse {
    suite.receive(&ConsumerPacket::SlashRequest(request.clone()))
}

fn report(
    suite: &mut Suite,
    request_id: u64,
    operator: &str,
    infraction: Infraction,
) -> IbcReceiveResponse {
    let r = request(suite, request_id, operator, infraction);
    slash_request(suite, &r)
}

fn accepted(response: &IbcReceiveResponse) -> SlashRequestAck {
    match ack_of(response) {
        StdAck::Success(payload) => from_json(payload).unwrap(),
        StdAck::Error(err) => panic!("error ack: {err}"),
    }
}

fn slash(suite: &Suite, slash_id: u64) -> SlashResponse {
    suite.book_query(BookQuery::Slash { slash_id })
}

fn rate_limit(suite: &Suite) -> RateLimitResponse {
    suite.book_query(BookQuery::RateLimit {
        chain_id: CHAIN.to_string(),
    })
}

/// Refused with an error ack starting with `reason`, an event, and no state change.
fn assert_refused(suite: &mut Suite, data: &impl serde::Serialize, channel_id: &str, reason: &str) {
    let before = suite.snapshot();
    let response = suite.receive_on(channel_id, data);
    let err = error_ack(&response);
    assert!(
        err.starts_with(reason),
        "{err:?} does not start with {reason:?}"
    );
    assert_eq!(attr(&response.attributes, "action"), "packet_refused");
    assert_eq!(attr(&response.attributes, "channel_id"), channel_id);
    assert_eq!(attr(&response.attributes, "reason"), err);
    assert!(response.messages.is_empty());
    assert_eq!(suite.snapshot(), before, "state changed for {reason}");
}

#[test]
fn slash_request_is_accepted_at_the_stake_of_its_update() {
    let mut suite = with_operators();
    // The stake the update carried: at the end of the block that sent it, i.e. the registry's
    // reading for the next height. val-a had 1,000,000 × 0.5 then, less now.
    let update_height = suite.env.block.height - 100 + 1;
    suite.registry(|r| {
        r.set_operator("val-a", "key-a", 10, Decimal::percent(50));
        r.power_at.insert(
            ("val-a".to_string(), CHAIN.to_string(), update_height),
            PowerAtResponse {
                hub_stake: Uint128::new(1_000_000),
                allocation: Decimal::percent(50),
                restaked_power: Uint128::new(500_000),
            },
        );
    });
    let req = request(&suite, 7, "val-a", Infraction::DoubleSign);
    let response = slash_request(&mut suite, &req);

    let expected_ack = StdAck::success(
        to_json_binary(&SlashRequestAck {
            slash_id: 1,
            status: SlashStatus::Pending,
        })
        .unwrap(),
    );
    assert_eq!(response.acknowledgement, Some(expected_ack.to_binary()));
    let payload = Binary::from(br#"{"slash_id":1,"status":"pending"}"#.to_vec());
    assert_eq!(
        response.acknowledgement.clone().unwrap().to_vec(),
        format!(r#"{{"result":"{}"}}"#, payload.to_base64()).into_bytes()
    );

    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "slash_request");
    assert_eq!(attr(a, "chain_id"), CHAIN);
    assert_eq!(attr(a, "request_id"), "7");
    assert_eq!(attr(a, "slash_id"), "1");
    assert_eq!(attr(a, "operator"), "val-a");
    assert_eq!(attr(a, "infraction"), "double_sign");
    assert_eq!(attr(a, "amount"), "25000");
    assert_eq!(attr(a, "status"), "pending");

    let executable_at = suite.env.block.time.plus_seconds(VETO_PERIOD);
    assert_eq!(
        slash(&suite, 1),
        SlashResponse {
            slash_id: 1,
            chain_id: CHAIN.to_string(),
            request_id: 7,
            operator: "val-a".to_string(),
            infraction: Infraction::DoubleSign,
            infraction_height: 107,
            infraction_time: req.infraction_time,
            update_id: 1,
            provider_height: update_height - 1,
            fraction: Decimal::percent(5),
            allocation: Decimal::percent(50),
            stake_at_infraction: Uint128::new(1_000_000),
            amount: Uint128::new(25_000),
            evidence: Some("signed twice".to_string()),
            received_at: suite.env.block.time,
            executable_at: Some(executable_at),
            status: SlashStatus::Pending,
            veto_reason: None,
        }
    );
    assert_eq!(
        rate_limit(&suite),
        RateLimitResponse {
            chain_id: CHAIN.to_string(),
            window_start: suite.env.block.time,
            power_at_start: Uint128::new(1_000_000),
            slashed: Uint128::new(25_000),
            limit: Uint128::new(50_000),
        }
    );
}

#[test]
fn a_request_must_cite_the_update_that_carried_the_operator() {
    let mut suite = with_operators();
    // Update 2 carries only val-b's new power: val-a's power on the consumer is still the one
    // update 1 carried, from the stake then, whatever its stake at update 2.
    suite.registry(|r| r.set_operator("val-b", "key-b", 400_000, Decimal::one()));
    let update = one_update(&suite.crank().unwrap().messages);
    let ProviderPacket::PowerUpdate {
        update_id, powers, ..
    } = &update;
    assert_eq!(*update_id, 2);
    assert_eq!(
        powers
            .iter()
            .map(|p| p.operator.as_str())
            .collect::<Vec<_>>(),
        ["val-b"]
    );
    suite.advance(10);
    let before = suite.snapshot();
    let mut r = request(&suite, 1, "val-a", Infraction::DoubleSign);
    r.update_id = 2;
    assert_refused(
        &mut suite,
        &ConsumerPacket::SlashRequest(r),
        CHANNEL,
        "update 2 did not carry val-a: cite the update that set its power",
    );
    assert_eq!(suite.snapshot(), before);
    // Citing update 1, which carried it, is accepted.
    let r = request(&suite, 1, "val-a", Infraction::DoubleSign);
    assert_eq!(accepted(&slash_request(&mut suite, &r)).slash_id, 1);
    assert_eq!(slash(&suite, 1).update_id, 1);
}

#[test]
fn an_update_that_carried_the_operators_removal_leaves_nothing_to_slash() {
    let mut suite = with_operators();
    suite.registry(|r| r.remove_operator("val-b"));
    let update = one_update(&suite.crank().unwrap().messages);
    let ProviderPacket::PowerUpdate { removed, .. } = &update;
    assert_eq!(removed, &["val-b".to_string()]);
    suite.advance(100);
    let mut r = request(&suite, 1, "val-b", Infraction::Downtime);
    r.update_id = 2;
    assert_refused(
        &mut suite,
        &ConsumerPacket::SlashRequest(r),
        CHANNEL,
        "operator not opted in at update 2: val-b had no allocation to consumer-1",
    );
}

#[test]
fn a_slash_covers_later_infractions_as_jail_and_tombstone_do() {
    let mut suite = with_operators();
    let owner = suite.owner.clone();
    let at = |suite: &Suite, request_id, operator, infraction, seconds_ago: u64| {
        let mut r = request(suite, request_id, operator, infraction);
        r.infraction_time = suite.env.block.time.minus_seconds(seconds_ago);
        ConsumerPacket::SlashRequest(r)
    };

    // Downtime of val-b is pending: later downtime of val-b is the same offence...
    accepted(&suite.receive(&at(&suite, 1, "val-b", Infraction::Downtime, 60)));
    let covered = "val-b is already slashed by this consumer";
    let packet = at(&suite, 2, "val-b", Infraction::Downtime, 30);
    assert_refused(&mut suite, &packet, CHANNEL, covered);
    // ...but a double sign is not, and another operator's downtime neither.
    accepted(&suite.receive(&at(&suite, 3, "val-b", Infraction::DoubleSign, 30)));
    accepted(&suite.receive(&at(&suite, 4, "val-a", Infraction::Downtime, 30)));
    // val-b is tombstoned by its double sign: nothing later counts, of either kind.
    let tombstoned = "val-b is already slashed by this consumer";
    let packet = at(&suite, 5, "val-b", Infraction::DoubleSign, 10);
    assert_refused(&mut suite, &packet, CHANNEL, tombstoned);
    let packet = at(&suite, 5, "val-b", Infraction::Downtime, 10);
    assert_refused(&mut suite, &packet, CHANNEL, tombstoned);

    // val-a's downtime executes: it is jailed from then on for the consumer's `downtime_jail`
    // (600 s), so downtime before the execution or inside the jail is covered (the consumer may
    // still see it until the next power update), and downtime after the jail is a new offence.
    suite.env.block.time = suite.env.block.time.plus_seconds(VETO_PERIOD);
    let stranger = suite.addr("stranger");
    suite
        .book_execute(&stranger, BookExecute::ExecuteSlash { slash_id: 3 })
        .unwrap();
    let covered = "val-a is already slashed by this consumer";
    let packet = at(&suite, 6, "val-a", Infraction::Downtime, 1);
    assert_refused(&mut suite, &packet, CHANNEL, covered);
    suite.env.block.time = suite.env.block.time.plus_seconds(100);
    let packet = at(&suite, 6, "val-a", Infraction::Downtime, 50);
    assert_refused(&mut suite, &packet, CHANNEL, covered);
    suite.env.block.time = suite.env.block.time.plus_seconds(600);
    assert_eq!(
        accepted(&suite.receive(&at(&suite, 6, "val-a", Infraction::Downtime, 50))).slash_id,
        4
    );
    // Vetoing that one lifts its cover, not the executed slash's: downtime before the jail's end
    // is still covered, downtime after it may be reported again.
    veto(&mut suite, &owner, 4).unwrap();
    let packet = at(&suite, 8, "val-a", Infraction::Downtime, 120);
    assert_refused(&mut suite, &packet, CHANNEL, covered);
    accepted(&suite.receive(&at(&suite, 8, "val-a", Infraction::Downtime, 40)));

    // A vetoed double sign covers nothing.
    veto(&mut suite, &owner, 2).unwrap();
    accepted(&suite.receive(&at(&suite, 7, "val-b", Infraction::DoubleSign, 50)));
}

#[test]
fn downtime_uses_its_own_fraction_rounded_down() {
    let mut suite = with_operators();
    suite.registry(|r| r.consumer_mut(CHAIN).params.downtime_fraction = Decimal::permille(3));
    // 500,000 × 0.003 = 1,500; make it uneven: 500,001 × 0.003 = 1,500.003.
    suite.registry(|r| r.set_operator("val-b", "key-b", 500_001, Decimal::one()));
    let response = report(&mut suite, 1, "val-b", Infraction::Downtime);
    accepted(&response);
    assert_eq!(slash(&suite, 1).amount, Uint128::new(1_500));
}

#[test]
fn refused_requests_change_nothing() {
    let mut suite = with_operators();
    let first = request(&suite, 1, "val-a", Infraction::DoubleSign);
    accepted(&slash_request(&mut suite, &first));
    let packet = |r: SlashRequest| ConsumerPacket::SlashRequest(r);

    let r = request(&suite, 2, "val-a", Infraction::Downtime);
    assert_refused(
        &mut suite,
        &packet(r),
        "channel-9",
        "unknown channel: channel-9",
    );
    let mut r = request(&suite, 2, "val-a", Infraction::Downtime);
    r.update_id = 2;
    assert_refused(
        &mut suite,
        &packet(r),
        CHANNEL,
        "unknown update: consumer-1 was never sent update 2",
    );

    let mut r = request(&suite, 1, "val-b", Infraction::Downtime);
    r.infraction_height = 500;
    assert_refused(
        &mut suite,
        &packet(r),
        CHANNEL,
        "duplicate request: request 1 is already slash 1",
    );

    let mut r = first.clone();
    r.request_id = 2;
    assert_refused(&mut suite, &packet(r), CHANNEL, "duplicate infraction");

    // Reported once the consumer's unbonding period since the infraction is over (the cited
    // update was sent before it: the relay's check passes, the book refuses).
    let r = request(&suite, 2, "val-a", Infraction::Downtime);
    let now = suite.env.block.time;
    suite.env.block.time = r.infraction_time.plus_seconds(UNBONDING_PERIOD + 1);
    assert_refused(&mut suite, &packet(r), CHANNEL, "stale infraction");
    suite.env.block.time = now;

    let mut r = request(&suite, 2, "val-a", Infraction::Downtime);
    r.infraction_time = suite.env.block.time.plus_seconds(1);
    assert_refused(&mut suite, &packet(r), CHANNEL, "infraction in the future");

    let r = request(&suite, 2, "val-z", Infraction::Downtime);
    assert_refused(
        &mut suite,
        &packet(r),
        CHANNEL,
        "update 1 did not carry val-z",
    );

    let mut r = request(&suite, 2, "val-a", Infraction::Downtime);
    r.evidence = Some("x".repeat(MAX_EVIDENCE_BYTES + 1));
    assert_refused(
        &mut suite,
        &packet(r),
        CHANNEL,
        "evidence is 4097 bytes, at most 4096 allowed",
    );

    assert_refused(&mut suite, &"hello", CHANNEL, "malformed packet: ");
    assert_refused(
        &mut suite,
        &ConsumerPacket::RewardsNotice {
            notice_id: 1,
            denom: "uatom".to_string(),
            amount: Uint128::zero(),
        },
        CHANNEL,
        "a rewards notice must name a positive amount",
    );
    // A rewards notice on a channel that is no consumer's.
    assert_refused(
        &mut suite,
        &ConsumerPacket::RewardsNotice {
            notice_id: 1,
            denom: "uatom".to_string(),
            amount: Uint128::new(5),
        },
        "channel-9",
        "unknown channel: channel-9",
    );

    suite.registry(|r| r.consumer_mut(CHAIN).status = ConsumerStatus::Paused);
    let r = request(&suite, 2, "val-a", Infraction::Downtime);
    assert_refused(
        &mut suite,
        &packet(r),
        CHANNEL,
        "consumer consumer-1 is Paused, not active",
    );
    suite.registry(|r| r.consumer_mut(CHAIN).status = ConsumerStatus::Active);

    // An update that timed out was never in force on the consumer, and an update sent after the
    // infraction cannot be named for it.
    suite.registry(|r| r.set_operator("val-a", "key-a", 2_000_000, Decimal::percent(50)));
    let update = one_update(&suite.crank().unwrap().messages);
    suite.timeout(&update).unwrap();
    let mut r = request(&suite, 2, "val-a", Infraction::Downtime);
    r.update_id = 2;
    r.infraction_time = suite.env.block.time;
    assert_refused(
        &mut suite,
        &packet(r),
        CHANNEL,
        "update 2 was not delivered",
    );
    let mut r = request(&suite, 2, "val-a", Infraction::Downtime);
    r.update_id = 3;
    assert_refused(&mut suite, &packet(r), CHANNEL, "update 3 was sent at");

    suite.close(CHANNEL).unwrap();
    let r = request(&suite, 2, "val-a", Infraction::Downtime);
    assert_refused(
        &mut suite,
        &packet(r),
        CHANNEL,
        "channel channel-0 of consumer-1 is Closed, not open",
    );
}

#[test]
fn evidence_of_the_maximum_length_and_the_last_reportable_second_are_accepted() {
    let mut suite = with_operators();
    let sent_at = suite.env.block.time.minus_seconds(100 * BLOCK_TIME);
    suite.env.block.time = sent_at.plus_seconds(UNBONDING_PERIOD);
    let mut r = request(&suite, 1, "val-a", Infraction::Downtime);
    r.evidence = Some("x".repeat(MAX_EVIDENCE_BYTES));
    // The update's own second, reported on the last second of the unbonding period.
    r.infraction_time = sent_at;
    accepted(&slash_request(&mut suite, &r));
}

#[test]
fn rate_limit_queues_the_excess_until_the_window_ends() {
    let mut suite = with_operators();
    // 25,000 + 25,000 fill the 50,000 limit exactly.
    let first = report(&mut suite, 1, "val-a", Infraction::DoubleSign);
    assert_eq!(accepted(&first).status, SlashStatus::Pending);
    let second = report(&mut suite, 2, "val-b", Infraction::DoubleSign);
    assert_eq!(accepted(&second).status, SlashStatus::Pending);
    // 5,000 more does not fit, though the consumer's power grew since the window started.
    join(&mut suite, "val-c", 500_000);
    let third = report_on(&mut suite, 3, "val-c", Infraction::Downtime, 2);
    assert_eq!(
        accepted(&third),
        SlashRequestAck {
            slash_id: 3,
            status: SlashStatus::Queued
        }
    );
    assert_eq!(attr(&third.attributes, "status"), "queued");
    let queued = slash(&suite, 3);
    assert_eq!(queued.amount, Uint128::new(5_000));
    assert_eq!(queued.executable_at, None);
    assert_eq!(rate_limit(&suite).slashed, Uint128::new(50_000));

    // A new window starts at the consumer's power then.
    suite.env.block.time = suite.env.block.time.plus_seconds(RATE_WINDOW);
    join(&mut suite, "val-d", 500_000);
    let fourth = report_on(&mut suite, 4, "val-d", Infraction::Downtime, 3);
    assert_eq!(accepted(&fourth).status, SlashStatus::Pending);
    let window = rate_limit(&suite);
    assert_eq!(window.window_start, suite.env.block.time);
    assert_eq!(window.power_at_start, Uint128::new(2_000_000));
    assert_eq!(window.slashed, Uint128::new(5_000));
    assert_eq!(window.limit, Uint128::new(100_000));

    let queued: Vec<SlashResponse> = suite.book_query(BookQuery::Slashes {
        status: Some(SlashStatus::Queued),
        start_before: None,
        limit: None,
    });
    assert_eq!(
        queued.iter().map(|s| s.slash_id).collect::<Vec<_>>(),
        vec![3]
    );
    let all: Vec<SlashResponse> = suite.book_query(BookQuery::Slashes {
        status: None,
        start_before: Some(4),
        limit: Some(2),
    });
    assert_eq!(
        all.iter().map(|s| s.slash_id).collect::<Vec<_>>(),
        vec![3, 2]
    );
    let pending: Vec<SlashResponse> = suite.book_query(BookQuery::Slashes {
        status: Some(SlashStatus::Pending),
        start_before: None,
        limit: None,
    });
    assert_eq!(
        pending.iter().map(|s| s.slash_id).collect::<Vec<_>>(),
        vec![4, 2, 1]
    );
}

/// Slashes 1 and 2 pending (the window full), 3 queued.
fn with_full_window() -> Suite {
    let mut suite = with_operators();
    fill_window(&mut suite);
    suite
}

/// Double signs of val-a and val-b (25,000 each) fill the 50,000 window; then val-c (500,000 × 1)
/// joins in update 2, and its downtime (5,000) is queued as slash 3.
fn fill_window(suite: &mut Suite) -> IbcReceiveResponse {
    report(suite, 1, "val-a", Infraction::DoubleSign);
    report(suite, 2, "val-b", Infraction::DoubleSign);
    join(suite, "val-c", 500_000);
    report_on(suite, 3, "val-c", Infraction::Downtime, 2)
}

/// `operator` gets `stake` × 1 in the next update, 100 blocks ago.
fn join(suite: &mut Suite, operator: &str, stake: u128) {
    let key = format!("key-{operator}");
    suite.registry(|r| r.set_operator(operator, &key, stake, Decimal::one()));
    suite.crank().unwrap();
    suite.advance(100);
}

/// A request citing `update_id`.
fn report_on(
    suite: &mut Suite,
    request_id: u64,
    operator: &str,
    infraction: Infraction,
    update_id: u64,
) -> IbcReceiveResponse {
    let mut r = request(suite, request_id, operator, infraction);
    r.update_id = update_id;
    slash_request(suite, &r)
}

fn veto(suite: &mut Suite, sender: &Addr, slash_id: u64) -> Result<Response, BookError> {
    suite.book_execute(
        sender,
        BookExecute::VetoSlash {
            slash_id,
            reason: "false evidence".to_string(),
        },
    )
}

#[test]
fn veto_is_for_the_owner_and_returns_a_pending_amount_to_the_window() {
    let mut suite = with_full_window();
    let stranger = suite.addr("stranger");
    assert_eq!(
        veto(&mut suite, &stranger, 1).unwrap_err(),
        BookError::Ownership(OwnershipError::NotOwner)
    );
    let owner = suite.owner.clone();
    let response = veto(&mut suite, &owner, 1).unwrap();
    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "veto_slash");
    assert_eq!(attr(a, "slash_id"), "1");
    assert_eq!(attr(a, "chain_id"), CHAIN);
    assert_eq!(attr(a, "operator"), "val-a");
    assert_eq!(attr(a, "amount"), "25000");
    assert_eq!(attr(a, "previous_status"), "pending");
    assert_eq!(attr(a, "reason"), "false evidence");
    let vetoed = slash(&suite, 1);
    assert_eq!(vetoed.status, SlashStatus::Vetoed);
    assert_eq!(vetoed.veto_reason, Some("false evidence".to_string()));
    assert_eq!(vetoed.executable_at, None);
    assert_eq!(rate_limit(&suite).slashed, Uint128::new(25_000));

    // Room again: the next request fits; val-a's vetoed double sign no longer covers it.
    let next = report(&mut suite, 4, "val-a", Infraction::Downtime);
    assert_eq!(accepted(&next).status, SlashStatus::Pending);

    // Queued slashes can be vetoed; vetoed ones cannot.
    let response = veto(&mut suite, &owner, 3).unwrap();
    assert_eq!(attr(&response.attributes, "previous_status"), "queued");
    assert_eq!(attr(&response.attributes, "returned_to_window"), "0");
    assert_eq!(
        veto(&mut suite, &owner, 3).unwrap_err(),
        BookError::SlashNotVetoable {
            slash_id: 3,
            status: SlashStatus::Vetoed
        }
    );
    assert_eq!(
        veto(&mut suite, &owner, 99).unwrap_err(),
        BookError::UnknownSlash { slash_id: 99 }
    );
    let err = suite
        .book_execute(
            &owner,
            BookExecute::VetoSlash {
                slash_id: 2,
                reason: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(err, BookError::InvalidVetoReason { len: 0, max: 1_024 });
}

#[test]
fn veto_after_the_window_ended_leaves_the_new_window_alone() {
    let mut suite = with_full_window();
    suite.env.block.time = suite.env.block.time.plus_seconds(RATE_WINDOW);
    join(&mut suite, "val-d", 500_000);
    accepted(&report_on(&mut suite, 4, "val-d", Infraction::Downtime, 3));
    assert_eq!(rate_limit(&suite).slashed, Uint128::new(5_000));
    let owner = suite.owner.clone();
    let response = veto(&mut suite, &owner, 1).unwrap();
    assert_eq!(attr(&response.attributes, "returned_to_window"), "0");
    assert_eq!(rate_limit(&suite).slashed, Uint128::new(5_000));
}

#[test]
fn release_is_for_the_owner_and_starts_the_veto_period() {
    let mut suite = with_full_window();
    suite.advance(10);
    let stranger = suite.addr("stranger");
    let release = |slash_id| BookExecute::ReleaseSlash { slash_id };
    assert_eq!(
        suite.book_execute(&stranger, release(3)).unwrap_err(),
        BookError::Ownership(OwnershipError::NotOwner)
    );
    let owner = suite.owner.clone();
    assert_eq!(
        suite.book_execute(&owner, release(1)).unwrap_err(),
        BookError::SlashNotQueued {
            slash_id: 1,
            status: SlashStatus::Pending
        }
    );
    suite.registry(|r| r.consumer_mut(CHAIN).params.veto_period = 50);
    let response = suite.book_execute(&owner, release(3)).unwrap();
    let executable_at: Timestamp = suite.env.block.time.plus_seconds(50);
    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "release_slash");
    assert_eq!(attr(a, "slash_id"), "3");
    assert_eq!(attr(a, "amount"), "5000");
    assert_eq!(
        attr(a, "executable_at"),
        executable_at.seconds().to_string()
    );
    let released = slash(&suite, 3);
    assert_eq!(released.status, SlashStatus::Pending);
    assert_eq!(released.executable_at, Some(executable_at));
    // A released slash counts in no window: vetoing it later returns nothing.
    assert_eq!(rate_limit(&suite).slashed, Uint128::new(50_000));
    let response = veto(&mut suite, &owner, 3).unwrap();
    assert_eq!(attr(&response.attributes, "returned_to_window"), "0");
    assert_eq!(rate_limit(&suite).slashed, Uint128::new(50_000));
    assert_eq!(
        suite.book_execute(&owner, release(3)).unwrap_err(),
        BookError::SlashNotQueued {
            slash_id: 3,
            status: SlashStatus::Vetoed
        }
    );
}
