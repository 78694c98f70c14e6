//! Palisade's public interface: what frontends, indexers, governance scripts and the other Palisade
//! contracts compile against. Storage layouts stay private to each contract.

pub mod account;
pub mod client;
pub mod consumer;
pub mod evidence;
pub mod hub;
pub mod ibc;
pub mod lrt;
pub mod math;
pub mod pagination;
pub mod registry;
pub mod relay;
pub mod slash_book;
pub mod stored;
pub mod time;
pub mod version;
pub mod virtual_staking;
