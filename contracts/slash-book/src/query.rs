//! Queries: the configuration, slashes (one, or newest first by status), the exposure and a
//! consumer's rate-limit window.

use cosmwasm_std::{Addr, Deps, Env, Order, QuerierWrapper, StdError, StdResult, Uint128};
use cw_storage_plus::Bound;
use palisade_api::ibc::SlashStatus;
use palisade_api::relay::{ChannelResponse, QueryMsg as RelayQuery};
use palisade_api::slash_book::{
    ConfigResponse, ExposureResponse, RateLimitResponse, SlashResponse,
};

use crate::opening::{current_window, fraction_of};
use crate::registry;
use crate::state::{
    clamp_limit, status_code, total_exposure, CONFIG, EXPOSURE, IMPORT, RATE_WINDOWS, SLASHES,
    SLASHES_BY_STATUS,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        registry: config.registry,
        relay: config.relay,
        import: IMPORT.may_load(deps.storage)?,
    })
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

/// The window a slash request received now would count in (a new one, at the total power the
/// relay last sent the consumer, if the stored window has ended or none exists), with its limit
/// under the consumer's current parameters.
pub fn rate_limit(deps: Deps, env: Env, chain_id: String) -> StdResult<RateLimitResponse> {
    let config = CONFIG.load(deps.storage)?;
    let consumer = registry::consumer(&deps.querier, &config.registry, &chain_id)?;
    let rate = consumer.params.slash_rate_limit;
    let total_power = relay_total_power(&deps.querier, &config.relay, &chain_id);
    let window = current_window(
        RATE_WINDOWS.may_load(deps.storage, &chain_id)?,
        rate.window,
        env.block.time,
        total_power,
    );
    let limit = fraction_of(window.power_at_start, rate.max_fraction)
        .map_err(|err| StdError::generic_err(err.to_string()))?;
    Ok(RateLimitResponse {
        chain_id,
        window_start: window.start,
        power_at_start: window.power_at_start,
        slashed: window.slashed,
        limit,
    })
}

pub fn exposure(deps: Deps, operator: Option<String>) -> StdResult<ExposureResponse> {
    Ok(ExposureResponse {
        total: total_exposure(deps.storage)?,
        operator: operator
            .map(|o| EXPOSURE.may_load(deps.storage, &o))
            .transpose()?
            .map(Option::unwrap_or_default),
    })
}

/// The consumer's total power as the relay last sent it (zero for a consumer it never reached):
/// where a new rate-limit window starts.
pub fn relay_total_power(querier: &QuerierWrapper, relay: &Addr, chain_id: &str) -> Uint128 {
    querier
        .query_wasm_smart::<ChannelResponse>(
            relay,
            &RelayQuery::Channel {
                chain_id: chain_id.to_string(),
            },
        )
        .map_or(Uint128::zero(), |channel| channel.total_power)
}
