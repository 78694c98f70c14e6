//! Consumer rewards, from the relay: the protocol fee, the operators' commission, the holders'
//! part.
//!
//! Of `amount`, the fee is `amount × fee_bps / 10,000` (the hub's fee, rounded down) and goes to
//! the hub's fee recipient. The rest, `net`, is shared among the consumer's operators pro rata to
//! their restaked power now (stake × allocation in force; jailed and tombstoned operators have
//! none): operator `i`'s share is `net × power_i / total` and its commission
//! `share × commission_bps_i / 10,000`, both rounded down, claimable by its account. Everything
//! else, rounding dust included, goes to the LRT's holders (`distribute_rewards`).

use cosmwasm_std::{
    coins, Addr, BankMsg, Coin, Deps, DepsMut, Env, MessageInfo, Order, Response, StdResult,
    Uint128, WasmMsg,
};
use cw_storage_plus::{Bound, Map};
use palisade_api::registry::{OperatorStatus, RewardRecordResponse};

use crate::error::ContractError;
use crate::state::{clamp_limit, CONFIG, CONSUMER_OPERATORS, OPERATOR_OF_ACCOUNT, OPT_INS};

/// Commission claimable by (validator, denom).
pub const COMMISSION: Map<(&str, &str), Uint128> = Map::new("commission");
/// How each reward notice was split, by (chain id, notice id).
pub const REWARD_HISTORY: Map<(&str, u64), RewardRecordResponse> = Map::new("reward_history");

/// The LRT's `distribute_rewards`, spelled as `palisade_api::lrt::ExecuteMsg` spells it.
#[derive(serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum LrtExecute {
    DistributeRewards {},
}

/// Relay only: splits a consumer's rewards.
pub fn consumer_rewards(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    chain_id: String,
    notice_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if config.relay.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotRelay);
    }
    let consumer = crate::consumers::load(deps.as_ref(), &chain_id)?;
    if consumer.status != palisade_api::registry::ConsumerStatus::Active {
        return Err(ContractError::ConsumerNotActive { chain_id });
    }
    let Coin { denom, amount } = cw_utils::one_coin(&info)?;
    if !consumer.params.reward_denoms.contains(&denom) {
        return Err(ContractError::NotARewardDenom { chain_id, denom });
    }
    if REWARD_HISTORY.has(deps.storage, (&chain_id, notice_id)) {
        return Err(ContractError::DuplicateNotice {
            chain_id,
            notice_id,
        });
    }
    let hub: palisade_api::hub::ConfigResponse = deps
        .querier
        .query_wasm_smart(&config.hub, &palisade_api::hub::QueryMsg::Config {})?;
    // Rounded down: the fee never takes more than its rate.
    let fee = amount.multiply_ratio(hub.params.fee_bps, 10_000u128);
    let net = amount - fee;

    let shares = operator_powers(deps.as_ref(), &env, &config.hub, &chain_id)?;
    let total_power: Uint128 = shares.iter().map(|(_, power, _)| *power).sum();
    let mut commission = Uint128::zero();
    if !total_power.is_zero() {
        for (validator, power, bps) in &shares {
            // Both rounded down: the operators never take more than their rate of their share.
            let share = net.multiply_ratio(*power, total_power);
            let cut = share.multiply_ratio(*bps, 10_000u128);
            if cut.is_zero() {
                continue;
            }
            COMMISSION.update(deps.storage, (validator, &denom), |c| -> StdResult<_> {
                Ok(c.unwrap_or_default().checked_add(cut)?)
            })?;
            commission += cut;
        }
    }
    let to_holders = net - commission;
    let record = RewardRecordResponse {
        chain_id: chain_id.clone(),
        notice_id,
        denom: denom.clone(),
        amount,
        fee,
        commission,
        to_holders,
        total_power,
        time: env.block.time,
    };
    REWARD_HISTORY.save(deps.storage, (&chain_id, notice_id), &record)?;

    let mut response = Response::new()
        .add_attribute("action", "consumer_rewards")
        .add_attribute("chain_id", chain_id)
        .add_attribute("notice_id", notice_id.to_string())
        .add_attribute("denom", &denom)
        .add_attribute("amount", amount)
        .add_attribute("fee", fee)
        .add_attribute("commission", commission)
        .add_attribute("to_holders", to_holders);
    if !fee.is_zero() {
        response = response.add_message(BankMsg::Send {
            to_address: hub.params.fee_recipient,
            amount: coins(fee.u128(), &denom),
        });
    }
    if !to_holders.is_zero() {
        response = response.add_message(WasmMsg::Execute {
            contract_addr: hub.lrt.into_string(),
            msg: cosmwasm_std::to_json_binary(&LrtExecute::DistributeRewards {})?,
            funds: coins(to_holders.u128(), &denom),
        });
    }
    Ok(response)
}

/// Each of the consumer's operators with its restaked power now and its commission rate. Bounded
/// by the consumer's opt-in records (`max_operators`, at most 100, plus tombstones).
fn operator_powers(
    deps: Deps,
    env: &Env,
    hub: &Addr,
    chain_id: &str,
) -> StdResult<Vec<(String, Uint128, u16)>> {
    let stakes = crate::query::hub_stakes(deps, hub)?;
    let validators: Vec<String> = CONSUMER_OPERATORS
        .prefix(chain_id)
        .keys(deps.storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()?;
    let mut out = Vec::with_capacity(validators.len());
    for validator in validators {
        let opt_in = OPT_INS.load(deps.storage, (&validator, chain_id))?;
        let earning = match opt_in.status {
            OperatorStatus::Active => true,
            OperatorStatus::Jailed { until } => until <= env.block.time,
            OperatorStatus::Tombstoned => false,
        };
        if !earning {
            continue;
        }
        let stake = stakes
            .iter()
            .find(|(v, _)| *v == validator)
            .map_or(Uint128::zero(), |(_, bonded)| *bonded);
        let power = stake.mul_floor(opt_in.allocation_at(env.block.time));
        if !power.is_zero() {
            out.push((validator, power, opt_in.commission_bps));
        }
    }
    Ok(out)
}

/// The operator's account: pays out its commission in every denom.
pub fn claim_commission(
    deps: DepsMut,
    info: MessageInfo,
    receiver: Option<String>,
) -> Result<Response, ContractError> {
    let validator = OPERATOR_OF_ACCOUNT
        .may_load(deps.storage, &info.sender)?
        .ok_or_else(|| ContractError::NotAnOperator {
            sender: info.sender.to_string(),
        })?;
    let receiver = match receiver {
        Some(r) => deps.api.addr_validate(&r)?,
        None => info.sender.clone(),
    };
    let owed: Vec<(String, Uint128)> = COMMISSION
        .prefix(&validator)
        .range(deps.storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()?;
    if owed.is_empty() {
        return Err(ContractError::NothingToClaim);
    }
    let mut amount = Vec::with_capacity(owed.len());
    for (denom, owed) in owed {
        COMMISSION.remove(deps.storage, (&validator, &denom));
        amount.push(Coin::new(owed, denom));
    }
    let paid = amount
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",");
    Ok(Response::new()
        .add_message(BankMsg::Send {
            to_address: receiver.to_string(),
            amount,
        })
        .add_attribute("action", "claim_commission")
        .add_attribute("validator", validator)
        .add_attribute("receiver", receiver)
        .add_attribute("amount", paid))
}

pub fn query_commission(deps: Deps, validator: String) -> StdResult<Vec<Coin>> {
    COMMISSION
        .prefix(&validator)
        .range(deps.storage, None, None, Order::Ascending)
        .map(|item| item.map(|(denom, amount)| Coin::new(amount, denom)))
        .collect()
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
        .take(clamp_limit(limit))
        .map(|item| item.map(|(_, record)| record))
        .collect()
}
