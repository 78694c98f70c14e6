//! Parameters: checked by `Params::check` (shared with the proposal generator through
//! `palisade-api`), applied at instantiation and by `update_params`; the guardian.

use cosmwasm_std::{Api, DepsMut, MessageInfo, Response};
use palisade_api::hub::Params;

use crate::error::ContractError;
use crate::state::{Config, CONFIG};

/// Checks `params` and copies them into the stored config.
pub fn apply_params(
    api: &dyn Api,
    config: &mut Config,
    params: Params,
) -> Result<(), ContractError> {
    params.check()?;
    config.epoch_period = params.epoch_period;
    config.unbonding_period = params.unbonding_period;
    config.withdrawal_delay = params.withdrawal_delay;
    config.fee_bps = params.fee_bps;
    config.fee_recipient = api.addr_validate(&params.fee_recipient)?;
    config.max_pause_duration = params.max_pause_duration;
    Ok(())
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
