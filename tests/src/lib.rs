//! End-to-end tests live in `tests/`; the scenario in `src/bin/scenario.rs`.

pub mod kv_gas;
pub mod transfer_cost;
