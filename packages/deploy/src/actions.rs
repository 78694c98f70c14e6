//! Proposals that act on a deployed suite: governance's calls to the hub, the LRT, the registry,
//! the relay or the slash book (parameters, operator weights, pause, consumer admission, veto,
//! reward denoms, ...), or a consumer chain's governance's calls to its consumer contract (reporters, the
//! reward route), each message checked against the contract's own `ExecuteMsg` type, and the parameter
//! updates against the rules the contracts enforce, before a deposit is paid.

use std::fmt;
use std::str::FromStr;

use palisade_api::{consumer, hub, lrt, registry, relay};
use serde::de::DeserializeOwned;

use crate::address;
use crate::chain::Chain;
use crate::checks::{check_params, check_registry_params, check_relay_settings};
use crate::error::DeployError;
use crate::proposal::Proposal;

/// The suite's contract an action goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Hub,
    Lrt,
    Registry,
    Relay,
    /// The slash book: veto and release.
    SlashBook,
    /// The consumer contract, on a consumer chain.
    Consumer,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Target::Hub => "hub",
            Target::Lrt => "lrt",
            Target::Registry => "registry",
            Target::Relay => "relay",
            Target::SlashBook => "slash-book",
            Target::Consumer => "consumer",
        })
    }
}

impl FromStr for Target {
    type Err = DeployError;

    fn from_str(s: &str) -> Result<Self, DeployError> {
        Ok(match s {
            "hub" => Target::Hub,
            "lrt" => Target::Lrt,
            "registry" => Target::Registry,
            "relay" => Target::Relay,
            "slash-book" => Target::SlashBook,
            "consumer" => Target::Consumer,
            other => {
                return Err(DeployError::InvalidAction {
                    action: other.to_string(),
                    reason:
                        "the contract must be hub, lrt, registry, relay, slash-book or consumer"
                            .into(),
                })
            }
        })
    }
}

/// One call of governance to a contract of the suite.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub target: Target,
    /// The contract's address.
    pub contract: String,
    /// The contract's execute message.
    pub msg: serde_json::Value,
}

impl FromStr for Action {
    type Err = DeployError;

    /// `<hub|lrt|registry|relay|slash-book|consumer>=<address>=<execute message as JSON>`.
    fn from_str(s: &str) -> Result<Self, DeployError> {
        let invalid = |reason: &str| DeployError::InvalidAction {
            action: s.to_string(),
            reason: reason.to_string(),
        };
        let mut parts = s.splitn(3, '=');
        let (Some(target), Some(contract), Some(msg)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("expected <contract>=<address>=<JSON message>"));
        };
        let msg: serde_json::Value = serde_json::from_str(msg)
            .map_err(|e| invalid(&format!("the message is not JSON: {e}")))?;
        Ok(Action {
            target: target.trim().parse()?,
            contract: contract.trim().to_string(),
            msg,
        })
    }
}

fn decode<T: DeserializeOwned>(action: &Action) -> Result<T, DeployError> {
    serde_json::from_value(action.msg.clone()).map_err(|e| DeployError::InvalidAction {
        action: action.msg.to_string(),
        reason: format!("not a {} execute message: {e}", action.target),
    })
}

impl Action {
    /// The message's name (its JSON's top-level key).
    pub fn name(&self) -> String {
        self.msg
            .as_object()
            .and_then(|m| m.keys().next().cloned())
            .unwrap_or_default()
    }

    /// Refuses what the contract would refuse for sure: an address of another chain, a message
    /// the contract does not have, parameters outside the contract's rules.
    pub fn check(&self, prefix: &str) -> Result<(), DeployError> {
        address::decode(&format!("{} address", self.target), &self.contract, prefix)?;
        match self.target {
            Target::Hub => {
                if let hub::ExecuteMsg::UpdateParams(params) = decode(self)? {
                    check_params(&params)?;
                }
            }
            Target::Lrt => {
                decode::<lrt::ExecuteMsg>(self)?;
            }
            Target::Registry => {
                if let registry::ExecuteMsg::UpdateParams(params) = decode(self)? {
                    check_registry_params(&params)?;
                }
            }
            Target::Relay => {
                if let relay::ExecuteMsg::UpdateSettings(settings) = decode(self)? {
                    check_relay_settings(&settings)?;
                }
            }
            Target::SlashBook => {
                decode::<palisade_api::slash_book::ExecuteMsg>(self)?;
            }
            Target::Consumer => {
                decode::<consumer::ExecuteMsg>(self)?;
            }
        }
        Ok(())
    }
}

/// A proposal executing `actions` in order, as the gov module account.
pub fn action_proposal(
    chain: &Chain,
    title: &str,
    actions: &[Action],
) -> Result<Proposal, DeployError> {
    let chain = chain.validated()?;
    if actions.is_empty() {
        return Err(DeployError::Empty { field: "actions" });
    }
    let mut summary = format!("{title}. Executed in order by the gov module account:\n");
    let mut messages = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        action.check(&chain.prefix)?;
        summary.push_str(&format!(
            "{}. {} {}: {} {}\n",
            i + 1,
            action.target,
            action.contract,
            action.name(),
            action.msg
        ));
        messages.push(chain.execute(&action.contract, action.msg.clone()));
    }
    summary.push_str(&chain.source_line());
    chain.envelope(title, summary, messages)
}
