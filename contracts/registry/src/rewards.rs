//! Consumer rewards pass through: the relay hands them here (the relay knows only the registry),
//! and the registry forwards them to the LRT, which checks them against this registry (active
//! consumer, reward denom) and splits them: fee, operators' commission, holders
//! (`contracts/lrt/src/consumer_rewards.rs`).

use cosmwasm_std::{to_json_binary, DepsMut, MessageInfo, Response, WasmMsg};

use palisade_api::client::registry::{HubConfig, LrtExecute};

use crate::error::ContractError;
use crate::state::CONFIG;

/// Relay only: forwards a consumer's rewards, with the tokens, to the LRT.
pub fn consumer_rewards(
    deps: DepsMut,
    info: MessageInfo,
    chain_id: String,
    notice_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if config.relay.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotRelay);
    }
    let hub: HubConfig = deps
        .querier
        .query_wasm_smart(&config.hub, &palisade_api::hub::QueryMsg::Config {})?;
    Ok(Response::new()
        .add_message(WasmMsg::Execute {
            contract_addr: hub.lrt.into_string(),
            msg: to_json_binary(&LrtExecute::ConsumerRewards {
                chain_id: chain_id.clone(),
                notice_id,
            })?,
            funds: info.funds,
        })
        .add_attribute("action", "forward_consumer_rewards")
        .add_attribute("chain_id", chain_id)
        .add_attribute("notice_id", notice_id.to_string()))
}
