//! The delegation strategy, as pure functions over the operator set (bounded by `MAX_OPERATORS`).
//!
//! Targets come from weights: `target = total * weight / total_weight` (rounded down). A deposit
//! goes whole to the operator furthest below its target: one delegate message per deposit keeps
//! deposits cheap (each message is a full x/staking write set), and the next deposits or a
//! `rebalance` correct the drift. An unbonding batch is taken from the operators furthest above
//! their targets, at most one undelegation (one x/staking entry) per operator per batch.

use cosmwasm_std::{Timestamp, Uint128};
use palisade_api::math::target_stake;

use crate::state::Operator;

pub type OperatorSet = Vec<(String, Operator)>;

/// A redelegation to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: String,
    pub to: String,
    pub amount: Uint128,
}

fn is_active(op: &Operator) -> bool {
    !op.removed && op.weight > 0
}

fn total_weight(ops: &OperatorSet) -> u64 {
    ops.iter()
        .filter(|(_, op)| is_active(op))
        .map(|(_, op)| op.weight)
        .sum()
}

fn targets(ops: &OperatorSet, total: Uint128) -> Vec<Uint128> {
    let weight_sum = total_weight(ops);
    ops.iter()
        .map(|(_, op)| {
            if is_active(op) {
                target_stake(total, op.weight, weight_sum)
            } else {
                Uint128::zero()
            }
        })
        .collect()
}

/// The operator a deposit goes to: the active one furthest below its target once `total_after`
/// is bonded (ties: the larger weight, then the address order).
pub fn deposit_target(ops: &OperatorSet, total_after: Uint128) -> Option<String> {
    let targets = targets(ops, total_after);
    ops.iter()
        .zip(targets)
        .filter(|((_, op), _)| is_active(op))
        .max_by(|((a_name, a), a_target), ((b_name, b), b_target)| {
            let a_gap = a_target.saturating_sub(a.bonded);
            let b_gap = b_target.saturating_sub(b.bonded);
            a_gap
                .cmp(&b_gap)
                .then(a.weight.cmp(&b.weight))
                .then(b_name.cmp(a_name))
        })
        .map(|((name, _), _)| name.clone())
}

/// Index of the largest positive value (ties: the lowest index), if any. The operator set is
/// small (`MAX_OPERATORS`), and a scan is much smaller in wasm than a sort.
fn largest(values: &[Uint128]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, v) in values.iter().enumerate() {
        if !v.is_zero() && best.is_none_or(|b| *v > values[b]) {
            best = Some(i);
        }
    }
    best
}

/// Splits an undelegation of `amount` over operators, taking first from those furthest above
/// their targets after the undelegation. One part per operator at most. `amount` must not exceed
/// the operators' total bonded stake.
pub fn undelegation_split(ops: &OperatorSet, amount: Uint128) -> Vec<(String, Uint128)> {
    let total: Uint128 = ops.iter().map(|(_, op)| op.bonded).sum();
    let targets = targets(ops, total.saturating_sub(amount));
    let mut excess: Vec<Uint128> = ops
        .iter()
        .zip(&targets)
        .map(|((_, op), target)| op.bonded.saturating_sub(*target))
        .collect();
    let mut taken = vec![Uint128::zero(); ops.len()];
    let mut remaining = amount;
    // Excess over target covers `amount` whenever the books add up, since the excesses sum to at
    // least `total - sum(targets) >= amount`.
    while let (false, Some(i)) = (remaining.is_zero(), largest(&excess)) {
        let part = remaining.min(excess[i]);
        taken[i] += part;
        excess[i] = Uint128::zero();
        remaining -= part;
    }
    // Defensive: whatever stake is left, largest first.
    let mut left: Vec<Uint128> = ops
        .iter()
        .zip(&taken)
        // `taken[i] <= excess[i] <= bonded`: cannot underflow.
        .map(|((_, op), t)| op.bonded - *t)
        .collect();
    while let (false, Some(i)) = (remaining.is_zero(), largest(&left)) {
        let part = remaining.min(left[i]);
        taken[i] += part;
        left[i] = Uint128::zero();
        remaining -= part;
    }
    ops.iter()
        .zip(taken)
        .filter(|(_, part)| !part.is_zero())
        .map(|((name, _), part)| (name.clone(), part))
        .collect()
}

/// Redelegations that move stake toward the targets, at most `max_moves`. Each move takes from the
/// operator furthest above target to the one furthest below and exhausts one of the two, so a
/// (from, to) pair appears at most once. Operators that received a redelegation still maturing
/// cannot be a source; with `only_removed`, only removed operators are.
pub fn rebalance_moves(
    ops: &OperatorSet,
    now: Timestamp,
    max_moves: usize,
    only_removed: bool,
) -> Vec<Move> {
    let total: Uint128 = ops.iter().map(|(_, op)| op.bonded).sum();
    let targets = targets(ops, total);
    let mut surplus = vec![Uint128::zero(); ops.len()];
    let mut deficit = vec![Uint128::zero(); ops.len()];
    for (i, ((_, op), target)) in ops.iter().zip(&targets).enumerate() {
        let locked = op
            .redelegation_locked_until
            .is_some_and(|until| until > now);
        if op.bonded > *target && !locked && (op.removed || !only_removed) {
            surplus[i] = op.bonded - *target;
        } else if *target > op.bonded && is_active(op) {
            deficit[i] = *target - op.bonded;
        }
    }
    let mut moves = Vec::new();
    while moves.len() < max_moves {
        let (Some(from), Some(to)) = (largest(&surplus), largest(&deficit)) else {
            break;
        };
        let amount = surplus[from].min(deficit[to]);
        surplus[from] -= amount;
        deficit[to] -= amount;
        moves.push(Move {
            from: ops[from].0.clone(),
            to: ops[to].0.clone(),
            amount,
        });
    }
    moves
}
