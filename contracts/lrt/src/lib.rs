//! The liquid restaking token: a complete cw20 (transfers, allowances, marketing, all queries) on
//! `cw20-base` as a library. Palisade adds two things:
//! - only the hub, which is the token's minter, may mint and burn. A holder burning their own LRT
//!   would shrink the supply behind the hub's back and corrupt its books;
//! - consumer rewards: a reward index per denom, settled for each party on every balance change,
//!   so holders earn pro rata to their balance over time with no loop over holders. The
//!   balance-changing messages are therefore implemented here (`balances`), following cw20-base;
//!   the rest is cw20-base's own.

pub mod contract;
pub mod error;
pub mod migrations;
pub mod state;

mod balances;
mod codec;
mod commission;
mod consumer_rewards;
mod rewards;

pub use error::ContractError;

#[cfg(test)]
mod tests;
