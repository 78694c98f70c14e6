//! Typed queries to the registry, the source of truth for consumers, their parameters, opt-ins
//! and restaked power. The registry pages its lists by at most `REGISTRY_PAGE`; the helpers here
//! read several pages where the relay needs more, always a bounded number.
//!
//! The messages and the answers' fields are `palisade_api::client::relay`'s slim types (decoding
//! the registry's full answers would cost tens of kilobytes of wasm; that module checks them
//! against the full types).

use cosmwasm_std::{Addr, QuerierWrapper, StdResult};
pub use palisade_api::client::relay::{Config, Consumer, ConsumerOperator};
use palisade_api::client::relay::{
    HubConfig, LrtExecute, RegistryExecute as Execute, RegistryQuery as Query,
};
use palisade_api::registry::ConsumerStatus;

use crate::error::ContractError;
use crate::state::{MAX_CONSUMER_PAGES, REGISTRY_PAGE};

/// Executes an order of the slash book through the registry.
pub fn slash_msg(
    registry: &Addr,
    order: &palisade_api::slash_book::SlashOrder,
) -> StdResult<cosmwasm_std::WasmMsg> {
    Ok(cosmwasm_std::WasmMsg::Execute {
        contract_addr: registry.to_string(),
        msg: cosmwasm_std::to_json_binary(&Execute::Slash {
            slash_id: order.slash_id,
            validator: &order.validator,
            chain_id: &order.chain_id,
            infraction: order.infraction,
            amount: order.amount,
            height: order.height,
        })?,
        funds: vec![],
    })
}

/// Hands a consumer's rewards to the registry, which splits them.
pub fn rewards_msg(
    registry: &Addr,
    chain_id: &str,
    notice_id: u64,
    funds: cosmwasm_std::Coin,
) -> StdResult<cosmwasm_std::WasmMsg> {
    Ok(cosmwasm_std::WasmMsg::Execute {
        contract_addr: registry.to_string(),
        msg: cosmwasm_std::to_json_binary(&Execute::ConsumerRewards {
            chain_id,
            notice_id,
        })?,
        funds: vec![funds],
    })
}

/// Has the LRT bring its commission checkpoints for the page a crank just compared up to date
/// with the powers sent (the LRT's `sync_commission`, which anyone may call; the hub names the
/// LRT). Sent by every crank, so the shares of a consumer's rewards follow the powers sent.
pub fn sync_commission_msg(
    querier: &QuerierWrapper,
    hub: &Addr,
    chain_id: &str,
    start_after: Option<String>,
    limit: u32,
) -> StdResult<cosmwasm_std::WasmMsg> {
    let hub: HubConfig = querier.query_wasm_smart(hub, &Query::Config {})?;
    Ok(cosmwasm_std::WasmMsg::Execute {
        contract_addr: hub.lrt.into_string(),
        msg: cosmwasm_std::to_json_binary(&LrtExecute::SyncCommission {
            chain_id,
            start_after,
            limit: Some(limit),
        })?,
        funds: vec![],
    })
}

pub fn config(querier: &QuerierWrapper, registry: &Addr) -> StdResult<Config> {
    querier.query_wasm_smart(registry, &Query::Config {})
}

pub fn consumer(querier: &QuerierWrapper, registry: &Addr, chain_id: &str) -> StdResult<Consumer> {
    querier.query_wasm_smart(registry, &Query::Consumer { chain_id })
}

/// The consumer whose channel must come over `connection_id`: the active one if several list
/// it (a removed consumer may have used the same connection), else the first found. Reads at
/// most `MAX_CONSUMER_PAGES` pages.
pub fn consumer_on_connection(
    querier: &QuerierWrapper,
    registry: &Addr,
    connection_id: &str,
) -> Result<Consumer, ContractError> {
    let mut start_after = None;
    let mut first_match = None;
    for _ in 0..MAX_CONSUMER_PAGES {
        let page: Vec<Consumer> = querier.query_wasm_smart(
            registry,
            &Query::Consumers {
                start_after: start_after.take(),
                limit: Some(REGISTRY_PAGE),
            },
        )?;
        let full = page.len() >= REGISTRY_PAGE as usize;
        start_after = page.last().map(|c| c.chain_id.clone());
        for consumer in page {
            if consumer.params.connection_id != connection_id {
                continue;
            }
            if consumer.status == ConsumerStatus::Active {
                return Ok(consumer);
            }
            first_match.get_or_insert(consumer);
        }
        if !full {
            return first_match.ok_or_else(|| ContractError::UnknownConnection {
                connection_id: connection_id.to_string(),
            });
        }
    }
    Err(ContractError::TooManyConsumers {
        connection_id: connection_id.to_string(),
        scanned: MAX_CONSUMER_PAGES * REGISTRY_PAGE as usize,
    })
}

/// Up to `limit` operators of `chain_id` after `start_after`, in validator order, reading as
/// many registry pages as needed (at most `ceil(limit / REGISTRY_PAGE)`). The flag says whether
/// the list reached the last operator.
pub fn consumer_operators(
    querier: &QuerierWrapper,
    registry: &Addr,
    chain_id: &str,
    start_after: Option<String>,
    limit: u32,
) -> StdResult<(Vec<ConsumerOperator>, bool)> {
    let mut operators: Vec<ConsumerOperator> = Vec::new();
    let mut start_after = start_after;
    loop {
        let remaining = limit.saturating_sub(operators.len() as u32);
        if remaining == 0 {
            return Ok((operators, false));
        }
        let asked = remaining.min(REGISTRY_PAGE);
        let page: Vec<ConsumerOperator> = querier.query_wasm_smart(
            registry,
            &Query::ConsumerOperators {
                chain_id,
                start_after: start_after.take(),
                limit: Some(asked),
            },
        )?;
        let short = page.len() < asked as usize;
        start_after = page.last().map(|o| o.opt_in.validator.clone());
        operators.extend(page);
        if short || start_after.is_none() {
            return Ok((operators, true));
        }
    }
}
