//! The proposal file `tx gov submit-proposal <file>` reads (Cosmos SDK x/gov v1) and the wasmd
//! messages it carries, in the JSON the SDK's codec decodes (proto3 JSON with gogoproto's rules):
//!
//! - `@type` names the message; fields keep their proto names (`wasm_byte_code`, `code_id`, ...).
//! - `bytes` fields are standard base64 (`wasm_byte_code`, `salt`), and `uint64` fields are
//!   decimal strings (`code_id`), as proto3 JSON prints them. `wasm_byte_code` holds gzip
//!   (see [`crate::gzip`]), which wasmd unzips before storing.
//! - The contract message `msg` is a JSON object, not base64: wasmd declares it as
//!   `RawContractMessage`, whose `UnmarshalJSON` keeps the raw JSON value (`x/wasm/types/tx.go`).
//! - `instantiate_permission.permission` is wasmd's own text for `AccessType`
//!   (`"AnyOfAddresses"`, from `AccessType.String`/`UnmarshalText` in `x/wasm/types/params.go`);
//!   an unknown text silently becomes `Unspecified` and the message fails validation, so the proto
//!   enum name `ACCESS_TYPE_ANY_OF_ADDRESSES` must not be used here.

use cosmwasm_std::{Coin, Uint64};
use serde::{Deserialize, Serialize};

use crate::error::DeployError;

pub const MSG_STORE_CODE: &str = "/cosmwasm.wasm.v1.MsgStoreCode";
pub const MSG_INSTANTIATE_CONTRACT2: &str = "/cosmwasm.wasm.v1.MsgInstantiateContract2";
pub const MSG_EXECUTE_CONTRACT: &str = "/cosmwasm.wasm.v1.MsgExecuteContract";
pub const MSG_MIGRATE_CONTRACT: &str = "/cosmwasm.wasm.v1.MsgMigrateContract";
pub const MSG_COMMUNITY_POOL_SPEND: &str = "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend";

/// The SDK's limits (v0.50 defaults): title 255 bytes, metadata 255 bytes, summary 40 × 255.
/// The title is held to 140, the limit of the older gov v1beta1, to be accepted everywhere.
pub const MAX_TITLE_LEN: usize = 140;
pub const MAX_METADATA_LEN: usize = 255;
pub const MAX_SUMMARY_LEN: usize = 10_200;

/// A gov v1 proposal file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub messages: Vec<ProposalMessage>,
    pub metadata: String,
    /// Coins as the SDK parses them, e.g. `10000000stake`.
    pub deposit: String,
    pub title: String,
    pub summary: String,
    pub expedited: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "@type")]
pub enum ProposalMessage {
    #[serde(rename = "/cosmwasm.wasm.v1.MsgStoreCode")]
    StoreCode(MsgStoreCode),
    #[serde(rename = "/cosmwasm.wasm.v1.MsgInstantiateContract2")]
    InstantiateContract2(MsgInstantiateContract2),
    #[serde(rename = "/cosmwasm.wasm.v1.MsgExecuteContract")]
    ExecuteContract(MsgExecuteContract),
    #[serde(rename = "/cosmwasm.wasm.v1.MsgMigrateContract")]
    MigrateContract(MsgMigrateContract),
    #[serde(rename = "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend")]
    CommunityPoolSpend(MsgCommunityPoolSpend),
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MsgStoreCode {
    /// The gov module account: a proposal's messages must be signed by it.
    pub sender: String,
    /// Standard base64 of the gzipped wasm; wasmd stores the unzipped code.
    pub wasm_byte_code: String,
    pub instantiate_permission: AccessConfig,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccessConfig {
    pub permission: AccessType,
    pub addresses: Vec<String>,
}

/// wasmd's `AccessType` as its JSON spells it. Only what Palisade uses.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessType {
    AnyOfAddresses,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MsgInstantiateContract2 {
    pub sender: String,
    /// May migrate the contract.
    pub admin: String,
    /// A decimal string in proto3 JSON.
    pub code_id: Uint64,
    pub label: String,
    /// The contract's instantiate message as a JSON object.
    pub msg: serde_json::Value,
    pub funds: Vec<Coin>,
    /// Standard base64 of the salt bytes.
    pub salt: String,
    /// `false`: the address does not depend on `msg` (the form `instantiate2_address` predicts).
    pub fix_msg: bool,
}

/// A call to a contract, sent by the gov module account (for example the hub's `set_registry`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MsgExecuteContract {
    pub sender: String,
    pub contract: String,
    /// The contract's execute message as a JSON object.
    pub msg: serde_json::Value,
    pub funds: Vec<Coin>,
}

/// An upgrade: runs the new code's `migrate` on the contract's state. Only the contract's admin
/// may send it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MsgMigrateContract {
    pub sender: String,
    pub contract: String,
    /// The new code, as a decimal string.
    pub code_id: Uint64,
    /// The new code's migrate message as a JSON object.
    pub msg: serde_json::Value,
}

/// x/distribution's spend from the community pool, by governance (the `authority`): how a
/// consumer chain grants virtual staking its budget.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MsgCommunityPoolSpend {
    pub authority: String,
    pub recipient: String,
    pub amount: Vec<Coin>,
}

impl Proposal {
    /// The SDK's length limits, checked before anyone pays a deposit.
    pub fn check_lengths(&self) -> Result<(), DeployError> {
        let limits = [
            ("title", self.title.len(), MAX_TITLE_LEN),
            ("metadata", self.metadata.len(), MAX_METADATA_LEN),
            ("summary", self.summary.len(), MAX_SUMMARY_LEN),
        ];
        for (field, len, max) in limits {
            if len > max {
                return Err(DeployError::TooLong { field, len, max });
            }
        }
        if self.title.trim().is_empty() {
            return Err(DeployError::Empty { field: "title" });
        }
        Ok(())
    }

    /// Pretty JSON with a final newline, as written to disk.
    pub fn to_json(&self) -> Result<String, DeployError> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }
}
