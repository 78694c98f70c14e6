//! Consumer slashes, forwarded by the registry when the relay executes them.
//!
//! The stake at risk is the operator's stake at the end of the infraction's block `height`,
//! wherever it went since: still delegated to it, redelegated by `rebalance`, or undelegated in a
//! batch. Stake that arrived later is never at risk. A slash takes `amount`, capped by what is
//! left of that stake after the slashes of this operator executed since `height` (several
//! consumers slashing one stake share it, whatever happened in between).
//!
//! The hub is one pool, so the stake at risk was every holder's then: the take is shared pro
//! rata by value between the pool (the holders now; requests not yet submitted hold LRT) and each
//! unsettled batch submitted after `height` (those who left after the infraction), batch cuts
//! rounded up (`palisade_api::math::slash_shares`). Batches submitted at or before `height` had
//! left before the infraction and are untouched.
//!
//! The pool's part comes out of the delegations, the offender's first, then the others (the
//! stake is fungible within the pool, so which ones does not matter), then idle funds. Delegated
//! tokens taken stay delegated (`Operator::slash_pending`, outside the pool) until the next
//! `submit_batch` undelegates them within the operator's entry of that batch. A batch's cut comes
//! out of its undelegated part, then out of its prefunded part (already held: moved to
//! `slash_funds` at once). When a batch settles, its share pays what it owes slashes into
//! `slash_funds`; `pay_slashes` pays the payouts oldest first (`crate::payouts`), burning or sending
//! to each consumer's destination.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Order, Response, Storage, Uint128};
use cw_storage_plus::Bound;
use palisade_api::hub::ConsumerSlash;
use palisade_api::math::slash_shares;

use crate::books::{history_at, record_loss, save_operator};
use crate::constants::MAX_SLASHED_BATCHES;
use crate::error::ContractError;
use crate::state::{
    Batch, Books, Payout, Schedule, BATCHES, BATCH_HEIGHTS, BOOKS, CONFIG, SCHEDULE, SLASH_PAYOUTS,
    SLASH_TAKEN, STAKE_HISTORY,
};
use crate::strategy::OperatorSet;
use crate::sync::{load_operators, sync_delegations};

/// Registry only: applies a consumer slash.
pub fn slash(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    order: ConsumerSlash,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if config.registry.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotRegistry {
            sender: info.sender.to_string(),
            registry: config.registry.map_or("none".into(), Addr::into_string),
        });
    }
    let destination = order
        .destination
        .as_deref()
        .map(|d| deps.api.addr_validate(d))
        .transpose()?;
    let mut books = BOOKS.load(deps.storage)?;
    let mut ops = load_operators(&deps)?;
    // Book native slashing first, so the pool's part is taken from what x/staking holds.
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;

    let validator = order.validator.as_str();
    let (stake_then, taken_then, taken_now) = stake_at_risk(deps.storage, validator, order.height)?;
    // The history is cumulative, so it never decreases.
    let taken_since = taken_now.checked_sub(taken_then)?;
    // Slashes executed since may have taken more than was left of this stake (stake that arrived
    // after `height` was at risk for their later infractions): nothing is left then.
    let at_risk = stake_then.saturating_sub(taken_since);
    let take = order.amount.min(at_risk);

    let schedule = SCHEDULE.load(deps.storage)?;
    let leavers = batches_submitted_after(deps.storage, &schedule, order.height)?;
    let values: Vec<Uint128> = leavers.iter().map(|(_, batch)| batch.left()).collect();
    let (cuts, pool_part) = slash_shares(take, books.total_value(), &values)?;

    let mut from_batches = Uint128::zero();
    let mut batches_cut = 0u32;
    for ((batch_id, mut batch), cut) in leavers.into_iter().zip(cuts) {
        if cut.is_zero() {
            continue;
        }
        cut_batch(&mut books, &mut batch, cut)?;
        BATCHES.save(deps.storage, batch_id, &batch)?;
        from_batches += cut;
        batches_cut += 1;
    }
    let value_before = books.total_value();
    let from_stake = take_from_pool(
        deps.storage,
        env.block.height,
        &mut books,
        &mut ops,
        validator,
        pool_part,
    )?;
    record_loss(deps.storage, value_before, pool_part)?;
    let slashed = from_batches + pool_part;
    if !slashed.is_zero() {
        SLASH_TAKEN.save(
            deps.storage,
            (validator, env.block.height),
            &taken_now.checked_add(slashed)?,
        )?;
    }
    books.slash_owed += slashed;
    BOOKS.save(deps.storage, &books)?;
    // The relay executes a slash once (its status turns `executed`), so ids do not repeat.
    if !slashed.is_zero() {
        SLASH_PAYOUTS.save(
            deps.storage,
            order.slash_id,
            &Payout {
                destination: destination.clone(),
                owed: slashed,
            },
        )?;
    }

    Ok(Response::new()
        .add_attribute("action", "consumer_slash")
        .add_attribute("slash_id", order.slash_id.to_string())
        .add_attribute("validator", order.validator)
        .add_attribute("amount", order.amount)
        .add_attribute("stake_at_infraction", stake_then)
        .add_attribute("taken_since", taken_since)
        .add_attribute("from_batches", from_batches)
        .add_attribute("batches_cut", batches_cut.to_string())
        .add_attribute("from_pool", pool_part)
        .add_attribute("from_stake", from_stake)
        .add_attribute("slashed", slashed)
        .add_attribute(
            "destination",
            destination.map_or("burn".into(), Addr::into_string),
        )
        .add_attribute("slash_booked", loss)
        .add_attribute("exchange_rate", books.pool().exchange_rate().to_string()))
}

/// The operator's stake at the end of block `height`, and what slashes of its infractions had
/// taken, cumulatively, by then and by now.
fn stake_at_risk(
    storage: &dyn Storage,
    validator: &str,
    height: u64,
) -> Result<(Uint128, Uint128, Uint128), ContractError> {
    Ok((
        history_at(storage, STAKE_HISTORY, validator, height)?,
        history_at(storage, SLASH_TAKEN, validator, height)?,
        history_at(storage, SLASH_TAKEN, validator, u64::MAX)?,
    ))
}

/// Unsettled batches submitted after `height`, newest first: their stake was at risk at the
/// infraction. At most `MAX_SLASHED_BATCHES` (one unbonding period holds about 7; more wait only
/// while nobody settles), so the work is bounded whatever the slash's age.
fn batches_submitted_after(
    storage: &dyn Storage,
    schedule: &Schedule,
    height: u64,
) -> Result<Vec<(u64, Batch)>, ContractError> {
    let submitted = BATCH_HEIGHTS
        .range(
            storage,
            Some(Bound::inclusive(schedule.next_to_settle)),
            Some(Bound::exclusive(schedule.current_batch)),
            Order::Descending,
        )
        .take_while(|entry| entry.as_ref().map_or(true, |(_, h)| *h > height))
        .take(MAX_SLASHED_BATCHES);
    let mut batches = Vec::new();
    for entry in submitted {
        let (batch_id, _) = entry?;
        batches.push((batch_id, BATCHES.load(storage, batch_id)?));
    }
    Ok(batches)
}

/// Takes `cut` from a batch: from its undelegated part first (paid to the slash when the batch
/// settles), then from its prefunded part, which the hub already holds.
fn cut_batch(books: &mut Books, batch: &mut Batch, cut: Uint128) -> Result<(), ContractError> {
    // `slashed <= undelegated` always: it counts tokens of the batch's own undelegation.
    let room = batch.undelegated.checked_sub(batch.slashed)?;
    let from_undelegated = cut.min(room);
    batch.slashed += from_undelegated;
    let from_prefunded = cut - from_undelegated;
    if !from_prefunded.is_zero() {
        // `cut <= batch.left()`, so the prefunded part covers the rest.
        batch.prefunded = batch.prefunded.checked_sub(from_prefunded)?;
        books.reserved = books.reserved.checked_sub(from_prefunded)?;
        books.slash_funds += from_prefunded;
    }
    Ok(())
}

/// Takes the pool's part out of the delegations, `offender`'s first, then the others (the stake
/// is fungible within the pool), then out of idle funds. Returns what came out of delegations;
/// `amount` is at most the pool's value (`slash_shares`).
fn take_from_pool(
    storage: &mut dyn Storage,
    height: u64,
    books: &mut Books,
    ops: &mut OperatorSet,
    offender: &str,
    amount: Uint128,
) -> Result<Uint128, ContractError> {
    let mut remaining = amount;
    let mut from_stake = Uint128::zero();
    if let Some(index) = ops.iter().position(|(name, _)| name == offender) {
        ops.swap(0, index);
    }
    for (name, op) in ops.iter_mut() {
        let taken = remaining.min(op.bonded);
        if taken.is_zero() {
            continue;
        }
        op.bonded -= taken;
        op.slash_pending += taken;
        save_operator(storage, height, name, op)?;
        remaining -= taken;
        from_stake += taken;
    }
    books.total_bonded = books.total_bonded.checked_sub(from_stake)?;
    // The pool's part never exceeds its value (`slash_shares`), so idle funds cover the rest.
    books.idle = books.idle.checked_sub(remaining)?;
    books.slash_funds += remaining;
    Ok(from_stake)
}
