//! The crank: moves each binding's delegation toward its target, a page at a time.
//!
//! A binding's target is its operator's restaked power × `rate`, scaled down pro rata when the
//! budget or the bonded-share cap cannot cover all targets. Delegations draw on the idle budget
//! only; what an undelegation frees comes back when x/staking pays the entry, so a shortfall is
//! made up by a later sync. Every division rounds down, so the targets never add up to more than
//! the budget or the cap.

use std::collections::{BTreeMap, BTreeSet};

use cosmwasm_std::{
    Decimal, Deps, DepsMut, Env, Order, Response, StakingMsg, StdResult, Storage, Uint128,
};
use cw_storage_plus::{Bound, PrefixBound};
use palisade_api::consumer::{OperatorResponse, PowerSummaryResponse, QueryMsg as ConsumerQuery};
use palisade_api::pagination::{clamp_limit, MAX_LIMIT};
use palisade_api::virtual_staking::{
    BindingStatus, Params, BPS_DENOMINATOR, MAX_UNBONDING_ENTRIES,
};

use crate::error::ContractError;
use crate::state::{
    Binding, Config, Totals, Unpaid, BINDINGS, CONFIG, OPERATOR_VALIDATOR, SYNC_CURSOR, TOTALS,
    UNBONDING, UNPAID,
};

/// A delegation below the books by at most this much is x/staking's share rounding, not a slash
/// (it still counts as slashed in the books, but the validator keeps receiving stake).
const ROUNDING_TOLERANCE: Uint128 = Uint128::new(1);

/// Moves the unbonding entries x/staking has paid by now into the idle books.
fn collect_matured(storage: &mut dyn Storage, now: u64, totals: &mut Totals) -> StdResult<()> {
    let matured: Vec<((u64, String), Uint128)> = UNBONDING
        .prefix_range(
            storage,
            None,
            Some(PrefixBound::inclusive(now)),
            Order::Ascending,
        )
        .collect::<StdResult<_>>()?;
    for ((time, validator), amount) in matured {
        UNBONDING.remove(storage, (time, &validator));
        totals.unbonding = totals.unbonding.checked_sub(amount)?;
        totals.idle += amount;
    }
    Ok(())
}

/// Brings the idle books to the balance: more is a grant (a community-pool spend or any
/// transfer); less is matured unbonding not paid yet, held as [`Unpaid`] (still unbonding) until
/// a sync in a later block, which books what is still missing as slashed (a slash of this chain
/// took it from an unbonding entry). Returns what is held now.
pub(crate) fn reconcile_balance(
    totals: &mut Totals,
    held: Option<Unpaid>,
    balance: Uint128,
    height: u64,
) -> StdResult<Option<Unpaid>> {
    let seen_at = held.as_ref().map(|unpaid| unpaid.seen_at);
    if let Some(unpaid) = held {
        // Held back by an earlier sync: idle again, to be checked against the balance.
        totals.unbonding = totals.unbonding.checked_sub(unpaid.amount)?;
        totals.idle += unpaid.amount;
    }
    let shortfall = totals.idle.saturating_sub(balance);
    totals.granted += balance.saturating_sub(totals.idle);
    totals.idle = balance;
    if shortfall.is_zero() {
        return Ok(None);
    }
    Ok(match seen_at {
        Some(first) if first < height => {
            totals.slashed += shortfall;
            None
        }
        _ => {
            totals.unbonding += shortfall;
            Some(Unpaid {
                seen_at: seen_at.unwrap_or(height),
                amount: shortfall,
            })
        }
    })
}

/// Most virtual stake the bonded-share cap allows: `share × (native + virtual)` with `native` the
/// bonded pool less this contract's delegations, i.e. `native × share / (1 - share)`, rounded
/// down. Delegations to validators out of the active set are not in the pool, so the cap is
/// underestimated then, never over.
pub fn bonded_share_cap(deps: Deps, config: &Config, delegated: Uint128) -> StdResult<Uint128> {
    let pool = deps
        .querier
        .query_balance(&config.params.bonded_pool, &config.denom)?
        .amount;
    let native = pool.saturating_sub(delegated);
    let share = config.params.max_bonded_share_bps;
    Ok(native.multiply_ratio(share, BPS_DENOMINATOR - share))
}

/// What every target is scaled by: `numerator / denominator`, at most one.
pub struct Scale {
    pub wanted: Uint128,
    pub cap: Uint128,
    numerator: Uint128,
}

impl Scale {
    pub fn new(wanted: Uint128, budget: Uint128, cap: Uint128) -> Self {
        Scale {
            wanted,
            cap,
            numerator: wanted.min(budget).min(cap),
        }
    }

    /// The target of an operator with `power`, rounded down.
    pub fn target(&self, power: Uint128, rate: Decimal) -> Uint128 {
        if self.wanted.is_zero() {
            return Uint128::zero();
        }
        power
            .mul_floor(rate)
            .multiply_ratio(self.numerator, self.wanted)
    }
}

pub fn scale(deps: Deps, config: &Config, totals: &Totals) -> StdResult<Scale> {
    let summary: PowerSummaryResponse = deps
        .querier
        .query_wasm_smart(&config.consumer, &ConsumerQuery::PowerSummary {})?;
    let wanted = summary.total_power.mul_floor(config.params.rate);
    let cap = bonded_share_cap(deps, config, totals.delegated)?;
    // Stake on its way back from unbonding counts: targets are where the books settle, and a
    // validator is never undelegated only because another one's stake is still unbonding (that
    // churn would spend x/staking entries and come back once the entries mature). What is
    // delegated now is bounded by `idle` below.
    let budget = totals.idle + totals.delegated + totals.unbonding;
    Ok(Scale::new(wanted, budget, cap))
}

/// Restaked power of the operators a page needs, read from the consumer's list 30 at a time (in
/// valoper order) rather than with one query each: every contract call costs wasmd 60,000 gas to
/// load the contract. The list is bounded by the consumer's `max_operators`; an operator it does
/// not list has no power.
fn powers_of(
    deps: Deps,
    config: &Config,
    mut needed: BTreeSet<String>,
) -> StdResult<BTreeMap<String, Uint128>> {
    let mut powers = BTreeMap::new();
    let mut start_after: Option<String> = None;
    while !needed.is_empty() {
        let page: Vec<OperatorResponse> = deps.querier.query_wasm_smart(
            &config.consumer,
            &ConsumerQuery::Operators {
                start_after: start_after.clone(),
                limit: Some(MAX_LIMIT),
            },
        )?;
        let full = page.len() == MAX_LIMIT as usize;
        start_after = page.last().map(|known| known.operator.clone());
        for known in page {
            if needed.remove(&known.operator) {
                powers.insert(known.operator, known.power);
            }
        }
        if !full {
            break;
        }
    }
    Ok(powers)
}

/// The validators of the active set (x/staking's bonded ones): only they get new stake.
fn active_validators(deps: Deps) -> StdResult<BTreeSet<String>> {
    Ok(deps
        .querier
        .query_all_validators()?
        .into_iter()
        .map(|v| v.address)
        .collect())
}

/// One page of bindings after the cursor; an empty or short page sends the next sync back to the
/// start.
fn next_page(storage: &dyn Storage, limit: usize) -> StdResult<Vec<(String, Binding)>> {
    let cursor = SYNC_CURSOR.may_load(storage)?;
    let page: Vec<(String, Binding)> = BINDINGS
        .range(
            storage,
            cursor.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .collect::<StdResult<_>>()?;
    Ok(page)
}

pub fn sync(deps: DepsMut, env: Env, limit: Option<u32>) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut totals = TOTALS.load(deps.storage)?;
    let now = env.block.time.seconds();
    collect_matured(deps.storage, now, &mut totals)?;
    let balance = deps
        .querier
        .query_balance(&env.contract.address, &config.denom)?
        .amount;
    let held = UNPAID.may_load(deps.storage)?;
    match reconcile_balance(&mut totals, held, balance, env.block.height)? {
        Some(unpaid) => UNPAID.save(deps.storage, &unpaid)?,
        None => UNPAID.remove(deps.storage),
    }

    let scale = scale(deps.as_ref(), &config, &totals)?;
    let active = active_validators(deps.as_ref())?;
    let limit = clamp_limit(limit);
    let page = next_page(deps.storage, limit)?;
    let mut response = Response::new()
        .add_attribute("action", "sync")
        .add_attribute("wanted", scale.wanted)
        .add_attribute("cap", scale.cap);

    let needed = page
        .iter()
        .filter(|(_, binding)| binding.status == BindingStatus::Active)
        .map(|(_, binding)| binding.operator.clone())
        .collect();
    let powers = powers_of(deps.as_ref(), &config, needed)?;

    for (validator, mut binding) in page.iter().cloned() {
        let power = powers.get(&binding.operator).copied().unwrap_or_default();
        let on_chain = deps
            .querier
            .query_delegation(&env.contract.address, &validator)?
            .map(|d| d.amount.amount)
            .unwrap_or_default();
        if on_chain < binding.delegated {
            let taken = binding.delegated - on_chain;
            totals.slashed += taken;
            // `taken` is part of `binding.delegated`, itself part of `totals.delegated`.
            totals.delegated = totals.delegated.checked_sub(taken)?;
            binding.delegated = on_chain;
            if taken > ROUNDING_TOLERANCE && binding.status == BindingStatus::Active {
                binding.status = BindingStatus::Slashed;
                response = response.add_attribute("slashed_validator", validator.clone());
            }
        }
        binding.unbonding_until.retain(|&until| until > now);

        binding.target = if binding.status == BindingStatus::Active && active.contains(&validator) {
            scale.target(power, config.params.rate)
        } else {
            Uint128::zero()
        };
        let params: &Params = &config.params;
        if binding.target > binding.delegated {
            let add = (binding.target - binding.delegated).min(totals.idle);
            if !add.is_zero() && add >= params.min_change {
                response = response.add_message(StakingMsg::Delegate {
                    validator: validator.clone(),
                    amount: cosmwasm_std::coin(add.u128(), &config.denom),
                });
                binding.delegated += add;
                totals.idle -= add;
                totals.delegated += add;
                response = response.add_attribute("delegate", format!("{add}:{validator}"));
            }
        } else if binding.delegated > binding.target {
            let cut = binding.delegated - binding.target;
            let worth_it = cut >= params.min_change || binding.target.is_zero();
            if worth_it && binding.unbonding_until.len() < MAX_UNBONDING_ENTRIES {
                response = response.add_message(StakingMsg::Undelegate {
                    validator: validator.clone(),
                    amount: cosmwasm_std::coin(cut.u128(), &config.denom),
                });
                let until = now + params.unbonding_period;
                UNBONDING.update(deps.storage, (until, &validator), |entry| {
                    StdResult::Ok(entry.unwrap_or_default() + cut)
                })?;
                if !binding.unbonding_until.contains(&until) {
                    binding.unbonding_until.push(until);
                }
                binding.delegated -= cut;
                totals.delegated = totals.delegated.checked_sub(cut)?;
                totals.unbonding += cut;
                response = response.add_attribute("undelegate", format!("{cut}:{validator}"));
            } else if worth_it {
                response = response.add_attribute("deferred", validator.clone());
            }
        }

        let finished = binding.status != BindingStatus::Active
            && binding.delegated.is_zero()
            && binding.unbonding_until.is_empty();
        if finished {
            BINDINGS.remove(deps.storage, &validator);
            // The operator may be bound to another validator by now.
            let bound = OPERATOR_VALIDATOR.may_load(deps.storage, &binding.operator)?;
            if bound.as_deref() == Some(validator.as_str()) {
                // Ended without an unbind (a slash emptied it): the old signature must not bind
                // the validator again.
                OPERATOR_VALIDATOR.remove(deps.storage, &binding.operator);
                crate::bind::raise_nonce(deps.storage, &binding.operator)?;
            }
            response = response.add_attribute("removed", validator.clone());
        } else {
            BINDINGS.save(deps.storage, &validator, &binding)?;
        }
    }

    match page.last() {
        Some((last, _)) if page.len() == limit => SYNC_CURSOR.save(deps.storage, last)?,
        _ => SYNC_CURSOR.remove(deps.storage),
    }
    TOTALS.save(deps.storage, &totals)?;
    Ok(response.add_attribute("bindings", page.len().to_string()))
}
