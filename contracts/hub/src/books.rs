//! The hub's bookkeeping over its keys, shared by every flow: the operator set with its stake
//! history, per-operator histories read at a height, and the pool's loss index. Keys and their
//! records are in `state.rs`; this module keeps the writes that must go together.

use cosmwasm_std::{StdResult, Storage, Uint128};
use cw_storage_plus::Map;
use palisade_api::math::LOSS_SCALE;

use crate::state::{Operator, LOSS_INDEX, OPERATORS, STAKE_HISTORY};

/// The pool's loss index now (absent is 1.0).
pub fn loss_index(storage: &dyn Storage) -> StdResult<Uint128> {
    Ok(LOSS_INDEX
        .may_load(storage)?
        .unwrap_or(Uint128::new(LOSS_SCALE)))
}

/// Lowers the loss index by the pool's fall from `value_before` by `loss`.
pub fn record_loss(
    storage: &mut dyn Storage,
    value_before: Uint128,
    loss: Uint128,
) -> Result<(), crate::ContractError> {
    if loss.is_zero() || value_before.is_zero() {
        return Ok(());
    }
    let index = palisade_api::math::index_after_loss(loss_index(storage)?, value_before, loss)?;
    LOSS_INDEX.save(storage, &index)?;
    Ok(())
}

/// Saves an operator record and its stake in the history at `height`.
pub fn save_operator(
    storage: &mut dyn Storage,
    height: u64,
    validator: &str,
    operator: &Operator,
) -> StdResult<()> {
    STAKE_HISTORY.save(storage, (validator, height), &operator.bonded)?;
    // A removed operator left with nothing is gone: it must not keep a seat of `MAX_OPERATORS`.
    if operator.removed && !operator.holds_stake() {
        OPERATORS.remove(storage, validator);
        return Ok(());
    }
    OPERATORS.save(storage, validator, operator)
}

/// Removes an operator record that holds no stake, recording the zero stake.
pub fn remove_operator_record(
    storage: &mut dyn Storage,
    height: u64,
    validator: &str,
) -> StdResult<()> {
    STAKE_HISTORY.save(storage, (validator, height), &Uint128::zero())?;
    OPERATORS.remove(storage, validator);
    Ok(())
}

/// The newest entry of a per-operator history at or below `height`: its value at the end of
/// block `height` (zero before the first entry).
pub fn history_at(
    storage: &dyn Storage,
    history: Map<(&str, u64), Uint128>,
    validator: &str,
    height: u64,
) -> StdResult<Uint128> {
    let newest = history
        .prefix(validator)
        .range(
            storage,
            None,
            Some(cw_storage_plus::Bound::inclusive(height)),
            cosmwasm_std::Order::Descending,
        )
        .next()
        .transpose()?;
    Ok(newest.map(|(_, value)| value).unwrap_or_default())
}

/// The whole operator set, in address order. Bounded by `MAX_OPERATORS`; every reader goes
/// through here.
pub fn load_operators(storage: &dyn Storage) -> StdResult<Vec<(String, Operator)>> {
    OPERATORS
        .range(storage, None, None, cosmwasm_std::Order::Ascending)
        .collect()
}
