//! Unit tests, one file per module of the contract.

mod codec;
mod contract;
mod migrations;
mod state;
