//! Unit tests of `codec.rs`.

use cosmwasm_std::{Uint128, Uint256};

use crate::codec::*;

#[test]
fn values_are_a_length_byte_and_their_significant_bytes() {
    let mut writer = Writer::default();
    writer
        .u128(Uint128::new(0))
        .u64(1)
        .u128(Uint128::new(256))
        .u256(Uint256::MAX);
    let bytes = writer.full();
    let mut expected = vec![0, 1, 1, 2, 1, 0, 32];
    expected.extend([0xff; 32]);
    assert_eq!(bytes, expected);
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.u128().unwrap(), Uint128::zero());
    assert_eq!(reader.u64().unwrap(), 1);
    assert_eq!(reader.u128().unwrap(), Uint128::new(256));
    assert_eq!(reader.u256().unwrap(), Uint256::MAX);
    assert!(reader.is_empty());
    // Past the end, every value reads as zero.
    assert_eq!(reader.u128().unwrap(), Uint128::zero());
}

#[test]
fn trimming_drops_whole_trailing_zero_values_only() {
    let mut writer = Writer::default();
    // 256 ends in a zero byte, which must stay.
    writer.u128(Uint128::new(256)).u64(0).u128(Uint128::zero());
    assert_eq!(writer.trimmed(), vec![2, 1, 0]);
    let mut writer = Writer::default();
    writer.u64(0).u64(0);
    assert!(writer.trimmed().is_empty());
}

#[test]
fn every_width_round_trips() {
    for shift in 0..128 {
        for value in [1u128 << shift, (1u128 << shift) - 1, u128::MAX >> shift] {
            let mut writer = Writer::default();
            writer.u128(Uint128::new(value)).u64(value as u64);
            let bytes = writer.full();
            let mut reader = Reader::new(&bytes);
            assert_eq!(reader.u128().unwrap(), Uint128::new(value));
            assert_eq!(reader.u64().unwrap(), value as u64);
            assert!(reader.is_empty());
        }
    }
}

#[test]
fn corrupt_lists_are_refused_not_misread() {
    // A length beyond the value's width, and a length beyond the bytes left.
    assert!(Reader::new(&[9, 1, 2, 3, 4, 5, 6, 7, 8, 9]).u64().is_err());
    assert!(Reader::new(&[3, 1]).u128().is_err());
}

#[test]
fn key_parts_are_the_significant_bytes() {
    assert_eq!(key_part(0), Vec::<u8>::new());
    assert_eq!(key_part(1), vec![1]);
    assert_eq!(key_part(256), vec![1, 0]);
    assert_eq!(key_part(u64::MAX), vec![0xff; 8]);
}
