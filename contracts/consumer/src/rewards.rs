//! Rewards to the provider: the consumer chain pays for the security it receives by sending
//! reward tokens to the relay by ICS-20, with a `rewards_notice` over the Palisade channel naming
//! the amount and the tokens' denom on the provider.
//!
//! The two packets travel on different channels and may arrive in either order; the relay
//! credits a notice only once the tokens are there, and refuses it otherwise (error ack). A
//! refused or timed-out notice stays here and the owner or a reporter may send it again
//! (`resend_notice`, same id, so the provider credits it once) once its tokens are in the relay.
//! If the ICS-20 transfer itself timed out, the transfer module refunded the tokens here and a new
//! `forward_rewards` sends them with a new notice; the old notice must then stay refused, or its
//! resend would be credited out of another notice's tokens, which is why resending is not open to
//! anyone.

use cosmwasm_std::{
    coin, from_json, to_json_binary, Deps, DepsMut, Env, IbcBasicResponse, IbcMsg, IbcTimeout,
    Order, Response, StdAck, StdResult, Storage,
};
use cw_storage_plus::{Bound, Item, Map};
use palisade_api::consumer::{NoticeResponse, NoticeStatus, RewardDenomRoute, RewardRouteResponse};
use palisade_api::ibc::ConsumerPacket;
use palisade_api::time::add_seconds;

use crate::error::ContractError;
use crate::state::{clamp_limit, CHANNEL, CONFIG};

/// Most reward denoms routed: as many as the provider's LRT pays out.
pub const MAX_ROUTED_DENOMS: usize = palisade_api::lrt::MAX_REWARD_DENOMS;

pub const ROUTE: Item<RewardRouteResponse> = Item::new("reward_route");
pub const NOTICES: Map<u64, NoticeResponse> = Map::new("notices");
pub const LAST_NOTICE_ID: Item<u64> = Item::new("last_notice_id");

/// Owner (checked by the caller): sets the route.
pub fn set_route(
    deps: DepsMut,
    transfer_channel: String,
    denoms: Vec<RewardDenomRoute>,
) -> Result<Response, ContractError> {
    let invalid = |reason: &str| ContractError::InvalidRewardRoute {
        reason: reason.to_string(),
    };
    if !transfer_channel.starts_with("channel-") {
        return Err(invalid("transfer_channel must be a channel id (channel-N)"));
    }
    if denoms.is_empty() || denoms.len() > MAX_ROUTED_DENOMS {
        return Err(invalid("route 1 to 4 denoms"));
    }
    for (i, d) in denoms.iter().enumerate() {
        if d.local.trim().is_empty()
            || d.provider.trim().is_empty()
            || denoms[..i].iter().any(|o| o.local == d.local)
        {
            return Err(invalid("denoms must be distinct and not empty"));
        }
    }
    let shown = denoms
        .iter()
        .map(|d| format!("{}>{}", d.local, d.provider))
        .collect::<Vec<_>>()
        .join(",");
    ROUTE.save(
        deps.storage,
        &RewardRouteResponse {
            transfer_channel: transfer_channel.clone(),
            denoms,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "set_reward_route")
        .add_attribute("transfer_channel", transfer_channel)
        .add_attribute("denoms", shown))
}

/// The open Palisade channel and a packet timeout from now.
fn channel_and_timeout(
    storage: &dyn Storage,
    env: &Env,
) -> Result<(String, IbcTimeout), ContractError> {
    let channel = CHANNEL
        .may_load(storage)?
        .filter(|c| c.open)
        .ok_or(ContractError::NotConnected)?;
    let seconds = CONFIG.load(storage)?.packet_timeout;
    Ok((
        channel.channel_id,
        IbcTimeout::with_timestamp(add_seconds(env.block.time, seconds)?),
    ))
}

fn notice_packet(
    channel_id: String,
    timeout: IbcTimeout,
    notice: &NoticeResponse,
) -> StdResult<IbcMsg> {
    Ok(IbcMsg::SendPacket {
        channel_id,
        data: to_json_binary(&ConsumerPacket::RewardsNotice {
            notice_id: notice.notice_id,
            denom: notice.denom.clone(),
            amount: notice.amount,
        })?,
        timeout,
    })
}

/// Anyone: forwards the contract's balance of `denom` to the relay, with its notice.
pub fn forward(deps: DepsMut, env: Env, denom: String) -> Result<Response, ContractError> {
    let route = ROUTE
        .may_load(deps.storage)?
        .ok_or(ContractError::NoRewardRoute)?;
    let provider_denom = route
        .denoms
        .iter()
        .find(|d| d.local == denom)
        .map(|d| d.provider.clone())
        .ok_or_else(|| ContractError::UnroutedDenom {
            denom: denom.clone(),
        })?;
    let amount = deps
        .querier
        .query_balance(&env.contract.address, &denom)?
        .amount;
    if amount.is_zero() {
        return Err(ContractError::NoRewardsToForward { denom });
    }
    let (channel_id, timeout) = channel_and_timeout(deps.storage, &env)?;
    // The relay's account on the provider is its contract address: its port is `wasm.<address>`.
    let relay_port = CONFIG.load(deps.storage)?.relay_port;
    let relay = relay_port.trim_start_matches("wasm.").to_string();
    let notice_id = LAST_NOTICE_ID.may_load(deps.storage)?.unwrap_or(0) + 1;
    let notice = NoticeResponse {
        notice_id,
        denom: provider_denom,
        amount,
        status: NoticeStatus::InFlight,
        attempts: 1,
        last_sent_at: env.block.time,
    };
    NOTICES.save(deps.storage, notice_id, &notice)?;
    LAST_NOTICE_ID.save(deps.storage, &notice_id)?;
    let transfer = IbcMsg::Transfer {
        channel_id: route.transfer_channel,
        to_address: relay.clone(),
        amount: coin(amount.u128(), &denom),
        timeout: timeout.clone(),
        memo: None,
    };
    Ok(Response::new()
        .add_message(transfer)
        .add_message(notice_packet(channel_id, timeout, &notice)?)
        .add_attribute("action", "forward_rewards")
        .add_attribute("notice_id", notice_id.to_string())
        .add_attribute("denom", denom)
        .add_attribute("provider_denom", notice.denom)
        .add_attribute("amount", amount)
        .add_attribute("to", relay))
}

/// The owner or a reporter (checked by the caller): sends a rejected or timed-out notice again.
pub fn resend(deps: DepsMut, env: Env, notice_id: u64) -> Result<Response, ContractError> {
    let mut notice = NOTICES
        .may_load(deps.storage, notice_id)?
        .ok_or(ContractError::UnknownNotice { notice_id })?;
    let stranded = notice.status == NoticeStatus::InFlight
        && crate::state::stranded(deps.storage, notice.last_sent_at)?;
    if !stranded
        && !matches!(
            notice.status,
            NoticeStatus::Rejected { .. } | NoticeStatus::TimedOut
        )
    {
        return Err(ContractError::NoticeNotResendable { notice_id });
    }
    let (channel_id, timeout) = channel_and_timeout(deps.storage, &env)?;
    notice.status = NoticeStatus::InFlight;
    notice.attempts = notice.attempts.saturating_add(1);
    notice.last_sent_at = env.block.time;
    NOTICES.save(deps.storage, notice_id, &notice)?;
    Ok(Response::new()
        .add_message(notice_packet(channel_id, timeout, &notice)?)
        .add_attribute("action", "resend_notice")
        .add_attribute("notice_id", notice_id.to_string())
        .add_attribute("attempts", notice.attempts.to_string()))
}

/// The notice id of a packet we sent, if it was a rewards notice.
pub fn notice_id_of(packet_data: &[u8]) -> Option<u64> {
    match from_json(packet_data) {
        Ok(ConsumerPacket::RewardsNotice { notice_id, .. }) => Some(notice_id),
        _ => None,
    }
}

/// The provider's answer to a notice sent on `channel_id`, or its timeout (`ack` is `None`).
/// An answer to an earlier send on a closed channel is ignored (`state::answers_an_earlier_send`).
pub fn on_answer(
    deps: DepsMut,
    notice_id: u64,
    channel_id: &str,
    ack: Option<&[u8]>,
) -> Result<IbcBasicResponse, ContractError> {
    let response = IbcBasicResponse::new().add_attribute("notice_id", notice_id.to_string());
    let Some(mut notice) = NOTICES.may_load(deps.storage, notice_id)? else {
        return Ok(response.add_attribute("action", "notice_answer_ignored"));
    };
    if notice.status != NoticeStatus::InFlight
        || crate::state::answers_an_earlier_send(deps.storage, channel_id, notice.last_sent_at)?
    {
        return Ok(response.add_attribute("action", "notice_answer_ignored"));
    }
    notice.status = match ack.map(from_json::<StdAck>) {
        None => NoticeStatus::TimedOut,
        Some(Ok(StdAck::Success(_))) => NoticeStatus::Accepted,
        Some(Ok(StdAck::Error(reason))) => NoticeStatus::Rejected { reason },
        Some(Err(_)) => NoticeStatus::Rejected {
            reason: palisade_api::ibc::UNREADABLE_ACK.to_string(),
        },
    };
    NOTICES.save(deps.storage, notice_id, &notice)?;
    let status = match &notice.status {
        NoticeStatus::Accepted => "accepted",
        NoticeStatus::Rejected { .. } => "rejected",
        NoticeStatus::TimedOut => "timed_out",
        NoticeStatus::InFlight => "in_flight",
    };
    Ok(response
        .add_attribute("action", "rewards_notice_answer")
        .add_attribute("status", status))
}

pub fn query_notices(
    deps: Deps,
    start_before: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<NoticeResponse>> {
    NOTICES
        .range(
            deps.storage,
            None,
            start_before.map(Bound::exclusive),
            Order::Descending,
        )
        .take(clamp_limit(limit))
        .map(|item| item.map(|(_, n)| n))
        .collect()
}
