//! Names, reply ids and limits, in one place.

pub const CONTRACT_NAME: &str = "crates.io:palisade-hub";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Matured batches settled in one call.
pub const MAX_SETTLE_PER_CALL: usize = 30;
/// Requests one `claim` looks at.
pub const MAX_CLAIMS_PER_CALL: usize = 30;
/// Redelegations one `rebalance` sends.
pub const MAX_REBALANCE_MOVES: usize = 10;
/// Consumer slash payouts one `pay_slashes` pays.
pub const MAX_PAYOUTS_PER_CALL: usize = 10;
/// Unsettled batches one consumer slash cuts, newest first. One unbonding period holds about
/// `MAX_UNBONDING_ENTRIES` batches; more are unsettled only while nobody reconciles.
pub const MAX_SLASHED_BATCHES: usize = 16;
/// Requests shown by `position`.
pub const MAX_POSITION_REQUESTS: usize = 30;

pub use palisade_api::hub::{MAX_FEE_BPS, MAX_OPERATORS, MAX_PAUSE_CAP, MAX_UNBONDING_ENTRIES};
pub use palisade_api::pagination::clamp_limit;
