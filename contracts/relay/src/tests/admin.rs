use cosmwasm_std::testing::{message_info, mock_env};
use cosmwasm_std::{coin, Uint128};
use cw_ownable::{Action, Ownership, OwnershipError};
use palisade_api::relay::{ConfigResponse, MigrateMsg};

use super::*;
use crate::contract::{migrate, CONTRACT_NAME, CONTRACT_VERSION};

#[test]
fn instantiate_reads_the_hub_from_the_registry() {
    let suite = Suite::new();
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            registry: suite.registry_addr.clone(),
            hub: suite.addr("hub"),
            settings: settings(10),
            slash_book: Some(suite.book_addr.clone()),
        }
    );
    let ownership: Ownership<Addr> = suite.query(QueryMsg::Ownership {});
    assert_eq!(ownership.owner, Some(suite.owner.clone()));
    assert_eq!(
        cw2::get_contract_version(&suite.deps.storage)
            .unwrap()
            .contract,
        CONTRACT_NAME
    );
}

#[test]
fn instantiate_emits_its_event_and_validates() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let registry = suite.registry_addr.clone();
    let msg = |settings| InstantiateMsg {
        owner: owner.to_string(),
        registry: registry.to_string(),
        settings,
    };
    let fresh = |suite: &mut Suite, msg: InstantiateMsg, funds: &[cosmwasm_std::Coin]| {
        instantiate(
            suite.deps.as_mut(),
            mock_env(),
            message_info(&owner, funds),
            msg,
        )
    };
    let response = fresh(&mut suite, msg(settings(7)), &[]).unwrap();
    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "instantiate");
    assert_eq!(attr(a, "owner"), owner.as_str());
    assert_eq!(attr(a, "registry"), registry.as_str());
    assert_eq!(attr(a, "hub"), suite.addr("hub").as_str());
    assert_eq!(attr(a, "packet_timeout"), "600");
    assert_eq!(attr(a, "max_operators_per_update"), "7");

    let err = fresh(&mut suite, msg(settings(7)), &[coin(1, "uatom")]).unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)));
    let zero_timeout = RelaySettings {
        packet_timeout: 0,
        max_operators_per_update: 7,
    };
    assert_eq!(
        fresh(&mut suite, msg(zero_timeout), &[]).unwrap_err(),
        ContractError::InvalidPacketTimeout {
            packet_timeout: 0,
            max: 31_536_000
        }
    );
    for bad in [0, 101] {
        assert_eq!(
            fresh(&mut suite, msg(settings(bad)), &[]).unwrap_err(),
            ContractError::InvalidMaxOperators {
                max_operators_per_update: bad,
                max: 100
            }
        );
    }
    let mut bad_registry = msg(settings(7));
    bad_registry.registry = "NotAnAddress".to_string();
    assert!(matches!(
        fresh(&mut suite, bad_registry, &[]).unwrap_err(),
        ContractError::Std(_)
    ));
}

#[test]
fn update_settings_is_for_the_owner_and_validated() {
    let mut suite = Suite::new();
    let stranger = suite.addr("stranger");
    assert_eq!(
        suite
            .execute(&stranger, ExecuteMsg::UpdateSettings(settings(5)))
            .unwrap_err(),
        ContractError::Ownership(OwnershipError::NotOwner)
    );
    let owner = suite.owner.clone();
    assert_eq!(
        suite
            .execute(&owner, ExecuteMsg::UpdateSettings(settings(0)))
            .unwrap_err(),
        ContractError::InvalidMaxOperators {
            max_operators_per_update: 0,
            max: 100
        }
    );
    let response = suite
        .execute(
            &owner,
            ExecuteMsg::UpdateSettings(RelaySettings {
                packet_timeout: 60,
                max_operators_per_update: 100,
            }),
        )
        .unwrap();
    assert_eq!(attr(&response.attributes, "action"), "update_settings");
    assert_eq!(attr(&response.attributes, "packet_timeout"), "60");
    assert_eq!(
        attr(&response.attributes, "max_operators_per_update"),
        "100"
    );
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(config.settings.packet_timeout, 60);
}

#[test]
fn ownership_can_be_transferred() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let next = suite.addr("next");
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
fn channels_are_listed_by_chain_id() {
    let mut suite = Suite::connected();
    let mut params = consumer_params();
    params.connection_id = "connection-7".to_string();
    suite.registry(|r| r.add_consumer("consumer-0", params));
    let mut channel = cosmwasm_std::testing::mock_ibc_channel(
        "channel-5",
        palisade_api::ibc::PROTOCOL_ORDER,
        palisade_api::ibc::PROTOCOL_VERSION,
    );
    channel.connection_id = "connection-7".to_string();
    let msg =
        cosmwasm_std::IbcChannelOpenMsg::new_try(channel, palisade_api::ibc::PROTOCOL_VERSION);
    ibc_channel_open(suite.deps.as_mut(), suite.env.clone(), msg).unwrap();

    let all: Vec<ChannelResponse> = suite.query(QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    let ids: Vec<(&str, &str)> = all
        .iter()
        .map(|c| (c.chain_id.as_str(), c.channel_id.as_str()))
        .collect();
    assert_eq!(ids, vec![("consumer-0", "channel-5"), (CHAIN, CHANNEL)]);
    let after: Vec<ChannelResponse> = suite.query(QueryMsg::Channels {
        start_after: Some("consumer-0".to_string()),
        limit: Some(1),
    });
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].chain_id, CHAIN);
    assert_eq!(after[0].total_power, Uint128::zero());
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
    assert_eq!(attr(&response.attributes, "action"), "migrate");
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

#[test]
fn governance_refunds_reward_tokens_no_notice_can_credit() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let treasury = suite.addr("consumer_treasury");
    let refund = |amount: u128, recipient: &str| ExecuteMsg::RefundRewards {
        denom: "ibc/UNADMITTED".to_string(),
        amount: Uint128::new(amount),
        recipient: recipient.to_string(),
    };
    let before = suite.snapshot();

    let stranger = suite.addr("stranger");
    let err = suite
        .execute(&stranger, refund(700, treasury.as_str()))
        .unwrap_err();
    assert_eq!(err, ContractError::Ownership(OwnershipError::NotOwner));
    let err = suite
        .execute(&owner, refund(0, treasury.as_str()))
        .unwrap_err();
    assert_eq!(err, ContractError::ZeroRefund);
    let err = suite
        .execute(&owner, refund(700, "not an address"))
        .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err:?}");
    assert_eq!(suite.snapshot(), before);

    let response = suite
        .execute(&owner, refund(700, treasury.as_str()))
        .unwrap();
    assert_eq!(
        response.messages,
        vec![SubMsg::new(cosmwasm_std::BankMsg::Send {
            to_address: treasury.to_string(),
            amount: vec![coin(700, "ibc/UNADMITTED")],
        })]
    );
    let a = &response.attributes;
    assert_eq!(attr(a, "action"), "refund_rewards");
    assert_eq!(attr(a, "denom"), "ibc/UNADMITTED");
    assert_eq!(attr(a, "amount"), "700");
    assert_eq!(attr(a, "recipient"), treasury.as_str());
    // Nothing of the relay's own records changes.
    assert_eq!(suite.snapshot(), before);
}
