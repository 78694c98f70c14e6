//! The provider's instantiate proposal: every field decoded, its messages executed in multi-test
//! with the real contract code under the artifacts' checksums, the predictions checked against
//! `cosmwasm_std::instantiate2_address` and against where multi-test puts the contracts, the
//! links between the contracts checked, and the inputs the contracts would refuse refused first.

mod common;

use std::fs;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use cosmwasm_std::{coins, instantiate2_address, Addr, Api, Decimal};
use cw_multi_test::Executor;
use palisade_api::hub::{self, ExecuteMsg};
use palisade_api::{registry, relay};
use palisade_deploy::artifacts::SuiteContract;
use palisade_deploy::proposal::{Proposal, ProposalMessage};
use palisade_deploy::suite::{instantiate_proposal, InstantiatePlan, SuiteConfig};
use palisade_deploy::DeployError;
use serde_json::{json, Value};

fn plan(config: &SuiteConfig) -> InstantiatePlan {
    instantiate_proposal(&chain(), &load_artifacts(), config).unwrap()
}

/// What `cosmwasm_std` and multi-test's `MockApi` predict, independently of the generator.
fn expected_address(contract: SuiteContract, salt: &str) -> String {
    let api = api();
    let creator = api.addr_canonicalize(&gov()).unwrap();
    let checksum = artifact(contract).checksum;
    let address = instantiate2_address(&checksum, &creator, salt.as_bytes()).unwrap();
    api.addr_humanize(&address).unwrap().to_string()
}

/// The proposal as x/gov reads it: decoded from its JSON file.
fn decoded(plan: &InstantiatePlan) -> Proposal {
    serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap()
}

fn check_instantiate2(message: &Value, code_id: &str, salt_and_label: &str) {
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
    assert_eq!(message["code_id"], code_id);
    assert_eq!(message["label"], salt_and_label);
    assert_eq!(
        BASE64.decode(message["salt"].as_str().unwrap()).unwrap(),
        salt_and_label.as_bytes()
    );
    // The contract message is a JSON object, as wasmd's RawContractMessage reads it.
    assert!(message["msg"].is_object());
}

fn check_execute(message: &Value, contract: &str, msg: Value) {
    assert_eq!(
        keys(message),
        ["@type", "contract", "funds", "msg", "sender"]
    );
    assert_eq!(message["@type"], "/cosmwasm.wasm.v1.MsgExecuteContract");
    assert_eq!(message["sender"], gov());
    assert_eq!(message["contract"], contract);
    assert_eq!(message["msg"], msg);
    assert_eq!(message["funds"], json!([]));
}

#[test]
fn instantiate_proposal_states_every_field() {
    let config = suite_config(Codes::fake());
    let plan = plan(&config);
    let hub_address = expected_address(SuiteContract::Hub, "palisade-hub");
    let lrt_address = expected_address(SuiteContract::Lrt, "palisade-lrt");
    let registry_address = expected_address(SuiteContract::Registry, "palisade-registry");
    let relay_address = expected_address(SuiteContract::Relay, "palisade-relay");
    let book_address = expected_address(SuiteContract::SlashBook, "palisade-slash-book");
    assert_eq!(plan.hub, hub_address);
    assert_eq!(plan.lrt, lrt_address);
    assert_eq!(plan.registry, registry_address);
    assert_eq!(plan.relay, relay_address);
    assert_eq!(plan.slash_book, book_address);

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
    assert_eq!(messages.len(), 8);
    let [lrt, hub, registry, relay, book, set_registry, set_relay, set_book] = messages.as_slice()
    else {
        unreachable!()
    };

    check_instantiate2(lrt, "8", "palisade-lrt");
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

    check_instantiate2(hub, "7", "palisade-hub");
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

    check_instantiate2(registry, "9", "palisade-registry");
    assert_eq!(
        registry["msg"],
        json!({
            "owner": gov(),
            "hub": hub_address,
            "params": {
                "risk_timelock": 7 * DAY,
                "allocation_delay": DAY,
                "max_total_allocation": "1",
                "max_commission_bps": 2000
            }
        })
    );

    check_instantiate2(relay, "10", "palisade-relay");
    assert_eq!(
        relay["msg"],
        json!({
            "owner": gov(),
            "registry": registry_address,
            "settings": {"packet_timeout": DAY, "max_operators_per_update": 50}
        })
    );

    check_instantiate2(book, "11", "palisade-slash-book");
    assert_eq!(
        book["msg"],
        json!({
            "owner": gov(),
            "registry": registry_address,
            "relay": relay_address
        })
    );

    check_execute(
        set_registry,
        &hub_address,
        json!({"set_registry": {"registry": registry_address}}),
    );
    check_execute(
        set_relay,
        &registry_address,
        json!({"set_relay": {"relay": relay_address}}),
    );
    check_execute(
        set_book,
        &relay_address,
        json!({"set_slash_book": {"slash_book": book_address}}),
    );

    // The same JSON is what the contracts' own message types read.
    let typed: hub::InstantiateMsg = serde_json::from_value(hub["msg"].clone()).unwrap();
    assert_eq!(typed.lrt, lrt_address);
    let _: palisade_api::lrt::InstantiateMsg = serde_json::from_value(lrt["msg"].clone()).unwrap();
    let typed: registry::InstantiateMsg = serde_json::from_value(registry["msg"].clone()).unwrap();
    assert_eq!(typed.params, registry_params());
    let typed: relay::InstantiateMsg = serde_json::from_value(relay["msg"].clone()).unwrap();
    assert_eq!(typed.settings, relay_settings());
    let _: hub::ExecuteMsg = serde_json::from_value(set_registry["msg"].clone()).unwrap();
    let _: registry::ExecuteMsg = serde_json::from_value(set_relay["msg"].clone()).unwrap();
    let _: palisade_api::slash_book::InstantiateMsg =
        serde_json::from_value(book["msg"].clone()).unwrap();
    let _: relay::ExecuteMsg = serde_json::from_value(set_book["msg"].clone()).unwrap();

    let summary = json["summary"].as_str().unwrap();
    let relay_port = format!("wasm.{relay_address}");
    let checksums = [
        SuiteContract::Hub,
        SuiteContract::Lrt,
        SuiteContract::Registry,
        SuiteContract::Relay,
        SuiteContract::SlashBook,
    ]
    .map(|c| artifact(c).checksum_hex());
    for needle in [
        hub_address.as_str(),
        lrt_address.as_str(),
        registry_address.as_str(),
        relay_address.as_str(),
        &relay_port,
        &checksums[0],
        &checksums[1],
        &checksums[2],
        &checksums[3],
        &checksums[4],
        book_address.as_str(),
        "code id 7",
        "code id 8",
        "code id 9",
        "code id 10",
        &valoper(0),
        "set_registry",
        "set_relay",
        "set_slash_book",
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
fn the_suite_lands_at_the_predicted_addresses_linked_and_working() {
    let (mut app, codes) = world(2);
    let plan = plan(&suite_config(codes));
    let created = execute_proposal(&mut app, &decoded(&plan)).unwrap();
    assert_eq!(
        created,
        [
            plan.lrt.clone(),
            plan.hub.clone(),
            plan.registry.clone(),
            plan.relay.clone(),
            plan.slash_book.clone()
        ]
    );
    for address in &created {
        let info = app.contract_data(&Addr::unchecked(address)).unwrap();
        assert_eq!(info.admin.unwrap().as_str(), gov(), "admin of {address}");
    }

    let hub = Addr::unchecked(&plan.hub);
    let lrt = Addr::unchecked(&plan.lrt);
    let registry = Addr::unchecked(&plan.registry);
    let relay = Addr::unchecked(&plan.relay);

    // The hub names the LRT and, after set_registry, the registry.
    let config: hub::ConfigResponse = app
        .wrap()
        .query_wasm_smart(&hub, &hub::QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.lrt, lrt);
    assert_eq!(config.registry, Some(registry.clone()));
    assert_eq!(config.params, params());
    // The registry names the hub and, after set_relay, the relay.
    let config: registry::ConfigResponse = app
        .wrap()
        .query_wasm_smart(&registry, &registry::QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.hub, hub);
    assert_eq!(config.relay, Some(relay.clone()));
    assert_eq!(config.params, registry_params());
    assert_eq!(config.pending_params, None);
    // The relay names the registry, and the hub it read from the registry.
    let config: relay::ConfigResponse = app
        .wrap()
        .query_wasm_smart(&relay, &relay::QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.registry, registry);
    assert_eq!(config.hub, hub);
    assert_eq!(config.settings, relay_settings());
    // The relay opens slashes in the book, which names the registry and the relay.
    let book = Addr::unchecked(&plan.slash_book);
    assert_eq!(config.slash_book, Some(book.clone()));
    let config: palisade_api::slash_book::ConfigResponse = app
        .wrap()
        .query_wasm_smart(&book, &palisade_api::slash_book::QueryMsg::Config {})
        .unwrap();
    assert_eq!(
        (config.registry, config.relay),
        (registry.clone(), relay.clone())
    );

    for (contract, query) in [
        (&hub, json!({"ownership": {}})),
        (&registry, json!({"ownership": {}})),
        (&relay, json!({"ownership": {}})),
        (&book, json!({"ownership": {}})),
    ] {
        let ownership: cw_ownable::Ownership<String> =
            app.wrap().query_wasm_smart(contract, &query).unwrap();
        assert_eq!(ownership.owner, Some(gov()), "owner of {contract}");
    }
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

    // A deposit mints the LRT: the hub and the LRT found each other.
    let alice = api().addr_make("alice");
    app.execute_contract(
        alice.clone(),
        hub.clone(),
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

    // The registry now owns the hub's operator set: the owner's set_operator is refused.
    let by_owner = app
        .execute_contract(
            Addr::unchecked(gov()),
            hub,
            &ExecuteMsg::SetOperator {
                validator: valoper(1),
                weight: 5,
            },
            &[],
        )
        .unwrap_err();
    assert!(
        by_owner
            .root_cause()
            .to_string()
            .contains(&format!("only the registry ({registry}) manages")),
        "{by_owner:#}"
    );
}

#[test]
fn the_relay_cannot_come_before_the_registry() {
    // The relay's instantiation reads the registry's config: swapping messages 3 and 4 fails.
    let (mut app, codes) = world(2);
    let mut proposal = decoded(&plan(&suite_config(codes)));
    proposal.messages.swap(2, 3);
    assert!(execute_proposal(&mut app, &proposal).is_err());
}

#[test]
fn swapped_code_ids_make_the_proposal_fail() {
    let (mut app, codes) = world(2);
    let swapped = Codes {
        hub: codes.lrt,
        lrt: codes.hub,
        ..codes
    };
    let plan = plan(&suite_config(swapped));
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

fn refused(config: SuiteConfig) -> DeployError {
    instantiate_proposal(&chain(), &load_artifacts(), &config).unwrap_err()
}

#[test]
fn hub_and_lrt_inputs_the_contracts_would_refuse_are_refused_first() {
    let good = suite_config(Codes::fake());
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
fn code_ids_salts_and_labels_wasmd_would_refuse_are_refused_first() {
    let good = suite_config(Codes::fake());
    let config = SuiteConfig {
        lrt_salt: good.hub_salt.clone(),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::SameSalt { first: "hub", second: "lrt", salt } if salt == "palisade-hub"
    ));
    let config = SuiteConfig {
        relay_salt: good.registry_salt.clone(),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::SameSalt {
            first: "registry",
            second: "relay",
            ..
        }
    ));

    for (config, field) in [
        (
            SuiteConfig {
                hub_salt: "x".repeat(65),
                ..good.clone()
            },
            "hub salt",
        ),
        (
            SuiteConfig {
                registry_salt: String::new(),
                ..good.clone()
            },
            "registry salt",
        ),
    ] {
        assert!(
            matches!(refused(config), DeployError::InvalidSalt { field: f, .. } if f == field),
            "{field}"
        );
    }

    for (config, field) in [
        (
            SuiteConfig {
                hub_code_id: 0,
                ..good.clone()
            },
            "hub code id",
        ),
        (
            SuiteConfig {
                registry_code_id: 0,
                ..good.clone()
            },
            "registry code id",
        ),
        (
            SuiteConfig {
                relay_code_id: 0,
                ..good.clone()
            },
            "relay code id",
        ),
    ] {
        assert!(
            matches!(refused(config), DeployError::ZeroCodeId { field: f } if f == field),
            "{field}"
        );
    }

    let config = SuiteConfig {
        relay_label: " ".to_string(),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::Empty {
            field: "relay label"
        }
    ));
    let config = SuiteConfig {
        registry_label: "r".repeat(129),
        ..good
    };
    assert!(matches!(
        refused(config),
        DeployError::TooLong {
            field: "registry label",
            len: 129,
            max: 128
        }
    ));
}

#[test]
fn registry_and_relay_inputs_the_contracts_would_refuse_are_refused_first() {
    let good = suite_config(Codes::fake());
    let mut config = good.clone();
    config.registry_params.max_total_allocation = Decimal::zero();
    assert!(matches!(
        refused(config),
        DeployError::MaxTotalAllocation { max: 10, .. }
    ));

    let mut config = good.clone();
    config.registry_params.max_total_allocation = Decimal::percent(1_001);
    assert!(matches!(
        refused(config),
        DeployError::MaxTotalAllocation { value, max: 10 } if value == Decimal::percent(1_001)
    ));

    let mut config = good.clone();
    config.registry_params.max_commission_bps = 10_001;
    assert!(matches!(
        refused(config),
        DeployError::MaxCommission {
            value: 10_001,
            max: 10_000
        }
    ));

    let mut config = good.clone();
    config.relay_settings.packet_timeout = 0;
    assert!(matches!(
        refused(config),
        DeployError::PacketTimeout {
            field: "relay packet_timeout",
            value: 0,
            ..
        }
    ));

    let mut config = good.clone();
    config.relay_settings.max_operators_per_update = 101;
    assert!(matches!(
        refused(config),
        DeployError::MaxOperatorsPerUpdate {
            value: 101,
            max: 100
        }
    ));

    // A relay artifact missing from what was loaded.
    let without_relay: Vec<_> = load_artifacts()
        .into_iter()
        .filter(|a| a.contract != SuiteContract::Relay)
        .collect();
    assert!(matches!(
        instantiate_proposal(&chain(), &without_relay, &good),
        Err(DeployError::MissingArtifact { file }) if file == "relay.wasm"
    ));
}

#[test]
fn the_command_line_writes_the_same_instantiate_proposal_and_prints_the_addresses() {
    let out = scratch("instantiate-cli");
    let config = suite_config(Codes::fake());
    let p = &config.params;
    let r = &config.registry_params;
    let s = &config.relay_settings;
    let operators = config
        .operators
        .iter()
        .map(|op| format!("{}:{}", op.validator, op.weight))
        .collect::<Vec<_>>()
        .join(",");
    let mut args = cli_args("instantiate", PREFIX, &gov(), &out);
    args.extend(
        [
            "--hub-code-id",
            "7",
            "--lrt-code-id",
            "8",
            "--registry-code-id",
            "9",
            "--relay-code-id",
            "10",
            "--slash-book-code-id",
            "11",
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
            "--risk-timelock",
            &r.risk_timelock.to_string(),
            "--allocation-delay",
            &r.allocation_delay.to_string(),
            "--max-total-allocation",
            &r.max_total_allocation.to_string(),
            "--max-commission-bps",
            &r.max_commission_bps.to_string(),
            "--packet-timeout",
            &s.packet_timeout.to_string(),
            "--max-operators-per-update",
            &s.max_operators_per_update.to_string(),
        ]
        .map(String::from),
    );
    let output = run_proposals(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = plan(&config);
    let stdout = String::from_utf8_lossy(&output.stdout);
    for (name, address) in [
        ("LRT", &expected.lrt),
        ("hub", &expected.hub),
        ("registry", &expected.registry),
        ("relay", &expected.relay),
        ("slash book", &expected.slash_book),
    ] {
        let line = format!("predicted {name} address:");
        let printed = stdout
            .lines()
            .find(|l| l.contains(&line))
            .unwrap_or_else(|| panic!("{line} in {stdout}"));
        assert_eq!(printed.split_whitespace().last(), Some(address.as_str()));
    }
    assert!(
        stdout.contains(&format!("wasm.{}", expected.relay)),
        "{stdout}"
    );
    let written: Proposal =
        serde_json::from_str(&fs::read_to_string(out.join("instantiate.json")).unwrap()).unwrap();
    assert_eq!(written, expected.proposal);

    // A refused input fails the command with the generator's message, and writes nothing.
    let out = scratch("instantiate-cli-refused");
    let mut refused_args = args.clone();
    let at = refused_args
        .iter()
        .position(|a| a == "--max-total-allocation")
        .unwrap();
    refused_args[at + 1] = "11".to_string();
    let at = refused_args.iter().position(|a| a == "--out").unwrap();
    refused_args[at + 1] = out.to_str().unwrap().to_string();
    let output = run_proposals(&refused_args);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("registry max_total_allocation 11 must be above 0 and at most 10"),
        "{stderr}"
    );
    assert!(!out.join("instantiate.json").exists());
}

#[test]
fn the_largest_operator_set_fits_the_summary_limit() {
    let mut config = suite_config(Codes::fake());
    config.operators = (0..palisade_api::hub::MAX_OPERATORS)
        .map(|i| hub::OperatorWeight {
            validator: valoper(i),
            weight: 1,
        })
        .collect();
    let plan = plan(&config);
    let summary = &plan.proposal.summary;
    assert!(summary.contains(&valoper(49)));
    assert!(
        summary.len() <= palisade_deploy::proposal::MAX_SUMMARY_LEN,
        "{}",
        summary.len()
    );
}
