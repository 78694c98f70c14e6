//! The stake at risk at an infraction pays for it, exactly, whatever happens between the
//! infraction and the slash's execution: redelegations, weight changes, other consumers' slashes,
//! deposits, batches (`docs/SLASHING.md`, "Stake at risk"). Each test replays an ordering an
//! attacker (or a careful governance) controls, with exact amounts.

use cosmwasm_std::{Decimal, Uint128};
use palisade_api::ibc::Infraction;
use palisade_api::registry::ExecuteMsg as RegistryExecute;
use palisade_api::slash_book::{ExecuteMsg as BookExecute, QueryMsg as BookQuery, SlashResponse};
use palisade_slash_book::ContractError as BookError;
use palisade_testing::interchain::{consumer_key, Interchain};
use palisade_testing::{
    event_attr, SuiteBuilder, ALLOCATION_DELAY, DAY, EPOCH_PERIOD, RISK_TIMELOCK, UNBONDING_PERIOD,
    WITHDRAWAL_DELAY,
};

const ALPHA: usize = 0;
const BETA: usize = 1;
/// Each of the three operators holds this much of the hub's stake.
const STAKE: u128 = 1_000_000;

/// Three operators with `STAKE` each, registered; `setup` adjusts the consumers' parameters;
/// `allocations` lists (operator, consumer, allocation); channels open, powers sent.
fn world(
    allocations: &[(usize, usize, Decimal)],
    max_total_allocation: Decimal,
    setup: impl Fn(usize, &mut palisade_api::registry::ConsumerParams),
) -> Interchain {
    let mut world = Interchain::with_params(
        // No staking rewards: the amounts below are the slashes' alone (deposits are priced with
        // accrued rewards, which would move every figure by the time elapsed).
        SuiteBuilder::new()
            .apr(Decimal::zero())
            .validators(&[1, 1, 1])
            .staker("alice", 10 * STAKE)
            .staker("bob", 10 * STAKE),
        &["alpha-1", "beta-1"],
        setup,
    );
    if max_total_allocation != Decimal::one() {
        let mut params = palisade_testing::registry_params();
        params.max_total_allocation = max_total_allocation;
        world
            .provider
            .registry_owner_execute(&RegistryExecute::UpdateParams(params))
            .unwrap();
        world.advance(RISK_TIMELOCK);
        world
            .provider
            .registry_owner_execute(&RegistryExecute::ApplyParams {})
            .unwrap();
    }
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for operator in 0..3 {
        world.provider.register_operator(operator).unwrap();
    }
    for (operator, consumer, allocation) in allocations {
        world.opt_in(*operator, *consumer, *allocation);
    }
    world.advance(ALLOCATION_DELAY);
    for consumer in [ALPHA, BETA] {
        world.open_channel(consumer).unwrap();
        world.sync_powers(consumer);
    }
    world.advance(60);
    world
}

fn report_double_sign(world: &mut Interchain, consumer: usize, operator: usize) -> u64 {
    world.report_slash(consumer, operator, Infraction::DoubleSign)
}

fn slash(world: &Interchain, slash_id: u64) -> SlashResponse {
    world.book_query(&BookQuery::Slash { slash_id })
}

/// Executes a slash; returns what the hub took.
fn execute(world: &mut Interchain, slash_id: u64) -> u128 {
    let anyone = world.provider.addr("anyone");
    let res = world
        .book_execute(&anyone, &BookExecute::ExecuteSlash { slash_id })
        .unwrap();
    event_attr(&res, "consumer_slash", "slashed")
        .unwrap()
        .parse()
        .unwrap()
}

/// Governance vetoes a slash.
fn veto(world: &mut Interchain, slash_id: u64) {
    let owner = world.provider.addrs.owner.clone();
    world
        .book_execute(
            &owner,
            &BookExecute::VetoSlash {
                slash_id,
                reason: "disputed".into(),
            },
        )
        .unwrap();
}

/// The hub's recorded delegation to operator `index`.
fn bonded(world: &Interchain, index: usize) -> u128 {
    let validator = world.provider.validator(index);
    world
        .provider
        .operators()
        .into_iter()
        .find(|o| o.validator == validator)
        .map_or(0, |o| o.bonded.u128())
}

fn total_value(world: &Interchain) -> u128 {
    world.provider.state().total_value.u128()
}

#[test]
fn a_pending_slash_still_takes_its_amount_after_the_stake_was_redelegated() {
    // Operator 0: 50% of its stake allocated to alpha, 40% to beta; it double signs on both.
    let mut world = world(
        &[
            (0, ALPHA, Decimal::percent(50)),
            (0, BETA, Decimal::percent(40)),
        ],
        Decimal::percent(100),
        |_, _| {},
    );
    let on_alpha = report_double_sign(&mut world, ALPHA, 0);
    let on_beta = report_double_sign(&mut world, BETA, 0);
    assert_eq!(slash(&world, on_alpha).amount.u128(), 25_000);
    assert_eq!(slash(&world, on_beta).amount.u128(), 20_000);
    world.advance(DAY);
    // Beta's executes first: operator 0 is tombstoned and leaves the hub's set.
    assert_eq!(execute(&mut world, on_beta), 20_000);
    assert!(world.provider.operators().iter().any(|o| o.removed));
    // Anyone moves its stake away before alpha's slash executes.
    world.provider.rebalance().unwrap();
    assert_eq!(bonded(&world, 0), 0);
    // Alpha's slash still takes its 25,000: the stake went to the other operators.
    assert_eq!(execute(&mut world, on_alpha), 25_000);
    assert_eq!(total_value(&world), 3 * STAKE - 45_000);
    assert_eq!(
        world.provider.state().owed_to_slash_destinations.u128(),
        45_000
    );
    // x/staking still holds the taken tokens until the next batch undelegates them.
    assert_eq!(world.provider.actual_delegations(), 3 * STAKE);
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    assert_eq!(world.provider.actual_delegations(), 3 * STAKE - 45_000);
}

#[test]
fn governance_draining_an_operator_inside_the_veto_window_does_not_void_its_slash() {
    let mut world = world(
        &[(0, ALPHA, Decimal::percent(50))],
        Decimal::one(),
        |_, _| {},
    );
    let slash_id = report_double_sign(&mut world, ALPHA, 0);
    assert_eq!(slash(&world, slash_id).amount.u128(), 25_000);
    // Governance's protective move: weight 0, then the stake is redelegated away.
    world.set_hub_weight(0, 0);
    world.advance(EPOCH_PERIOD);
    world.provider.rebalance().unwrap();
    assert_eq!(bonded(&world, 0), 0);
    assert_eq!(execute(&mut world, slash_id), 25_000);
    assert_eq!(total_value(&world), 3 * STAKE - 25_000);
}

#[test]
fn shared_security_slashes_share_the_stake_even_after_a_deposit_lands_on_it() {
    // Operator 1 backs alpha and beta with all of its stake (max_total_allocation 200%); each
    // consumer slashes 100% for a double sign, without a rate limit.
    let mut world = world(
        &[(1, ALPHA, Decimal::one()), (1, BETA, Decimal::one())],
        Decimal::percent(200),
        |_, params| {
            params.double_sign_fraction = Decimal::one();
            params.slash_rate_limit.max_fraction = Decimal::one();
        },
    );
    let on_alpha = report_double_sign(&mut world, ALPHA, 1);
    let on_beta = report_double_sign(&mut world, BETA, 1);
    assert_eq!(slash(&world, on_alpha).amount.u128(), STAKE);
    assert_eq!(slash(&world, on_beta).amount.u128(), STAKE);
    // A deposit lands on operator 1 before the executions (governance raised its weight).
    world.set_hub_weight(1, 3);
    let bob = world.provider.addr("bob");
    let res = world.provider.deposit(&bob, 500_000).unwrap();
    assert_eq!(
        event_attr(&res, "deposit", "operator").unwrap(),
        world.provider.validator(1)
    );
    assert_eq!(bonded(&world, 1), 1_500_000);
    world.advance(DAY);
    // The stake at risk was 1,000,000: the two slashes take it once, not the deposit.
    assert_eq!(execute(&mut world, on_alpha), STAKE);
    assert_eq!(execute(&mut world, on_beta), 0);
    assert_eq!(total_value(&world), 3 * STAKE + 500_000 - STAKE);
}

#[test]
fn shared_security_slashes_share_the_stake_when_it_moved_between_executions() {
    let mut world = world(
        &[(1, ALPHA, Decimal::one()), (1, BETA, Decimal::one())],
        Decimal::percent(200),
        |_, params| {
            params.double_sign_fraction = Decimal::percent(30);
            params.slash_rate_limit.max_fraction = Decimal::one();
        },
    );
    let on_alpha = report_double_sign(&mut world, ALPHA, 1);
    let on_beta = report_double_sign(&mut world, BETA, 1);
    assert_eq!(slash(&world, on_alpha).amount.u128(), 300_000);
    world.advance(DAY);
    assert_eq!(execute(&mut world, on_alpha), 300_000);
    // Tombstoned: its remaining 700,000 move to the other operators before beta's executes.
    world.provider.rebalance().unwrap();
    assert_eq!(bonded(&world, 1), 0);
    // 1,000,000 were at risk, 300,000 taken since: beta's 300,000 fit whole.
    assert_eq!(execute(&mut world, on_beta), 300_000);
    assert_eq!(total_value(&world), 3 * STAKE - 600_000);
}

#[test]
fn leaving_inside_the_veto_window_bears_the_leavers_share_wherever_the_batch_drew() {
    for drain_offender in [false, true] {
        let mut world = world(
            &[(2, ALPHA, Decimal::percent(50))],
            Decimal::one(),
            |_, _| {},
        );
        let slash_id = report_double_sign(&mut world, ALPHA, 2);
        assert_eq!(slash(&world, slash_id).amount.u128(), 25_000);
        if drain_offender {
            // The batch then draws from the offender, whose part the old rule cut by 2.5%.
            world.set_hub_weight(2, 0);
        }
        // A holder who saw the exposure leaves inside the veto window.
        let alice = world.provider.addr("alice");
        world.provider.unbond(&alice, 200_000).unwrap();
        world.advance(EPOCH_PERIOD);
        world.provider.submit_batch().unwrap();
        let offender_after_batch = bonded(&world, 2);
        assert_eq!(offender_after_batch == 800_000, drain_offender);
        assert_eq!(execute(&mut world, slash_id), 25_000);
        // 200,000 of the 3,000,000 at risk left: the batch bears 25,000 × 2/30, rounded up.
        assert_eq!(world.provider.batch(1).slashed.u128(), 1_667);
        assert_eq!(total_value(&world), 2_800_000 - 23_333);
        world.advance(WITHDRAWAL_DELAY);
        world.provider.reconcile().unwrap();
        let before = world.provider.balance(&alice);
        world.provider.claim(&alice).unwrap();
        assert_eq!(world.provider.balance(&alice) - before, 198_333);
    }
}

#[test]
fn a_batch_that_left_before_the_infraction_is_never_cut() {
    let mut world = world(
        &[(0, ALPHA, Decimal::percent(50))],
        Decimal::one(),
        |_, _| {},
    );
    let alice = world.provider.addr("alice");
    world.provider.unbond(&alice, 300_000).unwrap();
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    // The infraction is measured at an update sent after the batch left.
    world.sync_powers(ALPHA);
    world.advance(60);
    let slash_id = report_double_sign(&mut world, ALPHA, 0);
    let stake_then = slash(&world, slash_id).stake_at_infraction.u128();
    assert_eq!(slash(&world, slash_id).amount.u128(), stake_then / 40);
    world.advance(DAY);
    assert_eq!(execute(&mut world, slash_id), stake_then / 40);
    assert_eq!(world.provider.batch(1).slashed, Uint128::zero());
    assert_eq!(total_value(&world), 2_700_000 - stake_then / 40);
}

#[test]
fn a_batch_settled_before_the_execution_has_left_and_an_unsettled_one_has_not() {
    for settle_first in [false, true] {
        let mut world = world(
            &[(0, ALPHA, Decimal::percent(50))],
            Decimal::one(),
            |_, _| {},
        );
        let alice = world.provider.addr("alice");
        world.provider.unbond(&alice, 300_000).unwrap();
        world.advance(EPOCH_PERIOD);
        world.provider.submit_batch().unwrap();
        let slash_id = report_double_sign(&mut world, ALPHA, 0);
        // Measured at the update sent before the batch: the batch's stake was at risk.
        assert_eq!(slash(&world, slash_id).amount.u128(), 25_000);
        // Nobody executes until the batch's unbonding is over.
        world.advance(UNBONDING_PERIOD + 2 * 3_600);
        if settle_first {
            world.provider.reconcile().unwrap();
        }
        assert_eq!(execute(&mut world, slash_id), 25_000);
        let cut = if settle_first { 0 } else { 2_500 };
        assert_eq!(world.provider.batch(1).slashed.u128(), cut);
        assert_eq!(total_value(&world), 2_700_000 - (25_000 - cut));
    }
}

#[test]
fn downtime_while_jailed_is_not_slashed_again() {
    let mut world = world(
        &[(0, ALPHA, Decimal::percent(50))],
        Decimal::one(),
        |_, _| {},
    );
    let first = world.report_slash(ALPHA, 0, Infraction::Downtime);
    world.advance(DAY);
    assert!(execute(&mut world, first) > 0);
    // Before the power crank runs the consumer still sees the operator and reports downtime
    // again, inside the jail the first slash imposed.
    world.advance(60);
    world.consumers[ALPHA]
        .report_now(&consumer_key(0, ALPHA), Infraction::Downtime)
        .unwrap();
    let delivered = world.relay_all().unwrap();
    let error = delivered.last().unwrap().error();
    assert!(
        error.contains(
            &BookError::AlreadySlashed {
                operator: world.provider.validator(0)
            }
            .to_string()
        ),
        "{error}"
    );
}

/// Bob deposits 3,000,000 while operator 0's 25,000 double-sign slash waits for its veto period.
fn deposit_inside_the_veto_window() -> (Interchain, u64, u128) {
    let mut world = world(
        &[(0, ALPHA, Decimal::percent(50))],
        Decimal::one(),
        |_, _| {},
    );
    let slash_id = report_double_sign(&mut world, ALPHA, 0);
    assert_eq!(slash(&world, slash_id).amount.u128(), 25_000);
    // The hub quotes the price a frontend shows: the value net of the pending slash.
    let state = world.provider.state();
    assert_eq!(state.total_value.u128(), 3 * STAKE);
    assert_eq!(state.deposit_value, Some(Uint128::new(2_975_000)));
    let bob = world.provider.addr("bob");
    let res = world.provider.deposit(&bob, 3 * STAKE).unwrap();
    assert_eq!(
        event_attr(&res, "deposit", "priced_value").unwrap(),
        "2975000"
    );
    // Priced net of the pending 25,000: 3,000,000 × (3,000,000 + 1,000) / (2,975,000 + 1,000),
    // rounded down. At the book rate it would have been 3,000,000.
    let minted: u128 = event_attr(&res, "deposit", "lrt_minted")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(minted, 3_025_201);
    assert_eq!(world.provider.lrt_balance(&bob), minted);
    (world, slash_id, minted)
}

#[test]
fn a_deposit_inside_the_veto_window_does_not_bear_the_reported_slash() {
    let (mut world, slash_id, _) = deposit_inside_the_veto_window();
    world.advance(DAY);
    assert_eq!(execute(&mut world, slash_id), 25_000);
    assert_eq!(total_value(&world), 6 * STAKE - 25_000);
    // Bob keeps his deposit (less 5 of rounding the pool keeps); priced at the book rate he
    // would be worth 2,987,500. Alice, who held at the infraction, bears the slash.
    let bob = world.provider.addr("bob");
    let alice = world.provider.addr("alice");
    assert_eq!(world.provider.position(&bob).lrt_value.u128(), 2_999_995);
    assert_eq!(world.provider.position(&alice).lrt_value.u128(), 2_975_004);
}

#[test]
fn a_veto_leaves_the_window_s_depositors_the_discount_unless_deposits_were_paused() {
    let (mut world, slash_id, _) = deposit_inside_the_veto_window();
    // Governance vetoes: nothing is taken, and Bob's discount comes out of Alice's value.
    veto(&mut world, slash_id);
    let bob = world.provider.addr("bob");
    let alice = world.provider.addr("alice");
    assert_eq!(world.provider.position(&bob).lrt_value.u128(), 3_012_547);
    assert_eq!(world.provider.position(&alice).lrt_value.u128(), 2_987_452);
}

#[test]
fn the_guardian_pauses_deposits_while_a_disputed_slash_waits() {
    // Hence, when governance means to veto, deposits pause first: nobody buys the discount.
    let mut world = world(
        &[(0, ALPHA, Decimal::percent(50))],
        Decimal::one(),
        |_, _| {},
    );
    let slash_id = report_double_sign(&mut world, ALPHA, 0);
    world
        .provider
        .owner_execute(&palisade_api::hub::ExecuteMsg::Pause {
            operations: vec![palisade_api::hub::PausableOperation::Deposit],
            duration: DAY,
        })
        .unwrap();
    let bob = world.provider.addr("bob");
    let before = world.provider.balance(&bob);
    let err = world.provider.deposit(&bob, STAKE).unwrap_err();
    assert!(matches!(
        palisade_testing::contract_error(err),
        palisade_hub::ContractError::Paused { .. }
    ));
    veto(&mut world, slash_id);
    assert_eq!(world.provider.balance(&bob), before);
    assert_eq!(world.provider.lrt_balance(&bob), 0);
    let alice = world.provider.addr("alice");
    assert_eq!(world.provider.position(&alice).lrt_value.u128(), 3 * STAKE);
}

#[test]
fn deposits_wait_while_pending_slashes_may_take_the_whole_pool() {
    // Every operator backs alpha with all of its stake, and alpha slashes 100%.
    let mut world = world(
        &[
            (0, ALPHA, Decimal::one()),
            (1, ALPHA, Decimal::one()),
            (2, ALPHA, Decimal::one()),
        ],
        Decimal::one(),
        |_, params| {
            params.double_sign_fraction = Decimal::one();
            params.slash_rate_limit.max_fraction = Decimal::one();
        },
    );
    for operator in 0..3 {
        report_double_sign(&mut world, ALPHA, operator);
    }
    assert_eq!(world.provider.state().deposit_value, None);
    let bob = world.provider.addr("bob");
    let before = world.provider.balance(&bob);
    let err = world.provider.deposit(&bob, STAKE).unwrap_err();
    assert_eq!(
        palisade_testing::contract_error(err),
        palisade_hub::ContractError::PoolAtRisk
    );
    assert_eq!(world.provider.balance(&bob), before);
    assert_eq!(world.provider.lrt_balance(&bob), 0);
    assert_eq!(total_value(&world), 3 * STAKE);
}
