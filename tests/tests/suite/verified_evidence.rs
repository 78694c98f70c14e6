//! Verified double-sign evidence across chains: the consumer's acknowledgements tell the relay
//! where each update applied, and anyone submits a consumer validator's two conflicting votes to
//! the slash book; the slash runs the same veto period and execution as a consumer's report,
//! with the consumer's channel closed.

use cosmwasm_std::{Decimal, Uint128};
use cw_multi_test::Executor;
use palisade_api::ibc::{Infraction, SlashStatus};
use palisade_api::registry::{OperatorResponse, OperatorStatus, QueryMsg as RegistryQuery};
use palisade_api::relay::{AppliedAtResponse, QueryMsg as RelayQuery};
use palisade_api::slash_book::{
    ExecuteMsg as BookExecute, ExposureResponse, QueryMsg as BookQuery, SlashResponse,
};
use palisade_slash_book::ContractError as BookError;
use palisade_testing::evidence::double_sign;
use palisade_testing::interchain::{consumer_signing_key, Interchain};
use palisade_testing::{event_attr, SuiteBuilder, ALLOCATION_DELAY, DAY};

const ALPHA: usize = 0;
const STAKE: u128 = 1_000_000;

/// Two operators with `STAKE` each, operator 0 opted in to alpha at 50% and operator 1 at 30%;
/// the first power update applied on alpha and acknowledged.
fn world() -> Interchain {
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .validators(&[1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..2 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for operator in 0..2 {
        world.provider.register_operator(operator).unwrap();
    }
    world.opt_in(0, ALPHA, Decimal::percent(50));
    world.opt_in(1, ALPHA, Decimal::percent(30));
    world.advance(ALLOCATION_DELAY);
    world.open_channel(ALPHA).unwrap();
    world.sync_powers(ALPHA);
    world
}

fn consumer_height(world: &Interchain) -> u64 {
    world.consumers[ALPHA].app.block_info().height
}

fn submit(world: &mut Interchain, operator: usize, height: u64) -> anyhow::Result<u64> {
    let chain_id = world.consumers[ALPHA].chain_id.clone();
    let (vote_a, vote_b) = double_sign(&consumer_signing_key(operator, ALPHA), &chain_id, height);
    let stranger = world.provider.addr("stranger");
    let msg = BookExecute::SubmitEvidence {
        chain_id,
        operator: world.provider.validator(operator),
        vote_a,
        vote_b,
    };
    let res = world.book_execute(&stranger, &msg)?;
    Ok(event_attr(&res, "slash_request", "slash_id")
        .unwrap()
        .parse()
        .unwrap())
}

fn slash(world: &Interchain, slash_id: u64) -> SlashResponse {
    world.book_query(&BookQuery::Slash { slash_id })
}

#[test]
fn a_strangers_evidence_slashes_with_the_consumers_channel_closed() {
    let mut world = world();
    let applied_at = consumer_height(&world);
    let placed: AppliedAtResponse = world.relay_query(&RelayQuery::AppliedAt {
        chain_id: world.consumers[ALPHA].chain_id.clone(),
        operator: world.provider.validator(0),
        height: applied_at + 5,
    });
    let in_force = placed.in_force.expect("the update applied on alpha");
    assert_eq!(
        (in_force.update_id, in_force.consumer_height),
        (1, applied_at)
    );

    // Alpha's channel closes (a captured or halted consumer says nothing more); operator 0 had
    // double signed on alpha meanwhile.
    world.advance(60);
    world.close_channel(ALPHA).unwrap();
    let slash_id = submit(&mut world, 0, applied_at + 5).unwrap();
    let pending = slash(&world, slash_id);
    // 5% × 50% × 1,000,000, at the stake update 1 carried.
    assert_eq!(pending.amount.u128(), 25_000);
    assert_eq!(pending.request_id, 0);
    assert_eq!(pending.update_id, 1);
    assert_eq!(pending.status, SlashStatus::Pending);
    let exposure: ExposureResponse = world.book_query(&BookQuery::Exposure { operator: None });
    assert_eq!(exposure.total.u128(), 25_000);

    // The same veto period as a report; then anyone executes it.
    world.advance(DAY);
    let anyone = world.provider.addr("anyone");
    world
        .book_execute(&anyone, &BookExecute::ExecuteSlash { slash_id })
        .unwrap();
    assert_eq!(slash(&world, slash_id).status, SlashStatus::Executed);
    let state = world.provider.state();
    assert_eq!(state.total_bonded.u128(), 2 * STAKE - 25_000);
    let profile: OperatorResponse = world
        .provider
        .registry_query(&RegistryQuery::Operator {
            validator: world.provider.validator(0),
        })
        .unwrap();
    assert!(profile.tombstoned);
    assert_eq!(profile.opt_ins[0].status, OperatorStatus::Tombstoned);

    // Tombstoned: later double signs of operator 0 open nothing more.
    let err = submit(&mut world, 0, applied_at + 6).unwrap_err();
    assert!(
        matches!(
            err.downcast_ref::<BookError>(),
            Some(BookError::AlreadySlashed { .. } | BookError::NotOptedIn { .. })
        ),
        "{err:?}"
    );
}

#[test]
fn a_consumers_false_double_sign_report_still_waits_for_the_veto() {
    let mut world = world();
    world.advance(60);
    // Alpha reports operator 1 with no evidence: accepted as a report, pending its veto period,
    // and governance vetoes it; verified evidence for operator 1 could not be made.
    let slash_id = world.report_slash(ALPHA, 1, Infraction::DoubleSign);
    let pending = slash(&world, slash_id);
    assert_eq!(pending.status, SlashStatus::Pending);
    assert_eq!(pending.amount.u128(), 15_000);
    let owner = world.provider.addrs.owner.clone();
    world
        .book_execute(
            &owner,
            &BookExecute::VetoSlash {
                slash_id,
                reason: "no evidence".to_string(),
            },
        )
        .unwrap();
    assert_eq!(slash(&world, slash_id).status, SlashStatus::Vetoed);
    let exposure: ExposureResponse = world.book_query(&BookQuery::Exposure { operator: None });
    assert_eq!(exposure.total, Uint128::zero());
    assert_eq!(world.provider.state().total_bonded.u128(), 2 * STAKE);
}

#[test]
fn one_vote_alone_is_not_evidence() {
    let mut world = world();
    let chain_id = world.consumers[ALPHA].chain_id.clone();
    let height = consumer_height(&world);
    let (vote_a, _) = double_sign(&consumer_signing_key(0, ALPHA), &chain_id, height);
    // The message without its second vote does not parse: the chain refuses it whole.
    #[derive(serde::Serialize, Debug)]
    struct OneVote {
        chain_id: String,
        operator: String,
        vote_a: palisade_api::evidence::Vote,
    }
    #[derive(serde::Serialize, Debug)]
    struct Msg {
        submit_evidence: OneVote,
    }
    let msg = Msg {
        submit_evidence: OneVote {
            chain_id,
            operator: world.provider.validator(0),
            vote_a,
        },
    };
    let stranger = world.provider.addr("stranger");
    let book = world.slash_book.clone();
    let err = world
        .provider
        .app
        .execute_contract(stranger, book, &msg, &[])
        .unwrap_err();
    assert!(
        format!("{err:?}").contains("missing field `vote_b`"),
        "{err:?}"
    );
    let slashes: Vec<SlashResponse> = world.book_query(&BookQuery::Slashes {
        status: None,
        start_before: None,
        limit: None,
    });
    assert!(slashes.is_empty());
}
