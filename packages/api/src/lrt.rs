//! The liquid restaking token speaks the cw20 standard unchanged, so wallets, DEXes and indexers that
//! know cw20 work with it as they are. Only the hub may mint and burn. On top of cw20 it pays
//! consumer-chain rewards to its holders, pro rata to their balance over time.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Timestamp, Uint128, Uint256};
use cw20::{Expiration, Logo};

pub use cw20::{Cw20Coin, Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg, MinterResponse};

// The instantiate message of a cw20 token as cw20-base reads it, field for field, so deploy
// tools that know cw20-base instantiate the LRT unchanged. Defined here rather than re-exported
// so that this crate does not depend on a contract crate; the LRT hands it to cw20-base
// (`contracts/lrt/src/contract.rs`), and its schema equals cw20-base's. No doc comments: they
// would enter the schema.
#[cw_serde]
pub struct InstantiateMsg {
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    pub initial_balances: Vec<Cw20Coin>,
    pub mint: Option<MinterResponse>,
    pub marketing: Option<InstantiateMarketingInfo>,
}

#[cw_serde]
pub struct InstantiateMarketingInfo {
    pub project: Option<String>,
    pub description: Option<String>,
    pub marketing: Option<String>,
    pub logo: Option<Logo>,
}

/// The name the LRT records with cw2, which the hub checks when it is given an existing LRT.
pub const CONTRACT_NAME: &str = "crates.io:palisade-lrt";

/// Most reward denoms the LRT tracks. Every balance change settles each of them for both parties,
/// so this bounds a transfer's cost (about 300 to 450 SDK gas per denom; `docs/REWARDS.md`).
pub const MAX_REWARD_DENOMS: usize = 4;

/// Scale of the reward indexes: reward units per LRT unit, times 10^36. A distribution loses less
/// than `earning supply / 10^36` reward units to rounding, under one unit for any supply below
/// 10^36 LRT units (10^18 whole tokens even at 18 decimals). Indexes are `Uint256`: balance (below
/// 2^128) × index gain stays below 2^256.
pub const INDEX_SCALE: u128 = 1_000_000_000_000_000_000_000_000_000_000_000_000;

/// What the hub sends the LRT as its minter: cw20's `mint` and `burn`, serialized byte for byte as
/// [`Cw20ExecuteMsg`] serializes them (tested), without compiling the serializer of all of cw20's
/// messages into the hub (about 3 KB of wasm).
#[derive(cosmwasm_schema::serde::Serialize, Clone, Debug, PartialEq)]
#[serde(crate = "cosmwasm_schema::serde", rename_all = "snake_case")]
pub enum MinterMsg {
    Mint { recipient: String, amount: Uint128 },
    Burn { amount: Uint128 },
}

/// cw20's messages, spelled exactly as cw20 spells them, plus the rewards.
#[cw_serde]
pub enum ExecuteMsg {
    Transfer {
        recipient: String,
        amount: Uint128,
    },
    /// Only the hub burns.
    Burn {
        amount: Uint128,
    },
    Send {
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    /// Only the hub mints.
    Mint {
        recipient: String,
        amount: Uint128,
    },
    IncreaseAllowance {
        spender: String,
        amount: Uint128,
        expires: Option<Expiration>,
    },
    DecreaseAllowance {
        spender: String,
        amount: Uint128,
        expires: Option<Expiration>,
    },
    TransferFrom {
        owner: String,
        recipient: String,
        amount: Uint128,
    },
    SendFrom {
        owner: String,
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    /// Only the hub burns.
    BurnFrom {
        owner: String,
        amount: Uint128,
    },
    /// Refused: the hub stays the minter.
    UpdateMinter {
        new_minter: Option<String>,
    },
    UpdateMarketing {
        project: Option<String>,
        description: Option<String>,
        marketing: Option<String>,
    },
    UploadLogo(Logo),

    /// Governance (the hub's owner): starts paying rewards in `denom`. At most
    /// `MAX_REWARD_DENOMS`; a denom is never removed (holders' records refer to it by position).
    AddRewardDenom {
        denom: String,
    },
    /// Anyone: the coins sent (each in a reward denom) become claimable by the LRT's holders pro
    /// rata to their balances now. LRT held by the hub (handed in for unbonding) earns nothing.
    DistributeRewards {},
    /// Pays the sender every reward it has accrued, in every denom.
    ClaimRewards {
        receiver: Option<String>,
    },
    /// The registry (from the relay): a consumer's rewards, sent as funds (one coin in one of the
    /// consumer's `reward_denoms`, also a reward denom here). The protocol fee (the hub's
    /// `fee_bps`) goes to the hub's fee recipient; each operator's commission on its share (pro
    /// rata to the power last sent to the consumer, as checkpointed by `sync_commission`) accrues
    /// to it; the rest is distributed to the holders. Once per (chain id, notice id).
    ConsumerRewards {
        chain_id: String,
        notice_id: u64,
    },
    /// Anyone (the relay after each crank): brings the operators' commission checkpoints on
    /// `chain_id` up to date for the registry's page of its operators after `start_after` (at
    /// most `limit`, default 30, at most 100), and for checkpoints of operators in that range the
    /// registry no longer lists. Each checkpoint takes the power the relay last sent for the
    /// operator and its commission rate now, held to the consumer's ceiling; what it earned at
    /// the old ones is accrued first.
    SyncCommission {
        chain_id: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The operator's account (as registered in the registry): pays out the commission
    /// `validator` accrued, in every denom.
    ClaimCommission {
        validator: String,
        receiver: Option<String>,
    },
    /// Anyone, after the upgrade from 0.1.0: converts up to `limit` (default 30, at most 100)
    /// holder records to this release's storage form. Balances and rewards read the same before
    /// and after; the account list (`all_accounts`) waits for the last page.
    MigrateHolders {
        limit: Option<u32>,
    },
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(cw20::BalanceResponse)]
    Balance { address: String },
    #[returns(cw20::TokenInfoResponse)]
    TokenInfo {},
    #[returns(cw20::MinterResponse)]
    Minter {},
    #[returns(cw20::AllowanceResponse)]
    Allowance { owner: String, spender: String },
    #[returns(cw20::AllAllowancesResponse)]
    AllAllowances {
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(cw20::AllSpenderAllowancesResponse)]
    AllSpenderAllowances {
        spender: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(cw20::AllAccountsResponse)]
    AllAccounts {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(cw20::MarketingInfoResponse)]
    MarketingInfo {},
    #[returns(cw20::DownloadLogoResponse)]
    DownloadLogo {},

    /// What `address` can claim now, per reward denom.
    #[returns(Vec<ClaimableResponse>)]
    Rewards { address: String },
    /// Every reward denom with its index and totals.
    #[returns(RewardStateResponse)]
    RewardState {},
    /// Commission an operator can claim, per denom.
    #[returns(Vec<cosmwasm_std::Coin>)]
    Commission { validator: String },
    /// A consumer's rewards, newest notice first: how each was split.
    #[returns(Vec<RewardRecordResponse>)]
    RewardHistory {
        chain_id: String,
        start_before: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ClaimableResponse {
    pub denom: String,
    pub amount: Uint128,
}

#[cw_serde]
pub struct RewardStateResponse {
    pub denoms: Vec<RewardDenomResponse>,
    /// LRT that earns rewards: the supply less what the hub holds.
    pub earning_supply: Uint128,
    /// Distributions so far.
    pub distributions: u64,
    /// The hub, whose LRT earns nothing.
    pub hub: Addr,
}

#[cw_serde]
pub struct RewardDenomResponse {
    pub denom: String,
    /// Cumulative rewards per LRT unit, scaled by `INDEX_SCALE` (rounded down at each
    /// distribution).
    pub index: Uint256,
    /// Everything distributed in this denom.
    pub distributed: Uint128,
    /// Everything claimed in this denom.
    pub claimed: Uint128,
}

/// How one reward notice of a consumer was split.
#[cw_serde]
pub struct RewardRecordResponse {
    pub chain_id: String,
    pub notice_id: u64,
    pub denom: String,
    pub amount: Uint128,
    /// Protocol fee, sent to the hub's fee recipient.
    pub fee: Uint128,
    /// Operators' commission, claimable by their accounts.
    pub commission: Uint128,
    /// Distributed to the LRT's holders.
    pub to_holders: Uint128,
    /// LRT that shared `to_holders` (all but the hub's): each LRT unit earned
    /// `to_holders / earning_supply`, the input for a reward APR.
    pub earning_supply: Uint128,
    /// Restaked power of the consumer's active operators when the rewards arrived.
    pub total_power: Uint128,
    pub time: Timestamp,
}

#[cw_serde]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minter_messages_are_cw20s_bytes() {
        let mint = MinterMsg::Mint {
            recipient: "staker".into(),
            amount: Uint128::new(12),
        };
        let cw20_mint = Cw20ExecuteMsg::Mint {
            recipient: "staker".into(),
            amount: Uint128::new(12),
        };
        assert_eq!(
            cosmwasm_std::to_json_vec(&mint).unwrap(),
            cosmwasm_std::to_json_vec(&cw20_mint).unwrap()
        );
        let burn = MinterMsg::Burn {
            amount: Uint128::new(7),
        };
        let cw20_burn = Cw20ExecuteMsg::Burn {
            amount: Uint128::new(7),
        };
        assert_eq!(
            cosmwasm_std::to_json_vec(&burn).unwrap(),
            cosmwasm_std::to_json_vec(&cw20_burn).unwrap()
        );
    }
}
