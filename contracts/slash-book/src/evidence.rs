//! Verified double-sign evidence: a slash that needs no consumer's word for the offence.
//!
//! Anyone submits two conflicting votes of one operator's consensus key on a consumer chain. The
//! book places them by what the provider knows, not by what the offender signed: the relay keeps,
//! from the consumer's acknowledgements, the height at which the consumer applied each update for
//! the operator (`applied_at`), so the update in force at the votes' height is the newest applied
//! at or below it. That update's key must have signed both votes (`palisade_api::evidence`:
//! CometBFT's canonical sign bytes with the consumer's chain id), and its provider height gives
//! the stake at risk, as for a consumer's request citing it. The slash then goes through the same
//! checks and the same veto period and rate limit as a consumer's request; one slash per offence,
//! whoever reports it first. Anything refused fails the submission and changes nothing.
//!
//! The infraction's time, which the age limit and the covers read, is bounded by the relay's
//! records too: the votes came before the consumer applied the operator's next update, or before
//! now if none came since. Evidence is stale once the consumer's unbonding period has run since
//! that bound. The allocation is the one the update in force was computed with (in force when
//! it was sent), not the one at that bound: an allocation raised since, whose power the consumer
//! never held, must not raise the slash.

use cosmwasm_std::{Binary, DepsMut, Env, HexBinary, Response};
use palisade_api::evidence::{check_equivocation, Vote};
use palisade_api::ibc::{Infraction, SlashRequest};
use palisade_api::relay::{AppliedAtResponse, QueryMsg as RelayQuery};
use palisade_api::slash_book::SlashOpening;

use crate::error::ContractError;
use crate::governance::relay_update;
use crate::opening::{check, record, slash_event, Source};
use crate::query::relay_total_power;
use crate::state::CONFIG;

/// Anyone: checks the evidence and opens the slash.
pub fn submit(
    deps: DepsMut,
    env: &Env,
    chain_id: String,
    operator: String,
    vote_a: Vote,
    vote_b: Vote,
) -> Result<Response, ContractError> {
    crate::import::ensure_complete(deps.storage)?;
    let relay = CONFIG.load(deps.storage)?.relay;
    let height = vote_a.height;
    let placed: AppliedAtResponse = deps.querier.query_wasm_smart(
        &relay,
        &RelayQuery::AppliedAt {
            chain_id: chain_id.clone(),
            operator: operator.clone(),
            height,
        },
    )?;
    let in_force = placed
        .in_force
        .ok_or_else(|| ContractError::NothingInForce {
            operator: operator.clone(),
            height,
        })?;
    let consumer_key = in_force
        .consumer_key
        .ok_or_else(|| ContractError::NoKeyInForce {
            operator: operator.clone(),
            update_id: in_force.update_id,
        })?;
    let key = Binary::from_base64(&consumer_key)
        .map_err(|_| ContractError::KeyNotEd25519 { consumer_key })?;
    check_equivocation(deps.api, &chain_id, &key, &vote_a, &vote_b)?;

    // The votes came before the next update was applied: the latest the infraction can be.
    let now = env.block.time;
    let latest = placed.next.map_or(now, |next| next.consumer_time.min(now));
    let total_power = relay_total_power(&deps.querier, &relay, &chain_id);
    let opening = SlashOpening {
        chain_id,
        request: SlashRequest {
            request_id: 0,
            operator,
            infraction: Infraction::DoubleSign,
            infraction_height: height,
            infraction_time: latest,
            update_id: in_force.update_id,
            evidence: Some(summary(&vote_a, &vote_b, in_force.consumer_height)),
        },
        provider_height: in_force.provider_height,
        total_power,
    };
    let source = Source::Evidence {
        update_sent_at: in_force.provider_time,
    };
    let (slash_id, slash, window) = check(&deps, env, opening, source)?;
    // Every check passed: from here on, only writes.
    record(deps.storage, slash_id, &slash, &window)?;
    let response = Response::new()
        .add_message(relay_update(deps.storage, &relay, None)?)
        .set_data(cosmwasm_std::to_json_binary(&slash_id)?);
    Ok(slash_event(response, slash_id, slash))
}

/// What the slash record keeps of the evidence for governance and indexers.
fn summary(a: &Vote, b: &Vote, applied_at: u64) -> String {
    let block = |v: &Vote| {
        v.block_id.as_ref().map_or("nil".to_string(), |id| {
            HexBinary::from(id.hash.as_slice()).to_hex()
        })
    };
    format!(
        "verified double sign: {} votes at height {} round {} for blocks {} and {}; \
         the update in force was applied at height {applied_at}",
        a.vote_type.name(),
        a.height,
        a.round,
        block(a),
        block(b),
    )
}
