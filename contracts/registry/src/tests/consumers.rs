//! Unit tests of `consumers.rs`.

use cosmwasm_std::Decimal;
use palisade_api::registry::{CommissionBounds, RateLimit};
use palisade_api::registry::{ConsumerParams, SlashDestination};

use crate::consumers::*;

fn params() -> ConsumerParams {
    ConsumerParams {
        connection_id: "connection-0".into(),
        counterparty_port: "wasm.consumer".into(),
        unbonding_period: 100,
        double_sign_fraction: Decimal::percent(5),
        downtime_fraction: Decimal::permille(1),
        veto_period: 50,
        downtime_jail: 600,
        slash_rate_limit: RateLimit {
            max_fraction: Decimal::percent(10),
            window: 1_000,
        },
        slashed_funds: SlashDestination::Burn {},
        reward_denoms: vec!["ucons".into()],
        commission_bounds: CommissionBounds {
            min_bps: 0,
            max_bps: 2_000,
        },
        max_operators: 10,
    }
}

#[test]
fn lowering_risk_is_recognised() {
    let old = params();
    let mut new = params();
    new.double_sign_fraction = Decimal::percent(1);
    new.veto_period = 100;
    new.unbonding_period = 50;
    new.max_operators = 5;
    new.reward_denoms.push("uother".into());
    assert!(!raises_risk(&old, &new));
}

#[test]
fn each_risk_raising_change_is_recognised() {
    let old = params();
    let changes: Vec<fn(&mut ConsumerParams)> = vec![
        |p| p.double_sign_fraction = Decimal::percent(6),
        |p| p.downtime_fraction = Decimal::percent(1),
        |p| p.veto_period = 49,
        |p| p.unbonding_period = 101,
        |p| p.slash_rate_limit.max_fraction = Decimal::percent(11),
        |p| p.slash_rate_limit.window = 999,
        |p| p.max_operators = 11,
        |p| p.commission_bounds.max_bps = 2_001,
        |p| p.commission_bounds.min_bps = 1,
        |p| p.connection_id = "connection-1".into(),
        |p| p.counterparty_port = "wasm.other".into(),
        |p| {
            p.slashed_funds = SlashDestination::Address {
                address: "x".into(),
            }
        },
    ];
    for (i, change) in changes.into_iter().enumerate() {
        let mut new = params();
        change(&mut new);
        assert!(raises_risk(&old, &new), "change {i}");
    }
}
