//! The relay's penalties: a downtime jails the operator on the consumer, a double sign
//! tombstones it; then the hub takes the stake.

use cosmwasm_std::{Decimal, Deps, DepsMut, Env, MessageInfo, Response, Uint128};
use palisade_api::ibc::Infraction;
use palisade_api::registry::{OperatorStatus, SlashDestination};

use super::opt_ins::load_current;
use crate::error::ContractError;
use crate::state::{Consumer, OptIn, CONFIG, CONSUMERS, CONSUMER_OPERATORS, OPERATORS, OPT_INS};

fn ensure_relay(deps: Deps, info: &MessageInfo) -> Result<(), ContractError> {
    match CONFIG.load(deps.storage)?.relay {
        Some(relay) if relay == info.sender => Ok(()),
        _ => Err(ContractError::NotRelay),
    }
}

/// Relay: executes a slash. Downtime jails the operator on the consumer, a double sign
/// tombstones it; then the hub takes the stake (`crate::hub::slash_msg`). A jail or tombstone
/// needs the opt-in record; if it was pruned (the slash waited for governance past the opt-out),
/// the slash still goes to the hub. The hub refuses it while it is not linked to this registry,
/// and the relay's execution then fails as a whole, to be retried.
#[allow(clippy::too_many_arguments)]
pub fn slash(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    slash_id: u64,
    validator: String,
    chain_id: String,
    infraction: Infraction,
    order: (Uint128, u64),
) -> Result<Response, ContractError> {
    ensure_relay(deps.as_ref(), &info)?;
    let consumer = CONSUMERS
        .may_load(deps.storage, &chain_id)?
        .ok_or_else(|| ContractError::UnknownConsumer {
            chain_id: chain_id.clone(),
        })?;
    let record = load_current(&mut deps, &env, &validator, &chain_id)?;
    let mut response = Response::new()
        .add_attribute("action", "slash")
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute("validator", &validator)
        .add_attribute("chain_id", &chain_id);
    match (infraction, record) {
        (Infraction::Downtime, None) => response = response.add_attribute("penalty", "none"),
        (Infraction::Downtime, Some(mut record)) => {
            let until = env.block.time.plus_seconds(consumer.params.downtime_jail);
            if record.status != OperatorStatus::Tombstoned {
                record.status = OperatorStatus::Jailed { until };
                OPT_INS.save(
                    deps.storage,
                    (&validator, &chain_id),
                    &record,
                    env.block.height,
                )?;
            }
            response = response
                .add_attribute("penalty", "jail")
                .add_attribute("jailed_until", until.seconds().to_string());
        }
        (Infraction::DoubleSign, record) => {
            let (leave_hub, hub_updated) =
                tombstone(&mut deps, &env, &validator, &chain_id, record)?;
            response = response
                .add_messages(leave_hub)
                .add_attribute("penalty", "tombstone")
                .add_attribute("hub_updated", hub_updated.to_string());
        }
    }
    let (amount, height) = order;
    let destination = match consumer.params.slashed_funds {
        SlashDestination::Burn {} => None,
        SlashDestination::Address { address } => Some(address),
    };
    let to_hub = crate::hub::slash_msg(
        &deps,
        palisade_api::hub::ConsumerSlash {
            slash_id,
            validator,
            amount,
            height,
            destination,
        },
    )?;
    Ok(response.add_message(to_hub))
}

/// Tombstones an operator on a consumer: its allocation there is removed at once (if its opt-in
/// is still recorded), and it leaves the hub's operator set for good.
fn tombstone(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
    chain_id: &str,
    record: Option<OptIn>,
) -> Result<(Option<cosmwasm_std::WasmMsg>, bool), ContractError> {
    if let Some(record) = record {
        tombstone_opt_in(deps, env, validator, chain_id, record)?;
    }
    // A double signer receives no more stake from the hub, which moves what it holds away.
    if let Some(mut op) = OPERATORS.may_load(deps.storage, validator)? {
        op.tombstoned = true;
        OPERATORS.save(deps.storage, validator, &op)?;
    }
    crate::hub::remove_from_hub(deps, env, validator)
}

fn tombstone_opt_in(
    deps: &mut DepsMut,
    env: &Env,
    validator: &str,
    chain_id: &str,
    mut record: OptIn,
) -> Result<(), ContractError> {
    // The record stays, blocking a new opt-in, but leaves the consumer's operator list: readers
    // of the list (the LRT's commission split, the relay's power crank) read a bounded number of
    // entries, which tombstones must not fill. The relay sends the removal of an operator it no
    // longer finds listed, as after an opt-out.
    CONSUMER_OPERATORS.remove(deps.storage, (chain_id, validator));
    if record.status != OperatorStatus::Tombstoned {
        // No longer takes a seat.
        CONSUMERS.update(
            deps.storage,
            chain_id,
            |c| -> Result<Consumer, ContractError> {
                let mut c = c.ok_or_else(|| ContractError::UnknownConsumer {
                    chain_id: chain_id.to_string(),
                })?;
                c.operators = c.operators.saturating_sub(1);
                Ok(c)
            },
        )?;
    }
    record.status = OperatorStatus::Tombstoned;
    record.allocation = Decimal::zero();
    record.pending = None;
    OPT_INS.save(
        deps.storage,
        (validator, chain_id),
        &record,
        env.block.height,
    )?;
    Ok(())
}
