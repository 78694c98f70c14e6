//! The raw interface (`palisade_api::client::hub`, `palisade_api::client::lrt`): the two records a
//! deposit reads from other contracts' storage without loading them, and the relay's record of
//! the powers sent, which the LRT's commission checkpoints read. Read from the real registry and relay exactly as the
//! hub reads them, they say what the smart queries say, before the registry has a relay, before
//! any slash, and with slashes pending and executed. This test breaks when either contract changes
//! the key or the format of its record.

use cosmwasm_std::{from_json, Addr, Decimal, Uint128};
use palisade_api::client::hub::{REGISTRY_CONFIG_KEY, RELAY_TOTAL_EXPOSURE_KEY};
use palisade_api::ibc::Infraction;
use palisade_api::registry::{ConfigResponse, QueryMsg as RegistryQuery};
use palisade_api::slash_book::{
    ExecuteMsg as BookExecute, ExposureResponse, QueryMsg as BookQuery,
};
use palisade_testing::interchain::Interchain;
use palisade_testing::{SuiteBuilder, ALLOCATION_DELAY, DAY};

/// The fields of the registry's `config` record the hub reads.
#[derive(serde::Deserialize)]
struct RegistryRecord {
    #[serde(default)]
    relay: Option<Addr>,
}

/// The relay's address as the hub reads it from the registry's record.
fn raw_relay(world: &Interchain) -> Option<Addr> {
    let registry = world.provider.registry.clone().unwrap();
    let raw = world
        .provider
        .app
        .wrap()
        .query_wasm_raw(registry, REGISTRY_CONFIG_KEY.as_bytes())
        .unwrap()
        .expect("the registry's config record");
    from_json::<RegistryRecord>(raw).unwrap().relay
}

/// The total exposure as the hub reads it from the relay's record (absent is zero).
fn raw_exposure(world: &Interchain, relay: &Addr) -> Uint128 {
    world
        .provider
        .app
        .wrap()
        .query_wasm_raw(relay, RELAY_TOTAL_EXPOSURE_KEY.as_bytes())
        .unwrap()
        .map_or(Uint128::zero(), |raw| from_json(raw).unwrap())
}

fn smart_exposure(world: &Interchain) -> Uint128 {
    let answer: ExposureResponse = world.book_query(&BookQuery::Exposure { operator: None });
    answer.total
}

fn assert_raw_equals_smart(world: &Interchain) {
    let config: ConfigResponse = world
        .provider
        .registry_query(&RegistryQuery::Config {})
        .unwrap();
    let relay = raw_relay(world);
    assert_eq!(relay, config.relay);
    let relay = relay.expect("the interchain world links the relay");
    assert_eq!(raw_exposure(world, &relay), smart_exposure(world));
}

/// Alice's 3,000,000 staked over three operators; operators 0 and 1 opted in to alpha at 50% and
/// 40%, in force; the channel open, nothing sent yet.
fn two_opt_ins() -> Interchain {
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .validators(&[1, 1, 1])
            .staker("alice", 10_000_000),
        &["alpha-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, 1_000_000).unwrap();
    }
    for operator in 0..3 {
        world.provider.register_operator(operator).unwrap();
    }
    world.opt_in(0, 0, Decimal::percent(50));
    world.opt_in(1, 0, Decimal::percent(40));
    world.advance(ALLOCATION_DELAY);
    world.open_channel(0).unwrap();
    world
}

#[test]
fn the_records_a_deposit_reads_raw_say_what_the_smart_queries_say() {
    let mut world = two_opt_ins();
    world.sync_powers(0);
    world.advance(60);

    // No slash yet: the relay has no exposure record, read as zero.
    assert_raw_equals_smart(&world);
    assert_eq!(smart_exposure(&world), Uint128::zero());

    // Two pending slashes: the record holds their sum, and the deposit price is net of it.
    let first = world.report_slash(0, 0, Infraction::DoubleSign);
    world.report_slash(0, 1, Infraction::Downtime);
    assert_raw_equals_smart(&world);
    let pending = smart_exposure(&world);
    assert!(!pending.is_zero());
    let state = world.provider.state();
    let accrued = world.provider.pending_rewards();
    let accrued_net = accrued - accrued * u128::from(palisade_testing::FEE_BPS) / 10_000;
    assert_eq!(
        state.deposit_value.unwrap().u128(),
        state.total_value.u128() + accrued_net - pending.u128()
    );

    // One executed: the record falls by its amount.
    world.advance(DAY);
    let anyone = world.provider.addr("anyone");
    world
        .book_execute(&anyone, &BookExecute::ExecuteSlash { slash_id: first })
        .unwrap();
    assert_raw_equals_smart(&world);
    assert!(smart_exposure(&world) < pending);
}

#[test]
fn before_the_registry_has_a_relay_nothing_is_pending() {
    let mut suite = SuiteBuilder::new().validators(&[1]).build();
    let registry = suite.deploy_registry();
    let raw = suite
        .app
        .wrap()
        .query_wasm_raw(registry, REGISTRY_CONFIG_KEY.as_bytes())
        .unwrap()
        .expect("the registry's config record");
    assert_eq!(from_json::<RegistryRecord>(raw).unwrap().relay, None);
    let state = suite.state();
    assert_eq!(state.deposit_value, Some(state.total_value));
    assert_eq!(suite.pending_rewards(), 0);
}

/// Every operator's power as the LRT reads it from the relay's `last_sent` record (absent: 0).
fn raw_powers_sent(world: &Interchain, chain_id: &str) -> Vec<(String, u128)> {
    use palisade_api::client::lrt::{relay_last_sent_key, RelayLastSent};
    (0..3)
        .map(|operator| {
            let validator = world.provider.validator(operator);
            let raw = world
                .provider
                .app
                .wrap()
                .query_wasm_raw(&world.relay, relay_last_sent_key(chain_id, &validator))
                .unwrap();
            let power = raw.map_or(0, |raw| from_json::<RelayLastSent>(raw).unwrap().1.u128());
            (validator, power)
        })
        .collect()
}

/// The relay's `sent_powers` answer, completed with the operators it never sent (power 0).
fn smart_powers_sent(world: &Interchain, chain_id: &str) -> Vec<(String, u128)> {
    let sent: Vec<palisade_api::ibc::OperatorPower> =
        world.relay_query(&palisade_api::relay::QueryMsg::SentPowers {
            chain_id: chain_id.into(),
            start_after: None,
            limit: None,
        });
    (0..3)
        .map(|operator| {
            let validator = world.provider.validator(operator);
            let power = sent
                .iter()
                .find(|p| p.operator == validator)
                .map_or(0, |p| p.power.u128());
            (validator, power)
        })
        .collect()
}

#[test]
fn the_powers_sent_read_raw_say_what_the_relay_answers() {
    let mut world = two_opt_ins();
    // Nothing sent yet: no records.
    assert!(raw_powers_sent(&world, "alpha-1")
        .iter()
        .all(|(_, p)| *p == 0));
    world.sync_powers(0);
    let raw = raw_powers_sent(&world, "alpha-1");
    assert_eq!(raw, smart_powers_sent(&world, "alpha-1"));
    assert_eq!((raw[0].1, raw[1].1, raw[2].1), (500_000, 400_000, 0));

    // Operator 1 leaves: its removal is a record of power 0, read as 0.
    let account = world.provider.validator_account(1);
    world
        .provider
        .registry_execute(
            &account,
            &palisade_api::registry::ExecuteMsg::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    world.advance(palisade_testing::CONSUMER_UNBONDING);
    world.sync_powers(0);
    let raw = raw_powers_sent(&world, "alpha-1");
    assert_eq!(raw, smart_powers_sent(&world, "alpha-1"));
    assert_eq!((raw[0].1, raw[1].1), (500_000, 0));
}
