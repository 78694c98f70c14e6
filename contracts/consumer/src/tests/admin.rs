use cosmwasm_std::coins;
use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cw_ownable::{Action, Ownership};
use palisade_api::consumer::{ConfigResponse, MigrateMsg};

use super::*;
use crate::contract::{migrate, CONTRACT_NAME, CONTRACT_VERSION};
use crate::state::MAX_PACKET_TIMEOUT;

fn try_instantiate(change: impl Fn(&mut InstantiateMsg)) -> Result<Response, ContractError> {
    let mut deps = mock_dependencies();
    let mut msg = instantiate_msg(&deps.api);
    change(&mut msg);
    let sender = deps.api.addr_make("deployer");
    instantiate(deps.as_mut(), mock_env(), message_info(&sender, &[]), msg)
}

#[test]
fn instantiate_stores_the_configuration() {
    let response = try_instantiate(|_| {}).unwrap();
    let suite = Suite::new();
    assert_eq!(attr(&response.attributes, "action"), "instantiate");
    assert_eq!(attr(&response.attributes, "owner"), suite.owner.as_str());
    assert_eq!(attr(&response.attributes, "relay_port"), RELAY_PORT);
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            provider_connection_id: CONNECTION.to_string(),
            relay_port: RELAY_PORT.to_string(),
            packet_timeout: PACKET_TIMEOUT,
            reporters: vec![suite.reporter.clone()],
        }
    );
    let ownership: Ownership<Addr> = suite.query(QueryMsg::Ownership {});
    assert_eq!(ownership.owner, Some(suite.owner.clone()));
    assert_eq!(
        suite.summary(),
        PowerSummaryResponse {
            last_update_id: 0,
            total_power: Uint128::zero(),
            operators: 0
        }
    );
}

#[test]
fn instantiate_refuses_invalid_parameters() {
    let timeout = |packet_timeout| ContractError::InvalidPacketTimeout {
        packet_timeout,
        max: MAX_PACKET_TIMEOUT,
    };
    assert_eq!(
        try_instantiate(|m| m.packet_timeout = 0).unwrap_err(),
        timeout(0)
    );
    assert_eq!(
        try_instantiate(|m| m.packet_timeout = MAX_PACKET_TIMEOUT + 1).unwrap_err(),
        timeout(MAX_PACKET_TIMEOUT + 1)
    );
    assert_eq!(
        try_instantiate(|m| m.provider_connection_id.clear()).unwrap_err(),
        ContractError::EmptyConnectionId
    );
    assert_eq!(
        try_instantiate(|m| m.relay_port.clear()).unwrap_err(),
        ContractError::EmptyRelayPort
    );
    assert!(matches!(
        try_instantiate(|m| m.reporters = vec!["not an address".to_string()]).unwrap_err(),
        ContractError::Std(_)
    ));
    let twice = try_instantiate(|m| m.reporters.push(m.reporters[0].clone())).unwrap_err();
    assert!(matches!(twice, ContractError::DuplicateReporter { .. }));
    assert!(matches!(
        try_instantiate(|m| m.owner = "not an address".to_string()).unwrap_err(),
        ContractError::Ownership(_) | ContractError::Std(_)
    ));

    let mut deps = mock_dependencies();
    let msg = instantiate_msg(&deps.api);
    let sender = deps.api.addr_make("deployer");
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&sender, &coins(1, "ucons")),
        msg,
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)));
}

#[test]
fn owner_replaces_the_reporters() {
    let mut suite = Suite::connected();
    suite.power_update(1, &[("valoper1a", "key-a", 100)], &[]);
    suite.advance(5);
    let owner = suite.owner.clone();
    let old = suite.reporter.clone();
    let new = suite.addr("new-reporter");

    let msg = ExecuteMsg::SetReporters {
        reporters: vec![new.to_string()],
    };
    assert!(matches!(
        suite.execute(&old, msg.clone()).unwrap_err(),
        ContractError::Ownership(_)
    ));
    let response = suite.execute(&owner, msg).unwrap();
    assert_eq!(attr(&response.attributes, "action"), "set_reporters");
    assert_eq!(attr(&response.attributes, "reporters"), new.as_str());

    let height = suite.env.block.height - 1;
    let report = suite.infraction("key-a", Infraction::Downtime, height);
    assert_eq!(
        suite.report(&old, report.clone()).unwrap_err(),
        ContractError::Unauthorized {
            sender: old.to_string()
        }
    );
    suite.report(&new, report).unwrap();

    let too_many = (0..=crate::state::MAX_REPORTERS)
        .map(|i| suite.addr(&format!("r{i}")).to_string())
        .collect();
    assert!(matches!(
        suite
            .execute(
                &owner,
                ExecuteMsg::SetReporters {
                    reporters: too_many
                }
            )
            .unwrap_err(),
        ContractError::TooManyReporters { .. }
    ));
}

#[test]
fn ownership_is_transferred_in_two_steps() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let next = suite.addr("next-owner");
    let response = suite
        .execute(
            &owner,
            ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
                new_owner: next.to_string(),
                expiry: None,
            }),
        )
        .unwrap();
    assert_eq!(attr(&response.attributes, "action"), "update_ownership");
    suite
        .execute(&next, ExecuteMsg::UpdateOwnership(Action::AcceptOwnership))
        .unwrap();
    let ownership: Ownership<Addr> = suite.query(QueryMsg::Ownership {});
    assert_eq!(ownership.owner, Some(next));
}

#[test]
fn operators_are_paged_in_valoper_order() {
    let mut suite = Suite::connected();
    suite.power_update(
        1,
        &[
            ("valoper1c", "k-c", 3),
            ("valoper1a", "k-a", 1),
            ("valoper1b", "k-b", 2),
        ],
        &[],
    );
    let page: Vec<OperatorResponse> = suite.query(QueryMsg::Operators {
        start_after: Some("valoper1a".to_string()),
        limit: Some(1),
    });
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].operator, "valoper1b");
}

#[test]
fn migrate_refuses_a_downgrade_and_other_contracts() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, ContractError::InvalidMigration { .. }));
    cw2::set_contract_version(&mut deps.storage, "crates.io:palisade-hub", "0.1.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, ContractError::InvalidMigration { .. }));
    cw2::set_contract_version(
        &mut deps.storage,
        CONTRACT_NAME,
        crate::migrations::FROM_VERSION,
    )
    .unwrap();
    let response = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&response.attributes, "from_version"), "0.1.0");
    assert_eq!(attr(&response.attributes, "to_version"), "0.2.0");
    assert_eq!(
        cw2::get_contract_version(&deps.storage).unwrap().version,
        CONTRACT_VERSION
    );
}

#[test]
fn migrate_refuses_a_release_older_than_from_version() {
    palisade_testing::unit::assert_migration_refuses_older(
        crate::migrations::CONTRACT_NAME,
        "0.0.9",
        crate::migrations::FROM_VERSION,
        |deps, env| crate::contract::migrate(deps, env, MigrateMsg {}),
    );
}
