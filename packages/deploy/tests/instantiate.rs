//! The instantiate proposal: every field decoded, its messages executed in multi-test with the
//! real contract code under the artifacts' checksums, the predictions checked against where
//! multi-test puts the contracts, and the generator's parameter checks against the hub's.

mod common;

use std::fs;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use cosmwasm_std::{coins, instantiate2_address, Addr, Api};
use cw_multi_test::Executor;
use palisade_api::hub::{self, ConfigResponse, ExecuteMsg, Params, QueryMsg};
use palisade_deploy::artifacts::SuiteContract;
use palisade_deploy::checks::check_params;
use palisade_deploy::proposal::{Proposal, ProposalMessage};
use palisade_deploy::suite::{instantiate_proposal, InstantiatePlan, SuiteConfig};
use palisade_deploy::DeployError;
use serde_json::{json, Value};

fn plan(config: &SuiteConfig) -> InstantiatePlan {
    instantiate_proposal(&chain(), &load_artifacts(), config).unwrap()
}

/// An LRT instantiate message with `minter` as its only minter.
fn lrt_minted_by(minter: &str) -> palisade_api::lrt::InstantiateMsg {
    palisade_api::lrt::InstantiateMsg {
        name: "Palisade restaked STAKE".to_string(),
        symbol: "rSTAKE".to_string(),
        decimals: 6,
        initial_balances: vec![],
        mint: Some(cw20::MinterResponse {
            minter: minter.to_string(),
            cap: None,
        }),
        marketing: None,
    }
}

/// What `cosmwasm_std` and multi-test's `MockApi` predict, independently of the generator.
fn expected_address(contract: SuiteContract, salt: &str) -> String {
    let api = api();
    let creator = api.addr_canonicalize(&gov()).unwrap();
    let checksum = artifact(contract).checksum;
    let address = instantiate2_address(&checksum, &creator, salt.as_bytes()).unwrap();
    api.addr_humanize(&address).unwrap().to_string()
}

#[test]
fn instantiate_proposal_states_every_field() {
    let config = suite_config(7, 8);
    let plan = plan(&config);
    let hub_address = expected_address(SuiteContract::Hub, "palisade-hub");
    let lrt_address = expected_address(SuiteContract::Lrt, "palisade-lrt");
    assert_eq!(plan.hub, hub_address);
    assert_eq!(plan.lrt, lrt_address);

    let json: Value = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();
    assert_eq!(
        keys(&json),
        [
            "deposit",
            "expedited",
            "messages",
            "metadata",
            "summary",
            "title"
        ]
    );
    assert_eq!(json["deposit"], "10000000stake");
    assert_eq!(json["expedited"], false);
    assert_eq!(json["metadata"], "");
    assert_eq!(json["title"], "Palisade: instantiate the provider suite");
    let messages = json["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    for message in messages {
        assert_eq!(
            keys(message),
            ["@type", "admin", "code_id", "fix_msg", "funds", "label", "msg", "salt", "sender"]
        );
        assert_eq!(
            message["@type"],
            "/cosmwasm.wasm.v1.MsgInstantiateContract2"
        );
        assert_eq!(message["sender"], gov());
        assert_eq!(message["admin"], gov());
        assert_eq!(message["funds"], json!([]));
        assert_eq!(message["fix_msg"], false);
        // The contract message is a JSON object, as wasmd's RawContractMessage reads it.
        assert!(message["msg"].is_object());
    }

    let (lrt, hub) = (&messages[0], &messages[1]);
    assert_eq!(lrt["code_id"], "8");
    assert_eq!(lrt["label"], "palisade-lrt");
    assert_eq!(
        BASE64.decode(lrt["salt"].as_str().unwrap()).unwrap(),
        b"palisade-lrt"
    );
    assert_eq!(
        lrt["msg"],
        json!({
            "name": "Palisade restaked STAKE",
            "symbol": "rSTAKE",
            "decimals": 6,
            "initial_balances": [],
            "mint": {"minter": hub_address, "cap": null},
            "marketing": {
                "project": "https://example.invalid/palisade",
                "description": null,
                "marketing": gov(),
                "logo": null
            }
        })
    );

    assert_eq!(hub["code_id"], "7");
    assert_eq!(hub["label"], "palisade-hub");
    assert_eq!(
        BASE64.decode(hub["salt"].as_str().unwrap()).unwrap(),
        b"palisade-hub"
    );
    let p = params();
    assert_eq!(
        hub["msg"],
        json!({
            "owner": gov(),
            "guardian": api().addr_make("guardian").to_string(),
            "bond_denom": "ustake",
            "lrt": lrt_address,
            "operators": [
                {"validator": valoper(0), "weight": 2},
                {"validator": valoper(1), "weight": 1}
            ],
            "params": {
                "epoch_period": p.epoch_period,
                "unbonding_period": p.unbonding_period,
                "withdrawal_delay": p.withdrawal_delay,
                "fee_bps": 1000,
                "fee_recipient": p.fee_recipient,
                "max_pause_duration": p.max_pause_duration
            }
        })
    );
    // The same JSON is what the contracts' own message types read.
    let typed: hub::InstantiateMsg = serde_json::from_value(hub["msg"].clone()).unwrap();
    assert_eq!(typed.lrt, lrt_address);
    let _: palisade_api::lrt::InstantiateMsg = serde_json::from_value(lrt["msg"].clone()).unwrap();

    let summary = json["summary"].as_str().unwrap();
    for needle in [
        hub_address.as_str(),
        lrt_address.as_str(),
        &artifact(SuiteContract::Hub).checksum_hex(),
        &artifact(SuiteContract::Lrt).checksum_hex(),
        "code id 7",
        "code id 8",
        &valoper(0),
    ] {
        assert!(
            summary.contains(needle),
            "summary names {needle}:\n{summary}"
        );
    }
    let typed: Proposal = serde_json::from_value(json).unwrap();
    assert_eq!(typed, plan.proposal);
}

#[test]
fn the_suite_lands_at_the_predicted_addresses_and_works() {
    let (mut app, hub_code, lrt_code) = world(2);
    let plan = plan(&suite_config(hub_code, lrt_code));
    // Execute the proposal as decoded from its file, message by message, as x/gov would.
    let proposal: Proposal = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();
    let mut created = Vec::new();
    for message in &proposal.messages {
        let ProposalMessage::InstantiateContract2(msg) = message else {
            panic!("only instantiate2 messages");
        };
        let address = app
            .instantiate2_contract(
                msg.code_id.u64(),
                Addr::unchecked(&msg.sender),
                &msg.msg,
                &msg.funds,
                msg.label.clone(),
                Some(msg.admin.clone()),
                BASE64.decode(&msg.salt).unwrap(),
            )
            .unwrap();
        assert_eq!(
            app.contract_data(&address).unwrap().admin.unwrap().as_str(),
            gov()
        );
        created.push(address.to_string());
    }
    assert_eq!(created, [plan.lrt.clone(), plan.hub.clone()]);

    let hub = Addr::unchecked(&plan.hub);
    let lrt = Addr::unchecked(&plan.lrt);
    let config: ConfigResponse = app
        .wrap()
        .query_wasm_smart(&hub, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.lrt, lrt);
    assert_eq!(config.params, params());
    let ownership: cw_ownable::Ownership<String> = app
        .wrap()
        .query_wasm_smart(&hub, &QueryMsg::Ownership {})
        .unwrap();
    assert_eq!(ownership.owner, Some(gov()));
    let minter: cw20::MinterResponse = app
        .wrap()
        .query_wasm_smart(&lrt, &cw20::Cw20QueryMsg::Minter {})
        .unwrap();
    assert_eq!(minter.minter, plan.hub);
    let marketing: cw20::MarketingInfoResponse = app
        .wrap()
        .query_wasm_smart(&lrt, &cw20::Cw20QueryMsg::MarketingInfo {})
        .unwrap();
    assert_eq!(marketing.marketing.unwrap().as_str(), gov());

    // A deposit mints the LRT: the two contracts found each other.
    let alice = api().addr_make("alice");
    app.execute_contract(
        alice.clone(),
        hub,
        &ExecuteMsg::Deposit { min_lrt_out: None },
        &coins(1_000_000, DENOM),
    )
    .unwrap();
    let balance: cw20::BalanceResponse = app
        .wrap()
        .query_wasm_smart(
            &lrt,
            &cw20::Cw20QueryMsg::Balance {
                address: alice.to_string(),
            },
        )
        .unwrap();
    assert_eq!(balance.balance.u128(), 1_000_000);
}

#[test]
fn swapped_code_ids_make_the_proposal_fail() {
    let (mut app, hub_code, lrt_code) = world(2);
    let plan = plan(&suite_config(lrt_code, hub_code));
    let ProposalMessage::InstantiateContract2(first) = &plan.proposal.messages[0] else {
        panic!("instantiate2");
    };
    // The LRT's message sent to the hub's code is refused (x/gov would roll back the proposal).
    assert!(app
        .instantiate2_contract(
            first.code_id.u64(),
            Addr::unchecked(&first.sender),
            &first.msg,
            &[],
            first.label.clone(),
            Some(first.admin.clone()),
            BASE64.decode(&first.salt).unwrap(),
        )
        .is_err());
}

/// Parameter sets at each of the hub's boundaries, valid and one step past.
fn boundary_cases() -> Vec<(&'static str, Params)> {
    // unbonding + 1 hour = 7 × 3 days exactly.
    let unbonding = 7 * 3 * DAY - 3_600;
    let base = Params {
        epoch_period: 3 * DAY,
        unbonding_period: unbonding,
        withdrawal_delay: unbonding + 3_600,
        ..params()
    };
    vec![
        ("boundaries", base.clone()),
        (
            "epoch one second short",
            Params {
                epoch_period: 3 * DAY - 1,
                ..base.clone()
            },
        ),
        (
            "withdrawal delay one second short",
            Params {
                withdrawal_delay: unbonding + 3_599,
                ..base.clone()
            },
        ),
        (
            "zero epoch",
            Params {
                epoch_period: 0,
                ..base.clone()
            },
        ),
        (
            "zero unbonding",
            Params {
                unbonding_period: 0,
                ..base.clone()
            },
        ),
        (
            "fee at the cap",
            Params {
                fee_bps: 2_000,
                ..base.clone()
            },
        ),
        (
            "fee above the cap",
            Params {
                fee_bps: 2_001,
                ..base.clone()
            },
        ),
        (
            "pause at 30 days",
            Params {
                max_pause_duration: 30 * DAY,
                ..base.clone()
            },
        ),
        (
            "pause above 30 days",
            Params {
                max_pause_duration: 30 * DAY + 1,
                ..base.clone()
            },
        ),
        (
            "zero pause",
            Params {
                max_pause_duration: 0,
                ..base
            },
        ),
    ]
}

#[test]
fn the_generator_refuses_exactly_the_parameters_the_hub_refuses() {
    let (mut app, hub_code, lrt_code) = world(2);
    let owner = Addr::unchecked(gov());
    for (i, (name, params)) in boundary_cases().into_iter().enumerate() {
        // Each case deploys as the proposal does: an LRT minted by the hub's predicted address.
        let salt = format!("hub-{i}");
        let hub_address = expected_address(SuiteContract::Hub, &salt);
        let lrt = app
            .instantiate_contract(
                lrt_code,
                owner.clone(),
                &lrt_minted_by(&hub_address),
                &[],
                "lrt",
                None,
            )
            .unwrap();
        let msg = hub::InstantiateMsg {
            owner: gov(),
            guardian: None,
            bond_denom: DENOM.to_string(),
            lrt: lrt.to_string(),
            operators: suite_config(hub_code, lrt_code).operators,
            params: params.clone(),
        };
        let hub_accepts = app
            .instantiate2_contract(
                hub_code,
                owner.clone(),
                &msg,
                &[],
                name,
                None,
                salt.as_bytes(),
            )
            .is_ok();
        let generator_accepts = check_params(&params).is_ok();
        assert_eq!(generator_accepts, hub_accepts, "{name}");
        let config = SuiteConfig {
            params,
            ..suite_config(hub_code, lrt_code)
        };
        assert_eq!(
            instantiate_proposal(&chain(), &load_artifacts(), &config).is_ok(),
            hub_accepts,
            "{name}"
        );
    }
}

#[test]
fn inputs_the_contracts_would_refuse_are_refused_first() {
    let good = suite_config(1, 2);
    let refused = |config: SuiteConfig| {
        instantiate_proposal(&chain(), &load_artifacts(), &config).unwrap_err()
    };
    let mut config = good.clone();
    config.operators[1].weight = 0;
    assert!(matches!(refused(config), DeployError::ZeroWeight { .. }));

    let mut config = good.clone();
    config.operators[1].validator = config.operators[0].validator.clone();
    assert!(matches!(
        refused(config),
        DeployError::DuplicateOperator { .. }
    ));

    let mut config = good.clone();
    config.operators[0].validator = api().addr_make("not-a-validator").to_string();
    assert!(matches!(
        refused(config),
        DeployError::InvalidAddress { .. }
    ));

    let config = SuiteConfig {
        operators: vec![],
        ..good.clone()
    };
    assert!(matches!(refused(config), DeployError::OperatorCount { .. }));

    let config = SuiteConfig {
        guardian: Some(gov().replace("wasm", "cosmos")),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::InvalidAddress { .. }
    ));

    let config = SuiteConfig {
        lrt_salt: good.hub_salt.clone(),
        ..good.clone()
    };
    assert!(matches!(refused(config), DeployError::SameSalt));

    let config = SuiteConfig {
        hub_salt: "x".repeat(65),
        ..good.clone()
    };
    assert!(matches!(refused(config), DeployError::InvalidSalt { .. }));

    let config = SuiteConfig {
        hub_code_id: 0,
        ..good.clone()
    };
    assert!(matches!(refused(config), DeployError::ZeroCodeId { .. }));

    let config = SuiteConfig {
        bond_denom: "u".to_string(),
        ..good.clone()
    };
    assert!(matches!(refused(config), DeployError::InvalidDenom { .. }));

    let mut config = good.clone();
    config.lrt.symbol = "r$TAKE".to_string();
    assert!(matches!(refused(config), DeployError::InvalidToken(_)));

    let mut config = good;
    config.lrt.decimals = 19;
    assert!(matches!(refused(config), DeployError::InvalidToken(_)));
}

#[test]
fn the_command_line_writes_the_same_instantiate_proposal_and_prints_the_addresses() {
    let out = scratch("instantiate-cli");
    let config = suite_config(7, 8);
    let p = &config.params;
    let operators = config
        .operators
        .iter()
        .map(|op| format!("{}:{}", op.validator, op.weight))
        .collect::<Vec<_>>()
        .join(",");
    let args: Vec<String> = [
        "instantiate",
        "--prefix",
        PREFIX,
        "--gov",
        &gov(),
        "--deposit",
        "10000000stake",
        "--source",
        "https://example.invalid/palisade/commit/abc",
        "--artifacts",
        artifacts_dir().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--hub-code-id",
        "7",
        "--lrt-code-id",
        "8",
        "--bond-denom",
        DENOM,
        "--operator",
        &operators,
        "--epoch-period",
        &p.epoch_period.to_string(),
        "--unbonding-period",
        &p.unbonding_period.to_string(),
        "--withdrawal-delay",
        &p.withdrawal_delay.to_string(),
        "--fee-bps",
        &p.fee_bps.to_string(),
        "--fee-recipient",
        &p.fee_recipient,
        "--max-pause-duration",
        &p.max_pause_duration.to_string(),
        "--guardian",
        config.guardian.as_deref().unwrap(),
        "--lrt-name",
        &config.lrt.name,
        "--lrt-symbol",
        &config.lrt.symbol,
        "--lrt-project",
        config.lrt.project.as_deref().unwrap(),
    ]
    .map(String::from)
    .to_vec();
    let output = run_proposals(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = plan(&config);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("predicted hub address: {}", expected.hub)),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("predicted LRT address: {}", expected.lrt)),
        "{stdout}"
    );
    let written: Proposal =
        serde_json::from_str(&fs::read_to_string(out.join("instantiate.json")).unwrap()).unwrap();
    assert_eq!(written, expected.proposal);
}
