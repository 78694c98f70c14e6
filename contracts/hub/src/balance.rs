//! x/staking pays out pending rewards on its own whenever the hub delegates, undelegates or
//! redelegates. To tell those rewards apart from matured unbonding funds, every transaction that
//! sends staking messages records the balance it expects afterwards, and a call of the hub to
//! itself right after its last staking message books any excess as rewards.
//!
//! A self-call rather than a submessage reply: the messages of a response run in order, so it
//! sees the same balance a reply would, and the hub needs no `reply` entry point (decoding a
//! `Reply` costs about 15 KB of wasm).

use cosmwasm_std::{
    to_json_binary, Addr, BankQuery, CosmosMsg, Deps, DepsMut, Env, MessageInfo, QueryRequest,
    Response, StdError, Storage, Uint128, WasmMsg,
};
use palisade_api::math::split_fee;

use crate::answer::Answer;
use crate::error::ContractError;
use crate::state::{Books, Config, BOOKS, CONFIG, EXPECTED_BALANCE};

/// The hub's balance of the bond denom.
pub fn bond_balance(deps: Deps, env: &Env, denom: &str) -> Result<Uint128, ContractError> {
    let request = QueryRequest::Bank(BankQuery::Balance {
        address: env.contract.address.to_string(),
        denom: denom.to_string(),
    });
    // x/bank always answers with the coin, zero included: an answer without it is refused rather
    // than read as an empty balance, which settlement would book as missing funds.
    let answer: Answer = deps.querier.query(&request)?;
    Ok(answer
        .amount
        .ok_or_else(|| StdError::generic_err("x/bank answered no balance"))?
        .amount)
}

/// The hub's internal callbacks, spelled as `palisade_api::hub::ExecuteMsg` spells them (a test
/// checks it): serializing the whole message enum would cost 5 KB of wasm.
#[derive(serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Callback {
    AfterStaking {},
    AfterHarvest {},
}

/// Appends to staking messages the hub's call to itself (`callback`, one of the internal
/// `after_*` messages), after storing the balance expected once they have run. Messages that
/// move bond tokens out of the hub must be reflected in `expected`; bank sends must come after
/// these in the response.
pub fn checkpointed(
    storage: &mut dyn Storage,
    hub: &Addr,
    mut msgs: Vec<CosmosMsg>,
    expected: Uint128,
    callback: Callback,
) -> Result<Vec<CosmosMsg>, ContractError> {
    if !msgs.is_empty() {
        EXPECTED_BALANCE.save(storage, &expected)?;
        msgs.push(
            WasmMsg::Execute {
                contract_addr: hub.to_string(),
                msg: to_json_binary(&callback)?,
                funds: vec![],
            }
            .into(),
        );
    }
    Ok(msgs)
}

/// Like [`checkpointed`] with the standard `after_staking` callback.
pub fn with_checkpoint(
    storage: &mut dyn Storage,
    env: &Env,
    msgs: Vec<CosmosMsg>,
    expected: Uint128,
) -> Result<Vec<CosmosMsg>, ContractError> {
    checkpointed(
        storage,
        &env.contract.address,
        msgs,
        expected,
        Callback::AfterStaking {},
    )
}

/// The internal callbacks accept only the hub itself.
pub fn ensure_self(env: &Env, info: &MessageInfo) -> Result<(), ContractError> {
    if info.sender != env.contract.address {
        return Err(ContractError::NotSelf {
            sender: info.sender.to_string(),
        });
    }
    Ok(())
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

/// `after_staking`: books the rewards x/staking paid out during the hub's staking messages.
pub fn on_checkpoint(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
) -> Result<Response, ContractError> {
    ensure_self(&env, &info)?;
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
