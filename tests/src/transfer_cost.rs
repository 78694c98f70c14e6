//! What an LRT transfer costs next to a plain `cw20-base` transfer, in the Cosmos SDK's KV-store
//! gas ([`palisade_testing::gas`]), run on both contracts' Rust code in the same harness. The LRT settles
//! each party's consumer rewards on every balance change, so its cost depends on the number of
//! reward denoms and on whether a distribution happened since the parties last moved.

use std::marker::PhantomData;

use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier};
use cosmwasm_std::{
    coins, Addr, Api, Binary, CanonicalAddr, ContractResult, Empty, OwnedDeps, SystemResult,
    Uint128, WasmQuery,
};
use cw20::{Cw20Coin, Cw20ExecuteMsg, MinterResponse};
use palisade_api::lrt::{ExecuteMsg as LrtMsg, InstantiateMsg, MAX_REWARD_DENOMS};

use palisade_testing::gas::{KvGas, MeteredStorage};
pub use palisade_testing::gas::{INSTANCE_COST, PINNED_INSTANCE_COST};

type Deps = OwnedDeps<MeteredStorage, MockApi, MockQuerier, Empty>;

const BALANCE: u128 = 1_000_000_000;

fn deps() -> Deps {
    OwnedDeps {
        storage: MeteredStorage::default(),
        api: MockApi::default(),
        querier: MockQuerier::default(),
        custom_query_type: PhantomData,
    }
}

/// A 20-byte account address, as wallets have (keys hold the address, so its length counts).
fn addr(name: &str) -> Addr {
    let mut bytes = [0u8; 20];
    for (b, c) in bytes.iter_mut().zip(name.bytes()) {
        *b = c;
    }
    MockApi::default()
        .addr_humanize(&CanonicalAddr::from(bytes.as_slice()))
        .expect("a valid address")
}

fn token(minter: Option<&Addr>, initial: Vec<Cw20Coin>) -> InstantiateMsg {
    InstantiateMsg {
        name: "Token".into(),
        symbol: "TKN".into(),
        decimals: 6,
        initial_balances: initial,
        mint: minter.map(|m| MinterResponse {
            minter: m.to_string(),
            cap: None,
        }),
        marketing: None,
    }
}

/// The situations a transfer can meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Both parties hold tokens and nothing was distributed since they last moved.
    Settled,
    /// Both parties hold tokens and a distribution happened since they last moved: each settles
    /// its rewards (and reads the indexes it last saw).
    AfterDistribution,
    /// Distributions happened since either party last moved, and they last moved at different
    /// distributions: each reads its own past indexes (the most reads a transfer makes).
    Behind,
    /// The recipient never held the token.
    NewRecipient,
}

pub const CASES: [Case; 4] = [
    Case::Settled,
    Case::AfterDistribution,
    Case::Behind,
    Case::NewRecipient,
];

/// A plain cw20-base transfer of 1 unit from alice in `case` (distributions don't exist there).
pub fn cw20_base_transfer(case: Case) -> KvGas {
    let mut deps = deps();
    let (alice, bob, carol) = (addr("alice"), addr("bob"), addr("carol"));
    let initial = [&alice, &bob]
        .iter()
        .map(|a| Cw20Coin {
            address: a.to_string(),
            amount: Uint128::new(BALANCE),
        })
        .collect();
    cw20_base::contract::instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&alice, &[]),
        // The same message as cw20-base's own type (the LRT's is a field-for-field copy).
        cosmwasm_std::from_json(cosmwasm_std::to_json_vec(&token(None, initial)).unwrap()).unwrap(),
    )
    .expect("cw20-base instantiates");
    let to = if case == Case::NewRecipient {
        &carol
    } else {
        &bob
    };
    deps.storage.take();
    cw20_base::contract::execute(
        deps.as_mut(),
        mock_env(),
        message_info(&alice, &[]),
        Cw20ExecuteMsg::Transfer {
            recipient: to.to_string(),
            amount: Uint128::one(),
        },
    )
    .expect("cw20-base transfers");
    deps.storage.take()
}

fn lrt_execute(deps: &mut Deps, sender: &Addr, msg: LrtMsg, funds: &[cosmwasm_std::Coin]) {
    palisade_lrt::contract::execute(deps.as_mut(), mock_env(), message_info(sender, funds), msg)
        .unwrap_or_else(|e| panic!("LRT refused: {e}"));
}

/// An LRT transfer of 1 unit from alice in `case`, with `denoms` reward denoms, each of which
/// has paid out before (so both parties carry unclaimed rewards in every denom).
pub fn lrt_transfer(denoms: usize, case: Case) -> KvGas {
    let mut deps = deps();
    let (hub, owner) = (addr("hub"), addr("governance"));
    let (alice, bob, carol) = (addr("alice"), addr("bob"), addr("carol"));
    // The hub's cw-ownable `ownership` answer, which `add_reward_denom` checks.
    let ownership = Binary::from(format!(r#"{{"owner":"{owner}"}}"#).into_bytes());
    deps.querier.update_wasm(move |query| match query {
        WasmQuery::Smart { .. } => SystemResult::Ok(ContractResult::Ok(ownership.clone())),
        _ => panic!("unexpected query {query:?}"),
    });
    palisade_lrt::contract::instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&hub, &[]),
        token(Some(&hub), vec![]),
    )
    .expect("LRT instantiates");
    for holder in [&alice, &bob] {
        let mint = LrtMsg::Mint {
            recipient: holder.to_string(),
            amount: Uint128::new(BALANCE),
        };
        lrt_execute(&mut deps, &hub, mint, &[]);
    }
    let denom = |i: usize| format!("ibc/REWARD{i}");
    for i in 0..denoms {
        let add = LrtMsg::AddRewardDenom { denom: denom(i) };
        lrt_execute(&mut deps, &owner, add, &[]);
        lrt_execute(
            &mut deps,
            &addr("consumer"),
            LrtMsg::DistributeRewards {},
            &coins(1_000_000, denom(i)),
        );
    }
    // Both parties settle what was distributed so far.
    let settle = LrtMsg::Transfer {
        recipient: bob.to_string(),
        amount: Uint128::one(),
    };
    lrt_execute(&mut deps, &alice, settle, &[]);
    let distribute = |deps: &mut Deps| {
        lrt_execute(
            deps,
            &addr("consumer"),
            LrtMsg::DistributeRewards {},
            &coins(1_000_000, denom(0)),
        )
    };
    if denoms > 0 && matches!(case, Case::AfterDistribution | Case::Behind) {
        distribute(&mut deps);
    }
    if denoms > 0 && case == Case::Behind {
        // Bob moves (settling at this distribution), then another distribution.
        let away = LrtMsg::Transfer {
            recipient: addr("dave").to_string(),
            amount: Uint128::one(),
        };
        lrt_execute(&mut deps, &bob, away, &[]);
        distribute(&mut deps);
    }
    let to = if case == Case::NewRecipient {
        &carol
    } else {
        &bob
    };
    deps.storage.take();
    let transfer = LrtMsg::Transfer {
        recipient: to.to_string(),
        amount: Uint128::one(),
    };
    lrt_execute(&mut deps, &alice, transfer, &[]);
    deps.storage.take()
}

/// One row of the comparison.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub denoms: usize,
    pub case: Case,
    pub lrt: KvGas,
    pub cw20_base: KvGas,
}

impl Row {
    /// LRT ÷ cw20-base, KV gas only.
    pub fn kv_ratio(&self) -> f64 {
        self.lrt.gas as f64 / self.cw20_base.gas as f64
    }

    /// LRT ÷ cw20-base, with the instance cost wasmd charges each call added to both.
    pub fn call_ratio(&self) -> f64 {
        self.ratio_with(INSTANCE_COST)
    }

    /// The same for contracts pinned in wasmd's cache (both pinned).
    pub fn pinned_ratio(&self) -> f64 {
        self.ratio_with(PINNED_INSTANCE_COST)
    }

    fn ratio_with(&self, instance_cost: u64) -> f64 {
        (self.lrt.gas + instance_cost) as f64 / (self.cw20_base.gas + instance_cost) as f64
    }
}

/// Every case with 0 to `MAX_REWARD_DENOMS` reward denoms.
pub fn table() -> Vec<Row> {
    let mut rows = Vec::new();
    for denoms in 0..=MAX_REWARD_DENOMS {
        for case in CASES {
            rows.push(Row {
                denoms,
                case,
                lrt: lrt_transfer(denoms, case),
                cw20_base: cw20_base_transfer(case),
            });
        }
    }
    rows
}
