//! Deposits: bond tokens in, LRT out at the exchange rate, delegated at once.

use cosmwasm_std::{
    coin, to_json_binary, DepsMut, Env, MessageInfo, Response, StakingMsg, Uint128, WasmMsg,
};
use palisade_api::hub::PausableOperation;
use palisade_api::lrt::MinterMsg;
use palisade_api::math::Pool;

use crate::balance::{bond_balance, with_checkpoint};
use crate::error::ContractError;
use crate::pause::ensure_not_paused;
use crate::pricing::deposit_value;
use crate::state::{BOOKS, CONFIG, OPERATORS};
use crate::strategy::deposit_target;
use crate::sync::{load_operators, sync_delegations};

pub fn deposit(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    min_lrt_out: Option<Uint128>,
) -> Result<Response, ContractError> {
    ensure_not_paused(deps.storage, env.block.time, PausableOperation::Deposit)?;
    let config = CONFIG.load(deps.storage)?;
    let amount = cw_utils::must_pay(&info, &config.bond_denom)?;
    let mut books = BOOKS.load(deps.storage)?;
    let mut ops = load_operators(&deps)?;
    // Price at the true value: an unbooked slash would make the depositor overpay.
    let loss = sync_delegations(&mut deps, &env, &config, &mut books, &mut ops)?;

    let pool = Pool {
        total_value: deposit_value(&deps.querier, &env, &config, &books.pool())?
            .ok_or(ContractError::PoolAtRisk)?,
        lrt_supply: books.lrt_supply,
    };
    let minted = pool.lrt_for_deposit(amount)?;
    if minted.is_zero() {
        return Err(ContractError::ZeroMint);
    }
    if let Some(min) = min_lrt_out {
        if minted < min {
            return Err(ContractError::SlippageExceeded { min, got: minted });
        }
    }

    let validator =
        deposit_target(&ops, books.total_bonded + amount).ok_or(ContractError::NoActiveOperator)?;
    let mut operator = OPERATORS.load(deps.storage, &validator)?;
    operator.bonded += amount;
    crate::books::save_operator(deps.storage, env.block.height, &validator, &operator)?;
    books.total_bonded += amount;
    books.lrt_supply += minted;
    BOOKS.save(deps.storage, &books)?;

    // The deposit is already in the balance; delegating it takes it out again.
    let balance = bond_balance(deps.as_ref(), &env, &config.bond_denom)?;
    let delegate = StakingMsg::Delegate {
        validator: validator.clone(),
        amount: coin(amount.u128(), &config.bond_denom),
    };
    let staking = with_checkpoint(deps.storage, &env, vec![delegate.into()], balance - amount)?;
    let mint = WasmMsg::Execute {
        contract_addr: config.lrt.to_string(),
        msg: to_json_binary(&MinterMsg::Mint {
            recipient: info.sender.to_string(),
            amount: minted,
        })?,
        funds: vec![],
    };

    Ok(Response::new()
        .add_messages(staking)
        .add_message(mint)
        .add_attribute("action", "deposit")
        .add_attribute("staker", info.sender)
        .add_attribute("amount", amount)
        .add_attribute("lrt_minted", minted)
        .add_attribute("priced_value", pool.total_value)
        .add_attribute("operator", validator)
        .add_attribute("exchange_rate", books.pool().exchange_rate().to_string())
        .add_attribute("slash_booked", loss))
}
