//! Commission on a consumer's rewards: bounds, and changes (a cut at once, a rise after
//! `allocation_delay`).

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use palisade_api::registry::{OperatorStatus, PendingCommission};

use super::opt_ins::load_opted_in;
use super::sender_validator;
use crate::consumers;
use crate::error::ContractError;
use crate::state::{CONFIG, OPT_INS};

pub(super) fn check_commission(
    commission_bps: u16,
    min_bps: u16,
    max_bps: u16,
) -> Result<(), ContractError> {
    if commission_bps < min_bps || commission_bps > max_bps {
        return Err(ContractError::CommissionOutOfBounds {
            commission_bps,
            min_bps,
            max_bps,
        });
    }
    Ok(())
}

/// The operator changes its commission on one consumer, within the consumer's bounds. A cut
/// applies at once (and drops a pending rise); a rise waits `allocation_delay`, so holders see
/// it before it takes their rewards.
pub fn set_commission(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    commission_bps: u16,
) -> Result<Response, ContractError> {
    let validator = sender_validator(deps.as_ref(), &info)?;
    let consumer = consumers::load(deps.as_ref(), &chain_id)?;
    let mut record = load_opted_in(&mut deps, &env, &validator, &chain_id)?;
    if record.status == OperatorStatus::Tombstoned {
        return Err(ContractError::Tombstoned {
            validator,
            chain_id,
        });
    }
    let bounds = &consumer.params.commission_bounds;
    check_commission(commission_bps, bounds.min_bps, bounds.max_bps)?;
    let current = record.commission_bps;
    let effective_at = if commission_bps > current {
        let delay = CONFIG.load(deps.storage)?.params.allocation_delay;
        let at = env.block.time.plus_seconds(delay);
        record.pending_commission = Some(PendingCommission {
            commission_bps,
            effective_at: at,
        });
        at
    } else {
        record.commission_bps = commission_bps;
        record.pending_commission = None;
        env.block.time
    };
    OPT_INS.save(
        deps.storage,
        (&validator, &chain_id),
        &record,
        env.block.height,
    )?;
    Ok(Response::new()
        .add_attribute("action", "set_commission")
        .add_attribute("validator", validator)
        .add_attribute("chain_id", chain_id)
        .add_attribute("from", current.to_string())
        .add_attribute("to", commission_bps.to_string())
        .add_attribute("effective_at", effective_at.seconds().to_string()))
}
