//! Storage: holders' balances with their reward accounts, and the reward indexes.
//!
//! Every balance change reads the current indexes and reads and writes each party's holder
//! record, so these are stored in the compact binary form of [`crate::codec`] under raw keys of
//! one prefix byte (below the ASCII letters, so no cw-storage-plus key can start with it: items
//! are ASCII names, maps start with a zero byte):
//! - `0x01` ++ the holder's canonical address: its [`Holder`] (no record: all zero);
//! - `0x02`: the current [`Indexes`];
//! - `0x03` ++ distribution number (big-endian, no leading zeros): the indexes right after it,
//!   read only when a holder settles for the first time after a distribution;
//! - `0x04` ++ an operator's validator address: its consumer-reward commission not yet claimed,
//!   per reward denom (by position; trailing zeros not stored; no record: nothing owed). Every
//!   rewards notice reads and writes it for each earning operator.
//!
//! cw20-base keeps its own records (token info with the minter, allowances, marketing); the
//! total supply is kept in the indexes record instead (the token info's `total_supply` stays 0). Denom names and totals live in the cold `DENOMS` item. Release 0.1.0 kept holders
//! and indexes as JSON under bech32 keys; `crate::migrations` converts them.

use cosmwasm_std::{Addr, Api, CanonicalAddr, StdResult, Storage, Uint128, Uint256};
use cw_storage_plus::Item;
use palisade_api::lrt::INDEX_SCALE;
use palisade_api::stored_as_array;

use crate::codec::{key_part, Reader, Writer};

const HOLDER: u8 = 0x01;
const INDEXES: u8 = 0x02;
const HISTORY: u8 = 0x03;
const COMMISSION: u8 = 0x04;

/// The `seq` of the hub's record: the hub's LRT (handed in for unbonding) never earns, and its
/// record says so itself, so no transfer has to read the hub's address to know.
pub const HUB_MARK: u64 = u64::MAX;

/// A holder's balance, the distribution it last settled at, and what it accrued since it last
/// claimed, per reward denom (by position; trailing zeros are not stored).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Holder {
    pub balance: Uint128,
    pub seq: u64,
    pub pending: Vec<Uint128>,
}

/// The record every balance change reads: the number of distributions so far, whether 0.1.0
/// holder records remain to be converted, the total supply (kept here, not in cw20-base's token
/// info, so that a mint or a burn writes a few bytes rather than the whole token info) and the
/// current index of each denom (reward per LRT unit, scaled by `INDEX_SCALE`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Indexes {
    pub seq: u64,
    pub legacy_holders: bool,
    pub supply: Uint128,
    pub indexes: Vec<Uint256>,
}

stored_as_array! {
    pub struct RewardDenom as RewardDenomWire ("RewardDenomWire") {
        pub denom: String,
        pub distributed: Uint128,
        pub claimed: Uint128,
    }
}

/// The reward denoms, in the order of the indexes, with their totals.
pub const DENOMS: Item<Vec<RewardDenom>> = Item::new("reward_denoms");

/// An account with its storage key (its canonical address).
#[derive(Clone, Debug)]
pub struct Account {
    pub addr: Addr,
    pub key: CanonicalAddr,
}

impl Account {
    /// An address already known to be valid (a sender, the minter).
    pub fn of(api: &dyn Api, addr: Addr) -> StdResult<Account> {
        let key = api.addr_canonicalize(addr.as_str())?;
        Ok(Account { addr, key })
    }

    /// An address given by a user, validated as cw20-base validates it.
    pub fn validate(api: &dyn Api, addr: &str) -> StdResult<Account> {
        Account::of(api, api.addr_validate(addr)?)
    }
}

fn holder_key(key: &CanonicalAddr) -> Vec<u8> {
    [&[HOLDER][..], key.as_slice()].concat()
}

impl Holder {
    pub fn is_hub(&self) -> bool {
        self.seq == HUB_MARK
    }

    pub fn decode(bytes: &[u8]) -> StdResult<Holder> {
        let mut reader = Reader::new(bytes);
        let balance = reader.u128()?;
        let seq = reader.u64()?;
        let mut pending = vec![];
        while !reader.is_empty() {
            pending.push(reader.u128()?);
        }
        Ok(Holder {
            balance,
            seq,
            pending,
        })
    }

    /// The stored form; empty when every field is zero.
    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        writer.u128(self.balance).u64(self.seq);
        for pending in &self.pending {
            writer.u128(*pending);
        }
        writer.trimmed()
    }
}

impl Indexes {
    pub fn decode(bytes: &[u8]) -> StdResult<Indexes> {
        let mut reader = Reader::new(bytes);
        let seq = reader.u64()?;
        let legacy_holders = reader.u64()? != 0;
        let supply = reader.u128()?;
        let mut indexes = vec![];
        while !reader.is_empty() {
            indexes.push(reader.u256()?);
        }
        Ok(Indexes {
            seq,
            legacy_holders,
            supply,
            indexes,
        })
    }

    /// The stored form: every index is written, so their number is the number of denoms.
    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        writer
            .u64(self.seq)
            .u64(self.legacy_holders.into())
            .u128(self.supply);
        for index in &self.indexes {
            writer.u256(*index);
        }
        writer.full()
    }
}

fn encode_indexes(indexes: &[Uint256]) -> Vec<u8> {
    let mut writer = Writer::default();
    for index in indexes {
        writer.u256(*index);
    }
    writer.full()
}

fn decode_indexes(bytes: &[u8]) -> StdResult<Vec<Uint256>> {
    let mut reader = Reader::new(bytes);
    let mut indexes = vec![];
    while !reader.is_empty() {
        indexes.push(reader.u256()?);
    }
    Ok(indexes)
}

pub fn load_indexes(storage: &dyn Storage) -> StdResult<Indexes> {
    match storage.get(&[INDEXES]) {
        Some(bytes) => Indexes::decode(&bytes),
        None => Err(cosmwasm_std::StdError::not_found("LRT reward indexes")),
    }
}

pub fn save_indexes(storage: &mut dyn Storage, now: &Indexes) {
    storage.set(&[INDEXES], &now.encode());
}

/// Records the indexes as they stand right after distribution `seq`.
pub fn save_history(storage: &mut dyn Storage, seq: u64, indexes: &[Uint256]) {
    let key = [&[HISTORY][..], &key_part(seq)].concat();
    storage.set(&key, &encode_indexes(indexes));
}

/// The indexes right after distribution `seq` (a distribution made before the upgrade from
/// 0.1.0 is read from its record of then: none is converted, so none is read twice).
fn load_history(storage: &dyn Storage, seq: u64) -> StdResult<Vec<Uint256>> {
    let key = [&[HISTORY][..], &key_part(seq)].concat();
    match storage.get(&key) {
        Some(bytes) => decode_indexes(&bytes),
        None => crate::migrations::legacy_history(storage, seq),
    }
}

/// `key`'s record as stored in this release's form.
pub fn may_load_holder(storage: &dyn Storage, key: &CanonicalAddr) -> StdResult<Option<Holder>> {
    storage
        .get(&holder_key(key))
        .map(|bytes| Holder::decode(&bytes))
        .transpose()
}

/// `account`'s record; while 0.1.0 records remain, one not converted yet is read from there.
pub fn load_holder(storage: &dyn Storage, now: &Indexes, account: &Account) -> StdResult<Holder> {
    if let Some(holder) = may_load_holder(storage, &account.key)? {
        return Ok(holder);
    }
    if now.legacy_holders {
        if let Some(holder) = crate::migrations::legacy_holder(storage, &account.addr)? {
            return Ok(holder);
        }
    }
    Ok(Holder::default())
}

/// Stores `holder` under `key` (an all-zero record is removed: absent reads as zero).
pub fn store_holder(storage: &mut dyn Storage, key: &CanonicalAddr, holder: &Holder) {
    let bytes = holder.encode();
    if bytes.is_empty() {
        storage.remove(&holder_key(key));
    } else {
        storage.set(&holder_key(key), &bytes);
    }
}

/// Stores `account`'s record; while 0.1.0 records remain, its old one goes (it was just read).
pub fn save_holder(storage: &mut dyn Storage, now: &Indexes, account: &Account, holder: &Holder) {
    store_holder(storage, &account.key, holder);
    if now.legacy_holders {
        crate::migrations::remove_legacy_holder(storage, &account.addr);
    }
}

/// The holders' keys in storage order, after `start_after` (exclusive), at most `limit`.
pub fn holder_keys(
    storage: &dyn Storage,
    start_after: Option<&CanonicalAddr>,
    limit: usize,
) -> Vec<CanonicalAddr> {
    // Exclusive start: the smallest key after `start_after`'s is that key with a 0 appended.
    let start = match start_after {
        Some(key) => [holder_key(key), vec![0]].concat(),
        None => vec![HOLDER],
    };
    storage
        .range_keys(
            Some(&start),
            Some(&[HOLDER + 1]),
            cosmwasm_std::Order::Ascending,
        )
        .take(limit)
        .map(|key| CanonicalAddr::from(&key[1..]))
        .collect()
}

/// Past indexes read during one transaction: the two parties of a transfer that last settled at
/// the same distribution read its entry once.
#[derive(Default)]
pub struct SeenMarks(Option<(u64, Vec<Uint256>)>);

impl SeenMarks {
    /// The indexes right after distribution `seq` (none before the first).
    fn at(&mut self, storage: &dyn Storage, seq: u64) -> StdResult<&[Uint256]> {
        if seq == 0 {
            return Ok(&[]);
        }
        if !matches!(&self.0, Some((seen, _)) if *seen == seq) {
            self.0 = Some((seq, load_history(storage, seq)?));
        }
        Ok(self
            .0
            .as_ref()
            .map_or(&[][..], |(_, marks)| marks.as_slice()))
    }
}

impl Holder {
    /// Accrues what the holder earned since it last settled, at the current indexes. The hub's
    /// record never earns and never moves.
    pub fn settle(
        &mut self,
        storage: &dyn Storage,
        now: &Indexes,
        seen: &mut SeenMarks,
    ) -> StdResult<()> {
        if self.seq == now.seq || self.is_hub() {
            return Ok(());
        }
        if !self.balance.is_zero() {
            let marks = seen.at(storage, self.seq)?;
            self.pending.resize(now.indexes.len(), Uint128::zero());
            for (i, (index, pending)) in now.indexes.iter().zip(self.pending.iter_mut()).enumerate()
            {
                let mark = marks.get(i).copied().unwrap_or_default();
                // Rounded down: a holder never accrues more than its exact share.
                let earned = Uint256::from(self.balance).checked_mul(index.checked_sub(mark)?)?
                    / Uint256::from(INDEX_SCALE);
                *pending = pending.checked_add(Uint128::try_from(earned)?)?;
            }
            while self.pending.last().is_some_and(|p| p.is_zero()) {
                self.pending.pop();
            }
        }
        self.seq = now.seq;
        Ok(())
    }
}

/// Loads `account`'s record settled at the current indexes.
pub fn load_settled(
    storage: &dyn Storage,
    now: &Indexes,
    account: &Account,
    seen: &mut SeenMarks,
) -> StdResult<Holder> {
    let mut holder = load_holder(storage, now, account)?;
    holder.settle(storage, now, seen)?;
    Ok(holder)
}

fn commission_key(validator: &str) -> Vec<u8> {
    [&[COMMISSION][..], validator.as_bytes()].concat()
}

/// The commission `validator` may claim, per reward denom (by position; shorter than the denoms
/// when the last ones are zero).
pub fn load_commission(storage: &dyn Storage, validator: &str) -> StdResult<Vec<Uint128>> {
    match storage.get(&commission_key(validator)) {
        Some(bytes) => crate::codec::amounts(&bytes),
        None => Ok(vec![]),
    }
}

/// Stores what `validator` may claim; an all-zero list removes the record.
pub fn save_commission(storage: &mut dyn Storage, validator: &str, owed: &[Uint128]) {
    let bytes = crate::codec::amounts_bytes(owed);
    if bytes.is_empty() {
        storage.remove(&commission_key(validator));
    } else {
        storage.set(&commission_key(validator), &bytes);
    }
}
