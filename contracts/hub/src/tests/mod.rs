//! Unit tests, one file per module of the contract.

mod answer;
mod balance;
mod contract;
mod pricing;
mod state;
mod strategy;
