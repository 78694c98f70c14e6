use cosmwasm_std::{IbcOrder, OverflowError, StdError, Timestamp};
use cw_ownable::OwnershipError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Ownership(#[from] OwnershipError),

    #[error("{0}")]
    Payment(#[from] cw_utils::PaymentError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("packet_timeout must be in [1, {max}] seconds, got {packet_timeout}")]
    InvalidPacketTimeout { packet_timeout: u64, max: u64 },

    #[error("provider_connection_id must not be empty")]
    EmptyConnectionId,

    #[error("relay_port must not be empty")]
    EmptyRelayPort,

    #[error("{count} reporters given, at most {max} allowed")]
    TooManyReporters { count: usize, max: usize },

    #[error("reporter {reporter} is listed twice")]
    DuplicateReporter { reporter: String },

    // Channel handshake.
    #[error("only the consumer opens the channel: OpenTry and OpenConfirm are refused")]
    OnlyConsumerInitiates,

    #[error("channel order must be {expected:?}, got {got:?}")]
    WrongOrder { got: IbcOrder, expected: IbcOrder },

    #[error("channel version must be {expected}, got {got}")]
    WrongVersion { got: String, expected: String },

    #[error("channel must use connection {expected}, got {got}")]
    WrongConnection { got: String, expected: String },

    #[error("counterparty port must be {expected}, got {got}")]
    WrongPort { got: String, expected: String },

    #[error("channel {channel_id} to the provider is already open")]
    ChannelAlreadyOpen { channel_id: String },

    #[error("channel {channel_id} is not the open channel to the provider")]
    UnknownChannel { channel_id: String },

    // Power updates (refused with an error acknowledgement).
    #[error("malformed packet: {reason}")]
    MalformedPacket { reason: String },

    #[error("update_id must be positive")]
    ZeroUpdateId,

    #[error("an operator address is empty")]
    EmptyOperator,

    #[error("operator {operator} has an empty consumer key")]
    EmptyConsumerKey { operator: String },

    #[error("operator {operator} appears twice in the update")]
    DuplicateOperator { operator: String },

    #[error("consumer key {consumer_key} belongs to {owner}, not {operator}")]
    ConsumerKeyTaken {
        consumer_key: String,
        owner: String,
        operator: String,
    },

    // Reports.
    #[error("{sender} is neither the owner nor a reporter")]
    Unauthorized { sender: String },

    #[error("no power update named consumer key {consumer_key}")]
    UnknownConsumerKey { consumer_key: String },

    #[error("infraction at height {infraction_height} ({infraction_time}) is after the current block {height} ({time})")]
    InfractionInFuture {
        infraction_height: u64,
        infraction_time: Timestamp,
        height: u64,
        time: Timestamp,
    },

    #[error("the operator had no power at height {infraction_height}")]
    NoPowerAtInfraction { infraction_height: u64 },

    #[error("evidence is {len} bytes, at most {max} allowed")]
    EvidenceTooLong { len: usize, max: usize },

    #[error("{infraction} by {operator} at height {infraction_height} was already reported as request {request_id}")]
    DuplicateReport {
        operator: String,
        infraction: String,
        infraction_height: u64,
        request_id: u64,
    },

    // Outbox.
    #[error("no open channel to the provider")]
    NotConnected,

    #[error("no timed-out slash request to re-send")]
    NothingToRetry,

    #[error("slash request {request_id} does not exist")]
    UnknownRequest { request_id: u64 },

    #[error("slash request {request_id} is neither rejected nor in flight on a closed channel")]
    NotRejected { request_id: u64 },

    // Rewards.
    #[error("invalid reward route: {reason}")]
    InvalidRewardRoute { reason: String },

    #[error("no reward route: the owner sets one with set_reward_route")]
    NoRewardRoute,

    #[error("{denom} has no route to the provider")]
    UnroutedDenom { denom: String },

    #[error("the contract holds no {denom} to forward")]
    NoRewardsToForward { denom: String },

    #[error("rewards notice {notice_id} does not exist")]
    UnknownNotice { notice_id: u64 },

    #[error("rewards notice {notice_id} is accepted or in flight on the open channel: only rejected, timed-out and stranded notices are sent again")]
    NoticeNotResendable { notice_id: u64 },

    #[error("cannot migrate: {reason}")]
    InvalidMigration { reason: String },
}
