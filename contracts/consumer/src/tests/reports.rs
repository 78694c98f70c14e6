use palisade_api::consumer::OutboxStatus;
use palisade_api::ibc::MAX_EVIDENCE_BYTES;

use super::*;

const A: &str = "valoper1a";

/// Connected, with A (key-a) given power by update 1 ten blocks ago.
fn suite_with_power() -> Suite {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    suite.advance(10);
    suite
}

fn expected_request(suite: &Suite, request_id: u64, update_id: u64, height: u64) -> SlashRequest {
    let report = suite.infraction("key-a", Infraction::DoubleSign, height);
    SlashRequest {
        request_id,
        operator: A.to_string(),
        infraction: Infraction::DoubleSign,
        infraction_height: height,
        infraction_time: report.infraction_time,
        update_id,
        evidence: None,
    }
}

#[test]
fn report_sends_a_slash_request_to_the_provider() {
    let mut suite = suite_with_power();
    let height = suite.env.block.height - 3;
    let mut report = suite.infraction("key-a", Infraction::DoubleSign, height);
    report.evidence = Some("signed twice".to_string());
    let reporter = suite.reporter.clone();
    let response = suite.report(&reporter, report).unwrap();

    let mut expected = expected_request(&suite, 1, 1, height);
    expected.evidence = Some("signed twice".to_string());
    assert_eq!(
        sent(&response.messages),
        vec![(
            CHANNEL.to_string(),
            expected.clone(),
            suite.env.block.time.plus_seconds(PACKET_TIMEOUT)
        )]
    );
    let attributes = &response.attributes;
    assert_eq!(attr(attributes, "action"), "report_infraction");
    assert_eq!(attr(attributes, "request_id"), "1");
    assert_eq!(attr(attributes, "reporter"), reporter.as_str());
    assert_eq!(attr(attributes, "operator"), A);
    assert_eq!(attr(attributes, "infraction"), "double_sign");
    assert_eq!(attr(attributes, "infraction_height"), height.to_string());
    assert_eq!(attr(attributes, "update_id"), "1");
    assert_eq!(attr(attributes, "sent"), "true");
    assert_eq!(
        suite.request(1),
        OutboxEntryResponse {
            request: expected,
            status: OutboxStatus::InFlight,
            attempts: 1,
            last_sent_at: suite.env.block.time,
        }
    );
}

#[test]
fn report_cites_the_update_that_set_the_operators_power() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100), ("valoper1b", "key-b", 5)], &[]);
    suite.advance(10);
    // Update 2 carries only B (another page): A's power is still update 1's.
    suite.power_update(2, &[("valoper1b", "key-b", 6)], &[]);
    suite.advance(10);
    let owner = suite.owner.clone();
    let height = suite.env.block.height - 1;
    let report = suite.infraction("key-a", Infraction::DoubleSign, height);
    let response = suite.report(&owner, report).unwrap();
    assert_eq!(attr(&response.attributes, "update_id"), "1");
    assert_eq!(suite.request(1).request.update_id, 1);

    // Removed by update 3: no power after it, nothing to slash.
    suite.power_update(3, &[], &[A]);
    suite.advance(10);
    let height = suite.env.block.height - 1;
    let before = suite.snapshot();
    let report = suite.infraction("key-a", Infraction::Downtime, height);
    assert_eq!(
        suite.report(&owner, report).unwrap_err(),
        ContractError::NoPowerAtInfraction {
            infraction_height: height
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn report_names_the_update_in_force_at_the_infraction() {
    let mut suite = Suite::connected();
    let first = suite.env.block.height;
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    suite.advance(100);
    let second = suite.env.block.height;
    suite.power_update(2, &[(A, "key-a", 80)], &[]);
    // A late, older update does not move the update in force.
    suite.advance(50);
    suite.power_update(1, &[("valoper1b", "key-b", 5)], &[]);
    suite.advance(50);

    let owner = suite.owner.clone();
    let cases = [
        (first, Infraction::DoubleSign, 1),
        (second - 1, Infraction::DoubleSign, 2),
        (second, Infraction::Downtime, 3),
        (second + 75, Infraction::DoubleSign, 4),
    ];
    let expected_update = [1, 1, 2, 2];
    for ((height, infraction, request_id), update_id) in cases.into_iter().zip(expected_update) {
        let report = suite.infraction("key-a", infraction, height);
        let response = suite.report(&owner, report).unwrap();
        assert_eq!(
            attr(&response.attributes, "update_id"),
            update_id.to_string()
        );
        assert_eq!(suite.request(request_id).request.update_id, update_id);
    }

    let before = suite.snapshot();
    let report = suite.infraction("key-a", Infraction::DoubleSign, first - 1);
    assert_eq!(
        suite.report(&owner, report).unwrap_err(),
        ContractError::NoPowerAtInfraction {
            infraction_height: first - 1
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn refused_reports_change_nothing() {
    let mut suite = suite_with_power();
    let owner = suite.owner.clone();
    let height = suite.env.block.height;
    // One accepted report, so a duplicate has something to collide with.
    let report = suite.infraction("key-a", Infraction::Downtime, height - 1);
    suite.report(&owner, report).unwrap();

    let stranger = suite.addr("stranger");
    let valid = suite.infraction("key-a", Infraction::DoubleSign, height - 1);
    let with = |change: &dyn Fn(&mut InfractionReport)| {
        let mut report = valid.clone();
        change(&mut report);
        report
    };
    let cases: Vec<(Addr, InfractionReport, ContractError)> = vec![
        (
            stranger.clone(),
            valid.clone(),
            ContractError::Unauthorized {
                sender: stranger.to_string(),
            },
        ),
        (
            owner.clone(),
            with(&|r| r.consumer_key = "key-z".to_string()),
            ContractError::UnknownConsumerKey {
                consumer_key: "key-z".to_string(),
            },
        ),
        (
            owner.clone(),
            with(&|r| r.infraction_height = height + 1),
            ContractError::InfractionInFuture {
                infraction_height: height + 1,
                infraction_time: valid.infraction_time,
                height,
                time: suite.env.block.time,
            },
        ),
        (
            owner.clone(),
            with(&|r| r.infraction_time = suite.env.block.time.plus_nanos(1)),
            ContractError::InfractionInFuture {
                infraction_height: height - 1,
                infraction_time: suite.env.block.time.plus_nanos(1),
                height,
                time: suite.env.block.time,
            },
        ),
        (
            owner.clone(),
            with(&|r| r.evidence = Some("x".repeat(MAX_EVIDENCE_BYTES + 1))),
            ContractError::EvidenceTooLong {
                len: MAX_EVIDENCE_BYTES + 1,
                max: MAX_EVIDENCE_BYTES,
            },
        ),
        (
            owner.clone(),
            with(&|r| r.infraction = Infraction::Downtime),
            ContractError::DuplicateReport {
                operator: A.to_string(),
                infraction: "downtime".to_string(),
                infraction_height: height - 1,
                request_id: 1,
            },
        ),
    ];
    for (sender, report, expected) in cases {
        let before = suite.snapshot();
        assert_eq!(suite.report(&sender, report).unwrap_err(), expected);
        assert_eq!(suite.snapshot(), before);
    }

    // The longest evidence allowed, and another kind of infraction at the same height, pass.
    let report = with(&|r| r.evidence = Some("x".repeat(MAX_EVIDENCE_BYTES)));
    let response = suite.report(&owner, report).unwrap();
    assert_eq!(attr(&response.attributes, "request_id"), "2");
}

#[test]
fn report_without_a_channel_waits_and_is_retried_once_connected() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    let close = cosmwasm_std::testing::mock_ibc_channel_close_confirm(
        CHANNEL,
        PROTOCOL_ORDER,
        PROTOCOL_VERSION,
    );
    crate::ibc::ibc_channel_close(suite.deps.as_mut(), suite.env.clone(), close).unwrap();
    suite.advance(10);

    let height = suite.env.block.height - 2;
    let reported_at = suite.env.block.time;
    let report = suite.infraction("key-a", Infraction::DoubleSign, height);
    let response = suite.sudo_report(report).unwrap();
    assert!(response.messages.is_empty());
    assert_eq!(attr(&response.attributes, "sent"), "false");
    assert_eq!(attr(&response.attributes, "reporter"), "sudo");
    let waiting = suite.request(1);
    assert_eq!(waiting.status, OutboxStatus::TimedOut);
    assert_eq!(waiting.attempts, 0);
    assert_eq!(waiting.last_sent_at, reported_at);

    assert_eq!(suite.retry(None).unwrap_err(), ContractError::NotConnected);

    suite.handshake("channel-1").unwrap();
    suite.advance(1);
    let response = suite.retry(None).unwrap();
    let expected = expected_request(&suite, 1, 1, height);
    assert_eq!(
        sent(&response.messages),
        vec![(
            "channel-1".to_string(),
            expected,
            suite.env.block.time.plus_seconds(PACKET_TIMEOUT)
        )]
    );
    assert_eq!(attr(&response.attributes, "action"), "retry_timed_out");
    assert_eq!(attr(&response.attributes, "count"), "1");
    assert_eq!(attr(&response.attributes, "request_ids"), "1");
    let retried = suite.request(1);
    assert_eq!(retried.status, OutboxStatus::InFlight);
    assert_eq!(retried.attempts, 1);
    assert_eq!(retried.last_sent_at, suite.env.block.time);

    assert_eq!(
        suite.retry(None).unwrap_err(),
        ContractError::NothingToRetry
    );
}

#[test]
fn retry_sends_the_oldest_timed_out_requests_first() {
    let mut suite = Suite::new();
    let anyone = suite.addr("anyone");
    // No channel: reports wait. Power arrives on a channel opened and closed for the purpose.
    suite.handshake(CHANNEL).unwrap();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    let close = cosmwasm_std::testing::mock_ibc_channel_close_init(
        CHANNEL,
        PROTOCOL_ORDER,
        PROTOCOL_VERSION,
    );
    crate::ibc::ibc_channel_close(suite.deps.as_mut(), suite.env.clone(), close).unwrap();
    suite.advance(5);
    let top = suite.env.block.height;
    for height in [top - 3, top - 2, top - 1] {
        let report = suite.infraction("key-a", Infraction::Downtime, height);
        suite.sudo_report(report).unwrap();
    }
    suite.handshake("channel-1").unwrap();

    let response = suite
        .execute(&anyone, ExecuteMsg::RetryTimedOut { limit: Some(2) })
        .unwrap();
    let ids: Vec<u64> = sent(&response.messages)
        .into_iter()
        .map(|(_, request, _)| request.request_id)
        .collect();
    assert_eq!(ids, vec![1, 2]);
    assert_eq!(attr(&response.attributes, "request_ids"), "1,2");
    assert_eq!(suite.request(3).status, OutboxStatus::TimedOut);

    let response = suite.retry(Some(2)).unwrap();
    assert_eq!(sent(&response.messages)[0].1.request_id, 3);
}

#[test]
fn a_removed_operator_can_still_be_reported() {
    let mut suite = suite_with_power();
    let height = suite.env.block.height - 1;
    suite.power_update(2, &[], &[A]);
    suite.advance(1);
    let report = suite.infraction("key-a", Infraction::DoubleSign, height);
    let response = suite.sudo_report(report).unwrap();
    assert_eq!(attr(&response.attributes, "operator"), A);
    assert_eq!(attr(&response.attributes, "update_id"), "1");
}

#[test]
fn slash_requests_are_listed_newest_first() {
    let mut suite = suite_with_power();
    let top = suite.env.block.height;
    for height in [top - 3, top - 2, top - 1] {
        let report = suite.infraction("key-a", Infraction::Downtime, height);
        suite.sudo_report(report).unwrap();
    }
    let ids = |entries: Vec<OutboxEntryResponse>| -> Vec<u64> {
        entries.into_iter().map(|e| e.request.request_id).collect()
    };
    let all: Vec<OutboxEntryResponse> = suite.query(QueryMsg::SlashRequests {
        start_before: None,
        limit: None,
    });
    assert_eq!(ids(all), vec![3, 2, 1]);
    let page: Vec<OutboxEntryResponse> = suite.query(QueryMsg::SlashRequests {
        start_before: Some(3),
        limit: Some(1),
    });
    assert_eq!(ids(page), vec![2]);
}
