//! Unit tests, one file per module of the contract.

mod codec;
mod commission;
mod contract;
mod migrations;
mod state;

/// The LRT's instantiate message with `hub` as its minter, as the tests' deployments use it.
fn token(hub: &cosmwasm_std::Addr) -> palisade_api::lrt::InstantiateMsg {
    palisade_api::lrt::InstantiateMsg {
        name: "Restaked".into(),
        symbol: "rsSTK".into(),
        decimals: 6,
        initial_balances: vec![],
        mint: Some(cw20::MinterResponse {
            minter: hub.to_string(),
            cap: None,
        }),
        marketing: None,
    }
}
