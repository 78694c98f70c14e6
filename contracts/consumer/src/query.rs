//! Queries. `operators` lists every operator the provider ever sent, removed ones included with
//! power 0 (their records stay so that late reports still resolve their keys).

use cosmwasm_std::{Deps, Order, StdResult};
use cw_storage_plus::Bound;
use palisade_api::consumer::{
    ChannelResponse, ConfigResponse, OperatorResponse, OutboxEntryResponse, PowerSummaryResponse,
};

use crate::state::{
    clamp_limit, latest_power, OperatorRecord, OutboxEntry, CHANNEL, CONFIG, KEYS, LAST_UPDATE_ID,
    OPERATORS, OUTBOX, POWER_TOTALS,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let c = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        provider_connection_id: c.provider_connection_id,
        relay_port: c.relay_port,
        packet_timeout: c.packet_timeout,
        reporters: c.reporters,
    })
}

pub fn channel(deps: Deps) -> StdResult<Option<ChannelResponse>> {
    Ok(CHANNEL.may_load(deps.storage)?.map(|c| ChannelResponse {
        channel_id: c.channel_id,
        open: c.open,
    }))
}

/// The operator's key from its record, its power and update from its latest history entry.
fn operator_response(
    deps: Deps,
    operator: String,
    record: OperatorRecord,
) -> StdResult<OperatorResponse> {
    let now = latest_power(deps.storage, &operator)?.unwrap_or_default();
    Ok(OperatorResponse {
        operator,
        consumer_key: record.consumer_key,
        power: now.power,
        update_id: now.update_id,
    })
}

pub fn operators(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<OperatorResponse>> {
    OPERATORS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|item| item.and_then(|(operator, r)| operator_response(deps, operator, r)))
        .collect()
}

pub fn operator(deps: Deps, operator: String) -> StdResult<OperatorResponse> {
    let record = OPERATORS.load(deps.storage, &operator)?;
    operator_response(deps, operator, record)
}

/// Also resolves a key the operator has since rotated away from.
pub fn operator_by_key(deps: Deps, consumer_key: String) -> StdResult<OperatorResponse> {
    operator(deps, KEYS.load(deps.storage, &consumer_key)?)
}

pub fn power_summary(deps: Deps) -> StdResult<PowerSummaryResponse> {
    let totals = POWER_TOTALS.load(deps.storage)?;
    Ok(PowerSummaryResponse {
        last_update_id: LAST_UPDATE_ID.load(deps.storage)?,
        total_power: totals.total_power,
        operators: totals.operators,
    })
}

fn entry_response(e: OutboxEntry) -> OutboxEntryResponse {
    OutboxEntryResponse {
        request: e.request,
        status: e.status,
        attempts: e.attempts,
        last_sent_at: e.last_sent_at,
    }
}

pub fn slash_request(deps: Deps, request_id: u64) -> StdResult<OutboxEntryResponse> {
    Ok(entry_response(OUTBOX.load(deps.storage, request_id)?))
}

/// Newest first.
pub fn slash_requests(
    deps: Deps,
    start_before: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<OutboxEntryResponse>> {
    OUTBOX
        .range(
            deps.storage,
            None,
            start_before.map(Bound::exclusive),
            Order::Descending,
        )
        .take(clamp_limit(limit))
        .map(|item| item.map(|(_, e)| entry_response(e)))
        .collect()
}
