//! Reward compounding. `harvest` withdraws the staking rewards of every operator; the reply books
//! them (protocol fee to `fees_owed`, the rest to `idle`), sends the owed fee and delegates the idle
//! funds, which raises the exchange rate for every LRT holder.

use cosmwasm_std::{
    coins, BankMsg, CosmosMsg, DepsMut, DistributionMsg, Env, Response, StakingMsg,
};

use crate::balance::{
    bond_balance, book_received_rewards, checkpointed, ensure_self, with_checkpoint,
};
use crate::error::ContractError;
use crate::settle::settle_batches;
use crate::state::{BOOKS, CONFIG, OPERATORS, SCHEDULE};
use crate::strategy::deposit_target;
use crate::sync::{load_operators, sync_delegations};

pub fn harvest(mut deps: DepsMut, env: Env) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut books = BOOKS.load(deps.storage)?;
    let mut schedule = SCHEDULE.load(deps.storage)?;
    let mut ops = load_operators(&deps)?;
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;
    let settlement = settle_batches(&mut deps, &env, &config, &mut books, &mut schedule)?;
    BOOKS.save(deps.storage, &books)?;
    SCHEDULE.save(deps.storage, &schedule)?;

    let withdrawals: Vec<CosmosMsg> = ops
        .iter()
        .filter(|(_, op)| !op.bonded.is_zero())
        .map(|(validator, _)| {
            DistributionMsg::WithdrawDelegatorReward {
                validator: validator.clone(),
            }
            .into()
        })
        .collect();
    let response = Response::new()
        .add_attribute("action", "harvest")
        .add_attribute("operators", withdrawals.len().to_string())
        .add_attribute("slash_booked", loss)
        .add_attribute("batches_settled", settlement.batches.to_string());
    if withdrawals.is_empty() {
        return compound(deps, env, response);
    }
    let balance = bond_balance(deps.as_ref(), &env, &config.bond_denom)?;
    let msgs = checkpointed(
        deps.storage,
        &env.contract.address,
        withdrawals,
        balance,
        crate::balance::Callback::AfterHarvest {},
    )?;
    Ok(response.add_messages(msgs))
}

/// `after_harvest`, the hub's call to itself after the reward withdrawals.
pub fn on_harvest_reply(
    mut deps: DepsMut,
    env: Env,
    info: cosmwasm_std::MessageInfo,
) -> Result<Response, ContractError> {
    ensure_self(&env, &info)?;
    let config = CONFIG.load(deps.storage)?;
    let mut books = BOOKS.load(deps.storage)?;
    let (rewards, fee) = book_received_rewards(deps.branch(), &env, &config, &mut books)?;
    BOOKS.save(deps.storage, &books)?;
    let response = Response::new()
        .add_attribute("action", "harvest_rewards")
        .add_attribute("rewards", rewards)
        .add_attribute("fee", fee);
    compound(deps, env, response)
}

/// Sends the owed fee and delegates idle funds to the operator furthest below target.
fn compound(deps: DepsMut, env: Env, response: Response) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut books = BOOKS.load(deps.storage)?;
    let mut response = response;

    let fee = books.fees_owed;
    let mut compounded = cosmwasm_std::Uint128::zero();
    let ops = crate::books::load_operators(deps.storage)?;
    let target = deposit_target(&ops, books.total_bonded + books.idle);
    if let (Some(validator), false) = (target, books.idle.is_zero()) {
        compounded = books.idle;
        let mut op = OPERATORS.load(deps.storage, &validator)?;
        op.bonded += compounded;
        crate::books::save_operator(deps.storage, env.block.height, &validator, &op)?;
        books.total_bonded += compounded;
        books.idle = cosmwasm_std::Uint128::zero();
        // The fee is sent after the delegation and its checkpoint.
        let balance = bond_balance(deps.as_ref(), &env, &config.bond_denom)?;
        let delegate = StakingMsg::Delegate {
            validator: validator.clone(),
            amount: cosmwasm_std::coin(compounded.u128(), &config.bond_denom),
        };
        let msgs = with_checkpoint(
            deps.storage,
            &env,
            vec![delegate.into()],
            balance - compounded,
        )?;
        response = response
            .add_messages(msgs)
            .add_attribute("operator", validator);
    }
    if !fee.is_zero() {
        books.fees_owed = cosmwasm_std::Uint128::zero();
        books.fees_paid += fee;
        response = response.add_message(BankMsg::Send {
            to_address: config.fee_recipient.to_string(),
            amount: coins(fee.u128(), &config.bond_denom),
        });
    }
    BOOKS.save(deps.storage, &books)?;
    Ok(response
        .add_attribute("compounded", compounded)
        .add_attribute("fee_paid", fee)
        .add_attribute("exchange_rate", books.pool().exchange_rate().to_string()))
}
