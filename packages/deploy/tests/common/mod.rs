//! Shared by the proposal tests: the committed artifacts, a chain with the `wasm` prefix, a
//! multi-test world running the real hub and LRT code under the artifacts' checksums, and a
//! scratch directory per test.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{coins, Checksum, Decimal, Empty, Validator};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, StakingInfo};
use palisade_api::hub::{OperatorWeight, Params};
use palisade_deploy::address::module_address;
use palisade_deploy::artifacts::{self, Artifact, SuiteContract, PROVIDER_SUITE};
use palisade_deploy::suite::{Chain, SuiteConfig, TokenConfig};

pub const PREFIX: &str = "wasm";
pub const DENOM: &str = "ustake";
pub const DAY: u64 = 86_400;
pub const UNBONDING: u64 = 21 * DAY;

pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts")
}

pub fn load_artifacts() -> Vec<Artifact> {
    artifacts::load(&artifacts_dir(), &PROVIDER_SUITE).expect("committed artifacts match")
}

pub fn artifact(contract: SuiteContract) -> Artifact {
    artifacts::find(&load_artifacts(), contract)
        .expect("artifact loaded")
        .clone()
}

pub fn gov() -> String {
    module_address(PREFIX, "gov").unwrap()
}

pub fn api() -> MockApi {
    MockApi::default().with_prefix(PREFIX)
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

pub fn suite_config(hub_code_id: u64, lrt_code_id: u64) -> SuiteConfig {
    SuiteConfig {
        hub_code_id,
        lrt_code_id,
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
        hub_salt: "palisade-hub".to_string(),
        lrt_salt: "palisade-lrt".to_string(),
        hub_label: "palisade-hub".to_string(),
        lrt_label: "palisade-lrt".to_string(),
    }
}

/// The hub's code as a multi-test contract carrying the artifact's checksum, so that multi-test
/// derives instantiate2 addresses from the same checksum wasmd would.
fn hub_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_hub::contract::execute,
            palisade_hub::contract::instantiate,
            palisade_hub::contract::query,
        )
        .with_reply(palisade_hub::contract::reply)
        .with_checksum(Checksum::from(checksum)),
    )
}

fn lrt_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_lrt::contract::execute,
            palisade_lrt::contract::instantiate,
            palisade_lrt::contract::query,
        )
        .with_checksum(Checksum::from(checksum)),
    )
}

/// A provider chain with the `wasm` prefix, x/staking with `validators` validators, a funded
/// staker `alice`, and the hub and LRT codes stored. Returns the app and the two code ids.
pub fn world(validators: usize) -> (App, u64, u64) {
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
    let hub_code = app.store_code(hub_contract(artifact(SuiteContract::Hub).checksum));
    let lrt_code = app.store_code(lrt_contract(artifact(SuiteContract::Lrt).checksum));
    (app, hub_code, lrt_code)
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
