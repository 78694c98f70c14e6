//! Parameter validation, shared by instantiation and `update_config`.

use cosmwasm_std::{Api, DepsMut, MessageInfo, Response};
use palisade_api::hub::Params;

use crate::constants::{MAX_FEE_BPS, MAX_PAUSE_CAP, MAX_UNBONDING_ENTRIES, SETTLEMENT_MARGIN};
use crate::error::ContractError;
use crate::state::{Config, CONFIG};

/// Checks the relations between the timing and fee parameters.
pub fn validate(config: &Config) -> Result<(), ContractError> {
    if config.bond_denom.trim().is_empty() {
        return Err(ContractError::EmptyBondDenom);
    }
    if config.unbonding_period == 0 || config.epoch_period == 0 {
        return Err(ContractError::ZeroPeriod);
    }
    let min = config.unbonding_period.saturating_add(SETTLEMENT_MARGIN);
    // One undelegation per operator per batch and one batch per epoch: the entries alive at once
    // are the batches submitted within one unbonding period (plus the block in which the oldest
    // completes), which stays within x/staking's 7 when 7 epochs outlast it.
    if config.epoch_period.saturating_mul(MAX_UNBONDING_ENTRIES) < min {
        return Err(ContractError::EpochTooShort { min });
    }
    if config.withdrawal_delay < min {
        return Err(ContractError::WithdrawalDelayTooShort { min });
    }
    if config.fee_bps > MAX_FEE_BPS {
        return Err(ContractError::FeeTooHigh {
            fee_bps: config.fee_bps,
            max: MAX_FEE_BPS,
        });
    }
    if config.max_pause_duration == 0 || config.max_pause_duration > MAX_PAUSE_CAP {
        return Err(ContractError::InvalidMaxPause { max: MAX_PAUSE_CAP });
    }
    Ok(())
}

/// Copies `params` into the stored config and validates the result.
pub fn apply_params(
    api: &dyn Api,
    config: &mut Config,
    params: Params,
) -> Result<(), ContractError> {
    config.epoch_period = params.epoch_period;
    config.unbonding_period = params.unbonding_period;
    config.withdrawal_delay = params.withdrawal_delay;
    config.fee_bps = params.fee_bps;
    config.fee_recipient = api.addr_validate(&params.fee_recipient)?;
    config.max_pause_duration = params.max_pause_duration;
    validate(config)
}

/// The parameters as the API shows them.
pub fn params_of(config: &Config) -> Params {
    Params {
        epoch_period: config.epoch_period,
        unbonding_period: config.unbonding_period,
        withdrawal_delay: config.withdrawal_delay,
        fee_bps: config.fee_bps,
        fee_recipient: config.fee_recipient.to_string(),
        max_pause_duration: config.max_pause_duration,
    }
}

/// Owner: replaces the parameters, validated as a whole.
pub fn update_params(
    deps: DepsMut,
    info: MessageInfo,
    params: Params,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    apply_params(deps.api, &mut config, params)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("epoch_period", config.epoch_period.to_string())
        .add_attribute("unbonding_period", config.unbonding_period.to_string())
        .add_attribute("withdrawal_delay", config.withdrawal_delay.to_string())
        .add_attribute("fee_bps", config.fee_bps.to_string())
        .add_attribute("fee_recipient", config.fee_recipient)
        .add_attribute("max_pause_duration", config.max_pause_duration.to_string()))
}

/// Owner: sets or removes the guardian.
pub fn set_guardian(
    deps: DepsMut,
    info: MessageInfo,
    guardian: Option<String>,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.guardian = guardian.map(|g| deps.api.addr_validate(&g)).transpose()?;
    CONFIG.save(deps.storage, &config)?;
    let shown = config
        .guardian
        .map_or("none".to_string(), |g| g.to_string());
    Ok(Response::new()
        .add_attribute("action", "set_guardian")
        .add_attribute("guardian", shown))
}
