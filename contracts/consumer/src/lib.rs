//! The Palisade consumer contract: the consumer chain's end of `palisade-1`.
//!
//! 1. **Channel.** The consumer opens the channel (`OpenInit`) to the provider's relay, over the
//!    connection and to the port fixed at instantiation; the relay never initiates. One channel is
//!    open at a time; a closed one may be replaced by a new handshake.
//! 2. **Power.** The relay sends `power_update` packets. Each entry is applied only if its
//!    `update_id` is newer than the one that last set that operator, so updates may arrive in any
//!    order and a re-sent state never goes backwards. A packet that is refused gets an error
//!    acknowledgement and changes nothing: every check runs before the first write. The contract
//!    records, per block height, the newest update applied by then, so a report can name the
//!    update in force at its infraction.
//! 3. **Reports.** The owner, a reporter or the chain itself (`sudo`) reports an infraction by the
//!    operator's key on this chain. The report becomes a slash request in the outbox and is sent
//!    to the provider when the channel is open; otherwise it waits as timed out, so a report is
//!    never lost.
//! 4. **Outbox.** The provider's acknowledgement marks a request accepted (with the provider's
//!    slash id) or rejected; a timeout marks it timed out. Anyone re-sends timed-out requests once
//!    a channel is open; the owner re-sends rejected ones.

pub mod contract;
pub mod error;
pub mod ibc;
pub mod migrations;
pub mod state;

mod channel;
mod outbox;
mod power;
mod query;
mod rewards;

#[cfg(test)]
mod tests;

pub use error::ContractError;
