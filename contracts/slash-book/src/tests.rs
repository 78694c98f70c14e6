//! Unit tests of what the book does alone: carrying a relay's records over. Opening, veto,
//! release and execution run with the relay in the relay's unit tests (`palisade-relay`,
//! `tests/slashing.rs`) and in the multi-test suite.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockStorage};
use cosmwasm_std::{
    from_json, Addr, Binary, ContractResult, Decimal, Order, Storage, SystemError, SystemResult,
    Timestamp, Uint128, WasmQuery,
};
use palisade_api::ibc::{Infraction, SlashStatus};
use palisade_api::slash_book::{
    ConfigResponse, ExecuteMsg, ExposureResponse, ImportProgress, InstantiateMsg, QueryMsg,
    SlashResponse,
};

use crate::contract::{execute, instantiate, query};
use crate::error::ContractError;
use crate::state::{
    cover_key, save_slash, SlashRecord, Window, EXECUTED, INFRACTIONS, LAST_SLASH_ID, OPEN,
    RATE_WINDOWS, SLASHES,
};

const CHAIN: &str = "consumer-1";

fn record(operator: &str, infraction: Infraction, status: SlashStatus, n: u64) -> SlashRecord {
    SlashRecord {
        chain_id: CHAIN.to_string(),
        request_id: n,
        operator: operator.to_string(),
        infraction,
        infraction_height: 100 + n,
        infraction_time: Timestamp::from_seconds(1_000 + n),
        update_id: 1,
        provider_height: 50,
        fraction: Decimal::percent(5),
        allocation: Decimal::percent(50),
        stake_at_infraction: Uint128::new(1_000_000),
        amount: Uint128::new(1_000 * u128::from(n)),
        evidence: None,
        received_at: Timestamp::from_seconds(2_000),
        executable_at: (status == SlashStatus::Pending).then(|| Timestamp::from_seconds(9_000)),
        status,
        veto_reason: (status == SlashStatus::Vetoed).then(|| "false".to_string()),
        window_start: Some(Timestamp::from_seconds(2_000)),
    }
}

/// A relay of release 0.2.0 as its storage stood: four slashes (a pending double sign, an
/// executed downtime, a vetoed downtime, a queued downtime), the executed one's cover and the
/// consumer's window, written by the relay's own code paths (the book's records are its
/// records, key for key).
fn relay_of_release_0_2() -> (MockStorage, Vec<SlashRecord>) {
    let mut storage = MockStorage::new();
    let slashes = vec![
        record("val-a", Infraction::DoubleSign, SlashStatus::Pending, 1),
        record("val-b", Infraction::Downtime, SlashStatus::Executed, 2),
        record("val-c", Infraction::Downtime, SlashStatus::Vetoed, 3),
        record("val-c", Infraction::Downtime, SlashStatus::Queued, 4),
    ];
    for (i, slash) in slashes.iter().enumerate() {
        save_slash(&mut storage, i as u64 + 1, None, slash).unwrap();
    }
    let executed = cover_key(CHAIN, "val-b", Infraction::Downtime, EXECUTED);
    INFRACTIONS.save(&mut storage, executed, &9_500).unwrap();
    for (operator, infraction) in [
        ("val-a", Infraction::DoubleSign),
        ("val-c", Infraction::Downtime),
    ] {
        let open = cover_key(CHAIN, operator, infraction, OPEN);
        INFRACTIONS.save(&mut storage, open, &u64::MAX).unwrap();
    }
    let window = Window {
        start: Timestamp::from_seconds(2_000),
        power_at_start: Uint128::new(5_000_000),
        slashed: Uint128::new(3_000),
    };
    RATE_WINDOWS.save(&mut storage, CHAIN, &window).unwrap();
    LAST_SLASH_ID.save(&mut storage, &4).unwrap();
    (storage, slashes)
}

type Deps = cosmwasm_std::OwnedDeps<
    MockStorage,
    cosmwasm_std::testing::MockApi,
    cosmwasm_std::testing::MockQuerier,
>;

/// A book instantiated beside `relay`, whose storage it reads raw.
fn book_beside(relay_storage: &MockStorage) -> (Deps, Addr) {
    let mut deps = mock_dependencies();
    let relay = deps.api.addr_make("relay");
    let records: std::collections::BTreeMap<Vec<u8>, Vec<u8>> =
        relay_storage.range(None, None, Order::Ascending).collect();
    let relay_addr = relay.to_string();
    deps.querier.update_wasm(move |query| match query {
        WasmQuery::Raw { contract_addr, key } if *contract_addr == relay_addr => {
            let value = records.get(key.as_slice()).cloned().unwrap_or_default();
            SystemResult::Ok(ContractResult::Ok(Binary::from(value)))
        }
        _ => SystemResult::Err(SystemError::NoSuchContract {
            addr: "unknown".to_string(),
        }),
    });
    let owner = deps.api.addr_make("owner");
    let msg = InstantiateMsg {
        owner: owner.to_string(),
        registry: deps.api.addr_make("registry").to_string(),
        relay: relay.to_string(),
    };
    instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg).unwrap();
    (deps, relay)
}

fn ask<T: serde::de::DeserializeOwned>(deps: &Deps, msg: QueryMsg) -> T {
    from_json(query(deps.as_ref(), mock_env(), msg).unwrap()).unwrap()
}

fn run(deps: &mut Deps, msg: ExecuteMsg) -> Result<cosmwasm_std::Response, ContractError> {
    let anyone = deps.api.addr_make("anyone");
    execute(deps.as_mut(), mock_env(), message_info(&anyone, &[]), msg)
}

#[test]
fn a_relays_records_are_carried_over_in_pages_and_nothing_else_runs_meanwhile() {
    let (relay_storage, slashes) = relay_of_release_0_2();
    let (mut deps, _) = book_beside(&relay_storage);
    let config: ConfigResponse = ask(&deps, QueryMsg::Config {});
    assert_eq!(
        config.import,
        Some(ImportProgress {
            next_slash_id: 1,
            last_slash_id: 4
        })
    );

    // Until every record is here, nothing runs.
    let importing = ContractError::Importing {
        next_slash_id: 1,
        last_slash_id: 4,
    };
    assert_eq!(
        run(&mut deps, ExecuteMsg::ExecuteSlash { slash_id: 1 }).unwrap_err(),
        importing
    );

    let response = run(&mut deps, ExecuteMsg::ImportSlashes { limit: Some(3) }).unwrap();
    let attr = |key: &str| {
        response
            .attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.clone())
            .unwrap()
    };
    assert_eq!(
        (
            attr("first_slash_id"),
            attr("last_slash_id"),
            attr("remaining")
        ),
        ("1".to_string(), "3".to_string(), "1".to_string())
    );
    assert_eq!(
        run(&mut deps, ExecuteMsg::ExecuteSlash { slash_id: 1 }).unwrap_err(),
        ContractError::Importing {
            next_slash_id: 4,
            last_slash_id: 4
        }
    );
    run(&mut deps, ExecuteMsg::ImportSlashes { limit: None }).unwrap();
    let config: ConfigResponse = ask(&deps, QueryMsg::Config {});
    assert_eq!(config.import, None);
    assert_eq!(
        run(&mut deps, ExecuteMsg::ImportSlashes { limit: None }).unwrap_err(),
        ContractError::NothingToImport
    );

    // Every record as the relay had it, the status index, and the exposure of the open ones
    // (the pending 1,000 and the queued 4,000), as the relay's own total.
    for (i, slash) in slashes.iter().enumerate() {
        let id = i as u64 + 1;
        let got: SlashResponse = ask(&deps, QueryMsg::Slash { slash_id: id });
        assert_eq!(got, slash.clone().to_response(id));
    }
    let pending: Vec<SlashResponse> = ask(
        &deps,
        QueryMsg::Slashes {
            status: Some(SlashStatus::Pending),
            start_before: None,
            limit: None,
        },
    );
    assert_eq!(pending.iter().map(|s| s.slash_id).collect::<Vec<_>>(), [1]);
    let exposure: ExposureResponse = ask(
        &deps,
        QueryMsg::Exposure {
            operator: Some("val-c".to_string()),
        },
    );
    assert_eq!(
        (exposure.total, exposure.operator),
        (Uint128::new(5_000), Some(Uint128::new(4_000)))
    );
    assert_eq!(
        crate::state::total_exposure(&relay_storage).unwrap(),
        exposure.total
    );

    // What makes later requests duplicates or covered, and the window, are the relay's.
    let book = &deps.storage;
    for (key, until) in [
        (
            cover_key(CHAIN, "val-a", Infraction::DoubleSign, OPEN),
            u64::MAX,
        ),
        (
            cover_key(CHAIN, "val-c", Infraction::Downtime, OPEN),
            u64::MAX,
        ),
        (
            cover_key(CHAIN, "val-b", Infraction::Downtime, EXECUTED),
            9_500,
        ),
    ] {
        assert_eq!(INFRACTIONS.load(book, key).unwrap(), until);
        assert_eq!(INFRACTIONS.load(&relay_storage, key).unwrap(), until);
    }
    for (id, slash) in slashes.iter().enumerate() {
        let offence = (
            CHAIN,
            slash.operator.as_str(),
            (
                crate::state::infraction_code(slash.infraction),
                slash.infraction_height,
            ),
        );
        assert_eq!(INFRACTIONS.load(book, offence).unwrap(), id as u64 + 1);
        let seen = crate::state::SEEN_REQUESTS.load(book, (CHAIN, slash.request_id));
        assert_eq!(seen.unwrap(), id as u64 + 1);
    }
    assert_eq!(
        INFRACTIONS
            .may_load(book, cover_key(CHAIN, "val-b", Infraction::Downtime, OPEN))
            .unwrap(),
        None
    );
    assert_eq!(
        RATE_WINDOWS.load(book, CHAIN).unwrap(),
        RATE_WINDOWS.load(&relay_storage, CHAIN).unwrap()
    );
    assert_eq!(LAST_SLASH_ID.load(book).unwrap(), 4);
}

#[test]
fn a_new_deployment_has_nothing_to_import() {
    let (deps, _) = book_beside(&MockStorage::new());
    let config: ConfigResponse = ask(&deps, QueryMsg::Config {});
    assert_eq!(config.import, None);
    let mut deps = deps;
    assert_eq!(
        run(&mut deps, ExecuteMsg::ImportSlashes { limit: Some(5) }).unwrap_err(),
        ContractError::NothingToImport
    );
}

#[test]
fn only_the_relay_opens_slashes() {
    let (mut deps, _) = book_beside(&MockStorage::new());
    let before: Vec<_> = deps.storage.range(None, None, Order::Ascending).collect();
    let opening = palisade_api::slash_book::SlashOpening {
        chain_id: CHAIN.to_string(),
        request: palisade_api::ibc::SlashRequest {
            request_id: 1,
            operator: "val-a".to_string(),
            infraction: Infraction::DoubleSign,
            infraction_height: 101,
            infraction_time: Timestamp::from_seconds(1_000),
            update_id: 1,
            evidence: None,
        },
        provider_height: 50,
        total_power: Uint128::new(1_000_000),
    };
    let err = run(&mut deps, ExecuteMsg::OpenSlash(opening)).unwrap_err();
    assert_eq!(err, ContractError::NotTheRelay);
    let after: Vec<_> = deps.storage.range(None, None, Order::Ascending).collect();
    assert_eq!(after, before);
}

#[test]
fn an_import_stops_at_a_record_the_relay_does_not_hold() {
    let (mut relay_storage, _) = relay_of_release_0_2();
    // The first record is gone from the relay: the import fails with the id it misses (the
    // chain reverts a page that fails after its first records).
    relay_storage.remove(&SLASHES.key(1));
    let (mut deps, _) = book_beside(&relay_storage);
    let before: Vec<_> = deps.storage.range(None, None, Order::Ascending).collect();
    let err = run(&mut deps, ExecuteMsg::ImportSlashes { limit: Some(3) }).unwrap_err();
    assert_eq!(err, ContractError::MissingRelayRecord { slash_id: 1 });
    let after: Vec<_> = deps.storage.range(None, None, Order::Ascending).collect();
    assert_eq!(after, before);
}
