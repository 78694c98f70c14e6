//! Upgrades from real older state. The suite is deployed from the previous release's artifacts
//! (`devnet/fixtures/0.1.0`: the wasm of commit 15a331b, the last tree before `pay_slashes`),
//! run in the VM until it holds every kind of state a live deployment holds (deposits, operators
//! and opt-ins, powers sent over the channel, a pending consumer slash, an unbond request in a
//! submitted batch, consumer-side history), then each contract is migrated by its admin to
//! today's artifacts. Everything the contracts answer reads the same after the migration, and the
//! flows go on with the new code: the slash executes, the batch settles and is claimed, the
//! slashed tokens are paid. The relay of that release kept the slash book itself: governance
//! instantiates today's slash book beside it, anyone carries the relay's records over
//! (`import_slashes`), and the slashes read the same from the book.

use cosmwasm_std::{Addr, Decimal, Empty};
use cw_multi_test::Executor;
use palisade_api::consumer::{OperatorResponse, PowerSummaryResponse};
use palisade_api::ibc::Infraction;
use palisade_api::slash_book::ExecuteMsg as BookExecute;
use palisade_devnet::{artifacts_dir, wasm_codes, Vm};
use palisade_testing::interchain::{consumer_key, deploy_slash_book, Interchain};
use palisade_testing::{
    Codes, SuiteBuilder, ALLOCATION_DELAY, DAY, EPOCH_PERIOD, UNBONDING_PERIOD, WITHDRAWAL_DELAY,
};
use serde_json::{json, Value};

const STAKE: u128 = 1_000_000;

/// The release the fixtures hold: the oldest each provider contract and the consumer migrate
/// from (their `migrations::FROM_VERSION`; virtual staking's first release is today's).
const PREVIOUS: &str = "0.1.0";

fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(PREVIOUS)
}

#[test]
fn the_fixtures_are_the_oldest_release_each_contract_migrates_from() {
    for from in [
        palisade_hub::migrations::FROM_VERSION,
        palisade_lrt::migrations::FROM_VERSION,
        palisade_registry::migrations::FROM_VERSION,
        palisade_relay::migrations::FROM_VERSION,
        palisade_consumer::migrations::FROM_VERSION,
    ] {
        assert_eq!(from, PREVIOUS);
    }
}

/// The migration's event: from the fixtures' release to today's.
fn assert_migrated_from_previous(response: &cw_multi_test::AppResponse, contract: &Addr) {
    let attribute = |key: &str| {
        palisade_testing::event_attr(response, "migrate", key)
            .unwrap_or_else(|| panic!("{contract}: no {key} in {:?}", response.events))
    };
    assert_eq!(attribute("from_version"), PREVIOUS, "{contract}");
    assert_eq!(
        attribute("to_version"),
        palisade_hub::constants::CONTRACT_VERSION,
        "{contract}"
    );
}

fn ask(app: &palisade_testing::PalisadeApp, contract: &Addr, msg: Value) -> Value {
    app.wrap()
        .query_wasm_smart(contract, &msg)
        .unwrap_or_else(|e| panic!("{msg}: {e}"))
}

/// The LRT's accounts, as a sorted list: 0.1.0 listed them in bech32 order, today's release in
/// canonical-address order. `None` while the upgrade's holder conversion runs (the list waits).
fn lrt_accounts(world: &Interchain) -> Option<Value> {
    let p = &world.provider;
    let mut accounts: Vec<String> = p
        .app
        .wrap()
        .query_wasm_smart::<cw20::AllAccountsResponse>(&p.lrt, &json!({"all_accounts": {}}))
        .ok()?
        .accounts;
    accounts.sort();
    Some(json!(accounts))
}

/// The registry's `operators` answer in [`snapshot`].
const REGISTRY_OPERATORS: usize = 10;

/// [`snapshot`] after the migration, without the fields the previous release did not have: the
/// registry's operators gained `parked_hub_weight` (a hub weight parked while x/staking has the
/// validator out of the bonded set), and none is parked after a migration.
fn snapshot_in_old_terms(world: &Interchain, alice: &Addr) -> Vec<Value> {
    let mut answers = snapshot(world, alice, &world.slash_book);
    for operator in answers[REGISTRY_OPERATORS].as_array_mut().unwrap() {
        let parked = operator
            .as_object_mut()
            .unwrap()
            .remove("parked_hub_weight");
        assert_eq!(parked, Some(Value::Null));
    }
    answers
}

/// Every answer a frontend, an indexer or another contract reads, as JSON; the slashes and the
/// exposure from `slashes_at` (the relay before the migration, the slash book after).
fn snapshot(world: &Interchain, alice: &Addr, slashes_at: &Addr) -> Vec<Value> {
    let p = &world.provider;
    let registry = p.registry.clone().unwrap();
    let chain = world.consumers[0].chain_id.clone();
    let consumer = &world.consumers[0];
    vec![
        ask(&p.app, &p.hub, json!({"state": {}})),
        ask(&p.app, &p.hub, json!({"position": {"address": alice}})),
        ask(&p.app, &p.hub, json!({"batches": {}})),
        ask(&p.app, &p.hub, json!({"operators": {}})),
        ask(&p.app, &p.hub, json!({"config": {}})),
        ask(&p.app, &p.lrt, json!({"balance": {"address": alice}})),
        ask(&p.app, &p.lrt, json!({"token_info": {}})),
        ask(&p.app, &p.lrt, json!({"rewards": {"address": alice}})),
        ask(&p.app, &p.lrt, json!({"reward_state": {}})),
        ask(&p.app, &p.lrt, json!({"minter": {}})),
        ask(&p.app, &registry, json!({"operators": {}})),
        ask(&p.app, &registry, json!({"consumer": {"chain_id": chain}})),
        ask(
            &p.app,
            &registry,
            json!({"consumer_operators": {"chain_id": chain}}),
        ),
        ask(&p.app, slashes_at, json!({"slashes": {}})),
        ask(&p.app, slashes_at, json!({"exposure": {}})),
        ask(
            &p.app,
            &world.relay,
            json!({"channel": {"chain_id": chain}}),
        ),
        ask(
            &p.app,
            &world.relay,
            json!({"sent_powers": {"chain_id": chain}}),
        ),
        ask(&consumer.app, &consumer.contract, json!({"operators": {}})),
        ask(
            &consumer.app,
            &consumer.contract,
            json!({"slash_requests": {}}),
        ),
    ]
}

/// Stores today's code of each contract and migrates it, as its admin would by proposal.
fn migrate_everything(world: &mut Interchain, new: &Codes) {
    let owner = world.provider.addrs.owner.clone();
    let registry = world.provider.registry.clone().unwrap();
    let provider = [
        (world.provider.hub.clone(), (new.hub)()),
        (world.provider.lrt.clone(), (new.lrt)()),
        (registry, (new.registry)()),
        (world.relay.clone(), (new.relay)()),
    ];
    for (contract, code) in provider {
        let code_id = world.provider.app.store_code(code);
        let response = world
            .provider
            .app
            .migrate_contract(owner.clone(), contract.clone(), &Empty {}, code_id)
            .unwrap_or_else(|e| panic!("migrating {contract}: {e}"));
        assert_migrated_from_previous(&response, &contract);
        let info = world.provider.app.contract_data(&contract).unwrap();
        assert_eq!(info.code_id, code_id);
    }
    // The slash book, new in this release, beside the relay, which kept it until now: its
    // records are carried over a page at a time (anyone), the relay opening nothing meanwhile.
    let registry = world.provider.registry.clone().unwrap();
    let relay = world.relay.clone();
    let code = new.slash_book.clone().expect("today's slash book");
    world.slash_book = deploy_slash_book(&mut world.provider, code, &registry, &relay);
    let anyone = world.provider.addr("anyone");
    let book = world.slash_book.clone();
    let import = json!({"import_slashes": {"limit": 1}});
    world
        .provider
        .app
        .execute_contract(anyone.clone(), book.clone(), &import, &[])
        .expect("the relay's one slash is carried over");
    let config = ask(&world.provider.app, &book, json!({"config": {}}));
    assert_eq!(config["import"], Value::Null, "{config}");
    world
        .provider
        .app
        .execute_contract(anyone, book, &import, &[])
        .expect_err("nothing left to import");
    let consumer = &mut world.consumers[0];
    let code_id = consumer.app.store_code((new.consumer)());
    let response = consumer
        .app
        .migrate_contract(
            consumer.owner.clone(),
            consumer.contract.clone(),
            &Empty {},
            code_id,
        )
        .expect("consumer migrates");
    assert_migrated_from_previous(&response, &consumer.contract);
}

#[test]
fn a_deployment_of_the_previous_release_migrates_with_its_state_unchanged_and_goes_on() {
    let vm = Vm::new().expect("VM");
    let old = wasm_codes(&vm, &fixtures_dir()).expect("the previous release's artifacts");
    let new = wasm_codes(&vm, &artifacts_dir()).expect("today's artifacts");

    let mut world = Interchain::new(
        SuiteBuilder::new()
            .codes(old)
            .validators(&[1, 1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for operator in 0..3 {
        world.provider.register_operator(operator).unwrap();
    }
    world.opt_in(0, 0, Decimal::percent(50));
    world.advance(ALLOCATION_DELAY);
    world.open_channel(0).unwrap();
    world.sync_powers(0);
    world.advance(60);
    let slash_id = world.report_slash(0, 0, Infraction::DoubleSign);
    world.provider.unbond(&alice, STAKE / 2).unwrap();
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();

    let relay = world.relay.clone();
    let before = snapshot(&world, &alice, &relay);
    assert_eq!(before[13].as_array().unwrap().len(), 1, "one pending slash");
    let accounts_before = lrt_accounts(&world).expect("0.1.0 lists its accounts");
    assert_eq!(
        accounts_before.as_array().unwrap().len(),
        2,
        "alice and the hub"
    );
    migrate_everything(&mut world, &new);
    let after = snapshot_in_old_terms(&world, &alice);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    // The LRT's holder records convert a page at a time (anyone may run it); the account list
    // waits for the last page, then lists the same accounts.
    assert_eq!(lrt_accounts(&world), None);
    let anyone = world.provider.addr("anyone");
    let convert = json!({"migrate_holders": {"limit": 1}});
    let lrt = world.provider.lrt.clone();
    let mut pages = 0;
    loop {
        let response = world
            .provider
            .app
            .execute_contract(anyone.clone(), lrt.clone(), &convert, &[])
            .expect("a page of holders converts");
        pages += 1;
        assert_eq!(snapshot_in_old_terms(&world, &alice), before);
        if palisade_testing::event_attr(&response, "migrate_holders", "done").as_deref()
            == Some("true")
        {
            break;
        }
    }
    // The hub's record was converted by the migration itself; alice's takes one page.
    assert_eq!(pages, 1);
    assert_eq!(lrt_accounts(&world), Some(accounts_before));

    // The new code goes on from the old state: the slash executes (the batch submitted after the
    // infraction bears its share), the batch settles and is claimed at its expected payout, and
    // the slashed tokens, once out of x/staking with the next batch, are paid.
    world.advance(DAY);
    world
        .book_execute(&anyone, &BookExecute::ExecuteSlash { slash_id })
        .expect("the pending slash executes on the new code");
    let state = world.provider.state();
    assert_eq!(state.owed_to_slash_destinations.u128(), 25_000);
    world.advance(EPOCH_PERIOD);
    world.provider.submit_batch().unwrap();
    world.advance(WITHDRAWAL_DELAY.max(UNBONDING_PERIOD + 2 * 3_600));
    let expected: u128 = world
        .provider
        .position(&alice)
        .requests
        .iter()
        .map(|r| r.expected_payout.u128())
        .sum();
    assert!(expected > 0 && expected < STAKE / 2, "{expected}");
    let wallet = world.provider.balance(&alice);
    world.provider.claim(&alice).unwrap();
    assert_eq!(world.provider.balance(&alice) - wallet, expected);
    world.provider.pay_slashes().unwrap();
    assert_eq!(world.provider.state().owed_to_slash_destinations.u128(), 0);

    // The consumer goes on from the operator records 0.1.0 wrote (today's release reads their
    // key and takes powers from the history): the next update removes operator 0, tombstoned,
    // and adds operator 1; a report against operator 1 resolves and is accepted.
    world.opt_in(1, 0, Decimal::percent(50));
    world.advance(ALLOCATION_DELAY);
    world.sync_powers(0);
    let consumer = &world.consumers[0];
    let operator = |i: usize| -> OperatorResponse {
        let valoper = world.provider.validator(i);
        serde_json::from_value(ask(
            &consumer.app,
            &consumer.contract,
            json!({"operator": {"operator": valoper}}),
        ))
        .unwrap()
    };
    let (removed, added) = (operator(0), operator(1));
    assert_eq!(removed.consumer_key, consumer_key(0, 0));
    assert!(
        removed.power.is_zero() && removed.update_id > 1,
        "{removed:?}"
    );
    assert_eq!(added.consumer_key, consumer_key(1, 0));
    assert!(!added.power.is_zero(), "{added:?}");
    let summary: PowerSummaryResponse = serde_json::from_value(ask(
        &consumer.app,
        &consumer.contract,
        json!({"power_summary": {}}),
    ))
    .unwrap();
    assert_eq!((summary.operators, summary.total_power), (1, added.power));
    world.advance(60);
    assert!(world.report_slash(0, 1, Infraction::Downtime) > slash_id);
}
