//! x/staking pays out pending rewards on its own whenever the hub delegates, undelegates or
//! redelegates. To tell those rewards apart from matured unbonding funds, every transaction that
//! sends staking messages records the balance it expects afterwards, and the reply to its last
//! staking message books any excess as rewards.

use cosmwasm_std::{CosmosMsg, Deps, DepsMut, Env, Response, Storage, SubMsg, Uint128};
use palisade_api::math::split_fee;

use crate::constants::REPLY_STAKING_CHECKPOINT;
use crate::error::ContractError;
use crate::state::{Books, Config, BOOKS, CONFIG, EXPECTED_BALANCE};

/// The hub's balance of the bond denom.
pub fn bond_balance(deps: Deps, env: &Env, denom: &str) -> Result<Uint128, ContractError> {
    Ok(deps
        .querier
        .query_balance(&env.contract.address, denom)?
        .amount)
}

/// Turns staking messages into submessages whose last one replies with `reply_id`, after storing
/// the balance expected once they have run. Messages that move bond tokens out of the hub must be
/// reflected in `expected`; bank sends must come after these in the response.
pub fn checkpointed(
    storage: &mut dyn Storage,
    msgs: Vec<CosmosMsg>,
    expected: Uint128,
    reply_id: u64,
) -> Result<Vec<SubMsg>, ContractError> {
    let count = msgs.len();
    if count > 0 {
        EXPECTED_BALANCE.save(storage, &expected)?;
    }
    Ok(msgs
        .into_iter()
        .enumerate()
        .map(|(i, msg)| {
            if i + 1 == count {
                SubMsg::reply_on_success(msg, reply_id)
            } else {
                SubMsg::new(msg)
            }
        })
        .collect())
}

/// Like [`checkpointed`] with the standard checkpoint reply.
pub fn with_checkpoint(
    storage: &mut dyn Storage,
    msgs: Vec<CosmosMsg>,
    expected: Uint128,
) -> Result<Vec<SubMsg>, ContractError> {
    checkpointed(storage, msgs, expected, REPLY_STAKING_CHECKPOINT)
}

/// Books the coins received since the checkpoint as rewards: the fee to `fees_owed`, the rest to
/// `idle`. Returns (gross rewards, fee).
pub fn book_received_rewards(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    books: &mut Books,
) -> Result<(Uint128, Uint128), ContractError> {
    let expected = EXPECTED_BALANCE.load(deps.storage)?;
    EXPECTED_BALANCE.remove(deps.storage);
    let actual = bond_balance(deps.as_ref(), env, &config.bond_denom)?;
    if actual < expected {
        return Err(ContractError::BalanceShortfall { expected, actual });
    }
    let rewards = actual - expected;
    let (fee, net) = split_fee(rewards, config.fee_bps);
    books.fees_owed += fee;
    books.idle += net;
    Ok((rewards, fee))
}

/// Reply to [`REPLY_STAKING_CHECKPOINT`].
pub fn on_checkpoint(mut deps: DepsMut, env: Env) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut books = BOOKS.load(deps.storage)?;
    let (rewards, fee) = book_received_rewards(deps.branch(), &env, &config, &mut books)?;
    if rewards.is_zero() {
        return Ok(Response::new());
    }
    BOOKS.save(deps.storage, &books)?;
    Ok(Response::new()
        .add_attribute("action", "rewards_received")
        .add_attribute("rewards", rewards)
        .add_attribute("fee", fee))
}
