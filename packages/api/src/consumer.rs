//! Messages and responses of the consumer contract: the consumer chain's end of `palisade-1`. It
//! opens the channel to the provider's relay, holds the restaked power the provider sends, and
//! reports infractions as slash requests kept in an outbox until the provider acknowledges them.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::ibc::{Infraction, SlashRequest, SlashRequestAck};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner: the consumer chain's authority (its governance module).
    pub owner: String,
    /// The IBC connection to the provider that the channel must use.
    pub provider_connection_id: String,
    /// The relay's port on the provider (`wasm.<relay address>`).
    pub relay_port: String,
    /// Seconds before an unreceived slash request times out (then anyone may re-send it).
    pub packet_timeout: u64,
    /// Accounts allowed to report infractions besides the owner and `sudo`.
    pub reporters: Vec<String>,
}

/// Most reporters a consumer contract keeps.
pub const MAX_REPORTERS: usize = 20;

/// More reporters than [`MAX_REPORTERS`]. The consumer and the proposal generator share the rule
/// (each also refuses a duplicate and an invalid address).
#[derive(thiserror::Error, Debug, PartialEq, Eq)]
#[error("at most {max} reporters, got {count}")]
pub struct TooManyReporters {
    pub count: usize,
    pub max: usize,
}

pub fn check_reporter_count(count: usize) -> Result<(), TooManyReporters> {
    if count > MAX_REPORTERS {
        return Err(TooManyReporters {
            count,
            max: MAX_REPORTERS,
        });
    }
    Ok(())
}

/// A reported infraction. The operator is named by its key on this chain.
#[cw_serde]
pub struct InfractionReport {
    pub consumer_key: String,
    pub infraction: Infraction,
    /// This chain's block height and time of the infraction.
    pub infraction_height: u64,
    pub infraction_time: Timestamp,
    /// Opaque evidence for the provider's governance (at most 4,096 bytes).
    pub evidence: Option<String>,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Owner or a reporter: reports an infraction; it is sent to the provider as a slash request.
    ReportInfraction(InfractionReport),
    /// Anyone: re-sends slash requests that timed out (at most `limit`, default 10, max 30).
    RetryTimedOut { limit: Option<u32> },
    /// Owner: re-sends a slash request the provider refused (e.g. after the provider fixed its
    /// configuration), or one stranded in flight on a channel that closed before its
    /// acknowledgement came back (the relay refuses a request it already has, so this is safe).
    ResendRejected { request_id: u64 },
    /// Owner: replaces the reporters.
    SetReporters { reporters: Vec<String> },
    /// Owner: how rewards reach the provider: the ICS-20 channel to it and, for each reward denom
    /// held here, its denom once on the provider (`ibc/...`, one of this consumer's
    /// `reward_denoms` in the provider's registry). At most 4 denoms.
    SetRewardRoute {
        transfer_channel: String,
        denoms: Vec<RewardDenomRoute>,
    },
    /// Anyone: sends the contract's whole balance of `denom` to the relay by ICS-20 and a
    /// `rewards_notice` for it over the channel. The provider credits the notice once the tokens
    /// arrived; a refused or timed-out notice can be sent again with `resend_notice`.
    ForwardRewards { denom: String },
    /// The owner or a reporter: sends a rejected, timed-out or stranded (in flight on a channel
    /// that closed since) rewards notice again (same id; the tokens went with the first send). Only once they are in the relay: a notice whose ICS-20
    /// transfer was refunded (and forwarded again with a new notice) must not be resent.
    ResendNotice { notice_id: u64 },
}

#[cw_serde]
pub struct RewardDenomRoute {
    /// The denom on this chain.
    pub local: String,
    /// The same tokens' denom on the provider after the ICS-20 transfer.
    pub provider: String,
}

#[cw_serde]
pub struct RewardRouteResponse {
    pub transfer_channel: String,
    pub denoms: Vec<RewardDenomRoute>,
}

/// A rewards notice and where it stands.
#[cw_serde]
pub struct NoticeResponse {
    pub notice_id: u64,
    /// The provider's denom.
    pub denom: String,
    pub amount: Uint128,
    pub status: NoticeStatus,
    pub attempts: u32,
    /// When it was last sent. Still `in_flight` and sent before the current channel opened, it
    /// went on a closed channel and may be sent again.
    #[serde(default)]
    pub last_sent_at: Timestamp,
}

#[cw_serde]
pub enum NoticeStatus {
    InFlight,
    /// The provider credited it.
    Accepted,
    /// The provider refused it (e.g. the tokens had not arrived yet): `resend_notice`.
    Rejected {
        reason: String,
    },
    /// Not received in time: `resend_notice`.
    TimedOut,
}

/// Called by the consumer chain itself (a module with the `sudo` privilege, e.g. its evidence
/// handling).
#[cw_serde]
pub enum SudoMsg {
    ReportInfraction(InfractionReport),
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// The channel to the provider, if one was opened.
    #[returns(Option<ChannelResponse>)]
    Channel {},
    /// The operators with power, in valoper order.
    #[returns(Vec<OperatorResponse>)]
    Operators {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One operator by its provider validator address (also after it lost its power).
    #[returns(OperatorResponse)]
    Operator { operator: String },
    /// One operator by its key on this chain.
    #[returns(OperatorResponse)]
    OperatorByKey { consumer_key: String },
    /// The newest update applied and the total power.
    #[returns(PowerSummaryResponse)]
    PowerSummary {},
    #[returns(OutboxEntryResponse)]
    SlashRequest { request_id: u64 },
    /// The outbox, newest first.
    #[returns(Vec<OutboxEntryResponse>)]
    SlashRequests {
        start_before: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(Option<RewardRouteResponse>)]
    RewardRoute {},
    /// Rewards notices, newest first.
    #[returns(Vec<NoticeResponse>)]
    Notices {
        start_before: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub provider_connection_id: String,
    pub relay_port: String,
    pub packet_timeout: u64,
    pub reporters: Vec<Addr>,
}

#[cw_serde]
pub struct ChannelResponse {
    pub channel_id: String,
    pub open: bool,
}

#[cw_serde]
pub struct OperatorResponse {
    pub operator: String,
    pub consumer_key: String,
    /// Zero once the provider removed the operator.
    pub power: Uint128,
    /// The update that last set this operator.
    pub update_id: u64,
}

#[cw_serde]
pub struct PowerSummaryResponse {
    /// Newest update id applied (0 before any).
    pub last_update_id: u64,
    pub total_power: Uint128,
    pub operators: u32,
}

#[cw_serde]
pub enum OutboxStatus {
    /// Sent, neither acknowledged nor timed out yet.
    InFlight,
    /// The provider accepted it.
    Accepted(SlashRequestAck),
    /// The provider refused it with an error acknowledgement.
    Rejected { reason: String },
    /// Not received before its timeout: `retry_timed_out` re-sends it.
    TimedOut,
}

#[cw_serde]
pub struct OutboxEntryResponse {
    pub request: SlashRequest,
    pub status: OutboxStatus,
    /// Times it was sent.
    pub attempts: u32,
    pub last_sent_at: Timestamp,
}
