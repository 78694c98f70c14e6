//! A multi-test world for Palisade: a provider chain with bank, x/staking and distribution, the hub
//! and the LRT deployed, and helpers that let a test read like a story:
//! `suite.deposit(&alice, 1_000)`, `suite.advance_days(3)`, `suite.slash(0, 10)`.

use anyhow::Result as AnyResult;
use cosmwasm_std::testing::MockApi;
use cosmwasm_std::Api;
use cosmwasm_std::{
    coin, coins, to_json_binary, Addr, Coin, Decimal, Empty, StdResult, Uint128, Validator,
};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg};
use cw_multi_test::{
    App, AppBuilder, AppResponse, BankSudo, Contract, ContractWrapper, DistributionKeeper,
    Executor, FailingModule, GovFailingModule, StakingInfo, StakingSudo, StargateFailing, SudoMsg,
    WasmKeeper,
};

pub mod bank;
pub mod evidence;
pub mod gas;
pub mod ibc;
pub mod interchain;
pub mod staking;
pub mod unit;
pub mod virtual_staking;

/// The test chains' app: multi-test's defaults, with [`bank::ChainBank`] (blocked addresses) and [`ibc::CapturingIbc`] as the IBC module.
pub type PalisadeApp = App<
    bank::ChainBank,
    MockApi,
    cosmwasm_std::testing::MockStorage,
    FailingModule<Empty, Empty, Empty>,
    WasmKeeper<Empty, Empty>,
    staking::ChainStaking,
    DistributionKeeper,
    ibc::CapturingIbc,
    GovFailingModule,
    StargateFailing,
>;
use palisade_api::hub::{
    BatchResponse, ConfigResponse, ExecuteMsg, InstantiateMsg, OperatorResponse, OperatorWeight,
    Params, PositionResponse, QueryMsg, ReceiveMsg, RequestResponse, StateResponse,
};
use palisade_api::registry::{
    CommissionBounds, ConsumerParams, ExecuteMsg as RegistryExecuteMsg,
    InstantiateMsg as RegistryInstantiateMsg, OperatorMetadata, QueryMsg as RegistryQueryMsg,
    RateLimit, RegistryParams, SlashDestination,
};

pub const DENOM: &str = "ustake";
pub const DAY: u64 = 24 * 3_600;
/// Native unbonding time of the test chain.
pub const UNBONDING_PERIOD: u64 = 10 * DAY;
pub const EPOCH_PERIOD: u64 = 2 * DAY;
/// Unbonding plus an hour: the settlement margin a mainnet deployment would choose.
pub const WITHDRAWAL_DELAY: u64 = UNBONDING_PERIOD + 3_600;
pub const FEE_BPS: u16 = 1_000;
pub const MAX_PAUSE: u64 = 3 * DAY;
/// Seconds per block in the test chain.
pub const BLOCK_TIME: u64 = 6;

pub fn hub_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_hub::contract::execute,
            palisade_hub::contract::instantiate,
            palisade_hub::contract::query,
        )
        .with_migrate(palisade_hub::contract::migrate),
    )
}

pub fn lrt_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_lrt::contract::execute,
            palisade_lrt::contract::instantiate,
            palisade_lrt::contract::query,
        )
        .with_migrate(palisade_lrt::contract::migrate),
    )
}

pub fn registry_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_registry::contract::execute,
            palisade_registry::contract::instantiate,
            palisade_registry::contract::query,
        )
        .with_migrate(palisade_registry::contract::migrate),
    )
}

/// Makes a contract's code for [`App::store_code`].
pub type CodeFn = std::rc::Rc<dyn Fn() -> Box<dyn Contract<Empty>>>;

/// Where the test world takes the contracts' code from: their Rust code ([`Codes::native`], the
/// default), or anything else that runs them, such as the devnet's optimized wasm in cosmwasm-vm.
#[derive(Clone)]
pub struct Codes {
    pub hub: CodeFn,
    pub lrt: CodeFn,
    pub registry: CodeFn,
    pub relay: CodeFn,
    /// `None` for releases before the slash book was a contract of its own (the relay kept it).
    pub slash_book: Option<CodeFn>,
    pub consumer: CodeFn,
    pub virtual_staking: CodeFn,
}

impl Codes {
    /// The contracts' Rust code.
    pub fn native() -> Self {
        Codes {
            hub: std::rc::Rc::new(hub_contract),
            lrt: std::rc::Rc::new(lrt_contract),
            registry: std::rc::Rc::new(registry_contract),
            relay: std::rc::Rc::new(interchain::relay_contract),
            slash_book: Some(std::rc::Rc::new(interchain::slash_book_contract)),
            consumer: std::rc::Rc::new(interchain::consumer_contract),
            virtual_staking: std::rc::Rc::new(virtual_staking::virtual_staking_contract),
        }
    }
}

impl std::fmt::Debug for Codes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Codes")
    }
}

/// Registry timelock for risk-raising changes in the test world.
pub const RISK_TIMELOCK: u64 = 2 * DAY;
/// Delay of allocation increases in the test world.
pub const ALLOCATION_DELAY: u64 = DAY;
/// A consumer's unbonding period in the test world (within the hub's withdrawal delay).
pub const CONSUMER_UNBONDING: u64 = 7 * DAY;

pub fn registry_params() -> RegistryParams {
    RegistryParams {
        risk_timelock: RISK_TIMELOCK,
        allocation_delay: ALLOCATION_DELAY,
        max_total_allocation: Decimal::one(),
        max_commission_bps: 2_000,
    }
}

/// Parameters of a consumer chain whose connection is `connection-<n>`.
pub fn consumer_params(n: u32) -> ConsumerParams {
    ConsumerParams {
        connection_id: format!("connection-{n}"),
        counterparty_port: format!("wasm.consumer{n}"),
        unbonding_period: CONSUMER_UNBONDING,
        double_sign_fraction: Decimal::percent(5),
        downtime_fraction: Decimal::permille(1),
        veto_period: DAY,
        downtime_jail: 3_600,
        slash_rate_limit: RateLimit {
            max_fraction: Decimal::percent(10),
            window: DAY,
        },
        slashed_funds: SlashDestination::Burn {},
        reward_denoms: vec![format!("ibc/CONSUMER{n}")],
        commission_bounds: CommissionBounds {
            min_bps: 0,
            max_bps: 2_000,
        },
        max_operators: 3,
    }
}

/// How to build a [`Suite`].
#[derive(Clone, Debug)]
pub struct SuiteBuilder {
    pub validator_weights: Vec<u64>,
    /// Extra validators that exist in x/staking but are not operators.
    pub spare_validators: usize,
    pub stakers: Vec<(String, u128)>,
    pub fee_bps: u16,
    /// Staking APR of the test chain (rewards accrue with block time).
    pub apr: Decimal,
    pub epoch_period: u64,
    pub withdrawal_delay: u64,
    /// Seconds x/staking takes to pay an unbonding entry. The hub's `unbonding_period` is always
    /// `UNBONDING_PERIOD`; a longer chain time plays a halt, where x/staking pays matured entries
    /// only at the end of the first block after it, after the hub's transaction.
    pub chain_unbonding: u64,
    pub codes: Codes,
}

impl Default for SuiteBuilder {
    fn default() -> Self {
        SuiteBuilder {
            validator_weights: vec![1, 1, 1],
            spare_validators: 1,
            stakers: vec![
                ("alice".to_string(), 1_000_000_000),
                ("bob".to_string(), 1_000_000_000),
                ("carol".to_string(), 1_000_000_000),
            ],
            fee_bps: FEE_BPS,
            apr: Decimal::percent(10),
            epoch_period: EPOCH_PERIOD,
            withdrawal_delay: WITHDRAWAL_DELAY,
            chain_unbonding: UNBONDING_PERIOD,
            codes: Codes::native(),
        }
    }
}

impl SuiteBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the contracts from `codes` instead of their Rust code.
    pub fn codes(mut self, codes: Codes) -> Self {
        self.codes = codes;
        self
    }

    pub fn validators(mut self, weights: &[u64]) -> Self {
        self.validator_weights = weights.to_vec();
        self
    }

    pub fn staker(mut self, name: &str, balance: u128) -> Self {
        self.stakers.push((name.to_string(), balance));
        self
    }

    pub fn fee_bps(mut self, fee_bps: u16) -> Self {
        self.fee_bps = fee_bps;
        self
    }

    pub fn apr(mut self, apr: Decimal) -> Self {
        self.apr = apr;
        self
    }

    /// See [`SuiteBuilder::chain_unbonding`].
    pub fn chain_unbonding(mut self, seconds: u64) -> Self {
        self.chain_unbonding = seconds;
        self
    }

    /// The instantiate message the suite uses, for tests that vary one field.
    pub fn instantiate_msg(&self, suite_addrs: &Addresses, lrt: &Addr) -> InstantiateMsg {
        InstantiateMsg {
            owner: suite_addrs.owner.to_string(),
            guardian: Some(suite_addrs.guardian.to_string()),
            bond_denom: DENOM.to_string(),
            lrt: lrt.to_string(),
            operators: self
                .validator_weights
                .iter()
                .enumerate()
                .map(|(i, w)| OperatorWeight {
                    validator: suite_addrs.validators[i].clone(),
                    weight: *w,
                })
                .collect(),
            params: Params {
                epoch_period: self.epoch_period,
                unbonding_period: UNBONDING_PERIOD,
                withdrawal_delay: self.withdrawal_delay,
                fee_bps: self.fee_bps,
                fee_recipient: suite_addrs.fee_recipient.to_string(),
                max_pause_duration: MAX_PAUSE,
            },
        }
    }

    /// Builds the chain and stores the code, without instantiating the hub.
    pub fn build_chain(&self) -> (PalisadeApp, Addresses, u64, u64) {
        let api = MockApi::default();
        let valoper_api = MockApi::default().with_prefix("cosmwasmvaloper");
        let count = self.validator_weights.len() + self.spare_validators;
        let validators: Vec<String> = (0..count)
            .map(|i| valoper_api.addr_make(&format!("validator{i}")).to_string())
            .collect();
        let addrs = Addresses {
            owner: api.addr_make("owner"),
            guardian: api.addr_make("guardian"),
            fee_recipient: api.addr_make("fee_recipient"),
            validators: validators.clone(),
        };
        let stakers: Vec<(Addr, u128)> = self
            .stakers
            .iter()
            .map(|(n, b)| (api.addr_make(n), *b))
            .collect();
        let apr = self.apr;
        let chain_unbonding = self.chain_unbonding;
        let mut app = AppBuilder::new()
            .with_bank(bank::ChainBank::default())
            .with_api(api)
            .with_ibc(ibc::CapturingIbc)
            .with_staking(staking::ChainStaking::default())
            .build(|router, api, storage| {
                router
                    .staking
                    .setup(
                        storage,
                        StakingInfo {
                            bonded_denom: DENOM.to_string(),
                            unbonding_time: chain_unbonding,
                            apr,
                        },
                    )
                    .unwrap();
                let block = cosmwasm_std::testing::mock_env().block;
                for v in &validators {
                    router
                        .staking
                        .add_validator(
                            api,
                            storage,
                            &block,
                            Validator::create(
                                v.clone(),
                                Decimal::percent(5),
                                Decimal::percent(20),
                                Decimal::percent(1),
                            ),
                        )
                        .unwrap();
                }
                for (addr, balance) in &stakers {
                    router
                        .bank
                        .keeper
                        .init_balance(storage, addr, coins(*balance, DENOM))
                        .unwrap();
                }
            });
        let hub_code = app.store_code((self.codes.hub)());
        let lrt_code = app.store_code((self.codes.lrt)());
        (app, addrs, hub_code, lrt_code)
    }

    /// Deploys as the deployment proposal does: the LRT first, with the hub's `instantiate2`
    /// address (from `salt`) as its minter, then the hub at that address with `edit` applied to
    /// the suite's instantiate message. Returns (hub, LRT).
    pub fn deploy_with(
        &self,
        app: &mut PalisadeApp,
        addrs: &Addresses,
        (hub_code, lrt_code): (u64, u64),
        salt: &[u8],
        edit: impl FnOnce(InstantiateMsg) -> InstantiateMsg,
    ) -> AnyResult<(Addr, Addr)> {
        let hub = predicted_address(app, hub_code, &addrs.owner, salt);
        let lrt = app.instantiate_contract(
            lrt_code,
            addrs.owner.clone(),
            &lrt_instantiate_msg(&hub),
            &[],
            "palisade-lrt",
            Some(addrs.owner.to_string()),
        )?;
        let msg = edit(self.instantiate_msg(addrs, &lrt));
        let instantiated = app.instantiate2_contract(
            hub_code,
            addrs.owner.clone(),
            &msg,
            &[],
            "palisade-hub",
            Some(addrs.owner.to_string()),
            salt,
        )?;
        assert_eq!(instantiated, hub, "the hub lands at its predicted address");
        Ok((hub, lrt))
    }

    pub fn build(self) -> Suite {
        let (mut app, addrs, hub_code, lrt_code) = self.build_chain();
        let codes = self.codes.clone();
        let (hub, lrt) = self
            .deploy_with(&mut app, &addrs, (hub_code, lrt_code), HUB_SALT, |m| m)
            .expect("hub instantiates");
        Suite {
            app,
            hub,
            lrt,
            addrs,
            hub_code,
            lrt_code,
            registry: None,
            codes,
        }
    }
}

/// Salt of the suite hub's `instantiate2` address.
pub const HUB_SALT: &[u8] = b"palisade-hub";

/// Where `instantiate2` by `creator` with `salt` puts an instance of `code_id`.
pub fn predicted_address(app: &PalisadeApp, code_id: u64, creator: &Addr, salt: &[u8]) -> Addr {
    let checksum = app.wrap().query_wasm_code_info(code_id).unwrap().checksum;
    let creator = app.api().addr_canonicalize(creator.as_str()).unwrap();
    let address = cosmwasm_std::instantiate2_address(checksum.as_slice(), &creator, salt).unwrap();
    app.api().addr_humanize(&address).unwrap()
}

/// The LRT's instantiate message with `minter` as its only minter.
pub fn lrt_instantiate_msg(minter: &Addr) -> palisade_api::lrt::InstantiateMsg {
    palisade_api::lrt::InstantiateMsg {
        name: "Palisade restaked STAKE".to_string(),
        symbol: "rSTAKE".to_string(),
        decimals: 6,
        initial_balances: vec![],
        mint: Some(cw20::MinterResponse {
            minter: minter.to_string(),
            cap: None,
        }),
        marketing: None,
    }
}

/// Well-known accounts of the test chain.
#[derive(Clone, Debug)]
pub struct Addresses {
    pub owner: Addr,
    pub guardian: Addr,
    pub fee_recipient: Addr,
    /// Operator validators first, then spare validators.
    pub validators: Vec<String>,
}

pub struct Suite {
    pub app: PalisadeApp,
    pub hub: Addr,
    pub lrt: Addr,
    pub addrs: Addresses,
    pub hub_code: u64,
    pub lrt_code: u64,
    /// Set by [`Suite::deploy_registry`].
    pub registry: Option<Addr>,
    /// Where the contracts' code comes from.
    pub codes: Codes,
}

impl Suite {
    pub fn new() -> Self {
        SuiteBuilder::default().build()
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    pub fn validator(&self, index: usize) -> String {
        self.addrs.validators[index].clone()
    }

    // --- actions ---------------------------------------------------------------------------

    pub fn execute(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        let hub = self.hub.clone();
        self.app.execute_contract(sender.clone(), hub, msg, funds)
    }

    pub fn deposit(&mut self, staker: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.execute(
            staker,
            &ExecuteMsg::Deposit { min_lrt_out: None },
            &coins(amount, DENOM),
        )
    }

    /// Sends `lrt` LRT to the hub with the unbond hook.
    pub fn unbond(&mut self, staker: &Addr, lrt: u128) -> AnyResult<AppResponse> {
        self.send_lrt(staker, lrt, &ReceiveMsg::Unbond { receiver: None })
    }

    pub fn send_lrt(
        &mut self,
        staker: &Addr,
        lrt: u128,
        msg: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        let send = Cw20ExecuteMsg::Send {
            contract: self.hub.to_string(),
            amount: Uint128::new(lrt),
            msg: to_json_binary(msg).unwrap(),
        };
        let token = self.lrt.clone();
        self.app.execute_contract(staker.clone(), token, &send, &[])
    }

    pub fn submit_batch(&mut self) -> AnyResult<AppResponse> {
        let anyone = self.addr("cranker");
        self.execute(&anyone, &ExecuteMsg::SubmitBatch {}, &[])
    }

    pub fn claim(&mut self, staker: &Addr) -> AnyResult<AppResponse> {
        self.execute(staker, &ExecuteMsg::Claim { receiver: None }, &[])
    }

    pub fn harvest(&mut self) -> AnyResult<AppResponse> {
        let anyone = self.addr("cranker");
        self.execute(&anyone, &ExecuteMsg::Harvest {}, &[])
    }

    pub fn reconcile(&mut self) -> AnyResult<AppResponse> {
        let anyone = self.addr("cranker");
        self.execute(&anyone, &ExecuteMsg::Reconcile {}, &[])
    }

    /// `pay_slashes`: a `reconcile` that then pays arrived slashed tokens to their destinations.
    pub fn pay_slashes(&mut self) -> AnyResult<AppResponse> {
        let anyone = self.addr("cranker");
        self.execute(&anyone, &ExecuteMsg::PaySlashes {}, &[])
    }

    pub fn rebalance(&mut self) -> AnyResult<AppResponse> {
        let anyone = self.addr("cranker");
        self.execute(&anyone, &ExecuteMsg::Rebalance {}, &[])
    }

    pub fn owner_execute(&mut self, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        let owner = self.addrs.owner.clone();
        self.execute(&owner, msg, &[])
    }

    /// Moves time forward (and block height with it); x/staking pays matured unbondings.
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += (seconds / BLOCK_TIME).max(1);
        });
    }

    pub fn advance_days(&mut self, days: u64) {
        self.advance(days * DAY);
    }

    /// x/staking slashes validator `index` by `percent`% (its delegations and unbonding entries).
    pub fn slash(&mut self, index: usize, percent: u64) {
        let validator = self.validator(index);
        self.app
            .sudo(SudoMsg::Staking(StakingSudo::Slash {
                validator,
                percentage: Decimal::percent(percent),
            }))
            .unwrap();
    }

    /// x/slashing jails validator `index`: it leaves the bonded set (`AllValidators`) and keeps
    /// its delegations, as on wasmd.
    pub fn jail(&mut self, index: usize) {
        let validator = self.validator(index);
        self.app
            .init_modules(|router, _, storage| router.staking.jail(storage, &validator))
            .unwrap();
    }

    /// Validator `index` unjails itself: back in the bonded set.
    pub fn unjail(&mut self, index: usize) {
        let validator = self.validator(index);
        self.app
            .init_modules(|router, _, storage| router.staking.unjail(storage, &validator));
    }

    /// Mints bond tokens to an account (e.g. a donation to the hub).
    pub fn mint_bond(&mut self, to: &Addr, amount: u128) {
        self.app
            .sudo(SudoMsg::Bank(BankSudo::Mint {
                to_address: to.to_string(),
                amount: coins(amount, DENOM),
            }))
            .unwrap();
    }

    // --- registry --------------------------------------------------------------------------

    /// Instantiates the registry with the test parameters, pointing at the hub.
    pub fn deploy_registry(&mut self) -> Addr {
        let code = self.app.store_code((self.codes.registry)());
        let owner = self.addrs.owner.clone();
        let registry = self
            .app
            .instantiate_contract(
                code,
                owner.clone(),
                &RegistryInstantiateMsg {
                    owner: owner.to_string(),
                    hub: self.hub.to_string(),
                    params: registry_params(),
                },
                &[],
                "palisade-registry",
                Some(owner.to_string()),
            )
            .expect("registry instantiates");
        self.registry = Some(registry.clone());
        registry
    }

    pub fn registry_execute(
        &mut self,
        sender: &Addr,
        msg: &RegistryExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let registry = self.registry.clone().expect("deploy_registry first");
        self.app
            .execute_contract(sender.clone(), registry, msg, &[])
    }

    pub fn registry_owner_execute(&mut self, msg: &RegistryExecuteMsg) -> AnyResult<AppResponse> {
        let owner = self.addrs.owner.clone();
        self.registry_execute(&owner, msg)
    }

    pub fn registry_query<T: serde_de::DeserializeOwned>(
        &self,
        msg: &RegistryQueryMsg,
    ) -> StdResult<T> {
        let registry = self.registry.clone().expect("deploy_registry first");
        self.app.wrap().query_wasm_smart(registry, msg)
    }

    /// The operator account of validator `index` (same address bytes, account prefix).
    pub fn validator_account(&self, index: usize) -> Addr {
        self.app.api().addr_make(&format!("validator{index}"))
    }

    /// Proposes consumer `chain_id` with [`consumer_params`]`(n)` and activates it after the
    /// timelock.
    pub fn admit_consumer(&mut self, chain_id: &str, n: u32) {
        self.registry_owner_execute(&RegistryExecuteMsg::ProposeConsumer {
            chain_id: chain_id.to_string(),
            params: consumer_params(n),
        })
        .expect("proposal accepted");
        self.advance(RISK_TIMELOCK);
        self.registry_owner_execute(&RegistryExecuteMsg::ActivateConsumer {
            chain_id: chain_id.to_string(),
        })
        .expect("activation accepted");
    }

    /// Validator `index` registers as an operator through its operator account.
    pub fn register_operator(&mut self, index: usize) -> AnyResult<AppResponse> {
        let account = self.validator_account(index);
        let validator = self.validator(index);
        self.registry_execute(
            &account,
            &RegistryExecuteMsg::RegisterOperator {
                validator,
                metadata: OperatorMetadata {
                    moniker: format!("operator {index}"),
                    website: None,
                    contact: None,
                },
                commission_bps: 500,
            },
        )
    }

    // --- reads -----------------------------------------------------------------------------

    pub fn balance(&self, who: &Addr) -> u128 {
        self.app
            .wrap()
            .query_balance(who, DENOM)
            .unwrap()
            .amount
            .u128()
    }

    pub fn lrt_balance(&self, who: &Addr) -> u128 {
        let r: BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.lrt,
                &Cw20QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .unwrap();
        r.balance.u128()
    }

    pub fn lrt_supply(&self) -> u128 {
        let r: cw20::TokenInfoResponse = self
            .app
            .wrap()
            .query_wasm_smart(&self.lrt, &Cw20QueryMsg::TokenInfo {})
            .unwrap();
        r.total_supply.u128()
    }

    pub fn query<T: serde_de::DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(&self.hub, msg)
    }

    pub fn state(&self) -> StateResponse {
        self.query(&QueryMsg::State {}).unwrap()
    }

    pub fn config(&self) -> ConfigResponse {
        self.query(&QueryMsg::Config {}).unwrap()
    }

    pub fn position(&self, who: &Addr) -> PositionResponse {
        self.query(&QueryMsg::Position {
            address: who.to_string(),
        })
        .unwrap()
    }

    pub fn requests(&self, who: &Addr) -> Vec<RequestResponse> {
        self.query(&QueryMsg::Requests {
            address: who.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap()
    }

    pub fn batch(&self, id: u64) -> BatchResponse {
        self.query(&QueryMsg::Batch { id }).unwrap()
    }

    pub fn operators(&self) -> Vec<OperatorResponse> {
        self.query(&QueryMsg::Operators {
            start_after: None,
            limit: Some(30),
        })
        .unwrap()
    }

    /// What x/staking holds for the hub, per validator.
    pub fn actual_delegation(&self, index: usize) -> u128 {
        self.app
            .wrap()
            .query_delegation(&self.hub, self.validator(index))
            .unwrap()
            .map(|d| d.amount.amount.u128())
            .unwrap_or(0)
    }

    /// What x/staking holds for the hub in all.
    pub fn actual_delegations(&self) -> u128 {
        self.app
            .wrap()
            .query_all_delegations(&self.hub)
            .unwrap()
            .iter()
            .map(|d| d.amount.amount.u128())
            .sum()
    }

    /// Staking rewards accrued to the hub and not yet withdrawn.
    pub fn pending_rewards(&self) -> u128 {
        (0..self.addrs.validators.len())
            .map(|i| {
                self.app
                    .wrap()
                    .query_delegation(&self.hub, self.validator(i))
                    .unwrap()
                    .map(|d| {
                        d.accumulated_rewards
                            .iter()
                            .map(|c| c.amount.u128())
                            .sum::<u128>()
                    })
                    .unwrap_or(0)
            })
            .sum()
    }
}

impl Default for Suite {
    fn default() -> Self {
        Self::new()
    }
}

/// Property-test cases: `PROPTEST_CASES` when set (`scripts/long-proptests`), else `default`.
/// The seed comes from `PROPTEST_RNG_SEED`, which `scripts/test` fixes so CI is deterministic.
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

/// The value of `key` in the wasm event of the contract action `action`, if any.
pub fn event_attr(response: &AppResponse, action: &str, key: &str) -> Option<String> {
    response
        .events
        .iter()
        .filter(|e| e.ty == "wasm")
        .find(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "action" && a.value == action)
        })
        .and_then(|e| e.attributes.iter().find(|a| a.key == key))
        .map(|a| a.value.clone())
}

/// The typed contract error behind a failed execution.
pub fn contract_error(err: anyhow::Error) -> palisade_hub::ContractError {
    err.downcast::<palisade_hub::ContractError>()
        .unwrap_or_else(|e| panic!("not a hub ContractError: {e:?}"))
}

pub fn bond(amount: u128) -> Vec<Coin> {
    vec![coin(amount, DENOM)]
}

pub use serde::de as serde_de;
