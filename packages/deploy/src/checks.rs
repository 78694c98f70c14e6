//! Checks run before a proposal is written. A proposal whose messages fail executes nothing and
//! wastes a deposit and a voting period, so the generator refuses what the contracts would refuse.
//!
//! The hub's parameter rules come from `palisade-api` (`Params::check`), the same code the hub runs;
//! `tests/instantiate.rs` still instantiates the real hub at each boundary and checks both agree.

use std::str::FromStr;

use cosmwasm_std::Coin;
use palisade_api::hub::Params;

use crate::error::DeployError;

pub use palisade_api::hub::MAX_OPERATORS;

/// The hub's rules for [`Params`], shared through `palisade-api` (the fee recipient's address is
/// checked separately).
pub fn check_params(params: &Params) -> Result<(), DeployError> {
    params
        .check()
        .map_err(|e| DeployError::InvalidParams(e.to_string()))
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
        // 7 × epoch ≥ 21 days + 1 hour: epoch ≥ 259,714.3 s, so 3 days (259,200 s) is too short.
        assert!(matches!(
            check_params(&params(3 * 86_400)),
            Err(DeployError::InvalidParams(_))
        ));
        assert!(check_params(&params(259_714)).is_err());
        assert!(check_params(&params(259_715)).is_ok());
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
