//! Consumer slashes, forwarded by the registry when the relay executes them.
//!
//! A slash takes `amount` from what was at risk at the infraction, as x/staking treats its own
//! slashes: first the batches submitted after `height` and still unbonding lose the slashed share of their
//! part on the operator, `part × amount / stake at height` (newest first, rounded down, never
//! more than the part left), then the operator's delegation gives the rest, capped by what it holds, so slashes by
//! several consumers never take more than the stake. Batches submitted before `height` are
//! untouched; requests still in the current batch hold LRT and share the rate's fall.
//!
//! The tokens taken from the delegation stay delegated (`Operator::slash_pending`, outside the
//! pool) until the next `submit_batch` undelegates them within the operator's entry of that batch.
//! When a batch settles, its share pays what it owes slashes into `slash_funds`; `reconcile` pays
//! the payouts oldest first, burning or sending to each consumer's destination.

use cosmwasm_std::{
    coins, Addr, BankMsg, CosmosMsg, DepsMut, Env, MessageInfo, Order, Response, Storage, Uint128,
};
use cw_storage_plus::Bound;
use palisade_api::hub::ConsumerSlash;

use crate::constants::{MAX_PAYOUTS_PER_CALL, MAX_UNBONDING_ENTRIES};
use crate::error::ContractError;
use crate::settle::{load_operators, sync_delegations};
use crate::state::{
    Books, Payout, BATCHES, BATCH_PARTS, BOOKS, CONFIG, OPERATORS, SCHEDULE, SLASH_PAYOUTS,
};

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
    // Book native slashing first, so the delegation's part is taken from what x/staking holds.
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;

    let validator = order.validator.as_str();
    let next_to_settle = SCHEDULE.load(deps.storage)?.next_to_settle;
    // Unsettled batches, newest first, down to the first one submitted at or before the
    // infraction's height or already matured: like x/staking, a slash reaches only unbonding
    // entries still maturing, at most 7 per operator (one batch per epoch, 7 epochs cover the
    // unbonding period), so the loop is bounded whatever the slash's age.
    let parts: Vec<(u64, (u64, Uint128))> = BATCH_PARTS
        .prefix(validator)
        .range(
            deps.storage,
            Some(Bound::inclusive(next_to_settle)),
            None,
            Order::Descending,
        )
        .take_while(|entry| entry.as_ref().map_or(true, |(_, (h, _))| *h > order.height))
        .take(MAX_UNBONDING_ENTRIES as usize + 1)
        .collect::<Result<_, _>>()?;
    // The stake at risk, as the relay read it: at the end of block `height`.
    let at_risk = crate::query::operator_stake_at(deps.as_ref(), validator, order.height + 1)?;
    let mut remaining = order.amount;
    let mut from_batches = Uint128::zero();
    for (batch_id, (height, part)) in parts {
        let mut batch = BATCHES.load(deps.storage, batch_id)?;
        let matured = batch
            .submitted_at
            .is_some_and(|t| t.plus_seconds(config.unbonding_period) <= env.block.time);
        if matured {
            break;
        }
        // Rounded down: never more than the slashed share of a part.
        let cut = part
            .checked_multiply_ratio(order.amount, at_risk)
            .unwrap_or_default()
            .min(part)
            .min(remaining);
        if cut.is_zero() {
            continue;
        }
        BATCH_PARTS.save(deps.storage, (validator, batch_id), &(height, part - cut))?;
        batch.slashed += cut;
        BATCHES.save(deps.storage, batch_id, &batch)?;
        remaining -= cut;
        from_batches += cut;
    }

    let mut from_stake = Uint128::zero();
    if let Some(mut op) = OPERATORS.may_load(deps.storage, validator)? {
        from_stake = remaining.min(op.bonded);
        op.bonded -= from_stake;
        op.slash_pending += from_stake;
        crate::state::save_operator(deps.storage, env.block.height, validator, &op)?;
    }
    crate::state::record_loss(deps.storage, books.total_value(), from_stake)?;
    books.total_bonded = books.total_bonded.checked_sub(from_stake)?;
    let slashed = from_batches + from_stake;
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
        .add_attribute("from_batches", from_batches)
        .add_attribute("from_stake", from_stake)
        .add_attribute("slashed", slashed)
        .add_attribute(
            "destination",
            destination.map_or("burn".into(), Addr::into_string),
        )
        .add_attribute("slash_booked", loss)
        .add_attribute("exchange_rate", books.pool().exchange_rate().to_string()))
}

/// Pays arrived slashed tokens to the oldest payouts, at most `MAX_PAYOUTS_PER_CALL`; write-offs
/// (tokens x/staking slashed before they arrived) are deducted from the oldest payouts first.
/// Returns the burn and send messages and the amount paid.
pub fn pay_slashes(
    storage: &mut dyn Storage,
    books: &mut Books,
    denom: &str,
) -> Result<(Vec<CosmosMsg>, Uint128), ContractError> {
    let mut msgs = Vec::new();
    let mut paid = Uint128::zero();
    if books.slash_funds.is_zero() && books.slash_writeoff.is_zero() {
        return Ok((msgs, paid));
    }
    let payouts: Vec<(u64, Payout)> = SLASH_PAYOUTS
        .range(storage, None, None, Order::Ascending)
        .take(MAX_PAYOUTS_PER_CALL)
        .collect::<Result<_, _>>()?;
    for (slash_id, mut payout) in payouts {
        let written_off = books.slash_writeoff.min(payout.owed);
        books.slash_writeoff -= written_off;
        let pay = books.slash_funds.min(payout.owed - written_off);
        books.slash_funds -= pay;
        payout.owed -= written_off + pay;
        books.slash_owed -= written_off + pay;
        paid += pay;
        if payout.owed.is_zero() {
            SLASH_PAYOUTS.remove(storage, slash_id);
        } else {
            SLASH_PAYOUTS.save(storage, slash_id, &payout)?;
        }
        if !pay.is_zero() {
            let amount = coins(pay.u128(), denom);
            msgs.push(
                match &payout.destination {
                    Some(to) => BankMsg::Send {
                        to_address: to.to_string(),
                        amount,
                    },
                    None => BankMsg::Burn { amount },
                }
                .into(),
            );
        }
        if !payout.owed.is_zero() {
            break;
        }
    }
    Ok((msgs, paid))
}
