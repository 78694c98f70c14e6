//! Handshake rules. The consumer initiates: the relay refuses `OpenInit` and `OpenAck`, and
//! answers `OpenTry` for a channel with the protocol's order and version, over the connection the
//! registry lists for an active consumer and from that consumer's port. `OpenTry` records the
//! channel as the consumer's (status `Opening`); `OpenConfirm` opens it and starts a new
//! generation, so the cranks that follow re-send every operator on it.
//!
//! A consumer has one channel at a time. A channel still opening (a handshake that never
//! completed) or closed may be replaced by a new `OpenTry`; an open one may not. Of two
//! handshakes racing, the first `OpenConfirm` wins, whichever `OpenTry` came last. Replacing keeps
//! the update counter, the powers last sent and the total power: reopening resets nothing but
//! the page cursor.

use cosmwasm_std::{
    DepsMut, Ibc3ChannelOpenResponse, IbcBasicResponse, IbcChannelCloseMsg, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcChannelOpenResponse, StdResult, Storage, Uint128,
};
use palisade_api::ibc::{PROTOCOL_ORDER, PROTOCOL_VERSION};
use palisade_api::registry::ConsumerStatus;
use palisade_api::relay::ChannelStatus;

use crate::error::ContractError;
use crate::registry;
use crate::state::{ChannelRecord, CHANNELS, CHANNEL_CONSUMER, CONFIG};
use palisade_api::time::overflow;

/// The consumer whose current channel is `channel_id`, with that channel's record.
pub fn current_channel(
    storage: &dyn Storage,
    channel_id: &str,
) -> Result<(String, ChannelRecord), ContractError> {
    let unknown = || ContractError::UnknownChannel {
        channel_id: channel_id.to_string(),
    };
    let chain_id = CHANNEL_CONSUMER
        .may_load(storage, channel_id)?
        .ok_or_else(unknown)?;
    match CHANNELS.may_load(storage, &chain_id)? {
        Some(record) if record.channel_id == channel_id => Ok((chain_id, record)),
        _ => Err(unknown()),
    }
}

/// The consumer `channel_id` was accepted for, current or replaced since.
pub fn consumer_of(storage: &dyn Storage, channel_id: &str) -> StdResult<Option<String>> {
    CHANNEL_CONSUMER.may_load(storage, channel_id)
}

pub fn open(
    deps: DepsMut,
    msg: IbcChannelOpenMsg,
) -> Result<IbcChannelOpenResponse, ContractError> {
    let (channel, counterparty_version) = match msg {
        IbcChannelOpenMsg::OpenInit { .. } => return Err(ContractError::OnlyConsumerInitiates),
        IbcChannelOpenMsg::OpenTry {
            channel,
            counterparty_version,
        } => (channel, counterparty_version),
    };
    if channel.order != PROTOCOL_ORDER {
        return Err(ContractError::WrongOrder {
            got: channel.order,
            expected: PROTOCOL_ORDER,
        });
    }
    if channel.version != PROTOCOL_VERSION {
        return Err(ContractError::WrongVersion {
            got: channel.version,
            expected: PROTOCOL_VERSION.to_string(),
        });
    }
    if counterparty_version != PROTOCOL_VERSION {
        return Err(ContractError::WrongCounterpartyVersion {
            got: counterparty_version,
            expected: PROTOCOL_VERSION.to_string(),
        });
    }

    let config = CONFIG.load(deps.storage)?;
    let consumer =
        registry::consumer_on_connection(&deps.querier, &config.registry, &channel.connection_id)?;
    if consumer.status != ConsumerStatus::Active {
        return Err(ContractError::ConsumerNotActive {
            chain_id: consumer.chain_id,
            status: consumer.status,
        });
    }
    if channel.counterparty_endpoint.port_id != consumer.params.counterparty_port {
        return Err(ContractError::WrongCounterpartyPort {
            expected: consumer.params.counterparty_port,
            got: channel.counterparty_endpoint.port_id,
        });
    }
    let chain_id = consumer.chain_id;
    let previous = CHANNELS.may_load(deps.storage, &chain_id)?;
    if let Some(previous) = &previous {
        if previous.status == ChannelStatus::Open {
            return Err(ContractError::ChannelAlreadyOpen {
                chain_id,
                channel_id: previous.channel_id.clone(),
            });
        }
    }

    let channel_id = channel.endpoint.channel_id;
    let record = match previous {
        Some(previous) => ChannelRecord {
            channel_id: channel_id.clone(),
            status: ChannelStatus::Opening,
            ..previous
        },
        None => ChannelRecord {
            channel_id: channel_id.clone(),
            status: ChannelStatus::Opening,
            next_update_id: 1,
            cursor: None,
            total_power: Uint128::zero(),
            generation: 0,
        },
    };
    CHANNELS.save(deps.storage, &chain_id, &record)?;
    CHANNEL_CONSUMER.save(deps.storage, &channel_id, &chain_id)?;
    Ok(Some(Ibc3ChannelOpenResponse {
        version: PROTOCOL_VERSION.to_string(),
    }))
}

pub fn connect(
    deps: DepsMut,
    msg: IbcChannelConnectMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let channel = match msg {
        IbcChannelConnectMsg::OpenAck { .. } => return Err(ContractError::OnlyConsumerInitiates),
        IbcChannelConnectMsg::OpenConfirm { channel } => channel,
    };
    let channel_id = channel.endpoint.channel_id;
    // The consumer's record must still be opening. The channel confirmed may be one that a later
    // `OpenTry` of the same consumer replaced (two handshakes racing): the consumer opened this
    // one, so it becomes the consumer's channel, and the other can never complete (the consumer
    // refuses a second open channel).
    let unknown = || ContractError::UnknownChannel {
        channel_id: channel_id.clone(),
    };
    let chain_id = consumer_of(deps.storage, &channel_id)?.ok_or_else(unknown)?;
    let mut record = CHANNELS
        .may_load(deps.storage, &chain_id)?
        .filter(|record| record.status == ChannelStatus::Opening)
        .ok_or_else(unknown)?;
    record.channel_id = channel_id.clone();
    record.status = ChannelStatus::Open;
    record.cursor = None;
    record.generation = record.generation.checked_add(1).ok_or_else(overflow)?;
    CHANNELS.save(deps.storage, &chain_id, &record)?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_open")
        .add_attribute("chain_id", chain_id)
        .add_attribute("channel_id", channel_id)
        .add_attribute(
            "counterparty_channel_id",
            channel.counterparty_endpoint.channel_id,
        )
        .add_attribute("generation", record.generation.to_string()))
}

/// Marks the consumer's channel closed. Closing a channel that a newer handshake already
/// replaced changes nothing (its consumer has moved on), but is not refused.
pub fn close(deps: DepsMut, msg: IbcChannelCloseMsg) -> Result<IbcBasicResponse, ContractError> {
    let channel_id = msg.channel().endpoint.channel_id.clone();
    let chain_id =
        consumer_of(deps.storage, &channel_id)?.ok_or_else(|| ContractError::UnknownChannel {
            channel_id: channel_id.clone(),
        })?;
    let response = IbcBasicResponse::new()
        .add_attribute("action", "channel_close")
        .add_attribute("chain_id", chain_id.clone())
        .add_attribute("channel_id", channel_id.clone());
    match CHANNELS.may_load(deps.storage, &chain_id)? {
        Some(mut record) if record.channel_id == channel_id => {
            record.status = ChannelStatus::Closed;
            CHANNELS.save(deps.storage, &chain_id, &record)?;
            Ok(response.add_attribute("current", "true"))
        }
        _ => Ok(response.add_attribute("current", "false")),
    }
}
