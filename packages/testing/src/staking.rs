//! x/staking for the test chains: multi-test's [`StakeKeeper`] plus jailing.
//!
//! A validator x/slashing jails leaves the active set: wasmd answers a contract's
//! `AllValidators` query with the bonded validators only, while `Validator` and the delegation
//! queries still find it (`x/wasm`'s staking querier). [`ChainStaking`] keeps a set of jailed
//! validators and answers `AllValidators` without them; everything else is multi-test's
//! keeper, which has no jailing of its own. Jailing here moves no tokens between the bonded and
//! not-bonded pools (the real chain does): tests that read the bonded pool must not rely on it.

use std::ops::Deref;

use anyhow::Result as AnyResult;
use cosmwasm_std::{
    from_json, to_json_binary, AllValidatorsResponse, Api, Binary, BlockInfo, CustomMsg,
    CustomQuery, Querier, StakingMsg, StakingQuery, Storage,
};
use cw_multi_test::{AppResponse, CosmosRouter, Module, StakeKeeper, Staking, StakingSudo};
use cw_storage_plus::Map;
use serde::de::DeserializeOwned;

/// Jailed validators by operator address. Outside every contract's and module's namespace.
const JAILED: Map<&str, ()> = Map::new("palisade_testing_jailed_validators");

/// Multi-test's x/staking with validators that can be jailed and unjailed.
#[derive(Default)]
pub struct ChainStaking {
    keeper: StakeKeeper,
}

impl Deref for ChainStaking {
    type Target = StakeKeeper;

    fn deref(&self) -> &StakeKeeper {
        &self.keeper
    }
}

impl ChainStaking {
    /// x/slashing jails `validator`: it leaves the active set (delegations stay where they are).
    pub fn jail(&self, storage: &mut dyn Storage, validator: &str) -> AnyResult<()> {
        Ok(JAILED.save(storage, validator, &())?)
    }

    /// The validator's `MsgUnjail`: back in the active set.
    pub fn unjail(&self, storage: &mut dyn Storage, validator: &str) {
        JAILED.remove(storage, validator);
    }

    pub fn is_jailed(&self, storage: &dyn Storage, validator: &str) -> bool {
        JAILED.has(storage, validator)
    }
}

impl Staking for ChainStaking {
    fn process_queue<ExecC: CustomMsg, QueryC: CustomQuery>(
        &self,
        api: &dyn Api,
        storage: &mut dyn Storage,
        router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        block: &BlockInfo,
    ) -> AnyResult<AppResponse> {
        Staking::process_queue(&self.keeper, api, storage, router, block)
    }
}

impl Module for ChainStaking {
    type ExecT = StakingMsg;
    type QueryT = StakingQuery;
    type SudoT = StakingSudo;

    fn execute<ExecC, QueryC>(
        &self,
        api: &dyn Api,
        storage: &mut dyn Storage,
        router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        block: &BlockInfo,
        sender: cosmwasm_std::Addr,
        msg: StakingMsg,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: CustomQuery + DeserializeOwned + 'static,
    {
        self.keeper
            .execute(api, storage, router, block, sender, msg)
    }

    fn query(
        &self,
        api: &dyn Api,
        storage: &dyn Storage,
        querier: &dyn Querier,
        block: &BlockInfo,
        request: StakingQuery,
    ) -> AnyResult<Binary> {
        let filter = matches!(request, StakingQuery::AllValidators {});
        let answer = self.keeper.query(api, storage, querier, block, request)?;
        if !filter {
            return Ok(answer);
        }
        let mut all: AllValidatorsResponse = from_json(&answer)?;
        all.validators
            .retain(|v| !self.is_jailed(storage, &v.address));
        Ok(to_json_binary(&all)?)
    }

    fn sudo<ExecC, QueryC>(
        &self,
        api: &dyn Api,
        storage: &mut dyn Storage,
        router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        block: &BlockInfo,
        msg: StakingSudo,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: CustomQuery + DeserializeOwned + 'static,
    {
        self.keeper.sudo(api, storage, router, block, msg)
    }
}
