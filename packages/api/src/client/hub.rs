//! The queries the hub sends to the other Palisade contracts, as the bytes it sends: the hub
//! serializes no query type at all (each serializer costs wasm it has no room for,
//! `docs/BUILD.md`). Its answers are decoded by the hub's one answer type
//! (`contracts/hub/src/answer.rs`).

/// The registry's `config` (the relay, once the registry has one).
pub const REGISTRY_CONFIG: &[u8] = br#"{"config":{}}"#;
/// The relay's `exposure`: what pending slashes may take.
pub const RELAY_EXPOSURE: &[u8] = br#"{"exposure":{}}"#;
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
