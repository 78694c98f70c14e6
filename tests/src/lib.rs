//! End-to-end tests live in `tests/`; the scenario in `src/scenario.rs` (run by `src/bin/scenario.rs`
//! and by the devnet on the wasm), the LRT transfer-cost benchmark in `src/transfer_cost.rs`.

pub mod scenario;
pub mod transfer_cost;
