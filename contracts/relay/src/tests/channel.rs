use cosmwasm_std::testing::{
    mock_ibc_channel_connect_ack, mock_ibc_channel_open_init, mock_ibc_channel_open_try,
};
use cosmwasm_std::{Decimal, Ibc3ChannelOpenResponse, IbcChannelOpenMsg, IbcOrder, Uint128};
use palisade_api::ibc::{PROTOCOL_ORDER, PROTOCOL_VERSION};
use palisade_api::registry::ConsumerStatus;
use palisade_api::relay::ChannelStatus;

use super::*;

#[test]
fn handshake_is_accepted_and_opens_the_channel() {
    let mut suite = Suite::new();
    let version = suite.open_try(CHANNEL).unwrap();
    assert_eq!(
        version,
        Some(Ibc3ChannelOpenResponse {
            version: PROTOCOL_VERSION.to_string()
        })
    );
    let channel = suite.channel();
    assert_eq!(channel.status, ChannelStatus::Opening);
    assert_eq!(channel.channel_id, CHANNEL);
    assert_eq!(channel.next_update_id, 1);
    assert_eq!(channel.cursor, None);
    assert_eq!(channel.total_power, Uint128::zero());

    let response = suite.confirm(CHANNEL).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "channel_open");
    assert_eq!(attr(&response.attributes, "chain_id"), CHAIN);
    assert_eq!(attr(&response.attributes, "channel_id"), CHANNEL);
    assert_eq!(suite.channel().status, ChannelStatus::Open);
}

#[test]
fn open_init_and_open_ack_are_refused() {
    let mut suite = Suite::new();
    let msg = mock_ibc_channel_open_init(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    let err = ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).unwrap_err();
    assert_eq!(err, ContractError::OnlyConsumerInitiates);
    suite.open_try(CHANNEL).unwrap();
    let msg = mock_ibc_channel_connect_ack(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    let err = ibc_channel_connect(suite.deps.as_mut(), suite.env.clone(), msg).unwrap_err();
    assert_eq!(err, ContractError::OnlyConsumerInitiates);
    assert_eq!(suite.channel().status, ChannelStatus::Opening);
}

#[test]
fn wrong_version_is_refused() {
    let mut suite = Suite::new();
    let before = suite.snapshot();
    let msg = mock_ibc_channel_open_try(CHANNEL, PROTOCOL_ORDER, "ics20-1");
    let err = ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).unwrap_err();
    assert_eq!(
        err,
        ContractError::WrongVersion {
            got: "ics20-1".to_string(),
            expected: PROTOCOL_VERSION.to_string()
        }
    );
    // Our version right, the counterparty's wrong.
    let mut channel =
        cosmwasm_std::testing::mock_ibc_channel(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    channel.version = PROTOCOL_VERSION.to_string();
    let msg = IbcChannelOpenMsg::new_try(channel, "palisade-2");
    let err = ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).unwrap_err();
    assert_eq!(
        err,
        ContractError::WrongCounterpartyVersion {
            got: "palisade-2".to_string(),
            expected: PROTOCOL_VERSION.to_string()
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn wrong_order_is_refused() {
    let mut suite = Suite::new();
    let msg = mock_ibc_channel_open_try(CHANNEL, IbcOrder::Ordered, PROTOCOL_VERSION);
    let err = ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).unwrap_err();
    assert_eq!(
        err,
        ContractError::WrongOrder {
            got: IbcOrder::Ordered,
            expected: IbcOrder::Unordered
        }
    );
}

#[test]
fn unknown_connection_is_refused() {
    let mut suite = Suite::new();
    suite.registry(|r| r.consumer_mut(CHAIN).params.connection_id = "connection-9".to_string());
    let before = suite.snapshot();
    let err = suite.open_try(CHANNEL).unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownConnection {
            connection_id: CONNECTION.to_string()
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn consumer_is_found_on_a_later_registry_page() {
    let mut suite = Suite::new();
    suite.registry(|r| {
        r.consumers.clear();
        for i in 0..45 {
            let mut params = consumer_params();
            params.connection_id = format!("connection-{}", 100 + i);
            r.add_consumer(&format!("chain-{i:02}"), params);
        }
        r.add_consumer("chain-99", consumer_params());
    });
    suite.handshake(CHANNEL).unwrap();
    let channel: ChannelResponse = suite.query(QueryMsg::Channel {
        chain_id: "chain-99".to_string(),
    });
    assert_eq!(channel.status, ChannelStatus::Open);
}

#[test]
fn too_many_consumers_is_refused() {
    let mut suite = Suite::new();
    suite.registry(|r| {
        for i in 0..300 {
            let mut params = consumer_params();
            params.connection_id = format!("connection-{}", 100 + i);
            r.add_consumer(&format!("a-chain-{i:03}"), params);
        }
    });
    let err = suite.open_try(CHANNEL).unwrap_err();
    assert_eq!(
        err,
        ContractError::TooManyConsumers {
            connection_id: CONNECTION.to_string(),
            scanned: 300
        }
    );
}

#[test]
fn inactive_consumer_is_refused() {
    let mut suite = Suite::new();
    suite.registry(|r| r.consumer_mut(CHAIN).status = ConsumerStatus::Paused);
    let err = suite.open_try(CHANNEL).unwrap_err();
    assert_eq!(
        err,
        ContractError::ConsumerNotActive {
            chain_id: CHAIN.to_string(),
            status: ConsumerStatus::Paused
        }
    );
}

#[test]
fn an_active_consumer_wins_over_a_removed_one_on_the_same_connection() {
    let mut suite = Suite::new();
    suite.registry(|r| {
        r.add_consumer("a-old", consumer_params());
        r.consumer_mut("a-old").status = ConsumerStatus::Removed;
    });
    suite.handshake(CHANNEL).unwrap();
    assert_eq!(suite.channel().status, ChannelStatus::Open);
}

#[test]
fn wrong_counterparty_port_is_refused() {
    let mut suite = Suite::new();
    suite.registry(|r| r.consumer_mut(CHAIN).params.counterparty_port = "wasm.consumer".into());
    let err = suite.open_try(CHANNEL).unwrap_err();
    assert_eq!(
        err,
        ContractError::WrongCounterpartyPort {
            expected: "wasm.consumer".to_string(),
            got: CONSUMER_PORT.to_string()
        }
    );
}

#[test]
fn second_channel_is_refused_while_one_is_open() {
    let mut suite = Suite::connected();
    let before = suite.snapshot();
    let err = suite.open_try("channel-1").unwrap_err();
    assert_eq!(
        err,
        ContractError::ChannelAlreadyOpen {
            chain_id: CHAIN.to_string(),
            channel_id: CHANNEL.to_string()
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn an_unconfirmed_channel_may_be_replaced() {
    let mut suite = Suite::new();
    suite.open_try(CHANNEL).unwrap();
    suite.open_try("channel-1").unwrap();
    assert_eq!(suite.channel().channel_id, "channel-1");
    assert_eq!(suite.channel().status, ChannelStatus::Opening);
    suite.confirm("channel-1").unwrap();
    assert_eq!(suite.channel().status, ChannelStatus::Open);
    // The other handshake cannot complete any more, and closing it is harmless.
    let err = suite.confirm(CHANNEL).unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownChannel {
            channel_id: CHANNEL.to_string()
        }
    );
    let response = suite.close(CHANNEL).unwrap();
    assert_eq!(attr(&response.attributes, "current"), "false");
    assert_eq!(suite.channel().status, ChannelStatus::Open);
    assert_eq!(suite.channel().channel_id, "channel-1");
}

#[test]
fn of_two_racing_handshakes_the_first_confirmed_wins() {
    // The consumer started two handshakes; the relay answered both `OpenTry`s, the second
    // replacing the first, but the consumer opened the first. Its `OpenConfirm` makes it the
    // consumer's channel, so both ends agree.
    let mut suite = Suite::new();
    suite.open_try(CHANNEL).unwrap();
    suite.open_try("channel-1").unwrap();
    let response = suite.confirm(CHANNEL).unwrap();
    assert_eq!(attr(&response.attributes, "channel_id"), CHANNEL);
    let channel = suite.channel();
    assert_eq!(channel.channel_id, CHANNEL);
    assert_eq!(channel.status, ChannelStatus::Open);
    // The other can no longer open.
    let err = suite.confirm("channel-1").unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownChannel {
            channel_id: "channel-1".to_string()
        }
    );
    assert_eq!(suite.channel().channel_id, CHANNEL);
    let response = suite.close("channel-1").unwrap();
    assert_eq!(attr(&response.attributes, "current"), "false");
    assert_eq!(suite.channel().status, ChannelStatus::Open);
}

#[test]
fn confirm_of_an_unknown_or_open_channel_is_refused() {
    let mut suite = Suite::new();
    let err = suite.confirm(CHANNEL).unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownChannel {
            channel_id: CHANNEL.to_string()
        }
    );
    suite.handshake(CHANNEL).unwrap();
    let err = suite.confirm(CHANNEL).unwrap_err();
    assert!(matches!(err, ContractError::UnknownChannel { .. }));
    let err = suite.close("channel-9").unwrap_err();
    assert!(matches!(err, ContractError::UnknownChannel { .. }));
}

#[test]
fn reopening_after_close_keeps_counters_and_resends_every_operator() {
    let mut suite = Suite::connected();
    suite.registry(|r| {
        r.set_operator("val-a", "key-a", 1_000, Decimal::one());
        r.set_operator("val-b", "key-b", 2_000, Decimal::one());
    });
    suite.crank().unwrap();

    let response = suite.close(CHANNEL).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "channel_close");
    assert_eq!(attr(&response.attributes, "chain_id"), CHAIN);
    assert_eq!(attr(&response.attributes, "channel_id"), CHANNEL);
    assert_eq!(suite.channel().status, ChannelStatus::Closed);
    assert_eq!(
        suite.crank().unwrap_err(),
        ContractError::NotConnected {
            chain_id: CHAIN.to_string()
        }
    );

    suite.handshake("channel-1").unwrap();
    let channel = suite.channel();
    assert_eq!(channel.channel_id, "channel-1");
    assert_eq!(channel.status, ChannelStatus::Open);
    assert_eq!(channel.next_update_id, 2);
    assert_eq!(channel.total_power, Uint128::new(3_000));

    // Nothing changed, yet the new channel gets every operator once, with a newer id.
    let response = suite.crank().unwrap();
    let updates = sent(&response.messages);
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].0, "channel-1");
    assert_eq!(
        updates[0].1,
        power_update(
            2,
            &[("val-a", "key-a", 1_000), ("val-b", "key-b", 2_000)],
            &[]
        )
    );
    assert_eq!(suite.channel().total_power, Uint128::new(3_000));
    // And then nothing more.
    let response = suite.crank().unwrap();
    assert!(response.messages.is_empty());
    assert_eq!(attr(&response.attributes, "sent"), "false");
}
