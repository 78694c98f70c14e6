//! A consumer chain's virtual-staking proposals: the store proposal's code unzipped and hashed,
//! the instantiate proposal executed in multi-test with the real contracts (the consumer
//! contract, then virtual staking at the predicted address with its budget granted from the
//! community pool), the generator refusing what the contract refuses, and the command line.

mod common;

use std::fs;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use cosmwasm_std::{
    coins, instantiate2_address, Addr, Api, Checksum, Decimal, Empty, Uint128, Validator,
};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, Executor, StakingInfo};
use palisade_api::virtual_staking::{
    BudgetResponse, ConfigResponse, InstantiateMsg, Params, ParamsError, QueryMsg,
    MAX_BONDED_SHARE_BPS,
};
use palisade_deploy::address::module_address;
use palisade_deploy::artifacts::{self, Artifact, SuiteContract, VIRTUAL_STAKING_SUITE};
use palisade_deploy::consumer::consumer_instantiate_proposal;
use palisade_deploy::proposal::{Proposal, ProposalMessage};
use palisade_deploy::virtual_staking::{
    virtual_staking_instantiate_proposal, virtual_staking_store_proposal, VirtualStakingConfig,
    VirtualStakingPlan, BONDED_POOL_MODULE,
};
use palisade_deploy::DeployError;
use serde_json::Value;

const CONSUMER_DENOM: &str = "ucons";
const BUDGET: u128 = 5_000_000_000;

fn load_vs_artifacts() -> Vec<Artifact> {
    artifacts::load(&artifacts_dir(), &VIRTUAL_STAKING_SUITE).expect("committed artifact matches")
}

fn vs_contract(checksum: [u8; 32]) -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_virtual_staking::contract::execute,
            palisade_virtual_staking::contract::instantiate,
            palisade_virtual_staking::contract::query,
        )
        .with_migrate(palisade_virtual_staking::contract::migrate)
        .with_checksum(Checksum::from(checksum)),
    )
}

fn bonded_pool() -> String {
    module_address(CONSUMER_PREFIX, BONDED_POOL_MODULE).unwrap()
}

fn vs_params() -> Params {
    Params {
        rate: Decimal::from_ratio(5u128, 1u128),
        max_bonded_share_bps: 5_000,
        bonded_pool: bonded_pool(),
        unbonding_period: UNBONDING,
        min_change: Uint128::new(1_000),
    }
}

fn config(code_id: u64, consumer: &str) -> VirtualStakingConfig {
    VirtualStakingConfig {
        code_id,
        consumer: consumer.to_string(),
        params: vs_params(),
        bond_denom: CONSUMER_DENOM.to_string(),
        budget: Uint128::new(BUDGET),
        salt: "palisade-virtual-staking".to_string(),
        label: "palisade-virtual-staking".to_string(),
    }
}

fn plan(config: &VirtualStakingConfig) -> VirtualStakingPlan {
    virtual_staking_instantiate_proposal(&consumer_chain(), &load_vs_artifacts(), config).unwrap()
}

fn refused(config: VirtualStakingConfig) -> DeployError {
    virtual_staking_instantiate_proposal(&consumer_chain(), &load_vs_artifacts(), &config)
        .unwrap_err()
}

/// A consumer address for proposals that are never executed.
fn some_consumer() -> String {
    consumer_api().addr_make("consumer").to_string()
}

/// The consumer chain: x/staking in `ucons` with one validator, the community pool holding the
/// budget, the consumer contract deployed by its own proposal, and the virtual-staking code
/// stored under its artifact's checksum. Returns the app, the consumer and the code id.
fn chain_with_consumer() -> (App, String, u64) {
    let mut app = AppBuilder::new()
        .with_api(consumer_api())
        .build(|router, api, storage| {
            router
                .staking
                .setup(
                    storage,
                    StakingInfo {
                        bonded_denom: CONSUMER_DENOM.to_string(),
                        unbonding_time: UNBONDING,
                        apr: Decimal::percent(10),
                    },
                )
                .unwrap();
            let block = cosmwasm_std::testing::mock_env().block;
            let validator = api.addr_make("validator").to_string();
            router
                .staking
                .add_validator(
                    api,
                    storage,
                    &block,
                    Validator::create(
                        validator,
                        Decimal::percent(5),
                        Decimal::percent(20),
                        Decimal::percent(1),
                    ),
                )
                .unwrap();
            let pool = Addr::unchecked(community_pool(CONSUMER_PREFIX));
            router
                .bank
                .init_balance(storage, &pool, coins(BUDGET, CONSUMER_DENOM))
                .unwrap();
        });
    let consumer_code = app.store_code(consumer_contract(
        artifact(SuiteContract::Consumer).checksum,
    ));
    let consumer_plan = consumer_instantiate_proposal(
        &consumer_chain(),
        &load_consumer_artifacts(),
        &consumer_config(consumer_code),
    )
    .unwrap();
    execute_proposal(&mut app, &consumer_plan.proposal).unwrap();
    let code = app.store_code(vs_contract(
        artifact(SuiteContract::VirtualStaking).checksum,
    ));
    (app, consumer_plan.consumer, code)
}

#[test]
fn the_store_proposal_uploads_the_virtual_staking_code_gzipped() {
    let plan = virtual_staking_store_proposal(&consumer_chain(), &load_vs_artifacts()).unwrap();
    let [ProposalMessage::StoreCode(store)] = plan.proposal.messages.as_slice() else {
        panic!("one store message: {:?}", plan.proposal.messages);
    };
    assert_eq!(store.sender, consumer_gov());
    assert_eq!(store.instantiate_permission.addresses, vec![consumer_gov()]);
    let code = gunzip(&BASE64.decode(&store.wasm_byte_code).unwrap());
    assert_eq!(
        hex(&artifacts::sha256(&code)),
        listed_checksum("virtual-staking.wasm")
    );
    assert!(plan
        .proposal
        .summary
        .contains(&listed_checksum("virtual-staking.wasm")));
    assert_eq!(
        plan.proposal.title,
        "Palisade: store the virtual-staking code"
    );
}

#[test]
fn the_contract_lands_at_the_predicted_address_with_its_budget() {
    let (mut app, consumer, code) = chain_with_consumer();
    let config = config(code, &consumer);
    let plan = plan(&config);

    // instantiate2 as wasmd computes it, with cosmwasm_std alone.
    let api = consumer_api();
    let creator = api.addr_canonicalize(&consumer_gov()).unwrap();
    let checksum = artifact(SuiteContract::VirtualStaking).checksum;
    let expected = instantiate2_address(&checksum, &creator, config.salt.as_bytes()).unwrap();
    assert_eq!(
        plan.contract,
        api.addr_humanize(&expected).unwrap().to_string()
    );

    // Written, read back as x/gov reads it, and executed in order.
    let proposal: Proposal = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();
    let json: Value = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();
    assert_eq!(
        json["messages"][1],
        serde_json::json!({
            "@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend",
            "authority": consumer_gov(),
            "recipient": plan.contract,
            "amount": [{"denom": CONSUMER_DENOM, "amount": BUDGET.to_string()}],
        })
    );
    let created = execute_proposal(&mut app, &proposal).unwrap();
    assert_eq!(created, std::slice::from_ref(&plan.contract));

    let contract = Addr::unchecked(&plan.contract);
    assert_eq!(
        app.contract_data(&contract)
            .unwrap()
            .admin
            .unwrap()
            .as_str(),
        consumer_gov()
    );
    let got: ConfigResponse = app
        .wrap()
        .query_wasm_smart(&contract, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(got.consumer.as_str(), consumer);
    assert_eq!(got.denom, CONSUMER_DENOM);
    assert_eq!(got.params, vs_params());
    let budget: BudgetResponse = app
        .wrap()
        .query_wasm_smart(&contract, &QueryMsg::Budget {})
        .unwrap();
    assert_eq!(budget.granted.u128(), BUDGET);
    assert_eq!(budget.idle.u128(), BUDGET);
    let ownership: cw_ownable::Ownership<String> = app
        .wrap()
        .query_wasm_smart(&contract, &QueryMsg::Ownership {})
        .unwrap();
    assert_eq!(ownership.owner, Some(consumer_gov()));
    let pool = app
        .wrap()
        .query_balance(community_pool(CONSUMER_PREFIX), CONSUMER_DENOM)
        .unwrap();
    assert!(pool.amount.is_zero());
}

#[test]
fn without_a_budget_the_proposal_only_instantiates() {
    let mut config = config(4, &some_consumer());
    config.budget = Uint128::zero();
    let plan = plan(&config);
    assert_eq!(plan.proposal.messages.len(), 1);
    assert!(plan.proposal.summary.contains("no budget granted"));
}

#[test]
fn the_generator_refuses_the_parameters_the_contract_refuses() {
    let (mut app, consumer, code) = chain_with_consumer();
    let cases: Vec<(&str, Params, Option<ParamsError>)> = vec![
        (
            "no share",
            Params {
                max_bonded_share_bps: 0,
                ..vs_params()
            },
            Some(ParamsError::BondedShare {
                got: 0,
                max: MAX_BONDED_SHARE_BPS,
            }),
        ),
        (
            "share above the maximum",
            Params {
                max_bonded_share_bps: MAX_BONDED_SHARE_BPS + 1,
                ..vs_params()
            },
            Some(ParamsError::BondedShare {
                got: MAX_BONDED_SHARE_BPS + 1,
                max: MAX_BONDED_SHARE_BPS,
            }),
        ),
        (
            "the maximum share",
            Params {
                max_bonded_share_bps: MAX_BONDED_SHARE_BPS,
                ..vs_params()
            },
            None,
        ),
        (
            "no unbonding period",
            Params {
                unbonding_period: 0,
                ..vs_params()
            },
            Some(ParamsError::ZeroUnbondingPeriod),
        ),
    ];
    let gov = Addr::unchecked(consumer_gov());
    for (i, (name, params, expected)) in cases.into_iter().enumerate() {
        let mut cfg = config(code, &consumer);
        cfg.params = params.clone();
        let generated =
            virtual_staking_instantiate_proposal(&consumer_chain(), &load_vs_artifacts(), &cfg);
        let contract = app.instantiate_contract(
            code,
            gov.clone(),
            &InstantiateMsg {
                owner: consumer_gov(),
                consumer: consumer.clone(),
                params,
            },
            &[],
            format!("case {i}"),
            None,
        );
        match expected {
            Some(error) => {
                let Err(DeployError::InvalidVirtualStakingParams { source }) = generated else {
                    panic!("{name}: generator gave {generated:?}");
                };
                assert_eq!(source, error, "{name}");
                let refusal = contract.expect_err(name);
                assert!(
                    format!("{refusal:#}").contains(&error.to_string()),
                    "{name}: {refusal:#}"
                );
            }
            None => {
                generated.unwrap_or_else(|e| panic!("{name}: {e}"));
                contract.unwrap_or_else(|e| panic!("{name}: {e:#}"));
            }
        }
    }
}

#[test]
fn addresses_code_ids_and_salts_wasmd_would_refuse_are_refused_first() {
    let consumer = some_consumer();
    // A consumer that is not a contract (20 bytes), or of another chain.
    let mut short = config(4, &consumer);
    short.consumer = module_address(CONSUMER_PREFIX, "gov").unwrap();
    assert!(
        matches!(refused(short), DeployError::InvalidAddress { ref field, .. } if field == "consumer")
    );
    let mut foreign = config(4, &consumer);
    foreign.consumer = api().addr_make("consumer").to_string();
    assert!(matches!(
        refused(foreign),
        DeployError::InvalidAddress { .. }
    ));
    let mut pool = config(4, &consumer);
    pool.params.bonded_pool = "not-an-address".to_string();
    assert!(
        matches!(refused(pool), DeployError::InvalidAddress { ref field, .. } if field == "bonded pool")
    );
    let mut zero = config(4, &consumer);
    zero.code_id = 0;
    assert!(matches!(refused(zero), DeployError::ZeroCodeId { .. }));
    let mut salt = config(4, &consumer);
    salt.salt = String::new();
    assert!(matches!(refused(salt), DeployError::InvalidSalt { .. }));
    let mut denom = config(4, &consumer);
    denom.bond_denom = " ".to_string();
    assert!(matches!(refused(denom), DeployError::Empty { .. }));
}

#[test]
fn the_command_line_writes_both_proposals_and_prints_the_address() {
    let out = scratch("virtual-staking-cli");
    let chain_args = |command: &str| cli_args(command, CONSUMER_PREFIX, &consumer_gov(), &out);

    let output = run_proposals(&chain_args("virtual-staking-store"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = fs::read_to_string(out.join("virtual-staking-store.json")).unwrap();
    let expected = virtual_staking_store_proposal(&consumer_chain(), &load_vs_artifacts()).unwrap();
    assert_eq!(written, expected.proposal.to_json().unwrap());

    let consumer = some_consumer();
    let config = config(6, &consumer);
    let mut args = chain_args("virtual-staking-instantiate");
    args.extend(
        [
            "--virtual-staking-code-id",
            "6",
            "--consumer",
            &consumer,
            "--rate",
            "5",
            "--max-bonded-share-bps",
            "5000",
            "--unbonding-period",
            &UNBONDING.to_string(),
            "--min-change",
            "1000",
            "--bond-denom",
            CONSUMER_DENOM,
            "--budget",
            &BUDGET.to_string(),
        ]
        .map(String::from),
    );
    let output = run_proposals(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The bonded pool defaults to x/staking's module account of the prefix.
    let expected = plan(&config);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!(
            "predicted virtual-staking address: {}",
            expected.contract
        )),
        "{stdout}"
    );
    let written: Proposal = serde_json::from_str(
        &fs::read_to_string(out.join("virtual-staking-instantiate.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written, expected.proposal);

    // A share the contract refuses: the command fails and names the rule.
    let mut bad = args.clone();
    let at = bad.iter().position(|a| a == "5000").unwrap();
    bad[at] = "9500".to_string();
    let output = run_proposals(&bad);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("max_bonded_share_bps"), "{stderr}");
}
