//! Unit tests of `hub.rs`.

use palisade_api::hub::ExecuteMsg;

use crate::hub::HubExecute;

#[test]
fn hub_messages_are_spelled_as_the_hub_reads_them() {
    let cases = [
        (
            HubExecute::SetOperator {
                validator: "v".into(),
                weight: 3,
            },
            ExecuteMsg::SetOperator {
                validator: "v".into(),
                weight: 3,
            },
        ),
        (
            HubExecute::RemoveOperator {
                validator: "v".into(),
            },
            ExecuteMsg::RemoveOperator {
                validator: "v".into(),
            },
        ),
    ];
    for (ours, hubs) in cases {
        let bytes = cosmwasm_std::to_json_vec(&ours).unwrap();
        assert_eq!(bytes, cosmwasm_std::to_json_vec(&hubs).unwrap());
        assert_eq!(cosmwasm_std::from_json::<ExecuteMsg>(&bytes).unwrap(), hubs);
    }
}
