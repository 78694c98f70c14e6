//! Operators: registration by the validator's own operator account, opt-in to consumers with a
//! key and an allocation, allocation changes, and the relay's jail and tombstone.
//!
//! Timing, as stakers need it: an allocation increase (an opt-in is one) raises what a consumer
//! may slash, so it takes effect after `allocation_delay`; a decrease or an opt-out takes effect
//! after the consumer's unbonding period, during which the consumer can still report infractions
//! and the stake stays slashable. Changes are stored as `pending` with their time and applied
//! lazily, so history read at a past height plus the infraction's time gives the allocation that
//! was in force.

mod commission;
mod opt_ins;
mod penalties;
mod registration;

pub use commission::set_commission;
pub use opt_ins::{opt_in, prune, set_allocation};
pub use penalties::slash;
pub use registration::{deregister, register, update};

use cosmwasm_std::{Deps, MessageInfo};

use crate::error::ContractError;
use crate::state::OPERATOR_OF_ACCOUNT;

/// The validator the sender registered.
fn sender_validator(deps: Deps, info: &MessageInfo) -> Result<String, ContractError> {
    OPERATOR_OF_ACCOUNT
        .may_load(deps.storage, &info.sender)?
        .ok_or_else(|| ContractError::NotAnOperator {
            sender: info.sender.to_string(),
        })
}
