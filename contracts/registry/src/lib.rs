//! The Palisade registry: the consumer chains admitted by governance, each with its parameters and
//! lifecycle (`Proposed → Active ⇄ Paused → Removed`), and the operators, provider validators that
//! registered through their own operator account and opted in to consumers with a key there and
//! an allocation of their restaked stake.
//!
//! Anything that raises stakers' risk waits: an admission and a risk-raising parameter change wait
//! `risk_timelock`, an allocation increase waits `allocation_delay`, and a decrease or an opt-out
//! waits the consumer's unbonding period, during which the stake stays slashable. Opt-ins are kept
//! in a snapshot map so that a slash can read an operator's allocation as it stood at the
//! infraction.

pub mod contract;
pub mod error;
pub mod migrations;
pub mod state;

mod consumers;
mod hub;
mod operators;
mod provider_jail;
mod query;
mod rewards;

pub use error::ContractError;

#[cfg(test)]
mod tests;
