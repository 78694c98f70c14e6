//! The liquid restaking token: a complete cw20 (transfers, allowances, marketing, all queries) taken
//! from `cw20-base` as a library. Palisade adds one rule: only the hub, which is the token's minter,
//! may mint and burn. A holder burning their own LRT would shrink the supply behind the hub's back
//! and corrupt its books, so `burn` and `burn_from` are refused for everyone else.

pub mod contract;
pub mod error;

pub use error::ContractError;
