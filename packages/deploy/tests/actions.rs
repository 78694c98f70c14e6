//! Proposals acting on a deployed suite: each message checked against the contract's type and
//! rules, the file decoded field by field, and the decoded messages executed by governance on a
//! suite deployed by the instantiate proposal.

mod common;

use common::*;
use cosmwasm_std::Addr;
use palisade_api::lrt;
use palisade_deploy::actions::{action_proposal, Action, Target};
use palisade_deploy::proposal::{Proposal, ProposalMessage};
use palisade_deploy::suite::instantiate_proposal;
use palisade_deploy::DeployError;
use serde_json::json;

/// A suite deployed by the instantiate proposal: (app, hub, LRT, registry).
fn deployed() -> (cw_multi_test::App, String, String, String) {
    let (mut app, codes) = world(2);
    let plan = instantiate_proposal(&chain(), &load_artifacts(), &suite_config(codes)).unwrap();
    execute_proposal(&mut app, &plan.proposal).unwrap();
    (app, plan.hub, plan.lrt, plan.registry)
}

fn action(target: &str, contract: &str, msg: serde_json::Value) -> Action {
    format!("{target}={contract}={msg}").parse().unwrap()
}

#[test]
fn governance_actions_are_written_as_the_sdk_reads_them_and_execute() {
    let (mut app, hub, lrt_addr, registry) = deployed();
    let actions = vec![
        action(
            "lrt",
            &lrt_addr,
            json!({"add_reward_denom": {"denom": "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"}}),
        ),
        action(
            "registry",
            &registry,
            json!({"update_params": registry_params()}),
        ),
        action(
            "hub",
            &hub,
            json!({"pause": {"operations": ["deposit"], "duration": 3600}}),
        ),
    ];
    let proposal = action_proposal(&chain(), "Reward denom, parameters, drill", &actions).unwrap();
    let written = proposal.to_json().unwrap();
    let value: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(value["title"], "Palisade: Reward denom, parameters, drill");
    assert_eq!(value["deposit"], "10000000stake");
    let messages = value["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    for (message, action) in messages.iter().zip(&actions) {
        assert_eq!(
            keys(message),
            ["@type", "contract", "funds", "msg", "sender"]
        );
        assert_eq!(message["@type"], "/cosmwasm.wasm.v1.MsgExecuteContract");
        assert_eq!(message["sender"], gov());
        assert_eq!(message["contract"], action.contract.as_str());
        assert_eq!(message["msg"], action.msg);
        assert_eq!(message["funds"], json!([]));
    }
    let summary = value["summary"].as_str().unwrap();
    assert!(summary.contains("1. lrt "), "{summary}");
    assert!(summary.contains("3. hub "), "{summary}");
    assert!(
        summary.contains("Source: https://example.invalid"),
        "{summary}"
    );

    // As x/gov would run it: every message from the gov module account, in order.
    let decoded: Proposal = serde_json::from_str(&written).unwrap();
    assert!(matches!(
        decoded.messages[0],
        ProposalMessage::ExecuteContract(_)
    ));
    execute_proposal(&mut app, &decoded).unwrap();
    let state: lrt::RewardStateResponse = app
        .wrap()
        .query_wasm_smart(Addr::unchecked(&lrt_addr), &lrt::QueryMsg::RewardState {})
        .unwrap();
    assert_eq!(state.denoms.len(), 1);
    let pauses: Vec<palisade_api::hub::PauseResponse> = app
        .wrap()
        .query_wasm_smart(
            Addr::unchecked(&hub),
            &palisade_api::hub::QueryMsg::Pauses {},
        )
        .unwrap();
    assert_eq!(pauses.len(), 1);
}

#[test]
fn actions_the_contracts_would_refuse_are_refused_before_the_deposit() {
    let hub = api().addr_make("hub").to_string();
    let hub = hub.as_str();
    let refused = |actions: &[Action]| action_proposal(&chain(), "t", actions).unwrap_err();
    // A message the contract does not have, or with a misspelt field.
    let err = refused(&[action("lrt", hub, json!({"deposit": {}}))]);
    assert!(
        matches!(&err, DeployError::InvalidAction { reason, .. } if reason.contains("not a lrt execute message")),
        "{err}"
    );
    let err = refused(&[action(
        "hub",
        hub,
        json!({"pause": {"operations": ["deposit"], "duraton": 60}}),
    )]);
    assert!(matches!(err, DeployError::InvalidAction { .. }), "{err}");
    // Parameters outside the hub's rules: a fee above 20%.
    let mut params = params();
    params.fee_bps = 2_001;
    let err = refused(&[action("hub", hub, json!({"update_params": params}))]);
    assert!(!matches!(err, DeployError::InvalidAction { .. }), "{err}");
    // An address of another chain.
    let other = cosmwasm_std::testing::MockApi::default()
        .with_prefix("cosmos")
        .addr_make("hub")
        .to_string();
    let err = refused(&[action(
        "hub",
        &other,
        json!({"unpause": {"operations": []}}),
    )]);
    assert!(matches!(err, DeployError::InvalidAddress { .. }), "{err}");
    // Nothing to do.
    assert!(matches!(
        refused(&[]),
        DeployError::Empty { field: "actions" }
    ));
    // Syntax: an unknown contract, a missing part, a message that is not JSON.
    assert!("vault=x={}".parse::<Action>().is_err());
    assert!("hub={}".parse::<Action>().is_err());
    assert!(format!("hub={hub}={{not json").parse::<Action>().is_err());
    let parsed: Action =
        format!("relay={hub}={{\"veto_slash\":{{\"slash_id\":1,\"reason\":\"r\"}}}}")
            .parse()
            .unwrap();
    assert_eq!(parsed.target, Target::Relay);
    assert_eq!(parsed.name(), "veto_slash");
}

/// A consumer chain's governance calls its consumer contract the same way: the route for its
/// rewards, checked against the consumer's execute message type.
#[test]
fn consumer_actions_are_checked_against_the_consumer_contract() {
    let consumer = api().addr_make("consumer").to_string();
    let route = json!({"set_reward_route": {"transfer_channel": "channel-0", "denoms": [
        {"local": "ucons", "provider": "ibc/5B3D8CB4AD96DBD4C2B1C5F1D0D3A3A1E0E5F4D2C1B0A9F8E7D6C5B4A3928170"}
    ]}});
    let proposal = action_proposal(
        &chain(),
        "Reward route",
        &[action("consumer", &consumer, route.clone())],
    )
    .unwrap();
    let value: serde_json::Value = serde_json::from_str(&proposal.to_json().unwrap()).unwrap();
    assert_eq!(value["messages"][0]["contract"], consumer.as_str());
    assert_eq!(value["messages"][0]["msg"], route);
    // The provider's messages are not the consumer's.
    let err = action_proposal(
        &chain(),
        "t",
        &[action(
            "consumer",
            &consumer,
            json!({"execute_slash": {"slash_id": 1}}),
        )],
    )
    .unwrap_err();
    assert!(
        matches!(&err, DeployError::InvalidAction { reason, .. } if reason.contains("not a consumer execute message")),
        "{err}"
    );
}

#[test]
fn the_command_line_writes_the_action_proposal() {
    let (_, hub, _, _) = deployed();
    let out = scratch("actions-cli");
    let output = run_proposals(&[
        "execute".into(),
        "--prefix".into(),
        PREFIX.into(),
        "--gov".into(),
        gov(),
        "--deposit".into(),
        "10000000stake".into(),
        "--out".into(),
        out.display().to_string(),
        "--title".into(),
        "Lift the pause".into(),
        "--name".into(),
        "unpause".into(),
        "--action".into(),
        format!("hub={hub}={{\"unpause\":{{\"operations\":[\"deposit\"]}}}}"),
    ]);
    assert!(output.status.success(), "{output:?}");
    let written: Proposal =
        serde_json::from_str(&std::fs::read_to_string(out.join("unpause.json")).unwrap()).unwrap();
    let ProposalMessage::ExecuteContract(msg) = &written.messages[0] else {
        panic!("an execute message");
    };
    assert_eq!(msg.contract, hub);
    assert_eq!(msg.msg, json!({"unpause": {"operations": ["deposit"]}}));
    // A bad name is refused.
    let output = run_proposals(&[
        "execute".into(),
        "--prefix".into(),
        PREFIX.into(),
        "--gov".into(),
        gov(),
        "--deposit".into(),
        "1stake".into(),
        "--out".into(),
        out.display().to_string(),
        "--title".into(),
        "x".into(),
        "--name".into(),
        "../escape".into(),
        "--action".into(),
        format!("hub={hub}={{\"unpause\":{{\"operations\":[\"deposit\"]}}}}"),
    ]);
    assert!(!output.status.success());
}
