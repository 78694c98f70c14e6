//! Virtual staking on a test consumer chain: the chain's x/staking with one validator per
//! operator (each with some native stake), and the virtual-staking contract instantiated by the
//! chain's governance, reading the chain's consumer contract.

use anyhow::Result as AnyResult;
use cosmwasm_std::{coin, coins, Addr, Binary, Decimal, Empty, StakingMsg, Uint128, Validator};
use cw_multi_test::{
    AppResponse, BankSudo, Contract, ContractWrapper, Executor, StakingInfo, StakingSudo, SudoMsg,
};
use palisade_api::virtual_staking::{
    binding_payload, BindingResponse, BudgetResponse, ExecuteMsg, InstantiateMsg, Params, QueryMsg,
};

use crate::interchain::{consumer_signing_key, ConsumerChain};
use crate::DAY;

/// The consumer chains' staking denom.
pub const CONSUMER_DENOM: &str = "ucons";
/// x/staking's unbonding time on the consumer chains.
pub const CHAIN_UNBONDING: u64 = 7 * DAY;
/// multi-test's name for its x/staking account, which holds every bonded token.
pub const STAKING_MODULE: &str = "staking_module";

/// The bonded pool's address on the consumer chains (the test bank answers for it with
/// [`STAKING_MODULE`]'s balance, as wasmd's bonded pool module account).
pub fn bonded_pool() -> Addr {
    cosmwasm_std::testing::MockApi::default()
        .with_prefix("consumer")
        .addr_make("bonded_tokens_pool")
}

pub fn virtual_staking_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_virtual_staking::contract::execute,
            palisade_virtual_staking::contract::instantiate,
            palisade_virtual_staking::contract::query,
        )
        .with_migrate(palisade_virtual_staking::contract::migrate),
    )
}

/// One token per unit of power, virtual stake up to half the bonded stake, every change moved.
pub fn params() -> Params {
    Params {
        rate: Decimal::one(),
        max_bonded_share_bps: 5_000,
        bonded_pool: bonded_pool().to_string(),
        unbonding_period: CHAIN_UNBONDING,
        min_change: Uint128::zero(),
    }
}

/// A validator of the consumer chain: its operator account and its valoper address (the same
/// bytes).
#[derive(Clone, Debug)]
pub struct ConsumerValidator {
    pub account: Addr,
    pub valoper: String,
}

pub struct VirtualStaking {
    pub contract: Addr,
    pub validators: Vec<ConsumerValidator>,
    /// Holds the chain's native stake.
    pub native_staker: Addr,
}

fn valoper_of(account: &Addr) -> String {
    let (_, data) = bech32::decode(account.as_str()).expect("a bech32 account");
    bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("consumervaloper").unwrap(), &data)
        .expect("encodes")
}

impl VirtualStaking {
    /// Gives `chain` an x/staking with `native.len()` validators, each with that native stake,
    /// and instantiates the contract (owned by the chain's governance) with `params`.
    pub fn deploy(chain: &mut ConsumerChain, native: &[u128], params: Params) -> AnyResult<Self> {
        Self::deploy_code(chain, virtual_staking_contract(), native, params)
    }

    /// [`VirtualStaking::deploy`] with the given code (e.g. the optimized wasm in the VM).
    pub fn deploy_code(
        chain: &mut ConsumerChain,
        code: Box<dyn Contract<Empty>>,
        native: &[u128],
        params: Params,
    ) -> AnyResult<Self> {
        let validators: Vec<ConsumerValidator> = (0..native.len())
            .map(|i| {
                let account = chain
                    .app
                    .api()
                    .addr_make(&format!("{}-validator-{i}", chain.chain_id));
                ConsumerValidator {
                    valoper: valoper_of(&account),
                    account,
                }
            })
            .collect();
        let listed = validators.clone();
        chain.app.init_modules(|router, api, storage| {
            router
                .bank
                .alias(bonded_pool(), Addr::unchecked(STAKING_MODULE));
            router
                .staking
                .setup(
                    storage,
                    StakingInfo {
                        bonded_denom: CONSUMER_DENOM.to_string(),
                        unbonding_time: CHAIN_UNBONDING,
                        apr: Decimal::percent(10),
                    },
                )
                .unwrap();
            let block = cosmwasm_std::testing::mock_env().block;
            for v in &listed {
                router
                    .staking
                    .add_validator(
                        api,
                        storage,
                        &block,
                        Validator::create(
                            v.valoper.clone(),
                            Decimal::percent(5),
                            Decimal::percent(20),
                            Decimal::percent(1),
                        ),
                    )
                    .unwrap();
            }
        });
        let native_staker = chain.app.api().addr_make("native-staker");
        for (v, amount) in validators.iter().zip(native) {
            mint(chain, &native_staker, *amount);
            chain.app.execute(
                native_staker.clone(),
                StakingMsg::Delegate {
                    validator: v.valoper.clone(),
                    amount: coin(*amount, CONSUMER_DENOM),
                }
                .into(),
            )?;
        }
        let code = chain.app.store_code(code);
        let owner = chain.owner.clone();
        let contract = chain.app.instantiate_contract(
            code,
            owner.clone(),
            &InstantiateMsg {
                owner: owner.to_string(),
                consumer: chain.contract.to_string(),
                params,
            },
            &[],
            "palisade-virtual-staking",
            Some(owner.to_string()),
        )?;
        Ok(VirtualStaking {
            contract,
            validators,
            native_staker,
        })
    }

    /// The signature of `operator` (provider valoper `operator_addr`, consumer index `consumer`)
    /// binding validator `validator`, with the operator's current binding nonce.
    pub fn signature(
        &self,
        chain: &ConsumerChain,
        operator: usize,
        consumer: usize,
        operator_addr: &str,
        validator: &str,
    ) -> Binary {
        let nonce: u64 = self.query(
            chain,
            &palisade_api::virtual_staking::QueryMsg::BindingNonce {
                operator: operator_addr.to_string(),
            },
        );
        let payload = binding_payload(
            &chain.app.block_info().chain_id,
            self.contract.as_str(),
            operator_addr,
            validator,
            nonce,
        );
        let signature = consumer_signing_key(operator, consumer).sign(&payload);
        Binary::from(<[u8; 64]>::from(signature).to_vec())
    }

    /// Validator `validator`'s operator account binds it to operator `operator` with a valid
    /// signature.
    pub fn bind(
        &self,
        chain: &mut ConsumerChain,
        consumer: usize,
        operator: usize,
        operator_addr: &str,
        validator: usize,
    ) -> AnyResult<AppResponse> {
        let v = self.validators[validator].clone();
        let signature = self.signature(chain, operator, consumer, operator_addr, &v.valoper);
        self.execute(
            chain,
            &v.account,
            &ExecuteMsg::BindValidator {
                operator: operator_addr.to_string(),
                validator: v.valoper,
                signature,
            },
        )
    }

    pub fn execute(
        &self,
        chain: &mut ConsumerChain,
        sender: &Addr,
        msg: &ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        chain
            .app
            .execute_contract(sender.clone(), self.contract.clone(), msg, &[])
    }

    pub fn sync(&self, chain: &mut ConsumerChain) -> AnyResult<AppResponse> {
        let cranker = chain.app.api().addr_make("cranker");
        self.execute(chain, &cranker, &ExecuteMsg::Sync { limit: None })
    }

    /// A community-pool spend of `amount` to the contract.
    pub fn grant(&self, chain: &mut ConsumerChain, amount: u128) {
        mint(chain, &self.contract, amount);
    }

    pub fn budget(&self, chain: &ConsumerChain) -> BudgetResponse {
        self.query(chain, &QueryMsg::Budget {})
    }

    pub fn binding(&self, chain: &ConsumerChain, validator: usize) -> BindingResponse {
        self.query(
            chain,
            &QueryMsg::Binding {
                validator: self.validators[validator].valoper.clone(),
            },
        )
    }

    pub fn query<T: serde::de::DeserializeOwned>(
        &self,
        chain: &ConsumerChain,
        msg: &QueryMsg,
    ) -> T {
        chain
            .app
            .wrap()
            .query_wasm_smart(&self.contract, msg)
            .expect("virtual-staking query")
    }

    /// What x/staking holds for the contract at validator `validator`.
    pub fn delegated(&self, chain: &ConsumerChain, validator: usize) -> u128 {
        chain
            .app
            .wrap()
            .query_delegation(&self.contract, &self.validators[validator].valoper)
            .unwrap()
            .map(|d| d.amount.amount.u128())
            .unwrap_or_default()
    }

    /// The contract's balance of the staking denom.
    pub fn idle(&self, chain: &ConsumerChain) -> u128 {
        balance(chain, &self.contract)
    }

    /// The chain's x/slashing jails validator `validator` without slashing it (a downtime
    /// slash fraction of 0): it leaves the active set ([`crate::staking::ChainStaking`]).
    pub fn jail(&self, chain: &mut ConsumerChain, validator: usize) {
        let valoper = self.validators[validator].valoper.clone();
        chain
            .app
            .init_modules(|router, _, storage| router.staking.jail(storage, &valoper))
            .unwrap();
    }

    /// Validator `validator` sends `MsgUnjail`: back in the active set.
    pub fn unjail(&self, chain: &mut ConsumerChain, validator: usize) {
        let valoper = self.validators[validator].valoper.clone();
        chain
            .app
            .init_modules(|router, _, storage| router.staking.unjail(storage, &valoper));
    }

    /// The chain's x/slashing slashes validator `validator` by `percent`%.
    pub fn slash(&self, chain: &mut ConsumerChain, validator: usize, percent: u64) {
        chain
            .app
            .sudo(SudoMsg::Staking(StakingSudo::Slash {
                validator: self.validators[validator].valoper.clone(),
                percentage: Decimal::percent(percent),
            }))
            .unwrap();
    }
}

pub fn mint(chain: &mut ConsumerChain, to: &Addr, amount: u128) {
    chain
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: to.to_string(),
            amount: coins(amount, CONSUMER_DENOM),
        }))
        .unwrap();
}

pub fn balance(chain: &ConsumerChain, who: &Addr) -> u128 {
    chain
        .app
        .wrap()
        .query_balance(who, CONSUMER_DENOM)
        .unwrap()
        .amount
        .u128()
}
