//! Upgrades, in two proposals: [`upgrade_store_proposal`] uploads the new code of the contracts
//! to upgrade (and only theirs), then [`migrate_proposal`], once the code ids are known, migrates
//! the contracts of the deployed suite to it. The gov module account is every contract's admin (the instantiate proposals make it
//! so), so it sends one `MsgMigrateContract` per contract. x/gov runs a proposal's messages in one
//! transaction: the contracts of one proposal are upgraded together or not at all, which is how
//! contracts whose messages to each other change must be upgraded.
//!
//! wasmd cannot be asked which code a new code id holds before the vote, so the summary names,
//! for each code id, the sha256 of the checked artifact it must hold (`checksums.txt`), for voters
//! to compare with `query wasm code-info <id>` (`data_hash`).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use cosmwasm_std::Uint64;
use palisade_api::{consumer, hub, lrt, registry, relay};

use crate::address;
use crate::artifacts::{find, Artifact, SuiteContract};
use crate::chain::{store_messages, Chain, StorePlan, VERIFY_STORE};
use crate::error::DeployError;
use crate::proposal::{MsgMigrateContract, Proposal, ProposalMessage};

/// One contract to upgrade: `<hub|lrt|registry|relay|slash-book|consumer>=<address>=<new code id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    pub contract: SuiteContract,
    pub address: String,
    pub code_id: u64,
}

impl FromStr for Migration {
    type Err = DeployError;

    fn from_str(s: &str) -> Result<Self, DeployError> {
        let invalid = |reason: String| DeployError::InvalidMigration {
            migration: s.to_string(),
            reason,
        };
        let parts: Vec<&str> = s.split('=').map(str::trim).collect();
        let [contract, address, code_id] = parts[..] else {
            return Err(invalid(
                "expected <contract>=<address>=<new code id>".into(),
            ));
        };
        let contract = match contract {
            "hub" => SuiteContract::Hub,
            "lrt" => SuiteContract::Lrt,
            "registry" => SuiteContract::Registry,
            "relay" => SuiteContract::Relay,
            "slash-book" => SuiteContract::SlashBook,
            "consumer" => SuiteContract::Consumer,
            "virtual-staking" => SuiteContract::VirtualStaking,
            other => {
                return Err(invalid(format!(
                    "{other:?}: the contract must be hub, lrt, registry, relay, slash-book, \
                     consumer or virtual-staking"
                )))
            }
        };
        let code_id: u64 = code_id
            .parse()
            .map_err(|_| invalid(format!("code id {code_id:?} is not a number")))?;
        if code_id == 0 {
            return Err(invalid("code id must be positive".into()));
        }
        Ok(Migration {
            contract,
            address: address.to_string(),
            code_id,
        })
    }
}

impl fmt::Display for Migration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}={}={}",
            self.contract.name(),
            self.address,
            self.code_id
        )
    }
}

/// The contract's `MigrateMsg`, from its own type so that the file follows the contract.
fn migrate_msg(contract: SuiteContract) -> Result<serde_json::Value, DeployError> {
    Ok(match contract {
        SuiteContract::Hub => serde_json::to_value(hub::MigrateMsg {})?,
        SuiteContract::Lrt => serde_json::to_value(lrt::MigrateMsg {})?,
        SuiteContract::Registry => serde_json::to_value(registry::MigrateMsg {})?,
        SuiteContract::Relay => serde_json::to_value(relay::MigrateMsg {})?,
        SuiteContract::SlashBook => serde_json::to_value(palisade_api::slash_book::MigrateMsg {})?,
        SuiteContract::Consumer => serde_json::to_value(consumer::MigrateMsg {})?,
        SuiteContract::VirtualStaking => {
            serde_json::to_value(palisade_api::virtual_staking::MigrateMsg {})?
        }
    })
}

/// Refuses a list wasmd or the contracts would fail after the vote, or that mixes chains: nothing,
/// an address twice, two code ids for one contract, the consumer (on a consumer chain) with the
/// provider's contracts.
fn check_list(migrations: &[Migration], prefix: &str) -> Result<(), DeployError> {
    if migrations.is_empty() {
        return Err(DeployError::Empty {
            field: "migrations",
        });
    }
    let consumer = migrations
        .iter()
        .filter(|m| m.contract.on_consumer_chain())
        .count();
    if consumer > 0 && consumer < migrations.len() {
        return Err(DeployError::InvalidMigration {
            migration: migrations[0].to_string(),
            reason: "consumer and virtual-staking live on a consumer chain: migrate each \
                     chain's contracts in its own proposal"
                .into(),
        });
    }
    let mut addresses = BTreeSet::new();
    for migration in migrations {
        address::decode(
            &format!("{} address", migration.contract.name()),
            &migration.address,
            prefix,
        )?;
        if !addresses.insert(migration.address.as_str()) {
            return Err(DeployError::InvalidMigration {
                migration: migration.to_string(),
                reason: "this contract is listed twice".into(),
            });
        }
    }
    Ok(())
}

/// The store proposal of an upgrade: the new code of `contracts` (each once, all of one chain),
/// gzipped and instantiable only by governance, like the deployment's.
pub fn upgrade_store_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
    contracts: &[SuiteContract],
) -> Result<StorePlan, DeployError> {
    let chain = chain.validated()?;
    if contracts.is_empty() {
        return Err(DeployError::Empty { field: "contracts" });
    }
    let unique: BTreeSet<_> = contracts.iter().collect();
    let consumer = contracts.iter().filter(|c| c.on_consumer_chain()).count();
    if unique.len() != contracts.len() || (consumer > 0 && consumer < contracts.len()) {
        return Err(DeployError::InvalidMigration {
            migration: contracts
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(","),
            reason: "list each contract once, and the consumer chain's contracts (consumer, \
                     virtual-staking) apart from the provider's"
                .into(),
        });
    }
    let (messages, code, lines) = store_messages(&chain, artifacts, contracts)?;
    let summary = format!(
        "Uploads the new code of {count} Palisade contract(s) for an upgrade:\n\n{lines}\n\
         Only the governance module ({gov}) may instantiate these codes. A second proposal \
         migrates the deployed contracts to them.\n\n{VERIFY_STORE}\n{source}",
        count = messages.len(),
        gov = chain.gov,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("upload the code of an upgrade", summary, messages)?;
    Ok(StorePlan { proposal, code })
}

/// A proposal migrating each listed contract, in order, to its new code id. `artifacts` must hold
/// the checked artifact of every contract listed (from [`crate::artifacts::load`]): the summary
/// names the sha256 each new code id must have.
pub fn migrate_proposal(
    chain: &Chain,
    title: &str,
    artifacts: &[Artifact],
    migrations: &[Migration],
) -> Result<Proposal, DeployError> {
    let chain = chain.validated()?;
    check_list(migrations, &chain.prefix)?;
    let mut summary = format!(
        "{title}. Migrates, in one transaction, as each contract's admin (the gov module \
         account):\n"
    );
    let mut messages = Vec::new();
    for (i, migration) in migrations.iter().enumerate() {
        let artifact =
            find(artifacts, migration.contract).ok_or_else(|| DeployError::MissingArtifact {
                file: migration.contract.file_name(),
            })?;
        summary.push_str(&format!(
            "{}. {} {} to code {}, which must be {} with sha256 {}\n",
            i + 1,
            migration.contract.name(),
            migration.address,
            migration.code_id,
            artifact.file_name,
            artifact.checksum_hex(),
        ));
        messages.push(ProposalMessage::MigrateContract(MsgMigrateContract {
            sender: chain.gov.clone(),
            contract: migration.address.clone(),
            code_id: Uint64::new(migration.code_id),
            msg: migrate_msg(migration.contract)?,
        }));
    }
    summary.push_str(
        "Check each code id before voting: `query wasm code-info <id>` must show that sha256, in upper \
         case, as its data_hash. Each contract refuses a migration from another contract or from a newer \
         version.\n",
    );
    summary.push_str(&chain.source_line());
    chain.envelope(title, summary, messages)
}
