//! Unit tests of `balance.rs`.

use palisade_api::hub::ExecuteMsg;

use crate::balance::Callback;

#[test]
fn callbacks_are_spelled_as_the_hub_reads_them() {
    for (callback, msg) in [
        (Callback::AfterStaking {}, ExecuteMsg::AfterStaking {}),
        (Callback::AfterHarvest {}, ExecuteMsg::AfterHarvest {}),
    ] {
        assert_eq!(
            cosmwasm_std::to_json_vec(&callback).unwrap(),
            cosmwasm_std::to_json_vec(&msg).unwrap()
        );
    }
}
