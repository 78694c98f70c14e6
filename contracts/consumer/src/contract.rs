//! Entry points and dispatch. The IBC entry points are in [`crate::ibc`].

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Api, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
    Uint128,
};
use palisade_api::consumer::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg};

use crate::error::ContractError;
use crate::outbox;
use crate::query;
use crate::state::{Config, PowerTotals, CONFIG, LAST_REQUEST_ID, LAST_UPDATE_ID, POWER_TOTALS};

pub use crate::migrations::{CONTRACT_NAME, CONTRACT_VERSION};

/// Who `sudo` reports are attributed to in events.
pub const SUDO_REPORTER: &str = "sudo";

fn validate_reporters(api: &dyn Api, reporters: &[String]) -> Result<Vec<Addr>, ContractError> {
    palisade_api::consumer::check_reporter_count(reporters.len()).map_err(|e| {
        ContractError::TooManyReporters {
            count: e.count,
            max: e.max,
        }
    })?;
    let mut validated: Vec<Addr> = Vec::with_capacity(reporters.len());
    for reporter in reporters {
        let addr = api.addr_validate(reporter)?;
        if validated.contains(&addr) {
            return Err(ContractError::DuplicateReporter {
                reporter: reporter.clone(),
            });
        }
        validated.push(addr);
    }
    Ok(validated)
}

fn join(addrs: &[Addr]) -> String {
    addrs.iter().map(Addr::as_str).collect::<Vec<_>>().join(",")
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    palisade_api::ibc::check_packet_timeout(msg.packet_timeout).map_err(|e| {
        ContractError::InvalidPacketTimeout {
            packet_timeout: e.packet_timeout,
            max: e.max,
        }
    })?;
    if msg.provider_connection_id.is_empty() {
        return Err(ContractError::EmptyConnectionId);
    }
    if msg.relay_port.is_empty() {
        return Err(ContractError::EmptyRelayPort);
    }
    let reporters = validate_reporters(deps.api, &msg.reporters)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    CONFIG.save(
        deps.storage,
        &Config {
            provider_connection_id: msg.provider_connection_id.clone(),
            relay_port: msg.relay_port.clone(),
            packet_timeout: msg.packet_timeout,
            reporters: reporters.clone(),
        },
    )?;
    POWER_TOTALS.save(
        deps.storage,
        &PowerTotals {
            total_power: Uint128::zero(),
            operators: 0,
        },
    )?;
    LAST_UPDATE_ID.save(deps.storage, &0)?;
    LAST_REQUEST_ID.save(deps.storage, &0)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", msg.owner)
        .add_attribute("provider_connection_id", msg.provider_connection_id)
        .add_attribute("relay_port", msg.relay_port)
        .add_attribute("packet_timeout", msg.packet_timeout.to_string())
        .add_attribute("reporters", join(&reporters)))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    match msg {
        ExecuteMsg::ReportInfraction(report) => {
            outbox::authorize_reporter(deps.as_ref(), &info.sender)?;
            outbox::report(deps, &env, info.sender.as_str(), report)
        }
        ExecuteMsg::RetryTimedOut { limit } => outbox::retry_timed_out(deps, &env, limit),
        ExecuteMsg::ResendRejected { request_id } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            outbox::resend_rejected(deps, &env, request_id)
        }
        ExecuteMsg::SetReporters { reporters } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            let reporters = validate_reporters(deps.api, &reporters)?;
            CONFIG.update(deps.storage, |mut c| -> StdResult<_> {
                c.reporters = reporters.clone();
                Ok(c)
            })?;
            Ok(Response::new()
                .add_attribute("action", "set_reporters")
                .add_attribute("reporters", join(&reporters)))
        }
        ExecuteMsg::SetRewardRoute {
            transfer_channel,
            denoms,
        } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            crate::rewards::set_route(deps, transfer_channel, denoms)
        }
        ExecuteMsg::ForwardRewards { denom } => crate::rewards::forward(deps, env, denom),
        ExecuteMsg::ResendNotice { notice_id } => {
            // Not anyone: a resend credits whatever tokens of that denom the relay holds, which
            // may be another notice's if this one's transfer was refunded.
            crate::outbox::authorize_reporter(deps.as_ref(), &info.sender)?;
            crate::rewards::resend(deps, env, notice_id)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
    }
}

/// The consumer chain itself (e.g. its evidence module) reports without being a reporter.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn sudo(deps: DepsMut, env: Env, msg: SudoMsg) -> Result<Response, ContractError> {
    match msg {
        SudoMsg::ReportInfraction(report) => outbox::report(deps, &env, SUDO_REPORTER, report),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Channel {} => to_json_binary(&query::channel(deps)?),
        QueryMsg::Operators { start_after, limit } => {
            to_json_binary(&query::operators(deps, start_after, limit)?)
        }
        QueryMsg::Operator { operator } => to_json_binary(&query::operator(deps, operator)?),
        QueryMsg::OperatorByKey { consumer_key } => {
            to_json_binary(&query::operator_by_key(deps, consumer_key)?)
        }
        QueryMsg::PowerSummary {} => to_json_binary(&query::power_summary(deps)?),
        QueryMsg::SlashRequest { request_id } => {
            to_json_binary(&query::slash_request(deps, request_id)?)
        }
        QueryMsg::SlashRequests {
            start_before,
            limit,
        } => to_json_binary(&query::slash_requests(deps, start_before, limit)?),
        QueryMsg::RewardRoute {} => to_json_binary(&crate::rewards::ROUTE.may_load(deps.storage)?),
        QueryMsg::Notices {
            start_before,
            limit,
        } => to_json_binary(&crate::rewards::query_notices(deps, start_before, limit)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::migrations::migrate(deps)
}
