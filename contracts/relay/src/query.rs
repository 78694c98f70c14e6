//! Queries for frontends, indexers, governance and the consumers' operators. Slashes are the
//! slash book's.

use cosmwasm_std::{Deps, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use palisade_api::ibc::OperatorPower;
use palisade_api::relay::{ChannelResponse, ConfigResponse, UpdateResponse};

use crate::state::{clamp_limit, CHANNELS, CONFIG, LAST_SENT, SLASH_BOOK, UPDATES};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        registry: config.registry,
        hub: config.hub,
        settings: config.settings,
        slash_book: SLASH_BOOK.may_load(deps.storage)?,
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
