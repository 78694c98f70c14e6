//! Unit tests, one file per module of the contract.

mod contract;
mod state;
