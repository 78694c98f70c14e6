//! What a frontend reads: position in one call, requests and batches paginated.

use cosmwasm_std::Decimal;
use palisade_api::hub::{BatchResponse, BatchStatus, QueryMsg};
use palisade_testing::{SuiteBuilder, DAY, EPOCH_PERIOD, WITHDRAWAL_DELAY};

#[test]
fn position_shows_balance_value_requests_and_claimable() {
    let mut suite = SuiteBuilder::new().apr(Decimal::zero()).build();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 3_000_000).unwrap();
    suite.unbond(&alice, 1_000_000).unwrap();
    let start = suite.app.block_info().time;

    let p = suite.position(&alice);
    assert_eq!(p.lrt_balance.u128(), 2_000_000);
    assert_eq!(p.lrt_value.u128(), 2_000_000);
    assert_eq!(p.requests.len(), 1);
    assert_eq!(p.requests[0].status, BatchStatus::Pending);
    assert_eq!(p.requests[0].expected_payout.u128(), 1_000_000);
    assert_eq!(
        p.requests[0].claimable_at,
        start.plus_seconds(EPOCH_PERIOD + WITHDRAWAL_DELAY)
    );
    assert_eq!(p.claimable_now.u128(), 0);
    assert!(!p.more_requests);

    suite.advance_days(2);
    suite.submit_batch().unwrap();
    suite.unbond(&alice, 500_000).unwrap();
    let requests = suite.requests(&alice);
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].status, BatchStatus::Unbonding);
    assert_eq!(requests[1].status, BatchStatus::Pending);

    suite.advance(WITHDRAWAL_DELAY);
    suite.reconcile().unwrap();
    let p = suite.position(&alice);
    assert_eq!(p.requests[0].status, BatchStatus::Settled);
    assert_eq!(p.claimable_now.u128(), 1_000_000);
}

#[test]
fn batches_and_requests_paginate_with_clamped_limits() {
    let mut suite = SuiteBuilder::new().apr(Decimal::zero()).build();
    let alice = suite.addr("alice");
    suite.deposit(&alice, 100_000_000).unwrap();
    for _ in 0..35 {
        suite.unbond(&alice, 1_000).unwrap();
        suite.advance(EPOCH_PERIOD);
        suite.submit_batch().unwrap();
    }
    let page: Vec<BatchResponse> = suite
        .query(&QueryMsg::Batches {
            start_after: None,
            limit: Some(1_000),
        })
        .unwrap();
    assert_eq!(page.len(), 30, "limit clamps to 30");
    let next: Vec<BatchResponse> = suite
        .query(&QueryMsg::Batches {
            start_after: Some(page.last().unwrap().id),
            limit: None,
        })
        .unwrap();
    assert_eq!(next.len(), 5);
    assert_eq!(next[0].id, 31);
    let requests: Vec<palisade_api::hub::RequestResponse> = suite
        .query(&QueryMsg::Requests {
            address: alice.to_string(),
            start_after: Some(10),
            limit: Some(3),
        })
        .unwrap();
    assert_eq!(
        requests.iter().map(|r| r.batch_id).collect::<Vec<_>>(),
        vec![11, 12, 13]
    );
    let p = suite.position(&alice);
    assert_eq!(p.requests.len(), 30);
    assert!(p.more_requests);

    // Claims are bounded per call: two calls pay all 35 requests.
    suite.advance(WITHDRAWAL_DELAY + DAY);
    let before = suite.balance(&alice);
    suite.claim(&alice).unwrap();
    assert_eq!(suite.requests(&alice).len(), 5);
    suite.claim(&alice).unwrap();
    assert!(suite.requests(&alice).is_empty());
    assert_eq!(suite.balance(&alice) - before, 35_000);
}
