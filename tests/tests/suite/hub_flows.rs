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

#[test]
fn story_with_rewards_and_a_native_slash_in_the_middle() {
    let mut suite = SuiteBuilder::new().validators(&[1, 1, 1]).build();
    let (alice, bob, carol) = (suite.addr("alice"), suite.addr("bob"), suite.addr("carol"));
    for who in [&alice, &bob, &carol] {
        suite.deposit(who, 300_000_000).unwrap();
    }
    assert_eq!(suite.actual_delegation(0), 300_000_000);
    assert_eq!(suite.actual_delegation(2), 300_000_000);

    suite.advance_days(20);
    let res = suite.harvest().unwrap();
    let rewards: u128 = event_attr(&res, "harvest_rewards", "rewards")
        .unwrap()
        .parse()
        .unwrap();
    assert!(rewards > 0);

    // Alice and Bob ask to unbond; a validator is slashed before the batch is submitted.
    let a = suite.unbond(&alice, 300_000_000).unwrap();
    let b = suite.unbond(&bob, 150_000_000).unwrap();
    let value = |r: &cw_multi_test::AppResponse| -> u128 {
        event_attr(r, "unbond_request", "value")
            .unwrap()
            .parse()
            .unwrap()
    };
    let (va, vb) = (value(&a), value(&b));
    assert!(
        va > 300_000_000,
        "alice's rewards are in her value at request"
    );
    let stake_before = suite.actual_delegation(1);
    suite.slash(1, 10);
    let lost = stake_before - suite.actual_delegation(1);
    assert_eq!(
        lost,
        stake_before / 10 + 1,
        "10%, x/staking rounding the remaining stake down"
    );
    suite.advance_days(2);
    let res = suite.submit_batch().unwrap();
    let amount: u128 = event_attr(&res, "submit_batch", "amount")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        event_attr(&res, "submit_batch", "slash_booked").unwrap(),
        lost.to_string()
    );
    assert!(
        amount < va + vb,
        "the slash before submission cuts the batch"
    );

    // After the withdrawal delay each is paid its share, as the position query promised.
    suite.advance(WITHDRAWAL_DELAY);
    suite.reconcile().unwrap();
    let expected_a = suite.position(&alice).claimable_now.u128();
    let expected_b = suite.position(&bob).claimable_now.u128();
    let (a0, b0) = (suite.balance(&alice), suite.balance(&bob));
    suite.claim(&alice).unwrap();
    suite.claim(&bob).unwrap();
    let (paid_a, paid_b) = (suite.balance(&alice) - a0, suite.balance(&bob) - b0);
    assert_eq!((paid_a, paid_b), (expected_a, expected_b));
    assert!(paid_a <= va && paid_b <= vb);
    assert!(paid_a + paid_b <= amount);
    assert!(
        amount - (paid_a + paid_b) <= 1,
        "only rounding stays behind"
    );
    // Both asked before the slash, so they share it in proportion to their values at request, up
    // to the loss index's rounding (one unit).
    assert!(paid_a.abs_diff(va * amount / (va + vb)) <= 1);

    // The books match x/staking, nothing is held for claims, and Carol still holds her share.
    let state = suite.state();
    assert_eq!(state.total_bonded.u128(), suite.actual_delegations());
    assert_eq!(state.reserved_for_claims.u128(), 0);
    assert_eq!(
        state.lrt_supply.u128(),
        suite.lrt_balance(&carol) + suite.lrt_balance(&bob)
    );
}

/// x/staking pays a matured entry in the block whose time reaches its completion; the hub waits
/// until the batch's claims open (`withdrawal_delay`, here two minutes after the completion, as a
/// localnet sets it) before it counts the tokens as the batch's, and settles and pays at that
/// moment exactly.
#[test]
fn a_batch_settles_when_its_claims_open_not_when_its_entries_complete() {
    use palisade_api::hub::{ExecuteMsg, MIN_SETTLEMENT_MARGIN};
    use palisade_testing::UNBONDING_PERIOD;
    let mut suite = Suite::new();
    let mut params = suite.config().params;
    params.withdrawal_delay = UNBONDING_PERIOD + 120;
    suite
        .owner_execute(&ExecuteMsg::UpdateParams(params))
        .unwrap();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 5_000_000).unwrap();
    suite.unbond(&alice, 2_000_000).unwrap();
    suite.advance_days(2);
    suite.submit_batch().unwrap();

    // The entries have completed and x/staking has paid the hub; the margin has not passed.
    suite.advance(UNBONDING_PERIOD + MIN_SETTLEMENT_MARGIN);
    assert_eq!(suite.balance(&suite.hub.clone()), 2_000_000);
    suite.reconcile().unwrap();
    assert_eq!(suite.batch(1).status, BatchStatus::Unbonding);
    assert!(suite.claim(&alice).is_err());
    assert_eq!(suite.state().reserved_for_claims.u128(), 0);

    // One second before the claims open: still unsettled.
    suite.advance(120 - MIN_SETTLEMENT_MARGIN - 1);
    suite.reconcile().unwrap();
    assert_eq!(suite.batch(1).status, BatchStatus::Unbonding);

    suite.advance(1);
    let res = suite.reconcile().unwrap();
    assert_eq!(
        event_attr(&res, "reconcile", "batches_settled").unwrap(),
        "1"
    );
    assert_eq!(suite.batch(1).status, BatchStatus::Settled);
    assert_eq!(suite.state().reserved_for_claims.u128(), 2_000_000);
    let before = suite.balance(&alice);
    suite.claim(&alice).unwrap();
    assert_eq!(suite.balance(&alice), before + 2_000_000);
    assert_eq!(suite.balance(&suite.hub.clone()), 0);
}

/// With the longest settlement margin the rules allow (half an epoch) and a batch every epoch,
/// each batch still settles: a reconcile three quarters into an epoch finds no later batch's
/// entries completed, and every request is paid its value.
#[test]
fn batches_submitted_every_epoch_settle_with_the_longest_margin() {
    use palisade_api::hub::ExecuteMsg;
    use palisade_testing::{EPOCH_PERIOD, UNBONDING_PERIOD};
    let mut suite = Suite::new();
    let mut params = suite.config().params;
    params.withdrawal_delay = UNBONDING_PERIOD + EPOCH_PERIOD / 2;
    suite
        .owner_execute(&ExecuteMsg::UpdateParams(params))
        .unwrap();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 100_000_000).unwrap();
    let mut values = Vec::new();
    for _ in 0..10 {
        let res = suite.unbond(&alice, 1_000_000).unwrap();
        values.push(
            event_attr(&res, "unbond_request", "value")
                .unwrap()
                .parse::<u128>()
                .unwrap(),
        );
        suite.advance(EPOCH_PERIOD);
        suite.submit_batch().unwrap();
        suite.advance(EPOCH_PERIOD * 3 / 4);
        suite.reconcile().unwrap();
        suite.advance(EPOCH_PERIOD / 4);
    }
    // Every batch whose claims have opened has settled, although a new batch left every epoch.
    let now = suite.app.block_info().time;
    let due: Vec<u64> = (1..=10)
        .filter(|&id| suite.batch(id).claimable_at <= now)
        .collect();
    assert!(due.len() >= 4, "{due:?}");
    for &id in &due {
        assert_eq!(suite.batch(id).status, BatchStatus::Settled, "batch {id}");
    }
    let before = suite.balance(&alice);
    suite.claim(&alice).unwrap();
    let paid: u128 = due.iter().map(|&id| values[id as usize - 1]).sum();
    assert_eq!(suite.balance(&alice), before + paid);
}

#[test]
fn a_deposit_before_a_harvest_takes_no_share_of_rewards_earned_before_it() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.addr("alice"), suite.addr("bob"));
    suite.deposit(&alice, 10_000_000).unwrap();
    suite.advance_days(30);
    // 30 days at 10% on 10,000,000, less the validator's commission, not yet harvested.
    let accrued = suite.pending_rewards();
    assert_eq!(accrued, 78_082);
    // Priced with the accrued rewards net of the protocol fee: 10,000,000 × (10,000,000 + 1,000)
    // / (10,000,000 + 70,274 + 1,000), rounded down. Without them it would mint 10,000,000.
    let net = accrued - accrued * u128::from(palisade_testing::FEE_BPS) / 10_000;
    assert_eq!(net, 70_274);
    let state = suite.state();
    assert_eq!(state.total_value.u128(), 10_000_000);
    assert_eq!(state.deposit_value.unwrap().u128(), 10_070_274);
    let res = suite.deposit(&bob, 10_000_000).unwrap();
    let minted: u128 = event_attr(&res, "deposit", "lrt_minted")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(minted, 10_000_000 * 10_001_000 / 10_071_274);
    // A minute later (multi-test refuses to withdraw a delegation's zero rewards) the harvest.
    suite.advance(60);
    suite.harvest().unwrap();
    // Bob is worth his deposit and a minute of rewards; Alice keeps the 30 days'. Priced at the
    // book rate, Bob would have been worth about 10,035,000, half of the 30 days' rewards.
    let bob_value = suite.position(&bob).lrt_value.u128();
    let alice_value = suite.position(&alice).lrt_value.u128();
    assert_eq!(bob_value, 10_000_000);
    assert_eq!(alice_value, 10_070_268);
}
