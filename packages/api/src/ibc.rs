//! The `palisade-1` IBC protocol between the provider's relay and a consumer chain's consumer
//! contract: channel parameters, packets and acknowledgement payloads. Both ends compile against
//! these types, so the wire format is defined once (`docs/IBC.md` specifies it for other teams).
//!
//! Packets are JSON, externally tagged (`{"power_update": {...}}`). Acknowledgements are
//! [`cosmwasm_std::StdAck`]: `{"result": "<base64 of the JSON payload below>"}` or
//! `{"error": "<reason>"}`.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{IbcOrder, Timestamp, Uint128};

/// The channel version both ends require.
pub const PROTOCOL_VERSION: &str = "palisade-1";
/// Packets are independent (each carries its own id), so the channel is unordered: a timed-out
/// packet does not close it.
pub const PROTOCOL_ORDER: IbcOrder = IbcOrder::Unordered;

/// One operator's restaked power as the provider computed it.
#[cw_serde]
pub struct OperatorPower {
    /// The operator's validator address on the provider (`...valoper1...`).
    pub operator: String,
    /// The key the operator signs with on the consumer.
    pub consumer_key: String,
    /// Hub stake on the operator × its allocation to this consumer, in the provider's bond denom.
    pub power: Uint128,
}

/// Provider → consumer.
#[cw_serde]
pub enum ProviderPacket {
    /// Changes to the consumer's operator set. `update_id` strictly increases per channel; the
    /// consumer applies each entry only if `update_id` is newer than the one that last set that
    /// operator, so updates may arrive in any order and a re-sent state never goes backwards.
    PowerUpdate {
        update_id: u64,
        /// New or changed powers.
        powers: Vec<OperatorPower>,
        /// Operators (valoper) that no longer have power on this consumer.
        removed: Vec<String>,
    },
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum Infraction {
    DoubleSign,
    Downtime,
}

impl Infraction {
    /// The name events and packets use: the serde name (a test keeps them equal).
    pub fn name(self) -> &'static str {
        match self {
            Infraction::DoubleSign => "double_sign",
            Infraction::Downtime => "downtime",
        }
    }
}

/// Longest `packet_timeout` the relay and the consumer accept, and the longest downtime jail the
/// registry accepts: one year, in seconds.
pub const ONE_YEAR: u64 = 365 * 24 * 60 * 60;

/// Longest `packet_timeout` the relay and the consumer accept.
pub const MAX_PACKET_TIMEOUT: u64 = ONE_YEAR;

/// A `packet_timeout` outside 1 s ..= [`MAX_PACKET_TIMEOUT`].
#[derive(thiserror::Error, Debug, PartialEq, Eq)]
#[error("packet_timeout must be between 1 and {max} seconds, got {packet_timeout}")]
pub struct PacketTimeoutError {
    pub packet_timeout: u64,
    pub max: u64,
}

/// The relay's and the consumer's rule for their `packet_timeout`.
pub fn check_packet_timeout(packet_timeout: u64) -> Result<(), PacketTimeoutError> {
    if packet_timeout == 0 || packet_timeout > MAX_PACKET_TIMEOUT {
        return Err(PacketTimeoutError {
            packet_timeout,
            max: MAX_PACKET_TIMEOUT,
        });
    }
    Ok(())
}

/// Why an entry is failed or rejected when the counterparty's acknowledgement cannot be read.
pub const UNREADABLE_ACK: &str = "unreadable acknowledgement";

/// An infraction reported by the consumer.
#[cw_serde]
pub struct SlashRequest {
    /// Unique per consumer contract, assigned by it.
    pub request_id: u64,
    /// The operator's validator address on the provider.
    pub operator: String,
    pub infraction: Infraction,
    /// Consumer block height of the infraction.
    pub infraction_height: u64,
    /// Consumer block time of the infraction.
    pub infraction_time: Timestamp,
    /// The power update in force on the consumer at the infraction: the provider slashes the stake
    /// as of the provider height at which it sent that update.
    pub update_id: u64,
    /// Opaque evidence for governance (at most 4,096 bytes).
    pub evidence: Option<String>,
}

/// Consumer → provider.
#[cw_serde]
pub enum ConsumerPacket {
    SlashRequest(SlashRequest),
    /// Reward tokens the consumer sent to the relay by ICS-20. `denom` is the tokens' denom on the
    /// provider (`ibc/...`), one of the consumer's `reward_denoms`; `notice_id` is unique per
    /// consumer (a notice is credited once). The relay credits it only once the tokens are in its
    /// balance; until then it answers with an error ack and the consumer sends the notice again.
    RewardsNotice {
        notice_id: u64,
        denom: String,
        amount: Uint128,
    },
}

/// Result payload of an acknowledged `power_update`.
#[cw_serde]
pub struct PowerUpdateAck {
    pub update_id: u64,
    /// Entries applied (entries older than what the consumer holds are skipped).
    pub applied: u32,
    /// The consumer's block height and time when it applied the update (absent from consumers
    /// before release 0.3.0). The relay keeps them per operator: verified double-sign evidence
    /// is placed by them, not by anything the offender signed (`docs/IBC.md`).
    #[serde(default)]
    pub height: Option<u64>,
    #[serde(default)]
    pub time: Option<Timestamp>,
}

/// Where an accepted slash request stands on the provider.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum SlashStatus {
    /// Waiting for its veto period; anyone executes it afterwards.
    Pending,
    /// Beyond the consumer's rate limit: waits for governance to release or veto it.
    Queued,
    /// Governance vetoed it.
    Vetoed,
    /// Applied to the hub's stake.
    Executed,
}

impl SlashStatus {
    /// The name events use: the serde name (a test keeps them equal).
    pub fn name(self) -> &'static str {
        match self {
            SlashStatus::Pending => "pending",
            SlashStatus::Queued => "queued",
            SlashStatus::Vetoed => "vetoed",
            SlashStatus::Executed => "executed",
        }
    }
}

/// Result payload of an accepted `slash_request`.
#[cw_serde]
pub struct SlashRequestAck {
    /// The provider's id for the slash (the slash book's `slash { slash_id }` query).
    pub slash_id: u64,
    pub status: SlashStatus,
}

/// Longest `evidence` a slash request may carry.
pub const MAX_EVIDENCE_BYTES: usize = 4_096;

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::to_json_string;

    /// Events name infractions and statuses as the packets and queries spell them.
    #[test]
    fn names_are_the_serde_names() {
        for infraction in [Infraction::DoubleSign, Infraction::Downtime] {
            let name = format!("\"{}\"", infraction.name());
            assert_eq!(to_json_string(&infraction).unwrap(), name);
        }
        for status in [
            SlashStatus::Pending,
            SlashStatus::Queued,
            SlashStatus::Vetoed,
            SlashStatus::Executed,
        ] {
            let name = format!("\"{}\"", status.name());
            assert_eq!(to_json_string(&status).unwrap(), name);
        }
    }
}
