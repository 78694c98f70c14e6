//! The end-to-end tests, one module per subject, built as one test binary: one link of the
//! contracts and the multi-test world instead of one per file (`docs/TESTING.md`).

mod bad_input;
mod cited_update;
mod consumer_rewards;
mod governance;
mod hub_flows;
mod hub_registry;
mod interchain;
mod invariants;
mod lrt_rewards;
mod native_slashing;
mod operators;
mod power_sync;
mod queries;
mod raw_interface;
mod registry;
mod registry_operators;
mod slash_at_risk;
mod slash_execution;
mod transfer_cost;
mod verified_evidence;
mod virtual_staking;
mod virtual_staking_bindings;
