use cosmwasm_std::{Decimal, Uint128};
use palisade_api::registry::{ConsumerStatus, OperatorStatus};
use palisade_api::relay::{UpdateResponse, UpdateStatus};

use super::*;

fn with_two_operators() -> Suite {
    let mut suite = Suite::connected();
    suite.registry(|r| {
        r.set_operator("val-a", "key-a", 1_000_000, Decimal::percent(50));
        r.set_operator("val-b", "key-b", 400_000, Decimal::one());
    });
    suite
}

#[test]
fn first_send_carries_every_operator_with_power() {
    let mut suite = with_two_operators();
    suite.registry(|r| r.set_operator("val-c", "key-c", 0, Decimal::one()));
    let response = suite.crank().unwrap();

    let updates = sent(&response.messages);
    assert_eq!(updates.len(), 1);
    let (channel_id, packet, timeout) = &updates[0];
    assert_eq!(channel_id, CHANNEL);
    assert_eq!(
        *packet,
        power_update(
            1,
            &[("val-a", "key-a", 500_000), ("val-b", "key-b", 400_000)],
            &[]
        )
    );
    assert_eq!(*timeout, suite.env.block.time.plus_seconds(PACKET_TIMEOUT));

    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "send_power_updates");
    assert_eq!(attr(a, "chain_id"), CHAIN);
    assert_eq!(attr(a, "sent"), "true");
    assert_eq!(attr(a, "update_id"), "1");
    assert_eq!(attr(a, "changed"), "2");
    assert_eq!(attr(a, "removed"), "0");
    assert_eq!(attr(a, "total_power"), "900000");
    assert_eq!(attr(a, "cursor"), "none");

    let channel = suite.channel();
    assert_eq!(channel.next_update_id, 2);
    assert_eq!(channel.total_power, Uint128::new(900_000));
    assert_eq!(channel.cursor, None);
    let update: UpdateResponse = suite.query(QueryMsg::Update {
        chain_id: CHAIN.to_string(),
        update_id: 1,
    });
    assert_eq!(
        update,
        UpdateResponse {
            chain_id: CHAIN.to_string(),
            update_id: 1,
            height: suite.env.block.height,
            time: suite.env.block.time,
            status: UpdateStatus::InFlight,
            operators: vec!["val-a".to_string(), "val-b".to_string()],
        }
    );
    assert_eq!(
        suite.sent_powers(),
        vec![
            OperatorPower {
                operator: "val-a".to_string(),
                consumer_key: "key-a".to_string(),
                power: Uint128::new(500_000)
            },
            OperatorPower {
                operator: "val-b".to_string(),
                consumer_key: "key-b".to_string(),
                power: Uint128::new(400_000)
            },
        ]
    );
}

#[test]
fn nothing_changed_sends_no_packet() {
    let mut suite = with_two_operators();
    suite.crank().unwrap();
    suite.advance(10);
    let response = suite.crank().unwrap();
    assert!(response.messages.is_empty());
    assert_eq!(attr(&response.attributes, "action"), "send_power_updates");
    assert_eq!(attr(&response.attributes, "sent"), "false");
    assert_eq!(suite.channel().next_update_id, 2);
}

#[test]
fn a_changed_power_or_key_is_sent_alone() {
    let mut suite = with_two_operators();
    suite.crank().unwrap();
    suite.registry(|r| r.set_operator("val-a", "key-a", 1_200_000, Decimal::percent(50)));
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(2, &[("val-a", "key-a", 600_000)], &[])
    );
    assert_eq!(attr(&response.attributes, "total_power"), "1000000");
    assert_eq!(suite.channel().total_power, Uint128::new(1_000_000));

    suite.registry(|r| r.operator_mut("val-b").opt_in.consumer_key = "key-b2".to_string());
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(3, &[("val-b", "key-b2", 400_000)], &[])
    );
}

#[test]
fn jailed_and_tombstoned_operators_are_removed_and_come_back_after_jail() {
    let mut suite = with_two_operators();
    suite.crank().unwrap();
    let until = suite.env.block.time.plus_seconds(100);
    suite.registry(|r| {
        r.operator_mut("val-a").opt_in.status = OperatorStatus::Jailed { until };
        r.operator_mut("val-b").opt_in.status = OperatorStatus::Tombstoned;
    });
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(2, &[], &["val-a", "val-b"])
    );
    assert_eq!(attr(&response.attributes, "removed"), "2");
    assert_eq!(suite.channel().total_power, Uint128::zero());
    // Removed operators stay listed at power 0 (so a removal survives a reopened channel).
    assert!(suite.sent_powers().iter().all(|p| p.power.is_zero()));

    // Still jailed: nothing to send.
    assert!(suite.crank().unwrap().messages.is_empty());
    // The jail is over.
    suite.advance(20);
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(3, &[("val-a", "key-a", 500_000)], &[])
    );
}

#[test]
fn an_operator_the_registry_no_longer_lists_is_removed() {
    let mut suite = with_two_operators();
    suite.crank().unwrap();
    suite.registry(|r| r.remove_operator("val-a"));
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(2, &[], &["val-a"])
    );
    assert_eq!(suite.channel().total_power, Uint128::new(400_000));
}

#[test]
fn pages_follow_the_cursor_and_wrap_around() {
    let mut suite = Suite::with_settings(settings(2));
    suite.handshake(CHANNEL).unwrap();
    suite.registry(|r| {
        for (i, v) in ["val-1", "val-2", "val-3", "val-4", "val-5"]
            .iter()
            .enumerate()
        {
            r.set_operator(
                v,
                &format!("key-{i}"),
                100 * (i as u128 + 1),
                Decimal::one(),
            );
        }
    });
    let first = suite.crank().unwrap();
    assert_eq!(
        one_update(&first.messages),
        power_update(1, &[("val-1", "key-0", 100), ("val-2", "key-1", 200)], &[])
    );
    assert_eq!(attr(&first.attributes, "cursor"), "val-2");
    assert_eq!(suite.channel().cursor, Some("val-2".to_string()));

    // val-3 leaves before its page is read; val-1 changes behind the cursor.
    suite.registry(|r| {
        r.remove_operator("val-3");
        r.set_operator("val-1", "key-0", 150, Decimal::one());
    });
    let second = suite.crank().unwrap();
    assert_eq!(
        one_update(&second.messages),
        power_update(2, &[("val-4", "key-3", 400), ("val-5", "key-4", 500)], &[])
    );
    assert_eq!(suite.channel().cursor, Some("val-5".to_string()));

    // The page after the last operator is empty: the cursor wraps.
    let third = suite.crank().unwrap();
    assert!(third.messages.is_empty());
    assert_eq!(suite.channel().cursor, None);

    let fourth = suite.crank().unwrap();
    assert_eq!(
        one_update(&fourth.messages),
        power_update(3, &[("val-1", "key-0", 150)], &[])
    );
    assert_eq!(suite.channel().total_power, Uint128::new(1_250));
}

#[test]
fn an_operator_removed_from_the_last_page_range_is_found() {
    let mut suite = Suite::with_settings(settings(2));
    suite.handshake(CHANNEL).unwrap();
    suite.registry(|r| {
        for v in ["val-1", "val-2", "val-3"] {
            r.set_operator(v, v, 100, Decimal::one());
        }
    });
    suite.crank().unwrap(); // val-1, val-2
    suite.crank().unwrap(); // val-3, last page
    assert_eq!(suite.channel().cursor, None);
    suite.registry(|r| r.remove_operator("val-3"));
    suite.crank().unwrap(); // val-1, val-2 unchanged
    let response = suite.crank().unwrap(); // empty registry page: to the end of the keyspace
    assert_eq!(
        one_update(&response.messages),
        power_update(3, &[], &["val-3"])
    );
    assert_eq!(suite.channel().total_power, Uint128::new(200));
}

#[test]
fn one_crank_reads_several_registry_pages() {
    let mut suite = Suite::with_settings(settings(40));
    suite.handshake(CHANNEL).unwrap();
    suite.registry(|r| {
        for i in 0..35 {
            r.set_operator(
                &format!("val-{i:02}"),
                &format!("key-{i}"),
                10,
                Decimal::one(),
            );
        }
    });
    let response = suite.crank().unwrap();
    let ProviderPacket::PowerUpdate { powers, .. } = one_update(&response.messages);
    assert_eq!(powers.len(), 35);
    assert_eq!(suite.channel().cursor, None);
    assert_eq!(suite.channel().total_power, Uint128::new(350));
}

#[test]
fn many_departed_operators_are_removed_over_bounded_pages() {
    let mut suite = Suite::with_settings(settings(4));
    suite.handshake(CHANNEL).unwrap();
    suite.registry(|r| {
        for v in ["val-a", "val-b", "val-c", "val-d"] {
            r.set_operator(v, v, 100, Decimal::one());
        }
    });
    suite.crank().unwrap();
    assert_eq!(suite.sent_powers().len(), 4);
    // A full page: the next crank finds the end and wraps.
    assert_eq!(suite.channel().cursor, Some("val-d".to_string()));
    suite.crank().unwrap();
    assert_eq!(suite.channel().cursor, None);

    let owner = suite.owner.clone();
    suite
        .execute(&owner, ExecuteMsg::UpdateSettings(settings(1)))
        .unwrap();
    suite.registry(|r| {
        for v in ["val-a", "val-b", "val-c", "val-d"] {
            r.remove_operator(v);
        }
        r.set_operator("val-e", "val-e", 100, Decimal::one());
    });
    // One registry operator per crank lets it read two sent entries.
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(2, &[], &["val-a", "val-b"])
    );
    assert_eq!(suite.channel().cursor, Some("val-b".to_string()));
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(3, &[], &["val-c", "val-d"])
    );
    let response = suite.crank().unwrap();
    assert_eq!(
        one_update(&response.messages),
        power_update(4, &[("val-e", "val-e", 100)], &[])
    );
    assert!(suite.crank().unwrap().messages.is_empty());
    assert_eq!(suite.channel().cursor, None);
    assert_eq!(suite.channel().total_power, Uint128::new(100));
}

#[test]
fn crank_needs_an_open_channel_and_an_active_consumer() {
    let mut suite = Suite::new();
    let not_connected = ContractError::NotConnected {
        chain_id: CHAIN.to_string(),
    };
    assert_eq!(suite.crank().unwrap_err(), not_connected);
    suite.open_try(CHANNEL).unwrap();
    assert_eq!(suite.crank().unwrap_err(), not_connected);
    suite.confirm(CHANNEL).unwrap();
    suite.crank().unwrap();
    suite.registry(|r| r.consumer_mut(CHAIN).status = ConsumerStatus::Paused);
    assert_eq!(
        suite.crank().unwrap_err(),
        ContractError::ConsumerNotActive {
            chain_id: CHAIN.to_string(),
            status: ConsumerStatus::Paused
        }
    );
}

#[test]
fn crank_is_nonpayable() {
    let mut suite = Suite::connected();
    let anyone = suite.addr("anyone");
    let err = execute(
        suite.deps.as_mut(),
        suite.env.clone(),
        message_info(&anyone, &[cosmwasm_std::coin(1, "uatom")]),
        ExecuteMsg::SendPowerUpdates {
            chain_id: CHAIN.to_string(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)));
}

#[test]
fn power_is_zero_while_jailed_and_once_tombstoned() {
    use crate::power::current_power;
    let now = Timestamp::from_seconds(1_000);
    let power = Uint128::new(7);
    assert_eq!(current_power(&OperatorStatus::Active, power, now), power);
    assert_eq!(
        current_power(&OperatorStatus::Tombstoned, power, now),
        Uint128::zero()
    );
    let jailed = |until| OperatorStatus::Jailed {
        until: Timestamp::from_seconds(until),
    };
    assert_eq!(current_power(&jailed(1_001), power, now), Uint128::zero());
    // The jail ends at `until`.
    assert_eq!(current_power(&jailed(1_000), power, now), power);
}

#[test]
fn a_failed_commission_sync_does_not_hold_back_the_crank() {
    let mut suite = Suite::connected();
    suite.registry(|r| r.set_operator("val-a", "key-a", 1_000, Decimal::percent(50)));
    // The crank sends the update; its sync is a submessage whose failure comes back as a reply.
    let response = suite.crank().unwrap();
    assert_eq!(response.messages.len(), 1);
    let reply = cosmwasm_std::Reply {
        id: crate::power::SYNC_COMMISSION,
        payload: cosmwasm_std::Binary::default(),
        gas_used: 0,
        result: cosmwasm_std::SubMsgResult::Err("the LRT refused".to_string()),
    };
    let answer = crate::contract::reply(suite.deps.as_mut(), suite.env.clone(), reply).unwrap();
    assert!(answer.messages.is_empty());
    assert_eq!(attr(&answer.attributes, "action"), "commission_sync_failed");
    assert_eq!(attr(&answer.attributes, "reason"), "the LRT refused");
    // What the crank recorded stands: the operator's power was sent.
    let sent: Vec<palisade_api::ibc::OperatorPower> = suite.query(QueryMsg::SentPowers {
        chain_id: CHAIN.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].power.u128(), 500);
}
