//! The six IBC entry points. Handshake rules are in `channel`, power updates in `power`, the
//! acknowledgements and timeouts of our slash requests in `outbox`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    DepsMut, Env, IbcBasicResponse, IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg,
    IbcChannelOpenResponse, IbcPacketAckMsg, IbcPacketReceiveMsg, IbcPacketTimeoutMsg,
    IbcReceiveResponse, Never, StdAck,
};

use crate::channel;
use crate::error::ContractError;
use crate::outbox;
use crate::power;

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_open(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelOpenMsg,
) -> Result<IbcChannelOpenResponse, ContractError> {
    channel::open(deps.as_ref(), msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_connect(
    deps: DepsMut,
    env: Env,
    msg: IbcChannelConnectMsg,
) -> Result<IbcBasicResponse, ContractError> {
    channel::connect(deps, &env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_close(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelCloseMsg,
) -> Result<IbcBasicResponse, ContractError> {
    channel::close(deps, msg)
}

/// Never fails: a packet that is refused gets an error acknowledgement, and the relay learns why.
/// wasmd commits the state when this returns `Ok`, so `power::receive` checks everything before
/// its first write.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_receive(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketReceiveMsg,
) -> Result<IbcReceiveResponse, Never> {
    Ok(
        power::receive(deps, &env, &msg.packet).unwrap_or_else(|err| {
            let reason = err.to_string();
            IbcReceiveResponse::new(StdAck::error(reason.clone()))
                .add_attribute("action", "power_update_refused")
                .add_attribute("channel_id", msg.packet.dest.channel_id)
                .add_attribute("reason", reason)
        }),
    )
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_ack(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketAckMsg,
) -> Result<IbcBasicResponse, ContractError> {
    match crate::rewards::notice_id_of(&msg.original_packet.data) {
        Some(notice_id) => {
            let channel_id = &msg.original_packet.src.channel_id;
            let ack = Some(msg.acknowledgement.data.as_slice());
            crate::rewards::on_answer(deps, notice_id, channel_id, ack)
        }
        None => outbox::on_ack(deps, msg),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_timeout(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketTimeoutMsg,
) -> Result<IbcBasicResponse, ContractError> {
    match crate::rewards::notice_id_of(&msg.packet.data) {
        Some(notice_id) => {
            crate::rewards::on_answer(deps, notice_id, &msg.packet.src.channel_id, None)
        }
        None => outbox::on_timeout(deps, msg),
    }
}
