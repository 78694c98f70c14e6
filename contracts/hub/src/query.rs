//! Queries for frontends and indexers. List queries are paginated with clamped limits.

use cosmwasm_std::{
    CheckedMultiplyRatioError, Deps, Env, Order, StdError, StdResult, Timestamp, Uint128,
};
use cw_storage_plus::Bound;
use palisade_api::client::hub as client;
use palisade_api::hub::{
    BatchResponse, BatchStatus, ConfigResponse, OperatorResponse, PausableOperation, PauseResponse,
    PositionResponse, RequestResponse, StateResponse,
};
use palisade_api::math::{request_payout, target_stake};

use crate::constants::{clamp_limit, MAX_POSITION_REQUESTS};
use crate::pricing::smart;
use crate::state::{
    Batch, Config, Schedule, UnbondRequest, BATCHES, BOOKS, CONFIG, PAUSES, REQUESTS, SCHEDULE,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        params: crate::config::params_of(&config),
        guardian: config.guardian,
        registry: config.registry,
        bond_denom: config.bond_denom,
        lrt: config.lrt,
    })
}

fn next_submit_time(config: &Config, schedule: &Schedule, now: Timestamp) -> Timestamp {
    let next = schedule.last_submit.plus_seconds(config.epoch_period);
    if next > now {
        next
    } else {
        now
    }
}

pub fn state(deps: Deps, env: Env) -> StdResult<StateResponse> {
    let config = CONFIG.load(deps.storage)?;
    let books = BOOKS.load(deps.storage)?;
    let schedule = SCHEDULE.load(deps.storage)?;
    Ok(StateResponse {
        exchange_rate: books.pool().exchange_rate(),
        total_value: books.total_value(),
        // The state stays readable when the registry or the relay cannot be: a deposit would be
        // refused then too.
        deposit_value: crate::pricing::deposit_value(&deps.querier, &env, &config, &books.pool())
            .unwrap_or(None),
        total_bonded: books.total_bonded,
        idle: books.idle,
        unbonding: books.unbonding,
        reserved_for_claims: books.reserved,
        fees_owed: books.fees_owed,
        fees_paid: books.fees_paid,
        slashed_total: books.slashed_total,
        owed_to_slash_destinations: books.slash_owed,
        lrt_supply: books.lrt_supply,
        current_batch_id: schedule.current_batch,
        next_submit_time: next_submit_time(&config, &schedule, env.block.time),
    })
}

fn batch_status(batch: &Batch) -> BatchStatus {
    match (batch.submitted_at, batch.yield_amount) {
        (None, _) => BatchStatus::Pending,
        (Some(_), None) => BatchStatus::Unbonding,
        (Some(_), Some(_)) => BatchStatus::Settled,
    }
}

fn claimable_at(batch: &Batch, config: &Config, schedule: &Schedule, now: Timestamp) -> Timestamp {
    let submitted = batch
        .submitted_at
        .unwrap_or_else(|| next_submit_time(config, schedule, now));
    submitted.plus_seconds(config.withdrawal_delay)
}

fn batch_response(
    id: u64,
    batch: &Batch,
    config: &Config,
    schedule: &Schedule,
    now: Timestamp,
) -> BatchResponse {
    BatchResponse {
        id,
        status: batch_status(batch),
        lrt_amount: batch.lrt_amount,
        value_at_request: batch.value_at_request,
        amount: batch.amount,
        yield_amount: batch.yield_amount,
        slashed: batch.slashed,
        expected_yield: batch.yield_amount.unwrap_or_else(|| batch.left()),
        requests: batch.requests,
        submitted_at: batch.submitted_at,
        claimable_at: claimable_at(batch, config, schedule, now),
    }
}

pub fn batch(deps: Deps, env: Env, id: u64) -> StdResult<BatchResponse> {
    let config = CONFIG.load(deps.storage)?;
    let schedule = SCHEDULE.load(deps.storage)?;
    let batch = match BATCHES.may_load(deps.storage, id)? {
        Some(b) => b,
        // The current batch exists before its first request.
        None if id == schedule.current_batch => Batch::default(),
        None => return Err(cosmwasm_std::StdError::not_found("batch")),
    };
    Ok(batch_response(
        id,
        &batch,
        &config,
        &schedule,
        env.block.time,
    ))
}

pub fn batches(
    deps: Deps,
    env: Env,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<BatchResponse>> {
    let config = CONFIG.load(deps.storage)?;
    let schedule = SCHEDULE.load(deps.storage)?;
    BATCHES
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|item| item.map(|(id, b)| batch_response(id, &b, &config, &schedule, env.block.time)))
        .collect()
}

fn request_response(
    deps: Deps,
    batch_id: u64,
    request: &UnbondRequest,
    config: &Config,
    schedule: &Schedule,
    now: Timestamp,
) -> StdResult<RequestResponse> {
    let batch = BATCHES
        .may_load(deps.storage, batch_id)?
        .unwrap_or_default();
    let ratio_err =
        |e: CheckedMultiplyRatioError| cosmwasm_std::StdError::generic_err(e.to_string());
    let worth = batch.worth_of(request).map_err(ratio_err);
    let expected_payout = match (batch.submitted_at, batch.yield_amount) {
        // Settled: exact.
        (Some(_), Some(y)) => {
            request_payout(worth?, y, batch.owed().map_err(ratio_err)?).map_err(ratio_err)?
        }
        // Unbonding: its share of what the batch took from the pool less consumer slashes' cuts
        // (before any native slash of the unbonding entries).
        (Some(_), None) => request_payout(worth?, batch.left(), batch.owed().map_err(ratio_err)?)
            .map_err(ratio_err)?,
        // Pending: its value less the losses since its request, capped by what its LRT is worth
        // now, as at submission.
        (None, _) => {
            let worth_now = BOOKS
                .load(deps.storage)?
                .pool()
                .value_of(request.lrt_amount)
                .map_err(ratio_err)?;
            batch
                .pending_worth_of(request, crate::books::loss_index(deps.storage)?)
                .map_err(ratio_err)?
                .min(worth_now)
        }
    };
    Ok(RequestResponse {
        batch_id,
        lrt_amount: request.lrt_amount,
        value_at_request: request.value_at_request,
        expected_payout,
        status: batch_status(&batch),
        claimable_at: claimable_at(&batch, config, schedule, now),
    })
}

pub fn requests(
    deps: Deps,
    env: Env,
    address: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<RequestResponse>> {
    let owner = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    let schedule = SCHEDULE.load(deps.storage)?;
    REQUESTS
        .prefix(&owner)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|item| {
            let (id, r) = item?;
            request_response(deps, id, &r, &config, &schedule, env.block.time)
        })
        .collect()
}

pub fn position(deps: Deps, env: Env, address: String) -> StdResult<PositionResponse> {
    let owner = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    let schedule = SCHEDULE.load(deps.storage)?;
    let books = BOOKS.load(deps.storage)?;
    let lrt_balance = smart(
        &deps.querier,
        &config.lrt,
        &client::lrt_balance(owner.as_str()),
    )?
    .balance
    .ok_or_else(|| StdError::generic_err("the LRT's balance answer has no balance"))?;
    let lrt_value = books
        .pool()
        .value_of(lrt_balance)
        .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?;
    let mut entries: Vec<(u64, UnbondRequest)> = REQUESTS
        .prefix(&owner)
        .range(deps.storage, None, None, Order::Ascending)
        .take(MAX_POSITION_REQUESTS + 1)
        .collect::<StdResult<_>>()?;
    let more_requests = entries.len() > MAX_POSITION_REQUESTS;
    entries.truncate(MAX_POSITION_REQUESTS);
    let mut requests = Vec::with_capacity(entries.len());
    let mut claimable_now = Uint128::zero();
    for (id, r) in &entries {
        let response = request_response(deps, *id, r, &config, &schedule, env.block.time)?;
        if response.status == BatchStatus::Settled && response.claimable_at <= env.block.time {
            claimable_now += response.expected_payout;
        }
        requests.push(response);
    }
    Ok(PositionResponse {
        address: owner,
        lrt_balance,
        lrt_value,
        requests,
        more_requests,
        claimable_now,
    })
}

pub fn operators(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<OperatorResponse>> {
    let books = BOOKS.load(deps.storage)?;
    let all = crate::books::load_operators(deps.storage)?;
    let weight_sum: u64 = all
        .iter()
        .filter(|(_, o)| !o.removed)
        .map(|(_, o)| o.weight)
        .sum();
    Ok(all
        .into_iter()
        .filter(|(name, _)| start_after.as_ref().is_none_or(|s| name > s))
        .take(clamp_limit(limit))
        .map(|(validator, op)| OperatorResponse {
            target: if op.removed {
                Uint128::zero()
            } else {
                target_stake(books.total_bonded, op.weight, weight_sum)
            },
            validator,
            weight: op.weight,
            bonded: op.bonded,
            removed: op.removed,
        })
        .collect())
}

pub fn pauses(deps: Deps, env: Env) -> StdResult<Vec<PauseResponse>> {
    let mut out = Vec::new();
    for operation in [PausableOperation::Deposit, PausableOperation::Unbond] {
        if let Some(until) = PAUSES.may_load(deps.storage, operation.key())? {
            if until > env.block.time {
                out.push(PauseResponse { operation, until });
            }
        }
    }
    Ok(out)
}

/// The recorded delegation to `validator` at the start of block `height`: its value at the end
/// of the block before.
pub fn operator_stake_at(deps: Deps, validator: &str, height: u64) -> StdResult<Uint128> {
    match height.checked_sub(1) {
        Some(previous) => crate::books::history_at(
            deps.storage,
            crate::state::STAKE_HISTORY,
            validator,
            previous,
        ),
        None => Ok(Uint128::zero()),
    }
}
