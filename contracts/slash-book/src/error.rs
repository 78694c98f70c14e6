use cosmwasm_std::{CheckedMultiplyRatioError, OverflowError, StdError, Timestamp};
use cw_ownable::OwnershipError;
use palisade_api::ibc::{Infraction, SlashStatus};
use palisade_api::registry::ConsumerStatus;
use thiserror::Error;

/// The texts of the refusals a consumer reads in its error acknowledgement are the relay's of
/// release 0.2.0, when the relay kept the book.
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

    #[error("cannot migrate: {reason}")]
    InvalidMigration { reason: String },

    #[error("only the relay opens slashes")]
    NotTheRelay,

    #[error("no update the consumer applied for {operator} at or below height {height} is known: nothing of its stake was at risk there")]
    NothingInForce { operator: String, height: u64 },

    #[error("update {update_id}, in force at that height, carried no key the relay recorded for {operator} (it removed the operator, or predates release 0.3.0)")]
    NoKeyInForce { operator: String, update_id: u64 },

    #[error("the consumer key {consumer_key} is not an ed25519 public key in base64")]
    KeyNotEd25519 { consumer_key: String },

    #[error("invalid evidence: {0}")]
    Evidence(#[from] palisade_api::evidence::EvidenceError),

    #[error("the slash book is still importing the relay's records: slash {next_slash_id} of {last_slash_id} is next (import_slashes)")]
    Importing {
        next_slash_id: u64,
        last_slash_id: u64,
    },

    #[error("nothing to import: every record of the relay is here")]
    NothingToImport,

    #[error("the relay has no record of slash {slash_id}")]
    MissingRelayRecord { slash_id: u64 },

    // Slash requests (refused: the relay acknowledges the packet with the error).
    #[error("consumer {chain_id} is {status:?}, not active")]
    ConsumerNotActive {
        chain_id: String,
        status: ConsumerStatus,
    },

    #[error("{operator} is already slashed by this consumer for an offence covering this one")]
    AlreadySlashed { operator: String },

    #[error("evidence is {len} bytes, at most {max} allowed")]
    EvidenceTooLong { len: usize, max: usize },

    #[error("request id 0 is reserved for verified evidence: a consumer's requests start at 1")]
    ReservedRequestId,

    #[error("duplicate request: request {request_id} is already slash {slash_id}")]
    DuplicateRequest { request_id: u64, slash_id: u64 },

    #[error("duplicate infraction: {infraction:?} by {operator} at height {infraction_height} is already slash {slash_id}")]
    DuplicateInfraction {
        operator: String,
        infraction: Infraction,
        infraction_height: u64,
        slash_id: u64,
    },

    #[error("stale infraction: at {infraction_time}, reportable until {deadline}, now {now}")]
    StaleInfraction {
        infraction_time: Timestamp,
        deadline: Timestamp,
        now: Timestamp,
    },

    #[error("infraction in the future: at {infraction_time}, now {now}")]
    InfractionInFuture {
        infraction_time: Timestamp,
        now: Timestamp,
    },

    #[error(
        "operator not opted in at update {update_id}: {operator} had no allocation to {chain_id}"
    )]
    NotOptedIn {
        chain_id: String,
        operator: String,
        update_id: u64,
    },

    // Governance.
    #[error("slash {slash_id} does not exist")]
    UnknownSlash { slash_id: u64 },

    #[error("slash {slash_id} is {status:?}: only pending and queued slashes can be vetoed")]
    SlashNotVetoable { slash_id: u64, status: SlashStatus },

    #[error("slash {slash_id} is {status:?}: only pending slashes can be executed")]
    SlashNotPending { slash_id: u64, status: SlashStatus },

    #[error("slash {slash_id} is executable from {executable_at}, now {now}")]
    VetoPeriodRunning {
        slash_id: u64,
        executable_at: Timestamp,
        now: Timestamp,
    },

    #[error("slash {slash_id} is {status:?}: only queued slashes can be released")]
    SlashNotQueued { slash_id: u64, status: SlashStatus },

    #[error("veto reason must be 1 to {max} bytes, got {len}")]
    InvalidVetoReason { len: usize, max: usize },
}
