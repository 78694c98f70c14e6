//! Power updates: the crank that sends them and the acknowledgements and timeouts that follow.
//!
//! `send_power_updates` reads one page of the consumer's operators from the registry, starting
//! after the channel's cursor, and compares each with its `LAST_SENT` entry. An operator's power
//! is its restaked power, or zero while it is jailed or once it is tombstoned. A new or changed
//! power (or a new consumer key) is sent; a power that fell to zero is sent as removed and its
//! entry deleted. An operator the registry stopped listing (pruned, or opted out) is found as a
//! `LAST_SENT` entry inside the page's key range with no registry entry, and is removed too.
//! The range runs from after the cursor to the page's last operator, or to the end of the
//! keyspace on the last page. Reading `LAST_SENT` is bounded: if the range holds more entries
//! than that bound, the page stops at the last entry read and the next crank goes on from there.
//!
//! Every crank then has the LRT checkpoint the same page's commission shares
//! (`sync_commission`), which reads the `LAST_SENT` entries just written.
//!
//! Entries from an older channel generation count as not sent: an operator with power is sent
//! again, one without is sent as removed.
//!
//! A refused or timed-out update is re-sent at once with a new id, carrying its operators'
//! latest state (their `LAST_SENT` entry, or their removal). Without an open channel nothing is
//! re-sent: the channel that replaces it starts a new generation, whose cranks re-send every
//! operator.

use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Deps, DepsMut, Env, IbcBasicResponse, IbcMsg,
    IbcPacket, IbcPacketAckMsg, IbcPacketTimeoutMsg, IbcTimeout, Order, Response, StdAck,
    StdResult, Storage, SubMsg, Timestamp, Uint128,
};
use cw_storage_plus::Bound;
use palisade_api::ibc::{OperatorPower, PowerUpdateAck, ProviderPacket};
use palisade_api::registry::{ConsumerStatus, OperatorStatus};
use palisade_api::relay::{ChannelStatus, UpdateStatus};
use palisade_api::time::{add_seconds, overflow};
use serde::Deserialize;

use crate::applied;
use crate::channel;
use crate::error::ContractError;
use crate::registry;
use crate::state::{
    ChannelRecord, SentPower, UpdateRecord, ACKED, APPLIED_TIMES, CHANNELS, CONFIG, LAST_SENT,
    SENT_KEYS, SENT_SCAN_FACTOR, UPDATES,
};

/// Why an update failed when the consumer's acknowledgement cannot be read.
pub use palisade_api::ibc::UNREADABLE_ACK;

/// Why an update failed when it timed out.
pub const TIMEOUT: &str = "timeout";

/// Reply id of the LRT's `sync_commission` after a crank, answered only when it fails.
pub const SYNC_COMMISSION: u64 = 2;

/// A failed commission sync does not hold back the crank: power updates are the consumer's
/// security, the checkpoints only rewards' shares, and the next crank of the page (or anyone's
/// `sync_commission`) tries again. The sync's own writes are undone; the crank's stay.
pub fn sync_failed(reply: cosmwasm_std::Reply) -> Response {
    let reason = match reply.result {
        cosmwasm_std::SubMsgResult::Err(reason) => reason,
        cosmwasm_std::SubMsgResult::Ok(_) => String::new(),
    };
    Response::new()
        .add_attribute("action", "commission_sync_failed")
        .add_attribute("reason", reason)
}

/// The power an operator has on the consumer now: none while jailed or once tombstoned.
pub fn current_power(status: &OperatorStatus, restaked_power: Uint128, now: Timestamp) -> Uint128 {
    match status {
        OperatorStatus::Tombstoned => Uint128::zero(),
        OperatorStatus::Jailed { until } if *until > now => Uint128::zero(),
        _ => restaked_power,
    }
}

/// Records update `record.next_update_id` as in flight and builds its packet. The caller saves
/// `record`.
fn send_update(
    storage: &mut dyn Storage,
    env: &Env,
    chain_id: &str,
    record: &mut ChannelRecord,
    packet_timeout: u64,
    powers: Vec<OperatorPower>,
    removed: Vec<String>,
) -> Result<(u64, IbcMsg), ContractError> {
    let timeout = IbcTimeout::with_timestamp(add_seconds(env.block.time, packet_timeout)?);
    let update_id = record.next_update_id;
    record.next_update_id = update_id.checked_add(1).ok_or_else(overflow)?;
    let operators = powers
        .iter()
        .map(|p| p.operator.clone())
        .chain(removed.iter().cloned())
        .collect();
    UPDATES.save(
        storage,
        (chain_id, update_id),
        &UpdateRecord {
            height: env.block.height,
            time: env.block.time,
            status: UpdateStatus::InFlight,
            operators,
        },
    )?;
    let packet = ProviderPacket::PowerUpdate {
        update_id,
        powers,
        removed,
    };
    let msg = IbcMsg::SendPacket {
        channel_id: record.channel_id.clone(),
        data: to_json_binary(&packet)?,
        timeout,
    };
    Ok((update_id, msg))
}

fn cursor_attribute(cursor: &Option<String>) -> String {
    cursor.clone().unwrap_or_else(|| "none".to_string())
}

/// What the relay keeps for an operator it told the consumer to remove: a zero-power entry, so that
/// on a later channel (a new generation) the removal is sent again. Deleting the entry instead
/// would lose the removal if its update failed while no channel was open, and the consumer
/// (whose state survives a reopening) would keep the stale power.
fn removal_mark(previous: SentPower, update_id: u64, generation: u64) -> SentPower {
    SentPower {
        power: Uint128::zero(),
        update_id,
        generation,
        ..previous
    }
}

/// Anyone: sends the next page's changes to `chain_id`.
pub fn send_power_updates(
    deps: DepsMut,
    env: &Env,
    chain_id: String,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let consumer = registry::consumer(&deps.querier, &config.registry, &chain_id)?;
    if consumer.status != ConsumerStatus::Active {
        return Err(ContractError::ConsumerNotActive {
            chain_id,
            status: consumer.status,
        });
    }
    let mut record = match CHANNELS.may_load(deps.storage, &chain_id)? {
        Some(record) if record.status == ChannelStatus::Open => record,
        _ => return Err(ContractError::NotConnected { chain_id }),
    };
    let limit = config.settings.max_operators_per_update;
    // After the crank's writes, the LRT checkpoints the same page's commission shares.
    let sync = registry::sync_commission_msg(
        &deps.querier,
        &config.hub,
        &chain_id,
        record.cursor.clone(),
        limit,
    )?;
    let page = read_page(deps.as_ref(), &config.registry, &chain_id, &record, limit)?;
    record.cursor = if page.reached_end {
        None
    } else {
        page.end.clone()
    };
    let changes = compare(page, &record, env.block.time)?;

    let response = Response::new()
        .add_attribute("action", "send_power_updates")
        .add_attribute("chain_id", chain_id.clone());
    if changes.powers.is_empty() && changes.removed.is_empty() {
        CHANNELS.save(deps.storage, &chain_id, &record)?;
        return Ok(response
            .add_submessage(SubMsg::reply_on_error(sync, SYNC_COMMISSION))
            .add_attribute("sent", "false")
            .add_attribute("cursor", cursor_attribute(&record.cursor)));
    }
    for (operator, entry) in &changes.writes {
        LAST_SENT.save(deps.storage, (&chain_id, operator), entry)?;
    }
    for (operator, key) in &changes.new_keys {
        SENT_KEYS.save(
            deps.storage,
            (&chain_id, operator, record.next_update_id),
            key,
        )?;
    }
    let (changed, removed_count) = (changes.powers.len(), changes.removed.len());
    record.total_power = changes.total;
    let (update_id, msg) = send_update(
        deps.storage,
        env,
        &chain_id,
        &mut record,
        config.settings.packet_timeout,
        changes.powers,
        changes.removed,
    )?;
    CHANNELS.save(deps.storage, &chain_id, &record)?;
    Ok(response
        .add_message(msg)
        .add_submessage(SubMsg::reply_on_error(sync, SYNC_COMMISSION))
        .add_attribute("sent", "true")
        .add_attribute("update_id", update_id.to_string())
        .add_attribute("changed", changed.to_string())
        .add_attribute("removed", removed_count.to_string())
        .add_attribute("total_power", changes.total)
        .add_attribute("cursor", cursor_attribute(&record.cursor)))
}

/// One crank's page: the operators the registry lists after the cursor, and the `LAST_SENT`
/// entries in the same key range.
struct Page {
    listed: Vec<registry::ConsumerOperator>,
    /// Sorted by operator; an entry is taken once the registry lists its operator.
    sent: Vec<(String, Option<SentPower>)>,
    /// The page's last operator; `None` when the page reaches the end of the keyspace.
    end: Option<String>,
    reached_end: bool,
}

/// Reads the next page: at most `limit` operators from the registry, and at most
/// `limit × SENT_SCAN_FACTOR` `LAST_SENT` entries in their range; when that bound is hit the
/// page ends at the last entry read, and the next crank goes on from there.
fn read_page(
    deps: Deps,
    registry: &Addr,
    chain_id: &str,
    record: &ChannelRecord,
    limit: u32,
) -> Result<Page, ContractError> {
    let (mut listed, mut reached_end) = registry::consumer_operators(
        &deps.querier,
        registry,
        chain_id,
        record.cursor.clone(),
        limit,
    )?;
    let mut end = if reached_end {
        None
    } else {
        listed.last().map(|o| o.opt_in.validator.clone())
    };
    let scan = (limit as usize).saturating_mul(SENT_SCAN_FACTOR);
    let sent: Vec<(String, SentPower)> = LAST_SENT
        .prefix(chain_id)
        .range(
            deps.storage,
            record.cursor.as_deref().map(Bound::exclusive),
            end.as_deref().map(Bound::inclusive),
            Order::Ascending,
        )
        .take(scan)
        .collect::<StdResult<_>>()?;
    if sent.len() == scan {
        // More entries may follow: end the page at the last one read.
        if let Some((last, _)) = sent.last() {
            listed.retain(|o| o.opt_in.validator <= *last);
            end = Some(last.clone());
            reached_end = false;
        }
    }
    Ok(Page {
        listed,
        sent: sent.into_iter().map(|(k, v)| (k, Some(v))).collect(),
        end,
        reached_end,
    })
}

/// What the next update carries: the powers to send, the operators to remove, the `LAST_SENT`
/// entries to write, and the consumer's total power once it applies.
struct Changes {
    powers: Vec<OperatorPower>,
    removed: Vec<String>,
    writes: Vec<(String, SentPower)>,
    /// Operators sent a key other than the last one sent, their first or one after their
    /// removal, with it; removed operators with their removal record (`applied`).
    new_keys: Vec<(String, String)>,
    total: Uint128,
}

/// Compares the page's operators with what was sent on this channel generation.
fn compare(
    mut page: Page,
    record: &ChannelRecord,
    now: Timestamp,
) -> Result<Changes, ContractError> {
    let update_id = record.next_update_id;
    let generation = record.generation;
    let mut changes = Changes {
        powers: Vec::new(),
        removed: Vec::new(),
        writes: Vec::new(),
        new_keys: Vec::new(),
        total: record.total_power,
    };
    for operator in page.listed {
        let opt_in = operator.opt_in;
        let power = current_power(&opt_in.status, operator.restaked_power, now);
        let sent = &mut page.sent;
        let previous = sent
            .binary_search_by(|(operator, _)| operator.as_str().cmp(&opt_in.validator))
            .ok()
            .and_then(|i| sent.get_mut(i))
            .and_then(|(_, entry)| entry.take());
        match (previous, power.is_zero()) {
            (None, true) => {}
            // The removal was sent on this channel already.
            (Some(previous), true)
                if previous.power.is_zero() && previous.generation == generation => {}
            (Some(previous), true) => {
                changes.total = changes.total.checked_sub(previous.power)?;
                changes.removed.push(opt_in.validator.clone());
                let removed = applied::removal_record(&previous.consumer_key);
                changes.new_keys.push((opt_in.validator.clone(), removed));
                changes.writes.push((
                    opt_in.validator,
                    removal_mark(previous, update_id, generation),
                ));
            }
            (Some(previous), false)
                if previous.generation == generation
                    && previous.power == power
                    && previous.consumer_key == opt_in.consumer_key => {}
            (previous, false) => {
                // After a removal (recorded as no key) the key is recorded again.
                if previous
                    .as_ref()
                    .is_none_or(|p| p.power.is_zero() || p.consumer_key != opt_in.consumer_key)
                {
                    let key = opt_in.consumer_key.clone();
                    changes.new_keys.push((opt_in.validator.clone(), key));
                }
                let before = previous.map_or(Uint128::zero(), |p| p.power);
                changes.total = changes.total.checked_sub(before)?.checked_add(power)?;
                changes.powers.push(OperatorPower {
                    operator: opt_in.validator.clone(),
                    consumer_key: opt_in.consumer_key.clone(),
                    power,
                });
                changes.writes.push((
                    opt_in.validator,
                    SentPower {
                        consumer_key: opt_in.consumer_key,
                        power,
                        update_id,
                        generation,
                    },
                ));
            }
        }
    }
    // Entries in the page's range that the registry no longer lists.
    for (operator, previous) in page.sent {
        let Some(previous) = previous else { continue };
        if previous.power.is_zero() && previous.generation == generation {
            continue;
        }
        changes.total = changes.total.checked_sub(previous.power)?;
        changes.removed.push(operator.clone());
        let removed = applied::removal_record(&previous.consumer_key);
        changes.new_keys.push((operator.clone(), removed));
        changes
            .writes
            .push((operator, removal_mark(previous, update_id, generation)));
    }
    Ok(changes)
}

/// What an acknowledgement needs of a `ProviderPacket` we sent: its id (the rest is skipped,
/// which spares the wasm a decoder for the powers).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum SentPacket {
    PowerUpdate { update_id: u64 },
}

/// One of our in-flight updates, from the packet we sent.
struct InFlight {
    chain_id: String,
    update_id: u64,
    update: UpdateRecord,
}

fn in_flight(storage: &dyn Storage, packet: &IbcPacket) -> Result<InFlight, ContractError> {
    let chain_id = channel::consumer_of(storage, &packet.src.channel_id)?.ok_or_else(|| {
        ContractError::UnknownChannel {
            channel_id: packet.src.channel_id.clone(),
        }
    })?;
    let SentPacket::PowerUpdate { update_id } =
        from_json(&packet.data).map_err(|err| ContractError::MalformedPacket {
            reason: err.to_string(),
        })?;
    let update = UPDATES
        .may_load(storage, (&chain_id, update_id))?
        .ok_or_else(|| ContractError::UnknownUpdate {
            chain_id: chain_id.clone(),
            update_id,
        })?;
    if update.status != UpdateStatus::InFlight {
        return Err(ContractError::UpdateNotInFlight {
            chain_id,
            update_id,
            status: update.status,
        });
    }
    Ok(InFlight {
        chain_id,
        update_id,
        update,
    })
}

pub fn on_ack(
    deps: DepsMut,
    env: &Env,
    msg: IbcPacketAckMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let sent = in_flight(deps.storage, &msg.original_packet)?;
    match from_json::<StdAck>(&msg.acknowledgement.data) {
        Ok(StdAck::Success(payload)) => delivered(deps, env, sent, &payload),
        Ok(StdAck::Error(reason)) => failed(deps, env, sent, reason),
        Err(_) => failed(deps, env, sent, UNREADABLE_ACK.to_string()),
    }
}

pub fn on_timeout(
    deps: DepsMut,
    env: &Env,
    msg: IbcPacketTimeoutMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let sent = in_flight(deps.storage, &msg.packet)?;
    failed(deps, env, sent, TIMEOUT.to_string())
}

fn delivered(
    deps: DepsMut,
    env: &Env,
    mut sent: InFlight,
    payload: &Binary,
) -> Result<IbcBasicResponse, ContractError> {
    sent.update.status = UpdateStatus::Delivered;
    UPDATES.save(deps.storage, (&sent.chain_id, sent.update_id), &sent.update)?;
    let now = env.block.time.seconds();
    // The consumer said it applied the update; how many entries is informative only, where and
    // when places verified evidence.
    let ack = from_json::<PowerUpdateAck>(payload).ok();
    let applied_at = ack.as_ref().and_then(|ack| ack.height.zip(ack.time));
    if let Some((_, time)) = applied_at {
        APPLIED_TIMES.save(deps.storage, (&sent.chain_id, sent.update_id), &time)?;
    }
    for operator in &sent.update.operators {
        let newest = ACKED
            .prefix((&sent.chain_id, operator))
            .range(deps.storage, None, None, Order::Descending)
            .next()
            .transpose()?;
        let raises = newest.is_none_or(|(_, id)| id < sent.update_id);
        if raises {
            ACKED.save(
                deps.storage,
                (&sent.chain_id, operator, now),
                &sent.update_id,
            )?;
        }
        if let Some((height, _)) = applied_at {
            // No newer update acknowledged: none can have been applied before this one.
            let newer_acked = !raises;
            let (chain_id, update_id) = (&sent.chain_id, sent.update_id);
            applied::record(
                deps.storage,
                chain_id,
                operator,
                height,
                update_id,
                newer_acked,
            )?;
        }
    }
    let mut response = IbcBasicResponse::new()
        .add_attribute("action", "power_update_delivered")
        .add_attribute("chain_id", sent.chain_id)
        .add_attribute("update_id", sent.update_id.to_string());
    if let Some(ack) = ack {
        response = response.add_attribute("applied", ack.applied.to_string());
    }
    if let Some((height, _)) = applied_at {
        response = response.add_attribute("consumer_height", height.to_string());
    }
    Ok(response)
}

/// Marks the update failed and re-sends its operators' latest state on the open channel.
fn failed(
    deps: DepsMut,
    env: &Env,
    mut sent: InFlight,
    reason: String,
) -> Result<IbcBasicResponse, ContractError> {
    let chain_id = sent.chain_id.clone();
    sent.update.status = UpdateStatus::Failed;
    UPDATES.save(deps.storage, (&chain_id, sent.update_id), &sent.update)?;
    let response = IbcBasicResponse::new()
        .add_attribute("action", "power_update_failed")
        .add_attribute("chain_id", chain_id.clone())
        .add_attribute("update_id", sent.update_id.to_string())
        .add_attribute("reason", reason);
    let record = CHANNELS
        .may_load(deps.storage, &chain_id)?
        .filter(|r| r.status == ChannelStatus::Open);
    let Some(mut record) = record else {
        return Ok(response.add_attribute("resent_update_id", "none"));
    };
    if sent.update.operators.is_empty() {
        return Ok(response.add_attribute("resent_update_id", "none"));
    }

    let new_id = record.next_update_id;
    let mut powers = Vec::new();
    let mut removed = Vec::new();
    for operator in sent.update.operators {
        match LAST_SENT.may_load(deps.storage, (&chain_id, &operator))? {
            Some(mut entry) => {
                if entry.power.is_zero() {
                    removed.push(operator.clone());
                } else {
                    powers.push(OperatorPower {
                        operator: operator.clone(),
                        consumer_key: entry.consumer_key.clone(),
                        power: entry.power,
                    });
                }
                entry.update_id = new_id;
                entry.generation = record.generation;
                LAST_SENT.save(deps.storage, (&chain_id, &operator), &entry)?;
            }
            None => removed.push(operator),
        }
    }
    let packet_timeout = CONFIG.load(deps.storage)?.settings.packet_timeout;
    let (new_id, msg) = send_update(
        deps.storage,
        env,
        &chain_id,
        &mut record,
        packet_timeout,
        powers,
        removed,
    )?;
    CHANNELS.save(deps.storage, &chain_id, &record)?;
    Ok(response
        .add_attribute("resent_update_id", new_id.to_string())
        .add_message(msg))
}
