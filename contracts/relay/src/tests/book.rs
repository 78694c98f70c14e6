//! The relay's side of the slash book: naming it, its answers in the reply, its updates.

use cosmwasm_std::{Reply, SubMsgResponse, SubMsgResult, Uint128};
use cw_ownable::OwnershipError;
use palisade_api::ibc::{ConsumerPacket, Infraction, SlashRequest};
use palisade_api::slash_book::SlashOrder;

use super::*;
use crate::slashing::OPEN_SLASH;
use crate::state::{SLASH_BOOK, TOTAL_EXPOSURE};

/// Connected, val-a (1,000,000 × 0.5) sent in update 1, 100 blocks later.
fn with_operator() -> Suite {
    let mut suite = Suite::connected();
    suite.registry(|r| r.set_operator("val-a", "key-a", 1_000_000, Decimal::percent(50)));
    suite.crank().unwrap();
    suite.advance(100);
    suite
}

fn double_sign(suite: &Suite) -> ConsumerPacket {
    ConsumerPacket::SlashRequest(SlashRequest {
        request_id: 1,
        operator: "val-a".to_string(),
        infraction: Infraction::DoubleSign,
        infraction_height: 101,
        infraction_time: suite.env.block.time.minus_seconds(60),
        update_id: 1,
        evidence: None,
    })
}

#[test]
fn without_a_book_a_request_gets_an_error_ack_and_changes_nothing() {
    let mut suite = with_operator();
    SLASH_BOOK.remove(&mut suite.deps.storage);
    let before = suite.snapshot();
    let packet = double_sign(&suite);
    let response = suite.receive(&packet);
    assert_eq!(error_ack(&response), ContractError::NoSlashBook.to_string());
    assert_eq!(attr(&response.attributes, "action"), "packet_refused");
    assert!(response.messages.is_empty());
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn the_book_is_named_once_by_the_owner() {
    let mut suite = Suite::new();
    let stranger = suite.addr("stranger");
    let other = suite.addr("other_book").to_string();
    let before = suite.snapshot();

    let err = suite
        .execute(
            &stranger,
            ExecuteMsg::SetSlashBook {
                slash_book: other.clone(),
            },
        )
        .unwrap_err();
    assert_eq!(err, ContractError::Ownership(OwnershipError::NotOwner));

    // Another book would strand the first one's open slashes.
    let owner = suite.owner.clone();
    let err = suite
        .execute(&owner, ExecuteMsg::SetSlashBook { slash_book: other })
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::SlashBookAlreadyNamed {
            slash_book: suite.book_addr.to_string()
        }
    );
    assert_eq!(suite.snapshot(), before);
    assert_eq!(
        SLASH_BOOK.load(&suite.deps.storage).unwrap(),
        suite.book_addr
    );
}

#[test]
fn only_the_book_sends_exposure_and_orders() {
    let mut suite = with_operator();
    let stranger = suite.addr("stranger");
    let before = suite.snapshot();
    let update = ExecuteMsg::SlashBookUpdate {
        total_exposure: Uint128::zero(),
        order: Some(SlashOrder {
            slash_id: 1,
            validator: "val-a".to_string(),
            chain_id: CHAIN.to_string(),
            infraction: Infraction::DoubleSign,
            amount: Uint128::new(25_000),
            height: 1,
        }),
    };
    let err = suite.execute(&stranger, update.clone()).unwrap_err();
    assert_eq!(err, ContractError::NotTheSlashBook);
    // Nor the owner.
    let owner = suite.owner.clone();
    let err = suite.execute(&owner, update).unwrap_err();
    assert_eq!(err, ContractError::NotTheSlashBook);
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn an_unreadable_answer_fails_the_reply_so_the_books_writes_are_undone() {
    let mut suite = with_operator();
    let exposure = TOTAL_EXPOSURE.may_load(&suite.deps.storage).unwrap();
    #[allow(deprecated)]
    let reply = |data: &[u8]| Reply {
        id: OPEN_SLASH,
        payload: Binary::from(CHANNEL.as_bytes()),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data: Some(Binary::from(data)),
            msg_responses: vec![],
        }),
    };
    // Not a `MsgExecuteContractResponse`, then one whose data is not an answer, then none.
    for data in [
        b"\xff\xff".to_vec(),
        execute_response(b"{\"accepted\":{}}").to_vec(),
        vec![],
    ] {
        let err = crate::contract::reply(suite.deps.as_mut(), suite.env.clone(), reply(&data))
            .unwrap_err();
        assert_eq!(err, ContractError::UnreadableAnswer);
    }
    assert_eq!(
        TOTAL_EXPOSURE.may_load(&suite.deps.storage).unwrap(),
        exposure
    );
}

#[test]
fn a_failed_book_is_an_error_ack() {
    let mut suite = with_operator();
    let reply = Reply {
        id: OPEN_SLASH,
        payload: Binary::from(CHANNEL.as_bytes()),
        gas_used: 0,
        result: SubMsgResult::Err("codespace: wasm, code: 5".to_string()),
    };
    let response = crate::contract::reply(suite.deps.as_mut(), suite.env.clone(), reply).unwrap();
    let ack: StdAck = from_json(response.data.unwrap()).unwrap();
    assert_eq!(
        ack,
        StdAck::error("the slash book failed: codespace: wasm, code: 5")
    );
    assert_eq!(attr(&response.attributes, "action"), "packet_refused");
    assert_eq!(attr(&response.attributes, "channel_id"), CHANNEL);
}

#[test]
fn an_unknown_reply_is_refused() {
    let mut suite = Suite::new();
    let reply = Reply {
        id: 7,
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Err("anything".to_string()),
    };
    let err = crate::contract::reply(suite.deps.as_mut(), suite.env.clone(), reply).unwrap_err();
    assert_eq!(err, ContractError::UnknownReply { id: 7 });
}
