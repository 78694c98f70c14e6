//! Where the consumer applied each update (the relay's record, from the acknowledgements), and
//! verified double-sign evidence placed by it in the slash book (`submit_evidence`), run with
//! the relay as the chain runs them.

use cosmwasm_std::{to_json_binary, Decimal, StdAck, Timestamp, Uint128};
use ed25519_zebra::SigningKey;
use palisade_api::evidence::{EvidenceError, Vote};
use palisade_api::ibc::{ConsumerPacket, Infraction, PowerUpdateAck, SlashRequest, SlashStatus};
use palisade_api::registry::PowerAtResponse;
use palisade_api::relay::{AppliedAtResponse, AppliedUpdate};
use palisade_api::slash_book::{ExposureResponse, SlashResponse};
use palisade_testing::evidence::{block, double_sign, precommit, public_key, signing_key};

use super::*;
use crate::state::{SENT_KEYS, TOTAL_EXPOSURE};

const DOUBLE_SIGN: Decimal = Decimal::percent(5);

/// The consumer's clock: 5 s per block, height 0 shortly before the provider's first block here
/// (`mock_env`), so that the heights used are in the provider's past.
fn consumer_time(h: u64) -> Timestamp {
    Timestamp::from_seconds(1_571_797_000 + 5 * h)
}

/// The consumer applied the update at its height `height`.
fn applied_at(update_id: u64, height: u64) -> StdAck {
    let ack = PowerUpdateAck {
        update_id,
        applied: 1,
        height: Some(height),
        time: Some(consumer_time(height)),
    };
    StdAck::success(to_json_binary(&ack).unwrap())
}

fn where_applied(suite: &Suite, operator: &str, height: u64) -> AppliedAtResponse {
    suite.query(QueryMsg::AppliedAt {
        chain_id: CHAIN.to_string(),
        operator: operator.to_string(),
        height,
    })
}

fn key_a() -> SigningKey {
    signing_key(1)
}

/// Connected; update 1 (val-a 1,000,000 × 0.5 under key A, val-b 500,000 under key B) sent at
/// the current provider block and applied by the consumer at its height 50.
fn with_update_applied() -> (Suite, u64) {
    let mut suite = Suite::connected();
    suite.registry(|r| {
        r.set_operator(
            "val-a",
            &public_key(&key_a()),
            1_000_000,
            Decimal::percent(50),
        );
        r.set_operator(
            "val-b",
            &public_key(&signing_key(2)),
            500_000,
            Decimal::one(),
        );
    });
    let sent_at = suite.env.block.height;
    let packet = one_update(&suite.crank().unwrap().messages);
    suite.advance(10);
    let response = suite.ack(&packet, applied_at(1, 50)).unwrap();
    assert_eq!(attr(&response.attributes, "consumer_height"), "50");
    (suite, sent_at)
}

/// What `applied_at` answers for `update_id`, applied at `height` carrying `key`; the provider
/// height and time it was sent at, from the relay's own record of the update.
fn applied(suite: &Suite, update_id: u64, height: u64, key: Option<String>) -> AppliedUpdate {
    let sent: palisade_api::relay::UpdateResponse = suite.query(QueryMsg::Update {
        chain_id: CHAIN.to_string(),
        update_id,
    });
    AppliedUpdate {
        update_id,
        consumer_height: height,
        consumer_time: consumer_time(height),
        consumer_key: key,
        provider_height: sent.height,
        provider_time: sent.time,
    }
}

/// val-a's stake changes and update 2 is sent; returns its packet and provider height.
fn second_update(suite: &mut Suite, stake: u128) -> (ProviderPacket, u64) {
    suite.registry(|r| r.operator_mut("val-a").restaked_power = Uint128::new(stake));
    let sent_at = suite.env.block.height;
    let packet = one_update(&suite.crank().unwrap().messages);
    suite.advance(10);
    (packet, sent_at)
}

fn submit(suite: &mut Suite, operator: &str, votes: (Vote, Vote)) -> Result<Response, BookError> {
    let stranger = suite.addr("stranger");
    suite.book_execute(
        &stranger,
        BookExecute::SubmitEvidence {
            chain_id: CHAIN.to_string(),
            operator: operator.to_string(),
            vote_a: votes.0,
            vote_b: votes.1,
        },
    )
}

/// Refused with `err`, and neither contract changed.
fn assert_refused(suite: &mut Suite, operator: &str, votes: (Vote, Vote), err: BookError) {
    let before = suite.snapshot();
    assert_eq!(submit(suite, operator, votes).unwrap_err(), err);
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn acknowledgements_record_where_each_update_applied() {
    let (mut suite, first_sent) = with_update_applied();
    let key = Some(public_key(&key_a()));
    let (packet, second_sent) = second_update(&mut suite, 600_000);
    suite.ack(&packet, applied_at(2, 80)).unwrap();

    let first = applied(&suite, 1, 50, key.clone());
    let second = applied(&suite, 2, 80, key);
    assert_eq!(
        (first.provider_height, second.provider_height),
        (first_sent, second_sent)
    );
    let before_any = where_applied(&suite, "val-a", 49);
    assert_eq!(before_any.in_force, None);
    assert_eq!(before_any.next, Some(first.clone()));
    for height in [50, 79] {
        let at = where_applied(&suite, "val-a", height);
        assert_eq!(at.in_force, Some(first.clone()));
        assert_eq!(at.next, Some(second.clone()));
    }
    let at = where_applied(&suite, "val-a", 1_000);
    assert_eq!((at.in_force, at.next), (Some(second), None));
    // val-b was not in update 2: update 1 stays in force for it.
    let at = where_applied(&suite, "val-b", 1_000);
    assert_eq!(
        at.in_force,
        Some(applied(&suite, 1, 50, Some(public_key(&signing_key(2)))))
    );
}

#[test]
fn a_consumer_that_reports_no_height_records_nothing() {
    let mut suite = Suite::connected();
    suite.registry(|r| r.set_operator("val-a", "key-a", 100, Decimal::one()));
    let packet = one_update(&suite.crank().unwrap().messages);
    let ack = PowerUpdateAck {
        update_id: 1,
        applied: 1,
        height: None,
        time: None,
    };
    let response = suite
        .ack(&packet, StdAck::success(to_json_binary(&ack).unwrap()))
        .unwrap();
    assert_eq!(
        attr(&response.attributes, "action"),
        "power_update_delivered"
    );
    let at = where_applied(&suite, "val-a", 1_000);
    assert_eq!((at.in_force, at.next), (None, None));
}

#[test]
fn acknowledgements_out_of_order_keep_what_the_consumer_held() {
    // Updates 1 and 2 both carry val-a and are in flight together.
    let mut suite = Suite::connected();
    suite.registry(|r| r.set_operator("val-a", "key-a", 100, Decimal::one()));
    let first = one_update(&suite.crank().unwrap().messages);
    let (second, _) = second_update(&mut suite, 200);

    // The consumer applied 2 at 60, then received 1 at 70 and skipped it; the relay hears of 1
    // first.
    suite.ack(&first, applied_at(1, 70)).unwrap();
    assert_eq!(
        where_applied(&suite, "val-a", 70)
            .in_force
            .unwrap()
            .update_id,
        1
    );
    suite.ack(&second, applied_at(2, 60)).unwrap();
    let at = where_applied(&suite, "val-a", 1_000);
    assert_eq!(at.in_force.unwrap().update_id, 2);
    assert_eq!(
        where_applied(&suite, "val-a", 59).next.unwrap().update_id,
        2
    );

    // Same updates, the consumer applied 1 at 55 and 2 at 60; acks in the other order: both
    // were in force in turn.
    let mut suite = Suite::connected();
    suite.registry(|r| r.set_operator("val-a", "key-a", 100, Decimal::one()));
    let first = one_update(&suite.crank().unwrap().messages);
    let (second, _) = second_update(&mut suite, 200);
    suite.ack(&second, applied_at(2, 60)).unwrap();
    suite.ack(&first, applied_at(1, 55)).unwrap();
    assert_eq!(
        where_applied(&suite, "val-a", 57)
            .in_force
            .unwrap()
            .update_id,
        1
    );
    assert_eq!(
        where_applied(&suite, "val-a", 60)
            .in_force
            .unwrap()
            .update_id,
        2
    );

    // And 1 received at 65 after 2 at 60, acks in the consumer's order: 1 was skipped.
    let mut suite = Suite::connected();
    suite.registry(|r| r.set_operator("val-a", "key-a", 100, Decimal::one()));
    let first = one_update(&suite.crank().unwrap().messages);
    let (second, _) = second_update(&mut suite, 200);
    suite.ack(&second, applied_at(2, 60)).unwrap();
    suite.ack(&first, applied_at(1, 65)).unwrap();
    let at = where_applied(&suite, "val-a", 1_000);
    assert_eq!((at.in_force.unwrap().update_id, at.next), (2, None));
}

#[test]
fn each_update_answers_with_the_key_it_carried() {
    let (mut suite, _) = with_update_applied();
    // val-a rotates its key: update 2 carries the new one; val-b is removed in update 3.
    let rotated = public_key(&signing_key(9));
    let new_key = rotated.clone();
    suite.registry(|r| r.operator_mut("val-a").opt_in.consumer_key = new_key);
    let (packet, _) = second_update(&mut suite, 500_000);
    suite.ack(&packet, applied_at(2, 80)).unwrap();
    suite.registry(|r| r.remove_operator("val-b"));
    let packet = one_update(&suite.crank().unwrap().messages);
    suite.ack(&packet, applied_at(3, 90)).unwrap();

    let key_at = |suite: &Suite, operator: &str, height: u64| {
        where_applied(suite, operator, height)
            .in_force
            .unwrap()
            .consumer_key
    };
    assert_eq!(key_at(&suite, "val-a", 79), Some(public_key(&key_a())));
    assert_eq!(key_at(&suite, "val-a", 80), Some(rotated.clone()));
    assert_eq!(
        key_at(&suite, "val-b", 89),
        Some(public_key(&signing_key(2)))
    );
    assert_eq!(key_at(&suite, "val-b", 90), None, "removed");

    // A deployment from before keys were recorded: none recorded for the operator answers the
    // key last sent; with later ones recorded, an older update's key is unknown.
    SENT_KEYS.remove(&mut suite.deps.storage, (CHAIN, "val-a", 1));
    SENT_KEYS.remove(&mut suite.deps.storage, (CHAIN, "val-a", 2));
    assert_eq!(key_at(&suite, "val-a", 79), Some(rotated.clone()));
    SENT_KEYS
        .save(&mut suite.deps.storage, (CHAIN, "val-a", 2), &rotated)
        .unwrap();
    assert_eq!(key_at(&suite, "val-a", 79), None);
}

#[test]
fn verified_evidence_opens_a_double_sign_slash_at_the_stake_in_force() {
    let (mut suite, first_sent) = with_update_applied();
    // The stake the first update carried, read at the end of its block: 800,000 × 0.5.
    suite.registry(|r| {
        let _ = r.power_at.insert(
            ("val-a".to_string(), CHAIN.to_string(), first_sent + 1),
            PowerAtResponse {
                hub_stake: Uint128::new(800_000),
                allocation: Decimal::percent(50),
                restaked_power: Uint128::new(400_000),
            },
        );
    });
    // The consumer's channel is closed: evidence needs no consumer.
    suite.close(CHANNEL).unwrap();
    let response = submit(&mut suite, "val-a", double_sign(&key_a(), CHAIN, 64)).unwrap();
    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "slash_request");
    assert_eq!(attr(a, "verified"), "true");
    assert_eq!(attr(a, "request_id"), "0");
    assert_eq!(attr(a, "slash_id"), "1");
    assert_eq!(attr(a, "amount"), "20000");

    let slash: SlashResponse = suite.book_query(BookQuery::Slash { slash_id: 1 });
    assert_eq!(slash.operator, "val-a");
    assert_eq!(slash.infraction, Infraction::DoubleSign);
    assert_eq!(slash.infraction_height, 64);
    assert_eq!(slash.update_id, 1);
    assert_eq!(slash.provider_height, first_sent);
    assert_eq!(slash.stake_at_infraction, Uint128::new(800_000));
    assert_eq!(slash.amount, Uint128::new(20_000));
    assert_eq!(slash.fraction, DOUBLE_SIGN);
    assert_eq!(slash.status, SlashStatus::Pending);
    // No update applied since: the latest the votes can be is now.
    assert_eq!(slash.infraction_time, suite.env.block.time);
    assert_eq!(
        slash.executable_at,
        Some(suite.env.block.time.plus_seconds(VETO_PERIOD))
    );
    let evidence = slash.evidence.unwrap();
    assert!(
        evidence.starts_with("verified double sign: precommit votes at height 64 round 0"),
        "{evidence}"
    );
    // The exposure reached the relay's copy, which the hub reads.
    let exposure: ExposureResponse = suite.book_query(BookQuery::Exposure { operator: None });
    assert_eq!(exposure.total, Uint128::new(20_000));
    assert_eq!(
        TOTAL_EXPOSURE.load(&suite.deps.storage).unwrap(),
        Uint128::new(20_000)
    );
}

#[test]
fn the_update_in_force_at_the_votes_height_sets_stake_key_and_age() {
    let (mut suite, _) = with_update_applied();
    let (packet, second_sent) = second_update(&mut suite, 200_000);
    suite.ack(&packet, applied_at(2, 80)).unwrap();
    // At 80 update 2 is in force: its stake (the registry's current answer), not update 1's.
    submit(&mut suite, "val-a", double_sign(&key_a(), CHAIN, 85)).unwrap();
    let slash: SlashResponse = suite.book_query(BookQuery::Slash { slash_id: 1 });
    assert_eq!((slash.update_id, slash.provider_height), (2, second_sent));
    assert_eq!(slash.amount, Uint128::new(10_000));

    // A double sign at 70, under update 1: its latest time is when update 2 was applied.
    let (mut suite, _) = with_update_applied();
    let (packet, _) = second_update(&mut suite, 200_000);
    suite.ack(&packet, applied_at(2, 80)).unwrap();
    submit(&mut suite, "val-a", double_sign(&key_a(), CHAIN, 70)).unwrap();
    let slash: SlashResponse = suite.book_query(BookQuery::Slash { slash_id: 1 });
    assert_eq!(slash.update_id, 1);
    assert_eq!(slash.infraction_time, consumer_time(80));
}

#[test]
fn evidence_that_does_not_hold_is_refused_and_changes_nothing() {
    let (mut suite, _) = with_update_applied();
    let key = key_a();
    let other = signing_key(3);

    // Before the consumer applied anything for val-a.
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&key, CHAIN, 49),
        BookError::NothingInForce {
            operator: "val-a".to_string(),
            height: 49,
        },
    );
    // An operator the relay never sent.
    assert_refused(
        &mut suite,
        "val-z",
        double_sign(&key, CHAIN, 60),
        BookError::NothingInForce {
            operator: "val-z".to_string(),
            height: 60,
        },
    );
    // Signed by another key, or one vote by it.
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&other, CHAIN, 60),
        BookError::Evidence(EvidenceError::BadSignature { which: 'a' }),
    );
    let (a, _) = double_sign(&key, CHAIN, 60);
    let (_, b) = double_sign(&other, CHAIN, 60);
    assert_refused(
        &mut suite,
        "val-a",
        (a.clone(), b),
        BookError::Evidence(EvidenceError::BadSignature { which: 'b' }),
    );
    // Signed for another chain.
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&key, "consumer-2", 60),
        BookError::Evidence(EvidenceError::BadSignature { which: 'a' }),
    );
    // One vote twice; the same block; other heights; another round.
    assert_refused(
        &mut suite,
        "val-a",
        (a.clone(), a.clone()),
        BookError::Evidence(EvidenceError::SameBlock),
    );
    let same_block = precommit(&key, CHAIN, 60, Some(block(1)));
    assert_refused(
        &mut suite,
        "val-a",
        (a.clone(), same_block),
        BookError::Evidence(EvidenceError::SameBlock),
    );
    let later = precommit(&key, CHAIN, 61, Some(block(2)));
    assert_refused(
        &mut suite,
        "val-a",
        (a.clone(), later),
        BookError::Evidence(EvidenceError::NotSameStep),
    );
    let mut other_round = precommit(&key, CHAIN, 60, Some(block(2)));
    other_round.round = 1;
    let other_round = palisade_testing::evidence::sign(&key, CHAIN, other_round);
    assert_refused(
        &mut suite,
        "val-a",
        (a.clone(), other_round),
        BookError::Evidence(EvidenceError::NotSameStep),
    );
    // A signature with one bit flipped.
    let mut flipped = a.clone();
    let mut bytes = flipped.signature.to_vec();
    bytes[10] ^= 1;
    flipped.signature = Binary::from(bytes);
    assert_refused(
        &mut suite,
        "val-a",
        (double_sign(&key, CHAIN, 60).1, flipped),
        BookError::Evidence(EvidenceError::BadSignature { which: 'b' }),
    );
    // A signature of the wrong length.
    let mut short = a.clone();
    short.signature = Binary::from(vec![1; 63]);
    assert_refused(
        &mut suite,
        "val-a",
        (short, double_sign(&key, CHAIN, 60).1),
        BookError::Evidence(EvidenceError::Malformed),
    );
    // A vote for nil against one for a block conflicts: accepted.
    let nil = precommit(&key, CHAIN, 60, None);
    submit(&mut suite, "val-a", (a, nil)).unwrap();
}

#[test]
fn one_slash_per_offence_whoever_reports_first() {
    let (mut suite, _) = with_update_applied();
    let votes = double_sign(&key_a(), CHAIN, 64);
    submit(&mut suite, "val-a", votes.clone()).unwrap();
    // The same evidence again, swapped, or another double sign of the operator.
    let covered = || BookError::AlreadySlashed {
        operator: "val-a".to_string(),
    };
    let duplicate = || BookError::DuplicateInfraction {
        operator: "val-a".to_string(),
        infraction: Infraction::DoubleSign,
        infraction_height: 64,
        slash_id: 1,
    };
    assert_refused(&mut suite, "val-a", votes.clone(), duplicate());
    assert_refused(&mut suite, "val-a", (votes.1, votes.0), duplicate());
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&key_a(), CHAIN, 70),
        covered(),
    );
    // The consumer's report of the same offence comes second: refused.
    let request = SlashRequest {
        request_id: 1,
        operator: "val-a".to_string(),
        infraction: Infraction::DoubleSign,
        infraction_height: 64,
        infraction_time: suite.env.block.time.minus_seconds(5),
        update_id: 1,
        evidence: None,
    };
    let response = suite.receive(&ConsumerPacket::SlashRequest(request.clone()));
    assert_eq!(error_ack(&response), duplicate().to_string());

    // The other way round: the consumer first, the evidence refused.
    let (mut suite, _) = with_update_applied();
    let response = suite.receive(&ConsumerPacket::SlashRequest(request));
    assert_eq!(attr(&response.attributes, "action"), "slash_request");
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&key_a(), CHAIN, 64),
        duplicate(),
    );
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&key_a(), CHAIN, 65),
        covered(),
    );
}

#[test]
fn request_id_zero_is_not_a_consumers() {
    let (mut suite, _) = with_update_applied();
    let request = SlashRequest {
        request_id: 0,
        operator: "val-a".to_string(),
        infraction: Infraction::DoubleSign,
        infraction_height: 64,
        infraction_time: suite.env.block.time.minus_seconds(10),
        update_id: 1,
        evidence: None,
    };
    let before = suite.snapshot();
    let response = suite.receive(&ConsumerPacket::SlashRequest(request));
    assert_eq!(
        error_ack(&response),
        BookError::ReservedRequestId.to_string()
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn evidence_is_stale_once_an_unbonding_period_ran_since_the_next_update() {
    let (mut suite, _) = with_update_applied();
    let (packet, _) = second_update(&mut suite, 200_000);
    suite.ack(&packet, applied_at(2, 80)).unwrap();
    // The votes at 70 came before update 2 applied at 80 (consumer_time(80)).
    let deadline = consumer_time(80).plus_seconds(UNBONDING_PERIOD);
    suite.env.block.time = deadline.plus_seconds(1);
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&key_a(), CHAIN, 70),
        BookError::StaleInfraction {
            infraction_time: consumer_time(80),
            deadline,
            now: deadline.plus_seconds(1),
        },
    );
    // Under the update still in force nothing bounds it: not stale.
    submit(&mut suite, "val-a", double_sign(&key_a(), CHAIN, 90)).unwrap();
}

#[test]
fn evidence_under_a_rotated_key_counts_for_the_updates_that_carried_it() {
    let (mut suite, _) = with_update_applied();
    let new_key = signing_key(9);
    let rotated = public_key(&new_key);
    suite.registry(|r| r.operator_mut("val-a").opt_in.consumer_key = rotated);
    let (packet, _) = second_update(&mut suite, 500_000);
    suite.ack(&packet, applied_at(2, 80)).unwrap();

    // At 70 the old key was in force: the new key's votes there are not the operator's.
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&new_key, CHAIN, 70),
        BookError::Evidence(EvidenceError::BadSignature { which: 'a' }),
    );
    assert_refused(
        &mut suite,
        "val-a",
        double_sign(&key_a(), CHAIN, 85),
        BookError::Evidence(EvidenceError::BadSignature { which: 'a' }),
    );
    submit(&mut suite, "val-a", double_sign(&key_a(), CHAIN, 70)).unwrap();
}

/// The registry's history: val-b had its stake when update 1 (sent at `first_sent`) was sent,
/// then left; update 2 tells the consumer, which applies it at height 90.
fn remove_val_b(suite: &mut Suite, first_sent: u64) {
    suite.registry(|r| {
        let stake = PowerAtResponse {
            hub_stake: Uint128::new(500_000),
            allocation: Decimal::one(),
            restaked_power: Uint128::new(500_000),
        };
        let at = ("val-b".to_string(), CHAIN.to_string(), first_sent + 1);
        r.power_at.insert(at, stake);
        r.remove_operator("val-b");
    });
    let packet = one_update(&suite.crank().unwrap().messages);
    suite.ack(&packet, applied_at(2, 90)).unwrap();
}

#[test]
fn evidence_against_a_removed_operator_is_refused() {
    let (mut suite, first_sent) = with_update_applied();
    remove_val_b(&mut suite, first_sent);
    assert_refused(
        &mut suite,
        "val-b",
        double_sign(&signing_key(2), CHAIN, 95),
        BookError::NoKeyInForce {
            operator: "val-b".to_string(),
            update_id: 2,
        },
    );
    // Before its removal it had power under its key.
    submit(&mut suite, "val-b", double_sign(&signing_key(2), CHAIN, 85)).unwrap();
    let slash: SlashResponse = suite.book_query(BookQuery::Slash { slash_id: 1 });
    assert_eq!((slash.update_id, slash.amount), (1, Uint128::new(25_000)));
}

#[test]
fn the_allocation_is_the_one_the_update_in_force_was_computed_with() {
    let (mut suite, first_sent) = with_update_applied();
    let sent_at = suite
        .query::<palisade_api::relay::UpdateResponse>(QueryMsg::Update {
            chain_id: CHAIN.to_string(),
            update_id: 1,
        })
        .time;
    // When update 1 was sent: 1,000,000 at 50%. Since then the operator's raised allocation took
    // effect (100%), and no update carried it yet: the consumer held the 50% power.
    suite.registry(|r| {
        let then = PowerAtResponse {
            hub_stake: Uint128::new(1_000_000),
            allocation: Decimal::percent(50),
            restaked_power: Uint128::new(500_000),
        };
        r.power_at_time
            .insert(("val-a".to_string(), first_sent + 1, sent_at.nanos()), then);
        let raised = r.operator_mut("val-a");
        raised.opt_in.allocation = Decimal::one();
        raised.restaked_power = Uint128::new(1_000_000);
    });
    submit(&mut suite, "val-a", double_sign(&key_a(), CHAIN, 64)).unwrap();
    let slash: SlashResponse = suite.book_query(BookQuery::Slash { slash_id: 1 });
    assert_eq!(slash.allocation, Decimal::percent(50));
    // 5% × 500,000, not 5% × 1,000,000.
    assert_eq!(slash.amount, Uint128::new(25_000));
}

#[test]
fn an_operator_sent_before_keys_were_recorded_keeps_its_key_through_a_removal() {
    let (mut suite, first_sent) = with_update_applied();
    // As after an upgrade: val-b's key was sent before the relay recorded keys.
    SENT_KEYS.remove(&mut suite.deps.storage, (CHAIN, "val-b", 1));
    remove_val_b(&mut suite, first_sent);
    // The removal's record names the key it ended: update 1 carried it.
    let key_b = public_key(&signing_key(2));
    let at = where_applied(&suite, "val-b", 85).in_force.unwrap();
    assert_eq!((at.update_id, at.consumer_key), (1, Some(key_b)));
    assert_eq!(
        where_applied(&suite, "val-b", 95)
            .in_force
            .unwrap()
            .consumer_key,
        None
    );
    submit(&mut suite, "val-b", double_sign(&signing_key(2), CHAIN, 85)).unwrap();
}

#[test]
fn a_key_that_is_not_ed25519_in_base64_is_refused() {
    // The registry takes any non-empty key: "key-c" is not base64.
    let mut suite = Suite::connected();
    suite.registry(|r| r.set_operator("val-c", "key-c", 1_000_000, Decimal::percent(50)));
    let packet = one_update(&suite.crank().unwrap().messages);
    suite.ack(&packet, applied_at(1, 50)).unwrap();
    assert_refused(
        &mut suite,
        "val-c",
        double_sign(&signing_key(3), CHAIN, 60),
        BookError::KeyNotEd25519 {
            consumer_key: "key-c".to_string(),
        },
    );
}
