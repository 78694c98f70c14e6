//! Consumer rewards for LRT holders, with a per-denom reward index.
//!
//! A distribution of `amount` raises the denom's index by `amount × INDEX_SCALE / earning supply`
//! (rounded down), where the earning supply is every LRT but the hub's, and records the indexes
//! as distribution number `seq`. A holder accrues `balance × (index now − index at the
//! distribution it last settled at) / INDEX_SCALE` (rounded down) whenever its balance changes or
//! it claims. Both roundings are down, so the sum of what holders can claim never exceeds what
//! was distributed; the dust stays in the contract.

use cosmwasm_std::{
    coins, Addr, BankMsg, Deps, DepsMut, MessageInfo, Response, StdError, StdResult, Uint128,
    Uint256,
};
use cw20_base::state::TOKEN_INFO;
use palisade_api::client::lrt::{HubOwnership, HubQuery};
use palisade_api::lrt::{
    ClaimableResponse, RewardDenomResponse, RewardStateResponse, INDEX_SCALE, MAX_REWARD_DENOMS,
};

use crate::error::ContractError;
use crate::state::{
    load_indexes, load_settled, may_load_holder, save_history, save_holder, save_indexes, Account,
    Indexes, RewardDenom, SeenMarks, DENOMS,
};

/// Governance, the hub's owner: adds a reward denom.
pub fn add_denom(
    deps: DepsMut,
    info: MessageInfo,
    denom: String,
) -> Result<Response, ContractError> {
    let ownership: HubOwnership = deps
        .querier
        .query_wasm_smart(hub_address(deps.as_ref())?, &HubQuery::Ownership {})?;
    if ownership.owner.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotGovernance {
            sender: info.sender.to_string(),
        });
    }
    if denom.trim().is_empty() || denom.len() > 128 {
        return Err(ContractError::InvalidDenom { denom });
    }
    let mut denoms = DENOMS.load(deps.storage)?;
    if denoms.iter().any(|d| d.denom == denom) {
        return Err(ContractError::DuplicateRewardDenom { denom });
    }
    let mut now = load_indexes(deps.storage)?;
    push_denom(deps.storage, &mut now, &mut denoms, &denom)?;
    Ok(Response::new()
        .add_attribute("action", "add_reward_denom")
        .add_attribute("denom", denom)
        .add_attribute("denoms", denoms.len().to_string()))
}

/// Lists `denom` after the others (at most `MAX_REWARD_DENOMS`).
fn push_denom(
    storage: &mut dyn cosmwasm_std::Storage,
    now: &mut Indexes,
    denoms: &mut Vec<RewardDenom>,
    denom: &str,
) -> Result<(), ContractError> {
    if denoms.len() >= MAX_REWARD_DENOMS {
        return Err(ContractError::TooManyRewardDenoms {
            max: MAX_REWARD_DENOMS,
        });
    }
    denoms.push(RewardDenom {
        denom: denom.to_string(),
        distributed: Uint128::zero(),
        claimed: Uint128::zero(),
    });
    // A new denom starts at index zero: older history entries lack it, which reads as zero.
    now.indexes.push(Uint256::zero());
    DENOMS.save(storage, denoms)?;
    save_indexes(storage, now);
    Ok(())
}

/// Lists `denom` if it is not listed yet; returns its position and whether it listed it. For
/// consumer rewards in a denom the registry's governance admitted for the consumer: a notice is
/// never stranded in the relay because the LRT had not listed it yet.
pub fn ensure_denom(
    storage: &mut dyn cosmwasm_std::Storage,
    denom: &str,
) -> Result<(usize, bool), ContractError> {
    let mut denoms = DENOMS.load(storage)?;
    if let Some(position) = denoms.iter().position(|d| d.denom == denom) {
        return Ok((position, false));
    }
    let position = denoms.len();
    let mut now = load_indexes(storage)?;
    push_denom(storage, &mut now, &mut denoms, denom)?;
    Ok((position, true))
}

/// The hub: the token's minter (checked at instantiation, never changeable).
pub fn hub_address(deps: Deps) -> StdResult<Addr> {
    let minter = TOKEN_INFO.load(deps.storage)?.mint.map(|m| m.minter);
    minter.ok_or_else(|| StdError::generic_err("the LRT has no minter"))
}

/// LRT that earns rewards: the supply less the hub's balance.
pub fn earning_supply(deps: Deps, now: &Indexes) -> StdResult<Uint128> {
    let hub = Account::of(deps.api, hub_address(deps)?)?;
    let held = may_load_holder(deps.storage, &hub.key)?
        .unwrap_or_default()
        .balance;
    Ok(now.supply.saturating_sub(held))
}

/// Anyone: the coins sent become claimable by the holders, pro rata to their balances now.
pub fn distribute(mut deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    if info.funds.is_empty() {
        return Err(ContractError::NoRewardsSent);
    }
    let mut response = Response::new().add_attribute("action", "distribute_rewards");
    for coin in &info.funds {
        let (index, _) = add_to_index(deps.branch(), &coin.denom, coin.amount)?;
        response = response
            .add_attribute("denom", &coin.denom)
            .add_attribute("amount", coin.amount)
            .add_attribute("index", index.to_string());
    }
    let now = load_indexes(deps.storage)?;
    Ok(response
        .add_attribute("earning_supply", earning_supply(deps.as_ref(), &now)?)
        .add_attribute("distribution", now.seq.to_string()))
}

/// Distributes `amount` of `denom` (already in the contract's balance) to the holders: raises the
/// denom's index and records the indexes as a new distribution. Returns the new index and the
/// earning supply it was shared among.
pub fn add_to_index(
    deps: DepsMut,
    denom: &str,
    amount: Uint128,
) -> Result<(Uint256, Uint128), ContractError> {
    let mut now = load_indexes(deps.storage)?;
    let mut denoms = DENOMS.load(deps.storage)?;
    let position = denoms
        .iter()
        .position(|d| d.denom == denom)
        .ok_or_else(|| ContractError::UnknownRewardDenom {
            denom: denom.to_string(),
        })?;
    let earning = earning_supply(deps.as_ref(), &now)?;
    if amount.is_zero() {
        return Ok((now.indexes[position], earning));
    }
    if earning.is_zero() {
        return Err(ContractError::NoEarningSupply);
    }
    // Rounded down: the holders' shares never add up to more than the amount.
    let gain =
        Uint256::from(amount).checked_mul(Uint256::from(INDEX_SCALE))? / Uint256::from(earning);
    if gain.is_zero() {
        return Err(ContractError::RewardTooSmall {
            denom: denom.to_string(),
            amount,
            earning_supply: earning,
        });
    }
    let index = &mut now.indexes[position];
    *index = index.checked_add(gain)?;
    let index = *index;
    denoms[position].distributed = denoms[position].distributed.checked_add(amount)?;
    now.seq += 1;
    save_history(deps.storage, now.seq, &now.indexes);
    save_indexes(deps.storage, &now);
    DENOMS.save(deps.storage, &denoms)?;
    Ok((index, earning))
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
    let now = load_indexes(deps.storage)?;
    let mut denoms = DENOMS.load(deps.storage)?;
    let owner = Account::of(deps.api, info.sender.clone())?;
    let mut holder = load_settled(deps.storage, &now, &owner, &mut SeenMarks::default())?;
    if holder.pending.iter().all(|p| p.is_zero()) {
        return Err(ContractError::NothingToClaim);
    }
    let mut response = Response::new()
        .add_attribute("action", "claim_rewards")
        .add_attribute("owner", &info.sender)
        .add_attribute("receiver", &receiver);
    for (pending, denom) in holder.pending.iter().zip(denoms.iter_mut()) {
        if pending.is_zero() {
            continue;
        }
        denom.claimed = denom.claimed.checked_add(*pending)?;
        response = response
            .add_attribute("denom", &denom.denom)
            .add_attribute("amount", *pending)
            .add_message(BankMsg::Send {
                to_address: receiver.to_string(),
                amount: coins(pending.u128(), &denom.denom),
            });
    }
    holder.pending.clear();
    save_holder(deps.storage, &now, &owner, &holder);
    DENOMS.save(deps.storage, &denoms)?;
    Ok(response)
}

pub fn query_claimable(deps: Deps, address: String) -> StdResult<Vec<ClaimableResponse>> {
    let account = Account::validate(deps.api, &address)?;
    let now = load_indexes(deps.storage)?;
    let holder = load_settled(deps.storage, &now, &account, &mut SeenMarks::default())?;
    let denoms = DENOMS.load(deps.storage)?;
    Ok(denoms
        .into_iter()
        .enumerate()
        .map(|(i, d)| ClaimableResponse {
            denom: d.denom,
            amount: holder.pending.get(i).copied().unwrap_or_default(),
        })
        .collect())
}

pub fn query_state(deps: Deps) -> StdResult<RewardStateResponse> {
    let now = load_indexes(deps.storage)?;
    let denoms = DENOMS.load(deps.storage)?;
    Ok(RewardStateResponse {
        earning_supply: earning_supply(deps, &now)?,
        denoms: denoms
            .into_iter()
            .zip(&now.indexes)
            .map(|(d, index)| RewardDenomResponse {
                denom: d.denom,
                index: *index,
                distributed: d.distributed,
                claimed: d.claimed,
            })
            .collect(),
        distributions: now.seq,
        hub: hub_address(deps)?,
    })
}
