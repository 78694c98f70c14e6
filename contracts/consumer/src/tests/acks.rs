use cosmwasm_std::to_json_binary;
use cw_ownable::OwnershipError;
use palisade_api::consumer::OutboxStatus;
use palisade_api::ibc::{SlashRequestAck, SlashStatus};

use super::*;
use palisade_api::ibc::UNREADABLE_ACK;

const A: &str = "valoper1a";

/// Connected, A with power, and one slash request in flight.
fn suite_with_request() -> (Suite, SlashRequest) {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    suite.advance(10);
    let report = suite.infraction("key-a", Infraction::DoubleSign, suite.env.block.height - 1);
    let response = suite.sudo_report(report).unwrap();
    let (_, request, _) = sent(&response.messages).remove(0);
    (suite, request)
}

fn accepted(slash_id: u64) -> StdAck {
    StdAck::success(
        to_json_binary(&SlashRequestAck {
            slash_id,
            status: SlashStatus::Pending,
        })
        .unwrap(),
    )
}

#[test]
fn success_ack_marks_the_request_accepted() {
    let (mut suite, request) = suite_with_request();
    let response = suite.ack(&request, accepted(7)).unwrap();
    let attributes = &response.attributes;
    assert_eq!(attr(attributes, "action"), "slash_request_ack");
    assert_eq!(attr(attributes, "request_id"), "1");
    assert_eq!(attr(attributes, "status"), "accepted");
    assert_eq!(attr(attributes, "slash_id"), "7");
    assert_eq!(attr(attributes, "slash_status"), "pending");
    assert_eq!(
        suite.request(1).status,
        OutboxStatus::Accepted(SlashRequestAck {
            slash_id: 7,
            status: SlashStatus::Pending
        })
    );

    // A second answer for a request no longer in flight is ignored.
    let before = suite.snapshot();
    let response = suite.ack(&request, StdAck::error("late")).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "ack_ignored");
    assert_eq!(attr(&response.attributes, "reason"), "accepted");
    assert_eq!(suite.snapshot(), before);
    let response = suite.timeout(&request).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "timeout_ignored");
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn error_ack_marks_the_request_rejected() {
    let (mut suite, request) = suite_with_request();
    let response = suite
        .ack(&request, StdAck::error("operator not opted in"))
        .unwrap();
    assert_eq!(attr(&response.attributes, "status"), "rejected");
    assert_eq!(
        attr(&response.attributes, "reason"),
        "operator not opted in"
    );
    assert_eq!(
        suite.request(1).status,
        OutboxStatus::Rejected {
            reason: "operator not opted in".to_string()
        }
    );
}

#[test]
fn unreadable_ack_marks_the_request_rejected() {
    for ack in [
        Binary::from(b"\x01".as_slice()),
        StdAck::success(b"not json".as_slice()).to_binary(),
    ] {
        let (mut suite, request) = suite_with_request();
        suite.ack(&request, ack).unwrap();
        assert_eq!(
            suite.request(1).status,
            OutboxStatus::Rejected {
                reason: UNREADABLE_ACK.to_string()
            }
        );
    }
}

#[test]
fn timeout_marks_the_request_timed_out_and_retry_resends_it() {
    let (mut suite, request) = suite_with_request();
    let response = suite.timeout(&request).unwrap();
    assert_eq!(
        attr(&response.attributes, "action"),
        "slash_request_timeout"
    );
    assert_eq!(attr(&response.attributes, "request_id"), "1");
    assert_eq!(attr(&response.attributes, "attempts"), "1");
    assert_eq!(suite.request(1).status, OutboxStatus::TimedOut);

    suite.advance(200);
    let response = suite.retry(None).unwrap();
    assert_eq!(
        sent(&response.messages),
        vec![(
            CHANNEL.to_string(),
            request.clone(),
            suite.env.block.time.plus_seconds(PACKET_TIMEOUT)
        )]
    );
    let entry = suite.request(1);
    assert_eq!(entry.status, OutboxStatus::InFlight);
    assert_eq!(entry.attempts, 2);
    assert_eq!(entry.last_sent_at, suite.env.block.time);

    suite.ack(&request, accepted(3)).unwrap();
    assert!(matches!(suite.request(1).status, OutboxStatus::Accepted(_)));
}

#[test]
fn only_the_owner_resends_a_rejected_request() {
    let (mut suite, request) = suite_with_request();
    let owner = suite.owner.clone();
    let reporter = suite.reporter.clone();
    let resend = ExecuteMsg::ResendRejected { request_id: 1 };

    assert_eq!(
        suite.execute(&owner, resend.clone()).unwrap_err(),
        ContractError::NotRejected { request_id: 1 }
    );
    assert_eq!(
        suite
            .execute(&owner, ExecuteMsg::ResendRejected { request_id: 9 })
            .unwrap_err(),
        ContractError::UnknownRequest { request_id: 9 }
    );

    suite.ack(&request, StdAck::error("paused")).unwrap();
    let before = suite.snapshot();
    assert_eq!(
        suite.execute(&reporter, resend.clone()).unwrap_err(),
        ContractError::Ownership(OwnershipError::NotOwner)
    );
    assert_eq!(suite.snapshot(), before);

    suite.advance(1);
    let response = suite.execute(&owner, resend).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "resend_rejected");
    assert_eq!(attr(&response.attributes, "request_id"), "1");
    assert_eq!(attr(&response.attributes, "attempts"), "2");
    assert_eq!(sent(&response.messages)[0].1, request);
    let entry = suite.request(1);
    assert_eq!(entry.status, OutboxStatus::InFlight);
    assert_eq!(entry.attempts, 2);
}

#[test]
fn a_request_stranded_by_a_closed_channel_is_sent_again_on_the_next_one() {
    // In flight on channel-0, which closes before the acknowledgement comes back: it can never
    // be acknowledged, nor timed out (the relay received it).
    let (mut suite, request) = suite_with_request();
    let close = cosmwasm_std::testing::mock_ibc_channel_close_init(
        CHANNEL,
        PROTOCOL_ORDER,
        PROTOCOL_VERSION,
    );
    crate::ibc::ibc_channel_close(suite.deps.as_mut(), suite.env.clone(), close).unwrap();
    let owner = suite.owner.clone();
    let resend = ExecuteMsg::ResendRejected { request_id: 1 };
    // Until a new channel is open it is only in flight.
    assert_eq!(
        suite.execute(&owner, resend.clone()).unwrap_err(),
        ContractError::NotRejected { request_id: 1 }
    );
    suite.advance(5);
    suite.handshake("channel-1").unwrap();
    let response = suite.execute(&owner, resend.clone()).unwrap();
    let sent = sent(&response.messages);
    assert_eq!(sent[0].0, "channel-1");
    assert_eq!(sent[0].1, request);
    assert_eq!(suite.request(1).attempts, 2);
    // Now in flight on the open channel: not sent again.
    assert_eq!(
        suite.execute(&owner, resend).unwrap_err(),
        ContractError::NotRejected { request_id: 1 }
    );
}

/// One request in flight on channel-0, which then closes; channel-1 opens 5 s later.
fn request_sent_then_channel_replaced() -> (Suite, SlashRequest) {
    let (mut suite, request) = suite_with_request();
    let close = cosmwasm_std::testing::mock_ibc_channel_close_init(
        CHANNEL,
        PROTOCOL_ORDER,
        PROTOCOL_VERSION,
    );
    crate::ibc::ibc_channel_close(suite.deps.as_mut(), suite.env.clone(), close).unwrap();
    suite.advance(5);
    suite.handshake("channel-1").unwrap();
    (suite, request)
}

#[test]
fn a_late_timeout_of_a_send_on_a_closed_channel_leaves_the_resend_in_flight() {
    // Sent on channel-0, which closed before the relay received it; sent again on channel-1.
    // The first send's timeout, relayed late from channel-0, is not about the send in flight.
    let (mut suite, request) = request_sent_then_channel_replaced();
    let owner = suite.owner.clone();
    suite
        .execute(&owner, ExecuteMsg::ResendRejected { request_id: 1 })
        .unwrap();
    let before = suite.snapshot();

    let response = suite.timeout_on(CHANNEL, &request).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "timeout_ignored");
    assert_eq!(
        attr(&response.attributes, "reason"),
        "answer to a send on an earlier channel"
    );
    assert_eq!(suite.snapshot(), before);
    assert_eq!(suite.request(1).status, OutboxStatus::InFlight);

    // The answer to the send in flight counts.
    let ack = to_json_binary(&SlashRequestAck {
        slash_id: 7,
        status: SlashStatus::Pending,
    })
    .unwrap();
    suite
        .ack_on("channel-1", &request, StdAck::success(ack))
        .unwrap();
    assert!(matches!(
        suite.request(1).status,
        OutboxStatus::Accepted(SlashRequestAck { slash_id: 7, .. })
    ));
}

#[test]
fn a_timeout_of_a_send_never_repeated_still_counts_after_a_new_channel_opens() {
    // Sent on channel-0 only; a new channel opened since. Its timeout from channel-0 is the
    // answer to that send: the request waits for `retry_timed_out`.
    let (mut suite, request) = request_sent_then_channel_replaced();
    suite.timeout_on(CHANNEL, &request).unwrap();
    assert_eq!(suite.request(1).status, OutboxStatus::TimedOut);
    let response = suite.retry(None).unwrap();
    assert_eq!(sent(&response.messages)[0].0, "channel-1");
}

#[test]
fn resend_needs_an_open_channel() {
    let (mut suite, request) = suite_with_request();
    suite.ack(&request, StdAck::error("paused")).unwrap();
    let close = cosmwasm_std::testing::mock_ibc_channel_close_confirm(
        CHANNEL,
        PROTOCOL_ORDER,
        PROTOCOL_VERSION,
    );
    crate::ibc::ibc_channel_close(suite.deps.as_mut(), suite.env.clone(), close).unwrap();
    let owner = suite.owner.clone();
    assert_eq!(
        suite
            .execute(&owner, ExecuteMsg::ResendRejected { request_id: 1 })
            .unwrap_err(),
        ContractError::NotConnected
    );
}
