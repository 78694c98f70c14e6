//! Property test: random sequences of deposit, harvest, unbond, submit, claim, native slash,
//! reconcile, rebalance and operator reweighting (to zero too), checked against the invariants after every step:
//!
//! - value conservation: the books account for every unit that came in (deposits, rewards) and
//!   every unit that went out (claims, fees) or was lost (slashes), exactly;
//! - the books match reality: the hub holds at least what it owes from its balance, and x/staking
//!   holds what the books say once reconciled;
//! - the LRT supply is what the hub recorded;
//! - no staker is paid more than the value of their requests at request time;
//! - after everyone exits, nothing is left owed and no more than rounding dust stays behind;
//! - consumer slashes, reported at a past height and executed later in any order (or vetoed, or
//!   never executed), with deposits, unbonds, batches, rebalances and weight changes in between:
//!   the slashes citing one operator's stake at one height never take more than that stake; a
//!   batch that left at or before the infraction is never cut; one that left after it, and the
//!   pool, each bear at most their pro-rata share of the take (plus one unit of rounding).
//!
//! CI runs it with the fixed seed `scripts/test` sets and the committed regressions;
//! `scripts/long-proptests` runs many more cases on new seeds.

use cosmwasm_std::Decimal;
use cosmwasm_std::Uint128;
use cw_multi_test::AppResponse;
use palisade_api::hub::{BatchResponse, BatchStatus, ConsumerSlash, ExecuteMsg, QueryMsg};
use palisade_testing::{Suite, SuiteBuilder, DAY, EPOCH_PERIOD, WITHDRAWAL_DELAY};
use proptest::prelude::*;

const STAKERS: [&str; 3] = ["alice", "bob", "carol"];

#[derive(Clone, Debug)]
enum Op {
    Deposit {
        staker: usize,
        amount: u128,
    },
    Unbond {
        staker: usize,
        permille: u128,
    },
    Advance {
        hours: u64,
    },
    Harvest,
    Submit,
    Claim {
        staker: usize,
    },
    Slash {
        validator: usize,
        percent: u64,
    },
    Reconcile,
    Rebalance,
    Reweight {
        validator: usize,
        weight: u64,
    },
    /// A consumer slash of `permille` of the stake `blocks_ago` blocks back, as the registry
    /// forwards it; every other one burns.
    ConsumerSlash {
        validator: usize,
        permille: u128,
        blocks_ago: u64,
    },
    /// A consumer reports an infraction `blocks_ago` blocks back: the relay records a slash of
    /// `permille` of the stake then, executed later (or vetoed, or never).
    Report {
        validator: usize,
        permille: u128,
        blocks_ago: u64,
    },
    /// Executes one of the reported slashes, in any order.
    Execute {
        pick: usize,
    },
    /// Governance vetoes one of the reported slashes.
    Veto {
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 1u128..50_000_000).prop_map(|(staker, amount)| Op::Deposit { staker, amount }),
        3 => (0..3usize, 1u128..=1_000).prop_map(|(staker, permille)| Op::Unbond { staker, permille }),
        4 => (1u64..120).prop_map(|hours| Op::Advance { hours }),
        2 => Just(Op::Harvest),
        2 => Just(Op::Submit),
        2 => (0..3usize).prop_map(|staker| Op::Claim { staker }),
        1 => (0..3usize, 1u64..30).prop_map(|(validator, percent)| Op::Slash { validator, percent }),
        1 => Just(Op::Reconcile),
        1 => Just(Op::Rebalance),
        1 => (0..3usize, 0u64..4).prop_map(|(validator, weight)| Op::Reweight { validator, weight }),
        2 => (0..3usize, 1u128..=1_000, 0u64..20_000).prop_map(|(validator, permille, blocks_ago)| Op::ConsumerSlash { validator, permille, blocks_ago }),
        2 => (0..3usize, 1u128..=1_000, 0u64..20_000).prop_map(|(validator, permille, blocks_ago)| Op::Report { validator, permille, blocks_ago }),
        2 => (0..8usize).prop_map(|pick| Op::Execute { pick }),
        1 => (0..8usize).prop_map(|pick| Op::Veto { pick }),
    ]
}

/// Flows in and out of the pool, observed from outside the books.
#[derive(Default, Debug)]
struct Ledger {
    deposited: u128,
    rewards: u128,
    claimed: [u128; 3],
    requested_value: [u128; 3],
    slashed: [bool; 3],
    /// Consumer slashes: taken by the hub, and paid to destinations.
    consumer_slashed: u128,
    consumer_paid: u128,
    next_slash_id: u64,
    /// Reported slashes not yet executed or vetoed: (validator, infraction height, amount).
    reported: Vec<(usize, u64, u128)>,
    /// What slashes took, by (validator, infraction height), and the stake then as the first of
    /// them saw it: the takes never exceed it.
    taken: std::collections::BTreeMap<(usize, u64), (u128, u128)>,
    /// Each submitted batch's submission height, by batch id.
    submitted_at: std::collections::BTreeMap<u64, u64>,
}

/// Stands in for the registry, which forwards consumer slashes and manages the operator set.
const REGISTRY: &str = "registry";

fn attr_sum(response: &AppResponse, actions: &[&str], key: &str) -> u128 {
    response
        .events
        .iter()
        .filter(|e| e.ty == "wasm")
        .filter(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "action" && actions.contains(&a.value.as_str()))
        })
        .flat_map(|e| e.attributes.iter().filter(|a| a.key == key))
        .map(|a| a.value.parse::<u128>().unwrap())
        .sum()
}

fn record(ledger: &mut Ledger, response: &AppResponse) {
    ledger.rewards += attr_sum(
        response,
        &["rewards_received", "harvest_rewards"],
        "rewards",
    );
    ledger.consumer_paid += attr_sum(response, &["reconcile"], "slash_paid");
}

fn apply(suite: &mut Suite, ledger: &mut Ledger, op: &Op) {
    let result = match *op {
        Op::Deposit { staker, amount } => {
            let who = suite.addr(STAKERS[staker]);
            let result = suite.deposit(&who, amount);
            if result.is_ok() {
                ledger.deposited += amount;
            }
            result
        }
        Op::Unbond { staker, permille } => {
            let who = suite.addr(STAKERS[staker]);
            let amount = suite.lrt_balance(&who) * permille / 1_000;
            let result = suite.unbond(&who, amount);
            if let Ok(r) = &result {
                ledger.requested_value[staker] += attr_sum(r, &["unbond_request"], "value");
            }
            result
        }
        Op::Advance { hours } => {
            suite.advance(hours * 3_600);
            return;
        }
        Op::Harvest => suite.harvest(),
        Op::Submit => {
            let batch_id = suite.state().current_batch_id;
            let result = suite.submit_batch();
            if result.is_ok() {
                ledger
                    .submitted_at
                    .insert(batch_id, suite.app.block_info().height);
            }
            result
        }
        Op::Claim { staker } => {
            let who = suite.addr(STAKERS[staker]);
            let result = suite.claim(&who);
            if let Ok(r) = &result {
                ledger.claimed[staker] += attr_sum(r, &["claim"], "amount");
            }
            result
        }
        Op::Slash { validator, percent } => {
            // cw-multi-test floors a validator's total stake at each slash but keeps delegators'
            // stakes as decimals, so after a second slash of the same validator its total can sit
            // one unit below the delegation it reports, and undelegating that reported amount
            // fails inside multi-test. x/staking rounds shares consistently, so this is a mock
            // artifact: each validator is slashed at most once per sequence here.
            if !ledger.slashed[validator] {
                ledger.slashed[validator] = true;
                suite.slash(validator, percent);
            }
            return;
        }
        Op::Reconcile => suite.reconcile(),
        Op::Rebalance => suite.rebalance(),
        Op::Reweight { validator, weight } => {
            let registry = suite.addr(REGISTRY);
            let msg = ExecuteMsg::SetOperator {
                validator: suite.validator(validator),
                weight,
            };
            suite.execute(&registry, &msg, &[])
        }
        Op::ConsumerSlash {
            validator,
            permille,
            blocks_ago,
        } => {
            let (height, amount) = stake_then(suite, validator, permille, blocks_ago);
            Ok(execute_slash(suite, ledger, validator, height, amount))
        }
        Op::Report {
            validator,
            permille,
            blocks_ago,
        } => {
            let (height, amount) = stake_then(suite, validator, permille, blocks_ago);
            ledger.reported.push((validator, height, amount));
            return;
        }
        Op::Execute { pick } => {
            if ledger.reported.is_empty() {
                return;
            }
            let (validator, height, amount) = ledger.reported.remove(pick % ledger.reported.len());
            Ok(execute_slash(suite, ledger, validator, height, amount))
        }
        Op::Veto { pick } => {
            if !ledger.reported.is_empty() {
                let index = pick % ledger.reported.len();
                ledger.reported.remove(index);
            }
            return;
        }
    };
    if let Ok(response) = result {
        record(ledger, &response);
    }
}

/// The infraction height `blocks_ago` back and `permille` of the operator's stake then, as the
/// relay computes a slash.
fn stake_then(suite: &Suite, validator: usize, permille: u128, blocks_ago: u64) -> (u64, u128) {
    let height = suite.app.block_info().height.saturating_sub(blocks_ago);
    (
        height,
        stake_at(suite, validator, height) * permille / 1_000,
    )
}

/// The hub's stake on `validator` at the end of block `height`.
fn stake_at(suite: &Suite, validator: usize, height: u64) -> u128 {
    let at_risk: Uint128 = suite
        .query(&QueryMsg::OperatorStakeAt {
            validator: suite.validator(validator),
            height: height + 1,
        })
        .unwrap();
    at_risk.u128()
}

/// Executes a consumer slash as the registry forwards it (every other one burns), and checks
/// who bore it.
fn execute_slash(
    suite: &mut Suite,
    ledger: &mut Ledger,
    validator: usize,
    height: u64,
    amount: u128,
) -> AppResponse {
    let batches_before = unsettled_batches(suite);
    let stake_then = stake_at(suite, validator, height);
    ledger.next_slash_id += 1;
    let destination = ledger
        .next_slash_id
        .is_multiple_of(2)
        .then(|| suite.addr("treasury"));
    let registry = suite.addr(REGISTRY);
    let msg = ExecuteMsg::Slash(ConsumerSlash {
        slash_id: ledger.next_slash_id,
        validator: suite.validator(validator),
        amount: Uint128::new(amount),
        height,
        destination: destination.map(|d| d.to_string()),
    });
    let response = suite
        .execute(&registry, &msg, &[])
        .expect("a consumer slash never fails");
    let slashed = attr_sum(&response, &["consumer_slash"], "slashed");
    let from_pool = attr_sum(&response, &["consumer_slash"], "from_pool");
    assert!(slashed <= amount, "took {slashed}, more than {amount}");
    ledger.consumer_slashed += slashed;

    // The slashes citing this stake never take more than it (read before the first of them ran:
    // one executed in block `height` itself lowers the stake at the end of that block).
    let (taken, stake) = ledger
        .taken
        .entry((validator, height))
        .or_insert((0, stake_then));
    *taken += slashed;
    assert!(*taken <= *stake, "took {taken} of a stake of {stake}");

    // Who bore it: batches that left at or before the infraction nothing; the others and the
    // pool at most their pro-rata share of the take, plus one unit of rounding. The pool's value
    // is the one the slash saw: after it booked native slashing, before its own part.
    let batches_after = unsettled_batches(suite);
    let value_before = suite.state().total_value.u128() + from_pool;
    let base: u128 = value_before
        + batches_before
            .iter()
            .filter(|(id, _)| ledger.submitted_at.get(id).is_some_and(|h| *h > height))
            .map(|(_, left)| left)
            .sum::<u128>();
    for (id, left_before) in &batches_before {
        let left_after = batches_after
            .iter()
            .find(|(after, _)| after == id)
            .map_or(*left_before, |(_, left)| *left);
        let cut = left_before - left_after;
        let left_after_infraction = ledger.submitted_at.get(id).is_some_and(|h| *h > height);
        if !left_after_infraction {
            assert_eq!(cut, 0, "batch {id} left before the infraction and was cut");
        } else {
            assert!(
                cut * base <= slashed * left_before + base,
                "batch {id} bore {cut} of {left_before}, more than its share of {slashed}"
            );
        }
    }
    assert!(from_pool * base <= slashed * value_before + base);
    response
}

/// What is left of each unsettled batch for its requests, by id.
fn unsettled_batches(suite: &Suite) -> Vec<(u64, u128)> {
    suite
        .query::<Vec<BatchResponse>>(&QueryMsg::Batches {
            start_after: None,
            limit: Some(100),
        })
        .unwrap()
        .into_iter()
        .filter(|b| b.status == BatchStatus::Unbonding)
        .map(|b| (b.id, b.expected_yield.u128()))
        .collect()
}

fn check(suite: &Suite, ledger: &Ledger) -> Result<(), TestCaseError> {
    let state = suite.state();
    // `unbonding` counts every undelegated token; the part owed to consumer slashes is theirs.
    let owed_to_slashes_in_unbonding: u128 = suite
        .query::<Vec<BatchResponse>>(&QueryMsg::Batches {
            start_after: None,
            limit: Some(100),
        })
        .unwrap()
        .iter()
        .filter(|b| b.status == BatchStatus::Unbonding)
        .map(|b| b.slashed.u128())
        .sum();
    let owed_in_books = state.total_bonded.u128()
        + state.idle.u128()
        + (state.unbonding.u128() - owed_to_slashes_in_unbonding)
        + state.reserved_for_claims.u128()
        + state.fees_owed.u128();
    let out = state.fees_paid.u128()
        + state.slashed_total.u128()
        + ledger.claimed.iter().sum::<u128>()
        + ledger.consumer_slashed;
    prop_assert_eq!(
        owed_in_books + out,
        ledger.deposited + ledger.rewards,
        "value conservation: {:?}",
        state
    );
    // Destinations are paid at most what was taken (less only what x/staking slashed natively
    // before it left).
    let owed = state.owed_to_slash_destinations.u128();
    prop_assert!(ledger.consumer_paid + owed <= ledger.consumer_slashed);

    let hub_balance = suite.balance(&suite.hub);
    let held_for = state.reserved_for_claims.u128() + state.idle.u128() + state.fees_owed.u128();
    prop_assert!(
        hub_balance >= held_for,
        "solvency: balance {} < {}",
        hub_balance,
        held_for
    );
    // x/staking holds the stakers' stake (less unbooked native slashes) plus slashed stake that
    // waits for the next batch.
    prop_assert!(state.total_bonded.u128() >= suite.actual_delegations().saturating_sub(owed));
    prop_assert_eq!(state.lrt_supply.u128(), suite.lrt_supply());
    for (name, (claimed, requested)) in STAKERS
        .iter()
        .zip(ledger.claimed.iter().zip(&ledger.requested_value))
    {
        prop_assert!(claimed <= requested, "{} overpaid", name);
    }
    Ok(())
}

/// Everyone unbonds everything and claims it.
fn drain(suite: &mut Suite, ledger: &mut Ledger) {
    for (i, name) in STAKERS.iter().enumerate() {
        let who = suite.addr(name);
        let balance = suite.lrt_balance(&who);
        if balance > 0 {
            apply(
                suite,
                ledger,
                &Op::Unbond {
                    staker: i,
                    permille: 1_000,
                },
            );
        }
    }
    suite.advance(EPOCH_PERIOD);
    apply(suite, ledger, &Op::Submit);
    suite.advance(WITHDRAWAL_DELAY + DAY);
    for _ in 0..3 {
        for i in 0..STAKERS.len() {
            apply(suite, ledger, &Op::Claim { staker: i });
        }
    }
}

/// Applies `ops` to a fresh hub, checking the invariants after every step, then drains it.
fn run_sequence(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut suite = SuiteBuilder::new().apr(Decimal::percent(15)).build();
    let registry = suite.addr(REGISTRY);
    suite
        .owner_execute(&ExecuteMsg::SetRegistry {
            registry: Some(registry.to_string()),
        })
        .unwrap();
    let mut ledger = Ledger::default();
    for op in ops {
        apply(&mut suite, &mut ledger, op);
        check(&suite, &ledger)?;
    }
    apply(&mut suite, &mut ledger, &Op::Reconcile);
    check(&suite, &ledger)?;
    let state = suite.state();
    let delegated = suite.actual_delegations();
    prop_assert!(state.total_bonded.u128() <= delegated);
    prop_assert!(delegated <= state.total_bonded.u128() + state.owed_to_slash_destinations.u128());

    drain(&mut suite, &mut ledger);
    check(&suite, &ledger)?;
    // Every slashed token left with the last batch: a reconcile pays what is still owed.
    apply(&mut suite, &mut ledger, &Op::Reconcile);
    check(&suite, &ledger)?;
    let state = suite.state();
    prop_assert_eq!(state.owed_to_slash_destinations.u128(), 0);
    prop_assert_eq!(
        suite.balance(&suite.addr("treasury")) <= ledger.consumer_paid,
        true
    );
    // LRT worth less than one unit cannot be unbonded (`UnbondTooSmall`): a holder may keep
    // such dust after a native slash truncated the pool; nothing of value is left unclaimed.
    for name in STAKERS {
        let who = suite.addr(name);
        prop_assert_eq!(
            suite.position(&who).lrt_value.u128(),
            0,
            "{} left value",
            name
        );
    }
    prop_assert_eq!(state.unbonding.u128(), 0);
    for name in STAKERS {
        let who = suite.addr(name);
        prop_assert!(
            suite.requests(&who).is_empty(),
            "{} still has requests",
            name
        );
    }
    prop_assert_eq!(state.reserved_for_claims.u128(), 0);
    // What stays behind is the virtual offset's share and rounding: well under 1% of a token
    // per unit of value, bounded here by the 1,000 virtual units times the rate plus one unit
    // per operation.
    let left = state.total_bonded.u128() + state.idle.u128();
    let bound = 1_000 * (state.exchange_rate.to_uint_ceil().u128() + 1) + ops.len() as u128 + 10;
    prop_assert!(left <= bound, "left behind {} > {}", left, bound);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: palisade_testing::proptest_cases(256), ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_over_random_operations(ops in proptest::collection::vec(op(), 1..40)) {
        run_sequence(&ops)?;
    }
}

/// Found by the property test on a fresh clone: the books held one unit more than came in.
#[test]
fn value_is_conserved_to_the_unit_through_consumer_and_native_slashes() {
    use Op::*;
    let ops = [
        Deposit {
            staker: 0,
            amount: 2,
        },
        Advance { hours: 48 },
        Deposit {
            staker: 0,
            amount: 3,
        },
        ConsumerSlash {
            validator: 1,
            permille: 500,
            blocks_ago: 0,
        },
        Submit,
        Advance { hours: 48 },
        ConsumerSlash {
            validator: 0,
            permille: 334,
            blocks_ago: 0,
        },
        Submit,
        Unbond {
            staker: 0,
            permille: 2,
        },
        Slash {
            validator: 1,
            percent: 2,
        },
        Advance { hours: 80 },
        Advance { hours: 110 },
    ];
    run_sequence(&ops).unwrap();
}
