//! The upgrade of a deployment whose relay kept the slash book (release 0.2.0) to the separate
//! slash book, in one proposal: the file, its execution by governance on a relay holding slash
//! records (the book then holds them all and the relay names it), too few and too many import
//! pages, and the generator's refusals and command line.

mod common;

use common::*;
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw_multi_test::{App, Executor};
use palisade_api::ibc::{Infraction, SlashStatus};
use palisade_api::relay::{ConfigResponse as RelayConfig, QueryMsg as RelayQuery};
use palisade_api::slash_book::{
    ConfigResponse as BookConfig, ExecuteMsg as BookExecute, ImportProgress, QueryMsg as BookQuery,
    SlashResponse,
};
use palisade_deploy::artifacts::SuiteContract;
use palisade_deploy::book_upgrade::{book_upgrade_proposal, BookUpgrade, BookUpgradePlan};
use palisade_deploy::proposal::ProposalMessage;
use palisade_deploy::suite::instantiate_proposal;
use palisade_deploy::DeployError;
use palisade_slash_book::state::{save_slash, SlashRecord, LAST_SLASH_ID};

/// A deployed suite whose relay is as release 0.2.0 left it: no slash book named, `slashes`
/// slash records in its own storage. Returns the app, the registry, the relay and the codes.
fn relay_of_release_0_2(slashes: u64) -> (App, String, String, Codes) {
    let (mut app, codes) = world(2);
    let plan = instantiate_proposal(&chain(), &load_artifacts(), &suite_config(codes)).unwrap();
    execute_proposal(&mut app, &plan.proposal).unwrap();
    let relay = Addr::unchecked(&plan.relay);
    let mut storage = app.contract_storage_mut(&relay);
    storage.remove(b"slash_book");
    for id in 1..=slashes {
        save_slash(storage.as_mut(), id, None, &record(id)).unwrap();
    }
    if slashes > 0 {
        LAST_SLASH_ID.save(storage.as_mut(), &slashes).unwrap();
    }
    drop(storage);
    (app, plan.registry, plan.relay, codes)
}

/// An executed downtime slash of the kind 0.2.0 relays recorded.
fn record(n: u64) -> SlashRecord {
    SlashRecord {
        chain_id: "consumer-1".to_string(),
        request_id: n,
        operator: valoper(0),
        infraction: Infraction::Downtime,
        infraction_height: 100 + n,
        infraction_time: Timestamp::from_seconds(1_000 + n),
        update_id: 1,
        provider_height: 50,
        fraction: Decimal::percent(1),
        allocation: Decimal::percent(50),
        stake_at_infraction: Uint128::new(1_000_000),
        amount: Uint128::new(5_000),
        evidence: None,
        received_at: Timestamp::from_seconds(2_000),
        executable_at: None,
        status: SlashStatus::Executed,
        veto_reason: None,
        window_start: Some(Timestamp::from_seconds(2_000)),
    }
}

fn upgrade(registry: &str, relay: &str, codes: Codes, relay_slashes: u64) -> BookUpgrade {
    BookUpgrade {
        relay: relay.to_string(),
        registry: registry.to_string(),
        relay_code_id: codes.relay,
        slash_book_code_id: codes.slash_book,
        slash_book_salt: "palisade-slash-book-2".to_string(),
        slash_book_label: "Palisade slash book".to_string(),
        relay_slashes,
    }
}

fn plan(registry: &str, relay: &str, codes: Codes, relay_slashes: u64) -> BookUpgradePlan {
    let upgrade = upgrade(registry, relay, codes, relay_slashes);
    book_upgrade_proposal(&chain(), &load_artifacts(), &upgrade).unwrap()
}

fn book_config(app: &App, book: &str) -> BookConfig {
    app.wrap()
        .query_wasm_smart(book, &BookQuery::Config {})
        .unwrap()
}

#[test]
fn the_proposal_migrates_instantiates_imports_and_names_the_book_in_that_order() {
    let codes = Codes::fake();
    let (registry, relay) = (api().addr_make("registry"), api().addr_make("relay"));
    let plan = plan(registry.as_str(), relay.as_str(), codes, 250);
    assert_eq!(plan.import_pages, 3);
    let messages = &plan.proposal.messages;
    assert_eq!(messages.len(), 6);
    let ProposalMessage::MigrateContract(migrate) = &messages[0] else {
        panic!("first a migration: {:?}", messages[0]);
    };
    assert_eq!(
        (migrate.sender.as_str(), migrate.contract.as_str()),
        (gov().as_str(), relay.as_str())
    );
    assert_eq!(migrate.code_id.u64(), codes.relay);
    let ProposalMessage::InstantiateContract2(book) = &messages[1] else {
        panic!("then the book: {:?}", messages[1]);
    };
    assert_eq!(book.code_id.u64(), codes.slash_book);
    assert_eq!(book.admin, gov());
    assert_eq!(
        book.msg,
        serde_json::json!({"owner": gov(), "registry": registry.as_str(), "relay": relay.as_str()})
    );
    for message in &messages[2..5] {
        let ProposalMessage::ExecuteContract(page) = message else {
            panic!("then the pages: {message:?}");
        };
        assert_eq!(page.contract, plan.slash_book);
        assert_eq!(
            page.msg,
            serde_json::json!({"import_slashes": {"limit": 100}})
        );
    }
    let ProposalMessage::ExecuteContract(name) = &messages[5] else {
        panic!("last the relay names the book: {:?}", messages[5]);
    };
    assert_eq!(name.contract, relay.as_str());
    assert_eq!(
        name.msg,
        serde_json::json!({"set_slash_book": {"slash_book": plan.slash_book}})
    );
    let summary = &plan.proposal.summary;
    for part in [
        artifact(SuiteContract::Relay).checksum_hex(),
        artifact(SuiteContract::SlashBook).checksum_hex(),
        "250 of the relay's 250 slash records over in 3 import_slashes".to_string(),
        plan.slash_book.clone(),
    ] {
        assert!(summary.contains(&part), "{part} not in {summary}");
    }

    // A relay that never recorded a slash: no page.
    let none = self::plan(registry.as_str(), relay.as_str(), codes, 0);
    assert_eq!((none.import_pages, none.proposal.messages.len()), (0, 3));
    // More than one proposal carries: 100 pages, the rest for anyone afterwards.
    let many = self::plan(registry.as_str(), relay.as_str(), codes, 10_250);
    assert_eq!(
        (many.import_pages, many.proposal.messages.len()),
        (100, 103)
    );
    assert!(many
        .proposal
        .summary
        .contains("10000 of the relay's 10250 slash records"));
}

#[test]
fn governance_moves_a_relays_records_into_the_new_book() {
    let (mut app, registry, relay, codes) = relay_of_release_0_2(250);
    let plan = plan(&registry, &relay, codes, 250);
    let created = execute_proposal(&mut app, &plan.proposal).unwrap();
    assert_eq!(created, vec![plan.slash_book.clone()]);
    assert_eq!(book_config(&app, &plan.slash_book).import, None);
    let relay_config: RelayConfig = app
        .wrap()
        .query_wasm_smart(&relay, &RelayQuery::Config {})
        .unwrap();
    assert_eq!(
        relay_config.slash_book.map(String::from),
        Some(plan.slash_book.clone())
    );
    for slash_id in [1, 100, 101, 250] {
        let slash: SlashResponse = app
            .wrap()
            .query_wasm_smart(&plan.slash_book, &BookQuery::Slash { slash_id })
            .unwrap();
        assert_eq!(slash.request_id, slash_id);
        assert_eq!(slash.status, SlashStatus::Executed);
    }
}

#[test]
fn slashes_opened_during_the_vote_are_imported_by_anyone_afterwards() {
    // Written when the relay had 150 records; it has 230 at execution.
    let (mut app, registry, relay, codes) = relay_of_release_0_2(230);
    let plan = plan(&registry, &relay, codes, 150);
    execute_proposal(&mut app, &plan.proposal).unwrap();
    assert_eq!(
        book_config(&app, &plan.slash_book).import,
        Some(ImportProgress {
            next_slash_id: 201,
            last_slash_id: 230
        })
    );
    let anyone = Addr::unchecked(api().addr_make("anyone"));
    app.execute_contract(
        anyone,
        Addr::unchecked(&plan.slash_book),
        &BookExecute::ImportSlashes { limit: None },
        &[],
    )
    .unwrap();
    assert_eq!(book_config(&app, &plan.slash_book).import, None);
}

#[test]
fn more_pages_than_records_fail_the_proposal() {
    let (mut app, registry, relay, codes) = relay_of_release_0_2(100);
    let plan = plan(&registry, &relay, codes, 101);
    assert_eq!(plan.import_pages, 2);
    let err = execute_proposal(&mut app, &plan.proposal).unwrap_err();
    assert!(format!("{err:?}").contains("nothing to import"), "{err:?}");
}

#[test]
fn the_generator_refuses_what_would_fail() {
    let codes = Codes::fake();
    let (registry, relay) = (api().addr_make("registry"), api().addr_make("relay"));
    let refused = |edit: &dyn Fn(&mut BookUpgrade)| {
        let mut upgrade = upgrade(registry.as_str(), relay.as_str(), codes, 10);
        edit(&mut upgrade);
        book_upgrade_proposal(&chain(), &load_artifacts(), &upgrade).unwrap_err()
    };
    assert!(matches!(
        refused(&|u| u.relay_code_id = 0),
        DeployError::ZeroCodeId { field: "relay" }
    ));
    assert!(matches!(
        refused(&|u| u.slash_book_code_id = 0),
        DeployError::ZeroCodeId {
            field: "slash book"
        }
    ));
    assert!(matches!(
        refused(&|u| u.slash_book_salt = String::new()),
        DeployError::InvalidSalt { .. }
    ));
    assert!(matches!(
        refused(&|u| u.slash_book_label = " ".to_string()),
        DeployError::Empty { .. }
    ));
    assert!(matches!(
        refused(&|u| u.relay = "cosmos1notours".to_string()),
        DeployError::InvalidAddress { .. }
    ));
    let only_relay = vec![artifact(SuiteContract::Relay)];
    let upgrade = upgrade(registry.as_str(), relay.as_str(), codes, 10);
    assert!(matches!(
        book_upgrade_proposal(&chain(), &only_relay, &upgrade).unwrap_err(),
        DeployError::MissingArtifact { .. }
    ));
}

#[test]
fn the_command_line_writes_book_upgrade_json() {
    let out = scratch("book-upgrade-cli");
    let (registry, relay) = (api().addr_make("registry"), api().addr_make("relay"));
    let mut args = cli_args("book-upgrade", "wasm", &gov(), &out);
    for (flag, value) in [
        ("--relay", relay.to_string()),
        ("--registry", registry.to_string()),
        ("--relay-code-id", "12".to_string()),
        ("--slash-book-code-id", "13".to_string()),
        ("--relay-slashes", "120".to_string()),
    ] {
        args.push(flag.to_string());
        args.push(value);
    }
    let output = run_proposals(&args);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("2 import page(s)"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("book-upgrade.json")).unwrap())
            .unwrap();
    assert_eq!(json["messages"].as_array().unwrap().len(), 5);
}
