//! Storage: holders' balances with their reward accounts, and the reward indexes.

use cosmwasm_std::{Addr, StdResult, Storage, Uint128, Uint256};
use cw_storage_plus::{Item, Map};
use palisade_api::lrt::INDEX_SCALE;
use palisade_api::stored_as_array;

stored_as_array! {
    /// A holder's balance and, per reward denom (by its position in `RewardState::denoms`), the
    /// index it last settled at and what it has accrued since it last claimed.
    #[derive(Default)]
    pub struct Holder as HolderWire ("HolderWire") {
        pub balance: Uint128,
        pub rewards: Vec<(Uint256, Uint128)>,
    }
}

stored_as_array! {
    pub struct RewardDenom as RewardDenomWire ("RewardDenomWire") {
        pub denom: String,
        /// Cumulative reward per LRT unit, scaled by `INDEX_SCALE`.
        pub index: Uint256,
        pub distributed: Uint128,
        pub claimed: Uint128,
    }
}

stored_as_array! {
    /// Read on every balance change: the hub (whose LRT earns nothing) and the indexes.
    pub struct RewardState as RewardStateWire ("RewardStateWire") {
        pub hub: Addr,
        pub denoms: Vec<RewardDenom>,
    }
}

/// Holders by address, under cw20-base's `balance` namespace so its account enumeration
/// (`all_accounts`) keeps working; the value is a [`Holder`], not cw20-base's bare amount.
pub const HOLDERS: Map<&Addr, Holder> = Map::new("balance");
pub const REWARDS: Item<RewardState> = Item::new("rewards");

impl Holder {
    /// Accrues what the holder earned since it last settled, at the current indexes. The hub's
    /// LRT (handed in for unbonding) earns nothing: it only moves its marks.
    pub fn settle(&mut self, state: &RewardState, is_hub: bool) -> StdResult<()> {
        self.rewards
            .resize(state.denoms.len(), (Uint256::zero(), Uint128::zero()));
        for ((mark, pending), denom) in self.rewards.iter_mut().zip(&state.denoms) {
            if !is_hub {
                // Rounded down: a holder never accrues more than its exact share.
                let earned = Uint256::from(self.balance)
                    .checked_mul(denom.index.checked_sub(*mark)?)?
                    / Uint256::from(INDEX_SCALE);
                *pending = pending.checked_add(Uint128::try_from(earned)?)?;
            }
            *mark = denom.index;
        }
        Ok(())
    }
}

/// Loads `addr`'s record settled at the current indexes.
pub fn load_settled(storage: &dyn Storage, state: &RewardState, addr: &Addr) -> StdResult<Holder> {
    let mut holder = HOLDERS.may_load(storage, addr)?.unwrap_or_default();
    holder.settle(state, *addr == state.hub)?;
    Ok(holder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holder_is_stored_as_an_array() {
        let holder = Holder {
            balance: Uint128::new(5),
            rewards: vec![(Uint256::from(7u8), Uint128::new(1))],
        };
        let bytes = cosmwasm_std::to_json_vec(&holder).unwrap();
        assert_eq!(bytes, br#"["5",[["7","1"]]]"#);
        assert_eq!(cosmwasm_std::from_json::<Holder>(&bytes).unwrap(), holder);
    }

    #[test]
    fn settling_accrues_the_balance_times_the_index_gain_rounded_down() {
        let state = RewardState {
            hub: Addr::unchecked("hub"),
            denoms: vec![RewardDenom {
                denom: "r".into(),
                // 0.3333... per LRT unit.
                index: Uint256::from(INDEX_SCALE / 3),
                distributed: Uint128::new(100),
                claimed: Uint128::zero(),
            }],
        };
        let mut holder = Holder {
            balance: Uint128::new(10),
            rewards: vec![],
        };
        holder.settle(&state, false).unwrap();
        assert_eq!(
            holder.rewards,
            vec![(Uint256::from(INDEX_SCALE / 3), Uint128::new(3))]
        );
        // Settling again at the same index adds nothing.
        holder.settle(&state, false).unwrap();
        assert_eq!(holder.rewards[0].1, Uint128::new(3));
        let mut hub = Holder {
            balance: Uint128::new(10),
            rewards: vec![],
        };
        hub.settle(&state, true).unwrap();
        assert_eq!(hub.rewards[0].1, Uint128::zero());
    }
}
