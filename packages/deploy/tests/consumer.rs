//! A consumer chain's proposals: the store proposal decoded and its code unzipped and hashed, the
//! instantiate proposal decoded field by field and executed in multi-test with the real consumer
//! contract at the predicted address, the generator's checks against the contract's at each
//! boundary, and the command line.

mod common;

use std::fs;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use cosmwasm_std::{instantiate2_address, Addr, Api};
use cw_multi_test::Executor;
use palisade_api::consumer::{ChannelResponse, ConfigResponse, InstantiateMsg, QueryMsg};
use palisade_deploy::artifacts::{sha256, SuiteContract};
use palisade_deploy::checks::{MAX_PACKET_TIMEOUT, MAX_REPORTERS};
use palisade_deploy::consumer::{
    consumer_instantiate_proposal, consumer_store_proposal, ConsumerConfig, ConsumerPlan,
};
use palisade_deploy::proposal::Proposal;
use palisade_deploy::DeployError;
use serde_json::{json, Value};

fn plan(config: &ConsumerConfig) -> ConsumerPlan {
    consumer_instantiate_proposal(&consumer_chain(), &load_consumer_artifacts(), config).unwrap()
}

fn refused(config: ConsumerConfig) -> DeployError {
    consumer_instantiate_proposal(&consumer_chain(), &load_consumer_artifacts(), &config)
        .unwrap_err()
}

/// Where wasmd puts the consumer, computed with `cosmwasm_std` alone.
fn expected_consumer_address(salt: &str) -> String {
    let api = consumer_api();
    let creator = api.addr_canonicalize(&consumer_gov()).unwrap();
    let checksum = artifact(SuiteContract::Consumer).checksum;
    let address = instantiate2_address(&checksum, &creator, salt.as_bytes()).unwrap();
    api.addr_humanize(&address).unwrap().to_string()
}

fn reporters(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            consumer_api()
                .addr_make(&format!("reporter-{i}"))
                .to_string()
        })
        .collect()
}

#[test]
fn consumer_store_proposal_uploads_the_consumer_code_gzipped() {
    let plan = consumer_store_proposal(&consumer_chain(), &load_consumer_artifacts()).unwrap();
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
    assert_eq!(json["title"], "Palisade: store the consumer contract code");
    let messages = json["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(
        keys(message),
        [
            "@type",
            "instantiate_permission",
            "sender",
            "wasm_byte_code"
        ]
    );
    assert_eq!(message["@type"], "/cosmwasm.wasm.v1.MsgStoreCode");
    assert_eq!(message["sender"], consumer_gov());
    assert_eq!(
        message["instantiate_permission"],
        json!({"permission": "AnyOfAddresses", "addresses": [consumer_gov()]})
    );
    let gzipped = BASE64
        .decode(message["wasm_byte_code"].as_str().unwrap())
        .unwrap();
    let code = gunzip(&gzipped);
    let checksum = listed_checksum("consumer.wasm");
    assert_eq!(hex(&sha256(&code)), checksum);
    assert_eq!(
        code,
        fs::read(artifacts_dir().join("consumer.wasm")).unwrap()
    );
    let summary = json["summary"].as_str().unwrap();
    assert!(
        summary.contains(&format!(
            "consumer.wasm: sha256 {checksum} ({} bytes, {} gzipped)",
            code.len(),
            gzipped.len()
        )),
        "{summary}"
    );
    assert!(summary.contains(&consumer_gov()));
    assert_eq!(plan.gzip_len(), gzipped.len());
    assert_eq!(plan.size_note(), None);
    let typed: Proposal = serde_json::from_value(json).unwrap();
    assert_eq!(typed, plan.proposal);
}

#[test]
fn consumer_instantiate_proposal_states_every_field() {
    let config = consumer_config(4);
    let plan = plan(&config);
    let consumer = expected_consumer_address("palisade-consumer");
    assert_eq!(plan.consumer, consumer);
    assert_eq!(plan.port, format!("wasm.{consumer}"));
    assert_eq!(plan.relay_port, format!("wasm.{}", relay_address()));

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
    assert_eq!(json["title"], "Palisade: instantiate the consumer contract");
    assert_eq!(json["expedited"], false);
    let messages = json["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(
        keys(message),
        ["@type", "admin", "code_id", "fix_msg", "funds", "label", "msg", "salt", "sender"]
    );
    assert_eq!(
        message["@type"],
        "/cosmwasm.wasm.v1.MsgInstantiateContract2"
    );
    assert_eq!(message["sender"], consumer_gov());
    assert_eq!(message["admin"], consumer_gov());
    assert_eq!(message["code_id"], "4");
    assert_eq!(message["label"], "palisade-consumer");
    assert_eq!(
        BASE64.decode(message["salt"].as_str().unwrap()).unwrap(),
        b"palisade-consumer"
    );
    assert_eq!(message["funds"], json!([]));
    assert_eq!(message["fix_msg"], false);
    assert_eq!(
        message["msg"],
        json!({
            "owner": consumer_gov(),
            "provider_connection_id": "connection-3",
            "relay_port": format!("wasm.{}", relay_address()),
            "packet_timeout": 6 * 3_600,
            "reporters": config.reporters,
        })
    );
    let typed: InstantiateMsg = serde_json::from_value(message["msg"].clone()).unwrap();
    assert_eq!(typed.owner, consumer_gov());

    let summary = json["summary"].as_str().unwrap();
    for needle in [
        consumer.as_str(),
        &format!("wasm.{consumer}"),
        &format!("wasm.{}", relay_address()),
        &artifact(SuiteContract::Consumer).checksum_hex(),
        "code id 4",
        "connection-3",
        &config.reporters[0],
        &config.reporters[1],
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
fn the_consumer_lands_at_the_predicted_address_with_its_config() {
    let (mut app, code) = consumer_world();
    let config = consumer_config(code);
    let plan = plan(&config);
    let proposal: Proposal = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();
    let created = execute_proposal(&mut app, &proposal).unwrap();
    assert_eq!(created, std::slice::from_ref(&plan.consumer));

    let consumer = Addr::unchecked(&plan.consumer);
    let info = app.contract_data(&consumer).unwrap();
    assert_eq!(info.admin.unwrap().as_str(), consumer_gov());
    let got: ConfigResponse = app
        .wrap()
        .query_wasm_smart(&consumer, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(
        got,
        ConfigResponse {
            provider_connection_id: "connection-3".to_string(),
            relay_port: plan.relay_port.clone(),
            packet_timeout: config.packet_timeout,
            reporters: config.reporters.iter().map(Addr::unchecked).collect(),
        }
    );
    let ownership: cw_ownable::Ownership<String> = app
        .wrap()
        .query_wasm_smart(&consumer, &QueryMsg::Ownership {})
        .unwrap();
    assert_eq!(ownership.owner, Some(consumer_gov()));
    let channel: Option<ChannelResponse> = app
        .wrap()
        .query_wasm_smart(&consumer, &QueryMsg::Channel {})
        .unwrap();
    assert_eq!(channel, None);

    // Governance may replace the reporters, as the guide says.
    app.execute_contract(
        Addr::unchecked(consumer_gov()),
        consumer,
        &palisade_api::consumer::ExecuteMsg::SetReporters { reporters: vec![] },
        &[],
    )
    .unwrap();
}

#[test]
fn the_generator_refuses_exactly_what_the_consumer_refuses() {
    let (mut app, code) = consumer_world();
    let base = consumer_config(code);
    let mut duplicate = reporters(2);
    duplicate[1] = duplicate[0].clone();
    let cases: Vec<(&str, ConsumerConfig)> = vec![
        ("defaults", base.clone()),
        (
            "zero timeout",
            ConsumerConfig {
                packet_timeout: 0,
                ..base.clone()
            },
        ),
        (
            "one second",
            ConsumerConfig {
                packet_timeout: 1,
                ..base.clone()
            },
        ),
        (
            "one year",
            ConsumerConfig {
                packet_timeout: MAX_PACKET_TIMEOUT,
                ..base.clone()
            },
        ),
        (
            "one year and a second",
            ConsumerConfig {
                packet_timeout: MAX_PACKET_TIMEOUT + 1,
                ..base.clone()
            },
        ),
        (
            "no reporters",
            ConsumerConfig {
                reporters: vec![],
                ..base.clone()
            },
        ),
        (
            "most reporters",
            ConsumerConfig {
                reporters: reporters(MAX_REPORTERS),
                ..base.clone()
            },
        ),
        (
            "too many reporters",
            ConsumerConfig {
                reporters: reporters(MAX_REPORTERS + 1),
                ..base.clone()
            },
        ),
        (
            "a reporter twice",
            ConsumerConfig {
                reporters: duplicate,
                ..base.clone()
            },
        ),
        (
            "a reporter of the provider",
            ConsumerConfig {
                reporters: vec![api().addr_make("reporter").to_string()],
                ..base
            },
        ),
    ];
    let mut refused = Vec::new();
    for (i, (name, config)) in cases.into_iter().enumerate() {
        let msg = InstantiateMsg {
            owner: consumer_gov(),
            provider_connection_id: config.provider_connection_id.clone(),
            relay_port: format!("wasm.{}", config.relay),
            packet_timeout: config.packet_timeout,
            reporters: config.reporters.clone(),
        };
        let contract_accepts = app
            .instantiate2_contract(
                code,
                Addr::unchecked(consumer_gov()),
                &msg,
                &[],
                name,
                None,
                format!("case-{i}").as_bytes(),
            )
            .is_ok();
        let generator_accepts =
            consumer_instantiate_proposal(&consumer_chain(), &load_consumer_artifacts(), &config)
                .is_ok();
        assert_eq!(generator_accepts, contract_accepts, "{name}");
        if !contract_accepts {
            refused.push(name);
        }
    }
    assert_eq!(
        refused,
        [
            "zero timeout",
            "one year and a second",
            "too many reporters",
            "a reporter twice",
            "a reporter of the provider"
        ]
    );
}

#[test]
fn inputs_that_would_strand_or_break_the_consumer_are_refused() {
    let good = consumer_config(4);

    for bad in ["", "connection", "connection-", "channel-0", "connection-x"] {
        let config = ConsumerConfig {
            provider_connection_id: bad.to_string(),
            ..good.clone()
        };
        assert!(
            matches!(
                refused(config),
                DeployError::InvalidConnectionId { field: "provider connection id", value } if value == bad
            ),
            "{bad:?}"
        );
    }

    // The relay is a contract of the provider: the consumer chain's prefix or an account's
    // 20 bytes are refused.
    let config = ConsumerConfig {
        relay: consumer_api().addr_make("relay").to_string(),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::InvalidAddress { field, .. } if field == "relay"
    ));
    let config = ConsumerConfig {
        relay: gov(),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::InvalidAddress { field, reason, .. }
            if field == "relay" && reason == "20 bytes: a contract address has 32"
    ));

    let config = ConsumerConfig {
        packet_timeout: MAX_PACKET_TIMEOUT + 1,
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::PacketTimeout {
            field: "consumer packet_timeout",
            max: MAX_PACKET_TIMEOUT,
            ..
        }
    ));

    let config = ConsumerConfig {
        reporters: reporters(MAX_REPORTERS + 1),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::ReporterCount { count: 21, max: 20 }
    ));
    let mut config = good.clone();
    config.reporters[1] = config.reporters[0].clone();
    let twice = config.reporters[0].clone();
    assert!(matches!(
        refused(config),
        DeployError::DuplicateReporter { reporter } if reporter == twice
    ));
    let mut config = good.clone();
    config.reporters[0] = api().addr_make("reporter").to_string();
    assert!(matches!(
        refused(config),
        DeployError::InvalidAddress { field, .. } if field == "reporter"
    ));

    let config = ConsumerConfig {
        code_id: 0,
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::ZeroCodeId {
            field: "consumer code id"
        }
    ));
    let config = ConsumerConfig {
        salt: String::new(),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::InvalidSalt {
            field: "consumer salt",
            ..
        }
    ));
    let config = ConsumerConfig {
        label: "l".repeat(129),
        ..good.clone()
    };
    assert!(matches!(
        refused(config),
        DeployError::TooLong {
            field: "consumer label",
            ..
        }
    ));

    // The provider's gov module account is not the consumer chain's.
    let provider_gov = palisade_deploy::suite::Chain {
        gov: gov(),
        ..consumer_chain()
    };
    assert!(matches!(
        consumer_instantiate_proposal(&provider_gov, &load_consumer_artifacts(), &good),
        Err(DeployError::InvalidAddress { field, .. }) if field == "gov"
    ));
    assert!(matches!(
        consumer_store_proposal(&chain(), &load_artifacts()),
        Err(DeployError::MissingArtifact { file }) if file == "consumer.wasm"
    ));
}

#[test]
fn the_command_line_writes_both_consumer_proposals_and_prints_the_port() {
    let out = scratch("consumer-cli");
    let chain_args = |command: &str| cli_args(command, CONSUMER_PREFIX, &consumer_gov(), &out);

    let output = run_proposals(&chain_args("consumer-store"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&listed_checksum("consumer.wasm")),
        "{stdout}"
    );
    let written = fs::read_to_string(out.join("consumer-store.json")).unwrap();
    let expected = consumer_store_proposal(&consumer_chain(), &load_consumer_artifacts()).unwrap();
    assert_eq!(written, expected.proposal.to_json().unwrap());

    let config = consumer_config(4);
    let mut args = chain_args("consumer-instantiate");
    args.extend(
        [
            "--consumer-code-id",
            "4",
            "--provider-connection-id",
            "connection-3",
            "--relay",
            &config.relay,
            "--provider-prefix",
            PREFIX,
            "--packet-timeout",
            &config.packet_timeout.to_string(),
            "--reporter",
            &config.reporters.join(","),
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
    assert!(
        stdout.contains(&format!(
            "predicted consumer address: {}",
            expected.consumer
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("consumer IBC port:          {}", expected.port)),
        "{stdout}"
    );
    let written: Proposal =
        serde_json::from_str(&fs::read_to_string(out.join("consumer-instantiate.json")).unwrap())
            .unwrap();
    assert_eq!(written, expected.proposal);
}
