//! Unit tests, one file per module of the contract.

mod answer;
mod balance;
mod contract;
mod state;
mod strategy;
