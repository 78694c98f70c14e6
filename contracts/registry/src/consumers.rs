//! Consumer chains: admission, lifecycle and parameters.
//!
//! Lifecycle: `Proposed → Active ⇄ Paused`, and any of them `→ Removed` (final). Activation waits
//! `risk_timelock` after the proposal. A parameter update that raises stakers' risk on any count
//! (see [`raises_risk`]) waits `risk_timelock` as a whole; one that only lowers it applies at once.

use cosmwasm_std::{Deps, DepsMut, Env, MessageInfo, Response, Timestamp};
use palisade_api::client::registry::HubConfig;
use palisade_api::registry::{ConsumerParams, ConsumerStatus, PendingParams, SlashDestination};

use crate::error::ContractError;
use crate::state::{Consumer, CONFIG, CONSUMERS};

fn invalid(reason: &str) -> ContractError {
    ContractError::InvalidConsumerParams {
        reason: reason.to_string(),
    }
}

fn status_name(status: ConsumerStatus) -> &'static str {
    match status {
        ConsumerStatus::Proposed => "proposed",
        ConsumerStatus::Active => "active",
        ConsumerStatus::Paused => "paused",
        ConsumerStatus::Removed => "removed",
    }
}

/// Whether any change from `old` to `new` raises stakers' risk or cost: harsher or faster
/// slashing, a longer window to report, more operators, more commission, or a different channel
/// endpoint or slash destination.
pub fn raises_risk(old: &ConsumerParams, new: &ConsumerParams) -> bool {
    new.double_sign_fraction > old.double_sign_fraction
        || new.downtime_fraction > old.downtime_fraction
        || new.veto_period < old.veto_period
        || new.unbonding_period > old.unbonding_period
        || new.slash_rate_limit.max_fraction > old.slash_rate_limit.max_fraction
        || new.slash_rate_limit.window < old.slash_rate_limit.window
        || new.max_operators > old.max_operators
        || new.commission_bounds.max_bps > old.commission_bounds.max_bps
        || new.commission_bounds.min_bps > old.commission_bounds.min_bps
        || new.connection_id != old.connection_id
        || new.counterparty_port != old.counterparty_port
        || new.slashed_funds != old.slashed_funds
}

/// Checks a consumer's parameters on their own and against the hub's withdrawal delay.
pub fn validate(deps: Deps, chain_id: &str, params: &ConsumerParams) -> Result<(), ContractError> {
    if chain_id.trim().is_empty() {
        return Err(invalid("chain_id is empty"));
    }
    params.check().map_err(|e| invalid(&e.to_string()))?;
    params_are_free(deps, chain_id, params)?;
    if let SlashDestination::Address { address } = &params.slashed_funds {
        deps.api.addr_validate(address)?;
    }
    let hub = CONFIG.load(deps.storage)?.hub;
    let hub_config: HubConfig = deps
        .querier
        .query_wasm_smart(hub, &palisade_api::hub::QueryMsg::Config {})?;
    let withdrawal_delay = hub_config.params.withdrawal_delay;
    if params.unbonding_period > withdrawal_delay {
        return Err(ContractError::UnbondingLongerThanWithdrawalDelay {
            unbonding_period: params.unbonding_period,
            withdrawal_delay,
        });
    }
    Ok(())
}

/// A reward denom and a connection belong to one consumer. The relay pays a notice out of its
/// balance of the denom, so a consumer sharing another's denom could be credited with the other's
/// tokens; and the relay finds a channel's consumer by its connection, so a second consumer on the
/// same connection could never open its channel. Scans every consumer (governance adds them one
/// by one; removed ones are skipped).
fn params_are_free(
    deps: Deps,
    chain_id: &str,
    params: &ConsumerParams,
) -> Result<(), ContractError> {
    for item in CONSUMERS.range(deps.storage, None, None, cosmwasm_std::Order::Ascending) {
        let (other, consumer) = item?;
        if other == chain_id || consumer.status == ConsumerStatus::Removed {
            continue;
        }
        let pending = consumer.pending.iter().map(|p| &p.params);
        for their in std::iter::once(&consumer.params).chain(pending) {
            if their.connection_id == params.connection_id {
                return Err(ContractError::ConnectionTaken {
                    connection_id: params.connection_id.clone(),
                    chain_id: other,
                });
            }
            let denoms = &params.reward_denoms;
            if let Some(denom) = denoms.iter().find(|d| their.reward_denoms.contains(d)) {
                return Err(ContractError::RewardDenomTaken {
                    denom: denom.clone(),
                    chain_id: other,
                });
            }
        }
    }
    Ok(())
}

pub fn load(deps: Deps, chain_id: &str) -> Result<Consumer, ContractError> {
    CONSUMERS
        .may_load(deps.storage, chain_id)?
        .ok_or_else(|| ContractError::UnknownConsumer {
            chain_id: chain_id.to_string(),
        })
}

fn timelock_end(deps: Deps, now: Timestamp) -> Result<Timestamp, ContractError> {
    Ok(now.plus_seconds(CONFIG.load(deps.storage)?.params.risk_timelock))
}

pub fn propose(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    params: ConsumerParams,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    if CONSUMERS.has(deps.storage, &chain_id) {
        return Err(ContractError::DuplicateConsumer { chain_id });
    }
    validate(deps.as_ref(), &chain_id, &params)?;
    let activatable_at = timelock_end(deps.as_ref(), env.block.time)?;
    CONSUMERS.save(
        deps.storage,
        &chain_id,
        &Consumer {
            status: ConsumerStatus::Proposed,
            params,
            pending: None,
            activatable_at,
            operators: 0,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "propose_consumer")
        .add_attribute("chain_id", chain_id)
        .add_attribute("activatable_at", activatable_at.seconds().to_string()))
}

/// The lifecycle steps the owner takes directly.
#[derive(Clone, Copy)]
pub enum Step {
    Activate,
    Pause,
    Resume,
    Remove,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::Activate => "activate",
            Step::Pause => "pause",
            Step::Resume => "resume",
            Step::Remove => "remove",
        }
    }

    /// The status this step leads to from `from`, if it is allowed.
    fn target(self, from: ConsumerStatus) -> Option<ConsumerStatus> {
        use ConsumerStatus::*;
        match (self, from) {
            (Step::Activate, Proposed) => Some(Active),
            (Step::Pause, Active) => Some(Paused),
            (Step::Resume, Paused) => Some(Active),
            (Step::Remove, Proposed | Active | Paused) => Some(Removed),
            _ => None,
        }
    }
}

pub fn transition(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    step: Step,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut consumer = load(deps.as_ref(), &chain_id)?;
    let target = step
        .target(consumer.status)
        .ok_or_else(|| ContractError::InvalidTransition {
            chain_id: chain_id.clone(),
            action: step.name().to_string(),
            status: status_name(consumer.status).to_string(),
        })?;
    if let Step::Activate = step {
        if env.block.time < consumer.activatable_at {
            return Err(ContractError::TimelockNotElapsed {
                until: consumer.activatable_at,
            });
        }
        // The hub's delay may have changed since the proposal.
        validate(deps.as_ref(), &chain_id, &consumer.params)?;
    }
    let from = consumer.status;
    consumer.status = target;
    CONSUMERS.save(deps.storage, &chain_id, &consumer)?;
    Ok(Response::new()
        .add_attribute("action", format!("{}_consumer", step.name()))
        .add_attribute("chain_id", chain_id)
        .add_attribute("from", status_name(from))
        .add_attribute("to", status_name(target)))
}

pub fn update_params(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    params: ConsumerParams,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut consumer = load(deps.as_ref(), &chain_id)?;
    if consumer.status == ConsumerStatus::Removed {
        return Err(ContractError::InvalidTransition {
            chain_id,
            action: "update".to_string(),
            status: "removed".to_string(),
        });
    }
    validate(deps.as_ref(), &chain_id, &params)?;
    let response = Response::new()
        .add_attribute("action", "update_consumer_params")
        .add_attribute("chain_id", &chain_id);
    let response = if consumer.status == ConsumerStatus::Proposed {
        // Not admitted yet: the new parameters restart the admission timelock.
        consumer.params = params;
        consumer.activatable_at = timelock_end(deps.as_ref(), env.block.time)?;
        response.add_attribute("applied", "true").add_attribute(
            "activatable_at",
            consumer.activatable_at.seconds().to_string(),
        )
    } else if raises_risk(&consumer.params, &params) {
        let effective_at = timelock_end(deps.as_ref(), env.block.time)?;
        consumer.pending = Some(PendingParams {
            params,
            effective_at,
        });
        response
            .add_attribute("applied", "false")
            .add_attribute("effective_at", effective_at.seconds().to_string())
    } else {
        // Lowering risk applies at once and replaces any pending (riskier) update.
        consumer.params = params;
        consumer.pending = None;
        response.add_attribute("applied", "true")
    };
    CONSUMERS.save(deps.storage, &chain_id, &consumer)?;
    Ok(response)
}

/// Anyone: applies pending parameters once their timelock has passed.
pub fn apply_params(deps: DepsMut, env: Env, chain_id: String) -> Result<Response, ContractError> {
    let mut consumer = load(deps.as_ref(), &chain_id)?;
    let pending = consumer
        .pending
        .take()
        .ok_or_else(|| ContractError::NoPendingParams {
            chain_id: chain_id.clone(),
        })?;
    if env.block.time < pending.effective_at {
        return Err(ContractError::TimelockNotElapsed {
            until: pending.effective_at,
        });
    }
    validate(deps.as_ref(), &chain_id, &pending.params)?;
    consumer.params = pending.params;
    CONSUMERS.save(deps.storage, &chain_id, &consumer)?;
    Ok(Response::new()
        .add_attribute("action", "apply_consumer_params")
        .add_attribute("chain_id", chain_id))
}
