//! Executing consumer slashes, across chains: a consumer reports, the relay accepts, governance's
//! veto period passes, anyone executes; the registry jails or tombstones, the hub takes the
//! stake (cutting batches undelegated after the infraction), the slashed tokens leave x/staking
//! with the next batch and `pay_slashes` burns them or sends them to the consumer's destination.

use cosmwasm_std::{Addr, Decimal, Uint128};
use palisade_api::hub::{BatchStatus, ExecuteMsg as HubExecute};
use palisade_api::ibc::{Infraction, OperatorPower, SlashStatus};
use palisade_api::registry::{
    ExecuteMsg as RegistryExecute, OperatorResponse, OperatorStatus, QueryMsg as RegistryQuery,
    SlashDestination,
};
use palisade_api::relay::QueryMsg as RelayQuery;
use palisade_api::slash_book::{
    ExecuteMsg as BookExecute, ExposureResponse, QueryMsg as BookQuery, SlashResponse,
};
use palisade_hub::ContractError as HubError;
use palisade_slash_book::ContractError as BookError;
use palisade_testing::interchain::Interchain;
use palisade_testing::{
    event_attr, SuiteBuilder, ALLOCATION_DELAY, DAY, DENOM, EPOCH_PERIOD, RISK_TIMELOCK,
    UNBONDING_PERIOD, WITHDRAWAL_DELAY,
};

const ALPHA: usize = 0;
const BETA: usize = 1;
/// Each of the three operators holds this much of the hub's stake.
const STAKE: u128 = 1_000_000;
/// Where beta's slashed funds go.
const BETA_TREASURY: &str = "beta-treasury";
/// Time for a batch's unbonding to complete and settle.
const SETTLES: u64 = UNBONDING_PERIOD + 2 * 3_600;

/// Three operators with `STAKE` each; operator 0 opted in to alpha at 50%, operator 1 to beta at
/// 40%; alpha burns slashed funds, beta sends them to its treasury; both channels open.
fn world() -> Interchain {
    let treasury = cw_multi_test::IntoBech32::into_bech32(BETA_TREASURY);
    let mut world = Interchain::with_params(
        SuiteBuilder::new()
            .validators(&[1, 1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1", "beta-1"],
        |n, params| {
            if n == BETA {
                params.slashed_funds = SlashDestination::Address {
                    address: treasury.to_string(),
                };
            }
        },
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for operator in 0..3 {
        world.provider.register_operator(operator).unwrap();
    }
    world.opt_in(0, ALPHA, Decimal::percent(50));
    world.opt_in(1, BETA, Decimal::percent(40));
    world.advance(ALLOCATION_DELAY);
    world.open_channel(ALPHA).unwrap();
    world.open_channel(BETA).unwrap();
    world
}

/// Reports `infraction` by `operator` on `consumer` and relays it; returns the slash id.
fn report(world: &mut Interchain, consumer: usize, operator: usize, infraction: Infraction) -> u64 {
    world.report_slash(consumer, operator, infraction)
}

fn slash(world: &Interchain, slash_id: u64) -> SlashResponse {
    world.book_query(&BookQuery::Slash { slash_id })
}

fn execute(world: &mut Interchain, slash_id: u64) -> anyhow::Result<cw_multi_test::AppResponse> {
    let anyone = world.provider.addr("anyone");
    world.book_execute(&anyone, &BookExecute::ExecuteSlash { slash_id })
}

fn book_error(err: anyhow::Error) -> BookError {
    err.downcast::<BookError>()
        .unwrap_or_else(|e| panic!("not a slash book ContractError: {e:?}"))
}

fn sent_power(world: &Interchain, consumer: usize, operator: usize) -> Uint128 {
    let chain_id = world.consumers[consumer].chain_id.clone();
    let sent: Vec<OperatorPower> = world.relay_query(&RelayQuery::SentPowers {
        chain_id,
        start_after: None,
        limit: None,
    });
    let valoper = world.provider.validator(operator);
    sent.into_iter()
        .find(|p| p.operator == valoper)
        .map_or(Uint128::zero(), |p| p.power)
}

fn registry_operator(world: &Interchain, operator: usize) -> OperatorResponse {
    world
        .provider
        .registry_query(&RegistryQuery::Operator {
            validator: world.provider.validator(operator),
        })
        .unwrap()
}

fn bond_supply(world: &Interchain) -> u128 {
    world
        .provider
        .app
        .wrap()
        .query_supply(DENOM)
        .unwrap()
        .amount
        .u128()
}

fn exposure(world: &Interchain) -> Uint128 {
    let response: ExposureResponse = world.book_query(&BookQuery::Exposure { operator: None });
    response.total
}

#[test]
fn a_double_sign_is_executed_end_to_end_and_its_tokens_are_burned() {
    let mut world = world();
    world.sync_powers(ALPHA);
    world.advance(60);
    let slash_id = report(&mut world, ALPHA, 0, Infraction::DoubleSign);
    // 5% × 50% × 1,000,000.
    assert_eq!(slash(&world, slash_id).amount.u128(), 25_000);
    assert_eq!(exposure(&world).u128(), 25_000);

    // Not before the veto period ends; nothing changes.
    let executable_at = slash(&world, slash_id).executable_at.unwrap();
    let err = book_error(execute(&mut world, slash_id).unwrap_err());
    assert_eq!(
        err,
        BookError::VetoPeriodRunning {
            slash_id,
            executable_at,
            now: world.provider.app.block_info().time,
        }
    );
    assert_eq!(slash(&world, slash_id).status, SlashStatus::Pending);
    assert_eq!(world.provider.state().total_bonded.u128(), 3 * STAKE);

    world.advance(DAY);
    let supply_before = bond_supply(&world);
    let res = execute(&mut world, slash_id).unwrap();
    assert_eq!(
        event_attr(&res, "execute_slash", "amount").unwrap(),
        "25000"
    );
    assert_eq!(event_attr(&res, "slash", "penalty").unwrap(), "tombstone");
    assert_eq!(
        event_attr(&res, "consumer_slash", "from_stake").unwrap(),
        "25000"
    );
    assert_eq!(
        event_attr(&res, "consumer_slash", "destination").unwrap(),
        "burn"
    );
    assert_eq!(slash(&world, slash_id).status, SlashStatus::Executed);
    assert_eq!(exposure(&world), Uint128::zero());

    // The rate fell at once by exactly the slash; the LRT supply did not change.
    let state = world.provider.state();
    assert_eq!(state.total_bonded.u128(), 3 * STAKE - 25_000);
    assert_eq!(state.lrt_supply.u128(), 3 * STAKE);
    assert_eq!(
        state.exchange_rate,
        Decimal::from_ratio(3 * STAKE - 25_000, 3 * STAKE)
    );
    assert_eq!(state.owed_to_slash_destinations.u128(), 25_000);
    // Tombstoned: allocation gone, out of the hub's set; x/staking still holds the whole stake.
    let profile = registry_operator(&world, 0);
    assert!(profile.tombstoned);
    assert_eq!(profile.opt_ins[0].status, OperatorStatus::Tombstoned);
    assert!(world
        .provider
        .operators()
        .iter()
        .any(|o| o.validator == world.provider.validator(0) && o.removed));
    assert_eq!(world.provider.actual_delegation(0), STAKE);

    // Executed once only.
    let err = book_error(execute(&mut world, slash_id).unwrap_err());
    assert_eq!(
        err,
        BookError::SlashNotPending {
            slash_id,
            status: SlashStatus::Executed
        }
    );

    // The tombstoned record leaves alpha's operator list (bounded readers must not be filled by
    // tombstones); the operator's own record keeps it, and the power update that follows tells
    // alpha the operator is gone.
    let listed: Vec<palisade_api::registry::ConsumerOperatorResponse> = world
        .provider
        .registry_query(&RegistryQuery::ConsumerOperators {
            chain_id: world.consumers[ALPHA].chain_id.clone(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert!(listed.is_empty(), "{listed:?}");
    world.sync_powers(ALPHA);
    assert_eq!(sent_power(&world, ALPHA, 0), Uint128::zero());

    // Rebalance moves the stakers' part away; the slashed part stays until the next batch.
    world.provider.rebalance().unwrap();
    assert_eq!(world.provider.actual_delegation(0), 25_000);
    // A batch without requests goes out to undelegate it, in the operator's own entry.
    world.advance(EPOCH_PERIOD);
    let res = world.provider.submit_batch().unwrap();
    assert_eq!(
        event_attr(&res, "submit_batch", "slashed_undelegated").unwrap(),
        "25000"
    );
    assert_eq!(world.provider.actual_delegation(0), 0);
    assert_eq!(world.provider.batch(1).slashed.u128(), 25_000);

    // Once it matured, `reconcile` settles it and `pay_slashes` burns it: the chain's supply
    // falls by exactly the slash.
    world.advance(SETTLES);
    let res = world.provider.reconcile().unwrap();
    assert_eq!(event_attr(&res, "reconcile", "slash_paid").unwrap(), "0");
    assert_eq!(bond_supply(&world), supply_before);
    assert_eq!(
        world.provider.state().owed_to_slash_destinations.u128(),
        25_000
    );
    let res = world.provider.pay_slashes().unwrap();
    assert_eq!(
        event_attr(&res, "pay_slashes", "slash_paid").unwrap(),
        "25000"
    );
    assert_eq!(bond_supply(&world), supply_before - 25_000);
    let state = world.provider.state();
    assert_eq!(state.owed_to_slash_destinations, Uint128::zero());
    assert_eq!(state.total_bonded.u128(), 3 * STAKE - 25_000);
    assert_eq!(
        world.provider.balance(&world.provider.hub.clone()),
        0,
        "nothing left behind in the hub"
    );
    assert_eq!(world.provider.batch(1).status, BatchStatus::Settled);
}

#[test]
fn a_downtime_slash_jails_the_operator_and_pays_the_consumers_treasury() {
    let mut world = world();
    world.sync_powers(BETA);
    assert_eq!(sent_power(&world, BETA, 1).u128(), STAKE * 4 / 10);
    world.advance(60);
    let slash_id = report(&mut world, BETA, 1, Infraction::Downtime);
    // 0.1% × 40% × 1,000,000.
    assert_eq!(slash(&world, slash_id).amount.u128(), 400);
    world.advance(DAY);
    let res = execute(&mut world, slash_id).unwrap();
    let jailed_until = world.provider.app.block_info().time.plus_seconds(3_600);
    assert_eq!(event_attr(&res, "slash", "penalty").unwrap(), "jail");
    assert_eq!(
        registry_operator(&world, 1).opt_ins[0].status,
        OperatorStatus::Jailed {
            until: jailed_until
        }
    );
    assert!(!registry_operator(&world, 1).tombstoned);

    // Jailed: power 0 on beta; the jail ends by itself and the power returns, less the slash.
    world.sync_powers(BETA);
    assert_eq!(sent_power(&world, BETA, 1), Uint128::zero());
    world.advance(3_600);
    world.sync_powers(BETA);
    assert_eq!(sent_power(&world, BETA, 1).u128(), (STAKE - 400) * 4 / 10);

    // The next batch carries the 400 out of x/staking; `pay_slashes` pays beta's treasury.
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    world.advance(SETTLES);
    world.provider.pay_slashes().unwrap();
    let treasury = cw_multi_test::IntoBech32::into_bech32(BETA_TREASURY);
    assert_eq!(world.provider.balance(&treasury), 400);
    assert_eq!(
        world.provider.state().owed_to_slash_destinations,
        Uint128::zero()
    );
}

#[test]
fn a_slash_cuts_batches_undelegated_after_the_infraction_and_spares_earlier_ones() {
    let mut world = world();
    let alice = world.provider.addr("alice");
    // Batch 1 leaves before the update the infraction is measured at: 100,000 from each operator.
    world.provider.unbond(&alice, 300_000).unwrap();
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    assert_eq!(world.provider.actual_delegation(0), 900_000);
    world.sync_powers(ALPHA);
    // Batch 2 leaves after it: its 100,000 on operator 0 were at risk at the infraction.
    world.provider.unbond(&alice, 300_000).unwrap();
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    assert_eq!(world.provider.actual_delegation(0), 800_000);
    // A third request waits in the current batch, holding LRT.
    world.provider.unbond(&alice, 240_000).unwrap();

    let slash_id = report(&mut world, ALPHA, 0, Infraction::DoubleSign);
    // 5% × 50% × 900,000 (the stake when the named update was sent).
    assert_eq!(slash(&world, slash_id).amount.u128(), 22_500);
    world.advance(DAY);
    let res = execute(&mut world, slash_id).unwrap();
    // Batch 2 left after the infraction: it bears its share of the 22,500, 300,000 of the
    // 2,700,000 at risk then (rounded up); the pool gives the rest, from operator 0's delegation.
    assert_eq!(
        event_attr(&res, "consumer_slash", "from_batches").unwrap(),
        "2500"
    );
    assert_eq!(
        event_attr(&res, "consumer_slash", "from_stake").unwrap(),
        "20000"
    );
    assert_eq!(world.provider.batch(1).slashed, Uint128::zero());
    assert_eq!(world.provider.batch(2).slashed.u128(), 2_500);
    // Pool: 2,400,000 bonded before, 20,000 slashed; 2,400,000 LRT outstanding (the pending
    // request's 240,000 included, so it shares the fall).
    let state = world.provider.state();
    assert_eq!(state.total_bonded.u128(), 2_380_000);
    assert_eq!(state.lrt_supply.u128(), 2_400_000);
    let pending = world.provider.requests(&alice);
    // Its value less the pool's fall since its request: 240,000 × (2,380,000 / 2,400,000) =
    // 238,000, one unit less with the loss index rounded down.
    assert_eq!(pending[2].expected_payout.u128(), 237_999);
    assert_eq!(pending[1].expected_payout.u128(), 300_000 - 2_500);
    assert_eq!(pending[0].expected_payout.u128(), 300_000);

    // Batch 3 goes out with the slashed 20,000 riding on operator 0's undelegation.
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    let batch3 = world.provider.batch(3);
    assert_eq!(batch3.amount.u128(), 237_999);
    assert_eq!(batch3.slashed.u128(), 20_000);

    // Every batch settles; alice is paid exactly: 300,000 + 297,500 + 237,999.
    world.advance(WITHDRAWAL_DELAY);
    world.provider.pay_slashes().unwrap();
    let before = world.provider.balance(&alice);
    world.provider.claim(&alice).unwrap();
    assert_eq!(
        world.provider.balance(&alice) - before,
        300_000 + 297_500 + 237_999
    );
    assert_eq!(
        world.provider.batch(2).yield_amount,
        Some(Uint128::new(297_500))
    );
    // The 22,500 were burned; the hub holds nothing it does not owe.
    let state = world.provider.state();
    assert_eq!(state.owed_to_slash_destinations, Uint128::zero());
    assert_eq!(state.reserved_for_claims, Uint128::zero());
    assert_eq!(world.provider.balance(&world.provider.hub.clone()), 0);
    assert_eq!(
        world.provider.actual_delegations(),
        state.total_bonded.u128()
    );
}

#[test]
fn two_consumers_slashing_one_operator_never_take_more_than_its_stake() {
    // Shared security: the registry lets one unit of stake back both consumers (allocations up
    // to 2.0 in all), each slashes 100% for a double sign without a rate limit.
    let mut world = Interchain::with_params(
        SuiteBuilder::new()
            .validators(&[1, 1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1", "beta-1"],
        |_, params| {
            params.double_sign_fraction = Decimal::one();
            params.slash_rate_limit.max_fraction = Decimal::one();
        },
    );
    let mut params = palisade_testing::registry_params();
    params.max_total_allocation = Decimal::percent(200);
    world
        .provider
        .registry_owner_execute(&RegistryExecute::UpdateParams(params))
        .unwrap();
    world.advance(RISK_TIMELOCK);
    world
        .provider
        .registry_owner_execute(&RegistryExecute::ApplyParams {})
        .unwrap();
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    world.provider.register_operator(1).unwrap();
    world.opt_in(1, ALPHA, Decimal::one());
    world.opt_in(1, BETA, Decimal::one());
    world.advance(ALLOCATION_DELAY);
    world.open_channel(ALPHA).unwrap();
    world.open_channel(BETA).unwrap();
    world.sync_powers(ALPHA);
    world.sync_powers(BETA);
    world.advance(60);

    let on_alpha = report(&mut world, ALPHA, 1, Infraction::DoubleSign);
    let on_beta = report(&mut world, BETA, 1, Infraction::DoubleSign);
    assert_eq!(slash(&world, on_alpha).amount.u128(), STAKE);
    assert_eq!(slash(&world, on_beta).amount.u128(), STAKE);
    world.advance(DAY);
    let res = execute(&mut world, on_alpha).unwrap();
    assert_eq!(
        event_attr(&res, "consumer_slash", "slashed").unwrap(),
        STAKE.to_string()
    );
    // Nothing is left to take: the second slash executes and takes nothing.
    let res = execute(&mut world, on_beta).unwrap();
    assert_eq!(event_attr(&res, "consumer_slash", "slashed").unwrap(), "0");
    let state = world.provider.state();
    assert_eq!(state.total_bonded.u128(), 2 * STAKE);
    assert_eq!(state.owed_to_slash_destinations.u128(), STAKE);
    assert_eq!(world.provider.actual_delegation(1), STAKE);

    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    world.advance(SETTLES);
    let supply = bond_supply(&world);
    world.provider.pay_slashes().unwrap();
    assert_eq!(bond_supply(&world), supply - STAKE);
    assert_eq!(world.provider.actual_delegations(), 2 * STAKE);
}

#[test]
fn only_the_registry_slashes_through_the_hub_and_only_the_hub_calls_its_callbacks() {
    let mut world = world();
    let stranger = world.provider.addr("stranger");
    let order = HubExecute::Slash(palisade_api::hub::ConsumerSlash {
        slash_id: 1,
        validator: world.provider.validator(0),
        amount: Uint128::new(1_000),
        height: 1,
        destination: None,
    });
    let err = world
        .provider
        .execute(&stranger, &order, &[])
        .unwrap_err()
        .downcast::<HubError>()
        .unwrap();
    let registry: Addr = world.provider.registry.clone().unwrap();
    assert_eq!(
        err,
        HubError::NotRegistry {
            sender: stranger.to_string(),
            registry: registry.to_string(),
        }
    );
    for callback in [HubExecute::AfterStaking {}, HubExecute::AfterHarvest {}] {
        let err = world
            .provider
            .execute(&stranger, &callback, &[])
            .unwrap_err()
            .downcast::<HubError>()
            .unwrap();
        assert_eq!(
            err,
            HubError::NotSelf {
                sender: stranger.to_string()
            }
        );
    }
    assert_eq!(world.provider.state().total_bonded.u128(), 3 * STAKE);
}

#[test]
fn only_pending_slashes_past_their_veto_period_execute() {
    let mut world = world();
    world.sync_powers(ALPHA);
    world.advance(60);
    let err = book_error(execute(&mut world, 99).unwrap_err());
    assert_eq!(err, BookError::UnknownSlash { slash_id: 99 });

    let vetoed = report(&mut world, ALPHA, 0, Infraction::DoubleSign);
    let owner = world.provider.addrs.owner.clone();
    world
        .book_execute(
            &owner,
            &BookExecute::VetoSlash {
                slash_id: vetoed,
                reason: "evidence forged".into(),
            },
        )
        .unwrap();
    world.advance(DAY);
    let err = book_error(execute(&mut world, vetoed).unwrap_err());
    assert_eq!(
        err,
        BookError::SlashNotPending {
            slash_id: vetoed,
            status: SlashStatus::Vetoed
        }
    );
    // Nothing reached the registry or the hub.
    assert!(!registry_operator(&world, 0).tombstoned);
    assert_eq!(world.provider.state().total_bonded.u128(), 3 * STAKE);
    assert_eq!(
        world.provider.state().owed_to_slash_destinations,
        Uint128::zero()
    );
}

/// Beta's downtime slash of operator 1 (400) executed, carried out of x/staking by a batch and
/// settled, with beta's treasury an address the bank refuses (a module account on wasmd).
/// Returns the slash id.
fn payout_to_a_blocked_treasury(world: &mut Interchain) -> u64 {
    let treasury = cw_multi_test::IntoBech32::into_bech32(BETA_TREASURY);
    world
        .provider
        .app
        .init_modules(|router, _, _| router.bank.block(treasury));
    world.sync_powers(BETA);
    world.advance(60);
    let slash_id = report(world, BETA, 1, Infraction::Downtime);
    world.advance(DAY);
    execute(world, slash_id).unwrap();
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    world.advance(SETTLES);
    slash_id
}

#[test]
fn a_payout_the_bank_refuses_stops_only_pay_slashes_until_governance_redirects_it() {
    let mut world = world();
    let slash_id = payout_to_a_blocked_treasury(&mut world);
    let hub = world.provider.hub.clone();

    // Settlement goes on: `reconcile` never pays, so the refused send cannot stop it.
    world.provider.reconcile().unwrap();
    assert_eq!(world.provider.batch(1).status, BatchStatus::Settled);
    assert_eq!(world.provider.balance(&hub), 400);
    // Paying fails and changes nothing: the 400 stay owed, in the hub.
    let err = world.provider.pay_slashes().unwrap_err();
    assert!(
        format!("{err:?}").contains("not allowed to receive funds"),
        "{err:?}"
    );
    assert_eq!(
        world.provider.state().owed_to_slash_destinations.u128(),
        400
    );
    assert_eq!(world.provider.balance(&hub), 400);

    // Only governance (the hub's owner) redirects, and only a payout that is owed.
    let stranger = world.provider.addr("stranger");
    let multisig = world.provider.addr("beta-multisig");
    let redirect = |slash_id| HubExecute::RedirectSlashPayout {
        slash_id,
        destination: Some(multisig.to_string()),
    };
    let err = world
        .provider
        .execute(&stranger, &redirect(slash_id), &[])
        .unwrap_err();
    assert_eq!(
        palisade_testing::contract_error(err),
        HubError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    let err = world
        .provider
        .owner_execute(&redirect(slash_id + 1))
        .unwrap_err();
    assert_eq!(
        palisade_testing::contract_error(err),
        HubError::UnknownSlashPayout {
            slash_id: slash_id + 1
        }
    );
    // A destination that is not an address is refused and changes nothing: paying still fails.
    let err = world
        .provider
        .owner_execute(&HubExecute::RedirectSlashPayout {
            slash_id,
            destination: Some("not-an-address".into()),
        })
        .unwrap_err();
    assert!(matches!(
        palisade_testing::contract_error(err),
        HubError::Std(_)
    ));
    assert!(world.provider.pay_slashes().is_err());
    assert_eq!(
        world.provider.state().owed_to_slash_destinations.u128(),
        400
    );
    let res = world.provider.owner_execute(&redirect(slash_id)).unwrap();
    assert_eq!(
        event_attr(&res, "redirect_slash_payout", "destination").unwrap(),
        multisig.as_str()
    );

    // The next `pay_slashes` pays the new destination exactly what was owed.
    let res = world.provider.pay_slashes().unwrap();
    assert_eq!(
        event_attr(&res, "pay_slashes", "slash_paid").unwrap(),
        "400"
    );
    assert_eq!(world.provider.balance(&multisig), 400);
    assert_eq!(world.provider.balance(&hub), 0);
    assert_eq!(
        world.provider.state().owed_to_slash_destinations,
        Uint128::zero()
    );
    // Nothing is left to redirect.
    let err = world
        .provider
        .owner_execute(&redirect(slash_id))
        .unwrap_err();
    assert_eq!(
        palisade_testing::contract_error(err),
        HubError::UnknownSlashPayout { slash_id }
    );
}

#[test]
fn governance_may_burn_a_payout_the_bank_refuses() {
    let mut world = world();
    let slash_id = payout_to_a_blocked_treasury(&mut world);
    world.provider.pay_slashes().unwrap_err();
    let res = world
        .provider
        .owner_execute(&HubExecute::RedirectSlashPayout {
            slash_id,
            destination: None,
        })
        .unwrap();
    assert_eq!(
        event_attr(&res, "redirect_slash_payout", "destination").unwrap(),
        "burn"
    );
    let supply = bond_supply(&world);
    world.provider.pay_slashes().unwrap();
    assert_eq!(bond_supply(&world), supply - 400);
    assert_eq!(world.provider.balance(&world.provider.hub.clone()), 0);
}
