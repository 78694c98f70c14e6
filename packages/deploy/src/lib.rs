//! Governance proposals that deploy Palisade on a wasmd chain.
//!
//! The `proposals` binary writes, for a chosen chain (bech32 prefix, gov module account, deposit),
//! the files `tx gov submit-proposal` accepts: first `store.json`, which uploads the checked
//! artifacts, then `instantiate.json`, which instantiates the whole provider suite in one proposal
//! at instantiate2 addresses predicted from the artifacts' checksums. See `docs/GOVERNANCE.md`.
//!
//! - [`artifacts`]: the contracts, their wasm and the check against `checksums.txt`.
//! - [`address`]: bech32 and instantiate2 address prediction.
//! - [`proposal`]: the proposal file and wasmd's messages in the JSON the SDK decodes.
//! - [`suite`]: the two proposals, built from `palisade-api`'s message types.
//! - [`checks`]: what the contracts would refuse, refused before a deposit is paid.

pub mod address;
pub mod artifacts;
pub mod checks;
pub mod error;
pub mod proposal;
pub mod suite;

pub use error::DeployError;
