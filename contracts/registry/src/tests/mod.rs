//! Unit tests, one file per module of the contract.

mod consumers;
mod contract;
