use cosmwasm_std::testing::mock_ibc_packet_recv;
use palisade_api::consumer::QueryMsg;

use super::*;

const A: &str = "valoper1a";
const B: &str = "valoper1b";
const C: &str = "valoper1c";

fn operator(operator: &str, key: &str, power: u128, update_id: u64) -> OperatorResponse {
    OperatorResponse {
        operator: operator.to_string(),
        consumer_key: key.to_string(),
        power: Uint128::new(power),
        update_id,
    }
}

fn summary(last_update_id: u64, total_power: u128, operators: u32) -> PowerSummaryResponse {
    PowerSummaryResponse {
        last_update_id,
        total_power: Uint128::new(total_power),
        operators,
    }
}

#[test]
fn power_update_sets_operators_and_totals() {
    let mut suite = Suite::connected();
    let response = suite.power_update(1, &[(A, "key-a", 100), (B, "key-b", 50)], &[]);
    assert_eq!(
        power_ack(&response),
        PowerUpdateAck {
            update_id: 1,
            applied: 2,
            height: Some(suite.env.block.height),
            time: Some(suite.env.block.time),
        }
    );
    let attributes = &response.attributes;
    assert_eq!(attr(attributes, "action"), "power_update");
    assert_eq!(attr(attributes, "update_id"), "1");
    assert_eq!(attr(attributes, "applied"), "2");
    assert_eq!(attr(attributes, "skipped"), "0");
    assert_eq!(attr(attributes, "total_power"), "150");

    assert_eq!(suite.operator(A), operator(A, "key-a", 100, 1));
    let by_key: OperatorResponse = suite.query(QueryMsg::OperatorByKey {
        consumer_key: "key-b".to_string(),
    });
    assert_eq!(by_key, operator(B, "key-b", 50, 1));
    assert_eq!(suite.summary(), summary(1, 150, 2));

    // A changes, B is untouched.
    suite.power_update(2, &[(A, "key-a", 70)], &[]);
    assert_eq!(suite.operator(A), operator(A, "key-a", 70, 2));
    assert_eq!(suite.operator(B), operator(B, "key-b", 50, 1));
    assert_eq!(suite.summary(), summary(2, 120, 2));
}

#[test]
fn an_older_update_never_overwrites_a_newer_one() {
    let mut suite = Suite::connected();
    suite.power_update(3, &[(A, "key-a", 300)], &[]);

    // Update 2 arrives late: A is skipped, B (not set by update 3) is applied.
    let response = suite.power_update(2, &[(A, "key-a", 200), (B, "key-b", 20)], &[]);
    assert_eq!(
        power_ack(&response),
        PowerUpdateAck {
            update_id: 2,
            applied: 1,
            height: Some(suite.env.block.height),
            time: Some(suite.env.block.time),
        }
    );
    assert_eq!(attr(&response.attributes, "skipped"), "1");
    assert_eq!(suite.operator(A), operator(A, "key-a", 300, 3));
    assert_eq!(suite.operator(B), operator(B, "key-b", 20, 2));
    assert_eq!(suite.summary(), summary(3, 320, 2));

    // Update 3 re-sent: nothing changes.
    let before = suite.snapshot();
    let response = suite.power_update(3, &[(A, "key-a", 300)], &[]);
    assert_eq!(power_ack(&response).applied, 0);
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn removal_zeroes_power_and_keeps_the_key() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100), (B, "key-b", 50)], &[]);
    let response = suite.power_update(2, &[], &[A]);
    assert_eq!(power_ack(&response).applied, 1);
    assert_eq!(attr(&response.attributes, "total_power"), "50");
    assert_eq!(suite.operator(A), operator(A, "key-a", 0, 2));
    assert_eq!(suite.summary(), summary(2, 50, 1));
    let by_key: OperatorResponse = suite.query(QueryMsg::OperatorByKey {
        consumer_key: "key-a".to_string(),
    });
    assert_eq!(by_key.operator, A);

    // Removed operators are still listed, with power 0.
    let listed: Vec<OperatorResponse> = suite.query(QueryMsg::Operators {
        start_after: None,
        limit: None,
    });
    assert_eq!(
        listed,
        vec![operator(A, "key-a", 0, 2), operator(B, "key-b", 50, 1)]
    );

    // An older update giving A power again is skipped.
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    assert_eq!(suite.operator(A).power, Uint128::zero());
}

#[test]
fn removal_arriving_before_the_addition_wins() {
    let mut suite = Suite::connected();
    let response = suite.power_update(5, &[], &[C]);
    assert_eq!(power_ack(&response).applied, 1);
    assert_eq!(suite.operator(C), operator(C, "", 0, 5));

    let response = suite.power_update(4, &[(C, "key-c", 40)], &[]);
    assert_eq!(power_ack(&response).applied, 0);
    assert_eq!(suite.operator(C).power, Uint128::zero());
    assert_eq!(suite.summary(), summary(5, 0, 0));

    // A newer update adds it with its key.
    suite.power_update(6, &[(C, "key-c", 40)], &[]);
    assert_eq!(suite.operator(C), operator(C, "key-c", 40, 6));
    assert_eq!(suite.summary(), summary(6, 40, 1));
}

#[test]
fn a_rotated_key_still_resolves_to_its_operator() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    suite.power_update(2, &[(A, "key-a2", 100)], &[]);
    for key in ["key-a", "key-a2"] {
        let by_key: OperatorResponse = suite.query(QueryMsg::OperatorByKey {
            consumer_key: key.to_string(),
        });
        assert_eq!(by_key, operator(A, "key-a2", 100, 2));
    }
    assert_eq!(suite.summary(), summary(2, 100, 1));
}

#[test]
fn a_key_passes_to_another_operator_once_its_holder_has_no_power() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    suite.power_update(2, &[], &[A]);
    // The provider freed A's key (A's opt-out took effect); C opts in with it.
    let response = suite.power_update(3, &[(C, "key-a", 40)], &[]);
    assert_eq!(power_ack(&response).applied, 1);
    let by_key: OperatorResponse = suite.query(QueryMsg::OperatorByKey {
        consumer_key: "key-a".to_string(),
    });
    assert_eq!(by_key, operator(C, "key-a", 40, 3));
    // While C holds power with it, the key is C's alone.
    let msg = recv(power_update(4, &[(A, "key-a", 10)], &[]));
    assert_refused(
        &mut suite,
        msg,
        "consumer key key-a belongs to valoper1c, not valoper1a",
    );
}

#[test]
fn a_key_passes_on_in_the_packet_that_removes_its_holder() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    let response = suite.power_update(2, &[(C, "key-a", 40)], &[A]);
    assert_eq!(power_ack(&response).applied, 2);
    assert_eq!(suite.operator(A).power, Uint128::zero());
    assert_eq!(suite.operator(C), operator(C, "key-a", 40, 2));
    assert_eq!(suite.summary(), summary(2, 40, 1));
}

/// Each refused packet gets an error ack naming the reason and leaves all state as it was.
fn assert_refused(suite: &mut Suite, msg: IbcPacketReceiveMsg, reason: &str) {
    let before = suite.snapshot();
    let response = suite.receive_msg(msg);
    assert_eq!(error_ack(&response), reason);
    assert_eq!(attr(&response.attributes, "action"), "power_update_refused");
    assert_eq!(attr(&response.attributes, "reason"), reason);
    assert!(response.messages.is_empty());
    assert_eq!(suite.snapshot(), before);
}

fn recv(packet: ProviderPacket) -> IbcPacketReceiveMsg {
    mock_ibc_packet_recv(CHANNEL, &packet).unwrap()
}

#[test]
fn malformed_packet_gets_an_error_ack() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    let mut msg = recv(power_update(2, &[], &[]));
    msg.packet.data = Binary::from(br#"{"slash_request":{}}"#.as_slice());
    let before = suite.snapshot();
    let response = suite.receive_msg(msg);
    assert!(error_ack(&response).starts_with("malformed packet: "));
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn packet_on_an_unknown_channel_gets_an_error_ack() {
    let mut suite = Suite::connected();
    let msg = mock_ibc_packet_recv("channel-9", &power_update(1, &[(A, "key-a", 1)], &[])).unwrap();
    assert_refused(
        &mut suite,
        msg,
        "channel channel-9 is not the open channel to the provider",
    );

    // Before any channel is connected too.
    let mut suite = Suite::new();
    let msg = recv(power_update(1, &[(A, "key-a", 1)], &[]));
    assert_refused(
        &mut suite,
        msg,
        "channel channel-0 is not the open channel to the provider",
    );
}

#[test]
fn key_of_another_operator_refuses_the_whole_packet() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    // B's entry is valid, but C claims A's key: nothing is applied.
    let msg = recv(power_update(2, &[(B, "key-b", 50), (C, "key-a", 10)], &[]));
    assert_refused(
        &mut suite,
        msg,
        "consumer key key-a belongs to valoper1a, not valoper1c",
    );
    // Two operators with one key in the same packet.
    let msg = recv(power_update(2, &[(B, "key-x", 50), (C, "key-x", 10)], &[]));
    assert_refused(
        &mut suite,
        msg,
        "consumer key key-x belongs to valoper1b, not valoper1c",
    );
}

#[test]
fn invalid_entries_refuse_the_whole_packet() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100)], &[]);
    let cases = [
        (
            power_update(0, &[(B, "key-b", 1)], &[]),
            "update_id must be positive",
        ),
        (
            power_update(2, &[("", "key-b", 1)], &[]),
            "an operator address is empty",
        ),
        (
            power_update(2, &[(B, "key-b", 1)], &[""]),
            "an operator address is empty",
        ),
        (
            power_update(2, &[(B, "", 1)], &[]),
            "operator valoper1b has an empty consumer key",
        ),
        (
            power_update(2, &[(B, "key-b", 1), (B, "key-b", 2)], &[]),
            "operator valoper1b appears twice in the update",
        ),
        (
            power_update(2, &[(B, "key-b", 1)], &[B]),
            "operator valoper1b appears twice in the update",
        ),
    ];
    for (packet, reason) in cases {
        assert_refused(&mut suite, recv(packet), reason);
    }
}

/// The raw records of the map stored under `namespace`.
fn records_under(suite: &Suite, namespace: &str) -> Vec<Record> {
    let mut prefix = (namespace.len() as u16).to_be_bytes().to_vec();
    prefix.extend_from_slice(namespace.as_bytes());
    suite
        .deps
        .storage
        .range(None, None, Order::Ascending)
        .filter(|(key, _)| key.starts_with(&prefix))
        .collect()
}

#[test]
fn an_update_that_changes_only_powers_writes_only_history() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[(A, "key-a", 100), (B, "key-b", 50)], &[]);
    let (records, keys) = (
        records_under(&suite, "operators"),
        records_under(&suite, "keys"),
    );
    assert_eq!(records.len(), 2);
    assert_eq!(records_under(&suite, "operator_history").len(), 2);

    suite.advance(1);
    suite.power_update(2, &[(A, "key-a", 70), (B, "key-b", 60)], &[]);
    assert_eq!(records_under(&suite, "operators"), records);
    assert_eq!(records_under(&suite, "keys"), keys);
    assert_eq!(records_under(&suite, "operator_history").len(), 4);
    assert_eq!(suite.operator(A), operator(A, "key-a", 70, 2));
    assert_eq!(suite.operator(B), operator(B, "key-b", 60, 2));

    // A removal keeps the key record as it is.
    suite.advance(1);
    suite.power_update(3, &[], &[B]);
    assert_eq!(records_under(&suite, "operators"), records);
    assert_eq!(suite.operator(B), operator(B, "key-b", 0, 3));
    assert_eq!(suite.summary(), summary(3, 70, 1));
}

#[test]
fn records_written_by_release_0_1_0_read_as_before() {
    use crate::state::{KEYS, LAST_UPDATE_ID, OPERATORS, OPERATOR_HISTORY, POWER_TOTALS};
    let mut suite = Suite::connected();
    // What 0.1.0 stored for A's update 1 at this height: the record with its power and update,
    // the history entry with the same, the key's owner, the totals.
    let legacy = br#"{"consumer_key":"key-a","power":"100","update_id":1}"#;
    suite.deps.storage.set(&OPERATORS.key(A), legacy);
    let storage = &mut suite.deps.storage;
    let height = suite.env.block.height;
    OPERATOR_HISTORY
        .save(storage, (A, height), &(1, Uint128::new(100)))
        .unwrap();
    KEYS.save(storage, "key-a", &A.to_string()).unwrap();
    POWER_TOTALS
        .save(
            storage,
            &crate::state::PowerTotals {
                total_power: Uint128::new(100),
                operators: 1,
            },
        )
        .unwrap();
    LAST_UPDATE_ID.save(storage, &1).unwrap();
    assert_eq!(suite.operator(A), operator(A, "key-a", 100, 1));

    // A re-sent update 1 is skipped; update 2 changes the power and leaves the record as 0.1.0
    // wrote it (its stale power is never read).
    let response = suite.power_update(1, &[(A, "key-a", 999)], &[]);
    assert_eq!(attr(&response.attributes, "skipped"), "1");
    suite.advance(1);
    suite.power_update(2, &[(A, "key-a", 70)], &[]);
    assert_eq!(suite.deps.storage.get(&OPERATORS.key(A)).unwrap(), legacy);
    assert_eq!(suite.operator(A), operator(A, "key-a", 70, 2));
    let listed: Vec<OperatorResponse> = suite.query(QueryMsg::Operators {
        start_after: None,
        limit: None,
    });
    assert_eq!(listed, vec![operator(A, "key-a", 70, 2)]);
    assert_eq!(suite.summary(), summary(2, 70, 1));
    // A rotation writes the record in this release's form.
    suite.advance(1);
    suite.power_update(3, &[(A, "key-a2", 70)], &[]);
    assert_eq!(
        suite.deps.storage.get(&OPERATORS.key(A)).unwrap(),
        br#"{"consumer_key":"key-a2"}"#
    );
    assert_eq!(suite.operator(A), operator(A, "key-a2", 70, 3));
}
