//! Storage, the limits that bound it, and the checked time arithmetic every module shares.

use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use palisade_api::relay::{
    ChannelResponse, ChannelStatus, RelaySettings, UpdateResponse, UpdateStatus,
};
use palisade_api::stored_as_array;

pub use palisade_api::pagination::clamp_limit;

/// Page size of the registry's list queries: its own maximum.
pub const REGISTRY_PAGE: u32 = palisade_api::pagination::MAX_LIMIT;
/// Most registry `consumers` pages read to find the consumer of a connection.
pub const MAX_CONSUMER_PAGES: usize = 10;
/// `LAST_SENT` entries one crank reads, per operator it may read from the registry: room for
/// operators the registry no longer lists. A page with more stops early (see `power`).
pub const SENT_SCAN_FACTOR: usize = 2;
/// Longest veto reason.
pub const MAX_VETO_REASON_BYTES: usize = 1_024;

stored_as_array! {
    pub struct Config as ConfigWire ("ConfigWire") {
        pub registry: Addr,
        /// Read from the registry at instantiation: the contract whose stake slashes apply to.
        pub hub: Addr,
        pub settings: RelaySettings,
    }
}

stored_as_array! {
    /// A consumer's current channel and the power-update counters that outlive channels.
    pub struct ChannelRecord as ChannelRecordWire ("ChannelRecordWire") {
        pub channel_id: String,
        pub status: ChannelStatus,
        /// The id the next power update gets. Never reset: the consumer skips entries whose id is not
        /// newer than what it holds, whichever channel they came through.
        pub next_update_id: u64,
        /// Last operator of the previous page (`None`: the next page starts from the first).
        pub cursor: Option<String>,
        /// Sum of the powers in this consumer's `LAST_SENT` entries.
        pub total_power: Uint128,
        /// Increases with each channel that completes its handshake; `LAST_SENT` entries of older
        /// generations are re-sent by the cranks on the new channel.
        pub generation: u64,
    }
}

impl ChannelRecord {
    pub fn to_response(&self, chain_id: String) -> ChannelResponse {
        ChannelResponse {
            chain_id,
            channel_id: self.channel_id.clone(),
            status: self.status,
            next_update_id: self.next_update_id,
            cursor: self.cursor.clone(),
            total_power: self.total_power,
        }
    }
}

stored_as_array! {
    /// What was last sent for one operator (absent: nothing, or its removal).
    pub struct SentPower as SentPowerWire ("SentPowerWire") {
        pub consumer_key: String,
        pub power: Uint128,
        /// The update that last carried it.
        pub update_id: u64,
        /// The channel generation it was sent in.
        pub generation: u64,
    }
}

stored_as_array! {
    pub struct UpdateRecord as UpdateRecordWire ("UpdateRecordWire") {
        /// Provider height and time when it was sent.
        pub height: u64,
        pub time: Timestamp,
        pub status: UpdateStatus,
        /// Operators it carried, changed and removed.
        pub operators: Vec<String>,
    }
}

impl UpdateRecord {
    pub fn to_response(self, chain_id: String, update_id: u64) -> UpdateResponse {
        UpdateResponse {
            chain_id,
            update_id,
            height: self.height,
            time: self.time,
            status: self.status,
            operators: self.operators,
        }
    }
}

/// Registry address, hub address and settings.
pub const CONFIG: Item<Config> = Item::new("config");
/// Each consumer's current channel, by chain id.
pub const CHANNELS: Map<&str, ChannelRecord> = Map::new("channels");
/// The consumer of every channel ever accepted, by channel id (old channels stay, so their late
/// acknowledgements and timeouts still find their consumer).
pub const CHANNEL_CONSUMER: Map<&str, String> = Map::new("channel_consumer");
/// What was last sent to each consumer, by (chain id, operator).
pub const LAST_SENT: Map<(&str, &str), SentPower> = Map::new("last_sent");
/// Power updates by (chain id, update id).
pub const UPDATES: Map<(&str, u64), UpdateRecord> = Map::new("updates");
/// By (chain id, operator, provider time in seconds): the newest update id carrying the operator
/// among those whose acknowledgement the relay had received by then. Written on an
/// acknowledgement that raises it. The consumer applied every one of those updates before the
/// relay heard of it, so at any later time it held that update or a newer one for the operator:
/// a slash request citing an older update for an infraction after then cites an update that was
/// no longer in force.
pub const ACKED: Map<(&str, &str, u64), u64> = Map::new("acked");
/// By (chain id, operator, consumer height): the update the consumer applied for the operator at
/// that height, from the acknowledgements that carry heights. Kept as the consumer holds them:
/// ids grow with heights (an entry the consumer skipped because it held a newer one is not
/// kept), so the entry at or below a height is the update in force there (`applied`).
pub const APPLIED: Map<(&str, &str, u64), u64> = Map::new("applied");
/// By (chain id, update id): the consumer's block time when it applied the update.
pub const APPLIED_TIMES: Map<(&str, u64), Timestamp> = Map::new("applied_times");
/// By (chain id, operator, update id): the consensus key sent for the operator from that update
/// on, written when it changes (and at an operator's first entry).
pub const SENT_KEYS: Map<(&str, &str, u64), String> = Map::new("sent_keys");
/// The slash book: where accepted slash requests are opened (set by the owner).
pub const SLASH_BOOK: Item<Addr> = Item::new("slash_book");
/// What all pending and queued slashes would take: the slash book's total, sent here with every
/// change. Read raw by the hub to price deposits (`palisade_api::client::hub`): its key and
/// format are part of the relay's interface.
pub const TOTAL_EXPOSURE: Item<Uint128> =
    Item::new(palisade_api::client::hub::RELAY_TOTAL_EXPOSURE_KEY);
