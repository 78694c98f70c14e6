//! The Palisade slash book: every slash a consumer asked for, from acceptance to execution or
//! veto. It was part of the relay until release 0.2.0; it is a contract of its own so that the
//! relay (the IBC endpoint) keeps room within its size budget, and so that more than one source
//! can open slashes (verified double-sign evidence, `docs/DECISIONS.md`).
//!
//! 1. **Opening.** The relay checks what needs its channel and power updates and opens the slash
//!    here (`open_slash`, the relay only). The book checks the rest and records the slash, or
//!    answers why not without writing anything; the relay acknowledges the packet with the
//!    answer (`opening`).
//!    Anyone may also submit a consumer validator's double-sign evidence (`submit_evidence`):
//!    two conflicting votes, placed by the heights the relay recorded from the consumer's
//!    acknowledgements and checked against the key the update in force carried; valid evidence
//!    opens the slash here with no word from the consumer (`evidence`).
//! 2. **Veto period.** Within the consumer's rate limit a slash is `Pending` until its veto
//!    period ends; beyond it, `Queued` until governance releases or vetoes it (`governance`).
//! 3. **Execution.** Anyone executes a pending slash after its veto period; the order goes to the
//!    registry through the relay, which stays the registry's and the hub's one counterparty.
//! 4. **Exposure.** What pending and queued slashes would take, per operator and in all. The
//!    relay keeps a copy of the total (the hub reads it raw to price deposits): every change is
//!    sent to it in the transaction that makes it.
//! 5. **Import.** A deployment whose relay kept the book (release 0.2.0) carries its records over
//!    in pages (`import`); until then the book does nothing else.

pub mod contract;
pub mod error;
pub mod migrations;
pub mod state;

mod evidence;
mod governance;
mod import;
mod opening;
mod query;
mod registry;

pub use error::ContractError;

#[cfg(test)]
mod tests;
