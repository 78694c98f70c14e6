//! Slash requests: reporting an infraction, sending it to the provider, and following it through
//! acknowledgement, timeout and re-sending.
//!
//! A request is kept in `OUTBOX` for good. It is sent at once if the channel is open; otherwise
//! it waits as `TimedOut`, since a report from the chain itself must never be lost. `TIMED_OUT`
//! indexes the timed-out requests, oldest first, so `retry_timed_out` re-sends a bounded batch
//! without scanning the outbox. A re-send keeps the request id, so the provider can tell a
//! repeat from a new request.

use cosmwasm_std::{
    from_json, to_json_binary, Addr, Deps, DepsMut, Env, IbcBasicResponse, IbcMsg, IbcPacket,
    IbcPacketAckMsg, IbcPacketTimeoutMsg, IbcTimeout, Order, Response, StdAck, StdResult, Storage,
};
use cw_storage_plus::Bound;
use palisade_api::consumer::{InfractionReport, OutboxStatus};
use palisade_api::ibc::{
    ConsumerPacket, SlashRequest, SlashRequestAck, MAX_EVIDENCE_BYTES, UNREADABLE_ACK,
};
use palisade_api::time::{add_seconds, overflow};

use crate::error::ContractError;
use crate::state::{
    answers_an_earlier_send, clamp_limit, OutboxEntry, CHANNEL, CONFIG, KEYS, LAST_REQUEST_ID,
    OPERATOR_HISTORY, OUTBOX, REPORTED, TIMED_OUT,
};

fn status_name(status: &OutboxStatus) -> &'static str {
    match status {
        OutboxStatus::InFlight => "in_flight",
        OutboxStatus::Accepted(_) => "accepted",
        OutboxStatus::Rejected { .. } => "rejected",
        OutboxStatus::TimedOut => "timed_out",
    }
}

/// The open channel to the provider, if any.
fn open_channel(storage: &dyn Storage) -> StdResult<Option<String>> {
    Ok(CHANNEL
        .may_load(storage)?
        .filter(|c| c.open)
        .map(|c| c.channel_id))
}

/// Where and until when a request sent now goes.
struct Destination {
    channel_id: String,
    timeout: IbcTimeout,
}

/// The open channel and the timeout of a packet sent now; `None` without an open channel.
fn destination(storage: &dyn Storage, env: &Env) -> Result<Option<Destination>, ContractError> {
    let Some(channel_id) = open_channel(storage)? else {
        return Ok(None);
    };
    let packet_timeout = CONFIG.load(storage)?.packet_timeout;
    Ok(Some(Destination {
        channel_id,
        timeout: IbcTimeout::with_timestamp(add_seconds(env.block.time, packet_timeout)?),
    }))
}

/// Marks `entry` sent now and returns the packet that sends it.
fn send(env: &Env, to: &Destination, entry: &mut OutboxEntry) -> StdResult<IbcMsg> {
    entry.status = OutboxStatus::InFlight;
    entry.attempts = entry.attempts.saturating_add(1);
    entry.last_sent_at = env.block.time;
    Ok(IbcMsg::SendPacket {
        channel_id: to.channel_id.clone(),
        data: to_json_binary(&ConsumerPacket::SlashRequest(entry.request.clone()))?,
        timeout: to.timeout.clone(),
    })
}

/// The owner and the reporters may report.
pub fn authorize_reporter(deps: Deps, sender: &Addr) -> Result<(), ContractError> {
    if cw_ownable::is_owner(deps.storage, sender)?
        || CONFIG.load(deps.storage)?.reporters.contains(sender)
    {
        return Ok(());
    }
    Err(ContractError::Unauthorized {
        sender: sender.to_string(),
    })
}

/// Records a report as a slash request and sends it if the channel is open. `reporter` is only
/// named in the event; the caller has checked it.
pub fn report(
    deps: DepsMut,
    env: &Env,
    reporter: &str,
    report: InfractionReport,
) -> Result<Response, ContractError> {
    let operator = KEYS
        .may_load(deps.storage, &report.consumer_key)?
        .ok_or_else(|| ContractError::UnknownConsumerKey {
            consumer_key: report.consumer_key.clone(),
        })?;
    if report.infraction_height > env.block.height || report.infraction_time > env.block.time {
        return Err(ContractError::InfractionInFuture {
            infraction_height: report.infraction_height,
            infraction_time: report.infraction_time,
            height: env.block.height,
            time: env.block.time,
        });
    }
    // The update that set the operator's power in force at the infraction; none, or zero power,
    // and there is nothing to slash.
    let update_id = OPERATOR_HISTORY
        .prefix(&operator)
        .range(
            deps.storage,
            None,
            Some(Bound::inclusive(report.infraction_height)),
            Order::Descending,
        )
        .next()
        .transpose()?
        .and_then(|(_, (update_id, power))| (!power.is_zero()).then_some(update_id))
        .ok_or(ContractError::NoPowerAtInfraction {
            infraction_height: report.infraction_height,
        })?;
    if let Some(evidence) = &report.evidence {
        if evidence.len() > MAX_EVIDENCE_BYTES {
            return Err(ContractError::EvidenceTooLong {
                len: evidence.len(),
                max: MAX_EVIDENCE_BYTES,
            });
        }
    }
    let infraction = report.infraction.name();
    let reported_key = (operator.as_str(), infraction, report.infraction_height);
    if let Some(request_id) = REPORTED.may_load(deps.storage, reported_key)? {
        return Err(ContractError::DuplicateReport {
            operator,
            infraction: infraction.to_string(),
            infraction_height: report.infraction_height,
            request_id,
        });
    }
    let request_id = LAST_REQUEST_ID
        .load(deps.storage)?
        .checked_add(1)
        .ok_or_else(overflow)?;
    let mut entry = OutboxEntry {
        request: SlashRequest {
            request_id,
            operator: operator.clone(),
            infraction: report.infraction,
            infraction_height: report.infraction_height,
            infraction_time: report.infraction_time,
            update_id,
            evidence: report.evidence,
        },
        status: OutboxStatus::TimedOut,
        attempts: 0,
        last_sent_at: env.block.time,
    };
    let packet = match destination(deps.storage, env)? {
        Some(to) => Some(send(env, &to, &mut entry)?),
        None => None,
    };

    LAST_REQUEST_ID.save(deps.storage, &request_id)?;
    REPORTED.save(deps.storage, reported_key, &request_id)?;
    OUTBOX.save(deps.storage, request_id, &entry)?;
    if packet.is_none() {
        TIMED_OUT.save(deps.storage, request_id, &())?;
    }
    let response = Response::new()
        .add_attribute("action", "report_infraction")
        .add_attribute("request_id", request_id.to_string())
        .add_attribute("reporter", reporter)
        .add_attribute("operator", operator)
        .add_attribute("infraction", infraction)
        .add_attribute("infraction_height", report.infraction_height.to_string())
        .add_attribute("update_id", update_id.to_string())
        .add_attribute("sent", packet.is_some().to_string());
    Ok(match packet {
        Some(packet) => response.add_message(packet),
        None => response,
    })
}

/// Anyone: re-sends the oldest timed-out requests, at most `limit`.
pub fn retry_timed_out(
    deps: DepsMut,
    env: &Env,
    limit: Option<u32>,
) -> Result<Response, ContractError> {
    let to = destination(deps.storage, env)?.ok_or(ContractError::NotConnected)?;
    let request_ids = TIMED_OUT
        .keys(deps.storage, None, None, Order::Ascending)
        .take(clamp_limit(limit))
        .collect::<StdResult<Vec<u64>>>()?;
    if request_ids.is_empty() {
        return Err(ContractError::NothingToRetry);
    }
    let mut packets = Vec::with_capacity(request_ids.len());
    for &request_id in &request_ids {
        let mut entry = OUTBOX.load(deps.storage, request_id)?;
        packets.push(send(env, &to, &mut entry)?);
        OUTBOX.save(deps.storage, request_id, &entry)?;
        TIMED_OUT.remove(deps.storage, request_id);
    }
    let ids = request_ids
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    Ok(Response::new()
        .add_messages(packets)
        .add_attribute("action", "retry_timed_out")
        .add_attribute("count", request_ids.len().to_string())
        .add_attribute("request_ids", ids))
}

/// Owner (checked by the caller): re-sends a request the provider rejected.
pub fn resend_rejected(
    deps: DepsMut,
    env: &Env,
    request_id: u64,
) -> Result<Response, ContractError> {
    let mut entry = OUTBOX
        .may_load(deps.storage, request_id)?
        .ok_or(ContractError::UnknownRequest { request_id })?;
    let stranded = entry.status == OutboxStatus::InFlight
        && crate::state::stranded(deps.storage, entry.last_sent_at)?;
    if !stranded && !matches!(entry.status, OutboxStatus::Rejected { .. }) {
        return Err(ContractError::NotRejected { request_id });
    }
    let to = destination(deps.storage, env)?.ok_or(ContractError::NotConnected)?;
    let packet = send(env, &to, &mut entry)?;
    OUTBOX.save(deps.storage, request_id, &entry)?;
    Ok(Response::new()
        .add_message(packet)
        .add_attribute("action", "resend_rejected")
        .add_attribute("request_id", request_id.to_string())
        .add_attribute("attempts", entry.attempts.to_string()))
}

/// What an acknowledgement or timeout is about.
enum Sent {
    /// One of our slash requests, still waiting for its answer.
    InFlight(u64, OutboxEntry),
    /// Anything else: ignored, never refused (refusing would only leave the packet stuck in IBC).
    Ignored {
        request_id: Option<u64>,
        reason: &'static str,
    },
}

fn find_sent(storage: &dyn Storage, packet: &IbcPacket) -> StdResult<Sent> {
    let request_id = match from_json(&packet.data) {
        Ok(ConsumerPacket::SlashRequest(request)) => request.request_id,
        _ => {
            return Ok(Sent::Ignored {
                request_id: None,
                reason: "not a slash request",
            })
        }
    };
    let ignored = |reason| Sent::Ignored {
        request_id: Some(request_id),
        reason,
    };
    Ok(match OUTBOX.may_load(storage, request_id)? {
        None => ignored("unknown request"),
        Some(entry) if entry.status != OutboxStatus::InFlight => {
            ignored(status_name(&entry.status))
        }
        Some(entry)
            if answers_an_earlier_send(storage, &packet.src.channel_id, entry.last_sent_at)? =>
        {
            ignored("answer to a send on an earlier channel")
        }
        Some(entry) => Sent::InFlight(request_id, entry),
    })
}

fn ignored(action: &str, request_id: Option<u64>, reason: &str) -> IbcBasicResponse {
    IbcBasicResponse::new()
        .add_attribute("action", action)
        .add_attribute(
            "request_id",
            request_id.map(|id| id.to_string()).unwrap_or_default(),
        )
        .add_attribute("reason", reason)
}

/// The provider's answer: accepted (with its slash id) or rejected (with its reason).
pub fn on_ack(deps: DepsMut, msg: IbcPacketAckMsg) -> Result<IbcBasicResponse, ContractError> {
    let (request_id, mut entry) = match find_sent(deps.storage, &msg.original_packet)? {
        Sent::InFlight(request_id, entry) => (request_id, entry),
        Sent::Ignored { request_id, reason } => {
            return Ok(ignored("ack_ignored", request_id, reason))
        }
    };
    entry.status = match from_json::<StdAck>(&msg.acknowledgement.data) {
        Ok(StdAck::Success(payload)) => match from_json::<SlashRequestAck>(&payload) {
            Ok(ack) => OutboxStatus::Accepted(ack),
            Err(_) => OutboxStatus::Rejected {
                reason: UNREADABLE_ACK.to_string(),
            },
        },
        Ok(StdAck::Error(reason)) => OutboxStatus::Rejected { reason },
        Err(_) => OutboxStatus::Rejected {
            reason: UNREADABLE_ACK.to_string(),
        },
    };
    OUTBOX.save(deps.storage, request_id, &entry)?;
    let response = IbcBasicResponse::new()
        .add_attribute("action", "slash_request_ack")
        .add_attribute("request_id", request_id.to_string())
        .add_attribute("status", status_name(&entry.status));
    Ok(match entry.status {
        OutboxStatus::Accepted(ack) => response
            .add_attribute("slash_id", ack.slash_id.to_string())
            .add_attribute("slash_status", ack.status.name()),
        OutboxStatus::Rejected { reason } => response.add_attribute("reason", reason),
        _ => response,
    })
}

/// Not received in time: waits for `retry_timed_out`.
pub fn on_timeout(
    deps: DepsMut,
    msg: IbcPacketTimeoutMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let (request_id, mut entry) = match find_sent(deps.storage, &msg.packet)? {
        Sent::InFlight(request_id, entry) => (request_id, entry),
        Sent::Ignored { request_id, reason } => {
            return Ok(ignored("timeout_ignored", request_id, reason))
        }
    };
    entry.status = OutboxStatus::TimedOut;
    OUTBOX.save(deps.storage, request_id, &entry)?;
    TIMED_OUT.save(deps.storage, request_id, &())?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "slash_request_timeout")
        .add_attribute("request_id", request_id.to_string())
        .add_attribute("attempts", entry.attempts.to_string()))
}
