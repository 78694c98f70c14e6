//! Consumer rewards for LRT holders, with a per-denom reward index.
//!
//! A distribution of `amount` raises the denom's index by `amount × INDEX_SCALE / earning supply`
//! (rounded down), where the earning supply is every LRT but the hub's. A holder accrues
//! `balance × (index − its mark) / INDEX_SCALE` (rounded down) whenever its balance changes or it
//! claims, and its mark moves to the index. Both roundings are down, so the sum of what holders
//! can claim never exceeds what was distributed; the dust stays in the contract.

use cosmwasm_std::{
    coins, Addr, BankMsg, Deps, DepsMut, MessageInfo, Response, StdResult, Uint128, Uint256,
};
use cw20_base::state::TOKEN_INFO;
use palisade_api::lrt::{
    ClaimableResponse, RewardDenomResponse, RewardStateResponse, INDEX_SCALE, MAX_REWARD_DENOMS,
};

use crate::error::ContractError;
use crate::state::{load_settled, RewardDenom, RewardState, HOLDERS, REWARDS};

/// The hub's cw-ownable `ownership` query.
#[derive(serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum HubQuery {
    Ownership {},
}

/// The one field of the hub's cw-ownable `ownership` answer the LRT reads.
#[derive(serde::Deserialize)]
struct HubOwnership {
    owner: Option<Addr>,
}

/// Governance, the hub's owner: adds a reward denom.
pub fn add_denom(
    deps: DepsMut,
    info: MessageInfo,
    denom: String,
) -> Result<Response, ContractError> {
    let mut state = REWARDS.load(deps.storage)?;
    let ownership: HubOwnership = deps
        .querier
        .query_wasm_smart(&state.hub, &HubQuery::Ownership {})?;
    if ownership.owner.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotGovernance {
            sender: info.sender.to_string(),
        });
    }
    if denom.trim().is_empty() || denom.len() > 128 {
        return Err(ContractError::InvalidDenom { denom });
    }
    if state.denoms.iter().any(|d| d.denom == denom) {
        return Err(ContractError::DuplicateRewardDenom { denom });
    }
    if state.denoms.len() >= MAX_REWARD_DENOMS {
        return Err(ContractError::TooManyRewardDenoms {
            max: MAX_REWARD_DENOMS,
        });
    }
    state.denoms.push(RewardDenom {
        denom: denom.clone(),
        index: Uint256::zero(),
        distributed: Uint128::zero(),
        claimed: Uint128::zero(),
    });
    REWARDS.save(deps.storage, &state)?;
    Ok(Response::new()
        .add_attribute("action", "add_reward_denom")
        .add_attribute("denom", denom)
        .add_attribute("denoms", state.denoms.len().to_string()))
}

/// LRT that earns rewards: the supply less the hub's balance.
pub fn earning_supply(deps: Deps, state: &RewardState) -> StdResult<Uint128> {
    let supply = TOKEN_INFO.load(deps.storage)?.total_supply;
    let hub = HOLDERS
        .may_load(deps.storage, &state.hub)?
        .unwrap_or_default()
        .balance;
    Ok(supply.saturating_sub(hub))
}

/// Anyone: the coins sent become claimable by the holders, pro rata to their balances now.
pub fn distribute(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    if info.funds.is_empty() {
        return Err(ContractError::NoRewardsSent);
    }
    let mut state = REWARDS.load(deps.storage)?;
    let earning = earning_supply(deps.as_ref(), &state)?;
    if earning.is_zero() {
        return Err(ContractError::NoEarningSupply);
    }
    let mut response = Response::new()
        .add_attribute("action", "distribute_rewards")
        .add_attribute("earning_supply", earning);
    for coin in &info.funds {
        let denom = state
            .denoms
            .iter_mut()
            .find(|d| d.denom == coin.denom)
            .ok_or_else(|| ContractError::UnknownRewardDenom {
                denom: coin.denom.clone(),
            })?;
        // Rounded down: the holders' shares never add up to more than the amount.
        let gain = Uint256::from(coin.amount).checked_mul(Uint256::from(INDEX_SCALE))?
            / Uint256::from(earning);
        if gain.is_zero() {
            return Err(ContractError::RewardTooSmall {
                denom: coin.denom.clone(),
                amount: coin.amount,
                earning_supply: earning,
            });
        }
        denom.index = denom.index.checked_add(gain)?;
        denom.distributed = denom.distributed.checked_add(coin.amount)?;
        response = response
            .add_attribute("denom", &coin.denom)
            .add_attribute("amount", coin.amount)
            .add_attribute("index", denom.index.to_string());
    }
    REWARDS.save(deps.storage, &state)?;
    Ok(response)
}

/// Pays the sender everything it accrued, in every denom.
pub fn claim(
    deps: DepsMut,
    info: MessageInfo,
    receiver: Option<String>,
) -> Result<Response, ContractError> {
    let receiver = match receiver {
        Some(r) => deps.api.addr_validate(&r)?,
        None => info.sender.clone(),
    };
    let mut state = REWARDS.load(deps.storage)?;
    let mut holder = load_settled(deps.storage, &state, &info.sender)?;
    let mut response = Response::new()
        .add_attribute("action", "claim_rewards")
        .add_attribute("owner", &info.sender)
        .add_attribute("receiver", &receiver);
    let mut paid_any = false;
    for ((_, pending), denom) in holder.rewards.iter_mut().zip(state.denoms.iter_mut()) {
        if pending.is_zero() {
            continue;
        }
        paid_any = true;
        denom.claimed = denom.claimed.checked_add(*pending)?;
        response = response
            .add_attribute("denom", &denom.denom)
            .add_attribute("amount", *pending)
            .add_message(BankMsg::Send {
                to_address: receiver.to_string(),
                amount: coins(pending.u128(), &denom.denom),
            });
        *pending = Uint128::zero();
    }
    if !paid_any {
        return Err(ContractError::NothingToClaim);
    }
    HOLDERS.save(deps.storage, &info.sender, &holder)?;
    REWARDS.save(deps.storage, &state)?;
    Ok(response)
}

pub fn query_claimable(deps: Deps, address: String) -> StdResult<Vec<ClaimableResponse>> {
    let addr = deps.api.addr_validate(&address)?;
    let state = REWARDS.load(deps.storage)?;
    let holder = load_settled(deps.storage, &state, &addr)?;
    Ok(holder
        .rewards
        .iter()
        .zip(&state.denoms)
        .map(|((_, pending), denom)| ClaimableResponse {
            denom: denom.denom.clone(),
            amount: *pending,
        })
        .collect())
}

pub fn query_state(deps: Deps) -> StdResult<RewardStateResponse> {
    let state = REWARDS.load(deps.storage)?;
    Ok(RewardStateResponse {
        earning_supply: earning_supply(deps, &state)?,
        denoms: state
            .denoms
            .iter()
            .map(|d| RewardDenomResponse {
                denom: d.denom.clone(),
                index: d.index,
                distributed: d.distributed,
                claimed: d.claimed,
            })
            .collect(),
        hub: state.hub,
    })
}

pub fn query_balance(deps: Deps, address: String) -> StdResult<cw20::BalanceResponse> {
    let addr = deps.api.addr_validate(&address)?;
    let balance = HOLDERS
        .may_load(deps.storage, &addr)?
        .unwrap_or_default()
        .balance;
    Ok(cw20::BalanceResponse { balance })
}
