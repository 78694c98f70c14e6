//! Entry points. Everything but burning and changing the minter is cw20-base's own behaviour.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use palisade_api::lrt::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;

pub use crate::migrations::{CONTRACT_NAME, CONTRACT_VERSION};

/// Palisade's copy of cw20-base's instantiate message, as cw20-base's own type.
pub(crate) fn cw20_base_msg(msg: InstantiateMsg) -> cw20_base::msg::InstantiateMsg {
    cw20_base::msg::InstantiateMsg {
        name: msg.name,
        symbol: msg.symbol,
        decimals: msg.decimals,
        initial_balances: msg.initial_balances,
        mint: msg.mint,
        marketing: msg
            .marketing
            .map(|m| cw20_base::msg::InstantiateMarketingInfo {
                project: m.project,
                description: m.description,
                marketing: m.marketing,
                logo: m.logo,
            }),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    match &msg.mint {
        Some(minter) if minter.cap.is_none() => {}
        _ => return Err(ContractError::MinterRequired),
    }
    if !msg.initial_balances.is_empty() {
        return Err(ContractError::InitialBalancesNotAllowed);
    }
    let hub = deps.api.addr_validate(
        &msg.mint
            .as_ref()
            .map(|m| m.minter.clone())
            .unwrap_or_default(),
    )?;
    let response = cw20_base::contract::instantiate(deps.branch(), env, info, cw20_base_msg(msg))?;
    // cw20-base records its own name; ours lets `migrate` recognise this contract.
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    // The hub's record is marked from the start: its LRT never earns rewards.
    let hub = crate::state::Account::of(deps.api, hub)?;
    let hub_record = crate::state::Holder {
        seq: crate::state::HUB_MARK,
        ..Default::default()
    };
    crate::state::store_holder(deps.storage, &hub.key, &hub_record);
    crate::state::save_indexes(deps.storage, &crate::state::Indexes::default());
    crate::state::DENOMS.save(deps.storage, &vec![])?;
    Ok(response)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    use crate::balances;
    if !matches!(
        msg,
        ExecuteMsg::DistributeRewards {} | ExecuteMsg::ConsumerRewards { .. }
    ) {
        // Bond tokens or anything else sent along would be stuck here.
        cw_utils::nonpayable(&info)?;
    }
    match msg {
        ExecuteMsg::Transfer { recipient, amount } => {
            balances::transfer(deps, info, recipient, amount)
        }
        ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } => balances::send(deps, info, contract, amount, msg),
        ExecuteMsg::TransferFrom {
            owner,
            recipient,
            amount,
        } => balances::transfer_from(deps, env, info, owner, recipient, amount),
        ExecuteMsg::SendFrom {
            owner,
            contract,
            amount,
            msg,
        } => balances::send_from(deps, env, info, owner, contract, amount, msg),
        ExecuteMsg::Mint { recipient, amount } => balances::mint(deps, info, recipient, amount),
        ExecuteMsg::Burn { amount } => balances::burn(deps, env, info, None, amount),
        ExecuteMsg::BurnFrom { owner, amount } => {
            balances::burn(deps, env, info, Some(owner), amount)
        }
        ExecuteMsg::UpdateMinter { .. } => Err(ContractError::MinterChangeNotAllowed),
        ExecuteMsg::AddRewardDenom { denom } => crate::rewards::add_denom(deps, info, denom),
        ExecuteMsg::DistributeRewards {} => crate::rewards::distribute(deps, info),
        ExecuteMsg::ClaimRewards { receiver } => crate::rewards::claim(deps, info, receiver),
        ExecuteMsg::ConsumerRewards {
            chain_id,
            notice_id,
        } => crate::consumer_rewards::consumer_rewards(deps, env, info, chain_id, notice_id),
        ExecuteMsg::SyncCommission {
            chain_id,
            start_after,
            limit,
        } => crate::commission::sync(deps, chain_id, start_after, limit),
        ExecuteMsg::ClaimCommission {
            validator,
            receiver,
        } => crate::consumer_rewards::claim_commission(deps, info, validator, receiver),
        ExecuteMsg::MigrateHolders { limit } => crate::migrations::migrate_holders(deps, limit),
        // cw20-base's own, called one by one so that its balance code is not linked.
        ExecuteMsg::IncreaseAllowance {
            spender,
            amount,
            expires,
        } => Ok(cw20_base::allowances::execute_increase_allowance(
            deps, env, info, spender, amount, expires,
        )?),
        ExecuteMsg::DecreaseAllowance {
            spender,
            amount,
            expires,
        } => Ok(cw20_base::allowances::execute_decrease_allowance(
            deps, env, info, spender, amount, expires,
        )?),
        ExecuteMsg::UpdateMarketing {
            project,
            description,
            marketing,
        } => Ok(cw20_base::contract::execute_update_marketing(
            deps,
            env,
            info,
            project,
            description,
            marketing,
        )?),
        ExecuteMsg::UploadLogo(logo) => Ok(cw20_base::contract::execute_upload_logo(
            deps, env, info, logo,
        )?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    use cw20_base::{allowances, contract as cw20, enumerable};
    match msg {
        QueryMsg::Balance { address } => {
            to_json_binary(&crate::balances::query_balance(deps, address)?)
        }
        QueryMsg::AllAccounts { start_after, limit } => to_json_binary(
            &crate::balances::query_all_accounts(deps, start_after, limit)?,
        ),
        QueryMsg::Rewards { address } => {
            to_json_binary(&crate::rewards::query_claimable(deps, address)?)
        }
        QueryMsg::RewardState {} => to_json_binary(&crate::rewards::query_state(deps)?),
        QueryMsg::Commission { validator } => {
            to_json_binary(&crate::consumer_rewards::query_commission(deps, validator)?)
        }
        QueryMsg::RewardHistory {
            chain_id,
            start_before,
            limit,
        } => to_json_binary(&crate::consumer_rewards::query_history(
            deps,
            chain_id,
            start_before,
            limit,
        )?),
        // cw20-base's own, called one by one so that its balance queries are not linked.
        QueryMsg::TokenInfo {} => to_json_binary(&crate::balances::query_token_info(deps)?),
        QueryMsg::Minter {} => to_json_binary(&cw20::query_minter(deps)?),
        QueryMsg::Allowance { owner, spender } => {
            to_json_binary(&allowances::query_allowance(deps, owner, spender)?)
        }
        QueryMsg::AllAllowances {
            owner,
            start_after,
            limit,
        } => to_json_binary(&enumerable::query_owner_allowances(
            deps,
            owner,
            start_after,
            limit,
        )?),
        QueryMsg::AllSpenderAllowances {
            spender,
            start_after,
            limit,
        } => to_json_binary(&enumerable::query_spender_allowances(
            deps,
            spender,
            start_after,
            limit,
        )?),
        QueryMsg::MarketingInfo {} => to_json_binary(&cw20::query_marketing_info(deps)?),
        QueryMsg::DownloadLogo {} => to_json_binary(&cw20::query_download_logo(deps)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::migrations::migrate(deps)
}
