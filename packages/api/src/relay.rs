//! Messages and responses of the relay: the provider's end of `palisade-1`. It accepts one channel
//! per active consumer, sends each consumer the restaked power of its operators, and turns the
//! consumers' slash requests, once checked against its channel and updates, into slashes opened
//! in the slash book (`slash_book`), where governance can veto them.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Timestamp, Uint128};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (governance): changes the relay's settings and names the slash book.
    pub owner: String,
    /// The registry: consumers, their parameters, opt-ins and restaked power.
    pub registry: String,
    pub settings: RelaySettings,
}

#[cw_serde]
pub struct RelaySettings {
    /// Seconds before an unreceived power update times out (then it is re-sent as the latest
    /// state).
    pub packet_timeout: u64,
    /// Most operators one `send_power_updates` call reads (and one packet carries): bounds its gas.
    pub max_operators_per_update: u32,
}

/// Most operators one power update may carry.
pub const MAX_OPERATORS_PER_UPDATE: u32 = 100;

/// Why [`RelaySettings`] are refused. The relay and the proposal generator share these rules.
#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum SettingsError {
    #[error(transparent)]
    PacketTimeout(#[from] crate::ibc::PacketTimeoutError),

    #[error(
        "max_operators_per_update must be between 1 and {max}, got {max_operators_per_update}"
    )]
    MaxOperators {
        max_operators_per_update: u32,
        max: u32,
    },
}

impl RelaySettings {
    pub fn check(&self) -> Result<(), SettingsError> {
        crate::ibc::check_packet_timeout(self.packet_timeout)?;
        if self.max_operators_per_update == 0
            || self.max_operators_per_update > MAX_OPERATORS_PER_UPDATE
        {
            return Err(SettingsError::MaxOperators {
                max_operators_per_update: self.max_operators_per_update,
                max: MAX_OPERATORS_PER_UPDATE,
            });
        }
        Ok(())
    }
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Anyone: reads the next page of `chain_id`'s operators from the registry and sends the
    /// powers that changed since they were last sent (one packet, at most
    /// `max_operators_per_update` operators). Call repeatedly to cover a large set; the page
    /// cursor wraps around.
    SendPowerUpdates { chain_id: String },
    /// Owner: names the slash book that accepted slash requests are opened in, once (another
    /// book would strand the first one's open slashes; a new book comes with a migration). Until
    /// then the relay refuses slash requests (error acknowledgement; the consumer may send them
    /// again).
    SetSlashBook { slash_book: String },
    /// The slash book only: the new total exposure (read raw by the hub) and, for an executed
    /// slash, the order the relay hands to the registry.
    SlashBookUpdate {
        total_exposure: Uint128,
        order: Option<crate::slash_book::SlashOrder>,
    },
    /// Owner (governance): sends `amount` of `denom` from the relay's balance to `recipient`. The
    /// relay holds only reward tokens whose notice it has not credited; this returns those no
    /// notice can credit (a denom the registry did not admit for the consumer, or one the LRT
    /// cannot list). Tokens a notice still waits for would leave that notice refused until they
    /// are replaced: governance checks the consumer's notices first (`docs/REWARDS.md`).
    RefundRewards {
        denom: String,
        amount: Uint128,
        recipient: String,
    },
    /// Owner: replaces the settings.
    UpdateSettings(RelaySettings),
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// A consumer's channel and update counters.
    #[returns(ChannelResponse)]
    Channel { chain_id: String },
    #[returns(Vec<ChannelResponse>)]
    Channels {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One power update: when it was sent (the provider height slashes are computed at) and
    /// whether it arrived.
    #[returns(UpdateResponse)]
    Update { chain_id: String, update_id: u64 },
    /// The powers last sent to a consumer (what it holds once every update arrived); operators
    /// told to leave are listed with power 0.
    #[returns(Vec<crate::ibc::OperatorPower>)]
    SentPowers {
        chain_id: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Where the consumer applied `operator`'s updates around its block `height`, as its
    /// acknowledgements reported (consumers of release 0.3.0 on): the update in force there and
    /// the next one. What verified double-sign evidence is placed by.
    #[returns(AppliedAtResponse)]
    AppliedAt {
        chain_id: String,
        operator: String,
        height: u64,
    },
}

#[cw_serde]
pub struct AppliedAtResponse {
    /// The newest update applied for the operator at or below the height: in force there.
    pub in_force: Option<AppliedUpdate>,
    /// The first one applied above it.
    pub next: Option<AppliedUpdate>,
}

/// An update the consumer applied for one operator.
#[cw_serde]
pub struct AppliedUpdate {
    pub update_id: u64,
    /// The consumer's block height and time when it applied it.
    pub consumer_height: u64,
    pub consumer_time: Timestamp,
    /// The consensus key it carried for the operator; `None` if it removed the operator, or
    /// was sent before the relay recorded keys (release 0.3.0).
    pub consumer_key: Option<String>,
    /// The provider height and time it was sent at: the stake it carried is as of that block's
    /// end, times the allocation in force at that time (what the crank read).
    pub provider_height: u64,
    pub provider_time: Timestamp,
}

#[cw_serde]
pub struct ConfigResponse {
    pub registry: cosmwasm_std::Addr,
    pub hub: cosmwasm_std::Addr,
    pub settings: RelaySettings,
    /// Where accepted slash requests are opened (`None` until the owner names it).
    pub slash_book: Option<cosmwasm_std::Addr>,
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum ChannelStatus {
    /// Handshake started (`OpenTry` accepted), not confirmed yet.
    Opening,
    Open,
    /// Closed: the consumer is disconnected until a new channel opens.
    Closed,
}

#[cw_serde]
pub struct ChannelResponse {
    pub chain_id: String,
    pub channel_id: String,
    pub status: ChannelStatus,
    /// The id the next power update gets.
    pub next_update_id: u64,
    /// Where the next `send_power_updates` page starts (`None`: from the first operator).
    pub cursor: Option<String>,
    /// Sum of the powers last sent: the consumer's restaked stake, which its rate limit is a
    /// fraction of.
    pub total_power: Uint128,
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum UpdateStatus {
    InFlight,
    Delivered,
    /// Timed out or refused: its operators are re-sent with their latest power by the next crank.
    Failed,
}

#[cw_serde]
pub struct UpdateResponse {
    pub chain_id: String,
    pub update_id: u64,
    /// Provider height and time when it was sent.
    pub height: u64,
    pub time: Timestamp,
    pub status: UpdateStatus,
    /// Operators it carried (changed and removed).
    pub operators: Vec<String>,
}
