//! Double-sign evidence: the sign bytes against real precommit signatures of the localnet, and the
//! equivocation rule with votes signed here, each refusal on its own.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Api, Binary, Timestamp};
use ed25519_zebra::{SigningKey, VerificationKey};
use palisade_api::evidence::{
    check_equivocation, sign_bytes, BlockId, EvidenceError, Vote, VoteType,
};
use serde_json::Value;

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/provider-1-commit.json")).unwrap()
}

fn b64(value: &Value) -> Binary {
    Binary::from_base64(value.as_str().unwrap()).unwrap()
}

/// Every precommit of a real block verifies against the validator's consensus key over the bytes
/// `sign_bytes` rebuilds: the encoding is CometBFT's, to the byte.
#[test]
fn real_precommits_verify_over_the_rebuilt_sign_bytes() {
    let f = fixture();
    let api = MockApi::default();
    let chain_id = f["chain_id"].as_str().unwrap();
    let block = BlockId {
        hash: b64(&f["block_id"]["hash"]),
        part_set_total: f["block_id"]["part_set_total"].as_u64().unwrap() as u32,
        part_set_hash: b64(&f["block_id"]["part_set_hash"]),
    };
    let precommits = f["precommits"].as_array().unwrap();
    assert_eq!(precommits.len(), 3);
    for p in precommits {
        let vote = Vote {
            vote_type: VoteType::Precommit,
            height: f["height"].as_u64().unwrap(),
            round: f["round"].as_u64().unwrap() as u32,
            block_id: Some(block.clone()),
            timestamp: Timestamp::from_nanos(p["timestamp"].as_str().unwrap().parse().unwrap()),
            signature: b64(&p["signature"]),
        };
        let key = b64(&p["consensus_key"]);
        let bytes = sign_bytes(&vote, chain_id);
        assert!(
            api.ed25519_verify(&bytes, &vote.signature, &key).unwrap(),
            "{}",
            p["validator"]
        );
        // Any change to what was signed breaks it: another chain, height, round or time.
        for other in [
            sign_bytes(&vote, "provider-2"),
            sign_bytes(
                &Vote {
                    height: vote.height + 1,
                    ..vote.clone()
                },
                chain_id,
            ),
            sign_bytes(
                &Vote {
                    round: 1,
                    ..vote.clone()
                },
                chain_id,
            ),
            sign_bytes(
                &Vote {
                    vote_type: VoteType::Prevote,
                    ..vote.clone()
                },
                chain_id,
            ),
            sign_bytes(
                &Vote {
                    timestamp: vote.timestamp.plus_nanos(1),
                    ..vote.clone()
                },
                chain_id,
            ),
        ] {
            assert!(!api.ed25519_verify(&other, &vote.signature, &key).unwrap());
        }
    }
}

const CHAIN: &str = "consumer-1";

fn key() -> SigningKey {
    SigningKey::from([7u8; 32])
}

fn public(key: &SigningKey) -> Vec<u8> {
    VerificationKey::from(key).as_ref().to_vec()
}

fn block(byte: u8) -> BlockId {
    BlockId {
        hash: Binary::from(vec![byte; 32]),
        part_set_total: 1,
        part_set_hash: Binary::from(vec![byte.wrapping_add(1); 32]),
    }
}

fn signed(
    key: &SigningKey,
    vote_type: VoteType,
    height: u64,
    round: u32,
    block_id: Option<BlockId>,
) -> Vote {
    let mut vote = Vote {
        vote_type,
        height,
        round,
        block_id,
        timestamp: Timestamp::from_nanos(1_796_479_000_123_456_789),
        signature: Binary::default(),
    };
    let signature: [u8; 64] = key.sign(&sign_bytes(&vote, CHAIN)).into();
    vote.signature = Binary::from(signature.to_vec());
    vote
}

#[test]
fn two_signed_votes_for_different_blocks_at_one_step_are_an_equivocation() {
    let api = MockApi::default();
    let k = key();
    for vote_type in [VoteType::Prevote, VoteType::Precommit] {
        let a = signed(&k, vote_type, 120, 0, Some(block(1)));
        let b = signed(&k, vote_type, 120, 0, Some(block(2)));
        assert_eq!(check_equivocation(&api, CHAIN, &public(&k), &a, &b), Ok(()));
        // A vote for nil conflicts with a vote for a block, as in CometBFT.
        let nil = signed(&k, vote_type, 120, 0, None);
        assert_eq!(
            check_equivocation(&api, CHAIN, &public(&k), &a, &nil),
            Ok(())
        );
    }
}

#[test]
fn anything_else_is_refused_with_its_reason() {
    let api = MockApi::default();
    let k = key();
    let a = signed(&k, VoteType::Precommit, 120, 0, Some(block(1)));
    let check = |b: &Vote| check_equivocation(&api, CHAIN, &public(&k), &a, b);

    // Not the same step.
    for b in [
        signed(&k, VoteType::Precommit, 121, 0, Some(block(2))),
        signed(&k, VoteType::Precommit, 120, 1, Some(block(2))),
        signed(&k, VoteType::Prevote, 120, 0, Some(block(2))),
    ] {
        assert_eq!(check(&b), Err(EvidenceError::NotSameStep));
    }
    // The same block twice (a resent vote, another timestamp): no equivocation.
    let mut again = signed(&k, VoteType::Precommit, 120, 0, Some(block(1)));
    again.timestamp = again.timestamp.plus_seconds(1);
    assert_eq!(check(&again), Err(EvidenceError::SameBlock));
    // Another validator's vote, or a vote altered after signing.
    let stranger = signed(
        &SigningKey::from([8u8; 32]),
        VoteType::Precommit,
        120,
        0,
        Some(block(2)),
    );
    assert_eq!(
        check(&stranger),
        Err(EvidenceError::BadSignature { which: 'b' })
    );
    let mut altered = signed(&k, VoteType::Precommit, 120, 0, Some(block(2)));
    altered.block_id = Some(block(3));
    assert_eq!(
        check(&altered),
        Err(EvidenceError::BadSignature { which: 'b' })
    );
    // Signed for another chain.
    let b = signed(&k, VoteType::Precommit, 120, 0, Some(block(2)));
    assert_eq!(
        check_equivocation(&api, "consumer-2", &public(&k), &a, &b),
        Err(EvidenceError::BadSignature { which: 'a' })
    );
    // Wrong lengths.
    assert_eq!(
        check_equivocation(&api, CHAIN, &[0u8; 31], &a, &b),
        Err(EvidenceError::Malformed)
    );
    let mut short = b.clone();
    short.signature = Binary::from(vec![0u8; 63]);
    assert_eq!(check(&short), Err(EvidenceError::Malformed));
}

/// The encoding's shape on a small vote, byte by byte (proto3 zero values omitted; the part set
/// header and the timestamp always written).
#[test]
fn sign_bytes_field_by_field() {
    let vote = Vote {
        vote_type: VoteType::Prevote,
        height: 1,
        round: 0,
        block_id: Some(BlockId {
            hash: Binary::from(vec![0xAB]),
            part_set_total: 0,
            part_set_hash: Binary::default(),
        }),
        timestamp: Timestamp::from_nanos(2_000_000_005),
        signature: Binary::default(),
    };
    let expected: Vec<u8> = [
        &[0x08, 0x01][..],                           // type = 1
        &[0x11, 1, 0, 0, 0, 0, 0, 0, 0],             // height, sfixed64
        &[0x22, 0x05, 0x0a, 0x01, 0xAB, 0x12, 0x00], // block id: hash, empty part set header
        &[0x2a, 0x04, 0x08, 0x02, 0x10, 0x05],       // timestamp 2 s 5 ns
        &[0x32, 0x01, b'c'],                         // chain id
    ]
    .concat();
    let mut delimited = vec![expected.len() as u8];
    delimited.extend(expected);
    assert_eq!(sign_bytes(&vote, "c"), delimited);
}

mod against_tendermint_rs {
    //! Our sign bytes equal those of tendermint-rs (informalsystems' Rust implementation of
    //! CometBFT's types), byte for byte, over random votes.

    use super::*;
    use proptest::prelude::*;
    use tendermint::{account, block, chain, vote, Hash, Time};

    fn theirs(v: &Vote, chain_id: &str) -> Vec<u8> {
        let block_id = v.block_id.as_ref().map(|b| block::Id {
            hash: Hash::Sha256(b.hash.to_vec().try_into().unwrap()),
            part_set_header: block::parts::Header::new(
                b.part_set_total,
                Hash::Sha256(b.part_set_hash.to_vec().try_into().unwrap()),
            )
            .unwrap(),
        });
        let vote = vote::Vote {
            vote_type: match v.vote_type {
                VoteType::Prevote => vote::Type::Prevote,
                VoteType::Precommit => vote::Type::Precommit,
            },
            height: block::Height::try_from(v.height).unwrap(),
            round: block::Round::try_from(v.round).unwrap(),
            block_id,
            timestamp: Some(
                Time::from_unix_timestamp(
                    v.timestamp.seconds() as i64,
                    v.timestamp.subsec_nanos() as u32,
                )
                .unwrap(),
            ),
            validator_address: account::Id::new([0; 20]),
            validator_index: vote::ValidatorIndex::try_from(0u32).unwrap(),
            signature: None,
            extension: vec![],
            extension_signature: None,
        };
        vote.into_signable_vec(chain::Id::try_from(chain_id.to_string()).unwrap())
    }

    prop_compose! {
        fn any_vote()(
            precommit in any::<bool>(),
            height in 1u64..i64::MAX as u64,
            round in 0u32..i32::MAX as u32,
            block in proptest::option::of((any::<[u8; 32]>(), 1u32..=u32::MAX / 2, any::<[u8; 32]>())),
            seconds in 0u64..18_000_000_000, // a cosmwasm Timestamp holds nanoseconds in a u64
            nanos in 0u64..1_000_000_000,
        ) -> Vote {
            Vote {
                vote_type: if precommit { VoteType::Precommit } else { VoteType::Prevote },
                height,
                round,
                block_id: block.map(|(hash, total, parts)| BlockId {
                    hash: Binary::from(hash.to_vec()),
                    part_set_total: total,
                    part_set_hash: Binary::from(parts.to_vec()),
                }),
                timestamp: Timestamp::from_seconds(seconds).plus_nanos(nanos),
                signature: Binary::default(),
            }
        }
    }

    proptest! {
        #[test]
        fn sign_bytes_equal_tendermint_rs(vote in any_vote(), chain in "[a-z][a-z0-9-]{0,40}") {
            prop_assert_eq!(sign_bytes(&vote, &chain), theirs(&vote, &chain));
        }
    }

    #[test]
    fn the_real_precommits_too() {
        let f = fixture();
        for p in f["precommits"].as_array().unwrap() {
            let vote = Vote {
                vote_type: VoteType::Precommit,
                height: f["height"].as_u64().unwrap(),
                round: 0,
                block_id: Some(BlockId {
                    hash: b64(&f["block_id"]["hash"]),
                    part_set_total: 1,
                    part_set_hash: b64(&f["block_id"]["part_set_hash"]),
                }),
                timestamp: Timestamp::from_nanos(p["timestamp"].as_str().unwrap().parse().unwrap()),
                signature: b64(&p["signature"]),
            };
            assert_eq!(sign_bytes(&vote, "provider-1"), theirs(&vote, "provider-1"));
        }
    }
}
