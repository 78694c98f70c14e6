//! Writes the governance proposals that deploy Palisade. Usage: `docs/GOVERNANCE.md`, or
//! `scripts/proposals --help`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use palisade_api::hub::{OperatorWeight, Params};
use palisade_deploy::address::module_address;
use palisade_deploy::artifacts::{self, PROVIDER_SUITE};
use palisade_deploy::proposal::Proposal;
use palisade_deploy::suite::{
    instantiate_proposal, store_proposal, Chain, ProposalKind, SuiteConfig, TokenConfig,
};
use palisade_deploy::DeployError;

/// Raw wasm above which a store transaction may not fit CometBFT's default `max_tx_bytes`
/// (1 MiB) once the transaction's own bytes are added.
const LARGE_STORE_TX: usize = 900_000;

#[derive(Parser)]
#[command(
    name = "proposals",
    about = "Writes the governance proposals that deploy Palisade on a wasmd chain",
    long_about = "Writes proposal files for `tx gov submit-proposal`: first `store` (upload the \
                  code), then, once it has passed and the code ids are known, `instantiate` (the \
                  provider suite in one proposal, at predicted instantiate2 addresses)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// One subcommand per [`ProposalKind`]; the consumer chain's proposal joins here once the
/// consumer contract exists.
#[derive(Subcommand)]
enum Command {
    /// Writes store.json: one MsgStoreCode per artifact, instantiable only by governance.
    Store(ChainArgs),
    /// Writes instantiate.json: the LRT, then the hub, with MsgInstantiateContract2.
    Instantiate(Box<InstantiateArgs>),
}

#[derive(Args)]
struct ChainArgs {
    /// Bech32 prefix of account addresses, e.g. wasm
    #[arg(long)]
    prefix: String,
    /// The gov module account (`query auth module-account gov`)
    #[arg(long)]
    gov: String,
    /// Initial deposit, e.g. 10000000stake
    #[arg(long)]
    deposit: String,
    /// Put before each proposal's title
    #[arg(long, default_value = "Palisade")]
    title_prefix: String,
    /// The proposal's metadata field (for example an IPFS link); may be empty
    #[arg(long, default_value = "")]
    metadata: String,
    /// Where voters find the source, e.g. a commit URL; quoted in the summary
    #[arg(long)]
    source: Option<String>,
    /// Directory holding the .wasm files and checksums.txt
    #[arg(long, default_value = "artifacts")]
    artifacts: PathBuf,
    /// Directory the proposal file is written to (created if missing)
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
struct InstantiateArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// Code id the store proposal gave hub.wasm
    #[arg(long)]
    hub_code_id: u64,
    /// Code id the store proposal gave lrt.wasm
    #[arg(long)]
    lrt_code_id: u64,
    /// The staking denom
    #[arg(long)]
    bond_denom: String,
    /// Initial operators as <valoper>:<weight>; repeat the flag or separate with commas
    #[arg(long = "operator", value_delimiter = ',', required = true)]
    operators: Vec<String>,
    /// Prefix of validator operator addresses [default: <prefix>valoper]
    #[arg(long)]
    valoper_prefix: Option<String>,
    /// Seconds between batch submissions; 7 × epoch must cover unbonding + 1 hour
    #[arg(long)]
    epoch_period: u64,
    /// The chain's x/staking unbonding time in seconds
    #[arg(long)]
    unbonding_period: u64,
    /// Seconds from a batch's submission to its claims; at least unbonding + 1 hour
    #[arg(long)]
    withdrawal_delay: u64,
    /// Protocol fee on staking rewards in basis points (at most 2000)
    #[arg(long)]
    fee_bps: u16,
    /// Receives the protocol fee
    #[arg(long)]
    fee_recipient: String,
    /// Longest pause the guardian may impose, in seconds (at most 30 days)
    #[arg(long)]
    max_pause_duration: u64,
    /// May pause deposits and unbonding for at most max-pause-duration
    #[arg(long)]
    guardian: Option<String>,
    /// LRT name (3 to 50 bytes)
    #[arg(long)]
    lrt_name: String,
    /// LRT symbol (3 to 12 letters or '-')
    #[arg(long)]
    lrt_symbol: String,
    #[arg(long, default_value_t = 6)]
    lrt_decimals: u8,
    /// LRT marketing: project URL
    #[arg(long)]
    lrt_project: Option<String>,
    /// LRT marketing: description
    #[arg(long)]
    lrt_description: Option<String>,
    /// instantiate2 salt of the hub (1 to 64 bytes)
    #[arg(long, default_value = "palisade-hub")]
    hub_salt: String,
    /// instantiate2 salt of the LRT (1 to 64 bytes)
    #[arg(long, default_value = "palisade-lrt")]
    lrt_salt: String,
    #[arg(long, default_value = "palisade-hub")]
    hub_label: String,
    #[arg(long, default_value = "palisade-lrt")]
    lrt_label: String,
}

impl ChainArgs {
    fn chain(&self) -> Chain {
        Chain {
            prefix: self.prefix.clone(),
            gov: self.gov.clone(),
            deposit: self.deposit.clone(),
            title_prefix: self.title_prefix.clone(),
            metadata: self.metadata.clone(),
            source: self.source.clone(),
        }
    }
}

fn parse_operator(value: &str) -> Result<OperatorWeight, DeployError> {
    let invalid = || DeployError::InvalidOperatorSyntax {
        value: value.to_string(),
    };
    let (validator, weight) = value.trim().rsplit_once(':').ok_or_else(invalid)?;
    Ok(OperatorWeight {
        validator: validator.to_string(),
        weight: weight.parse().map_err(|_| invalid())?,
    })
}

fn write(out: &Path, kind: ProposalKind, proposal: &Proposal) -> Result<PathBuf> {
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let path = out.join(kind.file_name());
    fs::write(&path, proposal.to_json()?).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// A chain may have another authority than x/gov; say so rather than refuse.
fn note_unusual_gov(chain: &ChainArgs) {
    if let Ok(expected) = module_address(&chain.prefix, "gov") {
        if expected != chain.gov {
            eprintln!(
                "note: {} is not the x/gov module account of prefix {} ({expected}); \
                 make sure it is the authority that executes proposals on this chain",
                chain.gov, chain.prefix
            );
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Store(args) => {
            note_unusual_gov(&args);
            let artifacts = artifacts::load(&args.artifacts, &PROVIDER_SUITE)?;
            let proposal = store_proposal(&args.chain(), &artifacts)?;
            let total: usize = artifacts.iter().map(|a| a.code.len()).sum();
            if total > LARGE_STORE_TX {
                eprintln!(
                    "note: the proposal carries {total} bytes of raw wasm; CometBFT's default \
                     mempool max_tx_bytes is 1,048,576. Check the chain's limit, or split the \
                     upload (docs/GOVERNANCE.md)"
                );
            }
            let path = write(&args.out, ProposalKind::Store, &proposal)?;
            println!("wrote {}", path.display());
            for artifact in &artifacts {
                println!(
                    "  {}  sha256 {}",
                    artifact.file_name,
                    artifact.checksum_hex()
                );
            }
        }
        Command::Instantiate(args) => {
            let chain = &args.chain;
            note_unusual_gov(chain);
            let artifacts = artifacts::load(&chain.artifacts, &PROVIDER_SUITE)?;
            let operators = args
                .operators
                .iter()
                .map(|op| parse_operator(op))
                .collect::<Result<Vec<_>, _>>()?;
            let config = SuiteConfig {
                hub_code_id: args.hub_code_id,
                lrt_code_id: args.lrt_code_id,
                bond_denom: args.bond_denom.clone(),
                valoper_prefix: args
                    .valoper_prefix
                    .clone()
                    .unwrap_or_else(|| format!("{}valoper", chain.prefix)),
                operators,
                params: Params {
                    epoch_period: args.epoch_period,
                    unbonding_period: args.unbonding_period,
                    withdrawal_delay: args.withdrawal_delay,
                    fee_bps: args.fee_bps,
                    fee_recipient: args.fee_recipient.clone(),
                    max_pause_duration: args.max_pause_duration,
                },
                guardian: args.guardian.clone(),
                lrt: TokenConfig {
                    name: args.lrt_name.clone(),
                    symbol: args.lrt_symbol.clone(),
                    decimals: args.lrt_decimals,
                    project: args.lrt_project.clone(),
                    description: args.lrt_description.clone(),
                },
                hub_salt: args.hub_salt.clone(),
                lrt_salt: args.lrt_salt.clone(),
                hub_label: args.hub_label.clone(),
                lrt_label: args.lrt_label.clone(),
            };
            let plan = instantiate_proposal(&chain.chain(), &artifacts, &config)?;
            let path = write(
                &chain.out,
                ProposalKind::InstantiateProvider,
                &plan.proposal,
            )?;
            println!("wrote {}", path.display());
            println!("  predicted hub address: {}", plan.hub);
            println!("  predicted LRT address: {}", plan.lrt);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn operators_parse_as_valoper_and_weight() {
        let op = parse_operator("wasmvaloper1abc:3").unwrap();
        assert_eq!(op.validator, "wasmvaloper1abc");
        assert_eq!(op.weight, 3);
        for bad in [
            "wasmvaloper1abc",
            "wasmvaloper1abc:",
            "wasmvaloper1abc:x",
            ":",
        ] {
            assert!(parse_operator(bad).is_err(), "{bad}");
        }
    }
}
