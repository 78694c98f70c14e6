//! The compact binary form of the records every balance change reads or writes
//! (`docs/PERFORMANCE.md`, "LRT transfer against cw20-base"): wasmd charges 3 gas per byte read
//! and 30 per byte written, so these records hold a plain list of unsigned integers, each as one
//! length byte followed by its big-endian bytes without leading zeros (zero is the single byte 0).
//! A list may end early: the values it leaves out read as zero. The form is small enough to be
//! checked in full by round trips (`src/tests/codec.rs`), so no serialization crate is linked for it.

use cosmwasm_std::{StdError, StdResult, Uint128, Uint256};

/// Builds a list. [`Writer::trimmed`] drops trailing zeros; [`Writer::full`] keeps every value.
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
    /// The length up to the last non-zero value.
    significant: usize,
}

impl Writer {
    fn push_be(&mut self, be: &[u8]) -> &mut Self {
        let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
        let digits = &be[start..];
        // At most 32 bytes (a `Uint256`): the length always fits the byte.
        self.bytes.push(digits.len() as u8);
        self.bytes.extend_from_slice(digits);
        if !digits.is_empty() {
            self.significant = self.bytes.len();
        }
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.push_be(&value.to_be_bytes())
    }

    pub fn u128(&mut self, value: Uint128) -> &mut Self {
        self.push_be(&value.u128().to_be_bytes())
    }

    pub fn u256(&mut self, value: Uint256) -> &mut Self {
        self.push_be(&value.to_be_bytes())
    }

    /// The list without its trailing zeros (empty if every value is zero).
    pub fn trimmed(mut self) -> Vec<u8> {
        self.bytes.truncate(self.significant);
        self.bytes
    }

    /// The list with every value written.
    pub fn full(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads a list written by [`Writer`].
pub struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader(bytes)
    }

    /// Whether every value was read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The next value as `N` big-endian bytes; zero past the end of the list.
    fn next_be<const N: usize>(&mut self) -> StdResult<[u8; N]> {
        let mut value = [0u8; N];
        let Some((&len, rest)) = self.0.split_first() else {
            return Ok(value);
        };
        let len = usize::from(len);
        if len > N || rest.len() < len {
            return Err(StdError::generic_err("corrupt LRT record"));
        }
        value[N - len..].copy_from_slice(&rest[..len]);
        self.0 = &rest[len..];
        Ok(value)
    }

    pub fn u64(&mut self) -> StdResult<u64> {
        Ok(u64::from_be_bytes(self.next_be()?))
    }

    pub fn u128(&mut self) -> StdResult<Uint128> {
        Ok(Uint128::new(u128::from_be_bytes(self.next_be()?)))
    }

    pub fn u256(&mut self) -> StdResult<Uint256> {
        Ok(Uint256::from_be_bytes(self.next_be()?))
    }
}

/// A list of amounts as stored (trailing zeros left out read as nothing).
pub fn amounts(bytes: &[u8]) -> StdResult<Vec<Uint128>> {
    let mut reader = Reader::new(bytes);
    let mut values = vec![];
    while !reader.is_empty() {
        values.push(reader.u128()?);
    }
    Ok(values)
}

/// The stored form of a list of amounts, trailing zeros trimmed.
pub fn amounts_bytes(values: &[Uint128]) -> Vec<u8> {
    let mut writer = Writer::default();
    for value in values {
        writer.u128(*value);
    }
    writer.trimmed()
}

/// `value`'s big-endian bytes without leading zeros: a short, unique key part.
pub fn key_part(value: u64) -> Vec<u8> {
    let be = value.to_be_bytes();
    let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
    be[start..].to_vec()
}
