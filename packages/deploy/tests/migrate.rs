//! Upgrade proposals: the file decoded field by field, the summary naming each new code's
//! checksum, the migrations executed by governance on a suite (and a consumer) deployed by the
//! instantiate proposals, the contracts' own refusal of a wrong code, and the generator's
//! refusals and command line.

mod common;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use cosmwasm_std::Addr;
use cw_multi_test::App;
use palisade_api::hub;
use palisade_deploy::artifacts::sha256;
use palisade_deploy::artifacts::SuiteContract;
use palisade_deploy::consumer::consumer_instantiate_proposal;
use palisade_deploy::migrate::{migrate_proposal, upgrade_store_proposal, Migration};
use palisade_deploy::proposal::{Proposal, ProposalMessage};
use palisade_deploy::suite::instantiate_proposal;
use palisade_deploy::DeployError;
use serde_json::json;

/// A suite deployed by the instantiate proposal: (app, hub, LRT, registry, relay).
fn deployed() -> (App, String, String, String, String) {
    let (mut app, codes) = world(2);
    let plan = instantiate_proposal(&chain(), &load_artifacts(), &suite_config(codes)).unwrap();
    execute_proposal(&mut app, &plan.proposal).unwrap();
    (app, plan.hub, plan.lrt, plan.registry, plan.relay)
}

fn migration(contract: &str, address: &str, code_id: u64) -> Migration {
    format!("{contract}={address}={code_id}").parse().unwrap()
}

fn code_of(app: &App, contract: &str) -> u64 {
    app.contract_data(&Addr::unchecked(contract))
        .unwrap()
        .code_id
}

#[test]
fn the_upgrade_store_proposal_uploads_only_the_listed_code_for_governance_only() {
    let contracts = [SuiteContract::Lrt, SuiteContract::Relay];
    let plan = upgrade_store_proposal(&chain(), &load_artifacts(), &contracts).unwrap();
    let json: serde_json::Value = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();
    assert_eq!(json["title"], "Palisade: upload the code of an upgrade");
    let messages = json["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    let summary = json["summary"].as_str().unwrap();
    for (message, file) in messages.iter().zip(["lrt.wasm", "relay.wasm"]) {
        assert_eq!(message["@type"], "/cosmwasm.wasm.v1.MsgStoreCode");
        assert_eq!(message["sender"], gov());
        assert_eq!(
            message["instantiate_permission"],
            json!({"permission": "AnyOfAddresses", "addresses": [gov()]})
        );
        let gzipped = BASE64
            .decode(message["wasm_byte_code"].as_str().unwrap())
            .unwrap();
        let code = gunzip(&gzipped);
        assert_eq!(hex(&sha256(&code)), listed_checksum(file));
        assert!(
            summary.contains(&format!("{file}: sha256 {}", listed_checksum(file))),
            "{summary}"
        );
    }
    assert!(
        summary.contains("migrates the deployed contracts"),
        "{summary}"
    );
    assert!(!summary.contains("hub.wasm"), "{summary}");

    for bad in [
        vec![],
        vec![SuiteContract::Hub, SuiteContract::Hub],
        vec![SuiteContract::Hub, SuiteContract::Consumer],
    ] {
        assert!(
            upgrade_store_proposal(&chain(), &load_artifacts(), &bad).is_err(),
            "{bad:?}"
        );
    }
    // Only checked artifacts: the consumer's is not among the provider's.
    let err = upgrade_store_proposal(&chain(), &load_artifacts(), &[SuiteContract::Consumer])
        .unwrap_err();
    assert!(matches!(err, DeployError::MissingArtifact { .. }), "{err}");
}

#[test]
fn an_upgrade_is_written_as_the_sdk_reads_it_and_migrates_the_suite() {
    let (mut app, hub_addr, lrt_addr, registry, relay) = deployed();
    let before: hub::StateResponse = app
        .wrap()
        .query_wasm_smart(&hub_addr, &hub::QueryMsg::State {})
        .unwrap();
    // The store proposal of the upgrade gave the new code these ids.
    let new_hub = app.store_code(hub_contract(artifact(SuiteContract::Hub).checksum));
    let new_lrt = app.store_code(lrt_contract(artifact(SuiteContract::Lrt).checksum));
    let new_registry = app.store_code(registry_contract(
        artifact(SuiteContract::Registry).checksum,
    ));
    let new_relay = app.store_code(relay_contract(artifact(SuiteContract::Relay).checksum));
    let migrations = vec![
        migration("hub", &hub_addr, new_hub),
        migration("lrt", &lrt_addr, new_lrt),
        migration("registry", &registry, new_registry),
        migration("relay", &relay, new_relay),
    ];
    let proposal =
        migrate_proposal(&chain(), "Upgrade to 0.2", &load_artifacts(), &migrations).unwrap();
    let written = proposal.to_json().unwrap();

    let value: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(value["title"], "Palisade: Upgrade to 0.2");
    assert_eq!(value["deposit"], "10000000stake");
    assert_eq!(value["expedited"], false);
    let messages = value["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    for (message, migration) in messages.iter().zip(&migrations) {
        assert_eq!(
            keys(message),
            ["@type", "code_id", "contract", "msg", "sender"]
        );
        assert_eq!(message["@type"], "/cosmwasm.wasm.v1.MsgMigrateContract");
        assert_eq!(message["sender"], gov());
        assert_eq!(message["contract"], migration.address.as_str());
        // uint64 is a decimal string in proto3 JSON.
        assert_eq!(message["code_id"], migration.code_id.to_string());
        assert_eq!(message["msg"], json!({}));
    }
    let summary = value["summary"].as_str().unwrap();
    for (i, (name, address, code_id)) in [
        ("hub", &hub_addr, new_hub),
        ("lrt", &lrt_addr, new_lrt),
        ("registry", &registry, new_registry),
        ("relay", &relay, new_relay),
    ]
    .into_iter()
    .enumerate()
    {
        let line = format!(
            "{}. {name} {address} to code {code_id}, which must be {name}.wasm with sha256 {}",
            i + 1,
            listed_checksum(&format!("{name}.wasm"))
        );
        assert!(summary.contains(&line), "{line} in {summary}");
    }
    assert!(summary.contains("query wasm code-info"), "{summary}");
    assert!(
        summary.contains("Source: https://example.invalid"),
        "{summary}"
    );

    // As x/gov runs it: each message from the gov module account, the contracts' admin.
    let decoded: Proposal = serde_json::from_str(&written).unwrap();
    assert_eq!(decoded, proposal);
    execute_proposal(&mut app, &decoded).unwrap();
    assert_eq!(code_of(&app, &hub_addr), new_hub);
    assert_eq!(code_of(&app, &lrt_addr), new_lrt);
    assert_eq!(code_of(&app, &registry), new_registry);
    assert_eq!(code_of(&app, &relay), new_relay);
    // The state carried over.
    let after: hub::StateResponse = app
        .wrap()
        .query_wasm_smart(&hub_addr, &hub::QueryMsg::State {})
        .unwrap();
    assert_eq!(after, before);
}

#[test]
fn a_code_id_holding_another_contract_is_refused_by_the_contract_and_nothing_changes() {
    let (mut app, hub_addr, lrt_addr, _, _) = deployed();
    let new_hub = app.store_code(hub_contract(artifact(SuiteContract::Hub).checksum));
    let lrt_code = code_of(&app, &lrt_addr);
    // The second message names the LRT's code for the hub: the hub refuses it, and x/gov runs
    // the proposal in one transaction, so the first migration is undone too.
    let migrations = vec![
        migration("lrt", &lrt_addr, lrt_code),
        migration("hub", &hub_addr, lrt_code),
    ];
    let proposal =
        migrate_proposal(&chain(), "Wrong code", &load_artifacts(), &migrations).unwrap();
    let hub_code = code_of(&app, &hub_addr);
    let err = execute_proposal_atomically(&mut app, &proposal).unwrap_err();
    assert!(
        format!("{err:?}").contains("the stored contract is"),
        "{err:?}"
    );
    assert_eq!(code_of(&app, &hub_addr), hub_code);
    assert_eq!(code_of(&app, &lrt_addr), lrt_code);
    assert_ne!(hub_code, new_hub);
}

/// Every message of the proposal in one transaction, as x/gov executes a passed proposal.
fn execute_proposal_atomically(app: &mut App, proposal: &Proposal) -> anyhow::Result<()> {
    use cosmwasm_std::{to_json_binary, CosmosMsg, WasmMsg};
    let msgs = proposal
        .messages
        .iter()
        .map(|message| match message {
            ProposalMessage::MigrateContract(msg) => Ok(CosmosMsg::Wasm(WasmMsg::Migrate {
                contract_addr: msg.contract.clone(),
                new_code_id: msg.code_id.u64(),
                msg: to_json_binary(&msg.msg)?,
            })),
            _ => anyhow::bail!("only migrations here"),
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    app.execute_multi(Addr::unchecked(gov()), msgs)?;
    Ok(())
}

#[test]
fn a_consumer_is_upgraded_on_its_own_chain() {
    let (mut app, code) = consumer_world();
    let plan = consumer_instantiate_proposal(
        &consumer_chain(),
        &load_consumer_artifacts(),
        &consumer_config(code),
    )
    .unwrap();
    execute_proposal(&mut app, &plan.proposal).unwrap();
    let new_code = app.store_code(consumer_contract(
        artifact(SuiteContract::Consumer).checksum,
    ));
    let proposal = migrate_proposal(
        &consumer_chain(),
        "Upgrade the consumer",
        &load_consumer_artifacts(),
        &[migration("consumer", &plan.consumer, new_code)],
    )
    .unwrap();
    let ProposalMessage::MigrateContract(msg) = &proposal.messages[0] else {
        panic!("a migration");
    };
    assert_eq!(msg.sender, consumer_gov());
    assert!(proposal.summary.contains(&listed_checksum("consumer.wasm")));
    execute_proposal(&mut app, &proposal).unwrap();
    assert_eq!(code_of(&app, &plan.consumer), new_code);
}

#[test]
fn bad_migration_lists_are_refused_before_a_deposit_is_paid() {
    let hub_addr = api().addr_make("hub").to_string();
    let lrt_addr = api().addr_make("lrt").to_string();
    let consumer = consumer_api().addr_make("consumer").to_string();
    let refused = |migrations: &[Migration]| {
        migrate_proposal(&chain(), "x", &load_artifacts(), migrations).unwrap_err()
    };

    assert!(matches!(
        refused(&[]),
        DeployError::Empty {
            field: "migrations"
        }
    ));
    let err = refused(&[
        migration("hub", &hub_addr, 5),
        migration("hub", &hub_addr, 6),
    ]);
    assert!(err.to_string().contains("listed twice"), "{err}");
    // The consumer chain's contract with the provider's, or an address of another chain.
    let err = refused(&[
        migration("hub", &hub_addr, 5),
        migration("consumer", &consumer, 6),
    ]);
    assert!(err.to_string().contains("its own proposal"), "{err}");
    let err = refused(&[
        migration("virtual-staking", &consumer, 6),
        migration("relay", &hub_addr, 5),
    ]);
    assert!(err.to_string().contains("its own proposal"), "{err}");
    let err = refused(&[migration("lrt", &consumer, 5)]);
    assert!(matches!(err, DeployError::InvalidAddress { .. }), "{err}");
    // The provider's artifacts hold no consumer code to name.
    let err = migrate_proposal(
        &consumer_chain(),
        "x",
        &load_artifacts(),
        &[migration("consumer", &consumer, 5)],
    )
    .unwrap_err();
    assert!(matches!(err, DeployError::MissingArtifact { .. }), "{err}");
    let ok = migrate_proposal(
        &chain(),
        "x",
        &load_artifacts(),
        &[migration("lrt", &lrt_addr, 5)],
    );
    assert!(ok.is_ok());

    for bad in [
        format!("hub={hub_addr}=0"),
        format!("hub={hub_addr}=five"),
        format!("hub={hub_addr}"),
        format!("hub={hub_addr}=5=6"),
        format!("vault={hub_addr}=5"),
    ] {
        let err = bad.parse::<Migration>().unwrap_err();
        assert!(
            matches!(err, DeployError::InvalidMigration { .. }),
            "{bad}: {err}"
        );
    }
}

#[test]
fn the_command_line_writes_the_upgrade_and_prints_each_data_hash() {
    let out = scratch("migrate-cli");
    let hub_addr = api().addr_make("hub").to_string();
    let lrt_addr = api().addr_make("lrt").to_string();
    let mut args: Vec<String> = [
        "migrate",
        "--prefix",
        PREFIX,
        "--deposit",
        "10000000stake",
        "--artifacts",
    ]
    .map(String::from)
    .to_vec();
    args.push(artifacts_dir().display().to_string());
    args.extend([
        "--gov".to_string(),
        gov(),
        "--out".to_string(),
        out.display().to_string(),
        "--contract".to_string(),
        format!("hub={hub_addr}=11"),
        "--contract".to_string(),
        format!("lrt={lrt_addr}=12"),
    ]);
    let output = run_proposals(&args);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(&format!(
            "hub {hub_addr} -> code 11 (must have data_hash {})",
            listed_checksum("hub.wasm").to_uppercase()
        )),
        "{stdout}"
    );
    let written: Proposal =
        serde_json::from_str(&std::fs::read_to_string(out.join("migrate.json")).unwrap()).unwrap();
    assert_eq!(written.title, "Palisade: Upgrade");
    let codes: Vec<u64> = written
        .messages
        .iter()
        .map(|m| match m {
            ProposalMessage::MigrateContract(msg) => msg.code_id.u64(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(codes, [11, 12]);

    // A code id of 0 is refused, and no file is written.
    let bad = scratch("migrate-cli-bad");
    let mut refused = args.clone();
    let out_at = refused.iter().position(|a| a == "--out").unwrap();
    refused[out_at + 1] = bad.display().to_string();
    *refused.last_mut().unwrap() = format!("lrt={lrt_addr}=0");
    let output = run_proposals(&refused);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("code id must be positive"));
    assert!(!bad.join("migrate.json").exists());

    // The store proposal of the upgrade: only the named code.
    let output = run_proposals(&[
        "upgrade-store".into(),
        "--prefix".into(),
        PREFIX.into(),
        "--gov".into(),
        gov(),
        "--deposit".into(),
        "10000000stake".into(),
        "--artifacts".into(),
        artifacts_dir().display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--contract".into(),
        "hub,lrt".into(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let written: Proposal =
        serde_json::from_str(&std::fs::read_to_string(out.join("upgrade-store.json")).unwrap())
            .unwrap();
    let expected = upgrade_store_proposal(
        &chain_without_source(),
        &load_artifacts(),
        &[SuiteContract::Hub, SuiteContract::Lrt],
    )
    .unwrap();
    assert_eq!(written, expected.proposal);
}

/// The chain as the command line above states it (no --source).
fn chain_without_source() -> palisade_deploy::suite::Chain {
    palisade_deploy::suite::Chain {
        source: None,
        ..chain()
    }
}
