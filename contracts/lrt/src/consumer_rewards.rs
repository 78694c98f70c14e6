//! A consumer's rewards, forwarded by the registry (relay → registry → LRT): the protocol fee,
//! the operators' commission and the holders' part.
//!
//! Of `amount`, the fee is `amount × fee_bps / 10,000` (the hub's fee, rounded down) and goes to
//! the hub's fee recipient. The rest, `net`, is shared among the consumer's operators pro rata to
//! the power last sent to the consumer for each (jailed, tombstoned and removed operators have
//! none there), each taking its commission rate of its share; that part accrues lazily
//! (`crate::commission`), claimable by the operator's account. Everything else is distributed to
//! the holders.

use cosmwasm_std::{
    coins, Addr, BankMsg, Coin, Deps, DepsMut, Env, MessageInfo, Order, Response, StdResult,
    Uint128,
};
use cw_storage_plus::{Bound, Map};
use palisade_api::client::lrt::{Consumer, HubConfig, Query};
use palisade_api::lrt::RewardRecordResponse;
use palisade_api::math::BPS_DENOMINATOR;
use palisade_api::registry::ConsumerStatus;

use crate::commission::{add_notice, load_pool, save_pool, unaccrued};
use crate::error::ContractError;
use crate::rewards::add_to_index;
use crate::state::{load_commission, save_commission, DENOMS};

/// Commission claimable by (validator, denom), as release 0.1.0 recorded it. Read where it is
/// (added to the operator's record of this release, `crate::state::load_commission`) and
/// removed by the operator's next claim; never written since.
pub const LEGACY_COMMISSION: Map<(&str, &str), Uint128> = Map::new("commission");
/// How each reward notice was split, by (chain id, notice id).
pub const REWARD_HISTORY: Map<(&str, u64), RewardRecordResponse> = Map::new("reward_history");

// The queries and the answers' fields are `palisade_api::client::lrt`'s slim types (decoding the
// full answers would cost tens of kilobytes of wasm; that module checks them against the full
// types). The end-to-end reward tests run against the real hub and registry.

pub(crate) fn hub_config(deps: Deps, hub: &Addr) -> StdResult<HubConfig> {
    deps.querier.query_wasm_smart(hub, &Query::Config {})
}

pub fn consumer_rewards(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    notice_id: u64,
) -> Result<Response, ContractError> {
    let hub_addr = crate::rewards::hub_address(deps.as_ref())?;
    let hub = hub_config(deps.as_ref(), &hub_addr)?;
    let registry = hub.registry.ok_or(ContractError::NoRegistry)?;
    if info.sender != registry {
        return Err(ContractError::NotRegistry {
            sender: info.sender.to_string(),
        });
    }
    let Coin { denom, amount } = cw_utils::one_coin(&info)?;
    let consumer: Consumer = deps.querier.query_wasm_smart(
        &registry,
        &Query::Consumer {
            chain_id: &chain_id,
        },
    )?;
    // Rewards pay for security already given: a consumer paused or removed since still pays its
    // holders, or the tokens would stay in the relay for good. Only a consumer never admitted
    // (which cannot have a channel) is refused.
    if consumer.status == ConsumerStatus::Proposed {
        return Err(ContractError::ConsumerNotAdmitted { chain_id });
    }
    if !consumer.params.reward_denoms.contains(&denom) {
        return Err(ContractError::NotARewardDenom { chain_id, denom });
    }
    if REWARD_HISTORY.has(deps.storage, (&chain_id, notice_id)) {
        return Err(ContractError::DuplicateNotice {
            chain_id,
            notice_id,
        });
    }
    // Rounded down: the fee never takes more than its rate.
    let fee = amount.multiply_ratio(hub.params.fee_bps, BPS_DENOMINATOR);
    let net = amount - fee;

    // The registry's governance admitted the denom for this consumer: listed here on its first
    // notice if it was not yet (`add_reward_denom` ahead of time is not needed).
    let (position, listed) = crate::rewards::ensure_denom(deps.storage, &denom)?;
    // The operators' part accrues lazily (`crate::commission`): one record, whatever their number.
    let mut pool = load_pool(deps.storage, &chain_id)?;
    let commission = add_notice(&mut pool, position, net)?;
    let total_power = pool.power;
    if !commission.is_zero() {
        save_pool(deps.storage, &chain_id, &pool);
    }
    let to_holders = net - commission;
    let (index, earning_supply) = add_to_index(deps.branch(), &denom, to_holders)?;
    REWARD_HISTORY.save(
        deps.storage,
        (&chain_id, notice_id),
        &RewardRecordResponse {
            chain_id: chain_id.clone(),
            notice_id,
            denom: denom.clone(),
            amount,
            fee,
            commission,
            to_holders,
            earning_supply,
            total_power,
            time: env.block.time,
        },
    )?;

    let mut response = Response::new()
        .add_attribute("action", "consumer_rewards")
        .add_attribute("chain_id", chain_id)
        .add_attribute("notice_id", notice_id.to_string())
        .add_attribute("denom", &denom)
        .add_attribute("amount", amount)
        .add_attribute("fee", fee)
        .add_attribute("commission", commission)
        .add_attribute("to_holders", to_holders)
        .add_attribute("index", index.to_string());
    if listed {
        response = response.add_attribute("listed_denom", &denom);
    }
    if !fee.is_zero() {
        response = response.add_message(BankMsg::Send {
            to_address: hub.params.fee_recipient,
            amount: coins(fee.u128(), &denom),
        });
    }
    Ok(response)
}

/// The operator's account (the account with the validator's address bytes, which the registry
/// requires at registration): pays out its commission in every denom. Checked without the
/// registry, so an operator that has left it still claims.
pub fn claim_commission(
    deps: DepsMut,
    info: MessageInfo,
    validator: String,
    receiver: Option<String>,
) -> Result<Response, ContractError> {
    if !palisade_api::account::is_operator_account(info.sender.as_str(), &validator) {
        return Err(ContractError::NotOperatorAccount {
            sender: info.sender.to_string(),
            validator,
        });
    }
    let receiver = match receiver {
        Some(r) => deps.api.addr_validate(&r)?,
        None => info.sender.clone(),
    };
    crate::commission::settle(deps.storage, &validator)?;
    let (owed, legacy_denoms) = owed_commission(deps.as_ref(), &validator)?;
    if owed.is_empty() {
        return Err(ContractError::NothingToClaim);
    }
    save_commission(deps.storage, &validator, &[]);
    // Only the 0.1.0 records found: wasmd charges a delete even where there is no record.
    for denom in legacy_denoms {
        LEGACY_COMMISSION.remove(deps.storage, (&validator, &denom));
    }
    let paid = owed
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",");
    Ok(Response::new()
        .add_message(BankMsg::Send {
            to_address: receiver.to_string(),
            amount: owed,
        })
        .add_attribute("action", "claim_commission")
        .add_attribute("validator", validator)
        .add_attribute("receiver", receiver)
        .add_attribute("amount", paid))
}

/// What `validator` may claim, one coin per denom in denom order (as x/bank wants them): its
/// record's amounts and what 0.1.0 recorded for it.
pub fn query_commission(deps: Deps, validator: String) -> StdResult<Vec<Coin>> {
    Ok(owed_commission(deps, &validator)?.0)
}

/// [`query_commission`]'s coins, and the denoms of the 0.1.0 records they include.
fn owed_commission(deps: Deps, validator: &str) -> StdResult<(Vec<Coin>, Vec<String>)> {
    let mut owed = Vec::new();
    let denoms = DENOMS.load(deps.storage)?;
    for (denom, amount) in denoms.iter().zip(load_commission(deps.storage, validator)?) {
        add_in_order(&mut owed, &denom.denom, amount)?;
    }
    // What the checkpoints earned since they last accrued (a claim accrues it first).
    for (denom, amount) in denoms.iter().zip(unaccrued(deps.storage, validator)?) {
        add_in_order(&mut owed, &denom.denom, amount)?;
    }
    let mut legacy_denoms = Vec::new();
    for item in
        LEGACY_COMMISSION
            .prefix(validator)
            .range(deps.storage, None, None, Order::Ascending)
    {
        let (denom, amount) = item?;
        add_in_order(&mut owed, &denom, amount)?;
        legacy_denoms.push(denom);
    }
    Ok((owed, legacy_denoms))
}

/// Adds `amount` of `denom` to coins kept in denom order, one per denom; zero adds nothing.
fn add_in_order(coins: &mut Vec<Coin>, denom: &str, amount: Uint128) -> StdResult<()> {
    if amount.is_zero() {
        return Ok(());
    }
    match coins.binary_search_by(|c| c.denom.as_str().cmp(denom)) {
        Ok(at) => {
            if let Some(coin) = coins.get_mut(at) {
                coin.amount = coin.amount.checked_add(amount)?;
            }
        }
        Err(at) => coins.insert(at, Coin::new(amount, denom)),
    }
    Ok(())
}

pub fn query_history(
    deps: Deps,
    chain_id: String,
    start_before: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<RewardRecordResponse>> {
    REWARD_HISTORY
        .prefix(&chain_id)
        .range(
            deps.storage,
            None,
            start_before.map(Bound::exclusive),
            Order::Descending,
        )
        .take(palisade_api::pagination::clamp_limit(limit))
        .map(|item| item.map(|(_, record)| record))
        .collect()
}
