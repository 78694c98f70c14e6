//! Palisade's virtual staking, on a consumer chain: restaked power weighs in the chain's consensus
//! without any custom Go module.
//!
//! 1. **Budget.** The chain's governance grants tokens of its staking denom (a community-pool
//!    spend to this contract) and sets the rate (tokens per unit of restaked power), the share of
//!    the chain's bonded stake virtual stake may reach, and x/staking's unbonding time.
//! 2. **Bindings.** Each operator names the validator it runs here; the validator's operator
//!    account sends the binding and the operator's `consumer_key` signs it ([`bind`]).
//! 3. **Sync.** Anyone cranks [`sync`]: page by page, each binding's delegation moves toward its
//!    operator's power × rate, scaled down pro rata when the budget or the cap binds. A validator
//!    this chain slashed (its delegation came back smaller) or that left the active set gets no
//!    new stake and is emptied.
//! 4. **Rewards.** x/distribution pays the delegations' rewards to the consumer contract (the
//!    withdraw address), which forwards them to the restakers on the provider.

pub mod contract;
pub mod error;
pub mod migrations;
pub mod state;

mod bind;
mod query;
mod sync;

#[cfg(test)]
mod tests;

pub use error::ContractError;
