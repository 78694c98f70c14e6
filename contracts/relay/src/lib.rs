//! The Palisade relay: the provider's end of `palisade-1`. It tells each consumer chain the
//! restaked power of the operators opted in to it, and hands the consumer's slash requests to the
//! slash book, where governance can veto them.
//!
//! 1. **Channel.** The consumer initiates; the relay answers `OpenTry` for a channel with the
//!    protocol's order and version, coming over the connection the registry lists for an active
//!    consumer, from that consumer's port. A consumer has one channel at a time: one that is
//!    still opening or was closed may be replaced by a new handshake, an open one may not.
//! 2. **Power.** Anyone cranks `send_power_updates`: it reads the next page of the consumer's
//!    operators from the registry, compares each operator's power with what was last sent
//!    (`LAST_SENT`), and sends the differences as one `power_update` packet with a fresh
//!    `update_id`. The page cursor wraps around, so repeated cranks cover any number of
//!    operators with bounded gas per call. Every update is recorded with the provider height and
//!    time it was sent at: slashes read the stake as of that height.
//! 3. **Acks.** A delivered update is marked so. A refused or timed-out one is marked failed and
//!    its operators are re-sent at once, with their latest state and a new id, so an update is
//!    never lost (the consumer applies an entry only if its id is newer, so re-sending never goes
//!    backwards). Without an open channel the re-send waits for the next channel.
//! 4. **Reconnecting.** Each channel that completes its handshake starts a new *generation*.
//!    Entries of `LAST_SENT` from an older generation count as not sent yet, so the cranks after
//!    a reconnection re-send every operator once, without a write per operator at connection
//!    time. Update ids keep increasing across channels.
//! 5. **Slash requests.** A `slash_request` from a consumer's open channel citing an update that
//!    was in force at the infraction is opened in the slash book (`palisade-slash-book`), which
//!    checks the rest, records the slash (veto period, rate limit, execution) and answers; the
//!    answer is the packet's acknowledgement. A refused request changes nothing. The book sends
//!    every change of the total exposure here, where the hub reads it, and orders executed
//!    slashes through the relay to the registry.
//! 6. **Where updates applied.** A consumer's acknowledgement says at which of its heights it
//!    applied the update; the relay keeps it per operator (`applied_at`), which is what the slash
//!    book places verified double-sign evidence by, with no word from the consumer about the
//!    offence.

pub mod contract;
pub mod error;
pub mod ibc;
pub mod migrations;
pub mod state;

mod applied;
mod channel;
mod power;
mod query;
mod registry;
mod rewards;
mod slashing;

#[cfg(test)]
mod tests;

pub use error::ContractError;
