//! Unbonding: requests gather in the current batch; `submit_batch` burns the batch's LRT and
//! undelegates its value once per epoch; `claim` pays requests of settled batches.
//!
//! A request's value is fixed when it is made (`value_at_request`, rounded down): no rewards accrue
//! to it afterwards, but losses of the pool while it waits (slashes) are shared: at submission it
//! is worth its value at request times the pool's fall since its own request (`LOSS_INDEX`), so a
//! request made before a slash bears it and one made after does not pay for it. The batch takes
//! the sum of those (`owed`, and never more than its LRT is worth now) from the pool. A request is
//! paid `its worth at submission * yield / owed`, rounded down, where `yield <= owed` is what the
//! batch received, so no request is ever paid more than it was worth at request, nor out of
//! another batch's funds.

use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, BankMsg, DepsMut, Env, MessageInfo, Order, Response,
    StakingMsg, Uint128, WasmMsg,
};
use cw20::Cw20ReceiveMsg;
use palisade_api::hub::{PausableOperation, ReceiveMsg};
use palisade_api::lrt::MinterMsg;
use palisade_api::math::request_payout;

use crate::balance::{bond_balance, with_checkpoint};
use crate::constants::MAX_CLAIMS_PER_CALL;
use crate::error::ContractError;
use crate::pause::ensure_not_paused;
use crate::settle::settle_batches;
use crate::state::{
    Batch, UnbondRequest, BATCHES, BATCH_HEIGHTS, BOOKS, CONFIG, REQUESTS, SCHEDULE,
};
use crate::strategy::undelegation_split;
use crate::sync::{load_operators, sync_delegations};

/// cw20 hook: LRT arrived with a message for the hub.
pub fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if info.sender != config.lrt {
        return Err(ContractError::NotLrt {
            sender: info.sender.to_string(),
            lrt: config.lrt.to_string(),
        });
    }
    let msg: ReceiveMsg = from_json(&wrapper.msg).map_err(|e| ContractError::InvalidHookMsg {
        reason: e.to_string(),
    })?;
    match msg {
        ReceiveMsg::Unbond { receiver } => {
            let owner = match receiver {
                Some(r) => deps.api.addr_validate(&r)?,
                None => deps.api.addr_validate(&wrapper.sender)?,
            };
            request_unbond(deps, env, owner, wrapper.amount)
        }
    }
}

fn request_unbond(
    mut deps: DepsMut,
    env: Env,
    owner: Addr,
    lrt_amount: Uint128,
) -> Result<Response, ContractError> {
    ensure_not_paused(deps.storage, env.block.time, PausableOperation::Unbond)?;
    if lrt_amount.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    let config = CONFIG.load(deps.storage)?;
    let mut books = BOOKS.load(deps.storage)?;
    let writeoff_before = books.slash_writeoff;
    let mut ops = load_operators(&deps)?;
    // Value the request at the true rate: an unbooked slash would let it leave at a stale one.
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;
    let value = books.pool().value_of(lrt_amount)?;
    if value.is_zero() {
        return Err(ContractError::UnbondTooSmall { lrt_amount });
    }

    let schedule = SCHEDULE.load(deps.storage)?;
    let batch_id = schedule.current_batch;
    let mut batch = BATCHES
        .may_load(deps.storage, batch_id)?
        .unwrap_or_default();
    let key = (&owner, batch_id);
    let index = crate::books::loss_index(deps.storage)?;
    if batch.lrt_amount.is_zero() {
        // The batch's first request: see `Batch::fix_loss_index`.
        batch.loss_index = index;
    }
    let scaled = crate::state::scaled(value, index)?;
    let request = match REQUESTS.may_load(deps.storage, key)? {
        Some(mut existing) => {
            existing.lrt_amount += lrt_amount;
            existing.value_at_request += value;
            existing.scaled += scaled;
            existing
        }
        None => {
            batch.requests += 1;
            UnbondRequest {
                lrt_amount,
                value_at_request: value,
                scaled,
            }
        }
    };
    REQUESTS.save(deps.storage, key, &request)?;
    batch.lrt_amount += lrt_amount;
    batch.value_at_request += value;
    batch.scaled_value += scaled;
    BATCHES.save(deps.storage, batch_id, &batch)?;
    // Also without a loss: syncing may have written off tokens owed to consumer slashes.
    if !loss.is_zero() || books.slash_writeoff != writeoff_before {
        BOOKS.save(deps.storage, &books)?;
    }

    Ok(Response::new()
        .add_attribute("action", "unbond_request")
        .add_attribute("owner", owner)
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("lrt_amount", lrt_amount)
        .add_attribute("value", value)
        .add_attribute("slash_booked", loss))
}

/// Permissionless, once per epoch.
pub fn submit_batch(mut deps: DepsMut, env: Env) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut schedule = SCHEDULE.load(deps.storage)?;
    let next = schedule.last_submit.plus_seconds(config.epoch_period);
    if env.block.time < next {
        return Err(ContractError::EpochNotElapsed { next });
    }
    let batch_id = schedule.current_batch;
    let mut batch = BATCHES
        .may_load(deps.storage, batch_id)?
        .unwrap_or_default();

    let mut books = BOOKS.load(deps.storage)?;
    let mut ops = load_operators(&deps)?;
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;
    // A batch without requests still goes out to undelegate stake taken by consumer slashes.
    if batch.requests == 0 && ops.iter().all(|(_, op)| op.slash_pending.is_zero()) {
        return Err(ContractError::EmptyBatch { id: batch_id });
    }

    // Each request is worth its value at request less the losses since (rounded down); the batch
    // never takes more than its LRT is worth now. The pool keeps the dust.
    batch.fix_loss_index(crate::books::loss_index(deps.storage)?);
    let worth_now = books.pool().value_of(batch.lrt_amount)?;
    let amount = batch.owed()?.min(worth_now);
    let prefunded = amount.min(books.idle);
    let undelegated = amount - prefunded;

    // One undelegation per operator: the stakers' part plus any slashed stake, which shares the
    // entry so consumer slashes never add x/staking unbonding entries.
    let split = undelegation_split(&ops, undelegated);
    let mut undelegations = Vec::with_capacity(split.len());
    let mut slashed = Uint128::zero();
    for (validator, mut op) in ops {
        let part = split
            .iter()
            .find(|(name, _)| *name == validator)
            .map_or(Uint128::zero(), |(_, part)| *part);
        let riding = op.slash_pending;
        if (part + riding).is_zero() {
            continue;
        }
        op.bonded = op.bonded.checked_sub(part)?;
        op.slash_pending = Uint128::zero();
        crate::books::save_operator(deps.storage, env.block.height, &validator, &op)?;
        slashed += riding;
        undelegations.push(
            StakingMsg::Undelegate {
                validator,
                amount: cosmwasm_std::coin((part + riding).u128(), &config.bond_denom),
            }
            .into(),
        );
    }

    // `prefunded = amount.min(idle)` above, and `idle` has not changed since.
    books.idle -= prefunded;
    books.reserved += prefunded;
    books.total_bonded = books.total_bonded.checked_sub(undelegated)?;
    books.unbonding += undelegated + slashed;
    books.lrt_supply = books.lrt_supply.checked_sub(batch.lrt_amount)?;
    BOOKS.save(deps.storage, &books)?;

    batch.submitted_at = Some(env.block.time);
    BATCH_HEIGHTS.save(deps.storage, batch_id, &env.block.height)?;
    batch.amount = amount;
    batch.prefunded = prefunded;
    batch.undelegated = undelegated + slashed;
    batch.slashed = slashed;
    BATCHES.save(deps.storage, batch_id, &batch)?;
    schedule.current_batch += 1;
    schedule.last_submit = env.block.time;
    SCHEDULE.save(deps.storage, &schedule)?;

    // Undelegating moves no coins now; any balance gained is rewards paid out by x/staking.
    let balance = bond_balance(deps.as_ref(), &env, &config.bond_denom)?;
    let staking = with_checkpoint(deps.storage, &env, undelegations, balance)?;
    let mut response = Response::new().add_messages(staking);
    if !batch.lrt_amount.is_zero() {
        response = response.add_message(WasmMsg::Execute {
            contract_addr: config.lrt.to_string(),
            msg: to_json_binary(&MinterMsg::Burn {
                amount: batch.lrt_amount,
            })?,
            funds: vec![],
        });
    }

    Ok(response
        .add_attribute("action", "submit_batch")
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("lrt_burned", batch.lrt_amount)
        .add_attribute("amount", amount)
        .add_attribute("prefunded", prefunded)
        .add_attribute("undelegated", undelegated)
        .add_attribute("slashed_undelegated", slashed)
        .add_attribute("operators", split.len().to_string())
        .add_attribute("slash_booked", loss)
        .add_attribute(
            "claimable_at",
            env.block
                .time
                .plus_seconds(config.withdrawal_delay)
                .seconds()
                .to_string(),
        ))
}

/// Pays the sender's requests whose batches are settled and past the withdrawal delay.
pub fn claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    receiver: Option<String>,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let receiver = match receiver {
        Some(r) => deps.api.addr_validate(&r)?,
        None => info.sender.clone(),
    };
    let mut books = BOOKS.load(deps.storage)?;
    let mut schedule = SCHEDULE.load(deps.storage)?;
    let settlement = settle_batches(&mut deps, &env, &config, &mut books, &mut schedule)?;
    if settlement.batches > 0 {
        SCHEDULE.save(deps.storage, &schedule)?;
    }

    let requests: Vec<(u64, UnbondRequest)> = REQUESTS
        .prefix(&info.sender)
        .range(deps.storage, None, None, Order::Ascending)
        .take(MAX_CLAIMS_PER_CALL)
        .collect::<Result<_, _>>()?;
    let mut total = Uint128::zero();
    let mut claimed_batches = Vec::new();
    for (batch_id, request) in requests {
        let mut batch = BATCHES.load(deps.storage, batch_id)?;
        let Some(payout) = claimable_payout(&batch, &request, &config, &env)? else {
            continue;
        };
        REQUESTS.remove(deps.storage, (&info.sender, batch_id));
        batch.claimed_value += request.value_at_request;
        batch.paid += payout;
        total += payout;
        if batch.claimed_value == batch.value_at_request {
            // Last request of the batch: its rounding dust goes back to the pool. Each payout is
            // the request's share of the yield rounded down, so `paid <= yield` and the
            // subtraction cannot underflow; `reserved` holds every unpaid yield, dust included.
            let dust = batch.yield_amount.unwrap_or_default() - batch.paid;
            books.reserved -= dust;
            books.idle += dust;
        }
        BATCHES.save(deps.storage, batch_id, &batch)?;
        claimed_batches.push(batch_id.to_string());
    }
    if claimed_batches.is_empty() {
        return Err(ContractError::NothingToClaim);
    }
    books.reserved = books.reserved.checked_sub(total)?;
    BOOKS.save(deps.storage, &books)?;

    let mut response = Response::new()
        .add_attribute("action", "claim")
        .add_attribute("owner", info.sender.as_str())
        .add_attribute("receiver", receiver.as_str())
        .add_attribute("amount", total)
        .add_attribute("batches", claimed_batches.join(","));
    if !total.is_zero() {
        response = response.add_message(BankMsg::Send {
            to_address: receiver.to_string(),
            amount: coins(total.u128(), &config.bond_denom),
        });
    }
    Ok(response)
}

/// The payout of a request if it can be claimed now.
pub fn claimable_payout(
    batch: &Batch,
    request: &UnbondRequest,
    config: &crate::state::Config,
    env: &Env,
) -> Result<Option<Uint128>, ContractError> {
    let (Some(submitted), Some(yield_amount)) = (batch.submitted_at, batch.yield_amount) else {
        return Ok(None);
    };
    if submitted.plus_seconds(config.withdrawal_delay) > env.block.time {
        return Ok(None);
    }
    Ok(Some(request_payout(
        batch.worth_of(request)?,
        yield_amount,
        batch.owed()?,
    )?))
}
