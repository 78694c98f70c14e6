//! Double-sign evidence for the tests: CometBFT votes signed with a known ed25519 key over the
//! canonical sign bytes `palisade_api::evidence` rebuilds (checked against tendermint-rs and
//! against the localnet's real signatures in `palisade-api`'s tests).

use cosmwasm_std::{Binary, Timestamp};
use ed25519_zebra::{SigningKey, VerificationKeyBytes};
use palisade_api::evidence::{sign_bytes, BlockId, Vote, VoteType};

/// A test signing key from a one-byte seed.
pub fn signing_key(seed: u8) -> SigningKey {
    SigningKey::from([seed; 32])
}

/// Its public half as a registered `consumer_key`: base64, as CometBFT shows a consensus key.
pub fn public_key(key: &SigningKey) -> String {
    Binary::from(VerificationKeyBytes::from(key).as_ref().to_vec()).to_base64()
}

/// A block id whose hashes are made of `byte`.
pub fn block(byte: u8) -> BlockId {
    BlockId {
        hash: Binary::from(vec![byte; 32]),
        part_set_total: 1,
        part_set_hash: Binary::from(vec![byte.wrapping_add(1); 32]),
    }
}

/// `vote` signed by `key` for `chain_id` (its signature replaced).
pub fn sign(key: &SigningKey, chain_id: &str, mut vote: Vote) -> Vote {
    let signature: [u8; 64] = key.sign(&sign_bytes(&vote, chain_id)).into();
    vote.signature = Binary::from(signature.to_vec());
    vote
}

/// A precommit at `height`, round 0, for `block_id`, signed by `key` for `chain_id`.
pub fn precommit(key: &SigningKey, chain_id: &str, height: u64, block_id: Option<BlockId>) -> Vote {
    let vote = Vote {
        vote_type: VoteType::Precommit,
        height,
        round: 0,
        block_id,
        timestamp: Timestamp::from_nanos(1_796_479_000_123_456_789),
        signature: Binary::default(),
    };
    sign(key, chain_id, vote)
}

/// A double sign by `key` at `height` on `chain_id`: precommits for two different blocks.
pub fn double_sign(key: &SigningKey, chain_id: &str, height: u64) -> (Vote, Vote) {
    (
        precommit(key, chain_id, height, Some(block(1))),
        precommit(key, chain_id, height, Some(block(2))),
    )
}
