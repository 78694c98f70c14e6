//! The one `Answer` type decodes every answer the hub reads, as the other side encodes it: a test
//! that breaks when a field the hub reads is renamed or retyped.

use cosmwasm_std::{to_json_vec, Addr, Decimal, Validator, ValidatorResponse};
use palisade_api::registry::{ConfigResponse, RegistryParams};

use crate::answer::Answer;

fn decode<T: serde::Serialize>(answer: &T) -> Answer {
    cosmwasm_std::from_json(to_json_vec(answer).unwrap()).unwrap()
}

fn registry_config(relay: Option<Addr>) -> ConfigResponse {
    ConfigResponse {
        hub: Addr::unchecked("hub"),
        relay,
        params: RegistryParams {
            risk_timelock: 1,
            allocation_delay: 2,
            max_total_allocation: Decimal::one(),
            max_commission_bps: 3,
        },
        pending_params: None,
    }
}

/// The registry's `config` record has the fields of its `config` answer (the suite's
/// `raw_interface` test reads the real record).
#[test]
fn reads_the_relay_from_the_registry_config() {
    let relay = Addr::unchecked("relay");
    let answer = decode(&registry_config(Some(relay.clone())));
    assert_eq!(answer.relay, Some(relay));
    assert!(answer.validator.is_none());
    assert_eq!(decode(&registry_config(None)).relay, None);
}

#[test]
fn tells_whether_x_staking_knows_the_validator() {
    let known = ValidatorResponse::new(Some(Validator::create(
        "valoper1".into(),
        Decimal::percent(5),
        Decimal::percent(20),
        Decimal::percent(1),
    )));
    assert!(decode(&known).validator.is_some());
    assert!(decode(&ValidatorResponse::new(None)).validator.is_none());
}

#[test]
fn reads_the_balance_of_x_bank() {
    let answer = decode(&cosmwasm_std::BalanceResponse::new(cosmwasm_std::coin(
        42, "ustake",
    )));
    assert_eq!(answer.amount, Some(cosmwasm_std::coin(42, "ustake")));
    assert!(answer.delegations.is_none());
}

#[test]
fn reads_the_delegations_of_x_staking() {
    let delegation = cosmwasm_std::Delegation::new(
        Addr::unchecked("hub"),
        "valoper1".into(),
        cosmwasm_std::coin(7, "ustake"),
    );
    let answer = decode(&cosmwasm_std::AllDelegationsResponse::new(vec![
        delegation.clone()
    ]));
    assert_eq!(answer.delegations, Some(vec![delegation]));
    assert!(answer.amount.is_none());
}
