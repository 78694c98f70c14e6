//! Each slim type checked once against the full type it stands for: slim messages decode as the
//! full messages, views read their fields from full answers (with every field the view skips).

use cosmwasm_std::{from_json, to_json_vec, Addr, Decimal, Timestamp, Uint128};
use serde::{de::DeserializeOwned, Serialize};

use super::{lrt, registry, relay};
use crate::hub::{self, ConsumerSlash};
use crate::ibc::Infraction;
use crate::lrt::ExecuteMsg as LrtExecuteMsg;
use crate::registry::{
    CommissionBounds, ConsumerOperatorResponse, ConsumerParams, ConsumerResponse, ConsumerStatus,
    ExecuteMsg as RegistryExecuteMsg, OperatorStatus, OptInResponse, PendingAllocation,
    PendingCommission, PendingParams, QueryMsg as RegistryQueryMsg, RateLimit, SlashDestination,
};

/// `slim` as JSON, decoded as the full type.
fn as_full<S: Serialize, F: DeserializeOwned>(slim: &S) -> F {
    from_json(to_json_vec(slim).unwrap()).unwrap()
}

/// The slim message is the full one, byte for byte, and decodes as it.
fn same_message<S: Serialize, F: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    slim: &S,
    full: &F,
) {
    assert_eq!(
        String::from_utf8(to_json_vec(slim).unwrap()).unwrap(),
        String::from_utf8(to_json_vec(full).unwrap()).unwrap()
    );
    assert_eq!(&as_full::<S, F>(slim), full);
}

/// `full` as JSON, decoded as the slim view.
fn as_view<F: Serialize, V: DeserializeOwned>(full: &F) -> V {
    from_json(to_json_vec(full).unwrap()).unwrap()
}

fn consumer_params() -> ConsumerParams {
    ConsumerParams {
        connection_id: "connection-7".into(),
        counterparty_port: "wasm.cons1contract".into(),
        unbonding_period: 1_209_600,
        double_sign_fraction: Decimal::percent(5),
        downtime_fraction: Decimal::permille(1),
        veto_period: 86_400,
        downtime_jail: 3_600,
        slash_rate_limit: RateLimit {
            max_fraction: Decimal::percent(10),
            window: 86_400,
        },
        slashed_funds: SlashDestination::Address {
            address: "community".into(),
        },
        reward_denoms: vec!["ibc/ABC".into(), "ucons".into()],
        commission_bounds: CommissionBounds {
            min_bps: 100,
            max_bps: 2_500,
        },
        max_operators: 40,
    }
}

fn consumer() -> ConsumerResponse {
    ConsumerResponse {
        chain_id: "consumer-1".into(),
        status: ConsumerStatus::Active,
        params: consumer_params(),
        pending: Some(PendingParams {
            params: ConsumerParams {
                veto_period: 1,
                ..consumer_params()
            },
            effective_at: Timestamp::from_seconds(9),
        }),
        activatable_at: Timestamp::from_seconds(5),
        operators: 3,
    }
}

fn consumer_operator() -> ConsumerOperatorResponse {
    ConsumerOperatorResponse {
        opt_in: OptInResponse {
            validator: "valoper1a".into(),
            chain_id: "consumer-1".into(),
            consumer_key: "a2V5".into(),
            allocation: Decimal::percent(40),
            pending: Some(PendingAllocation {
                allocation: Decimal::percent(10),
                effective_at: Timestamp::from_seconds(7),
            }),
            commission_bps: 700,
            pending_commission: Some(PendingCommission {
                commission_bps: 900,
                effective_at: Timestamp::from_seconds(8),
            }),
            status: OperatorStatus::Jailed {
                until: Timestamp::from_seconds(99),
            },
        },
        hub_stake: Uint128::new(1_000),
        restaked_power: Uint128::new(400),
    }
}

#[test]
fn the_relays_messages_are_the_registrys() {
    let time = Timestamp::from_seconds(12);
    let cases: [(relay::RegistryQuery, RegistryQueryMsg); 5] = [
        (relay::RegistryQuery::Config {}, RegistryQueryMsg::Config {}),
        (
            relay::RegistryQuery::Consumer { chain_id: "c" },
            RegistryQueryMsg::Consumer {
                chain_id: "c".into(),
            },
        ),
        (
            relay::RegistryQuery::Consumers {
                start_after: Some("b".into()),
                limit: Some(3),
            },
            RegistryQueryMsg::Consumers {
                start_after: Some("b".into()),
                limit: Some(3),
            },
        ),
        (
            relay::RegistryQuery::ConsumerOperators {
                chain_id: "c",
                start_after: None,
                limit: Some(30),
            },
            RegistryQueryMsg::ConsumerOperators {
                chain_id: "c".into(),
                start_after: None,
                limit: Some(30),
            },
        ),
        (
            relay::RegistryQuery::PowerAt {
                validator: "v",
                chain_id: "c",
                height: 44,
                time,
            },
            RegistryQueryMsg::PowerAt {
                validator: "v".into(),
                chain_id: "c".into(),
                height: 44,
                time,
            },
        ),
    ];
    for (slim, full) in cases {
        same_message(&slim, &full);
    }

    let slash = relay::RegistryExecute::Slash {
        slash_id: 3,
        validator: "v",
        chain_id: "c",
        infraction: Infraction::DoubleSign,
        amount: Uint128::new(25),
        height: 17,
    };
    same_message(
        &slash,
        &RegistryExecuteMsg::Slash {
            slash_id: 3,
            validator: "v".into(),
            chain_id: "c".into(),
            infraction: Infraction::DoubleSign,
            amount: Uint128::new(25),
            height: 17,
        },
    );
    let rewards = relay::RegistryExecute::ConsumerRewards {
        chain_id: "c",
        notice_id: 8,
    };
    same_message(
        &rewards,
        &RegistryExecuteMsg::ConsumerRewards {
            chain_id: "c".into(),
            notice_id: 8,
        },
    );
}

fn registry_config() -> crate::registry::ConfigResponse {
    crate::registry::ConfigResponse {
        hub: Addr::unchecked("hub"),
        relay: Some(Addr::unchecked("relay")),
        params: crate::registry::RegistryParams {
            risk_timelock: 86_400,
            allocation_delay: 3_600,
            max_total_allocation: Decimal::percent(200),
            max_commission_bps: 5_000,
        },
        pending_params: None,
    }
}

#[test]
fn the_relay_reads_the_registrys_answers() {
    let config = registry_config();
    let read: relay::Config = as_view(&config);
    assert_eq!(read.hub, config.hub);
    // And the hub's: the LRT it asks to sync after each crank.
    let hub = hub_config();
    let read: relay::HubConfig = as_view(&hub);
    assert_eq!(read.lrt, hub.lrt);

    let full = consumer();
    let read: relay::Consumer = as_view(&full);
    assert_eq!(read.chain_id, full.chain_id);
    assert_eq!(read.status, full.status);
    let (p, q) = (&read.params, &full.params);
    assert_eq!(p.connection_id, q.connection_id);
    assert_eq!(p.counterparty_port, q.counterparty_port);
    assert_eq!(p.unbonding_period, q.unbonding_period);
    assert_eq!(p.double_sign_fraction, q.double_sign_fraction);
    assert_eq!(p.downtime_fraction, q.downtime_fraction);
    assert_eq!(p.veto_period, q.veto_period);
    assert_eq!(p.downtime_jail, q.downtime_jail);
    assert_eq!(p.slash_rate_limit, q.slash_rate_limit);

    let full = consumer_operator();
    let read: relay::ConsumerOperator = as_view(&full);
    assert_eq!(read.restaked_power, full.restaked_power);
    assert_eq!(read.opt_in.validator, full.opt_in.validator);
    assert_eq!(read.opt_in.consumer_key, full.opt_in.consumer_key);
    assert_eq!(read.opt_in.status, full.opt_in.status);
}

#[test]
fn the_lrts_queries_are_the_hubs_and_the_registrys() {
    same_message(&lrt::Query::Config {}, &hub::QueryMsg::Config {});
    same_message(
        &lrt::Query::Consumer { chain_id: "c" },
        &RegistryQueryMsg::Consumer {
            chain_id: "c".into(),
        },
    );
    same_message(
        &lrt::Query::ConsumerOperators {
            chain_id: "c",
            start_after: Some("v".into()),
            limit: Some(30),
        },
        &RegistryQueryMsg::ConsumerOperators {
            chain_id: "c".into(),
            start_after: Some("v".into()),
            limit: Some(30),
        },
    );
    same_message(&lrt::HubQuery::Ownership {}, &hub::QueryMsg::Ownership {});
}

#[test]
fn the_lrt_reads_the_hubs_and_the_registrys_answers() {
    let ownership = cw_ownable::Ownership {
        owner: Some(Addr::unchecked("gov")),
        pending_owner: Some(Addr::unchecked("next")),
        pending_expiry: None,
    };
    let read: lrt::HubOwnership = as_view(&ownership);
    assert_eq!(read.owner, ownership.owner);

    let config = hub_config();
    let read: lrt::HubConfig = as_view(&config);
    assert_eq!(read.registry, config.registry);
    assert_eq!(read.params.fee_bps, config.params.fee_bps);
    assert_eq!(read.params.fee_recipient, config.params.fee_recipient);

    let full = consumer();
    let read: lrt::Consumer = as_view(&full);
    assert_eq!(read.status, full.status);
    assert_eq!(read.params.reward_denoms, full.params.reward_denoms);
    assert_eq!(
        read.params.commission_bounds.max_bps,
        full.params.commission_bounds.max_bps
    );

    let full = consumer_operator();
    let read: lrt::ConsumerOperator = as_view(&full);
    assert_eq!(read.opt_in.validator, full.opt_in.validator);
    assert_eq!(read.opt_in.commission_bps, full.opt_in.commission_bps);

    let registry = registry_config();
    let read: lrt::RegistryConfig = as_view(&registry);
    assert_eq!(read.relay, registry.relay);
}

fn hub_config() -> hub::ConfigResponse {
    hub::ConfigResponse {
        guardian: Some(Addr::unchecked("guardian")),
        registry: Some(Addr::unchecked("registry")),
        bond_denom: "ustake".into(),
        lrt: Addr::unchecked("lrt"),
        params: hub::Params {
            epoch_period: 3 * 86_400,
            unbonding_period: 21 * 86_400,
            withdrawal_delay: 21 * 86_400 + 3_600,
            fee_bps: 1_000,
            fee_recipient: "treasury".into(),
            max_pause_duration: 86_400,
        },
    }
}

#[test]
fn the_registrys_messages_are_the_hubs_and_the_lrts() {
    let order = ConsumerSlash {
        slash_id: 4,
        validator: "v".into(),
        amount: Uint128::new(10),
        height: 30,
        destination: Some("community".into()),
    };
    let cases = [
        (
            registry::HubExecute::SetOperator {
                validator: "v".into(),
                weight: 2,
            },
            hub::ExecuteMsg::SetOperator {
                validator: "v".into(),
                weight: 2,
            },
        ),
        (
            registry::HubExecute::RemoveOperator {
                validator: "v".into(),
            },
            hub::ExecuteMsg::RemoveOperator {
                validator: "v".into(),
            },
        ),
        (
            registry::HubExecute::Slash(order.clone()),
            hub::ExecuteMsg::Slash(order),
        ),
    ];
    for (slim, full) in cases {
        same_message(&slim, &full);
    }
    same_message(
        &registry::LrtExecute::ConsumerRewards {
            chain_id: "c".into(),
            notice_id: 5,
        },
        &LrtExecuteMsg::ConsumerRewards {
            chain_id: "c".into(),
            notice_id: 5,
        },
    );
}

#[test]
fn the_registry_reads_the_hubs_config() {
    let config = hub_config();
    let read: registry::HubConfig = as_view(&config);
    assert_eq!(read.registry, config.registry);
    assert_eq!(read.lrt, config.lrt);
    assert_eq!(read.params.withdrawal_delay, config.params.withdrawal_delay);
}

#[test]
fn the_hubs_queries_are_the_lrts() {
    use super::hub::*;
    fn json<T: Serialize>(msg: &T) -> Vec<u8> {
        to_json_vec(msg).unwrap()
    }
    assert_eq!(LRT_TOKEN_INFO, json(&crate::lrt::QueryMsg::TokenInfo {}));
    assert_eq!(LRT_MINTER, json(&crate::lrt::QueryMsg::Minter {}));
    assert_eq!(
        lrt_balance("cosmos1holder"),
        json(&crate::lrt::QueryMsg::Balance {
            address: "cosmos1holder".into()
        })
    );
}
