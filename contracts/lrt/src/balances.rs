//! cw20's balance-changing messages, as cw20-base implements them, with each party's rewards
//! settled at the current indexes before its balance changes (so nobody earns on tokens it did not
//! hold, and no transaction loops over holders), and the balance queries. Allowances are
//! cw20-base's own. Like cw20-base 2.0, zero amounts are accepted (cw20 clients rely on it).

use cosmwasm_std::{
    Addr, Binary, CanonicalAddr, Deps, DepsMut, Env, MessageInfo, Response, StdError, StdResult,
    Storage, Uint128,
};
use cw20::{AllAccountsResponse, BalanceResponse, Cw20ReceiveMsg, TokenInfoResponse};
use cw20_base::allowances::deduct_allowance;

use crate::error::ContractError;
use crate::state::{
    holder_keys, load_holder, load_indexes, load_settled, may_load_holder, save_holder,
    save_indexes, Account, Holder, Indexes, SeenMarks,
};

fn debit(
    storage: &mut dyn Storage,
    now: &Indexes,
    owner: &Account,
    amount: Uint128,
    seen: &mut SeenMarks,
) -> Result<(), ContractError> {
    let mut holder = load_settled(storage, now, owner, seen)?;
    holder.balance = holder
        .balance
        .checked_sub(amount)
        .map_err(StdError::overflow)?;
    save_holder(storage, now, owner, &holder);
    Ok(())
}

fn credit(
    storage: &mut dyn Storage,
    now: &Indexes,
    owner: &Account,
    amount: Uint128,
    seen: &mut SeenMarks,
) -> StdResult<()> {
    let mut holder = load_settled(storage, now, owner, seen)?;
    holder.balance = holder.balance.checked_add(amount)?;
    save_holder(storage, now, owner, &holder);
    Ok(())
}

/// Moves `amount` from `from` to `to`, settling both.
fn move_tokens(
    storage: &mut dyn Storage,
    from: &Account,
    to: &Account,
    amount: Uint128,
) -> Result<(), ContractError> {
    let now = load_indexes(storage)?;
    let mut seen = SeenMarks::default();
    debit(storage, &now, from, amount, &mut seen)?;
    credit(storage, &now, to, amount, &mut seen)?;
    Ok(())
}

/// Whether `sender` is the hub, the token's minter: only the hub's record carries the mark, set
/// at instantiation (or by the upgrade) for the minter, which never changes. Reading the record
/// costs less than reading cw20-base's token info, and a burn reads it anyway.
fn hub_record(storage: &dyn Storage, sender: &Account) -> StdResult<Option<Holder>> {
    Ok(may_load_holder(storage, &sender.key)?.filter(Holder::is_hub))
}

pub fn transfer(
    deps: DepsMut,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let from = Account::of(deps.api, info.sender.clone())?;
    let to = Account::validate(deps.api, &recipient)?;
    move_tokens(deps.storage, &from, &to, amount)?;
    Ok(Response::new()
        .add_attribute("action", "transfer")
        .add_attribute("from", info.sender)
        .add_attribute("to", recipient)
        .add_attribute("amount", amount))
}

pub fn send(
    deps: DepsMut,
    info: MessageInfo,
    contract: String,
    amount: Uint128,
    msg: Binary,
) -> Result<Response, ContractError> {
    let from = Account::of(deps.api, info.sender.clone())?;
    let to = Account::validate(deps.api, &contract)?;
    move_tokens(deps.storage, &from, &to, amount)?;
    let hook = Cw20ReceiveMsg {
        sender: info.sender.to_string(),
        amount,
        msg,
    }
    .into_cosmos_msg(&contract)?;
    Ok(Response::new()
        .add_message(hook)
        .add_attribute("action", "send")
        .add_attribute("from", info.sender)
        .add_attribute("to", contract)
        .add_attribute("amount", amount))
}

pub fn transfer_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let from = Account::validate(deps.api, &owner)?;
    let to = Account::validate(deps.api, &recipient)?;
    deduct_allowance(deps.storage, &from.addr, &info.sender, &env.block, amount)?;
    move_tokens(deps.storage, &from, &to, amount)?;
    Ok(Response::new()
        .add_attribute("action", "transfer_from")
        .add_attribute("from", owner)
        .add_attribute("to", recipient)
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount))
}

pub fn send_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    contract: String,
    amount: Uint128,
    msg: Binary,
) -> Result<Response, ContractError> {
    let from = Account::validate(deps.api, &owner)?;
    let to = Account::validate(deps.api, &contract)?;
    deduct_allowance(deps.storage, &from.addr, &info.sender, &env.block, amount)?;
    move_tokens(deps.storage, &from, &to, amount)?;
    let hook = Cw20ReceiveMsg {
        sender: info.sender.to_string(),
        amount,
        msg,
    }
    .into_cosmos_msg(&contract)?;
    Ok(Response::new()
        .add_message(hook)
        .add_attribute("action", "send_from")
        .add_attribute("from", owner)
        .add_attribute("to", contract)
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount))
}

/// The hub only: mints `amount` to `recipient`.
pub fn mint(
    deps: DepsMut,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let hub = Account::of(deps.api, info.sender)?;
    if hub_record(deps.storage, &hub)?.is_none() {
        return Err(cw20_base::ContractError::Unauthorized {}.into());
    }
    let to = Account::validate(deps.api, &recipient)?;
    let mut now = load_indexes(deps.storage)?;
    credit(deps.storage, &now, &to, amount, &mut SeenMarks::default())?;
    now.supply = now.supply.checked_add(amount)?;
    save_indexes(deps.storage, &now);
    Ok(Response::new()
        .add_attribute("action", "mint")
        .add_attribute("to", recipient)
        .add_attribute("amount", amount))
}

/// The hub only: burns its own LRT (handed in for unbonding), or with `owner`, `owner`'s LRT
/// under an allowance (`burn_from`).
pub fn burn(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: Option<String>,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let hub = Account::of(deps.api, info.sender)?;
    let Some(mut hub_holder) = hub_record(deps.storage, &hub)? else {
        return Err(ContractError::BurnNotAllowed {
            hub: crate::rewards::hub_address(deps.as_ref())?.into_string(),
        });
    };
    let mut now = load_indexes(deps.storage)?;
    let by = owner.is_some().then(|| hub.addr.clone());
    let owner = match owner {
        Some(owner) => {
            let owner = Account::validate(deps.api, &owner)?;
            deduct_allowance(deps.storage, &owner.addr, &hub.addr, &env.block, amount)?;
            debit(
                deps.storage,
                &now,
                &owner,
                amount,
                &mut SeenMarks::default(),
            )?;
            owner.addr
        }
        None => {
            // The hub's record never settles: no history to read.
            hub_holder.balance = hub_holder
                .balance
                .checked_sub(amount)
                .map_err(StdError::overflow)?;
            save_holder(deps.storage, &now, &hub, &hub_holder);
            hub.addr
        }
    };
    now.supply = now.supply.checked_sub(amount)?;
    save_indexes(deps.storage, &now);
    let mut response = Response::new()
        .add_attribute("action", if by.is_some() { "burn_from" } else { "burn" })
        .add_attribute("from", owner)
        .add_attribute("amount", amount);
    if let Some(spender) = by {
        response = response.add_attribute("by", spender);
    }
    Ok(response)
}

/// cw20's token info: cw20-base's record with the supply from the indexes record.
pub fn query_token_info(deps: Deps) -> StdResult<TokenInfoResponse> {
    let info = cw20_base::state::TOKEN_INFO.load(deps.storage)?;
    Ok(TokenInfoResponse {
        name: info.name,
        symbol: info.symbol,
        decimals: info.decimals,
        total_supply: load_indexes(deps.storage)?.supply,
    })
}

/// cw20's balance query.
pub fn query_balance(deps: Deps, address: String) -> StdResult<BalanceResponse> {
    let account = Account::validate(deps.api, &address)?;
    let now = load_indexes(deps.storage)?;
    let balance = load_holder(deps.storage, &now, &account)?.balance;
    Ok(BalanceResponse { balance })
}

const DEFAULT_ACCOUNTS: u32 = 10;
const MAX_ACCOUNTS: u32 = 30;

/// cw20's account enumeration, with cw20-base's page sizes: every holder with a record (a
/// balance, unclaimed rewards or a settled mark), in the order of their canonical addresses.
pub fn query_all_accounts(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AllAccountsResponse> {
    if load_indexes(deps.storage)?.legacy_holders {
        return Err(StdError::generic_err(
            "accounts are listed once the upgrade's holder conversion ends (migrate_holders)",
        ));
    }
    let start: Option<CanonicalAddr> = start_after
        .map(|addr| Account::validate(deps.api, &addr).map(|account| account.key))
        .transpose()?;
    let limit = limit.unwrap_or(DEFAULT_ACCOUNTS).min(MAX_ACCOUNTS) as usize;
    let accounts = holder_keys(deps.storage, start.as_ref(), limit)
        .iter()
        .map(|key| deps.api.addr_humanize(key).map(Addr::into_string))
        .collect::<StdResult<_>>()?;
    Ok(AllAccountsResponse { accounts })
}
