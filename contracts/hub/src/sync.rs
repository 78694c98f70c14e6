//! Shared bookkeeping every action runs first: the operator set, and the recorded delegations
//! brought down to what x/staking holds (native slashing), so that nobody mints, unbonds or
//! slashes at a stale rate. Requests still in the current batch hold LRT, so they share the fall.

use cosmwasm_std::{DepsMut, Env, QueryRequest, StakingQuery, StdError, Uint128};

use crate::answer::Answer;
use crate::error::ContractError;
use crate::state::{Books, Config};
use crate::strategy::OperatorSet;

/// Loads the whole operator set (bounded by `MAX_OPERATORS`).
pub fn load_operators(deps: &DepsMut) -> Result<OperatorSet, ContractError> {
    Ok(crate::books::load_operators(deps.storage)?)
}

/// Lowers recorded delegations to what x/staking holds. Returns the loss booked against the pool.
///
/// x/staking holds `bonded + slash_pending` per operator. A shortfall is taken from `bonded`
/// first; only what exceeds it reaches the tokens owed to consumer slashes, and is written off
/// their payouts.
pub fn sync_delegations(
    deps: &mut DepsMut,
    env: &Env,
    config: &Config,
    books: &mut Books,
    ops: &mut OperatorSet,
) -> Result<Uint128, ContractError> {
    if !ops.iter().any(|(_, op)| op.holds_stake()) {
        return Ok(Uint128::zero());
    }
    let request = QueryRequest::Staking(StakingQuery::AllDelegations {
        delegator: env.contract.address.to_string(),
    });
    // An answer without the list is refused, not read as no delegations: that would book every
    // delegation as slashed.
    let delegations = deps
        .querier
        .query::<Answer>(&request)?
        .delegations
        .ok_or_else(|| StdError::generic_err("x/staking answered no delegations"))?;
    let mut loss = Uint128::zero();
    for (validator, op) in ops.iter_mut() {
        let expected = op.bonded + op.slash_pending;
        if expected.is_zero() {
            continue;
        }
        let actual = delegations
            .iter()
            .find(|d| d.validator == *validator && d.amount.denom == config.bond_denom)
            .map(|d| d.amount.amount)
            .unwrap_or_default();
        if actual < expected {
            // `actual < expected = bonded + slash_pending`, so the shortfall is at most their sum:
            // `from_owed <= slash_pending`, and nothing below underflows.
            let shortfall = expected - actual;
            let from_bonded = shortfall.min(op.bonded);
            let from_owed = shortfall - from_bonded;
            loss += from_bonded;
            op.bonded -= from_bonded;
            op.slash_pending -= from_owed;
            books.slash_writeoff += from_owed;
            crate::books::save_operator(deps.storage, env.block.height, validator, op)?;
        }
    }
    crate::books::record_loss(deps.storage, books.total_value(), loss)?;
    books.total_bonded = books.total_bonded.checked_sub(loss)?;
    books.slashed_total += loss;
    Ok(loss)
}
