//! Unit tests of `strategy.rs`.

use cosmwasm_std::{Timestamp, Uint128};

use crate::state::Operator;
use crate::strategy::*;

fn op(weight: u64, bonded: u128) -> Operator {
    Operator {
        weight,
        bonded: Uint128::new(bonded),
        removed: false,
        redelegation_locked_until: None,
        slash_pending: Uint128::zero(),
    }
}

fn set(ops: &[(&str, Operator)]) -> OperatorSet {
    ops.iter()
        .map(|(n, o)| (n.to_string(), o.clone()))
        .collect()
}

#[test]
fn deposit_goes_to_the_most_underweight_operator() {
    let ops = set(&[("a", op(1, 100)), ("b", op(1, 20)), ("c", op(2, 100))]);
    // total after 80 more: 300 -> targets a 75, b 75, c 150: gaps 0, 55, 50.
    assert_eq!(
        deposit_target(&ops, Uint128::new(300)),
        Some("b".to_string())
    );
}

#[test]
fn deposit_skips_removed_and_zero_weight_operators() {
    let mut removed = op(5, 0);
    removed.removed = true;
    let ops = set(&[("a", removed), ("b", op(0, 0)), ("c", op(1, 500))]);
    assert_eq!(
        deposit_target(&ops, Uint128::new(600)),
        Some("c".to_string())
    );
    let none = set(&[("b", op(0, 0))]);
    assert_eq!(deposit_target(&none, Uint128::new(1)), None);
}

#[test]
fn undelegation_takes_from_overweight_first_and_sums_exactly() {
    let ops = set(&[("a", op(1, 300)), ("b", op(1, 100)), ("c", op(1, 100))]);
    let split = undelegation_split(&ops, Uint128::new(150));
    assert_eq!(split, vec![("a".to_string(), Uint128::new(150))]);
    let split = undelegation_split(&ops, Uint128::new(480));
    let sum: Uint128 = split.iter().map(|(_, a)| *a).sum();
    assert_eq!(sum, Uint128::new(480));
    assert!(split.len() <= 3);
}

#[test]
fn undelegation_drains_removed_operators_first() {
    let mut removed = op(0, 50);
    removed.removed = true;
    let ops = set(&[("a", op(1, 100)), ("gone", removed)]);
    let split = undelegation_split(&ops, Uint128::new(50));
    assert_eq!(split, vec![("gone".to_string(), Uint128::new(50))]);
}

#[test]
fn rebalance_moves_toward_targets_and_respects_locks() {
    let now = Timestamp::from_seconds(1_000);
    let ops = set(&[("a", op(1, 400)), ("b", op(1, 0)), ("c", op(2, 0))]);
    let moves = rebalance_moves(&ops, now, 10, false);
    // total 400 -> targets 100, 100, 200.
    assert_eq!(
        moves,
        vec![
            Move {
                from: "a".into(),
                to: "c".into(),
                amount: Uint128::new(200)
            },
            Move {
                from: "a".into(),
                to: "b".into(),
                amount: Uint128::new(100)
            },
        ]
    );
    let mut locked = op(1, 400);
    locked.redelegation_locked_until = Some(Timestamp::from_seconds(2_000));
    let ops = set(&[("a", locked), ("b", op(1, 0))]);
    assert!(rebalance_moves(&ops, now, 10, false).is_empty());
}

#[test]
fn before_the_epoch_only_removed_operators_are_sources() {
    let now = Timestamp::from_seconds(1_000);
    let mut gone = op(0, 100);
    gone.removed = true;
    // "a" is above its target too, but only "gone" may move before the epoch.
    let ops = set(&[("a", op(1, 300)), ("b", op(1, 0)), ("gone", gone)]);
    assert_eq!(
        rebalance_moves(&ops, now, 10, true),
        vec![Move {
            from: "gone".into(),
            to: "b".into(),
            amount: Uint128::new(100)
        }]
    );
    assert_eq!(rebalance_moves(&ops, now, 10, false).len(), 2);
}

#[test]
fn rebalance_is_bounded() {
    let now = Timestamp::from_seconds(0);
    let mut ops = vec![("big".to_string(), op(1, 10_000))];
    for i in 0..20 {
        ops.push((format!("v{i:02}"), op(1, 0)));
    }
    assert_eq!(rebalance_moves(&ops, now, 5, false).len(), 5);
}
