//! Deposits: bond tokens in, LRT out at the exchange rate, delegated at once.

use cosmwasm_std::{
    coin, to_json_binary, Addr, Binary, DepsMut, Env, MessageInfo, QuerierWrapper, QueryRequest,
    Response, StakingMsg, StdResult, Uint128, WasmMsg, WasmQuery,
};
use palisade_api::hub::PausableOperation;
use palisade_api::lrt::MinterMsg;

use crate::answer::Answer;
use crate::balance::{bond_balance, with_checkpoint};
use crate::error::ContractError;
use crate::pause::ensure_not_paused;
use crate::settle::{load_operators, sync_delegations};
use crate::state::{BOOKS, CONFIG, OPERATORS};
use crate::strategy::deposit_target;

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

    let mut pool = books.pool();
    let exposure = pending_exposure(&deps.querier, config.registry.as_ref())?;
    pool.total_value = pool
        .total_value
        .checked_sub(exposure)
        .ok()
        .filter(|left| !left.is_zero() || pool.lrt_supply.is_zero())
        .ok_or(ContractError::PoolAtRisk)?;
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
    crate::state::save_operator(deps.storage, env.block.height, &validator, &operator)?;
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
        .add_attribute("operator", validator)
        .add_attribute("exchange_rate", books.pool().exchange_rate().to_string())
        .add_attribute("slash_booked", loss))
}

/// What reported slashes may still take (the relay's `exposure`; the registry names the relay).
/// A deposit is priced net of it, so a newcomer never pays for an infraction reported before it
/// arrived (docs/SLASHING.md, "Newcomers"). Without a registry or a relay nothing is pending.
fn pending_exposure(querier: &QuerierWrapper, registry: Option<&Addr>) -> StdResult<Uint128> {
    let mut total = Uint128::zero();
    if let Some(registry) = registry {
        if let Some(relay) = smart(querier, registry, br#"{"config":{}}"#)?.relay {
            total = smart(querier, &relay, br#"{"exposure":{}}"#)?.total;
        }
    }
    Ok(total)
}

/// A smart query whose message is fixed JSON (no serializer in the wasm).
fn smart(querier: &QuerierWrapper, contract: &Addr, msg: &[u8]) -> StdResult<Answer> {
    querier.query(&QueryRequest::Wasm(WasmQuery::Smart {
        contract_addr: contract.to_string(),
        msg: Binary::from(msg),
    }))
}
