//! Messages of the virtual-staking contract: on a consumer chain, it turns the restaked power the
//! consumer contract holds into delegations of the chain's own staking token to the operators'
//! validators there, so that restaked stake weighs in the chain's consensus. The tokens are a
//! security budget the chain's governance grants (a community-pool spend to the contract).

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Binary, Decimal, Uint128};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

/// Basis points in one.
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Virtual stake may never be more than this share of the chain's bonded stake (90%): the chain's
/// own stakers keep a say.
pub const MAX_BONDED_SHARE_BPS: u16 = 9_000;
/// x/staking's limit of unbonding entries per delegator and validator.
pub const MAX_UNBONDING_ENTRIES: usize = 7;

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner: the consumer chain's governance.
    pub owner: String,
    /// The consumer contract whose power is turned into stake.
    pub consumer: String,
    pub params: Params,
}

#[cw_serde]
pub struct Params {
    /// Tokens of this chain's staking denom delegated per unit of restaked power.
    pub rate: Decimal,
    /// Most of the chain's bonded stake (virtual included) virtual stake may be, in basis points
    /// (at most [`MAX_BONDED_SHARE_BPS`]).
    pub max_bonded_share_bps: u16,
    /// x/staking's bonded pool module account: its balance is the chain's bonded stake.
    pub bonded_pool: String,
    /// x/staking's unbonding time in seconds (the chain's parameter; the contract cannot read it).
    pub unbonding_period: u64,
    /// The smallest change of a delegation worth a message: smaller moves wait, so that small
    /// power changes do not use up the 7 unbonding entries x/staking allows per validator.
    pub min_change: Uint128,
}

/// Why parameters are refused (the contract and the proposal generator share the rule).
#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum ParamsError {
    #[error("max_bonded_share_bps must be in [1, {max}], got {got}")]
    BondedShare { got: u16, max: u16 },
    #[error("unbonding_period must not be zero")]
    ZeroUnbondingPeriod,
}

impl Params {
    pub fn check(&self) -> Result<(), ParamsError> {
        if self.max_bonded_share_bps == 0 || self.max_bonded_share_bps > MAX_BONDED_SHARE_BPS {
            return Err(ParamsError::BondedShare {
                got: self.max_bonded_share_bps,
                max: MAX_BONDED_SHARE_BPS,
            });
        }
        if self.unbonding_period == 0 {
            return Err(ParamsError::ZeroUnbondingPeriod);
        }
        Ok(())
    }
}

/// The bytes the operator's consumer key signs (ed25519) to bind a validator: the chain, this
/// contract, the operator, the validator and the operator's binding nonce (`binding_nonce`), so
/// a signature binds nothing else anywhere else, and only once: every end of a binding raises
/// the nonce, so the public signature of an ended binding cannot bind again.
pub fn binding_payload(
    chain_id: &str,
    contract: &str,
    operator: &str,
    validator: &str,
    nonce: u64,
) -> Vec<u8> {
    format!("palisade-bind:{chain_id}:{contract}:{operator}:{validator}:{nonce}").into_bytes()
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// The validator's operator account: names its validator as the one `operator` (a provider
    /// validator known to the consumer contract) runs here. `signature` is the operator's
    /// `consumer_key` signing [`binding_payload`], proving the key's holder agrees.
    BindValidator {
        operator: String,
        validator: String,
        signature: Binary,
    },
    /// The validator's operator account or the owner: ends a binding; its stake is undelegated
    /// by the next syncs, and the record goes once nothing is delegated or unbonding. Unbound by
    /// the owner, the validator is barred: the binding's signature is public and could otherwise
    /// bind it again at once.
    Unbind { validator: String },
    /// Owner: lets a barred validator be bound again.
    Unbar { validator: String },
    /// Anyone: moves up to `limit` bindings (default 10, max 30) toward their targets, resuming
    /// where the previous sync stopped.
    Sync { limit: Option<u32> },
    /// Anyone: withdraws the staking rewards of up to `limit` bindings to the consumer contract,
    /// which forwards them to the restakers (`forward_rewards`).
    ClaimRewards {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Owner: new parameters (they apply from the next sync).
    SetParams { params: Params },
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// Where the budget is: granted = idle + delegated + unbonding + slashed.
    #[returns(BudgetResponse)]
    Budget {},
    /// Bindings in validator order.
    #[returns(Vec<BindingResponse>)]
    Bindings {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(BindingResponse)]
    Binding { validator: String },
    /// The validator an operator is bound to, if any.
    #[returns(Option<BindingResponse>)]
    BindingOf { operator: String },
    /// The nonce an operator's next binding signature must sign (0, then one more each time a
    /// binding of the operator ends: an unbind, or its removal after a slash emptied it).
    #[returns(u64)]
    BindingNonce { operator: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub consumer: String,
    /// This chain's staking denom.
    pub denom: String,
    pub params: Params,
}

#[cw_serde]
pub struct BudgetResponse {
    pub denom: String,
    /// Everything received for staking.
    pub granted: Uint128,
    /// Held by the contract, not delegated.
    pub idle: Uint128,
    pub delegated: Uint128,
    pub unbonding: Uint128,
    /// Taken by this chain's slashes of the validators (delegations and unbonding entries).
    pub slashed: Uint128,
    /// Restaked power × rate over all operators.
    pub wanted: Uint128,
    /// Most virtual stake allowed now by the bonded-share cap.
    pub cap: Uint128,
}

#[cw_serde]
pub enum BindingStatus {
    /// Receives stake toward its target.
    Active,
    /// This chain slashed it: no new stake; the rest is undelegated.
    Slashed,
    /// Unbound: its stake is undelegated.
    Unbound,
}

#[cw_serde]
pub struct BindingResponse {
    pub validator: String,
    pub operator: String,
    pub status: BindingStatus,
    /// Delegated now (as last seen by a sync).
    pub delegated: Uint128,
    /// The operator's restaked power × rate, scaled down when the budget or the cap binds, as at
    /// the last sync of this binding.
    pub target: Uint128,
    /// Unbonding entries not yet paid.
    pub unbonding_entries: u32,
}
