//! Messages and responses of the slash book: the provider's record of every slash a consumer
//! asked for, from acceptance to execution or veto. The relay (the IBC endpoint) checks that a
//! request comes over the consumer's open channel and cites a power update that was in force,
//! then opens the slash here; the book applies the rules that need no channel (consumer active,
//! new, reportable, not covered, opted in, the rate limit), keeps the veto period, and orders
//! executed slashes through the relay, which stays the registry's and the hub's one counterparty.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::ibc::{Infraction, SlashRequest, SlashStatus};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (governance): vetoes and releases slashes.
    pub owner: String,
    /// The registry: consumers, their parameters and restaked power at a height.
    pub registry: String,
    /// The relay: the only contract that opens slashes, and the one executed slashes are ordered
    /// through.
    pub relay: String,
}

/// A slash request the relay received and checked against its channel and power updates.
#[cw_serde]
pub struct SlashOpening {
    pub chain_id: String,
    pub request: SlashRequest,
    /// Provider height at which the cited update was sent: the stake is read as it stood at the
    /// end of that block.
    pub provider_height: u64,
    /// The consumer's total power as the relay last sent it: a new rate-limit window starts at it.
    pub total_power: Uint128,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// The relay only: opens a slash. Never fails for a refused request: the answer (the
    /// response's data, [`OpeningAnswer`]) says why, and nothing is written.
    OpenSlash(SlashOpening),
    /// Anyone: executes a pending slash once its `executable_at` has passed. The registry jails or
    /// tombstones the operator on the consumer and the hub takes the stake; the next
    /// `send_power_updates` carries the new power.
    ExecuteSlash { slash_id: u64 },
    /// Anyone: CometBFT double-sign evidence against `operator` on consumer `chain_id`, two
    /// conflicting votes (same height, round and type; different blocks). The book places them
    /// by the relay's record of where the consumer applied each update (`applied_at`), checks
    /// both signatures against the consensus key the update in force carried, and opens a
    /// double-sign slash at that update's stake, as a consumer's request would (veto period,
    /// rate limit, one slash per offence whoever reports first). Anything else is refused and
    /// changes nothing. The slash's `request_id` is 0: no consumer request uses it.
    SubmitEvidence {
        chain_id: String,
        operator: String,
        vote_a: crate::evidence::Vote,
        vote_b: crate::evidence::Vote,
    },
    /// Owner: vetoes a pending or queued slash.
    VetoSlash { slash_id: u64, reason: String },
    /// Owner: releases a slash queued by the rate limit; its veto period starts now.
    ReleaseSlash { slash_id: u64 },
    /// Anyone: carries the next `limit` (at most 100) of the relay's slash records over, when the
    /// book replaces a relay of release 0.2.0, which kept them itself. Until every record is
    /// here, the book opens, executes, vetoes and releases nothing (`config`'s `import`).
    ImportSlashes { limit: Option<u32> },
}

/// The data of an `open_slash` response: the relay acknowledges the consumer's packet with it.
#[cw_serde]
pub enum OpeningAnswer {
    Accepted {
        slash_id: u64,
        status: SlashStatus,
        /// What every pending and queued slash would take, this one included (the relay keeps it
        /// for the hub's deposit price).
        total_exposure: Uint128,
    },
    /// Refused, with the reason the consumer's error acknowledgement carries.
    Refused { reason: String },
}

/// An executed slash, ordered through the relay to the registry (its `slash` message).
#[cw_serde]
pub struct SlashOrder {
    pub slash_id: u64,
    pub validator: String,
    pub chain_id: String,
    pub infraction: Infraction,
    pub amount: Uint128,
    /// Provider height whose stake the slash is a fraction of.
    pub height: u64,
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(SlashResponse)]
    Slash { slash_id: u64 },
    /// Slashes, newest first, optionally only those with `status`.
    #[returns(Vec<SlashResponse>)]
    Slashes {
        status: Option<SlashStatus>,
        start_before: Option<u64>,
        limit: Option<u32>,
    },
    /// What pending and queued slashes would take from the hub's stake: in all, and from
    /// `operator` if given. Stakers' exposure is this against the hub's `total_value`.
    #[returns(ExposureResponse)]
    Exposure { operator: Option<String> },
    /// A consumer's slash rate-limit window.
    #[returns(RateLimitResponse)]
    RateLimit { chain_id: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub registry: Addr,
    pub relay: Addr,
    /// The relay's slash records still to carry over (`import_slashes`): the next id and the last.
    pub import: Option<ImportProgress>,
}

#[cw_serde]
pub struct ImportProgress {
    pub next_slash_id: u64,
    pub last_slash_id: u64,
}

#[cw_serde]
pub struct SlashResponse {
    pub slash_id: u64,
    pub chain_id: String,
    pub request_id: u64,
    pub operator: String,
    pub infraction: Infraction,
    pub infraction_height: u64,
    pub infraction_time: Timestamp,
    pub update_id: u64,
    /// Provider height at which `update_id` was sent: the stake is read as it stood at the end of
    /// this block (the stake the update carried).
    pub provider_height: u64,
    /// The consumer's slash fraction for this infraction.
    pub fraction: Decimal,
    /// The operator's allocation to the consumer in force at the infraction.
    pub allocation: Decimal,
    /// The hub's stake on the operator at `provider_height`.
    pub stake_at_infraction: Uint128,
    /// `fraction × allocation × stake_at_infraction`, rounded down.
    pub amount: Uint128,
    pub evidence: Option<String>,
    pub received_at: Timestamp,
    /// When anyone may execute it (pending slashes only).
    pub executable_at: Option<Timestamp>,
    pub status: SlashStatus,
    pub veto_reason: Option<String>,
}

#[cw_serde]
pub struct RateLimitResponse {
    pub chain_id: String,
    pub window_start: Timestamp,
    /// Consumer's total power when the window started.
    pub power_at_start: Uint128,
    /// Amount accepted as pending in this window.
    pub slashed: Uint128,
    /// Most the window accepts: `max_fraction × power_at_start`, rounded down.
    pub limit: Uint128,
}

#[cw_serde]
pub struct ExposureResponse {
    /// Sum of the amounts of every pending and queued slash.
    pub total: Uint128,
    /// The same for the operator asked about.
    pub operator: Option<Uint128>,
}
