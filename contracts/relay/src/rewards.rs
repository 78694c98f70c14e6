//! Reward notices from consumers. The consumer sends its reward tokens to the relay by ICS-20 and
//! a `rewards_notice`; the relay hands exactly the amount named to the registry, which checks the
//! consumer and the denom, takes the fee and the operators' commission, and has the LRT distribute
//! the rest. A notice is credited at most once per id.
//!
//! What arrived is checked by the transfer itself: the relay forwards the tokens from its own
//! balance, so a notice whose tokens are not there yet fails, and so does one the registry
//! refuses. wasmd turns a failed `ibc_packet_receive` (the contract's messages included) into an
//! error acknowledgement and reverts its state (`x/wasm/ibc.go`, `OnRecvPacket`): nothing is
//! credited, and the consumer sends the notice again later. (The relay checks these in the
//! registry rather than itself to stay within its wasm size budget; `docs/REWARDS.md`.)

use cosmwasm_std::{
    coin, to_json_binary, BankMsg, DepsMut, IbcReceiveResponse, MessageInfo, Response, StdAck,
    Uint128,
};
use cw_storage_plus::Map;

use crate::error::ContractError;
use crate::registry;
use crate::state::CONFIG;

/// Notices credited, by (chain id, notice id).
pub const NOTICES: Map<(&str, u64), ()> = Map::new("notices");

pub fn notice(
    deps: DepsMut,
    chain_id: String,
    notice_id: u64,
    denom: String,
    amount: Uint128,
) -> Result<IbcReceiveResponse, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroRewards);
    }
    if NOTICES.has(deps.storage, (&chain_id, notice_id)) {
        return Err(ContractError::DuplicateNotice { notice_id });
    }
    NOTICES.save(deps.storage, (&chain_id, notice_id), &())?;
    let registry_addr = CONFIG.load(deps.storage)?.registry;
    let to_registry = registry::rewards_msg(
        &registry_addr,
        &chain_id,
        notice_id,
        coin(amount.u128(), &denom),
    )?;
    Ok(
        IbcReceiveResponse::new(StdAck::success(to_json_binary(&notice_id)?))
            .add_message(to_registry)
            .add_attribute("action", "rewards_notice")
            .add_attribute("chain_id", chain_id)
            .add_attribute("notice_id", notice_id.to_string())
            .add_attribute("denom", denom)
            .add_attribute("amount", amount),
    )
}

/// Owner: returns reward tokens no notice can credit. The bank refuses more than the relay holds.
pub fn refund(
    deps: DepsMut,
    info: MessageInfo,
    denom: String,
    amount: Uint128,
    recipient: String,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    if amount.is_zero() {
        return Err(ContractError::ZeroRefund);
    }
    let recipient = deps.api.addr_validate(&recipient)?;
    Ok(Response::new()
        .add_message(BankMsg::Send {
            to_address: recipient.to_string(),
            amount: vec![coin(amount.u128(), &denom)],
        })
        .add_attribute("action", "refund_rewards")
        .add_attribute("denom", denom)
        .add_attribute("amount", amount)
        .add_attribute("recipient", recipient))
}
