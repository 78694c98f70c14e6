//! Parameter validation, shared by instantiation and `update_config`.

use cosmwasm_std::{Api, DepsMut, MessageInfo, Response};
use palisade_api::hub::{ConfigUpdate, GuardianUpdate};

use crate::constants::{MAX_FEE_BPS, MAX_PAUSE_CAP, MAX_UNBONDING_ENTRIES, SETTLEMENT_MARGIN};
use crate::error::ContractError;
use crate::state::{Config, CONFIG};

fn invalid(reason: impl Into<String>) -> ContractError {
    ContractError::InvalidConfig {
        reason: reason.into(),
    }
}

/// Checks the relations between the timing and fee parameters.
pub fn validate(config: &Config) -> Result<(), ContractError> {
    if config.bond_denom.trim().is_empty() {
        return Err(invalid("bond_denom is empty"));
    }
    if config.unbonding_period == 0 {
        return Err(invalid("unbonding_period must be positive"));
    }
    if config.epoch_period == 0 {
        return Err(invalid("epoch_period must be positive"));
    }
    // One undelegation per operator per batch and one batch per epoch: the entries alive at once
    // are the batches submitted within one unbonding period (plus the block in which the oldest
    // completes), which stays within x/staking's 7 when 7 epochs outlast it.
    let seven_epochs = config.epoch_period.saturating_mul(MAX_UNBONDING_ENTRIES);
    if seven_epochs < config.unbonding_period.saturating_add(SETTLEMENT_MARGIN) {
        return Err(invalid(format!(
            "7 × epoch_period ({seven_epochs}s) must be at least unbonding_period + {SETTLEMENT_MARGIN}s, or x/staking's 7-entry limit could be hit"
        )));
    }
    if config.withdrawal_delay < config.unbonding_period.saturating_add(SETTLEMENT_MARGIN) {
        return Err(invalid(format!(
            "withdrawal_delay must be at least unbonding_period + {SETTLEMENT_MARGIN}s so batches are settled before they are claimable"
        )));
    }
    if config.fee_bps > MAX_FEE_BPS {
        return Err(invalid(format!("fee_bps must be at most {MAX_FEE_BPS}")));
    }
    if config.max_pause_duration == 0 || config.max_pause_duration > MAX_PAUSE_CAP {
        return Err(invalid(format!(
            "max_pause_duration must be between 1 and {MAX_PAUSE_CAP} seconds"
        )));
    }
    Ok(())
}

/// Owner: applies a parameter change, validated as a whole.
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    update: ConfigUpdate,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    let mut response = Response::new().add_attribute("action", "update_config");
    apply(deps.api, &mut config, update, &mut response)?;
    validate(&config)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(response)
}

fn apply(
    api: &dyn Api,
    config: &mut Config,
    update: ConfigUpdate,
    response: &mut Response,
) -> Result<(), ContractError> {
    let mut changed = |key: &str, value: String| {
        *response = std::mem::take(response).add_attribute(key, value);
    };
    if let Some(guardian) = update.guardian {
        config.guardian = match guardian {
            GuardianUpdate::Set { address } => Some(api.addr_validate(&address)?),
            GuardianUpdate::Remove {} => None,
        };
        changed(
            "guardian",
            config
                .guardian
                .as_ref()
                .map_or("none".to_string(), |g| g.to_string()),
        );
    }
    if let Some(v) = update.epoch_period {
        config.epoch_period = v;
        changed("epoch_period", v.to_string());
    }
    if let Some(v) = update.unbonding_period {
        config.unbonding_period = v;
        changed("unbonding_period", v.to_string());
    }
    if let Some(v) = update.withdrawal_delay {
        config.withdrawal_delay = v;
        changed("withdrawal_delay", v.to_string());
    }
    if let Some(v) = update.fee_bps {
        config.fee_bps = v;
        changed("fee_bps", v.to_string());
    }
    if let Some(v) = update.fee_recipient {
        config.fee_recipient = api.addr_validate(&v)?;
        changed("fee_recipient", v);
    }
    if let Some(v) = update.max_pause_duration {
        config.max_pause_duration = v;
        changed("max_pause_duration", v.to_string());
    }
    Ok(())
}
