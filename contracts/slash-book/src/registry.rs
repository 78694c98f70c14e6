//! Typed queries to the registry, the source of truth for consumers, their parameters and the
//! restaked power at a height. The answers are `palisade_api::client::relay`'s slim types (the
//! relay's before the book was its own contract; that module checks them against the full
//! types).

use cosmwasm_std::{Addr, QuerierWrapper, StdResult, Timestamp};
pub use palisade_api::client::relay::Consumer;
use palisade_api::client::relay::RegistryQuery as Query;
use palisade_api::registry::PowerAtResponse;

pub fn consumer(querier: &QuerierWrapper, registry: &Addr, chain_id: &str) -> StdResult<Consumer> {
    querier.query_wasm_smart(registry, &Query::Consumer { chain_id })
}

/// `validator`'s restaked power on `chain_id`: the hub's stake at the start of block `height`
/// times the allocation in force at `time`.
pub fn power_at(
    querier: &QuerierWrapper,
    registry: &Addr,
    validator: &str,
    chain_id: &str,
    height: u64,
    time: Timestamp,
) -> StdResult<PowerAtResponse> {
    querier.query_wasm_smart(
        registry,
        &Query::PowerAt {
            validator,
            chain_id,
            height,
            time,
        },
    )
}
