//! Storage: holders' balances with their reward accounts, and the reward indexes.
//!
//! Every balance change reads the hot `INDEXES` item and writes each party's `Holder` record, so
//! both are kept small: a holder stores the distribution number it last settled at (not one mark
//! per denom) and its unclaimed rewards with trailing zeros trimmed; the indexes as they stood
//! after each distribution are kept in `INDEX_HISTORY`, read only when a holder settles for the
//! first time after a distribution. Denom names and totals live in the cold `DENOMS` item.

use cosmwasm_std::{Addr, StdResult, Storage, Uint128, Uint256};
use cw_storage_plus::{Item, Map};
use palisade_api::lrt::INDEX_SCALE;
use palisade_api::stored_as_array;

stored_as_array! {
    /// A holder's balance, the distribution it last settled at, and what it accrued since it
    /// last claimed, per reward denom (by position; trailing zeros trimmed).
    #[derive(Default)]
    pub struct Holder as HolderWire ("HolderWire") {
        pub balance: Uint128,
        pub seq: u64,
        pub pending: Vec<Uint128>,
    }
}

stored_as_array! {
    /// Read on every balance change: the hub (whose LRT earns nothing), the number of
    /// distributions so far and the current index of each denom (reward per LRT unit, scaled by
    /// `INDEX_SCALE`).
    pub struct Indexes as IndexesWire ("IndexesWire") {
        pub hub: Addr,
        pub seq: u64,
        pub indexes: Vec<Uint256>,
    }
}

stored_as_array! {
    pub struct RewardDenom as RewardDenomWire ("RewardDenomWire") {
        pub denom: String,
        pub distributed: Uint128,
        pub claimed: Uint128,
    }
}

/// Holders by address, under cw20-base's `balance` namespace so its account enumeration
/// (`all_accounts`) keeps working; the value is a [`Holder`], not cw20-base's bare amount.
pub const HOLDERS: Map<&Addr, Holder> = Map::new("balance");
pub const INDEXES: Item<Indexes> = Item::new("reward_indexes");
/// The indexes right after distribution `seq` (1, 2, ...); before the first, all are zero.
pub const INDEX_HISTORY: Map<u64, Vec<Uint256>> = Map::new("index_history");
/// The reward denoms, in the order of the indexes, with their totals.
pub const DENOMS: Item<Vec<RewardDenom>> = Item::new("reward_denoms");

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
            self.0 = Some((seq, INDEX_HISTORY.load(storage, seq)?));
        }
        Ok(self
            .0
            .as_ref()
            .map_or(&[][..], |(_, marks)| marks.as_slice()))
    }
}

impl Holder {
    /// Accrues what the holder earned since it last settled, at the current indexes. The hub's
    /// LRT (handed in for unbonding) earns nothing: it only moves its mark.
    pub fn settle(
        &mut self,
        storage: &dyn Storage,
        now: &Indexes,
        is_hub: bool,
        seen: &mut SeenMarks,
    ) -> StdResult<()> {
        if self.seq == now.seq {
            return Ok(());
        }
        if !is_hub && !self.balance.is_zero() {
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

/// Loads `addr`'s record settled at the current indexes.
pub fn load_settled(
    storage: &dyn Storage,
    now: &Indexes,
    addr: &Addr,
    seen: &mut SeenMarks,
) -> StdResult<Holder> {
    let mut holder = HOLDERS.may_load(storage, addr)?.unwrap_or_default();
    holder.settle(storage, now, *addr == now.hub, seen)?;
    Ok(holder)
}
