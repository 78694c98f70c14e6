//! The Palisade hub: the vault on the provider chain.
//!
//! Flow: stakers `deposit` the bond denom and receive LRT minted at the exchange rate; the hub
//! delegates toward operator target weights; `harvest` compounds staking rewards into the rate;
//! stakers `Send` LRT back with an unbond hook, their requests gather in the current batch,
//! `submit_batch` burns the batch's LRT and undelegates its value once per epoch, and after the
//! withdrawal delay `claim` pays each request its share of what the batch received.
//! `reconcile` books native slashing, of delegations and of unbonding batches; `pay_slashes` does
//! the same and then pays executed consumer slashes (`slash`, from the registry) to their
//! destinations.

pub mod constants;
pub mod contract;
pub mod error;
pub mod migrations;
pub mod state;

mod answer;
mod balance;
mod books;
mod config;
mod deposit;
mod harvest;
mod operators;
mod pause;
mod payouts;
mod pricing;
mod query;
mod settle;
mod slash;
mod strategy;
mod sync;
mod unbond;

pub use error::ContractError;

#[cfg(test)]
mod tests;
