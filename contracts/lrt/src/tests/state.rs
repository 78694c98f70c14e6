//! Unit tests of `state.rs`.

use cosmwasm_std::testing::MockStorage;
use cosmwasm_std::{Addr, Uint128, Uint256};
use palisade_api::lrt::INDEX_SCALE;

use crate::state::*;

#[test]
fn a_holder_is_stored_as_a_short_array() {
    let holder = Holder {
        balance: Uint128::new(5),
        seq: 2,
        pending: vec![Uint128::new(1)],
    };
    let bytes = cosmwasm_std::to_json_vec(&holder).unwrap();
    assert_eq!(bytes, br#"["5",2,["1"]]"#);
    assert_eq!(cosmwasm_std::from_json::<Holder>(&bytes).unwrap(), holder);
}

#[test]
fn settling_accrues_the_balance_times_the_index_gain_rounded_down() {
    let mut storage = MockStorage::new();
    let third = Uint256::from(INDEX_SCALE / 3);
    INDEX_HISTORY.save(&mut storage, 1, &vec![third]).unwrap();
    let now = Indexes {
        hub: Addr::unchecked("hub"),
        seq: 2,
        // 0.333... then 0.666... per LRT unit, in the first of two denoms.
        indexes: vec![third + third, Uint256::zero()],
    };
    let mut holder = Holder {
        balance: Uint128::new(10),
        seq: 1,
        pending: vec![],
    };
    holder
        .settle(&storage, &now, false, &mut SeenMarks::default())
        .unwrap();
    // 10 × 0.333... = 3.33 -> 3; the second denom's zero is trimmed.
    assert_eq!(holder.pending, vec![Uint128::new(3)]);
    assert_eq!(holder.seq, 2);
    // Settling again at the same distribution adds nothing and reads nothing.
    holder
        .settle(&storage, &now, false, &mut SeenMarks::default())
        .unwrap();
    assert_eq!(holder.pending, vec![Uint128::new(3)]);
    // From the start (no history), and the hub only moves its mark.
    let mut fresh = Holder {
        balance: Uint128::new(10),
        seq: 0,
        pending: vec![],
    };
    fresh
        .settle(&storage, &now, false, &mut SeenMarks::default())
        .unwrap();
    assert_eq!(fresh.pending, vec![Uint128::new(6)]);
    let mut hub = Holder {
        balance: Uint128::new(10),
        seq: 0,
        pending: vec![],
    };
    hub.settle(&storage, &now, true, &mut SeenMarks::default())
        .unwrap();
    assert!(hub.pending.is_empty());
    assert_eq!(hub.seq, 2);
}
