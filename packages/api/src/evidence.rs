//! CometBFT double-sign evidence, checked with nothing but the contract API (the groundwork of
//! verifiable double-sign slashing, `docs/IBC.md`, "Double-sign evidence"):
//!
//! - [`sign_bytes`] rebuilds what a validator signed for a vote: CometBFT's `CanonicalVote`
//!   (CometBFT 0.38, the consensus engine of wasmd 0.55), protobuf-encoded and length-delimited,
//!   with the chain id. A test checks it against real precommit signatures of the localnet.
//! - [`check_equivocation`] applies CometBFT's rule for duplicate-vote evidence: two votes of one
//!   validator for the same height, round and type, for different blocks, both signed by its
//!   consensus key (ed25519, through `Api::ed25519_verify`).
//!
//! Which key is the validator's, and which provider stake the infraction concerns, are for the
//! caller to decide from what the provider knows (the registry's `consumer_key` at the time).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Api, Binary, Timestamp};
use thiserror::Error;

/// A vote's type (CometBFT's `SignedMsgType`).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum VoteType {
    Prevote,
    Precommit,
}

impl VoteType {
    /// The serde name, for events and records.
    pub fn name(self) -> &'static str {
        match self {
            VoteType::Prevote => "prevote",
            VoteType::Precommit => "precommit",
        }
    }

    fn code(self) -> u64 {
        match self {
            VoteType::Prevote => 1,
            VoteType::Precommit => 2,
        }
    }
}

/// The block a vote is for.
#[cw_serde]
pub struct BlockId {
    /// The block's hash (32 bytes).
    pub hash: Binary,
    pub part_set_total: u32,
    pub part_set_hash: Binary,
}

/// One signed vote, as evidence carries it.
#[cw_serde]
pub struct Vote {
    pub vote_type: VoteType,
    pub height: u64,
    pub round: u32,
    /// `None`: a vote for no block (nil).
    pub block_id: Option<BlockId>,
    pub timestamp: Timestamp,
    /// The ed25519 signature (64 bytes).
    pub signature: Binary,
}

#[derive(Error, Debug, PartialEq)]
pub enum EvidenceError {
    #[error("the votes are not for the same height, round and type: not an equivocation")]
    NotSameStep,
    #[error("the votes are for the same block: not an equivocation")]
    SameBlock,
    #[error("vote {which}'s signature does not verify with the validator's consensus key")]
    BadSignature { which: char },
    #[error("a consensus key is 32 bytes and a signature 64 bytes")]
    Malformed,
}

/// The bytes a validator signs for `vote` on `chain_id`: the length-delimited protobuf encoding
/// of CometBFT's `CanonicalVote` (type, height and round as `sfixed64`, the block id if any, the
/// timestamp, the chain id; fields at their zero value omitted, as proto3 does, except the
/// non-nullable part set header and timestamp, as gogoproto does).
pub fn sign_bytes(vote: &Vote, chain_id: &str) -> Vec<u8> {
    let mut canonical = Vec::with_capacity(128);
    varint_field(&mut canonical, 1, vote.vote_type.code());
    fixed64_field(&mut canonical, 2, vote.height);
    fixed64_field(&mut canonical, 3, u64::from(vote.round));
    if let Some(block) = vote.block_id.as_ref().filter(|b| !is_zero(b)) {
        let mut part_set = Vec::new();
        varint_field(&mut part_set, 1, u64::from(block.part_set_total));
        bytes_field(&mut part_set, 2, &block.part_set_hash);
        let mut block_id = Vec::new();
        bytes_field(&mut block_id, 1, &block.hash);
        message_field(&mut block_id, 2, &part_set);
        message_field(&mut canonical, 4, &block_id);
    }
    let mut timestamp = Vec::new();
    varint_field(&mut timestamp, 1, vote.timestamp.seconds());
    varint_field(&mut timestamp, 2, vote.timestamp.subsec_nanos());
    message_field(&mut canonical, 5, &timestamp);
    bytes_field(&mut canonical, 6, chain_id.as_bytes());

    let mut delimited = Vec::with_capacity(canonical.len() + 2);
    varint(&mut delimited, canonical.len() as u64);
    delimited.extend_from_slice(&canonical);
    delimited
}

/// Checks that `a` and `b` are a double sign by the validator whose ed25519 consensus key is
/// `consensus_key` on `chain_id`: same height, round and type, different blocks (a vote for nil
/// and a vote for a block conflict too, as in CometBFT), both signatures valid.
pub fn check_equivocation(
    api: &dyn Api,
    chain_id: &str,
    consensus_key: &[u8],
    a: &Vote,
    b: &Vote,
) -> Result<(), EvidenceError> {
    if consensus_key.len() != 32 || a.signature.len() != 64 || b.signature.len() != 64 {
        return Err(EvidenceError::Malformed);
    }
    if (a.height, a.round, a.vote_type) != (b.height, b.round, b.vote_type) {
        return Err(EvidenceError::NotSameStep);
    }
    let block = |v: &Vote| v.block_id.clone().filter(|b| !is_zero(b));
    if block(a) == block(b) {
        return Err(EvidenceError::SameBlock);
    }
    for (which, vote) in [('a', a), ('b', b)] {
        let valid = api
            .ed25519_verify(&sign_bytes(vote, chain_id), &vote.signature, consensus_key)
            .map_err(|_| EvidenceError::Malformed)?;
        if !valid {
            return Err(EvidenceError::BadSignature { which });
        }
    }
    Ok(())
}

/// CometBFT treats an empty block id as no block.
fn is_zero(block: &BlockId) -> bool {
    block.hash.is_empty() && block.part_set_total == 0 && block.part_set_hash.is_empty()
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn varint_field(out: &mut Vec<u8>, field: u64, value: u64) {
    if value != 0 {
        varint(out, field << 3);
        varint(out, value);
    }
}

fn fixed64_field(out: &mut Vec<u8>, field: u64, value: u64) {
    if value != 0 {
        varint(out, (field << 3) | 1);
        out.extend_from_slice(&value.to_le_bytes());
    }
}

fn bytes_field(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    if !bytes.is_empty() {
        message_field(out, field, bytes);
    }
}

/// A length-delimited field, written even when empty (gogoproto's non-nullable messages).
fn message_field(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    varint(out, (field << 3) | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}
