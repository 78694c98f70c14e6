use cosmwasm_std::testing::{
    mock_ibc_channel, mock_ibc_channel_close_confirm, mock_ibc_channel_close_init,
    mock_ibc_channel_connect_ack, mock_ibc_channel_connect_confirm, mock_ibc_channel_open_init,
    mock_ibc_channel_open_try, mock_ibc_packet_recv,
};
use cosmwasm_std::{
    Ibc3ChannelOpenResponse, IbcChannel, IbcChannelConnectMsg, IbcChannelOpenMsg, IbcOrder,
};
use palisade_api::consumer::{ChannelResponse, QueryMsg};

use super::*;
use crate::ibc::ibc_channel_close;

fn stored_channel(suite: &Suite) -> Option<ChannelResponse> {
    suite.query(QueryMsg::Channel {})
}

fn open(suite: &mut Suite, msg: IbcChannelOpenMsg) -> Result<(), ContractError> {
    ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).map(|_| ())
}

fn connect(suite: &mut Suite, msg: IbcChannelConnectMsg) -> Result<(), ContractError> {
    ibc_channel_connect(suite.deps.as_mut(), suite.env.clone(), msg).map(|_| ())
}

/// A protocol-conforming channel with one field changed.
fn channel_with(change: impl Fn(&mut IbcChannel)) -> IbcChannel {
    let mut channel = mock_ibc_channel(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    change(&mut channel);
    channel
}

/// Refused both at `OpenInit` and at `OpenAck`, leaving no channel.
fn assert_refused(channel: IbcChannel, expected: ContractError) {
    let mut suite = Suite::new();
    let err = open(&mut suite, IbcChannelOpenMsg::new_init(channel.clone())).unwrap_err();
    assert_eq!(err, expected);
    let err = connect(
        &mut suite,
        IbcChannelConnectMsg::new_ack(channel, PROTOCOL_VERSION),
    )
    .unwrap_err();
    assert_eq!(err, expected);
    assert_eq!(stored_channel(&suite), None);
}

#[test]
fn handshake_opens_the_channel() {
    let mut suite = Suite::new();
    let msg = mock_ibc_channel_open_init(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    let response = ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).unwrap();
    assert_eq!(
        response,
        Some(Ibc3ChannelOpenResponse {
            version: PROTOCOL_VERSION.to_string()
        })
    );
    assert_eq!(stored_channel(&suite), None, "stored only once connected");

    let msg = mock_ibc_channel_connect_ack(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    let response = ibc_channel_connect(suite.deps.as_mut(), suite.env.clone(), msg).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "channel_connect");
    assert_eq!(attr(&response.attributes, "channel_id"), CHANNEL);
    assert_eq!(attr(&response.attributes, "connection_id"), CONNECTION);
    assert_eq!(attr(&response.attributes, "counterparty_port"), RELAY_PORT);
    assert_eq!(
        stored_channel(&suite),
        Some(ChannelResponse {
            channel_id: CHANNEL.to_string(),
            open: true
        })
    );
}

#[test]
fn open_init_without_a_version_gets_the_protocol_version() {
    let mut suite = Suite::new();
    let msg = mock_ibc_channel_open_init(CHANNEL, PROTOCOL_ORDER, "");
    let response = ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).unwrap();
    assert_eq!(response.unwrap().version, PROTOCOL_VERSION);
}

#[test]
fn the_provider_cannot_initiate() {
    let mut suite = Suite::new();
    let msg = mock_ibc_channel_open_try(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    assert_eq!(
        open(&mut suite, msg).unwrap_err(),
        ContractError::OnlyConsumerInitiates
    );
    let msg = mock_ibc_channel_connect_confirm(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    assert_eq!(
        connect(&mut suite, msg).unwrap_err(),
        ContractError::OnlyConsumerInitiates
    );
    assert_eq!(stored_channel(&suite), None);
}

#[test]
fn wrong_order_is_refused() {
    assert_refused(
        channel_with(|c| c.order = IbcOrder::Ordered),
        ContractError::WrongOrder {
            got: IbcOrder::Ordered,
            expected: IbcOrder::Unordered,
        },
    );
}

#[test]
fn wrong_version_is_refused() {
    let mut suite = Suite::new();
    let msg = mock_ibc_channel_open_init(CHANNEL, PROTOCOL_ORDER, "ics20-1");
    assert_eq!(
        open(&mut suite, msg).unwrap_err(),
        ContractError::WrongVersion {
            got: "ics20-1".to_string(),
            expected: PROTOCOL_VERSION.to_string(),
        }
    );
    // The counterparty answered with another version.
    let msg = IbcChannelConnectMsg::new_ack(
        mock_ibc_channel(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION),
        "palisade-2",
    );
    assert_eq!(
        connect(&mut suite, msg).unwrap_err(),
        ContractError::WrongVersion {
            got: "palisade-2".to_string(),
            expected: PROTOCOL_VERSION.to_string(),
        }
    );
    assert_eq!(stored_channel(&suite), None);
}

#[test]
fn wrong_connection_is_refused() {
    assert_refused(
        channel_with(|c| c.connection_id = "connection-9".to_string()),
        ContractError::WrongConnection {
            got: "connection-9".to_string(),
            expected: CONNECTION.to_string(),
        },
    );
}

#[test]
fn wrong_counterparty_port_is_refused() {
    assert_refused(
        channel_with(|c| c.counterparty_endpoint.port_id = "wasm.impostor".to_string()),
        ContractError::WrongPort {
            got: "wasm.impostor".to_string(),
            expected: RELAY_PORT.to_string(),
        },
    );
}

#[test]
fn a_second_channel_is_refused_while_one_is_open() {
    let mut suite = Suite::connected();
    let expected = ContractError::ChannelAlreadyOpen {
        channel_id: CHANNEL.to_string(),
    };
    let msg = mock_ibc_channel_open_init("channel-1", PROTOCOL_ORDER, PROTOCOL_VERSION);
    assert_eq!(open(&mut suite, msg).unwrap_err(), expected);
    let msg = mock_ibc_channel_connect_ack("channel-1", PROTOCOL_ORDER, PROTOCOL_VERSION);
    assert_eq!(connect(&mut suite, msg).unwrap_err(), expected);
    assert_eq!(stored_channel(&suite).unwrap().channel_id, CHANNEL);
}

#[test]
fn a_closed_channel_is_replaced_by_a_new_handshake() {
    let mut suite = Suite::connected();
    let msg = mock_ibc_channel_close_init(CHANNEL, PROTOCOL_ORDER, PROTOCOL_VERSION);
    let response = ibc_channel_close(suite.deps.as_mut(), suite.env.clone(), msg).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "channel_close");
    assert_eq!(attr(&response.attributes, "channel_id"), CHANNEL);
    assert_eq!(
        stored_channel(&suite),
        Some(ChannelResponse {
            channel_id: CHANNEL.to_string(),
            open: false
        })
    );

    // Packets on the closed channel are refused.
    let response = suite.power_update(1, &[("valoper1a", "key-a", 10)], &[]);
    assert_eq!(
        error_ack(&response),
        format!("channel {CHANNEL} is not the open channel to the provider")
    );

    suite.handshake("channel-1").unwrap();
    assert_eq!(
        stored_channel(&suite),
        Some(ChannelResponse {
            channel_id: "channel-1".to_string(),
            open: true
        })
    );
    let msg = mock_ibc_packet_recv("channel-1", &power_update(1, &[], &[])).unwrap();
    assert_eq!(power_ack(&suite.receive_msg(msg)).update_id, 1);
}

#[test]
fn closing_another_channel_is_refused() {
    let mut suite = Suite::connected();
    let msg = mock_ibc_channel_close_confirm("channel-5", PROTOCOL_ORDER, PROTOCOL_VERSION);
    assert_eq!(
        ibc_channel_close(suite.deps.as_mut(), suite.env.clone(), msg).unwrap_err(),
        ContractError::UnknownChannel {
            channel_id: "channel-5".to_string()
        }
    );
    assert!(stored_channel(&suite).unwrap().open);
}
