use cosmwasm_std::testing::{mock_dependencies, mock_env};
use cosmwasm_std::{Decimal, Uint128};
use palisade_api::virtual_staking::{MigrateMsg, Params, ParamsError, MAX_BONDED_SHARE_BPS};

use crate::contract::{migrate, CONTRACT_NAME};
use crate::error::ContractError;
use crate::state::{Totals, Unpaid};
use crate::sync::{reconcile_balance, Scale};

fn u(n: u128) -> Uint128 {
    Uint128::new(n)
}

#[test]
fn targets_are_power_times_rate_when_everything_fits() {
    let scale = Scale::new(u(800), u(1_000), u(5_000));
    assert_eq!(scale.target(u(500), Decimal::one()), u(500));
    assert_eq!(scale.target(u(300), Decimal::one()), u(300));
}

#[test]
fn a_short_budget_or_cap_scales_every_target_down_rounding_down() {
    // Budget 400 of 800 wanted: half each.
    let by_budget = Scale::new(u(800), u(400), u(5_000));
    assert_eq!(by_budget.target(u(500), Decimal::one()), u(250));
    // Cap 100: 62.5 and 37.5 round down, so the two never exceed the cap.
    let by_cap = Scale::new(u(800), u(1_000), u(100));
    let a = by_cap.target(u(500), Decimal::one());
    let b = by_cap.target(u(300), Decimal::one());
    assert_eq!((a, b), (u(62), u(37)));
    assert!(a + b <= u(100));
    // Rate 0.5 of power 3 is 1 (rounded down) before scaling.
    assert_eq!(by_budget.target(u(3), Decimal::percent(50)), u(0));
    assert_eq!(
        Scale::new(u(10), u(10), u(10)).target(u(3), Decimal::percent(50)),
        u(1)
    );
}

#[test]
fn nothing_wanted_means_no_target() {
    let scale = Scale::new(u(0), u(1_000), u(1_000));
    assert_eq!(scale.target(u(500), Decimal::one()), u(0));
}

fn add_up(totals: &Totals) {
    assert_eq!(
        totals.idle + totals.delegated + totals.unbonding + totals.slashed,
        totals.granted
    );
}

#[test]
fn the_balance_tells_grants_from_slashed_unbonding_entries() {
    let mut totals = Totals {
        granted: u(1_000),
        idle: u(200),
        delegated: u(500),
        unbonding: u(300),
        slashed: u(0),
    };
    // 50 more than the books: a grant.
    let held = reconcile_balance(&mut totals, None, u(250), 10).unwrap();
    assert_eq!(held, None);
    assert_eq!(
        (totals.granted, totals.idle, totals.slashed),
        (u(1_050), u(250), u(0))
    );
    add_up(&totals);

    // 30 less: matured stake x/staking pays at the end of the block, not paid yet. Held as
    // unbonding, in this block and by a second sync in the same block.
    let held = reconcile_balance(&mut totals, None, u(220), 11).unwrap();
    let expected = Unpaid {
        seen_at: 11,
        amount: u(30),
    };
    assert_eq!(held, Some(expected.clone()));
    assert_eq!(
        (totals.idle, totals.unbonding, totals.slashed),
        (u(220), u(330), u(0))
    );
    add_up(&totals);
    let held = reconcile_balance(&mut totals, held, u(220), 11).unwrap();
    assert_eq!(held, Some(expected));
    assert_eq!(
        (totals.idle, totals.unbonding, totals.slashed),
        (u(220), u(330), u(0))
    );

    // A later block still 30 short: a slash of this chain took it from the entry.
    let held = reconcile_balance(&mut totals, held, u(220), 12).unwrap();
    assert_eq!(held, None);
    assert_eq!(
        (
            totals.granted,
            totals.idle,
            totals.unbonding,
            totals.slashed
        ),
        (u(1_050), u(220), u(300), u(30))
    );
    add_up(&totals);
}

#[test]
fn matured_stake_paid_in_a_later_block_is_neither_slashed_nor_granted() {
    let mut totals = Totals {
        granted: u(1_000),
        idle: u(500),
        delegated: u(0),
        unbonding: u(500),
        slashed: u(0),
    };
    // The sync counted 100 as matured (idle 600) in the block x/staking pays it at its end.
    totals.unbonding -= u(100);
    totals.idle += u(100);
    let held = reconcile_balance(&mut totals, None, u(500), 20).unwrap();
    assert_eq!(held.as_ref().map(|h| h.amount), Some(u(100)));
    // Paid: the next block's sync finds the balance whole.
    let held = reconcile_balance(&mut totals, held, u(600), 21).unwrap();
    assert_eq!(held, None);
    assert_eq!(
        (
            totals.granted,
            totals.idle,
            totals.unbonding,
            totals.slashed
        ),
        (u(1_000), u(600), u(400), u(0))
    );
    add_up(&totals);
}

#[test]
fn params_outside_the_rules_are_refused() {
    let base = Params {
        rate: Decimal::one(),
        max_bonded_share_bps: 5_000,
        bonded_pool: "pool".into(),
        unbonding_period: 60,
        min_change: Uint128::zero(),
    };
    assert_eq!(base.check(), Ok(()));
    for share in [0, MAX_BONDED_SHARE_BPS + 1] {
        let params = Params {
            max_bonded_share_bps: share,
            ..base.clone()
        };
        assert_eq!(
            params.check(),
            Err(ParamsError::BondedShare {
                got: share,
                max: MAX_BONDED_SHARE_BPS
            })
        );
    }
    let params = Params {
        unbonding_period: 0,
        ..base
    };
    assert_eq!(params.check(), Err(ParamsError::ZeroUnbondingPeriod));
}

#[test]
fn migration_refuses_another_contract_and_a_downgrade() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, "crates.io:cw20-base", "1.0.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(
        matches!(err, ContractError::InvalidMigration { .. }),
        "{err}"
    );
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(
        err.to_string().contains("older than the stored 99.0.0"),
        "{err}"
    );
}

#[test]
fn migrate_refuses_a_release_older_than_from_version() {
    palisade_testing::unit::assert_migration_refuses_older(
        crate::migrations::CONTRACT_NAME,
        "0.1.9",
        crate::migrations::FROM_VERSION,
        |deps, env| crate::contract::migrate(deps, env, MigrateMsg {}),
    );
}
