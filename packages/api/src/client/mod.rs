//! The slim client types: what one Palisade contract sends to another and the few fields it
//! reads from the answers, spelled as the full types in this crate spell them. Decoding the full
//! answer types (consumer parameters with their pending parameters, reward denoms, commission
//! bounds, the hub's whole parameters) or serializing a whole `ExecuteMsg` costs tens of
//! kilobytes of wasm in the contract that does it; these types cost a few hundred bytes.
//!
//! They live here, next to the types they mirror, one module per contract that uses them, and
//! the tests of this module check each against the full type once: every slim message decodes
//! as the full message it stands for, and every view reads its fields from a full answer.
//! Unknown fields are skipped when a view is decoded (serde's default), so a field added to an
//! answer never breaks a reader.
//!
//! The hub keeps its one answer type in its own crate (`contracts/hub/src/answer.rs`): it decodes
//! x/staking's delegations, whose type needs cosmwasm-std's `staking` feature, which this crate
//! must not turn on for the contracts that have no use for it.

pub mod hub;
pub mod lrt;
pub mod registry;
pub mod relay;

#[cfg(test)]
mod tests;
