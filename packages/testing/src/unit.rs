//! Helpers for the contracts' unit tests (`contracts/*/src/tests/`), which call entry points
//! directly and read what they return: attributes, acknowledgements, packets sent, the migration guard.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use cosmwasm_std::{
    from_json, Attribute, CosmosMsg, DepsMut, Env, IbcMsg, IbcReceiveResponse, Response, StdAck,
    SubMsg, Timestamp, Uint128,
};
use palisade_api::ibc::{OperatorPower, ProviderPacket};
use serde::de::DeserializeOwned;

/// The value of attribute `key`; panics if missing.
pub fn attr<'a>(attributes: &'a [Attribute], key: &str) -> &'a str {
    attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
        .unwrap_or_else(|| panic!("no attribute {key} in {attributes:?}"))
}

/// The acknowledgement a packet's receipt wrote; panics without one.
pub fn ack_of(response: &IbcReceiveResponse) -> StdAck {
    from_json(
        response
            .acknowledgement
            .as_ref()
            .expect("an acknowledgement"),
    )
    .unwrap()
}

/// The error of an error acknowledgement; panics on a success.
pub fn error_ack(response: &IbcReceiveResponse) -> String {
    match ack_of(response) {
        StdAck::Error(err) => err,
        StdAck::Success(_) => panic!("success ack"),
    }
}

/// The payload of a success acknowledgement; panics on an error.
pub fn success_ack<T: DeserializeOwned>(response: &IbcReceiveResponse) -> T {
    match ack_of(response) {
        StdAck::Success(payload) => from_json(payload).unwrap(),
        StdAck::Error(err) => panic!("error ack: {err}"),
    }
}

/// The packets a response sends, decoded as `T`, with their channel and timeout. Palisade's
/// packets time out by time only; panics on any other message.
pub fn packets_sent<T: DeserializeOwned>(messages: &[SubMsg]) -> Vec<(String, T, Timestamp)> {
    messages
        .iter()
        .map(|sub| match &sub.msg {
            CosmosMsg::Ibc(IbcMsg::SendPacket {
                channel_id,
                data,
                timeout,
            }) => {
                assert!(timeout.block().is_none(), "packets time out by time only");
                (
                    channel_id.clone(),
                    from_json(data).unwrap(),
                    timeout.timestamp().expect("a timeout timestamp"),
                )
            }
            other => panic!("unexpected message {other:?}"),
        })
        .collect()
}

/// A power update as a packet carries it; `powers` are (operator, key, power).
pub fn power_update(
    update_id: u64,
    powers: &[(&str, &str, u128)],
    removed: &[&str],
) -> ProviderPacket {
    ProviderPacket::PowerUpdate {
        update_id,
        powers: powers
            .iter()
            .map(|&(operator, key, power)| OperatorPower {
                operator: operator.to_string(),
                consumer_key: key.to_string(),
                power: Uint128::new(power),
            })
            .collect(),
        removed: removed.iter().map(|r| r.to_string()).collect(),
    }
}

/// A contract's migration refuses a stored release `older` than its `FROM_VERSION` (`oldest`):
/// the error names both releases and the stored cw2 record is left as it was.
pub fn assert_migration_refuses_older<E: std::fmt::Display>(
    name: &str,
    older: &str,
    oldest: &str,
    migrate: impl FnOnce(DepsMut, Env) -> Result<Response, E>,
) {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, name, older).unwrap();
    let err = migrate(deps.as_mut(), mock_env()).expect_err("an older release refused");
    let reason = format!("{older} is older than {oldest}: migrate through the releases in between");
    assert!(err.to_string().contains(&reason), "{err}");
    assert_eq!(
        cw2::get_contract_version(&deps.storage).unwrap().version,
        older
    );
}
