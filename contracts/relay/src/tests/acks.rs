use cosmwasm_std::{to_json_binary, Decimal, StdAck};
use palisade_api::ibc::PowerUpdateAck;
use palisade_api::relay::{UpdateResponse, UpdateStatus};

use super::*;

fn update_status(suite: &Suite, update_id: u64) -> UpdateStatus {
    let update: UpdateResponse = suite.query(QueryMsg::Update {
        chain_id: CHAIN.to_string(),
        update_id,
    });
    update.status
}

/// Connected, update 1 sent with val-a 100 and val-b 200.
fn with_update_sent() -> (Suite, ProviderPacket) {
    let mut suite = Suite::connected();
    suite.registry(|r| {
        r.set_operator("val-a", "key-a", 100, Decimal::one());
        r.set_operator("val-b", "key-b", 200, Decimal::one());
    });
    let response = suite.crank().unwrap();
    let packet = one_update(&response.messages);
    (suite, packet)
}

fn success(update_id: u64, applied: u32) -> StdAck {
    let ack = PowerUpdateAck {
        update_id,
        applied,
        height: None,
        time: None,
    };
    StdAck::success(to_json_binary(&ack).unwrap())
}

#[test]
fn success_ack_marks_the_update_delivered() {
    let (mut suite, packet) = with_update_sent();
    let response = suite.ack(&packet, success(1, 2)).unwrap();
    assert!(response.messages.is_empty());
    assert_eq!(
        attr(&response.attributes, "action"),
        "power_update_delivered"
    );
    assert_eq!(attr(&response.attributes, "chain_id"), CHAIN);
    assert_eq!(attr(&response.attributes, "update_id"), "1");
    assert_eq!(attr(&response.attributes, "applied"), "2");
    assert_eq!(update_status(&suite, 1), UpdateStatus::Delivered);
    // An update is settled once.
    let err = suite.ack(&packet, success(1, 2)).unwrap_err();
    assert_eq!(
        err,
        ContractError::UpdateNotInFlight {
            chain_id: CHAIN.to_string(),
            update_id: 1,
            status: UpdateStatus::Delivered
        }
    );
}

#[test]
fn error_ack_resends_the_latest_state_with_a_new_id() {
    let (mut suite, packet) = with_update_sent();
    // Update 2 changes val-a and removes val-b before update 1 is refused.
    suite.registry(|r| {
        r.set_operator("val-a", "key-a", 150, Decimal::one());
        r.remove_operator("val-b");
    });
    suite.crank().unwrap();
    suite.advance(3);

    let response = suite.ack(&packet, StdAck::error("boom")).unwrap();
    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "power_update_failed");
    assert_eq!(attr(a, "chain_id"), CHAIN);
    assert_eq!(attr(a, "update_id"), "1");
    assert_eq!(attr(a, "reason"), "boom");
    assert_eq!(attr(a, "resent_update_id"), "3");
    let updates = sent(&response.messages);
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].0, CHANNEL);
    assert_eq!(
        updates[0].1,
        power_update(3, &[("val-a", "key-a", 150)], &["val-b"])
    );
    assert_eq!(
        updates[0].2,
        suite.env.block.time.plus_seconds(PACKET_TIMEOUT)
    );

    assert_eq!(update_status(&suite, 1), UpdateStatus::Failed);
    let resent: UpdateResponse = suite.query(QueryMsg::Update {
        chain_id: CHAIN.to_string(),
        update_id: 3,
    });
    assert_eq!(resent.height, suite.env.block.height);
    assert_eq!(resent.status, UpdateStatus::InFlight);
    assert_eq!(
        resent.operators,
        vec!["val-a".to_string(), "val-b".to_string()]
    );
    assert_eq!(suite.channel().next_update_id, 4);
    // What was sent does not change; the re-send just carries it again.
    assert_eq!(suite.channel().total_power, cosmwasm_std::Uint128::new(150));
}

#[test]
fn timeout_resends_with_a_new_id() {
    let (mut suite, packet) = with_update_sent();
    let response = suite.timeout(&packet).unwrap();
    assert_eq!(attr(&response.attributes, "reason"), "timeout");
    assert_eq!(attr(&response.attributes, "resent_update_id"), "2");
    assert_eq!(
        one_update(&response.messages),
        power_update(2, &[("val-a", "key-a", 100), ("val-b", "key-b", 200)], &[])
    );
    assert_eq!(update_status(&suite, 1), UpdateStatus::Failed);
    assert_eq!(update_status(&suite, 2), UpdateStatus::InFlight);
}

#[test]
fn unreadable_ack_counts_as_a_failure() {
    let (mut suite, packet) = with_update_sent();
    let msg = cosmwasm_std::testing::mock_ibc_packet_ack(
        CHANNEL,
        &packet,
        IbcAcknowledgement::new(Binary::from(b"not json".to_vec())),
    )
    .unwrap();
    let response = ibc_packet_ack(suite.deps.as_mut(), suite.env.clone(), msg).unwrap();
    assert_eq!(
        attr(&response.attributes, "reason"),
        "unreadable acknowledgement"
    );
    assert_eq!(sent(&response.messages).len(), 1);
}

#[test]
fn failure_without_an_open_channel_waits_for_the_next_channel() {
    let (mut suite, packet) = with_update_sent();
    suite.close(CHANNEL).unwrap();
    let response = suite.timeout(&packet).unwrap();
    assert!(response.messages.is_empty());
    assert_eq!(attr(&response.attributes, "resent_update_id"), "none");
    assert_eq!(update_status(&suite, 1), UpdateStatus::Failed);

    // The next channel's first crank carries everything.
    suite.handshake("channel-1").unwrap();
    let response = suite.crank().unwrap();
    let updates = sent(&response.messages);
    assert_eq!(updates[0].0, "channel-1");
    assert_eq!(
        updates[0].1,
        power_update(2, &[("val-a", "key-a", 100), ("val-b", "key-b", 200)], &[])
    );
}

#[test]
fn late_ack_on_a_replaced_channel_still_settles_its_update() {
    let (mut suite, packet) = with_update_sent();
    suite.close(CHANNEL).unwrap();
    suite.handshake("channel-1").unwrap();
    let response = suite
        .ack_on(CHANNEL, &packet, StdAck::error("late"))
        .unwrap();
    // Re-sent on the consumer's current channel.
    let updates = sent(&response.messages);
    assert_eq!(updates[0].0, "channel-1");
    assert_eq!(update_status(&suite, 1), UpdateStatus::Failed);
}

#[test]
fn ack_of_an_unknown_update_or_channel_is_refused() {
    let (mut suite, _) = with_update_sent();
    let err = suite
        .ack(&power_update(9, &[], &["val-a"]), success(9, 0))
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownUpdate {
            chain_id: CHAIN.to_string(),
            update_id: 9
        }
    );
    let err = suite
        .ack_on("channel-9", &power_update(1, &[], &[]), success(1, 0))
        .unwrap_err();
    assert!(matches!(err, ContractError::UnknownChannel { .. }));
}
