//! The six IBC entry points. Handshake rules are in `channel`, power updates and their
//! acknowledgements in `power`, slash requests in `slashing`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    DepsMut, Env, IbcBasicResponse, IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg,
    IbcChannelOpenResponse, IbcPacketAckMsg, IbcPacketReceiveMsg, IbcPacketTimeoutMsg,
    IbcReceiveResponse, Never, StdAck,
};

use crate::channel;
use crate::error::ContractError;
use crate::power;
use crate::slashing;

/// `OpenTry` records the channel, so it needs `DepsMut`; the response type carries no events.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_open(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelOpenMsg,
) -> Result<IbcChannelOpenResponse, ContractError> {
    channel::open(deps, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_connect(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelConnectMsg,
) -> Result<IbcBasicResponse, ContractError> {
    channel::connect(deps, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_close(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelCloseMsg,
) -> Result<IbcBasicResponse, ContractError> {
    channel::close(deps, msg)
}

/// Never fails: a refused packet gets an error acknowledgement, so the consumer learns why.
/// wasmd commits the state when this returns `Ok`, so `slashing::receive` writes nothing (an
/// accepted slash request is written by the slash book, in a submessage).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_receive(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketReceiveMsg,
) -> Result<IbcReceiveResponse, Never> {
    Ok(slashing::receive(deps, &msg.packet).unwrap_or_else(|err| {
        let reason = err.to_string();
        IbcReceiveResponse::new(StdAck::error(reason.clone()))
            .add_attribute("action", "packet_refused")
            .add_attribute("channel_id", msg.packet.dest.channel_id)
            .add_attribute("reason", reason)
    }))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_ack(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketAckMsg,
) -> Result<IbcBasicResponse, ContractError> {
    power::on_ack(deps, &env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_timeout(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketTimeoutMsg,
) -> Result<IbcBasicResponse, ContractError> {
    power::on_timeout(deps, &env, msg)
}
