//! The test chains' bank: multi-test's `BankKeeper`, plus the one rule of the real x/bank the
//! contracts must live with that multi-test lacks: a send to a blocked address (on wasmd, every
//! module account but x/gov's) is refused, failing the whole transaction. And module accounts
//! have bech32 addresses, as on wasmd: multi-test's staking module holds the bonded tokens under
//! a plain name, which [`ChainBank::alias`] gives an address a contract can query.

use anyhow::{bail, Result as AnyResult};
use cosmwasm_std::{Addr, Api, BankMsg, BankQuery, Binary, BlockInfo, CustomMsg, Querier, Storage};
use cw_multi_test::{AppResponse, BankKeeper, BankSudo, CosmosRouter, Module};
use serde::de::DeserializeOwned;

/// Multi-test's bank with the addresses x/bank refuses to send to.
#[derive(Default)]
pub struct ChainBank {
    pub keeper: BankKeeper,
    blocked: Vec<Addr>,
    /// (address, multi-test's name for the same account).
    aliases: Vec<(Addr, Addr)>,
}

impl ChainBank {
    /// From now on, sends to `address` fail, as wasmd's `BlockedAddr` check makes them fail.
    pub fn block(&mut self, address: Addr) {
        self.blocked.push(address);
    }

    /// Tokens sent to or from `account` (a module's plain name, e.g. multi-test's
    /// `staking_module`) are held at `address` instead, so a contract can query their balance as
    /// it queries the bonded pool's on wasmd.
    pub fn alias(&mut self, address: Addr, account: Addr) {
        self.aliases.push((address, account));
    }

    fn resolve(&self, account: &str) -> Option<&Addr> {
        self.aliases
            .iter()
            .find(|(_, name)| name.as_str() == account)
            .map(|(address, _)| address)
    }
}

impl Module for ChainBank {
    type ExecT = BankMsg;
    type QueryT = BankQuery;
    type SudoT = BankSudo;

    fn execute<ExecC, QueryC>(
        &self,
        api: &dyn Api,
        storage: &mut dyn Storage,
        router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        block: &BlockInfo,
        sender: Addr,
        msg: BankMsg,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: cosmwasm_std::CustomQuery + DeserializeOwned + 'static,
    {
        if let BankMsg::Send { to_address, .. } = &msg {
            if self
                .blocked
                .iter()
                .any(|blocked| blocked.as_str() == to_address)
            {
                bail!("{to_address} is not allowed to receive funds: unauthorized");
            }
        }
        let sender = self.resolve(sender.as_str()).cloned().unwrap_or(sender);
        let msg = match msg {
            BankMsg::Send { to_address, amount } => BankMsg::Send {
                to_address: self
                    .resolve(&to_address)
                    .map(Addr::to_string)
                    .unwrap_or(to_address),
                amount,
            },
            other => other,
        };
        self.keeper
            .execute(api, storage, router, block, sender, msg)
    }

    fn query(
        &self,
        api: &dyn Api,
        storage: &dyn Storage,
        querier: &dyn Querier,
        block: &BlockInfo,
        request: BankQuery,
    ) -> AnyResult<Binary> {
        self.keeper.query(api, storage, querier, block, request)
    }

    fn sudo<ExecC, QueryC>(
        &self,
        api: &dyn Api,
        storage: &mut dyn Storage,
        router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        block: &BlockInfo,
        msg: BankSudo,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: cosmwasm_std::CustomQuery + DeserializeOwned + 'static,
    {
        self.keeper.sudo(api, storage, router, block, msg)
    }
}

impl cw_multi_test::Bank for ChainBank {}
