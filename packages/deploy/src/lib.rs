//! Governance proposals that deploy Palisade on wasmd chains.
//!
//! The `proposals` binary writes the files `tx gov submit-proposal` accepts. On the provider
//! chain: first `store.json`, which uploads the checked artifacts of the provider suite (hub, LRT,
//! registry, relay) gzipped, then `instantiate.json`, which instantiates the whole suite in one
//! proposal at instantiate2 addresses predicted from the artifacts' checksums and links its
//! contracts. On a consumer chain: `consumer-store.json` and `consumer-instantiate.json`, which
//! deploy the consumer contract at a predicted address, so its IBC port is known in advance. See
//! `docs/GOVERNANCE.md` and `docs/guides/CONSUMERS.md`.
//!
//! - [`artifacts`]: the contracts, their wasm and the check against `checksums.txt`.
//! - [`gzip`]: deterministic compression of the embedded code.
//! - [`address`]: bech32 and instantiate2 address prediction.
//! - [`proposal`]: the proposal file and wasmd's messages in the JSON the SDK decodes.
//! - [`chain`]: the chain, the envelope and what both sides' proposals share.
//! - [`suite`]: the provider's two proposals, built from `palisade-api`'s message types.
//! - [`consumer`]: a consumer chain's two proposals.
//! - [`virtual_staking`]: a consumer chain's virtual staking: its code, then the contract and its
//!   budget in one proposal.
//! - [`checks`]: what the contracts would refuse, refused before a deposit is paid.
//! - [`actions`]: proposals that act on the deployed suite (parameters, weights, pause, admission,
//!   veto, reward denoms, ...), each message checked against the contract's type.
//! - [`migrate`]: upgrades, migrating contracts to code a store proposal uploaded.
//! - [`book_upgrade`]: the upgrade of a 0.2.0 deployment to the separate slash book, in one
//!   proposal.

pub mod actions;
pub mod address;
pub mod artifacts;
pub mod book_upgrade;
pub mod chain;
pub mod checks;
pub mod consumer;
pub mod error;
pub mod gzip;
pub mod migrate;
pub mod proposal;
pub mod suite;
pub mod virtual_staking;

pub use error::DeployError;
