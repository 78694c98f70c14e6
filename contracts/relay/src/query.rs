//! Queries for frontends, indexers, governance and the consumers' operators.

use cosmwasm_std::{Deps, Env, Order, StdError, StdResult, Uint128};
use cw_storage_plus::Bound;
use palisade_api::ibc::{OperatorPower, SlashStatus};
use palisade_api::relay::{
    ChannelResponse, ConfigResponse, RateLimitResponse, SlashResponse, UpdateResponse,
};

use crate::registry;
use crate::slashing::current_window;
use crate::state::{
    clamp_limit, status_code, CHANNELS, CONFIG, LAST_SENT, RATE_WINDOWS, SLASHES,
    SLASHES_BY_STATUS, UPDATES,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        registry: config.registry,
        hub: config.hub,
        settings: config.settings,
    })
}

pub fn channel(deps: Deps, chain_id: String) -> StdResult<ChannelResponse> {
    let record = CHANNELS
        .may_load(deps.storage, &chain_id)?
        .ok_or_else(|| StdError::not_found(format!("channel of {chain_id}")))?;
    Ok(record.to_response(chain_id))
}

pub fn channels(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<ChannelResponse>> {
    CHANNELS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|item| item.map(|(chain_id, record)| record.to_response(chain_id)))
        .collect()
}

pub fn update(deps: Deps, chain_id: String, update_id: u64) -> StdResult<UpdateResponse> {
    let update = UPDATES
        .may_load(deps.storage, (&chain_id, update_id))?
        .ok_or_else(|| StdError::not_found(format!("update {update_id} of {chain_id}")))?;
    Ok(update.to_response(chain_id, update_id))
}

pub fn sent_powers(
    deps: Deps,
    chain_id: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<OperatorPower>> {
    LAST_SENT
        .prefix(&chain_id)
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|item| {
            item.map(|(operator, sent)| OperatorPower {
                operator,
                consumer_key: sent.consumer_key,
                power: sent.power,
            })
        })
        .collect()
}

pub fn slash(deps: Deps, slash_id: u64) -> StdResult<SlashResponse> {
    let slash = SLASHES
        .may_load(deps.storage, slash_id)?
        .ok_or_else(|| StdError::not_found(format!("slash {slash_id}")))?;
    Ok(slash.to_response(slash_id))
}

/// Newest first; with `status`, through the status index.
pub fn slashes(
    deps: Deps,
    status: Option<SlashStatus>,
    start_before: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<SlashResponse>> {
    let max = start_before.map(Bound::exclusive);
    let limit = clamp_limit(limit);
    match status {
        None => SLASHES
            .range(deps.storage, None, max, Order::Descending)
            .take(limit)
            .map(|item| item.map(|(id, slash)| slash.to_response(id)))
            .collect(),
        Some(status) => SLASHES_BY_STATUS
            .prefix(status_code(status))
            .keys(deps.storage, None, max, Order::Descending)
            .take(limit)
            .map(|id| slash(deps, id?))
            .collect(),
    }
}

/// The window a slash request received now would count in (a new one if the stored window has
/// ended or none exists), with its limit under the consumer's current parameters.
pub fn rate_limit(deps: Deps, env: Env, chain_id: String) -> StdResult<RateLimitResponse> {
    let config = CONFIG.load(deps.storage)?;
    let consumer = registry::consumer(&deps.querier, &config.registry, &chain_id)?;
    let rate = consumer.params.slash_rate_limit;
    let total_power = CHANNELS
        .may_load(deps.storage, &chain_id)?
        .map_or(Uint128::zero(), |record| record.total_power);
    let window = current_window(
        RATE_WINDOWS.may_load(deps.storage, &chain_id)?,
        rate.window,
        env.block.time,
        total_power,
    );
    let limit = crate::slashing::fraction_of(window.power_at_start, rate.max_fraction)
        .map_err(|err| StdError::generic_err(err.to_string()))?;
    Ok(RateLimitResponse {
        chain_id,
        window_start: window.start,
        power_at_start: window.power_at_start,
        slashed: window.slashed,
        limit,
    })
}

pub fn exposure(
    deps: Deps,
    operator: Option<String>,
) -> StdResult<palisade_api::relay::ExposureResponse> {
    Ok(palisade_api::relay::ExposureResponse {
        total: crate::state::TOTAL_EXPOSURE
            .may_load(deps.storage)?
            .unwrap_or_default(),
        operator: operator
            .map(|o| crate::state::EXPOSURE.may_load(deps.storage, &o))
            .transpose()?
            .map(Option::unwrap_or_default),
    })
}
