//! The price of a deposit (docs/SLASHING.md, "Newcomers"; docs/HUB.md, "Deposit"). Read by
//! `deposit` and by the `state` query, so a frontend quotes with the hub's own figure.

use cosmwasm_std::{
    from_json, Addr, Binary, ContractResult, Env, QuerierWrapper, QueryRequest, StdError,
    StdResult, SystemResult, Uint128, WasmQuery,
};
use palisade_api::client::hub as client;
use palisade_api::math::{split_fee, Pool};

use crate::answer::Answer;
use crate::state::Config;

/// The value deposits are priced at: the books' value plus the staking rewards accrued since the
/// last harvest (net of the protocol fee), so a deposit takes no share of rewards earned before
/// it, less what pending consumer slashes may take, so it bears no slash reported before it.
/// `None` when those slashes may take all of a pool that has holders: deposits are refused.
pub fn deposit_value(
    querier: &QuerierWrapper,
    env: &Env,
    config: &Config,
    pool: &Pool,
) -> StdResult<Option<Uint128>> {
    let (_fee, accrued) = split_fee(
        accrued_rewards(querier, &env.contract.address, &config.bond_denom)?,
        config.fee_bps,
    );
    let exposure = pending_exposure(querier, config.registry.as_ref())?;
    Ok((pool.total_value + accrued)
        .checked_sub(exposure)
        .ok()
        .filter(|left| !left.is_zero() || pool.lrt_supply.is_zero()))
}

/// x/distribution's rewards accrued to the hub's delegations in `denom`, the decimal total
/// rounded down. A harvest receives less or as much: x/distribution truncates each delegation's
/// withdrawal, so the floor of the sum may exceed the sum of the floors by under a unit per
/// operator. The depositor pays that difference (the price rounds in the pool's favour).
/// The request is written by hand: the typed one needs `cosmwasm_1_4`, which grows every
/// request's serializer (docs/BUILD.md).
pub fn accrued_rewards(querier: &QuerierWrapper, hub: &Addr, denom: &str) -> StdResult<Uint128> {
    #[derive(serde::Deserialize)]
    struct TotalRewards {
        total: Vec<DecCoin>,
    }
    /// A `DecCoin` whose amount stays text: only its whole part is read.
    #[derive(serde::Deserialize)]
    struct DecCoin {
        denom: String,
        amount: String,
    }
    let request = [
        br#"{"distribution":{"delegation_total_rewards":{"delegator_address":""#.as_slice(),
        hub.as_bytes(),
        br#""}}}"#,
    ]
    .concat();
    let answer: TotalRewards = match querier.raw_query(&request) {
        SystemResult::Ok(ContractResult::Ok(answer)) => from_json(answer)?,
        SystemResult::Ok(ContractResult::Err(error)) => return Err(StdError::generic_err(error)),
        SystemResult::Err(error) => return Err(StdError::generic_err(error.to_string())),
    };
    match answer.total.iter().find(|coin| coin.denom == denom) {
        Some(coin) => Uint128::try_from(coin.amount.split('.').next().unwrap_or_default()),
        None => Ok(Uint128::zero()),
    }
}

/// What reported slashes may still take: the relay's total exposure. A deposit is priced net of
/// it, so a newcomer never pays for an infraction reported before it arrived (docs/SLASHING.md,
/// "Newcomers"). Both records are read raw, the relay's address from the registry's `config`
/// (`palisade_api::client::hub`, "The raw interface"): no contract is loaded. Without a registry
/// or a relay nothing is pending.
fn pending_exposure(querier: &QuerierWrapper, registry: Option<&Addr>) -> StdResult<Uint128> {
    let mut total = Uint128::zero();
    if let Some(registry) = registry {
        // A registry always holds its config; an empty record fails to decode.
        let config = querier.query_wasm_raw(registry, client::REGISTRY_CONFIG_KEY.as_bytes())?;
        if let Some(relay) = from_json::<Answer>(config.unwrap_or_default())?.relay {
            let key = client::RELAY_TOTAL_EXPOSURE_KEY.as_bytes();
            if let Some(exposure) = querier.query_wasm_raw(&relay, key)? {
                total = from_json(exposure)?;
            }
        }
    }
    Ok(total)
}

/// A smart query whose message is fixed JSON (no serializer in the wasm).
pub fn smart(querier: &QuerierWrapper, contract: &Addr, msg: &[u8]) -> StdResult<Answer> {
    querier.query(&QueryRequest::Wasm(WasmQuery::Smart {
        contract_addr: contract.to_string(),
        msg: Binary::from(msg),
    }))
}
