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
    /// configuration).
    ResendRejected { request_id: u64 },
    /// Owner: replaces the reporters.
    SetReporters { reporters: Vec<String> },
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
