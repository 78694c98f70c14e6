//! Unit tests of `state.rs`.

use cosmwasm_std::testing::{MockApi, MockStorage};
use cosmwasm_std::{Storage, Uint128, Uint256};
use palisade_api::lrt::INDEX_SCALE;

use crate::state::*;

#[test]
fn a_holder_is_stored_in_a_few_bytes() {
    let holder = Holder {
        balance: Uint128::new(1_000_000),
        seq: 2,
        pending: vec![Uint128::new(1), Uint128::zero()],
    };
    // 1,000,000 = 0x0f4240: three bytes; the trailing zero pending amount is not stored.
    let bytes = holder.encode();
    assert_eq!(bytes, vec![3, 0x0f, 0x42, 0x40, 1, 2, 1, 1]);
    let decoded = Holder::decode(&bytes).unwrap();
    assert_eq!(decoded.pending, vec![Uint128::new(1)]);
    assert_eq!((decoded.balance, decoded.seq), (holder.balance, holder.seq));
    // A holder that never saw a distribution stores its balance alone; an all-zero one nothing.
    let plain = Holder {
        balance: Uint128::new(5),
        ..Default::default()
    };
    assert_eq!(plain.encode(), vec![1, 5]);
    assert!(Holder::default().encode().is_empty());
}

#[test]
fn an_all_zero_holder_has_no_record_and_reads_as_zero() {
    let api = MockApi::default();
    let mut storage = MockStorage::new();
    let alice = Account::of(&api, api.addr_make("alice")).unwrap();
    let now = Indexes::default();
    let holder = Holder {
        balance: Uint128::new(7),
        ..Default::default()
    };
    save_holder(&mut storage, &now, &alice, &holder);
    assert_eq!(load_holder(&storage, &now, &alice).unwrap(), holder);
    save_holder(&mut storage, &now, &alice, &Holder::default());
    assert_eq!(
        storage
            .range_keys(None, None, cosmwasm_std::Order::Ascending)
            .count(),
        0
    );
    assert_eq!(
        load_holder(&storage, &now, &alice).unwrap(),
        Holder::default()
    );
}

#[test]
fn the_indexes_keep_every_denom_even_at_zero() {
    let now = Indexes {
        seq: 3,
        legacy_holders: false,
        supply: Uint128::new(300),
        indexes: vec![Uint256::from(5u8), Uint256::zero()],
    };
    let bytes = now.encode();
    assert_eq!(bytes, vec![1, 3, 0, 2, 1, 44, 1, 5, 0]);
    assert_eq!(Indexes::decode(&bytes).unwrap(), now);
}

#[test]
fn holders_are_listed_by_canonical_address_after_the_start() {
    let api = MockApi::default();
    let mut storage = MockStorage::new();
    let now = Indexes::default();
    let mut keys: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|name| Account::of(&api, api.addr_make(name)).unwrap())
        .collect();
    for account in &keys {
        let one = Holder {
            balance: Uint128::one(),
            ..Default::default()
        };
        save_holder(&mut storage, &now, account, &one);
    }
    // Another record under a neighbouring prefix is not a holder.
    save_indexes(&mut storage, &now);
    keys.sort_by(|a, b| a.key.as_slice().cmp(b.key.as_slice()));
    let all: Vec<_> = keys.iter().map(|a| a.key.clone()).collect();
    assert_eq!(holder_keys(&storage, None, 10), all);
    assert_eq!(holder_keys(&storage, Some(&all[0]), 10), all[1..]);
    assert_eq!(holder_keys(&storage, Some(&all[0]), 1), all[1..2]);
    assert!(holder_keys(&storage, Some(&all[2]), 10).is_empty());
}

#[test]
fn settling_accrues_the_balance_times_the_index_gain_rounded_down() {
    let mut storage = MockStorage::new();
    let third = Uint256::from(INDEX_SCALE / 3);
    save_history(&mut storage, 1, &[third]);
    let now = Indexes {
        seq: 2,
        legacy_holders: false,
        supply: Uint128::new(10),
        // 0.333... then 0.666... per LRT unit, in the first of two denoms.
        indexes: vec![third + third, Uint256::zero()],
    };
    let mut holder = Holder {
        balance: Uint128::new(10),
        seq: 1,
        pending: vec![],
    };
    holder
        .settle(&storage, &now, &mut SeenMarks::default())
        .unwrap();
    // 10 × 0.333... = 3.33 -> 3; the second denom's zero is trimmed.
    assert_eq!(holder.pending, vec![Uint128::new(3)]);
    assert_eq!(holder.seq, 2);
    // Settling again at the same distribution adds nothing and reads nothing.
    holder
        .settle(&storage, &now, &mut SeenMarks::default())
        .unwrap();
    assert_eq!(holder.pending, vec![Uint128::new(3)]);
    // From the start (no history).
    let mut fresh = Holder {
        balance: Uint128::new(10),
        seq: 0,
        pending: vec![],
    };
    fresh
        .settle(&storage, &now, &mut SeenMarks::default())
        .unwrap();
    assert_eq!(fresh.pending, vec![Uint128::new(6)]);
    // The hub's record never earns and keeps its mark.
    let mut hub = Holder {
        balance: Uint128::new(10),
        seq: HUB_MARK,
        pending: vec![],
    };
    hub.settle(&storage, &now, &mut SeenMarks::default())
        .unwrap();
    assert!(hub.pending.is_empty());
    assert_eq!(hub.seq, HUB_MARK);
}

#[test]
fn an_operators_commission_is_one_short_record_for_every_denom() {
    let mut storage = MockStorage::new();
    let validator = "cosmwasmvaloper1abc";
    assert!(load_commission(&storage, validator).unwrap().is_empty());
    // 300 of the first denom, nothing of the second, 1 of the third: 0x012c in two bytes.
    let owed = [Uint128::new(300), Uint128::zero(), Uint128::new(1)];
    save_commission(&mut storage, validator, &owed);
    let key = [&[0x04][..], validator.as_bytes()].concat();
    assert_eq!(storage.get(&key).unwrap(), vec![2, 0x01, 0x2c, 0, 1, 1]);
    assert_eq!(load_commission(&storage, validator).unwrap(), owed.to_vec());
    // Trailing zeros are not stored; nothing owed, no record.
    save_commission(&mut storage, validator, &[Uint128::new(2), Uint128::zero()]);
    assert_eq!(storage.get(&key).unwrap(), vec![1, 2]);
    save_commission(&mut storage, validator, &[Uint128::zero()]);
    assert_eq!(storage.get(&key), None);
}
