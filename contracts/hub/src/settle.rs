//! Settlement of batches whose unbonding has matured, and `reconcile`, which runs it after the
//! delegations' sync (`crate::sync`); `pay_slashes`, a `reconcile` that then pays arrived slashed
//! tokens (`crate::payouts`).
//!
//! Batches: x/staking pays a matured entry into the hub's balance with no callback. Everything the
//! hub holds beyond `reserved + idle + fees_owed` is therefore matured unbonding funds. A batch is
//! settled when its claims open (`withdrawal_delay` after its submission, at least
//! `MIN_SETTLEMENT_MARGIN` after its entries completed); if the funds that
//! arrived fall short of what the matured batches undelegated (x/staking slashed their entries),
//! each batch gets its share pro rata to what it undelegated, rounded cumulatively so the shares
//! add up to exactly what arrived.
//! A batch's share first pays what it owes consumer slashes (`Batch::slashed`), which `pay_slashes`
//! then pays out (`crate::payouts`).

use cosmwasm_std::{DepsMut, Env, Response, Uint128};
use palisade_api::math::share_of_shortfall;

use crate::balance::bond_balance;
use crate::constants::MAX_SETTLE_PER_CALL;
use crate::error::ContractError;
use crate::payouts::pay_slashes;
use crate::state::{
    Batch, Books, Config, Schedule, BATCHES, BOOKS, CONFIG, SCHEDULE, SHORTFALL_SEEN_HEIGHT,
    SHORTFALL_SEEN_TIME,
};
use crate::sync::{load_operators, sync_delegations};

/// What one settlement did.
#[derive(Default)]
pub struct Settlement {
    pub batches: u64,
    pub received: Uint128,
    pub shortfall: Uint128,
    /// Bond tokens found beyond the books and given to the pool.
    pub surplus: Uint128,
}

/// Settles matured batches, oldest first, at most `MAX_SETTLE_PER_CALL`.
pub fn settle_batches(
    deps: &mut DepsMut,
    env: &Env,
    config: &Config,
    books: &mut Books,
    schedule: &mut Schedule,
) -> Result<Settlement, ContractError> {
    let now = env.block.time;
    // When x/staking completes a batch's entries, and when the hub settles it.
    let completes = |batch: &Batch| {
        batch.submitted_at.map(|t| {
            (
                t.plus_seconds(config.unbonding_period),
                t.plus_seconds(config.withdrawal_delay),
            )
        })
    };

    let mut matured: Vec<(u64, Batch)> = Vec::new();
    let mut id = schedule.next_to_settle;
    let mut next_may_have_arrived = false;
    while id < schedule.current_batch {
        let batch = BATCHES.load(deps.storage, id)?;
        let Some((completion, settles_at)) = completes(&batch) else {
            break;
        };
        if settles_at > now || matured.len() == MAX_SETTLE_PER_CALL {
            next_may_have_arrived = completion <= now;
            break;
        }
        matured.push((id, batch));
        id += 1;
    }
    if matured.is_empty() {
        if schedule.next_to_settle == schedule.current_batch {
            // Nothing is unbonding, so nothing can arrive: bond tokens beyond the books were sent
            // to the hub directly. They join the pool rather than sit unaccounted.
            let balance = bond_balance(deps.as_ref(), env, &config.bond_denom)?;
            let surplus = balance.saturating_sub(books.held());
            books.idle += surplus;
            return Ok(Settlement {
                surplus,
                ..Settlement::default()
            });
        }
        return Ok(Settlement::default());
    }
    let capped = matured.len() == MAX_SETTLE_PER_CALL && next_may_have_arrived;
    if next_may_have_arrived && !capped {
        // The next batch's funds may be in the balance already, indistinguishable from these
        // batches' funds: wait until its margin has passed too and settle them together.
        return Ok(Settlement::default());
    }

    let balance = bond_balance(deps.as_ref(), env, &config.bond_denom)?;
    let arrived = balance.saturating_sub(books.held());
    let expected: Uint128 = matured.iter().map(|(_, b)| b.undelegated).sum();
    if arrived < expected && !shortfall_is_final(deps, env, config, &matured)? {
        return Ok(Settlement::default());
    }

    // Each batch's share of what arrived pays what it owes consumer slashes first; the rest is its
    // stakers'. A share too short to cover the slashes (x/staking slashed the entry) is written
    // off their payouts.
    let mut to_stakers = Uint128::zero();
    let mut to_slashes = Uint128::zero();
    let mut written_off = Uint128::zero();
    let mut expected_so_far = Uint128::zero();
    let mut shared_so_far = Uint128::zero();
    for (batch_id, batch) in matured.iter_mut() {
        let received = if arrived >= expected {
            batch.undelegated
        } else {
            // Cumulative rounding: the shares add up to exactly what arrived, each within one
            // unit of its exact share. Rounding each share down would leave dust that arrived
            // with the pool while the slashes those shares owed were written off.
            expected_so_far += batch.undelegated;
            let shared = share_of_shortfall(expected_so_far, arrived, expected)?;
            // `shared` grows with `expected_so_far`, so this cannot underflow.
            let received = shared.checked_sub(shared_so_far)?;
            shared_so_far = shared;
            received
        };
        let owed = batch.slashed.min(received);
        written_off += batch.slashed - owed;
        batch.yield_amount = Some(batch.prefunded + received - owed);
        to_stakers += received - owed;
        to_slashes += owed;
        BATCHES.save(deps.storage, *batch_id, batch)?;
    }
    let received_total = to_stakers + to_slashes;

    let shortfall = expected.saturating_sub(arrived);
    // What arrived beyond the batches' share is the pool's: rounding dust of a shortfall, or bond
    // tokens sent to the hub directly. While more matured batches wait (capped), keep it for them.
    let extra = arrived.saturating_sub(received_total);
    let to_pool = if arrived >= expected && capped {
        Uint128::zero()
    } else {
        extra
    };
    books.unbonding = books.unbonding.checked_sub(expected)?;
    books.reserved += to_stakers;
    books.slash_funds += to_slashes;
    books.idle += to_pool;
    books.slash_writeoff += written_off;
    // Native slashing of the pool's part only; the destinations' part is written off above.
    books.slashed_total += shortfall.saturating_sub(written_off);
    schedule.next_to_settle = id;
    Ok(Settlement {
        batches: matured.len() as u64,
        received: to_stakers,
        shortfall,
        surplus: to_pool,
    })
}

/// Whether funds missing for `matured` batches are x/staking's slash rather than entries not yet
/// paid. x/staking pays matured entries in its EndBlocker, after the block's transactions: in
/// the first block after a halt longer than the settlement margin, a batch whose claims opened
/// is still unpaid when this runs. A shortfall is therefore final only when a settlement in an
/// earlier block saw a time past every entry's completion; otherwise this block is recorded
/// (`SHORTFALL_SEEN_HEIGHT`, `SHORTFALL_SEEN_TIME`) and the settlement waits for a later block.
fn shortfall_is_final(
    deps: &mut DepsMut,
    env: &Env,
    config: &Config,
    matured: &[(u64, Batch)],
) -> Result<bool, ContractError> {
    let completed_by = matured
        .iter()
        .filter_map(|(_, batch)| batch.submitted_at)
        .map(|submitted| submitted.plus_seconds(config.unbonding_period).seconds())
        .max()
        .unwrap_or_default();
    let height = SHORTFALL_SEEN_HEIGHT
        .may_load(deps.storage)?
        .unwrap_or_default();
    if height < env.block.height {
        if SHORTFALL_SEEN_TIME
            .may_load(deps.storage)?
            .unwrap_or_default()
            >= completed_by
        {
            return Ok(true);
        }
        SHORTFALL_SEEN_HEIGHT.save(deps.storage, &env.block.height)?;
        SHORTFALL_SEEN_TIME.save(deps.storage, &env.block.time.seconds())?;
    }
    Ok(false)
}

/// Permissionless `reconcile`: books native slashing and settles matured batches. `pay_slashes`
/// does the same, then pays arrived slashed tokens to their destinations: a payout the bank
/// refuses fails that call only, never `reconcile`.
pub fn reconcile(mut deps: DepsMut, env: Env, pay: bool) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut books = BOOKS.load(deps.storage)?;
    let mut schedule = SCHEDULE.load(deps.storage)?;
    let mut ops = load_operators(&deps)?;
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;
    let settlement = settle_batches(&mut deps, &env, &config, &mut books, &mut schedule)?;
    let (payouts, paid) = if pay {
        pay_slashes(deps.storage, &mut books, &config.bond_denom)?
    } else {
        (vec![], Uint128::zero())
    };
    BOOKS.save(deps.storage, &books)?;
    SCHEDULE.save(deps.storage, &schedule)?;
    Ok(Response::new()
        .add_messages(payouts)
        .add_attribute("action", if pay { "pay_slashes" } else { "reconcile" })
        .add_attribute("delegation_loss", loss)
        .add_attribute("batches_settled", settlement.batches.to_string())
        .add_attribute("received", settlement.received)
        .add_attribute("unbonding_shortfall", settlement.shortfall)
        .add_attribute("surplus", settlement.surplus)
        .add_attribute("slash_paid", paid)
        .add_attribute("total_bonded", books.total_bonded))
}
