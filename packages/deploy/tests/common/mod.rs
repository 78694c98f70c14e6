//! Shared by the proposal tests: the committed artifacts, a provider chain with the `wasm` prefix
//! and a consumer chain with the `cons` prefix, multi-test worlds running the real contract code
//! under the artifacts' checksums, and a scratch directory per test.

#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{coins, Checksum, Decimal, Empty, Validator};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, StakingInfo};
use flate2::read::GzDecoder;
use palisade_api::hub::{OperatorWeight, Params};
use palisade_api::registry::RegistryParams;
use palisade_api::relay::RelaySettings;
use palisade_deploy::address::module_address;
use palisade_deploy::artifacts::{self, Artifact, SuiteContract, CONSUMER_SUITE, PROVIDER_SUITE};
use palisade_deploy::consumer::ConsumerConfig;
use palisade_deploy::suite::{Chain, SuiteConfig, TokenConfig};

pub const PREFIX: &str = "wasm";
/// The consumer chain's bech32 prefix.
pub const CONSUMER_PREFIX: &str = "cons";
pub const DENOM: &str = "ustake";
pub const DAY: u64 = 86_400;
pub const UNBONDING: u64 = 21 * DAY;

/// `proposals <command>` with a chain's prefix and gov account, the test deposit and source, the
/// committed artifacts and `out`; a test appends the command's own arguments.
pub fn cli_args(command: &str, prefix: &str, gov: &str, out: &Path) -> Vec<String> {
    [
        command,
        "--prefix",
        prefix,
        "--gov",
        gov,
        "--deposit",
        "10000000stake",
        "--source",
        "https://example.invalid/palisade/commit/abc",
        "--artifacts",
        artifacts_dir().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec()
}

pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts")
}

pub fn load_artifacts() -> Vec<Artifact> {
    artifacts::load(&artifacts_dir(), &PROVIDER_SUITE).expect("committed artifacts match")
}

pub fn load_consumer_artifacts() -> Vec<Artifact> {
    artifacts::load(&artifacts_dir(), &CONSUMER_SUITE).expect("committed artifacts match")
}

pub fn artifact(contract: SuiteContract) -> Artifact {
    artifacts::load(&artifacts_dir(), &[contract])
        .expect("committed artifact matches")
        .remove(0)
}

pub fn gov() -> String {
    module_address(PREFIX, "gov").unwrap()
}

pub fn consumer_gov() -> String {
    module_address(CONSUMER_PREFIX, "gov").unwrap()
}

pub fn api() -> MockApi {
    MockApi::default().with_prefix(PREFIX)
}

pub fn consumer_api() -> MockApi {
    MockApi::default().with_prefix(CONSUMER_PREFIX)
}

pub fn valoper(i: usize) -> String {
    MockApi::default()
        .with_prefix("wasmvaloper")
        .addr_make(&format!("validator{i}"))
        .to_string()
}

pub fn chain() -> Chain {
    Chain {
        prefix: PREFIX.to_string(),
        gov: gov(),
        deposit: "10000000stake".to_string(),
        title_prefix: "Palisade".to_string(),
        metadata: String::new(),
        source: Some("https://example.invalid/palisade/commit/abc".to_string()),
    }
}

pub fn params() -> Params {
    Params {
        epoch_period: 3 * DAY + 3_600,
        unbonding_period: UNBONDING,
        withdrawal_delay: UNBONDING + DAY,
        fee_bps: 1_000,
        fee_recipient: api().addr_make("treasury").to_string(),
        max_pause_duration: 7 * DAY,
    }
}

pub fn registry_params() -> RegistryParams {
    RegistryParams {
        risk_timelock: 7 * DAY,
        allocation_delay: DAY,
        max_total_allocation: Decimal::one(),
        max_commission_bps: 2_000,
    }
}

pub fn relay_settings() -> RelaySettings {
    RelaySettings {
        packet_timeout: DAY,
        max_operators_per_update: 50,
    }
}

pub fn suite_config(codes: Codes) -> SuiteConfig {
    SuiteConfig {
        hub_code_id: codes.hub,
        lrt_code_id: codes.lrt,
        registry_code_id: codes.registry,
        relay_code_id: codes.relay,
        slash_book_code_id: codes.slash_book,
        bond_denom: DENOM.to_string(),
        valoper_prefix: "wasmvaloper".to_string(),
        operators: vec![
            OperatorWeight {
                validator: valoper(0),
                weight: 2,
            },
            OperatorWeight {
                validator: valoper(1),
                weight: 1,
            },
        ],
        params: params(),
        guardian: Some(api().addr_make("guardian").to_string()),
        lrt: TokenConfig {
            name: "Palisade restaked STAKE".to_string(),
            symbol: "rSTAKE".to_string(),
            decimals: 6,
            project: Some("https://example.invalid/palisade".to_string()),
            description: None,
        },
        registry_params: registry_params(),
        relay_settings: relay_settings(),
        hub_salt: "palisade-hub".to_string(),
        lrt_salt: "palisade-lrt".to_string(),
        registry_salt: "palisade-registry".to_string(),
        relay_salt: "palisade-relay".to_string(),
        slash_book_salt: "palisade-slash-book".to_string(),
        hub_label: "palisade-hub".to_string(),
        lrt_label: "palisade-lrt".to_string(),
        registry_label: "palisade-registry".to_string(),
        relay_label: "palisade-relay".to_string(),
        slash_book_label: "palisade-slash-book".to_string(),
    }
}

/// The consumer chain's gov module account and prefix, as the consumer proposals are written.
pub fn consumer_chain() -> Chain {
    Chain {
        prefix: CONSUMER_PREFIX.to_string(),
        gov: consumer_gov(),
        ..chain()
    }
}

/// A relay address on the provider (32 bytes, like every contract's).
pub fn relay_address() -> String {
    api().addr_make("relay").to_string()
}

pub fn consumer_config(code_id: u64) -> ConsumerConfig {
    ConsumerConfig {
        code_id,
        provider_connection_id: "connection-3".to_string(),
        relay: relay_address(),
        provider_prefix: PREFIX.to_string(),
        packet_timeout: 6 * 3_600,
        reporters: vec![
            consumer_api().addr_make("reporter-a").to_string(),
            consumer_api().addr_make("reporter-b").to_string(),
        ],
        salt: "palisade-consumer".to_string(),
        label: "palisade-consumer".to_string(),
    }
}

/// Code ids of the provider suite in a multi-test world.
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub hub: u64,
    pub lrt: u64,
    pub registry: u64,
    pub relay: u64,
    pub slash_book: u64,
}

impl Codes {
    /// Ids for tests that never execute the proposal.
    pub fn fake() -> Codes {
        Codes {
            hub: 7,
            lrt: 8,
            registry: 9,
            relay: 10,
            slash_book: 11,
        }
    }
}

/// The hub's code as a multi-test contract carrying the artifact's checksum, so that multi-test
/// derives instantiate2 addresses from the same checksum wasmd would.
pub fn hub_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_hub::contract::execute,
            palisade_hub::contract::instantiate,
            palisade_hub::contract::query,
        )
        .with_migrate(palisade_hub::contract::migrate)
        .with_checksum(Checksum::from(checksum)),
    )
}

pub fn lrt_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_lrt::contract::execute,
            palisade_lrt::contract::instantiate,
            palisade_lrt::contract::query,
        )
        .with_migrate(palisade_lrt::contract::migrate)
        .with_checksum(Checksum::from(checksum)),
    )
}

pub fn registry_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_registry::contract::execute,
            palisade_registry::contract::instantiate,
            palisade_registry::contract::query,
        )
        .with_migrate(palisade_registry::contract::migrate)
        .with_checksum(Checksum::from(checksum)),
    )
}

/// The relay without its IBC entry points: instantiating and configuring it needs none.
pub fn relay_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_relay::contract::execute,
            palisade_relay::contract::instantiate,
            palisade_relay::contract::query,
        )
        .with_migrate(palisade_relay::contract::migrate)
        .with_checksum(Checksum::from(checksum)),
    )
}

pub fn slash_book_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_slash_book::contract::execute,
            palisade_slash_book::contract::instantiate,
            palisade_slash_book::contract::query,
        )
        .with_migrate(palisade_slash_book::contract::migrate)
        .with_checksum(Checksum::from(checksum)),
    )
}

pub fn consumer_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_consumer::contract::execute,
            palisade_consumer::contract::instantiate,
            palisade_consumer::contract::query,
        )
        .with_migrate(palisade_consumer::contract::migrate)
        .with_sudo(palisade_consumer::contract::sudo)
        .with_checksum(Checksum::from(checksum)),
    )
}

/// A consumer chain with the `cons` prefix and the consumer contract's code stored under its
/// artifact's checksum. Returns the app and the code id.
pub fn consumer_world() -> (App, u64) {
    let mut app = AppBuilder::new()
        .with_api(consumer_api())
        .build(|_, _, _| {});
    let code = app.store_code(consumer_contract(
        artifact(SuiteContract::Consumer).checksum,
    ));
    (app, code)
}

/// A provider chain with the `wasm` prefix, x/staking with `validators` validators, a funded
/// staker `alice`, and the provider suite's codes stored. Returns the app and the code ids.
pub fn world(validators: usize) -> (App, Codes) {
    let alice = api().addr_make("alice");
    let mut app = AppBuilder::new()
        .with_api(api())
        .build(|router, api, storage| {
            router
                .staking
                .setup(
                    storage,
                    StakingInfo {
                        bonded_denom: DENOM.to_string(),
                        unbonding_time: UNBONDING,
                        apr: Decimal::percent(10),
                    },
                )
                .unwrap();
            let block = cosmwasm_std::testing::mock_env().block;
            for i in 0..validators {
                router
                    .staking
                    .add_validator(
                        api,
                        storage,
                        &block,
                        Validator::create(
                            valoper(i),
                            Decimal::percent(5),
                            Decimal::percent(20),
                            Decimal::percent(1),
                        ),
                    )
                    .unwrap();
            }
            router
                .bank
                .init_balance(storage, &alice, coins(1_000_000_000, DENOM))
                .unwrap();
        });
    let codes = Codes {
        hub: app.store_code(hub_contract(artifact(SuiteContract::Hub).checksum)),
        lrt: app.store_code(lrt_contract(artifact(SuiteContract::Lrt).checksum)),
        registry: app.store_code(registry_contract(
            artifact(SuiteContract::Registry).checksum,
        )),
        relay: app.store_code(relay_contract(artifact(SuiteContract::Relay).checksum)),
        slash_book: app.store_code(slash_book_contract(
            artifact(SuiteContract::SlashBook).checksum,
        )),
    };
    (app, codes)
}

/// Where the test chains keep the community pool: x/distribution's module account (the real
/// chain keeps the pool's tokens there too).
pub fn community_pool(prefix: &str) -> String {
    module_address(prefix, "distribution").unwrap()
}

/// A fresh, empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the `proposals` binary.
pub fn run_proposals(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_proposals"))
        .args(args)
        .output()
        .expect("proposals runs")
}

/// Runs every message of a decoded proposal as x/gov would: in order, each from its sender.
/// Returns the addresses the instantiate messages created.
pub fn execute_proposal(
    app: &mut App,
    proposal: &palisade_deploy::proposal::Proposal,
) -> anyhow::Result<Vec<String>> {
    use base64::engine::general_purpose::STANDARD as BASE64;
    use base64::Engine;
    use cosmwasm_std::Addr;
    use cw_multi_test::Executor;
    use palisade_deploy::proposal::ProposalMessage;

    let mut created = Vec::new();
    for message in &proposal.messages {
        match message {
            ProposalMessage::InstantiateContract2(msg) => {
                let address = app.instantiate2_contract(
                    msg.code_id.u64(),
                    Addr::unchecked(&msg.sender),
                    &msg.msg,
                    &msg.funds,
                    msg.label.clone(),
                    Some(msg.admin.clone()),
                    BASE64.decode(&msg.salt)?,
                )?;
                created.push(address.to_string());
            }
            ProposalMessage::ExecuteContract(msg) => {
                app.execute_contract(
                    Addr::unchecked(&msg.sender),
                    Addr::unchecked(&msg.contract),
                    &msg.msg,
                    &msg.funds,
                )?;
            }
            ProposalMessage::MigrateContract(msg) => {
                app.migrate_contract(
                    Addr::unchecked(&msg.sender),
                    Addr::unchecked(&msg.contract),
                    &msg.msg,
                    msg.code_id.u64(),
                )?;
            }
            ProposalMessage::CommunityPoolSpend(msg) => {
                let (hrp, _) = bech32::decode(&msg.authority)?;
                app.send_tokens(
                    Addr::unchecked(community_pool(hrp.as_str())),
                    Addr::unchecked(&msg.recipient),
                    &msg.amount,
                )?;
            }
            ProposalMessage::StoreCode(_) => anyhow::bail!("a store message in a test proposal"),
        }
    }
    Ok(created)
}

/// `checksums.txt` read the plain way: file name to hex.
pub fn listed_checksum(file: &str) -> String {
    let text = fs::read_to_string(artifacts_dir().join("checksums.txt")).unwrap();
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            Some((parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .find(|(_, name)| name == file)
        .map(|(hash, _)| hash)
        .unwrap_or_else(|| panic!("{file} listed"))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Unzips one embedded blob with flate2's decoder, independently of the generator's code.
pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut code = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut code).unwrap();
    code
}

/// The decoded JSON object's keys, sorted.
pub fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}
