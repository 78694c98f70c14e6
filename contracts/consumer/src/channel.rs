//! Handshake rules. The consumer initiates: it accepts `OpenInit` (and then `OpenAck`) for a
//! channel with the protocol's order and version, over the provider connection and to the relay's
//! port fixed at instantiation, and refuses `OpenTry` and `OpenConfirm`. One channel is open at a
//! time; once it closes, a new handshake may replace it (slash requests that timed out on the old
//! one are then re-sent with `retry_timed_out`).

use cosmwasm_std::{
    Deps, DepsMut, Env, Ibc3ChannelOpenResponse, IbcBasicResponse, IbcChannel, IbcChannelCloseMsg,
    IbcChannelConnectMsg, IbcChannelOpenMsg, IbcChannelOpenResponse,
};
use palisade_api::ibc::{PROTOCOL_ORDER, PROTOCOL_VERSION};

use crate::error::ContractError;
use crate::state::{ChannelState, CHANNEL, CONFIG};

fn check_version(version: &str) -> Result<(), ContractError> {
    if version != PROTOCOL_VERSION {
        return Err(ContractError::WrongVersion {
            got: version.to_string(),
            expected: PROTOCOL_VERSION.to_string(),
        });
    }
    Ok(())
}

/// Order, connection, counterparty port, and no other channel open.
fn check_channel(deps: Deps, channel: &IbcChannel) -> Result<(), ContractError> {
    if channel.order != PROTOCOL_ORDER {
        return Err(ContractError::WrongOrder {
            got: channel.order.clone(),
            expected: PROTOCOL_ORDER,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    if channel.connection_id != config.provider_connection_id {
        return Err(ContractError::WrongConnection {
            got: channel.connection_id.clone(),
            expected: config.provider_connection_id,
        });
    }
    if channel.counterparty_endpoint.port_id != config.relay_port {
        return Err(ContractError::WrongPort {
            got: channel.counterparty_endpoint.port_id.clone(),
            expected: config.relay_port,
        });
    }
    if let Some(current) = CHANNEL.may_load(deps.storage)? {
        if current.open {
            return Err(ContractError::ChannelAlreadyOpen {
                channel_id: current.channel_id,
            });
        }
    }
    Ok(())
}

pub fn open(deps: Deps, msg: IbcChannelOpenMsg) -> Result<IbcChannelOpenResponse, ContractError> {
    let channel = match msg {
        IbcChannelOpenMsg::OpenInit { channel } => channel,
        IbcChannelOpenMsg::OpenTry { .. } => return Err(ContractError::OnlyConsumerInitiates),
    };
    // An empty version asks the application to choose (relayers send one when none is given).
    if !channel.version.is_empty() {
        check_version(&channel.version)?;
    }
    check_channel(deps, &channel)?;
    Ok(Some(Ibc3ChannelOpenResponse {
        version: PROTOCOL_VERSION.to_string(),
    }))
}

pub fn connect(
    deps: DepsMut,
    env: &Env,
    msg: IbcChannelConnectMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let (channel, counterparty_version) = match msg {
        IbcChannelConnectMsg::OpenAck {
            channel,
            counterparty_version,
        } => (channel, counterparty_version),
        IbcChannelConnectMsg::OpenConfirm { .. } => {
            return Err(ContractError::OnlyConsumerInitiates)
        }
    };
    check_version(&counterparty_version)?;
    check_channel(deps.as_ref(), &channel)?;
    CHANNEL.save(
        deps.storage,
        &ChannelState {
            channel_id: channel.endpoint.channel_id.clone(),
            open: true,
            opened_at: env.block.time,
        },
    )?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_connect")
        .add_attribute("channel_id", channel.endpoint.channel_id)
        .add_attribute("connection_id", channel.connection_id)
        .add_attribute("counterparty_port", channel.counterparty_endpoint.port_id)
        .add_attribute(
            "counterparty_channel_id",
            channel.counterparty_endpoint.channel_id,
        ))
}

pub fn close(deps: DepsMut, msg: IbcChannelCloseMsg) -> Result<IbcBasicResponse, ContractError> {
    let channel_id = msg.channel().endpoint.channel_id.clone();
    let mut current = match CHANNEL.may_load(deps.storage)? {
        Some(current) if current.channel_id == channel_id => current,
        _ => return Err(ContractError::UnknownChannel { channel_id }),
    };
    current.open = false;
    CHANNEL.save(deps.storage, &current)?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_close")
        .add_attribute("channel_id", channel_id))
}
