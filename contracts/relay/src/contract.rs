//! Entry points and dispatch.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult,
};
use palisade_api::relay::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, RelaySettings, SettingsError,
};

use crate::applied;
use crate::error::ContractError;
use crate::power;
use crate::query;
use crate::registry;
use crate::slashing;
use crate::state::{Config, CONFIG};

pub use crate::migrations::{CONTRACT_NAME, CONTRACT_VERSION};

/// The settings' rules, shared with the proposal generator (`RelaySettings::check`): at most
/// `MAX_OPERATORS_PER_UPDATE` operators per update bounds its gas, and a packet timeout of at most
/// a year keeps `now + packet_timeout` far from overflowing, so an update can always be sent.
fn validate_settings(settings: &RelaySettings) -> Result<(), ContractError> {
    settings.check().map_err(|e| match e {
        SettingsError::PacketTimeout(e) => ContractError::InvalidPacketTimeout {
            packet_timeout: e.packet_timeout,
            max: e.max,
        },
        SettingsError::MaxOperators {
            max_operators_per_update,
            max,
        } => ContractError::InvalidMaxOperators {
            max_operators_per_update,
            max,
        },
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    validate_settings(&msg.settings)?;
    let registry = deps.api.addr_validate(&msg.registry)?;
    let hub = registry::config(&deps.querier, &registry)?.hub;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    CONFIG.save(
        deps.storage,
        &Config {
            registry: registry.clone(),
            hub: hub.clone(),
            settings: msg.settings.clone(),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", msg.owner)
        .add_attribute("registry", registry)
        .add_attribute("hub", hub)
        .add_attribute("packet_timeout", msg.settings.packet_timeout.to_string())
        .add_attribute(
            "max_operators_per_update",
            msg.settings.max_operators_per_update.to_string(),
        ))
}

fn update_settings(
    deps: DepsMut,
    info: MessageInfo,
    settings: RelaySettings,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    validate_settings(&settings)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.settings = settings.clone();
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_settings")
        .add_attribute("packet_timeout", settings.packet_timeout.to_string())
        .add_attribute(
            "max_operators_per_update",
            settings.max_operators_per_update.to_string(),
        ))
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
        ExecuteMsg::SendPowerUpdates { chain_id } => {
            power::send_power_updates(deps, &env, chain_id)
        }
        ExecuteMsg::SetSlashBook { slash_book } => slashing::set_book(deps, info, slash_book),
        ExecuteMsg::SlashBookUpdate {
            total_exposure,
            order,
        } => slashing::book_update(deps, info, total_exposure, order),
        ExecuteMsg::RefundRewards {
            denom,
            amount,
            recipient,
        } => crate::rewards::refund(deps, info, denom, amount, recipient),
        ExecuteMsg::UpdateSettings(settings) => update_settings(deps, info, settings),
        ExecuteMsg::UpdateOwnership(action) => {
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Channel { chain_id } => to_json_binary(&query::channel(deps, chain_id)?),
        QueryMsg::Channels { start_after, limit } => {
            to_json_binary(&query::channels(deps, start_after, limit)?)
        }
        QueryMsg::Update {
            chain_id,
            update_id,
        } => to_json_binary(&query::update(deps, chain_id, update_id)?),
        QueryMsg::SentPowers {
            chain_id,
            start_after,
            limit,
        } => to_json_binary(&query::sent_powers(deps, chain_id, start_after, limit)?),
        QueryMsg::AppliedAt {
            chain_id,
            operator,
            height,
        } => to_json_binary(&applied::at(deps, chain_id, operator, height)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

/// The submessages whose result the relay reads: the slash book's answer to an opening, and a
/// failed commission sync after a crank.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, _env: Env, reply: Reply) -> Result<Response, ContractError> {
    match reply.id {
        slashing::OPEN_SLASH => slashing::opened(deps, reply),
        power::SYNC_COMMISSION => Ok(power::sync_failed(reply)),
        id => Err(ContractError::UnknownReply { id }),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::migrations::migrate(deps)
}
