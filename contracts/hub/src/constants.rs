//! Names, reply ids and limits, in one place.

pub const CONTRACT_NAME: &str = "crates.io:palisade-hub";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Reply to the LRT's instantiation: records its address.
pub const REPLY_INSTANTIATE_LRT: u64 = 1;
/// Reply after the last staking message of a transaction: books the rewards x/staking paid out.
pub const REPLY_STAKING_CHECKPOINT: u64 = 2;
/// Reply after `harvest` withdrew rewards: books them and compounds.
pub const REPLY_HARVEST: u64 = 3;

/// Upper bound of the operator set, which bounds every loop over operators.
pub const MAX_OPERATORS: usize = 50;
/// Highest protocol fee governance may set: 20%.
pub const MAX_FEE_BPS: u16 = 2_000;
/// x/staking's default `max_entries`: unbonding (and redelegation) entries per delegator/validator.
pub const MAX_UNBONDING_ENTRIES: u64 = 7;
/// Time after an unbonding entry's completion before the hub treats its tokens as arrived.
/// x/staking pays matured entries at the end of the first block whose time passes the completion
/// time, so a transaction in that same block would not see them yet. One hour covers any normal
/// block time; only a transaction in the very first block after a chain halt longer than this could
/// settle early.
pub const SETTLEMENT_MARGIN: u64 = 3_600;
/// Longest pause the owner may configure as `max_pause_duration`: 30 days.
pub const MAX_PAUSE_CAP: u64 = 30 * 24 * 3_600;

/// Matured batches settled in one call.
pub const MAX_SETTLE_PER_CALL: usize = 30;
/// Requests one `claim` looks at.
pub const MAX_CLAIMS_PER_CALL: usize = 30;
/// Redelegations one `rebalance` sends.
pub const MAX_REBALANCE_MOVES: usize = 10;
/// Requests shown by `position`.
pub const MAX_POSITION_REQUESTS: usize = 30;

pub use palisade_api::pagination::clamp_limit;
