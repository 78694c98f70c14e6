//! The hub's happy paths with several stakers and validators: deposit, harvest, unbond, submit,
//! settle, claim. Each test asserts funds, books and events.

use palisade_api::hub::BatchStatus;
use palisade_testing::{event_attr, Suite, SuiteBuilder, DAY, WITHDRAWAL_DELAY};

#[test]
fn first_deposit_mints_one_to_one_and_delegates() {
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    let res = suite.deposit(&alice, 1_000_000).unwrap();

    assert_eq!(suite.lrt_balance(&alice), 1_000_000);
    assert_eq!(suite.balance(&alice), 1_000_000_000 - 1_000_000);
    assert_eq!(suite.actual_delegations(), 1_000_000);
    assert_eq!(suite.balance(&suite.hub.clone()), 0);
    let state = suite.state();
    assert_eq!(state.total_bonded.u128(), 1_000_000);
    assert_eq!(state.lrt_supply.u128(), 1_000_000);
    assert_eq!(
        event_attr(&res, "deposit", "lrt_minted").unwrap(),
        "1000000"
    );
    assert_eq!(event_attr(&res, "deposit", "amount").unwrap(), "1000000");
}

#[test]
fn deposits_spread_over_operators_by_weight() {
    let mut suite = SuiteBuilder::new().validators(&[1, 1, 2]).build();
    let alice = suite.addr("alice");
    for _ in 0..8 {
        suite.deposit(&alice, 100).unwrap();
    }
    assert_eq!(suite.actual_delegation(0), 200);
    assert_eq!(suite.actual_delegation(1), 200);
    assert_eq!(suite.actual_delegation(2), 400);
}

#[test]
fn full_cycle_pays_value_at_request() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.addr("alice"), suite.addr("bob"));
    suite.deposit(&alice, 600_000_000).unwrap();
    suite.deposit(&bob, 300_000_000).unwrap();

    suite.advance_days(30);
    let res = suite.harvest().unwrap();
    let rewards: u128 = event_attr(&res, "harvest_rewards", "rewards")
        .unwrap()
        .parse()
        .unwrap();
    let fee: u128 = event_attr(&res, "harvest_rewards", "fee")
        .unwrap()
        .parse()
        .unwrap();
    assert!(rewards > 0);
    assert_eq!(fee, rewards / 10);
    assert_eq!(suite.balance(&suite.addrs.fee_recipient.clone()), fee);
    let state = suite.state();
    assert_eq!(state.total_bonded.u128(), 900_000_000 + rewards - fee);
    assert_eq!(suite.actual_delegations(), 900_000_000 + rewards - fee);
    assert!(state.exchange_rate > cosmwasm_std::Decimal::one());

    let alice_lrt = suite.lrt_balance(&alice);
    let res = suite.unbond(&alice, alice_lrt).unwrap();
    let value: u128 = event_attr(&res, "unbond_request", "value")
        .unwrap()
        .parse()
        .unwrap();
    assert!(value > 600_000_000, "alice's share of rewards: {value}");
    assert_eq!(suite.lrt_balance(&alice), 0);

    suite.advance_days(2);
    let res = suite.submit_batch().unwrap();
    assert_eq!(
        event_attr(&res, "submit_batch", "amount").unwrap(),
        value.to_string()
    );
    assert_eq!(suite.lrt_supply(), suite.lrt_balance(&bob));
    assert_eq!(suite.batch(1).status, BatchStatus::Unbonding);

    // Not claimable before the withdrawal delay.
    suite.advance_days(5);
    assert!(suite.claim(&alice).is_err());

    suite.advance(WITHDRAWAL_DELAY - 5 * DAY);
    let before = suite.balance(&alice);
    let res = suite.claim(&alice).unwrap();
    assert_eq!(
        event_attr(&res, "claim", "amount").unwrap(),
        value.to_string()
    );
    assert_eq!(suite.balance(&alice), before + value);
    assert_eq!(suite.batch(1).status, BatchStatus::Settled);
    let state = suite.state();
    assert_eq!(state.reserved_for_claims.u128(), 0);
    assert_eq!(state.unbonding.u128(), 0);
}
