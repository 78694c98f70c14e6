//! The generator's checks against the contracts' own: at each boundary of the hub's parameters,
//! the registry's parameters and the relay's settings, the real contract is instantiated in
//! multi-test and the generator must accept exactly what the contract accepts.

mod common;

use common::*;
use cosmwasm_std::{instantiate2_address, Addr, Api, Decimal};
use cw_multi_test::{App, Executor};
use palisade_api::hub::{self, Params};
use palisade_api::registry::{self, RegistryParams};
use palisade_api::relay::{self, RelaySettings};
use palisade_deploy::artifacts::SuiteContract;
use palisade_deploy::checks::{
    check_params, check_registry_params, check_relay_settings, MAX_OPERATORS_PER_UPDATE,
    MAX_PACKET_TIMEOUT,
};
use palisade_deploy::suite::{instantiate_proposal, SuiteConfig};

fn expected_address(contract: SuiteContract, salt: &str) -> String {
    let api = api();
    let creator = api.addr_canonicalize(&gov()).unwrap();
    let checksum = artifact(contract).checksum;
    let address = instantiate2_address(&checksum, &creator, salt.as_bytes()).unwrap();
    api.addr_humanize(&address).unwrap().to_string()
}

fn generator_accepts_suite(config: &SuiteConfig) -> bool {
    instantiate_proposal(&chain(), &load_artifacts(), config).is_ok()
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

/// Parameter sets at each of the hub's boundaries, valid and one step past.
fn boundary_cases() -> Vec<(&'static str, Params)> {
    // unbonding + the least settlement margin (60 s) = 7 × 3 days exactly.
    let unbonding = 7 * 3 * DAY - 60;
    let base = Params {
        epoch_period: 3 * DAY,
        unbonding_period: unbonding,
        withdrawal_delay: unbonding + 60,
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
                withdrawal_delay: unbonding + 59,
                ..base.clone()
            },
        ),
        (
            "longest withdrawal delay",
            Params {
                withdrawal_delay: unbonding + 3 * DAY / 2,
                ..base.clone()
            },
        ),
        (
            "settlement margin over half an epoch",
            Params {
                withdrawal_delay: unbonding + 3 * DAY / 2 + 1,
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
    let (mut app, codes) = world(2);
    let owner = Addr::unchecked(gov());
    let mut refused = Vec::new();
    for (i, (name, params)) in boundary_cases().into_iter().enumerate() {
        // Each case deploys as the proposal does: an LRT minted by the hub's predicted address.
        let salt = format!("hub-{i}");
        let hub_address = expected_address(SuiteContract::Hub, &salt);
        let lrt = app
            .instantiate_contract(
                codes.lrt,
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
            operators: suite_config(codes).operators,
            params: params.clone(),
        };
        let hub_accepts = app
            .instantiate2_contract(
                codes.hub,
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
            ..suite_config(codes)
        };
        assert_eq!(generator_accepts_suite(&config), hub_accepts, "{name}");
        if !hub_accepts {
            refused.push(name);
        }
    }
    assert_eq!(
        refused,
        [
            "epoch one second short",
            "withdrawal delay one second short",
            "settlement margin over half an epoch",
            "zero epoch",
            "zero unbonding",
            "fee above the cap",
            "pause above 30 days",
            "zero pause"
        ]
    );
}

fn registry_cases() -> Vec<(&'static str, RegistryParams)> {
    let base = registry_params();
    let with = |change: fn(&mut RegistryParams)| {
        let mut params = base.clone();
        change(&mut params);
        params
    };
    vec![
        ("defaults", base.clone()),
        (
            "zero allocation cap",
            with(|p| p.max_total_allocation = Decimal::zero()),
        ),
        (
            "smallest allocation cap",
            with(|p| p.max_total_allocation = Decimal::raw(1)),
        ),
        (
            "allocation cap at 10",
            with(|p| p.max_total_allocation = Decimal::percent(1_000)),
        ),
        (
            "allocation cap just above 10",
            with(|p| {
                p.max_total_allocation = Decimal::percent(1_000) + Decimal::raw(1);
            }),
        ),
        (
            "commission at 100%",
            with(|p| p.max_commission_bps = 10_000),
        ),
        (
            "commission above 100%",
            with(|p| p.max_commission_bps = 10_001),
        ),
        (
            "zero timelock and delay",
            with(|p| {
                p.risk_timelock = 0;
                p.allocation_delay = 0;
            }),
        ),
    ]
}

fn instantiate_registry(
    app: &mut App,
    registry_code: u64,
    label: &str,
    params: RegistryParams,
) -> anyhow::Result<Addr> {
    app.instantiate_contract(
        registry_code,
        Addr::unchecked(gov()),
        &registry::InstantiateMsg {
            owner: gov(),
            hub: api().addr_make("hub").to_string(),
            params,
        },
        &[],
        label,
        None,
    )
}

#[test]
fn the_generator_refuses_exactly_the_registry_parameters_the_registry_refuses() {
    let (mut app, codes) = world(0);
    let mut refused = Vec::new();
    for (name, params) in registry_cases() {
        let registry_accepts =
            instantiate_registry(&mut app, codes.registry, name, params.clone()).is_ok();
        assert_eq!(
            check_registry_params(&params).is_ok(),
            registry_accepts,
            "{name}"
        );
        let config = SuiteConfig {
            registry_params: params,
            ..suite_config(codes)
        };
        assert_eq!(generator_accepts_suite(&config), registry_accepts, "{name}");
        if !registry_accepts {
            refused.push(name);
        }
    }
    assert_eq!(
        refused,
        [
            "zero allocation cap",
            "allocation cap just above 10",
            "commission above 100%"
        ]
    );
}

fn relay_cases() -> Vec<(&'static str, RelaySettings)> {
    let settings = |packet_timeout, max_operators_per_update| RelaySettings {
        packet_timeout,
        max_operators_per_update,
    };
    vec![
        ("zero timeout", settings(0, 10)),
        ("one second", settings(1, 10)),
        ("one year", settings(MAX_PACKET_TIMEOUT, 10)),
        (
            "one year and a second",
            settings(MAX_PACKET_TIMEOUT + 1, 10),
        ),
        ("zero operators", settings(3_600, 0)),
        ("one operator", settings(3_600, 1)),
        ("most operators", settings(3_600, MAX_OPERATORS_PER_UPDATE)),
        (
            "too many operators",
            settings(3_600, MAX_OPERATORS_PER_UPDATE + 1),
        ),
    ]
}

#[test]
fn the_generator_refuses_exactly_the_relay_settings_the_relay_refuses() {
    let (mut app, codes) = world(0);
    let registry =
        instantiate_registry(&mut app, codes.registry, "registry", registry_params()).unwrap();
    let mut refused = Vec::new();
    for (name, settings) in relay_cases() {
        let relay_accepts = app
            .instantiate_contract(
                codes.relay,
                Addr::unchecked(gov()),
                &relay::InstantiateMsg {
                    owner: gov(),
                    registry: registry.to_string(),
                    settings: settings.clone(),
                },
                &[],
                name,
                None,
            )
            .is_ok();
        assert_eq!(
            check_relay_settings(&settings).is_ok(),
            relay_accepts,
            "{name}"
        );
        let config = SuiteConfig {
            relay_settings: settings,
            ..suite_config(codes)
        };
        assert_eq!(generator_accepts_suite(&config), relay_accepts, "{name}");
        if !relay_accepts {
            refused.push(name);
        }
    }
    assert_eq!(
        refused,
        [
            "zero timeout",
            "one year and a second",
            "zero operators",
            "too many operators"
        ]
    );
}
