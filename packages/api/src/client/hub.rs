//! The queries the hub sends to the other Palisade contracts, as the bytes it sends: the hub
//! serializes no query type at all (each serializer costs wasm it has no room for,
//! `docs/BUILD.md`). Its answers are decoded by the hub's one answer type
//! (`contracts/hub/src/answer.rs`).
//!
//! **The raw interface.** A deposit reads two records of other contracts' storage directly, since
//! a smart query makes wasmd load the contract (about 60,000 gas each): the registry's `config`
//! record, a JSON object whose `relay` field is the relay's address (absent or `null` before the
//! registry has one), and the relay's `total_exposure` record, a JSON `Uint128` (absent is zero).
//! Their keys are defined here and the registry and relay store under them; their formats are part
//! of the registry's and the relay's interface from 0.2.0 on: changing either breaks every
//! deployed hub. `tests/tests/suite/raw_interface.rs` reads both from the real contracts as the hub
//! does and compares them with the smart queries.

/// The registry's `config` record (`registry::ConfigResponse`'s `relay` field, stored as such).
pub const REGISTRY_CONFIG_KEY: &str = "config";
/// The relay's total exposure record (`relay::ExposureResponse`'s `total`).
pub const RELAY_TOTAL_EXPOSURE_KEY: &str = "total_exposure";

/// The LRT's cw20 `token_info`.
pub const LRT_TOKEN_INFO: &[u8] = br#"{"token_info":{}}"#;
/// The LRT's cw20 `minter`.
pub const LRT_MINTER: &[u8] = br#"{"minter":{}}"#;

/// The LRT's cw20 `balance` of `address`, a validated address (bech32 has no character JSON
/// would escape).
pub fn lrt_balance(address: &str) -> Vec<u8> {
    [
        br#"{"balance":{"address":""#.as_slice(),
        address.as_bytes(),
        br#""}}"#,
    ]
    .concat()
}
