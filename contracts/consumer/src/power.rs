//! Power updates from the provider. Each entry (a power or a removal) is applied only if the
//! packet's `update_id` is newer than the one that last set that operator, so updates may arrive
//! in any order and a re-sent state never goes backwards. A removal sets the power to zero and
//! keeps the record, so late reports still resolve the operator's key.
//!
//! A refused packet must change nothing (wasmd commits the state of an error acknowledgement
//! too), so `receive` reads and checks everything into a [`Plan`] first, and only then writes.

use std::collections::{BTreeMap, BTreeSet};

use cosmwasm_std::{
    from_json, to_json_binary, Deps, DepsMut, Env, IbcPacket, IbcReceiveResponse, OverflowError,
    OverflowOperation, StdAck, Uint128,
};
use palisade_api::ibc::{OperatorPower, PowerUpdateAck, ProviderPacket};

use crate::error::ContractError;
use crate::state::{
    latest_power, OperatorRecord, PowerTotals, CHANNEL, KEYS, LAST_UPDATE_ID, OPERATORS,
    OPERATOR_HISTORY, POWER_TOTALS,
};

impl PowerTotals {
    /// One operator's power goes from `old` to `new`.
    pub fn replace(&mut self, old: Uint128, new: Uint128) -> Result<(), OverflowError> {
        self.total_power = self.total_power.checked_sub(old)?.checked_add(new)?;
        match (old.is_zero(), new.is_zero()) {
            (true, false) => {
                self.operators = self
                    .operators
                    .checked_add(1)
                    .ok_or(OverflowError::new(OverflowOperation::Add))?
            }
            (false, true) => {
                self.operators = self
                    .operators
                    .checked_sub(1)
                    .ok_or(OverflowError::new(OverflowOperation::Sub))?
            }
            _ => {}
        }
        Ok(())
    }
}

/// One operator's entry to apply.
struct Write {
    operator: String,
    update_id: u64,
    power: Uint128,
    /// Its key record, when new or changed (an update that changes only powers writes none).
    record: Option<OperatorRecord>,
    /// Its key, when not yet mapped to it.
    key_to_map: Option<String>,
}

/// Everything a packet changes, computed without writing.
struct Plan {
    writes: Vec<Write>,
    skipped: u32,
    totals: PowerTotals,
}

/// Refuses the whole packet on a zero update id, an empty or repeated operator, an empty key, or
/// a key given to two operators in it. What storage says of keys is checked by [`check_key`].
fn validate(
    update_id: u64,
    powers: &[OperatorPower],
    removed: &[String],
) -> Result<(), ContractError> {
    if update_id == 0 {
        return Err(ContractError::ZeroUpdateId);
    }
    let mut operators = BTreeSet::new();
    let mut keys: BTreeMap<&str, &str> = BTreeMap::new();
    for entry in powers {
        if entry.operator.is_empty() {
            return Err(ContractError::EmptyOperator);
        }
        if entry.consumer_key.is_empty() {
            return Err(ContractError::EmptyConsumerKey {
                operator: entry.operator.clone(),
            });
        }
        if !operators.insert(entry.operator.as_str()) {
            return Err(ContractError::DuplicateOperator {
                operator: entry.operator.clone(),
            });
        }
        if let Some(owner) = keys.insert(&entry.consumer_key, &entry.operator) {
            return Err(key_taken(entry, owner));
        }
    }
    for operator in removed {
        if operator.is_empty() {
            return Err(ContractError::EmptyOperator);
        }
        if !operators.insert(operator.as_str()) {
            return Err(ContractError::DuplicateOperator {
                operator: operator.clone(),
            });
        }
    }
    Ok(())
}

fn key_taken(entry: &OperatorPower, owner: &str) -> ContractError {
    ContractError::ConsumerKeyTaken {
        consumer_key: entry.consumer_key.clone(),
        owner: owner.to_string(),
        operator: entry.operator.clone(),
    }
}

/// Whether `entry`'s key must be mapped to its operator: refuses a key that belongs to another
/// operator with power.
fn check_key(deps: Deps, entry: &OperatorPower, removed: &[String]) -> Result<bool, ContractError> {
    let Some(owner) = KEYS.may_load(deps.storage, &entry.consumer_key)? else {
        return Ok(true);
    };
    if owner == entry.operator {
        // A key it rotated away from and now comes back to.
        return Ok(false);
    }
    // The provider's registry frees a key only once its holder's opt-out took effect (after the
    // consumer's unbonding period, so it can no longer be slashed through it): a key whose
    // holder has no power may pass to another operator. The holder may also be losing its
    // power in this very packet.
    let holder_has_power = !removed.contains(&owner)
        && latest_power(deps.storage, &owner)?.is_some_and(|s| !s.power.is_zero());
    if holder_has_power {
        return Err(key_taken(entry, &owner));
    }
    Ok(true)
}

fn plan(
    deps: Deps,
    update_id: u64,
    powers: Vec<OperatorPower>,
    removed: Vec<String>,
) -> Result<Plan, ContractError> {
    validate(update_id, &powers, &removed)?;
    let mut plan = Plan {
        writes: Vec::with_capacity(powers.len() + removed.len()),
        skipped: 0,
        totals: POWER_TOTALS.load(deps.storage)?,
    };
    for entry in powers {
        let record = OPERATORS.may_load(deps.storage, &entry.operator)?;
        let now = latest_power(deps.storage, &entry.operator)?;
        let key_changed = record
            .as_ref()
            .is_none_or(|r| r.consumer_key != entry.consumer_key);
        // An operator with power holds its current key (no key passes from an operator with
        // power); one without may have seen its key pass to another operator meanwhile, so its
        // key is checked as a new one. Checked even for an entry skipped below, so that a packet
        // is refused or not whatever the consumer already holds.
        let has_power = now.is_some_and(|s| !s.power.is_zero());
        let map_key = (key_changed || !has_power) && check_key(deps, &entry, &removed)?;
        if now.is_some_and(|s| s.update_id >= update_id) {
            plan.skipped = plan.skipped.saturating_add(1);
            continue;
        }
        plan.totals
            .replace(now.unwrap_or_default().power, entry.power)?;
        plan.writes.push(Write {
            update_id,
            power: entry.power,
            record: key_changed.then(|| OperatorRecord {
                consumer_key: entry.consumer_key.clone(),
            }),
            key_to_map: map_key.then(|| entry.consumer_key.clone()),
            operator: entry.operator,
        });
    }
    for operator in removed {
        let now = latest_power(deps.storage, &operator)?;
        if now.is_some_and(|s| s.update_id >= update_id) {
            plan.skipped = plan.skipped.saturating_add(1);
            continue;
        }
        plan.totals
            .replace(now.unwrap_or_default().power, Uint128::zero())?;
        // An operator never seen gets a keyless record, so that it is listed; its history entry
        // makes an older update giving it power, arriving later, skipped.
        let record = match now {
            Some(_) => None,
            None => Some(OperatorRecord {
                consumer_key: String::new(),
            }),
        };
        plan.writes.push(Write {
            operator,
            update_id,
            power: Uint128::zero(),
            record,
            key_to_map: None,
        });
    }
    Ok(plan)
}

/// Applies a `power_update` received on the open channel; any error becomes an error
/// acknowledgement with no state changed.
pub fn receive(
    deps: DepsMut,
    env: &Env,
    packet: &IbcPacket,
) -> Result<IbcReceiveResponse, ContractError> {
    let channel_id = &packet.dest.channel_id;
    match CHANNEL.may_load(deps.storage)? {
        Some(c) if c.open && &c.channel_id == channel_id => {}
        _ => {
            return Err(ContractError::UnknownChannel {
                channel_id: channel_id.clone(),
            })
        }
    }
    let ProviderPacket::PowerUpdate {
        update_id,
        powers,
        removed,
    } = from_json(&packet.data).map_err(|err| ContractError::MalformedPacket {
        reason: err.to_string(),
    })?;
    let plan = plan(deps.as_ref(), update_id, powers, removed)?;
    let last_update_id = LAST_UPDATE_ID.load(deps.storage)?;
    let applied = u32::try_from(plan.writes.len()).unwrap_or(u32::MAX);
    let ack = StdAck::success(to_json_binary(&PowerUpdateAck {
        update_id,
        applied,
        height: Some(env.block.height),
        time: Some(env.block.time),
    })?);

    // Checks done: from here on, only writes.
    for write in &plan.writes {
        OPERATOR_HISTORY.save(
            deps.storage,
            (&write.operator, env.block.height),
            &(write.update_id, write.power),
        )?;
        if let Some(record) = &write.record {
            OPERATORS.save(deps.storage, &write.operator, record)?;
        }
        if let Some(key) = &write.key_to_map {
            KEYS.save(deps.storage, key, &write.operator)?;
        }
    }
    POWER_TOTALS.save(deps.storage, &plan.totals)?;
    if update_id > last_update_id {
        LAST_UPDATE_ID.save(deps.storage, &update_id)?;
    }
    Ok(IbcReceiveResponse::new(ack)
        .add_attribute("action", "power_update")
        .add_attribute("update_id", update_id.to_string())
        .add_attribute("applied", applied.to_string())
        .add_attribute("skipped", plan.skipped.to_string())
        .add_attribute("total_power", plan.totals.total_power.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_count_operators_with_power() {
        let mut totals = PowerTotals::default();
        totals.replace(Uint128::zero(), Uint128::new(10)).unwrap();
        totals.replace(Uint128::zero(), Uint128::new(5)).unwrap();
        assert_eq!(totals.total_power, Uint128::new(15));
        assert_eq!(totals.operators, 2);
        totals.replace(Uint128::new(10), Uint128::new(3)).unwrap();
        assert_eq!(totals.total_power, Uint128::new(8));
        assert_eq!(totals.operators, 2);
        totals.replace(Uint128::new(5), Uint128::zero()).unwrap();
        assert_eq!(totals.total_power, Uint128::new(3));
        assert_eq!(totals.operators, 1);
        totals.replace(Uint128::zero(), Uint128::zero()).unwrap();
        assert_eq!(totals.operators, 1);
    }

    #[test]
    fn totals_refuse_to_go_below_zero() {
        let mut totals = PowerTotals::default();
        assert!(totals.replace(Uint128::new(1), Uint128::zero()).is_err());
    }
}
