use cosmwasm_std::{CheckedMultiplyRatioError, IbcOrder, OverflowError, StdError};
use cw_ownable::OwnershipError;
use palisade_api::registry::ConsumerStatus;
use palisade_api::relay::{ChannelStatus, UpdateStatus};
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

    #[error("{0}")]
    MultiplyRatio(#[from] CheckedMultiplyRatioError),

    // Settings.
    #[error("packet_timeout must be in [1, {max}] seconds, got {packet_timeout}")]
    InvalidPacketTimeout { packet_timeout: u64, max: u64 },

    #[error("max_operators_per_update must be in [1, {max}], got {max_operators_per_update}")]
    InvalidMaxOperators {
        max_operators_per_update: u32,
        max: u32,
    },

    #[error("cannot migrate: {reason}")]
    InvalidMigration { reason: String },

    // Channel handshake.
    #[error("only the consumer opens the channel: OpenInit and OpenAck are refused")]
    OnlyConsumerInitiates,

    #[error("channel order must be {expected:?}, got {got:?}")]
    WrongOrder { got: IbcOrder, expected: IbcOrder },

    #[error("channel version must be {expected}, got {got}")]
    WrongVersion { got: String, expected: String },

    #[error("counterparty version must be {expected}, got {got}")]
    WrongCounterpartyVersion { got: String, expected: String },

    #[error("no consumer uses connection {connection_id}")]
    UnknownConnection { connection_id: String },

    #[error("more than {scanned} consumers in the registry: cannot find the one on connection {connection_id}")]
    TooManyConsumers {
        connection_id: String,
        scanned: usize,
    },

    #[error("consumer {chain_id} is {status:?}, not active")]
    ConsumerNotActive {
        chain_id: String,
        status: ConsumerStatus,
    },

    #[error("counterparty port must be {expected}, got {got}")]
    WrongCounterpartyPort { expected: String, got: String },

    #[error("consumer {chain_id} already has channel {channel_id} open")]
    ChannelAlreadyOpen {
        chain_id: String,
        channel_id: String,
    },

    #[error("unknown channel: {channel_id} is not a consumer's current channel")]
    UnknownChannel { channel_id: String },

    #[error("channel {channel_id} of {chain_id} is {status:?}, not open")]
    ChannelNotOpen {
        chain_id: String,
        channel_id: String,
        status: ChannelStatus,
    },

    // Power updates.
    #[error("consumer {chain_id} has no open channel")]
    NotConnected { chain_id: String },

    #[error("update {update_id} of {chain_id} is {status:?}, not in flight")]
    UpdateNotInFlight {
        chain_id: String,
        update_id: u64,
        status: UpdateStatus,
    },

    // Slash requests (refused with an error acknowledgement).
    #[error("malformed packet: {reason}")]
    MalformedPacket { reason: String },

    #[error("a rewards notice must name a positive amount")]
    ZeroRewards,

    #[error("a refund must name a positive amount")]
    ZeroRefund,

    #[error("duplicate rewards notice {notice_id}")]
    DuplicateNotice { notice_id: u64 },

    #[error("update {update_id} was not delivered, so it was never in force on the consumer")]
    UpdateNotDelivered { update_id: u64 },

    #[error("update {update_id} was sent at {sent_at}, after the infraction at {infraction_time}")]
    UpdateAfterInfraction {
        update_id: u64,
        sent_at: cosmwasm_std::Timestamp,
        infraction_time: cosmwasm_std::Timestamp,
    },

    #[error("update {update_id} was no longer in force: update {newer} was acknowledged at {acked_at} s, before the infraction")]
    UpdateSuperseded {
        update_id: u64,
        newer: u64,
        acked_at: u64,
    },

    #[error("update {update_id} did not carry {operator}: cite the update that set its power")]
    UpdateDidNotCarry { update_id: u64, operator: String },

    #[error("unknown update: {chain_id} was never sent update {update_id}")]
    UnknownUpdate { chain_id: String, update_id: u64 },

    // The slash book.
    #[error("no slash book: the owner has not named one, so slash requests cannot be opened yet")]
    NoSlashBook,

    #[error("only the slash book sends exposure updates and slash orders")]
    NotTheSlashBook,

    #[error("the slash book's answer could not be read: the opening is undone")]
    UnreadableAnswer,

    #[error("the slash book is already named ({slash_book}): a new book comes with a migration")]
    SlashBookAlreadyNamed { slash_book: String },

    #[error("unknown reply id {id}")]
    UnknownReply { id: u64 },
}
