//! Queries for frontends, consumers and the relay.

use cosmwasm_std::{Decimal, Deps, Env, Order, StdResult, Timestamp, Uint128};
use cw_storage_plus::Bound;
use palisade_api::hub::{OperatorResponse as HubOperator, QueryMsg as HubQuery};
use palisade_api::registry::{
    ConfigResponse, ConsumerOperatorResponse, ConsumerResponse, OperatorResponse, OptInResponse,
    PowerAtResponse,
};

use crate::state::{
    clamp_limit, Consumer, OptIn, CONFIG, CONSUMERS, CONSUMER_OPERATORS, OPERATORS, OPT_INS,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let c = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        hub: c.hub,
        relay: c.relay,
        params: c.params,
        pending_params: c.pending_params,
    })
}

fn consumer_response(chain_id: String, c: Consumer) -> ConsumerResponse {
    ConsumerResponse {
        chain_id,
        status: c.status,
        params: c.params,
        pending: c.pending,
        activatable_at: c.activatable_at,
        operators: c.operators,
    }
}

pub fn consumer(deps: Deps, chain_id: String) -> StdResult<ConsumerResponse> {
    let c = CONSUMERS.load(deps.storage, &chain_id)?;
    Ok(consumer_response(chain_id, c))
}

pub fn consumers(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<ConsumerResponse>> {
    CONSUMERS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|item| item.map(|(id, c)| consumer_response(id, c)))
        .collect()
}

/// An opt-in as of `time`: the allocation in force then, and a change still pending then.
fn opt_in_response(validator: &str, chain_id: &str, o: OptIn, time: Timestamp) -> OptInResponse {
    let allocation = o.allocation_at(time);
    let pending = o.pending.clone().filter(|p| p.effective_at > time);
    let commission_bps = o.commission_at(time);
    let pending_commission = o
        .pending_commission
        .clone()
        .filter(|p| p.effective_at > time);
    OptInResponse {
        validator: validator.to_string(),
        chain_id: chain_id.to_string(),
        consumer_key: o.consumer_key,
        allocation,
        pending,
        commission_bps,
        pending_commission,
        status: o.status,
    }
}

pub fn operator(deps: Deps, env: Env, validator: String) -> StdResult<OperatorResponse> {
    let op = OPERATORS.load(deps.storage, &validator)?;
    let mut committed = Decimal::zero();
    let opt_ins = OPT_INS
        .prefix(&validator)
        .range(deps.storage, None, None, Order::Ascending)
        .map(|item| {
            let (chain_id, o) = item?;
            committed += o.committed_at(env.block.time);
            Ok(opt_in_response(&validator, &chain_id, o, env.block.time))
        })
        .collect::<StdResult<Vec<_>>>()?;
    let parked_hub_weight = crate::provider_jail::PARKED.may_load(deps.storage, &validator)?;
    Ok(OperatorResponse {
        validator,
        account: op.account,
        metadata: op.metadata,
        commission_bps: op.commission_bps,
        tombstoned: op.tombstoned,
        committed_allocation: committed,
        opt_ins,
        parked_hub_weight,
    })
}

pub fn operators(
    deps: Deps,
    env: Env,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<OperatorResponse>> {
    let validators: Vec<String> = OPERATORS
        .keys(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    validators
        .into_iter()
        .map(|v| operator(deps, env.clone(), v))
        .collect()
}

/// The hub's operators, read through its paginated `operators` query (the hub lists at most 50
/// operators, so this is at most two pages).
pub(crate) fn hub_operators(deps: Deps, hub: &cosmwasm_std::Addr) -> StdResult<Vec<HubOperator>> {
    let mut operators: Vec<HubOperator> = Vec::new();
    let mut start_after = None;
    loop {
        let page: Vec<HubOperator> = deps.querier.query_wasm_smart(
            hub,
            &HubQuery::Operators {
                start_after: start_after.clone(),
                limit: Some(palisade_api::pagination::MAX_LIMIT),
            },
        )?;
        let full = page.len() == palisade_api::pagination::MAX_LIMIT as usize;
        start_after = page.last().map(|o| o.validator.clone());
        operators.extend(page);
        if !full || operators.len() >= palisade_api::hub::MAX_OPERATORS {
            return Ok(operators);
        }
    }
}

/// The hub's stake on each of its operators.
pub(crate) fn hub_stakes(
    deps: Deps,
    hub: &cosmwasm_std::Addr,
) -> StdResult<Vec<(String, Uint128)>> {
    Ok(hub_operators(deps, hub)?
        .into_iter()
        .map(|o| (o.validator, o.bonded))
        .collect())
}

pub fn consumer_operators(
    deps: Deps,
    env: Env,
    chain_id: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<ConsumerOperatorResponse>> {
    let hub = CONFIG.load(deps.storage)?.hub;
    let stakes = hub_stakes(deps, &hub)?;
    let validators: Vec<String> = CONSUMER_OPERATORS
        .prefix(&chain_id)
        .keys(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    validators
        .into_iter()
        .map(|v| {
            let o = OPT_INS.load(deps.storage, (&v, &chain_id))?;
            let opt_in = opt_in_response(&v, &chain_id, o, env.block.time);
            let hub_stake = stakes
                .iter()
                .find(|(validator, _)| *validator == v)
                .map(|(_, bonded)| *bonded)
                .unwrap_or_default();
            // Rounded down: a consumer never sees more power than the stake backing it.
            let restaked_power = hub_stake.mul_floor(opt_in.allocation);
            Ok(ConsumerOperatorResponse {
                opt_in,
                hub_stake,
                restaked_power,
            })
        })
        .collect()
}

pub fn opt_in_at(
    deps: Deps,
    validator: String,
    chain_id: String,
    height: u64,
    time: Timestamp,
) -> StdResult<Option<OptInResponse>> {
    Ok(OPT_INS
        .may_load_at_height(deps.storage, (&validator, &chain_id), height)?
        .map(|o| opt_in_response(&validator, &chain_id, o, time)))
}

pub fn power_at(
    deps: Deps,
    validator: String,
    chain_id: String,
    height: u64,
    time: Timestamp,
) -> StdResult<PowerAtResponse> {
    let allocation = OPT_INS
        .may_load_at_height(deps.storage, (&validator, &chain_id), height)?
        .map(|o| o.allocation_at(time))
        .unwrap_or_default();
    let hub = CONFIG.load(deps.storage)?.hub;
    let hub_stake: Uint128 = deps
        .querier
        .query_wasm_smart(hub, &HubQuery::OperatorStakeAt { validator, height })?;
    Ok(PowerAtResponse {
        hub_stake,
        allocation,
        // Rounded down: never more power than the stake backing it.
        restaked_power: hub_stake.mul_floor(allocation),
    })
}
