//! Unit tests of `state.rs`.

use cosmwasm_std::Uint128;

use crate::state::*;

#[test]
fn records_are_stored_as_json_arrays_and_read_back() {
    let request = UnbondRequest {
        lrt_amount: Uint128::new(5),
        value_at_request: Uint128::new(7),
        scaled: Uint128::new(8),
    };
    let bytes = cosmwasm_std::to_json_vec(&request).unwrap();
    assert_eq!(bytes, br#"["5","7","8"]"#);
    let back: UnbondRequest = cosmwasm_std::from_json(&bytes).unwrap();
    assert_eq!(back, request);

    let books = Books {
        total_bonded: Uint128::new(1),
        lrt_supply: Uint128::new(2),
        ..Books::default()
    };
    let bytes = cosmwasm_std::to_json_vec(&books).unwrap();
    assert_eq!(bytes, br#"["1","0","0","0","0","0","0","2","0","0","0"]"#);
    assert_eq!(cosmwasm_std::from_json::<Books>(&bytes).unwrap(), books);
}
