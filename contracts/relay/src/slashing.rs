//! Slash requests from consumers: the relay's half. A request must come over its consumer's
//! open channel and cite an update the relay sent that consumer and that was in force there at
//! the infraction (delivered, carrying the operator, sent no later than the infraction, not
//! superseded by a newer one acknowledged before it): only the relay knows its channels and
//! updates. Then the slash is opened in the slash book (`palisade-slash-book`), which checks the
//! rest (consumer active, new, reportable, not covered, opted in, the rate limit) and answers;
//! the packet is acknowledged with that answer, which the reply sets as the acknowledgement.
//!
//! `receive` checks before it forwards and writes nothing itself, so a refused packet (error
//! acknowledgement) changes nothing; the book writes nothing when it refuses either.
//!
//! The book sends back every change of the total exposure (an opening's in its answer), and the
//! relay keeps it where the hub reads it raw (`TOTAL_EXPOSURE`); an executed slash's order comes
//! with it and goes to the registry from here, so the registry and the hub see one contract.

use cosmwasm_std::{
    from_json, to_json_binary, DepsMut, IbcPacket, IbcReceiveResponse, MessageInfo, Order, Reply,
    Response, StdAck, Storage, SubMsg, SubMsgResponse, SubMsgResult, Uint128, WasmMsg,
};
use cw_storage_plus::Bound;
use palisade_api::ibc::{ConsumerPacket, SlashRequest, SlashRequestAck};
use palisade_api::relay::{ChannelStatus, UpdateStatus};
use palisade_api::slash_book::{
    ExecuteMsg as BookExecute, OpeningAnswer, SlashOpening, SlashOrder,
};

use crate::channel;
use crate::error::ContractError;
use crate::registry;
use crate::state::{UpdateRecord, ACKED, CONFIG, SLASH_BOOK, TOTAL_EXPOSURE, UPDATES};

/// The reply id of an `open_slash` sent to the slash book.
pub const OPEN_SLASH: u64 = 1;

/// A packet from a consumer. Only slash requests are accepted.
pub fn receive(deps: DepsMut, packet: &IbcPacket) -> Result<IbcReceiveResponse, ContractError> {
    let consumer_packet: ConsumerPacket =
        from_json(&packet.data).map_err(|err| ContractError::MalformedPacket {
            reason: err.to_string(),
        })?;
    let (chain_id, record) = channel::current_channel(deps.storage, &packet.dest.channel_id)?;
    if record.status != ChannelStatus::Open {
        return Err(ContractError::ChannelNotOpen {
            chain_id,
            channel_id: record.channel_id,
            status: record.status,
        });
    }
    let request = match consumer_packet {
        ConsumerPacket::SlashRequest(request) => request,
        ConsumerPacket::RewardsNotice {
            notice_id,
            denom,
            amount,
        } => {
            return crate::rewards::notice(deps, chain_id, notice_id, denom, amount);
        }
    };
    slash_request(
        deps,
        &packet.dest.channel_id,
        chain_id,
        record.total_power,
        request,
    )
}

/// A consumer's slash request: the relay's checks, then the opening in the slash book, whose
/// answer the reply makes the acknowledgement.
fn slash_request(
    deps: DepsMut,
    channel_id: &str,
    chain_id: String,
    total_power: Uint128,
    request: SlashRequest,
) -> Result<IbcReceiveResponse, ContractError> {
    let update = UPDATES
        .may_load(deps.storage, (&chain_id, request.update_id))?
        .ok_or_else(|| ContractError::UnknownUpdate {
            chain_id: chain_id.clone(),
            update_id: request.update_id,
        })?;
    check_update_in_force(deps.storage, &chain_id, &request, &update)?;
    let book = SLASH_BOOK
        .may_load(deps.storage)?
        .ok_or(ContractError::NoSlashBook)?;
    let opening = SlashOpening {
        chain_id,
        request,
        provider_height: update.height,
        total_power,
    };
    let open = WasmMsg::Execute {
        contract_addr: book.into_string(),
        msg: to_json_binary(&BookExecute::OpenSlash(opening))?,
        funds: vec![],
    };
    // The reply replaces this acknowledgement with the book's answer.
    Ok(
        IbcReceiveResponse::new(StdAck::error("the slash book did not answer"))
            .add_submessage(
                SubMsg::reply_always(open, OPEN_SLASH).with_payload(channel_id.as_bytes()),
            )
            .add_attribute("action", "open_slash"),
    )
}

/// The book's answer to an opening, as the packet's acknowledgement (the reply's data replaces
/// the acknowledgement `receive` returned). A refusal, or a book that failed, is an error
/// acknowledgement and leaves nothing written. An answer the relay cannot read fails the reply,
/// so that the chain reverts whatever the book wrote too and acknowledges with an error.
pub fn opened(deps: DepsMut, reply: Reply) -> Result<Response, ContractError> {
    let answer = match reply.result.clone() {
        SubMsgResult::Ok(response) => {
            read_answer(response).ok_or(ContractError::UnreadableAnswer)?
        }
        SubMsgResult::Err(err) => OpeningAnswer::Refused {
            reason: format!("the slash book failed: {err}"),
        },
    };
    let (ack, response) = match answer {
        OpeningAnswer::Accepted {
            slash_id,
            status,
            total_exposure,
        } => {
            TOTAL_EXPOSURE.save(deps.storage, &total_exposure)?;
            let ack = StdAck::success(to_json_binary(&SlashRequestAck { slash_id, status })?);
            (ack, Response::new().add_attribute("action", "slash_opened"))
        }
        // The payload is the packet's channel, for the same event as a refusal by the relay.
        OpeningAnswer::Refused { reason } => (
            StdAck::error(reason.clone()),
            Response::new()
                .add_attribute("action", "packet_refused")
                .add_attribute("channel_id", String::from_utf8_lossy(&reply.payload))
                .add_attribute("reason", reason),
        ),
    };
    Ok(response.set_data(ack))
}

/// The book's answer: its response's data, which the chain wraps in the protobuf
/// `MsgExecuteContractResponse` (wasmd fills both `msg_responses` and the older `data`).
fn read_answer(response: SubMsgResponse) -> Option<OpeningAnswer> {
    #[allow(deprecated)]
    let wrapped = match response.msg_responses.into_iter().next() {
        Some(first) => first.value,
        None => response.data?,
    };
    let data = cw_utils::parse_execute_response_data(&wrapped).ok()?.data?;
    from_json(data).ok()
}

/// The slash book only: its new total exposure, and an executed slash's order for the registry.
pub fn book_update(
    deps: DepsMut,
    info: MessageInfo,
    total_exposure: Uint128,
    order: Option<SlashOrder>,
) -> Result<Response, ContractError> {
    if SLASH_BOOK.may_load(deps.storage)?.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotTheSlashBook);
    }
    TOTAL_EXPOSURE.save(deps.storage, &total_exposure)?;
    let mut response = Response::new()
        .add_attribute("action", "slash_book_update")
        .add_attribute("total_exposure", total_exposure);
    if let Some(order) = order {
        let registry = CONFIG.load(deps.storage)?.registry;
        response = response
            .add_attribute("slash_id", order.slash_id.to_string())
            .add_message(registry::slash_msg(&registry, &order)?);
    }
    Ok(response)
}

/// Owner: names the slash book, once. Another book would strand the first one's open slashes
/// (they could no longer execute through the relay nor count in the exposure): a new book is a
/// migration's job, which carries the records over.
pub fn set_book(
    deps: DepsMut,
    info: MessageInfo,
    slash_book: String,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    if let Some(named) = SLASH_BOOK.may_load(deps.storage)? {
        return Err(ContractError::SlashBookAlreadyNamed {
            slash_book: named.into_string(),
        });
    }
    let book = deps.api.addr_validate(&slash_book)?;
    SLASH_BOOK.save(deps.storage, &book)?;
    Ok(Response::new()
        .add_attribute("action", "set_slash_book")
        .add_attribute("slash_book", book))
}

/// The cited update was in force on the consumer at the infraction: delivered, carrying the
/// operator, sent no later than the infraction (a consumer cannot name a later update taken at a
/// higher stake), and not superseded by a newer one acknowledged before it.
fn check_update_in_force(
    storage: &dyn Storage,
    chain_id: &str,
    request: &SlashRequest,
    update: &UpdateRecord,
) -> Result<(), ContractError> {
    if update.status == UpdateStatus::Failed {
        return Err(ContractError::UpdateNotDelivered {
            update_id: request.update_id,
        });
    }
    // The power the consumer held is what this update carried for the operator: an update that
    // did not carry it was computed without reading its stake.
    if !update.operators.contains(&request.operator) {
        return Err(ContractError::UpdateDidNotCarry {
            update_id: request.update_id,
            operator: request.operator.clone(),
        });
    }
    if update.time > request.infraction_time {
        return Err(ContractError::UpdateAfterInfraction {
            update_id: request.update_id,
            sent_at: update.time,
            infraction_time: request.infraction_time,
        });
    }
    // A newer update carrying the operator was acknowledged before the infraction: the consumer
    // held it, or a newer one, then; the cited one was no longer in force (a consumer citing an
    // update of a higher stake).
    let acked = ACKED
        .prefix((chain_id, request.operator.as_str()))
        .range(
            storage,
            None,
            Some(Bound::inclusive(request.infraction_time.seconds())),
            Order::Descending,
        )
        .next()
        .transpose()?;
    if let Some((acked_at, newer)) = acked.filter(|&(_, id)| id > request.update_id) {
        return Err(ContractError::UpdateSuperseded {
            update_id: request.update_id,
            newer,
            acked_at,
        });
    }
    Ok(())
}
