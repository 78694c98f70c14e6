//! Unit tests, one file per module of the contract.

mod balance;
mod contract;
mod state;
mod strategy;
