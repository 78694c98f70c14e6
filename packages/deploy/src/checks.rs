//! Checks run before a proposal is written. A proposal whose messages fail executes nothing and
//! wastes a deposit and a voting period, so the generator refuses what the contracts would refuse.
//!
//! Every contract's parameter rules come from `palisade-api` (`Params::check`,
//! `RegistryParams::check`, `RelaySettings::check`, `ibc::check_packet_timeout`,
//! `consumer::check_reporter_count`): the same code the contracts run, so a rule changed there
//! changes both. `tests/instantiate.rs` and `tests/consumer.rs` instantiate the real contracts at
//! each boundary and check that both sides agree.

use std::str::FromStr;

use cosmwasm_std::Coin;
use palisade_api::hub::Params;
use palisade_api::registry::{RegistryParams, RegistryParamsError};
use palisade_api::relay::{RelaySettings, SettingsError};

use crate::address;
use crate::error::DeployError;

pub use palisade_api::consumer::MAX_REPORTERS;
pub use palisade_api::hub::MAX_OPERATORS;
pub use palisade_api::ibc::MAX_PACKET_TIMEOUT;
pub use palisade_api::registry::{MAX_COMMISSION_BPS, MAX_TOTAL_ALLOCATION_CAP};
pub use palisade_api::relay::MAX_OPERATORS_PER_UPDATE;
/// wasmd's default `MaxWasmSize` (800 KiB), the most it unzips and stores for one code.
pub const MAX_WASM_SIZE: usize = 800 * 1024;

/// The hub's rules for [`Params`], shared through `palisade-api` (the fee recipient's address is
/// checked separately).
pub fn check_params(params: &Params) -> Result<(), DeployError> {
    params
        .check()
        .map_err(|e| DeployError::InvalidParams(e.to_string()))
}

/// The registry's rules (`RegistryParams::check`).
pub fn check_registry_params(params: &RegistryParams) -> Result<(), DeployError> {
    params.check().map_err(|e| match e {
        RegistryParamsError::MaxTotalAllocation { value, max } => {
            DeployError::MaxTotalAllocation { value, max }
        }
        RegistryParamsError::MaxCommission { value, max } => {
            DeployError::MaxCommission { value, max }
        }
    })
}

/// The relay's rules (`RelaySettings::check`).
pub fn check_relay_settings(settings: &RelaySettings) -> Result<(), DeployError> {
    settings.check().map_err(|e| match e {
        SettingsError::PacketTimeout(e) => DeployError::PacketTimeout {
            field: "relay packet_timeout",
            value: e.packet_timeout,
            max: e.max,
        },
        SettingsError::MaxOperators {
            max_operators_per_update,
            max,
        } => DeployError::MaxOperatorsPerUpdate {
            value: max_operators_per_update,
            max,
        },
    })
}

/// 1 second to one year, as the relay and the consumer require.
pub fn check_packet_timeout(field: &'static str, value: u64) -> Result<(), DeployError> {
    palisade_api::ibc::check_packet_timeout(value).map_err(|e| DeployError::PacketTimeout {
        field,
        value: e.packet_timeout,
        max: e.max,
    })
}

/// The consumer's reporters: at most [`MAX_REPORTERS`] distinct accounts of the consumer chain.
pub fn check_reporters(reporters: &[String], prefix: &str) -> Result<(), DeployError> {
    palisade_api::consumer::check_reporter_count(reporters.len()).map_err(|e| {
        DeployError::ReporterCount {
            count: e.count,
            max: e.max,
        }
    })?;
    for (i, reporter) in reporters.iter().enumerate() {
        address::decode("reporter", reporter, prefix)?;
        if reporters[..i].contains(reporter) {
            return Err(DeployError::DuplicateReporter {
                reporter: reporter.clone(),
            });
        }
    }
    Ok(())
}

/// An ibc-go connection identifier, `connection-<n>`. The consumer contract only refuses an
/// empty one, but its handshake then accepts no channel, so a typo would strand it.
pub fn check_connection_id(field: &'static str, value: &str) -> Result<(), DeployError> {
    let number = value.strip_prefix("connection-").unwrap_or_default();
    let canonical = number == "0" || !number.starts_with('0');
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) || !canonical {
        return Err(DeployError::InvalidConnectionId {
            field,
            value: value.to_string(),
        });
    }
    Ok(())
}

/// A denom as the Cosmos SDK accepts it: `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
pub fn check_denom(denom: &str) -> Result<(), DeployError> {
    let mut chars = denom.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || "/:._-".contains(c));
    if first_ok && rest_ok && (3..=128).contains(&denom.len()) {
        Ok(())
    } else {
        Err(DeployError::InvalidDenom {
            denom: denom.to_string(),
        })
    }
}

/// Parses a deposit such as `10000000stake` or `5uatom,10stake` and returns it normalized.
pub fn parse_deposit(deposit: &str) -> Result<String, DeployError> {
    let invalid = || DeployError::InvalidDeposit {
        deposit: deposit.to_string(),
    };
    let mut coins = Vec::new();
    for part in deposit.split(',') {
        let coin = Coin::from_str(part.trim()).map_err(|_| invalid())?;
        if coin.amount.is_zero() || check_denom(&coin.denom).is_err() {
            return Err(invalid());
        }
        coins.push(coin.to_string());
    }
    Ok(coins.join(","))
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::Decimal;

    use super::*;

    fn params(epoch_period: u64) -> Params {
        Params {
            epoch_period,
            unbonding_period: 21 * 86_400,
            withdrawal_delay: 21 * 86_400 + 3_600,
            fee_bps: 1_000,
            fee_recipient: "unused".into(),
            max_pause_duration: 7 * 86_400,
        }
    }

    #[test]
    fn a_21_day_unbonding_needs_an_epoch_just_over_three_days() {
        // 7 × epoch ≥ 21 days + 60 s: epoch ≥ 259,208.6 s, so 3 days (259,200 s) is too short.
        assert!(matches!(
            check_params(&params(3 * 86_400)),
            Err(DeployError::InvalidParams(_))
        ));
        assert!(check_params(&params(259_208)).is_err());
        assert!(check_params(&params(259_209)).is_ok());
    }

    #[test]
    fn the_generator_refuses_exactly_what_the_contracts_rules_refuse() {
        // One source: the generator's checks are the contracts' own (`palisade-api`), so at
        // every boundary both answers agree.
        for timeout in [0, 1, MAX_PACKET_TIMEOUT, MAX_PACKET_TIMEOUT + 1] {
            for operators in [0, 1, MAX_OPERATORS_PER_UPDATE, MAX_OPERATORS_PER_UPDATE + 1] {
                let settings = RelaySettings {
                    packet_timeout: timeout,
                    max_operators_per_update: operators,
                };
                assert_eq!(
                    check_relay_settings(&settings).is_ok(),
                    settings.check().is_ok(),
                    "{timeout} {operators}"
                );
            }
        }
        let cap = Decimal::from_ratio(MAX_TOTAL_ALLOCATION_CAP, 1u64);
        for allocation in [
            Decimal::zero(),
            Decimal::percent(1),
            cap,
            cap + Decimal::percent(1),
        ] {
            for commission in [0, MAX_COMMISSION_BPS, MAX_COMMISSION_BPS + 1] {
                let params = RegistryParams {
                    risk_timelock: 1,
                    allocation_delay: 1,
                    max_total_allocation: allocation,
                    max_commission_bps: commission,
                };
                assert_eq!(
                    check_registry_params(&params).is_ok(),
                    params.check().is_ok(),
                    "{allocation} {commission}"
                );
            }
        }
        assert!(check_reporters(&vec![String::new(); MAX_REPORTERS + 1], "wasm").is_err());
    }

    #[test]
    fn connection_ids_are_ibc_gos() {
        for good in ["connection-0", "connection-7", "connection-123"] {
            assert!(check_connection_id("c", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "connection-",
            "connection-x",
            "connection-01",
            "connection--1",
            "channel-0",
            "Connection-0",
            "connection-0 ",
        ] {
            assert!(
                matches!(
                    check_connection_id("c", bad),
                    Err(DeployError::InvalidConnectionId { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn denoms_follow_the_sdk_pattern() {
        for good in [
            "stake",
            "uatom",
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
            "factory/x/y",
        ] {
            assert!(check_denom(good).is_ok(), "{good}");
        }
        for bad in ["", "ab", "1stake", "st ake", "stake!"] {
            assert!(check_denom(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deposits_parse_as_coins() {
        assert_eq!(parse_deposit("10000000stake").unwrap(), "10000000stake");
        assert_eq!(parse_deposit("5uatom, 10stake").unwrap(), "5uatom,10stake");
        for bad in ["", "stake", "10", "0stake", "10 stake", "-1stake"] {
            assert!(parse_deposit(bad).is_err(), "{bad}");
        }
    }
}
