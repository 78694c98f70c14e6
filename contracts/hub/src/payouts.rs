//! Payouts of consumer slashes: the slashed tokens that arrived in the hub (`slash_funds`) go to
//! each slash's destination, oldest first, burned when it has none. Run by `pay_slashes` (a
//! `reconcile` that then pays), never by `reconcile` itself: a send the bank refuses (a module
//! account is a blocked address) fails only `pay_slashes`, and governance redirects the payout
//! (`redirect_slash_payout`).

use cosmwasm_std::{
    coins, BankMsg, CosmosMsg, DepsMut, MessageInfo, Order, Response, Storage, Uint128,
};

use crate::constants::MAX_PAYOUTS_PER_CALL;
use crate::error::ContractError;
use crate::state::{Books, Payout, SLASH_PAYOUTS};

/// Owner `redirect_slash_payout`: what the payout still owes goes to `destination` instead
/// (`None` burns it). The amount owed does not change.
pub fn redirect(
    deps: DepsMut,
    info: MessageInfo,
    slash_id: u64,
    destination: Option<String>,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut payout = SLASH_PAYOUTS
        .may_load(deps.storage, slash_id)?
        .ok_or(ContractError::UnknownSlashPayout { slash_id })?;
    payout.destination = destination
        .map(|address| deps.api.addr_validate(&address))
        .transpose()?;
    SLASH_PAYOUTS.save(deps.storage, slash_id, &payout)?;
    Ok(Response::new()
        .add_attribute("action", "redirect_slash_payout")
        .add_attribute("slash_id", slash_id.to_string())
        .add_attribute(
            "destination",
            payout
                .destination
                .map_or("burn".into(), |to| to.into_string()),
        ))
}

/// Pays arrived slashed tokens to the oldest payouts, at most `MAX_PAYOUTS_PER_CALL`; write-offs
/// (tokens x/staking slashed before they arrived) are deducted from the oldest payouts first.
/// Returns the burn and send messages and the amount paid.
pub fn pay_slashes(
    storage: &mut dyn Storage,
    books: &mut Books,
    denom: &str,
) -> Result<(Vec<CosmosMsg>, Uint128), ContractError> {
    let mut msgs = Vec::new();
    let mut paid = Uint128::zero();
    if books.slash_funds.is_zero() && books.slash_writeoff.is_zero() {
        return Ok((msgs, paid));
    }
    let payouts: Vec<(u64, Payout)> = SLASH_PAYOUTS
        .range(storage, None, None, Order::Ascending)
        .take(MAX_PAYOUTS_PER_CALL)
        .collect::<Result<_, _>>()?;
    for (slash_id, mut payout) in payouts {
        // Both parts are capped by what the payout still owes, and `slash_owed` is the sum of the
        // payouts' `owed`: the subtractions below cannot underflow.
        let written_off = books.slash_writeoff.min(payout.owed);
        books.slash_writeoff -= written_off;
        let pay = books.slash_funds.min(payout.owed - written_off);
        books.slash_funds -= pay;
        payout.owed -= written_off + pay;
        books.slash_owed -= written_off + pay;
        paid += pay;
        if payout.owed.is_zero() {
            SLASH_PAYOUTS.remove(storage, slash_id);
        } else {
            SLASH_PAYOUTS.save(storage, slash_id, &payout)?;
        }
        if !pay.is_zero() {
            let amount = coins(pay.u128(), denom);
            msgs.push(
                match &payout.destination {
                    Some(to) => BankMsg::Send {
                        to_address: to.to_string(),
                        amount,
                    },
                    None => BankMsg::Burn { amount },
                }
                .into(),
            );
        }
        if !payout.owed.is_zero() {
            break;
        }
    }
    Ok((msgs, paid))
}
