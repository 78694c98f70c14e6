//! The proposals that give a consumer chain virtual staking (`docs/VIRTUAL_STAKING.md`), voted
//! by that chain's governance once its consumer contract is deployed:
//!
//! 1. [`virtual_staking_store_proposal`]: `virtual-staking.wasm`, gzipped, instantiable only by
//!    the chain's gov module account.
//! 2. [`virtual_staking_instantiate_proposal`]: the contract at its instantiate2 address, owned
//!    by governance, and the budget granted in the same proposal by a community-pool spend to
//!    that address (x/gov runs the messages in order: the contract exists when the spend pays it).
//!
//! The parameters are checked with the contract's own rule (`Params::check`), so a proposal the
//! contract would refuse is refused before anyone pays a deposit.

use cosmwasm_std::{Coin, Uint128};
use palisade_api::virtual_staking::{InstantiateMsg, Params};

use crate::address;
use crate::artifacts::{Artifact, SuiteContract, VIRTUAL_STAKING_SUITE};
use crate::chain::{
    check_instances, require, store_messages, Chain, Instance, StorePlan, VERIFY_STORE,
};
use crate::consumer::CONTRACT_ADDRESS_LEN;
use crate::error::DeployError;
use crate::proposal::{MsgCommunityPoolSpend, ProposalMessage};

/// x/staking's bonded pool: the module account whose balance is the chain's bonded stake.
pub const BONDED_POOL_MODULE: &str = "bonded_tokens_pool";

/// What the contract is instantiated with and granted.
#[derive(Clone, Debug)]
pub struct VirtualStakingConfig {
    /// Code id the store proposal gave `virtual-staking.wasm`.
    pub code_id: u64,
    /// The chain's consumer contract (its powers become stake).
    pub consumer: String,
    pub params: Params,
    /// The chain's staking denom: the budget's.
    pub bond_denom: String,
    /// Granted from the community pool in the same proposal (0: no grant now).
    pub budget: Uint128,
    pub salt: String,
    pub label: String,
}

/// The instantiate proposal and the contract's predicted address.
#[derive(Clone, Debug)]
pub struct VirtualStakingPlan {
    pub proposal: crate::proposal::Proposal,
    pub contract: String,
}

/// The store proposal: `virtual-staking.wasm`, gzipped.
pub fn virtual_staking_store_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
) -> Result<StorePlan, DeployError> {
    let chain = chain.validated()?;
    let (messages, code, lines) = store_messages(&chain, artifacts, &VIRTUAL_STAKING_SUITE)?;
    let summary = format!(
        "Uploads the code of the Palisade virtual-staking contract: it delegates a budget this \
         chain's governance grants to the validators of the restaking operators, in proportion \
         to their restaked power, so that restaked stake weighs in this chain's consensus.\n\n\
         {lines}\nOnly the governance module ({gov}) may instantiate this code; a second \
         proposal instantiates it and grants the budget.\n\n{VERIFY_STORE}\n{source}",
        gov = chain.gov,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("store the virtual-staking code", summary, messages)?;
    Ok(StorePlan { proposal, code })
}

/// The contract at its instantiate2 address, owned by governance, and the budget granted.
pub fn virtual_staking_instantiate_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
    config: &VirtualStakingConfig,
) -> Result<VirtualStakingPlan, DeployError> {
    let chain = chain.validated()?;
    check_config(&chain, config)?;
    let code = require(artifacts, SuiteContract::VirtualStaking)?;
    let contract = chain.predict(code, &config.salt)?;
    let msg = InstantiateMsg {
        owner: chain.gov.clone(),
        consumer: config.consumer.clone(),
        params: config.params.clone(),
    };
    let mut messages = vec![chain.instantiate2(
        config.code_id,
        &config.label,
        serde_json::to_value(&msg)?,
        &config.salt,
    )];
    let grant = if config.budget.is_zero() {
        "no budget granted by this proposal (a community-pool spend to the address grants it)"
            .to_string()
    } else {
        messages.push(ProposalMessage::CommunityPoolSpend(MsgCommunityPoolSpend {
            authority: chain.gov.clone(),
            recipient: contract.clone(),
            amount: vec![Coin::new(config.budget, &config.bond_denom)],
        }));
        format!(
            "{budget}{denom} granted from the community pool to the contract (the pool must \
             hold it when the proposal executes)",
            budget = config.budget,
            denom = config.bond_denom,
        )
    };
    let params = &config.params;
    let summary = format!(
        "Instantiates the Palisade virtual-staking contract with instantiate2 and grants its \
         budget. Governance ({gov}) is its owner and admin; it may change the parameters, \
         unbind a validator and withdraw idle budget.\n\n\
         Virtual staking, code id {code_id} (sha256 {checksum}), salt \"{salt}\", label \
         \"{label}\"\n\
         \x20 address: {contract}\n\
         \x20 consumer contract: {consumer}\n\
         \x20 rate: {rate} {denom} of stake per unit of restaked power\n\
         \x20 virtual stake at most {share_bps} bps of the bonded stake (bonded pool {pool})\n\
         \x20 unbonding_period: {unbonding} s (must be x/staking's unbonding time)\n\
         \x20 min_change: {min_change}{denom}\n\
         \x20 {grant}\n\n\
         Before voting, check that the code id holds the checksum stated here (`query wasm \
         code-info <code id>`, field data_hash). Operators then bind their validators here \
         (signed by the operator's validator account and its registered consumer key), and \
         anyone runs the `sync` crank.\n{source}",
        gov = chain.gov,
        code_id = config.code_id,
        checksum = code.checksum_hex(),
        salt = config.salt,
        label = config.label,
        consumer = config.consumer,
        rate = params.rate,
        denom = config.bond_denom,
        share_bps = params.max_bonded_share_bps,
        pool = params.bonded_pool,
        unbonding = params.unbonding_period,
        min_change = params.min_change,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("instantiate virtual staking", summary, messages)?;
    Ok(VirtualStakingPlan { proposal, contract })
}

fn check_config(chain: &Chain, config: &VirtualStakingConfig) -> Result<(), DeployError> {
    check_instances(&[Instance {
        contract: SuiteContract::VirtualStaking,
        code_id: config.code_id,
        salt: &config.salt,
        label: &config.label,
    }])?;
    let consumer = address::decode("consumer", &config.consumer, &chain.prefix)?;
    if consumer.len() != CONTRACT_ADDRESS_LEN {
        return Err(DeployError::InvalidAddress {
            field: "consumer".to_string(),
            address: config.consumer.clone(),
            prefix: chain.prefix.clone(),
            reason: format!(
                "{} bytes: a contract address has {CONTRACT_ADDRESS_LEN}",
                consumer.len()
            ),
        });
    }
    address::decode("bonded pool", &config.params.bonded_pool, &chain.prefix)?;
    config
        .params
        .check()
        .map_err(|source| DeployError::InvalidVirtualStakingParams { source })?;
    if config.bond_denom.trim().is_empty() {
        return Err(DeployError::Empty {
            field: "bond denom",
        });
    }
    Ok(())
}
