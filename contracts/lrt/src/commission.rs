//! Operators' commission on consumer rewards, accrued lazily: a rewards notice costs the same
//! whatever the number of operators (`docs/REWARDS.md`, "The split").
//!
//! Per consumer, a [`Pool`] holds the checkpointed powers' sum `P`, the sum `W` of power × rate,
//! and per reward denom an index `I`: the net reward per unit of power, scaled by `S` = [`SCALE`].
//! A notice of `net` raises `I` by `floor(net × S / P)` and keeps
//! `ceil(ΔI × W / (S × 10,000))` for the operators; the holders get the rest.
//!
//! Per (consumer, operator), a [`Checkpoint`] holds the operator's power and rate and the indexes
//! it last accrued at. Operator `i` earns `floor(floor(power_i × (I − mark_i) / S) × rate_i /
//! 10,000)`: over the notices of one checkpoint this is at most the exact `power_i × rate_i × ΔI
//! / (S × 10,000)` summed, and those sum over the operators to at most `W × ΔI / (S × 10,000)`
//! per notice, which the notice kept (rounded up). So operators never claim more than notices
//! kept for them; the dust stays in the LRT.
//!
//! Checkpoints change only in [`sync`]: the power is what the relay last sent to the consumer for
//! the operator (its `last_sent` record, read raw; zero when removed, jailed or tombstoned), the
//! rate the registry's rate in force, held to the consumer's ceiling. The relay calls `sync` for
//! the page each of its cranks compared, so the powers follow what the consumer was sent in the
//! same transaction; a rate changed in the registry applies when a crank (or anyone) syncs the
//! operator's page.

use cosmwasm_std::{Addr, Deps, DepsMut, Order, Response, StdError, StdResult, Storage, Uint128};
use palisade_api::client::lrt::{
    relay_last_sent_key, Consumer, ConsumerOperator, Query, RegistryConfig, RelayLastSent,
};
use palisade_api::math::BPS_DENOMINATOR;

use crate::codec::{amounts, amounts_bytes};
use crate::error::ContractError;
use crate::state::{load_commission, save_commission};

/// `S`, the scale of the commission indexes (net reward per unit of power): 10^18.
const SCALE: u128 = 1_000_000_000_000_000_000;

fn math(err: impl ToString) -> StdError {
    StdError::generic_err(err.to_string())
}

const POOL: u8 = 0x05;
const CHECKPOINT: u8 = 0x06;

/// Most operators one sync reads from the registry, and its default.
pub const MAX_SYNC: u32 = 100;
pub const DEFAULT_SYNC: u32 = 30;
/// Checkpoints one sync reads in its range, per operator it may read: room for operators the
/// registry no longer lists (this page's next sync takes the rest).
const CHECKPOINT_SCAN_FACTOR: usize = 2;

/// A consumer's checkpointed powers and its commission indexes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pool {
    /// Sum of the checkpoints' powers.
    pub power: Uint128,
    /// Sum of the checkpoints' power × rate (basis points).
    pub weighted: Uint128,
    /// Net reward per unit of power, per reward denom (by position), scaled by [`SCALE`].
    pub indexes: Vec<Uint128>,
}

/// An operator's power and rate on one consumer, and the pool's indexes when it last accrued.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checkpoint {
    pub power: Uint128,
    pub bps: u64,
    pub marks: Vec<Uint128>,
}

fn pool_key(chain_id: &str) -> Vec<u8> {
    [&[POOL][..], chain_id.as_bytes()].concat()
}

/// Under the consumer (its length first, so one consumer's checkpoints form a range), then the
/// operator.
fn checkpoint_prefix(chain_id: &str) -> Vec<u8> {
    let len = (chain_id.len() as u16).to_be_bytes();
    [&[CHECKPOINT][..], &len, chain_id.as_bytes()].concat()
}

fn checkpoint_key(chain_id: &str, validator: &str) -> Vec<u8> {
    [checkpoint_prefix(chain_id), validator.as_bytes().to_vec()].concat()
}

impl Pool {
    /// Stored as one list: power, weighted, then the indexes.
    pub fn decode(bytes: &[u8]) -> StdResult<Pool> {
        let (power, weighted, indexes) = split(amounts(bytes)?);
        Ok(Pool {
            power,
            weighted,
            indexes,
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        amounts_bytes(&[&[self.power, self.weighted][..], &self.indexes].concat())
    }
}

/// A stored list's first two amounts (zero if absent) and the rest.
fn split(mut values: Vec<Uint128>) -> (Uint128, Uint128, Vec<Uint128>) {
    let rest = values.split_off(values.len().min(2));
    let second = values.get(1).copied().unwrap_or_default();
    let first = values.first().copied().unwrap_or_default();
    (first, second, rest)
}

impl Checkpoint {
    /// Stored as one list: power, rate, then the marks.
    pub fn decode(bytes: &[u8]) -> StdResult<Checkpoint> {
        let (power, bps, marks) = split(amounts(bytes)?);
        Ok(Checkpoint {
            power,
            bps: bps.u128() as u64,
            marks,
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        amounts_bytes(&[&[self.power, Uint128::from(self.bps)][..], &self.marks].concat())
    }

    fn weight(&self) -> StdResult<Uint128> {
        Ok(self.power.checked_mul(Uint128::from(self.bps))?)
    }

    /// What the operator earned since its marks, per denom position, at `pool`'s indexes.
    pub(crate) fn earned(&self, pool: &Pool) -> StdResult<Vec<Uint128>> {
        let mut earned = Vec::with_capacity(pool.indexes.len());
        for (position, index) in pool.indexes.iter().enumerate() {
            let mark = self.marks.get(position).copied().unwrap_or_default();
            let gain = index.checked_sub(mark)?;
            // Both rounded down: an operator never earns more than its rate of its share.
            let share = self
                .power
                .checked_multiply_ratio(gain, SCALE)
                .map_err(math)?;
            let cut = share
                .checked_multiply_ratio(self.bps, BPS_DENOMINATOR)
                .map_err(math)?;
            earned.push(cut);
        }
        Ok(earned)
    }
}

pub fn load_pool(storage: &dyn Storage, chain_id: &str) -> StdResult<Pool> {
    storage
        .get(&pool_key(chain_id))
        .map_or(Ok(Pool::default()), |bytes| Pool::decode(&bytes))
}

/// Stores `pool` (an all-zero pool is removed: absent reads as zero).
pub fn save_pool(storage: &mut dyn Storage, chain_id: &str, pool: &Pool) {
    let bytes = pool.encode();
    if bytes.is_empty() {
        storage.remove(&pool_key(chain_id));
    } else {
        storage.set(&pool_key(chain_id), &bytes);
    }
}

fn load_checkpoint(
    storage: &dyn Storage,
    chain_id: &str,
    validator: &str,
) -> StdResult<Checkpoint> {
    storage
        .get(&checkpoint_key(chain_id, validator))
        .map_or(Ok(Checkpoint::default()), |bytes| {
            Checkpoint::decode(&bytes)
        })
}

/// What a notice of `net` in denom `position` does to `pool`: raises the index and answers what
/// it keeps for the operators (rounded up, at most `net`). Nothing when no power is checkpointed
/// or `net` is too small to raise the index: the holders get it all.
pub fn add_notice(pool: &mut Pool, position: usize, net: Uint128) -> StdResult<Uint128> {
    if pool.power.is_zero() {
        return Ok(Uint128::zero());
    }
    // Rounded down: the index never promises more than arrived.
    let gain = net
        .checked_multiply_ratio(SCALE, pool.power)
        .map_err(math)?;
    if pool.indexes.len() <= position {
        pool.indexes
            .resize(position.saturating_add(1), Uint128::zero());
    }
    if let Some(index) = pool.indexes.get_mut(position) {
        *index = index.checked_add(gain)?;
    }
    // Rounded up: the operators' exact earnings on this notice sum to `gain × W / (S × 10,000)`,
    // their floors to no more.
    let divisor = Uint128::new(SCALE).checked_mul(Uint128::new(BPS_DENOMINATOR))?;
    let kept = gain
        .checked_mul_ceil((pool.weighted, divisor))
        .map_err(math)?;
    Ok(kept.min(net))
}

/// Accrues what `checkpoint` earned into the operator's commission record and moves its marks to
/// the pool's indexes.
fn accrue(
    storage: &mut dyn Storage,
    validator: &str,
    checkpoint: &mut Checkpoint,
    pool: &Pool,
) -> StdResult<()> {
    let earned = checkpoint.earned(pool)?;
    if earned.iter().any(|amount| !amount.is_zero()) {
        let mut owed = load_commission(storage, validator)?;
        if owed.len() < earned.len() {
            owed.resize(earned.len(), Uint128::zero());
        }
        for (owed, earned) in owed.iter_mut().zip(earned) {
            *owed = owed.checked_add(earned)?;
        }
        save_commission(storage, validator, &owed);
    }
    checkpoint.marks.clone_from(&pool.indexes);
    Ok(())
}

/// Moves `validator`'s checkpoint on `chain_id` to `power` and `bps`, accruing first. Whether
/// anything changed.
fn move_checkpoint(
    storage: &mut dyn Storage,
    chain_id: &str,
    validator: &str,
    pool: &mut Pool,
    power: Uint128,
    bps: u64,
) -> StdResult<bool> {
    let mut checkpoint = load_checkpoint(storage, chain_id, validator)?;
    let unchanged = checkpoint.power == power && (checkpoint.bps == bps || power.is_zero());
    if unchanged {
        return Ok(false);
    }
    accrue(storage, validator, &mut checkpoint, pool)?;
    pool.power = pool
        .power
        .checked_sub(checkpoint.power)?
        .checked_add(power)?;
    pool.weighted = pool.weighted.checked_sub(checkpoint.weight()?)?;
    checkpoint.power = power;
    checkpoint.bps = bps;
    pool.weighted = pool.weighted.checked_add(checkpoint.weight()?)?;
    if power.is_zero() {
        storage.remove(&checkpoint_key(chain_id, validator));
    } else {
        storage.set(&checkpoint_key(chain_id, validator), &checkpoint.encode());
    }
    Ok(true)
}

/// Anyone: brings the page's checkpoints up to date (see the module's doc).
pub fn sync(
    deps: DepsMut,
    chain_id: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<Response, ContractError> {
    let limit = limit.unwrap_or(DEFAULT_SYNC).clamp(1, MAX_SYNC);
    let hub_addr = crate::rewards::hub_address(deps.as_ref())?;
    let hub = crate::consumer_rewards::hub_config(deps.as_ref(), &hub_addr)?;
    let registry = hub.registry.ok_or(ContractError::NoRegistry)?;
    let relay = deps
        .querier
        .query_wasm_smart::<RegistryConfig>(&registry, &Query::Config {})?
        .relay
        .ok_or(ContractError::NoRelay)?;
    let consumer: Consumer = deps.querier.query_wasm_smart(
        &registry,
        &Query::Consumer {
            chain_id: &chain_id,
        },
    )?;
    let max_bps = u64::from(consumer.params.commission_bounds.max_bps);
    let (listed, reached_end) =
        registry_page(deps.as_ref(), &registry, &chain_id, &start_after, limit)?;
    let end = if reached_end {
        None
    } else {
        listed.last().map(|o| o.opt_in.validator.clone())
    };

    let mut pool = load_pool(deps.storage, &chain_id)?;
    let before = pool.clone();
    let mut moved = 0u32;
    let mut seen = Vec::with_capacity(listed.len());
    for operator in listed {
        let opt_in = operator.opt_in;
        let power = power_sent(deps.as_ref(), &relay, &chain_id, &opt_in.validator)?;
        let bps = u64::from(opt_in.commission_bps).min(max_bps);
        if move_checkpoint(
            deps.storage,
            &chain_id,
            &opt_in.validator,
            &mut pool,
            power,
            bps,
        )? {
            moved = moved.saturating_add(1);
        }
        seen.push(opt_in.validator);
    }
    // Checkpoints in the page's range of operators the registry no longer lists (pruned, opted
    // out): the relay's crank removes them from the consumer, and so does this.
    let others = checkpoints_in_range(
        deps.storage,
        &chain_id,
        start_after.as_deref(),
        end.as_deref(),
        (limit as usize).saturating_mul(CHECKPOINT_SCAN_FACTOR),
    )?;
    for validator in others {
        if seen.binary_search(&validator).is_ok() {
            continue;
        }
        let power = power_sent(deps.as_ref(), &relay, &chain_id, &validator)?;
        let bps = load_checkpoint(deps.storage, &chain_id, &validator)?
            .bps
            .min(max_bps);
        if move_checkpoint(deps.storage, &chain_id, &validator, &mut pool, power, bps)? {
            moved = moved.saturating_add(1);
        }
    }
    if pool != before {
        save_pool(deps.storage, &chain_id, &pool);
    }
    Ok(Response::new()
        .add_attribute("action", "sync_commission")
        .add_attribute("chain_id", chain_id)
        .add_attribute("moved", moved.to_string())
        .add_attribute("total_power", pool.power))
}

/// The power the relay last sent to `chain_id` for `validator` (its `last_sent` record; none,
/// or a removal: zero).
fn power_sent(deps: Deps, relay: &Addr, chain_id: &str, validator: &str) -> StdResult<Uint128> {
    let key = relay_last_sent_key(chain_id, validator);
    match deps.querier.query_wasm_raw(relay, key)? {
        Some(bytes) => Ok(cosmwasm_std::from_json::<RelayLastSent>(&bytes)?.1),
        None => Ok(Uint128::zero()),
    }
}

/// Up to `limit` of the consumer's operators after `start_after` from the registry, in pages of
/// its maximum, and whether the list reached its end.
fn registry_page(
    deps: Deps,
    registry: &Addr,
    chain_id: &str,
    start_after: &Option<String>,
    limit: u32,
) -> StdResult<(Vec<ConsumerOperator>, bool)> {
    let mut out: Vec<ConsumerOperator> = Vec::new();
    let mut cursor = start_after.clone();
    loop {
        let asked = limit
            .saturating_sub(out.len() as u32)
            .min(palisade_api::pagination::MAX_LIMIT);
        let page: Vec<ConsumerOperator> = deps.querier.query_wasm_smart(
            registry,
            &Query::ConsumerOperators {
                chain_id,
                start_after: cursor.take(),
                limit: Some(asked),
            },
        )?;
        let short = page.len() < asked as usize;
        cursor = page.last().map(|o| o.opt_in.validator.clone());
        out.extend(page);
        if short || cursor.is_none() {
            return Ok((out, true));
        }
        if out.len() as u32 >= limit {
            return Ok((out, false));
        }
    }
}

/// The operators with a checkpoint on the consumer after `start_after` up to `end` (inclusive;
/// `None`: to the last), at most `limit`.
fn checkpoints_in_range(
    storage: &dyn Storage,
    chain_id: &str,
    start_after: Option<&str>,
    end: Option<&str>,
    limit: usize,
) -> StdResult<Vec<String>> {
    let prefix = checkpoint_prefix(chain_id);
    // Exclusive start: the smallest key after `start_after`'s is that key with a 0 appended.
    let start = match start_after {
        Some(after) => [checkpoint_key(chain_id, after), vec![0]].concat(),
        None => prefix.clone(),
    };
    // Exclusive end: after `end`'s key, or after the whole prefix.
    let stop = match end {
        Some(end) => [checkpoint_key(chain_id, end), vec![0]].concat(),
        None => prefix_end(&prefix),
    };
    storage
        .range_keys(Some(&start), Some(&stop), Order::Ascending)
        .take(limit)
        .map(|key| utf8_after(&key, prefix.len()))
        .collect()
}

/// The text of a storage key after its first `skip` bytes.
fn utf8_after(key: &[u8], skip: usize) -> StdResult<String> {
    let rest = key.get(skip..).unwrap_or_default();
    String::from_utf8(rest.to_vec())
        .map_err(|_| cosmwasm_std::StdError::generic_err("corrupt LRT key"))
}

/// The first key after every key starting with `prefix` (its last byte below 0xff: the prefix
/// ends with a chain id's UTF-8 bytes or its length).
fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last.wrapping_add(1));
            return end;
        }
    }
    vec![u8::MAX]
}

/// The consumers with a pool: each one's checkpoint prefix after its tag (the chain id's length
/// and bytes) with its pool. A claim reads each one's checkpoint of the operator; consumers are
/// admitted by governance, so the list stays short.
fn pools(storage: &dyn Storage) -> StdResult<Vec<(Vec<u8>, Pool)>> {
    storage
        .range(Some(&[POOL]), Some(&[POOL + 1]), Order::Ascending)
        .map(|(key, value)| {
            let chain = key.get(1..).unwrap_or_default();
            let len = (chain.len() as u16).to_be_bytes();
            Ok(([&len[..], chain].concat(), Pool::decode(&value)?))
        })
        .collect()
}

/// `validator`'s checkpoints on every consumer, with their keys and pools.
fn checkpoints_of(
    storage: &dyn Storage,
    validator: &str,
) -> StdResult<Vec<(Vec<u8>, Checkpoint, Pool)>> {
    let mut found = vec![];
    for (chain_key, pool) in pools(storage)? {
        let key = [&[CHECKPOINT][..], &chain_key, validator.as_bytes()].concat();
        if let Some(bytes) = storage.get(&key) {
            found.push((key, Checkpoint::decode(&bytes)?, pool));
        }
    }
    Ok(found)
}

/// Accrues `validator`'s checkpoints on every consumer into its commission record (a claim).
pub fn settle(storage: &mut dyn Storage, validator: &str) -> StdResult<()> {
    for (key, mut checkpoint, pool) in checkpoints_of(storage, validator)? {
        accrue(storage, validator, &mut checkpoint, &pool)?;
        storage.set(&key, &checkpoint.encode());
    }
    Ok(())
}

/// What `validator`'s checkpoints earned and have not accrued yet, per denom position.
pub fn unaccrued(storage: &dyn Storage, validator: &str) -> StdResult<Vec<Uint128>> {
    let mut total: Vec<Uint128> = vec![];
    for (_, checkpoint, pool) in checkpoints_of(storage, validator)? {
        let earned = checkpoint.earned(&pool)?;
        if total.len() < earned.len() {
            total.resize(earned.len(), Uint128::zero());
        }
        for (total, earned) in total.iter_mut().zip(earned) {
            *total = total.checked_add(earned)?;
        }
    }
    Ok(total)
}
