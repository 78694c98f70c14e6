//! Messages and responses of the registry: the consumer chains admitted by governance, and the
//! operators (provider validators) that opted in to them with an allocation of their stake.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (governance).
    pub owner: String,
    /// The hub, whose withdrawal delay bounds every consumer's unbonding period.
    pub hub: String,
    pub params: RegistryParams,
}

/// Registry-wide parameters, replaced as a whole by the owner.
#[cw_serde]
pub struct RegistryParams {
    /// Seconds a risk-raising change (an admission, a higher slash fraction, ...) waits before it
    /// can take effect.
    pub risk_timelock: u64,
    /// Seconds an operator's allocation increase waits before it takes effect.
    pub allocation_delay: u64,
    /// Cap on the sum of one operator's allocations. 1.0 means unique stake: no unit of stake is
    /// slashable by two consumers.
    pub max_total_allocation: Decimal,
    /// Highest commission an operator may register with, in basis points.
    pub max_commission_bps: u16,
}

/// Cap on `max_total_allocation`: stake may back at most ten consumers' full allocations.
pub const MAX_TOTAL_ALLOCATION_CAP: u64 = 10;
/// Ceiling of `max_commission_bps`: 100%.
pub const MAX_COMMISSION_BPS: u16 = crate::math::BPS_DENOMINATOR as u16;

/// Most operators one consumer may take: bounds the loop that splits its rewards.
pub const MAX_OPERATORS_PER_CONSUMER: u32 = 100;
/// Longest `downtime_jail`: one year. Bounds the jail's end time, and a longer jail is a
/// tombstone in all but name.
pub const MAX_DOWNTIME_JAIL: u64 = crate::ibc::ONE_YEAR;

/// Why [`ConsumerParams`] are refused on their own. The registry checks these, then what needs
/// its state: the slash destination's address, a connection and reward denoms no other consumer
/// holds, and the unbonding period against the hub's withdrawal delay.
#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum ConsumerParamsError {
    #[error("connection_id must be an IBC connection id (connection-N)")]
    ConnectionId,

    #[error("counterparty_port is empty")]
    EmptyPort,

    #[error("unbonding_period must be positive")]
    ZeroUnbondingPeriod,

    #[error("slash fractions must be at most 1")]
    SlashFraction,

    #[error("slash_rate_limit needs a fraction in (0, 1] and a positive window")]
    RateLimit,

    #[error("commission_bounds need min <= max <= {max}")]
    CommissionBounds { max: u16 },

    #[error("max_operators must be in [1, {max}]")]
    MaxOperators { max: u32 },

    #[error("downtime_jail must be at most one year ({max} seconds)")]
    DowntimeJail { max: u64 },

    #[error("too many reward_denoms (at most {max})")]
    TooManyRewardDenoms { max: usize },

    #[error("reward_denoms must be distinct and not empty")]
    RewardDenoms,
}

impl ConsumerParams {
    pub fn check(&self) -> Result<(), ConsumerParamsError> {
        use ConsumerParamsError as E;
        if !self.connection_id.starts_with("connection-") {
            return Err(E::ConnectionId);
        }
        if self.counterparty_port.trim().is_empty() {
            return Err(E::EmptyPort);
        }
        if self.unbonding_period == 0 {
            return Err(E::ZeroUnbondingPeriod);
        }
        let one = Decimal::one();
        if self.double_sign_fraction > one || self.downtime_fraction > one {
            return Err(E::SlashFraction);
        }
        let limit = &self.slash_rate_limit;
        if limit.max_fraction.is_zero() || limit.max_fraction > one || limit.window == 0 {
            return Err(E::RateLimit);
        }
        let bounds = &self.commission_bounds;
        if bounds.min_bps > bounds.max_bps || bounds.max_bps > MAX_COMMISSION_BPS {
            return Err(E::CommissionBounds {
                max: MAX_COMMISSION_BPS,
            });
        }
        if self.max_operators == 0 || self.max_operators > MAX_OPERATORS_PER_CONSUMER {
            return Err(E::MaxOperators {
                max: MAX_OPERATORS_PER_CONSUMER,
            });
        }
        if self.downtime_jail > MAX_DOWNTIME_JAIL {
            return Err(E::DowntimeJail {
                max: MAX_DOWNTIME_JAIL,
            });
        }
        if self.reward_denoms.len() > crate::lrt::MAX_REWARD_DENOMS {
            return Err(E::TooManyRewardDenoms {
                max: crate::lrt::MAX_REWARD_DENOMS,
            });
        }
        for (i, denom) in self.reward_denoms.iter().enumerate() {
            if denom.trim().is_empty() || self.reward_denoms[..i].contains(denom) {
                return Err(E::RewardDenoms);
            }
        }
        Ok(())
    }
}

/// Why [`RegistryParams`] are refused. The registry and the proposal generator share these rules.
#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum RegistryParamsError {
    #[error("max_total_allocation must be in (0, {max}]")]
    MaxTotalAllocation { value: Decimal, max: u64 },

    #[error("max_commission_bps must be at most {max}")]
    MaxCommission { value: u16, max: u16 },
}

impl RegistryParams {
    pub fn check(&self) -> Result<(), RegistryParamsError> {
        let cap = Decimal::from_ratio(MAX_TOTAL_ALLOCATION_CAP, 1u64);
        if self.max_total_allocation.is_zero() || self.max_total_allocation > cap {
            return Err(RegistryParamsError::MaxTotalAllocation {
                value: self.max_total_allocation,
                max: MAX_TOTAL_ALLOCATION_CAP,
            });
        }
        if self.max_commission_bps > MAX_COMMISSION_BPS {
            return Err(RegistryParamsError::MaxCommission {
                value: self.max_commission_bps,
                max: MAX_COMMISSION_BPS,
            });
        }
        Ok(())
    }
}

/// Everything governance decides about one consumer chain.
#[cw_serde]
pub struct ConsumerParams {
    /// IBC connection on the provider that the consumer's channel must come through.
    pub connection_id: String,
    /// The consumer contract's port on the consumer chain (`wasm.<address>`).
    pub counterparty_port: String,
    /// Seconds the consumer may report an infraction after it happened. At most the hub's
    /// withdrawal delay, so unbonding stake stays slashable while the consumer could report.
    pub unbonding_period: u64,
    /// Fraction of the allocated stake slashed for a double sign.
    pub double_sign_fraction: Decimal,
    /// Fraction of the allocated stake slashed for downtime.
    pub downtime_fraction: Decimal,
    /// Seconds governance has to veto a slash before anyone can execute it (0 = immediate).
    pub veto_period: u64,
    /// Seconds an operator stays jailed on this consumer (power 0 there) after a downtime slash
    /// executes; its power returns by itself afterwards (at most one year). A double sign
    /// tombstones instead. Changes apply at once: the jail's length does not change stakers' risk.
    pub downtime_jail: u64,
    /// Most of the consumer's restaked stake it may slash per window; the excess waits for
    /// governance.
    pub slash_rate_limit: RateLimit,
    /// Where slashed funds go.
    pub slashed_funds: SlashDestination,
    /// Denoms the consumer pays rewards in.
    pub reward_denoms: Vec<String>,
    /// Bounds of the commission operators take on this consumer's rewards, in basis points.
    pub commission_bounds: CommissionBounds,
    /// Most operators that may opt in.
    pub max_operators: u32,
}

#[cw_serde]
pub struct RateLimit {
    pub max_fraction: Decimal,
    pub window: u64,
}

#[cw_serde]
pub enum SlashDestination {
    Burn {},
    Address { address: String },
}

#[cw_serde]
pub struct CommissionBounds {
    pub min_bps: u16,
    pub max_bps: u16,
}

#[cw_serde]
pub struct OperatorMetadata {
    pub moniker: String,
    pub website: Option<String>,
    pub contact: Option<String>,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Owner: proposes a consumer. It can be activated once `risk_timelock` has passed.
    ProposeConsumer {
        chain_id: String,
        params: ConsumerParams,
    },
    /// Owner: activates a proposed consumer after its timelock.
    ActivateConsumer { chain_id: String },
    /// Owner: pauses an active consumer (no new opt-ins or power changes). Takes effect at once.
    PauseConsumer { chain_id: String },
    /// Owner: resumes a paused consumer.
    ResumeConsumer { chain_id: String },
    /// Owner: removes a consumer for good.
    RemoveConsumer { chain_id: String },
    /// Owner: replaces a consumer's parameters. Changes that lower stakers' risk apply at once;
    /// if any change raises it, the whole update waits `risk_timelock`.
    UpdateConsumerParams {
        chain_id: String,
        params: ConsumerParams,
    },
    /// Anyone: applies a consumer's pending parameters once their time has come.
    ApplyConsumerParams { chain_id: String },
    /// Owner: replaces the registry parameters. Changes that lower stakers' risk apply at once; if
    /// any change raises it (a higher allocation cap or commission ceiling, a shorter allocation
    /// delay or timelock), the whole update waits the current `risk_timelock`.
    UpdateParams(RegistryParams),
    /// Anyone: applies pending registry parameters once their time has come.
    ApplyParams {},
    /// Owner: sets the relay, the only caller of `jail` and `tombstone`.
    SetRelay { relay: String },

    /// A validator's operator account registers it as an operator.
    RegisterOperator {
        validator: String,
        metadata: OperatorMetadata,
        commission_bps: u16,
    },
    /// The operator leaves: only once no opt-in record remains (opt-outs taken effect and
    /// pruned). It also leaves the hub's operator set, whose `rebalance` moves its stake away.
    DeregisterOperator {},
    /// Owner: the hub's target weight for a registered, never-tombstoned operator; 0 removes it
    /// from the hub's set (allowed for any validator). Needs the hub's `SetRegistry` to name
    /// this registry.
    SetHubWeight { validator: String, weight: u64 },
    /// Anyone: follows x/staking's jail of an operator's validator on the provider. Out of the
    /// bonded set (wasmd's `AllValidators`), its hub weight is parked here and the hub removes it
    /// (its `rebalance` then moves the stake away); back in the set, the parked weight is restored.
    SyncValidator { validator: String },
    /// The operator updates its metadata and default commission.
    UpdateOperator {
        metadata: OperatorMetadata,
        commission_bps: u16,
    },
    /// The operator opts in to an active consumer with its key there and an allocation. The
    /// allocation takes effect after `allocation_delay`.
    OptIn {
        chain_id: String,
        consumer_key: String,
        allocation: Decimal,
        commission_bps: u16,
    },
    /// The operator changes its allocation: increases take effect after `allocation_delay`,
    /// decreases after the consumer's unbonding period (the stake stays slashable until then).
    SetAllocation {
        chain_id: String,
        allocation: Decimal,
    },
    /// The operator changes its commission on a consumer's rewards, within the consumer's
    /// bounds: a cut applies at once, a rise after `allocation_delay` (holders see it coming).
    SetCommission {
        chain_id: String,
        commission_bps: u16,
    },
    /// The operator leaves a consumer: its allocation falls to zero after the consumer's unbonding
    /// period.
    OptOut { chain_id: String },
    /// Anyone: removes an opt-in whose opt-out has taken effect, freeing its seat and its key.
    PruneOptIn { validator: String, chain_id: String },

    /// Relay: executes a slash it accepted. Downtime jails the operator on the consumer for the
    /// consumer's `downtime_jail`; a double sign tombstones it (allocation there removed, out of
    /// the hub's operator set for good). The registry then has the hub take the stake, paying the
    /// consumer's `slashed_funds` destination. A missing opt-in or operator record (pruned,
    /// deregistered) skips the jail, never the slash.
    Slash {
        slash_id: u64,
        validator: String,
        chain_id: String,
        infraction: crate::ibc::Infraction,
        /// What to take in all: `fraction × allocation × stake at the infraction`, rounded down.
        amount: Uint128,
        /// Provider height whose stake was at risk (the named power update's height).
        height: u64,
    },
    /// Relay: a consumer's rewards that arrived, sent as funds. Forwarded to the LRT's
    /// `consumer_rewards`, which checks them against this registry and splits them (fee,
    /// operators' commission, holders).
    ConsumerRewards { chain_id: String, notice_id: u64 },
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(ConsumerResponse)]
    Consumer { chain_id: String },
    #[returns(Vec<ConsumerResponse>)]
    Consumers {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One operator's profile with every consumer it opted in to.
    #[returns(OperatorResponse)]
    Operator { validator: String },
    #[returns(Vec<OperatorResponse>)]
    Operators {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The operators opted in to one consumer, with their restaked power.
    #[returns(Vec<ConsumerOperatorResponse>)]
    ConsumerOperators {
        chain_id: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// An operator's opt-in to a consumer as it stood at the start of block `height`, with the
    /// allocation in force at `time` (the block time of an infraction): what a slash is computed
    /// from.
    #[returns(Option<OptInResponse>)]
    OptInAt {
        validator: String,
        chain_id: String,
        height: u64,
        time: Timestamp,
    },
    /// An operator's restaked power on a consumer as of an infraction: the hub's stake on it at
    /// the start of block `height` times the allocation in force at `time` by the opt-in recorded
    /// at `height` (zero when it was not opted in).
    #[returns(PowerAtResponse)]
    PowerAt {
        validator: String,
        chain_id: String,
        height: u64,
        time: Timestamp,
    },
}

#[cw_serde]
pub struct PowerAtResponse {
    pub hub_stake: Uint128,
    pub allocation: Decimal,
    /// `hub_stake × allocation`, rounded down.
    pub restaked_power: Uint128,
}

#[cw_serde]
pub struct ConfigResponse {
    pub hub: Addr,
    pub relay: Option<Addr>,
    pub params: RegistryParams,
    /// A risk-raising update waiting for its timelock.
    pub pending_params: Option<PendingRegistryParams>,
}

#[cw_serde]
pub struct PendingRegistryParams {
    pub params: RegistryParams,
    pub effective_at: Timestamp,
}

impl RegistryParams {
    /// Whether any change from `self` to `new` raises stakers' risk.
    pub fn raised_by(&self, new: &RegistryParams) -> bool {
        new.max_total_allocation > self.max_total_allocation
            || new.max_commission_bps > self.max_commission_bps
            || new.allocation_delay < self.allocation_delay
            || new.risk_timelock < self.risk_timelock
    }
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum ConsumerStatus {
    Proposed,
    Active,
    Paused,
    Removed,
}

#[cw_serde]
pub struct PendingParams {
    pub params: ConsumerParams,
    pub effective_at: Timestamp,
}

#[cw_serde]
pub struct ConsumerResponse {
    pub chain_id: String,
    pub status: ConsumerStatus,
    pub params: ConsumerParams,
    /// A risk-raising update waiting for its timelock.
    pub pending: Option<PendingParams>,
    /// When a proposed consumer may be activated.
    pub activatable_at: Timestamp,
    /// Operators opted in (including those leaving).
    pub operators: u32,
}

#[cw_serde]
#[derive(Eq)]
pub enum OperatorStatus {
    Active,
    Jailed { until: Timestamp },
    Tombstoned,
}

#[cw_serde]
pub struct PendingAllocation {
    pub allocation: Decimal,
    pub effective_at: Timestamp,
}

#[cw_serde]
pub struct PendingCommission {
    pub commission_bps: u16,
    pub effective_at: Timestamp,
}

#[cw_serde]
pub struct OptInResponse {
    pub validator: String,
    pub chain_id: String,
    pub consumer_key: String,
    /// The allocation in force now (or at the time asked).
    pub allocation: Decimal,
    /// A change waiting to take effect.
    pub pending: Option<PendingAllocation>,
    /// The commission on this consumer's rewards in force now (or at the time asked).
    pub commission_bps: u16,
    /// A commission rise waiting to take effect.
    pub pending_commission: Option<PendingCommission>,
    pub status: OperatorStatus,
}

#[cw_serde]
pub struct ConsumerOperatorResponse {
    pub opt_in: OptInResponse,
    /// What the hub has delegated to the operator (0 if none).
    pub hub_stake: Uint128,
    /// `hub_stake × allocation in force`, rounded down: what the consumer may slash, and the
    /// operator's voting power there.
    pub restaked_power: Uint128,
}

#[cw_serde]
pub struct OperatorResponse {
    pub validator: String,
    /// The validator's operator account, which registered it.
    pub account: Addr,
    pub metadata: OperatorMetadata,
    pub commission_bps: u16,
    /// Tombstoned on some consumer: never again eligible for the hub's stake.
    pub tombstoned: bool,
    /// Sum of the allocations counted against the cap (the higher of current and pending).
    pub committed_allocation: Decimal,
    pub opt_ins: Vec<OptInResponse>,
    /// The hub weight parked while x/staking has the validator out of the bonded set (jailed on
    /// the provider); `sync_validator` restores it once the validator is bonded again.
    pub parked_hub_weight: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> RegistryParams {
        RegistryParams {
            risk_timelock: 100,
            allocation_delay: 50,
            max_total_allocation: Decimal::one(),
            max_commission_bps: 1_000,
        }
    }

    #[test]
    fn each_risk_raising_change_is_recognised_and_lowering_is_not() {
        let old = params();
        let raising: Vec<fn(&mut RegistryParams)> = vec![
            |p| p.risk_timelock = 99,
            |p| p.allocation_delay = 49,
            |p| p.max_total_allocation = Decimal::percent(101),
            |p| p.max_commission_bps = 1_001,
        ];
        for (i, change) in raising.into_iter().enumerate() {
            let mut new = params();
            change(&mut new);
            assert!(old.raised_by(&new), "change {i}");
        }
        let lowering = RegistryParams {
            risk_timelock: 200,
            allocation_delay: 60,
            max_total_allocation: Decimal::percent(50),
            max_commission_bps: 500,
        };
        assert!(!old.raised_by(&lowering));
        assert!(!old.raised_by(&old));
    }

    fn consumer_params() -> ConsumerParams {
        ConsumerParams {
            connection_id: "connection-0".into(),
            counterparty_port: "wasm.cons1".into(),
            unbonding_period: 100,
            double_sign_fraction: Decimal::percent(5),
            downtime_fraction: Decimal::permille(1),
            veto_period: 10,
            downtime_jail: 60,
            slash_rate_limit: RateLimit {
                max_fraction: Decimal::percent(10),
                window: 60,
            },
            slashed_funds: SlashDestination::Burn {},
            reward_denoms: vec!["ucons".into()],
            commission_bounds: CommissionBounds {
                min_bps: 0,
                max_bps: 1_000,
            },
            max_operators: 10,
        }
    }

    #[test]
    fn consumer_parameters_are_refused_at_each_bound_and_accepted_on_it() {
        use ConsumerParamsError as E;
        assert_eq!(consumer_params().check(), Ok(()));
        let on_the_bounds = ConsumerParams {
            double_sign_fraction: Decimal::one(),
            downtime_jail: MAX_DOWNTIME_JAIL,
            max_operators: MAX_OPERATORS_PER_CONSUMER,
            commission_bounds: CommissionBounds {
                min_bps: MAX_COMMISSION_BPS,
                max_bps: MAX_COMMISSION_BPS,
            },
            reward_denoms: (0..crate::lrt::MAX_REWARD_DENOMS)
                .map(|i| format!("d{i}"))
                .collect(),
            ..consumer_params()
        };
        assert_eq!(on_the_bounds.check(), Ok(()));
        type Change = fn(&mut ConsumerParams);
        let refused: Vec<(Change, E)> = vec![
            (|p| p.connection_id = "channel-0".into(), E::ConnectionId),
            (|p| p.counterparty_port = " ".into(), E::EmptyPort),
            (|p| p.unbonding_period = 0, E::ZeroUnbondingPeriod),
            (
                |p| p.downtime_fraction = Decimal::percent(101),
                E::SlashFraction,
            ),
            (
                |p| p.slash_rate_limit.max_fraction = Decimal::zero(),
                E::RateLimit,
            ),
            (|p| p.slash_rate_limit.window = 0, E::RateLimit),
            (
                |p| p.commission_bounds.min_bps = 1_001,
                E::CommissionBounds {
                    max: MAX_COMMISSION_BPS,
                },
            ),
            (
                |p| p.commission_bounds.max_bps = MAX_COMMISSION_BPS + 1,
                E::CommissionBounds {
                    max: MAX_COMMISSION_BPS,
                },
            ),
            (
                |p| p.max_operators = 0,
                E::MaxOperators {
                    max: MAX_OPERATORS_PER_CONSUMER,
                },
            ),
            (
                |p| p.max_operators = MAX_OPERATORS_PER_CONSUMER + 1,
                E::MaxOperators {
                    max: MAX_OPERATORS_PER_CONSUMER,
                },
            ),
            (
                |p| p.downtime_jail = MAX_DOWNTIME_JAIL + 1,
                E::DowntimeJail {
                    max: MAX_DOWNTIME_JAIL,
                },
            ),
            (
                |p| {
                    p.reward_denoms = (0..=crate::lrt::MAX_REWARD_DENOMS)
                        .map(|i| format!("d{i}"))
                        .collect()
                },
                E::TooManyRewardDenoms {
                    max: crate::lrt::MAX_REWARD_DENOMS,
                },
            ),
            (
                |p| p.reward_denoms = vec!["a".into(), "a".into()],
                E::RewardDenoms,
            ),
            (|p| p.reward_denoms = vec![String::new()], E::RewardDenoms),
        ];
        for (change, error) in refused {
            let mut params = consumer_params();
            change(&mut params);
            assert_eq!(params.check(), Err(error));
        }
        // The texts are built from the limits.
        assert_eq!(
            E::MaxOperators { max: 100 }.to_string(),
            "max_operators must be in [1, 100]"
        );
        assert_eq!(
            E::DowntimeJail { max: 31_536_000 }.to_string(),
            "downtime_jail must be at most one year (31536000 seconds)"
        );
    }
}
