//! Queries for the chain's governance, explorers and frontends.

use cosmwasm_std::{Deps, Env, Order, StdResult, Uint128};
use cw_storage_plus::{Bound, PrefixBound};
use palisade_api::pagination::clamp_limit;
use palisade_api::virtual_staking::{BindingResponse, BudgetResponse, ConfigResponse};

use crate::state::{Binding, BINDINGS, CONFIG, OPERATOR_VALIDATOR, TOTALS, UNBONDING, UNPAID};
use crate::sync;

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        consumer: config.consumer.to_string(),
        denom: config.denom,
        params: config.params,
    })
}

/// The books as of now: unbonding entries x/staking has paid since the last sync count as idle.
pub fn budget(deps: Deps, env: Env) -> StdResult<BudgetResponse> {
    let config = CONFIG.load(deps.storage)?;
    let mut totals = TOTALS.load(deps.storage)?;
    let paid = UNBONDING
        .prefix_range(
            deps.storage,
            None,
            Some(PrefixBound::inclusive(env.block.time.seconds())),
            Order::Ascending,
        )
        .try_fold(Uint128::zero(), |sum, entry| {
            entry.map(|(_, amount)| sum + amount)
        })?;
    totals.unbonding = totals.unbonding.checked_sub(paid)?;
    totals.idle += paid;
    // As the next sync will book it: a grant shows at once, unpaid matured stake as unbonding.
    let balance = deps
        .querier
        .query_balance(&env.contract.address, &config.denom)?
        .amount;
    let held = UNPAID.may_load(deps.storage)?;
    sync::reconcile_balance(&mut totals, held, balance, env.block.height)?;
    let scale = sync::scale(deps, &config, &totals)?;
    Ok(BudgetResponse {
        denom: config.denom,
        granted: totals.granted,
        idle: totals.idle,
        delegated: totals.delegated,
        unbonding: totals.unbonding,
        slashed: totals.slashed,
        wanted: scale.wanted,
        cap: scale.cap,
    })
}

fn response(validator: String, binding: Binding) -> BindingResponse {
    BindingResponse {
        validator,
        operator: binding.operator,
        status: binding.status,
        delegated: binding.delegated,
        target: binding.target,
        unbonding_entries: binding.unbonding_until.len() as u32,
    }
}

pub fn bindings(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<BindingResponse>> {
    BINDINGS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|entry| entry.map(|(validator, binding)| response(validator, binding)))
        .collect()
}

pub fn binding(deps: Deps, validator: String) -> StdResult<BindingResponse> {
    let binding = BINDINGS.load(deps.storage, &validator)?;
    Ok(response(validator, binding))
}

pub fn binding_of(deps: Deps, operator: String) -> StdResult<Option<BindingResponse>> {
    match OPERATOR_VALIDATOR.may_load(deps.storage, &operator)? {
        Some(validator) => binding(deps, validator).map(Some),
        None => Ok(None),
    }
}
