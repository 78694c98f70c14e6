//! Writes the governance proposals that deploy Palisade. Usage: `docs/GOVERNANCE.md`, or
//! `scripts/proposals --help`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::str::FromStr;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use cosmwasm_std::Decimal;
use palisade_api::hub::{OperatorWeight, Params};
use palisade_api::registry::RegistryParams;
use palisade_api::relay::RelaySettings;
use palisade_deploy::actions::{action_proposal, Action};
use palisade_deploy::address::module_address;
use palisade_deploy::artifacts::{
    self, SuiteContract, CONSUMER_SUITE, PROVIDER_SUITE, VIRTUAL_STAKING_SUITE,
};
use palisade_deploy::book_upgrade::{book_upgrade_proposal, BookUpgrade};
use palisade_deploy::consumer::{
    consumer_instantiate_proposal, consumer_store_proposal, ConsumerConfig,
};
use palisade_deploy::migrate::{migrate_proposal, upgrade_store_proposal, Migration};
use palisade_deploy::proposal::Proposal;
use palisade_deploy::suite::{
    instantiate_proposal, store_contract_proposal, store_proposal, Chain, ProposalKind, StorePlan,
    SuiteConfig, TokenConfig,
};
use palisade_deploy::virtual_staking::{
    virtual_staking_instantiate_proposal, virtual_staking_store_proposal, VirtualStakingConfig,
    BONDED_POOL_MODULE,
};
use palisade_deploy::DeployError;

#[derive(Parser)]
#[command(
    name = "proposals",
    about = "Writes the governance proposals that deploy Palisade on a wasmd chain",
    long_about = "Writes proposal files for `tx gov submit-proposal`. On the provider chain: \
                  first `store` (upload the code), then, once it has passed and the code ids are \
                  known, `instantiate` (the provider suite in one proposal, at predicted \
                  instantiate2 addresses, linked). On a consumer chain: `consumer-store`, then \
                  `consumer-instantiate`; for virtual staking, `virtual-staking-store`, then \
                  `virtual-staking-instantiate`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// One subcommand per [`ProposalKind`].
#[derive(Subcommand)]
enum Command {
    /// Provider: writes store.json, one gzipped MsgStoreCode per contract of the provider suite
    /// (hub, LRT, registry, relay, slash book), instantiable only by governance; with --contract, only that
    /// contract's code, in store-<contract>.json (one proposal per contract).
    Store(StoreArgs),
    /// Provider: writes instantiate.json, the LRT, hub, registry and relay with
    /// MsgInstantiateContract2, then the hub's set_registry and the registry's set_relay.
    Instantiate(Box<InstantiateArgs>),
    /// Consumer chain: writes consumer-store.json, the consumer contract's gzipped code.
    ConsumerStore(ChainArgs),
    /// Consumer chain: writes consumer-instantiate.json, the consumer contract with
    /// MsgInstantiateContract2, and prints its address and IBC port.
    ConsumerInstantiate(Box<ConsumerArgs>),
    /// Consumer chain: writes virtual-staking-store.json, the virtual-staking contract's
    /// gzipped code.
    VirtualStakingStore(ChainArgs),
    /// Consumer chain: writes virtual-staking-instantiate.json, the contract with
    /// MsgInstantiateContract2 and its budget granted by a community-pool spend, and prints its
    /// address.
    VirtualStakingInstantiate(Box<VirtualStakingArgs>),
    /// Provider or consumer chain: writes <name>.json, governance's calls to the deployed suite
    /// (parameters, weights, pause, consumer admission, veto, reward denoms, ...) or to the
    /// consumer contract (reporters, reward route), each checked against the contract's execute
    /// message type.
    Execute(Box<ExecuteArgs>),
    /// Provider or consumer chain: writes <name>.json, an upgrade: MsgMigrateContract for each
    /// listed contract to the code id a store proposal gave its new code; the summary names the
    /// sha256 each code id must have.
    Migrate(Box<MigrateArgs>),
    /// Provider or consumer chain: writes upgrade-store.json, the new code of the listed
    /// contracts only, gzipped, for a later `migrate`.
    UpgradeStore(UpgradeStoreArgs),
    /// Provider: writes book-upgrade.json, the upgrade of a 0.2.0 deployment (the relay keeping
    /// the slash book) in one proposal: the relay migrated, the slash book instantiated at its
    /// predicted address, the relay's records imported, the book named on the relay. Needs the
    /// code ids an `upgrade-store --contract relay,slash-book` proposal gave.
    BookUpgrade(Box<BookUpgradeArgs>),
}

#[derive(Args)]
struct BookUpgradeArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// The deployed relay
    #[arg(long)]
    relay: String,
    /// The deployed registry
    #[arg(long)]
    registry: String,
    /// Code id the upgrade-store proposal gave relay.wasm
    #[arg(long)]
    relay_code_id: u64,
    /// Code id the upgrade-store proposal gave slash-book.wasm
    #[arg(long)]
    slash_book_code_id: u64,
    /// The relay's last_slash_id now (`query wasm contract-state raw <relay>
    /// 6c6173745f736c6173685f6964`, base64 of a JSON number; empty: 0): the records to import
    #[arg(long)]
    relay_slashes: u64,
    #[arg(long, default_value = "palisade-slash-book")]
    slash_book_salt: String,
    #[arg(long, default_value = "Palisade slash book")]
    slash_book_label: String,
}

#[derive(Args)]
struct StoreArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// Only this contract's code (hub, lrt, registry, relay or slash-book), written to
    /// store-<contract>.json: the whole suite in one transaction costs about 114 million gas on
    /// wasmd 0.55, above many chains' block gas limit, so each contract can have its proposal.
    #[arg(long)]
    contract: Option<String>,
}

#[derive(Args)]
struct UpgradeStoreArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// hub, lrt, registry, relay, slash-book (provider) or consumer (consumer chain); repeat the flag or
    /// separate with commas
    #[arg(long = "contract", value_delimiter = ',', required = true)]
    contracts: Vec<String>,
}

#[derive(Args)]
struct MigrateArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// The proposal's title (after --title-prefix)
    #[arg(long, default_value = "Upgrade")]
    title: String,
    /// The file's name, without .json
    #[arg(long, default_value = "migrate")]
    name: String,
    /// <hub|lrt|registry|relay|consumer>=<address>=<new code id>; repeat for several, migrated
    /// in order in one transaction. The new code's artifact must be in --artifacts.
    #[arg(long = "contract", required = true)]
    contracts: Vec<String>,
}

#[derive(Args)]
struct ExecuteArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// The proposal's title (after --title-prefix)
    #[arg(long)]
    title: String,
    /// The file's name, without .json
    #[arg(long)]
    name: String,
    /// <hub|lrt|registry|relay|consumer>=<address>=<execute message as JSON>; repeat for several, executed
    /// in order
    #[arg(long = "action", required = true)]
    actions: Vec<String>,
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
    /// Code id the store proposal gave registry.wasm
    #[arg(long)]
    registry_code_id: u64,
    /// Code id the store proposal gave relay.wasm
    #[arg(long)]
    relay_code_id: u64,
    /// Code id the store proposal gave slash-book.wasm
    #[arg(long)]
    slash_book_code_id: u64,
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
    /// Registry: seconds an admission or a risk-raising change waits
    #[arg(long)]
    risk_timelock: u64,
    /// Registry: seconds an operator's allocation increase waits
    #[arg(long)]
    allocation_delay: u64,
    /// Registry: cap on the sum of one operator's allocations, in (0, 10]; 1 = unique stake
    #[arg(long, value_parser = parse_decimal)]
    max_total_allocation: Decimal,
    /// Registry: highest commission an operator may register with, in basis points (at most 10000)
    #[arg(long)]
    max_commission_bps: u16,
    /// Relay: seconds before an unreceived power update times out (1 s to one year)
    #[arg(long)]
    packet_timeout: u64,
    /// Relay: most operators one send_power_updates call reads (1 to 100)
    #[arg(long)]
    max_operators_per_update: u32,
    /// instantiate2 salt of the hub (1 to 64 bytes)
    #[arg(long, default_value = "palisade-hub")]
    hub_salt: String,
    /// instantiate2 salt of the LRT (1 to 64 bytes)
    #[arg(long, default_value = "palisade-lrt")]
    lrt_salt: String,
    /// instantiate2 salt of the registry (1 to 64 bytes)
    #[arg(long, default_value = "palisade-registry")]
    registry_salt: String,
    /// instantiate2 salt of the relay (1 to 64 bytes)
    #[arg(long, default_value = "palisade-relay")]
    relay_salt: String,
    /// instantiate2 salt of the slash book (1 to 64 bytes)
    #[arg(long, default_value = "palisade-slash-book")]
    slash_book_salt: String,
    #[arg(long, default_value = "palisade-hub")]
    hub_label: String,
    #[arg(long, default_value = "palisade-lrt")]
    lrt_label: String,
    #[arg(long, default_value = "palisade-registry")]
    registry_label: String,
    #[arg(long, default_value = "palisade-relay")]
    relay_label: String,
    #[arg(long, default_value = "palisade-slash-book")]
    slash_book_label: String,
}

/// The consumer chain's instantiate proposal. `--prefix` and `--gov` are the consumer chain's.
#[derive(Args)]
struct ConsumerArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// Code id the consumer-store proposal gave consumer.wasm
    #[arg(long)]
    consumer_code_id: u64,
    /// IBC connection on this (the consumer) chain to the provider, e.g. connection-0
    #[arg(long)]
    provider_connection_id: String,
    /// The relay's address on the provider; the contract's relay_port is wasm.<relay>
    #[arg(long)]
    relay: String,
    /// Bech32 prefix of the provider's addresses, to check --relay
    #[arg(long)]
    provider_prefix: String,
    /// Seconds before an unreceived slash request times out (1 s to one year)
    #[arg(long)]
    packet_timeout: u64,
    /// Accounts of this chain that may report infractions besides governance (at most 20);
    /// repeat the flag or separate with commas
    #[arg(long = "reporter", value_delimiter = ',')]
    reporters: Vec<String>,
    /// instantiate2 salt of the consumer contract (1 to 64 bytes)
    #[arg(long, default_value = "palisade-consumer")]
    consumer_salt: String,
    #[arg(long, default_value = "palisade-consumer")]
    consumer_label: String,
}

/// The virtual-staking instantiate proposal. `--prefix` and `--gov` are the consumer chain's.
#[derive(Args)]
struct VirtualStakingArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// Code id the virtual-staking-store proposal gave virtual-staking.wasm
    #[arg(long)]
    virtual_staking_code_id: u64,
    /// The chain's consumer contract
    #[arg(long)]
    consumer: String,
    /// Stake delegated per unit of restaked power, e.g. 5 or 0.25
    #[arg(long, value_parser = parse_decimal)]
    rate: Decimal,
    /// Most of the bonded stake virtual stake may be, in basis points (at most 9000)
    #[arg(long)]
    max_bonded_share_bps: u16,
    /// x/staking's unbonding time in seconds
    #[arg(long)]
    unbonding_period: u64,
    /// Smallest change of a delegation worth a message
    #[arg(long, default_value = "0")]
    min_change: u128,
    /// x/staking's bonded pool [default: the bonded_tokens_pool module account of --prefix]
    #[arg(long)]
    bonded_pool: Option<String>,
    /// The chain's staking denom
    #[arg(long)]
    bond_denom: String,
    /// Budget granted from the community pool in the same proposal (0: none)
    #[arg(long, default_value = "0")]
    budget: u128,
    /// instantiate2 salt (1 to 64 bytes)
    #[arg(long, default_value = "palisade-virtual-staking")]
    salt: String,
    #[arg(long, default_value = "palisade-virtual-staking")]
    label: String,
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

fn parse_contract(name: &str) -> Result<SuiteContract> {
    let contract = [PROVIDER_SUITE.as_slice(), CONSUMER_SUITE.as_slice()]
        .concat()
        .into_iter()
        .find(|c| c.name() == name.trim());
    contract.with_context(|| {
        format!("contract {name:?}: expected hub, lrt, registry, relay, slash-book or consumer")
    })
}

fn parse_decimal(value: &str) -> Result<Decimal, String> {
    Decimal::from_str(value).map_err(|e| format!("{value:?} is not a decimal: {e}"))
}

/// `<name>.json`, for a name of letters, digits, `-` and `_`.
fn valid_file_name(name: &str) -> Result<String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        anyhow::bail!("--name {name:?}: use letters, digits, '-' and '_'");
    }
    Ok(format!("{name}.json"))
}

fn write(out: &Path, kind: ProposalKind, proposal: &Proposal) -> Result<PathBuf> {
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let path = out.join(kind.file_name());
    fs::write(&path, proposal.to_json()?).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Writes `<out>/<name>.json`.
fn write_named(out: &Path, name: &str, proposal: &Proposal) -> Result<PathBuf> {
    let file = valid_file_name(name)?;
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let path = out.join(file);
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
        Command::Execute(args) => {
            let chain = &args.chain;
            note_unusual_gov(chain);
            let actions = args
                .actions
                .iter()
                .map(|a| a.parse::<Action>())
                .collect::<Result<Vec<_>, _>>()?;
            let proposal = action_proposal(&chain.chain(), &args.title, &actions)?;
            let path = write_named(&chain.out, &args.name, &proposal)?;
            println!("wrote {} ({} actions)", path.display(), actions.len());
        }
        Command::Migrate(args) => {
            let chain = &args.chain;
            note_unusual_gov(chain);
            let migrations = args
                .contracts
                .iter()
                .map(|m| m.parse::<Migration>())
                .collect::<Result<Vec<_>, _>>()?;
            let contracts: Vec<_> = migrations.iter().map(|m| m.contract).collect();
            let artifacts = artifacts::load(&chain.artifacts, &contracts)?;
            let proposal = migrate_proposal(&chain.chain(), &args.title, &artifacts, &migrations)?;
            let path = write_named(&chain.out, &args.name, &proposal)?;
            println!("wrote {}", path.display());
            for (migration, artifact) in migrations.iter().zip(&artifacts) {
                println!(
                    "  {} {} -> code {} (must have data_hash {})",
                    migration.contract.name(),
                    migration.address,
                    migration.code_id,
                    artifact.checksum_hex().to_uppercase()
                );
            }
        }
        Command::BookUpgrade(args) => {
            let chain = &args.chain;
            note_unusual_gov(chain);
            let artifacts = artifacts::load(
                &chain.artifacts,
                &[SuiteContract::Relay, SuiteContract::SlashBook],
            )?;
            let upgrade = BookUpgrade {
                relay: args.relay.clone(),
                registry: args.registry.clone(),
                relay_code_id: args.relay_code_id,
                slash_book_code_id: args.slash_book_code_id,
                slash_book_salt: args.slash_book_salt.clone(),
                slash_book_label: args.slash_book_label.clone(),
                relay_slashes: args.relay_slashes,
            };
            let plan = book_upgrade_proposal(&chain.chain(), &artifacts, &upgrade)?;
            let path = write_named(&chain.out, "book-upgrade", &plan.proposal)?;
            println!(
                "wrote {} (slash book at {}, {} import page(s))",
                path.display(),
                plan.slash_book,
                plan.import_pages
            );
        }
        Command::UpgradeStore(args) => {
            note_unusual_gov(&args.chain);
            let contracts = args
                .contracts
                .iter()
                .map(|name| parse_contract(name))
                .collect::<Result<Vec<_>>>()?;
            let artifacts = artifacts::load(&args.chain.artifacts, &contracts)?;
            let plan = upgrade_store_proposal(&args.chain.chain(), &artifacts, &contracts)?;
            report_store(&args.chain.out, ProposalKind::UpgradeStore, &plan)?;
        }
        Command::Store(StoreArgs {
            chain: args,
            contract: None,
        }) => {
            note_unusual_gov(&args);
            let artifacts = artifacts::load(&args.artifacts, &PROVIDER_SUITE)?;
            let plan = store_proposal(&args.chain(), &artifacts)?;
            report_store(&args.out, ProposalKind::Store, &plan)?;
        }
        Command::Store(StoreArgs {
            chain: args,
            contract: Some(name),
        }) => {
            note_unusual_gov(&args);
            let contract = parse_contract(&name)?;
            let artifacts = artifacts::load(&args.artifacts, &[contract])?;
            let plan = store_contract_proposal(&args.chain(), &artifacts, contract)?;
            report_store_named(&args.out, &format!("store-{}", contract.name()), &plan)?;
        }
        Command::ConsumerStore(args) => {
            note_unusual_gov(&args);
            let artifacts = artifacts::load(&args.artifacts, &CONSUMER_SUITE)?;
            let plan = consumer_store_proposal(&args.chain(), &artifacts)?;
            report_store(&args.out, ProposalKind::StoreConsumer, &plan)?;
        }
        Command::Instantiate(args) => {
            let chain = &args.chain;
            note_unusual_gov(chain);
            let artifacts = artifacts::load(&chain.artifacts, &PROVIDER_SUITE)?;
            let plan = instantiate_proposal(&chain.chain(), &artifacts, &suite_config(&args)?)?;
            let path = write(
                &chain.out,
                ProposalKind::InstantiateProvider,
                &plan.proposal,
            )?;
            println!("wrote {}", path.display());
            println!("  predicted LRT address:      {}", plan.lrt);
            println!("  predicted hub address:      {}", plan.hub);
            println!("  predicted registry address: {}", plan.registry);
            println!("  predicted relay address:    {}", plan.relay);
            println!("  relay IBC port:             wasm.{}", plan.relay);
            println!("  predicted slash book address: {}", plan.slash_book);
        }
        Command::VirtualStakingStore(args) => {
            note_unusual_gov(&args);
            let artifacts = artifacts::load(&args.artifacts, &VIRTUAL_STAKING_SUITE)?;
            let plan = virtual_staking_store_proposal(&args.chain(), &artifacts)?;
            report_store(&args.out, ProposalKind::StoreVirtualStaking, &plan)?;
        }
        Command::VirtualStakingInstantiate(args) => {
            let chain = &args.chain;
            note_unusual_gov(chain);
            let artifacts = artifacts::load(&chain.artifacts, &VIRTUAL_STAKING_SUITE)?;
            let bonded_pool = match &args.bonded_pool {
                Some(pool) => pool.clone(),
                None => module_address(&chain.prefix, BONDED_POOL_MODULE)?,
            };
            let config = VirtualStakingConfig {
                code_id: args.virtual_staking_code_id,
                consumer: args.consumer.clone(),
                params: palisade_api::virtual_staking::Params {
                    rate: args.rate,
                    max_bonded_share_bps: args.max_bonded_share_bps,
                    bonded_pool,
                    unbonding_period: args.unbonding_period,
                    min_change: args.min_change.into(),
                },
                bond_denom: args.bond_denom.clone(),
                budget: args.budget.into(),
                salt: args.salt.clone(),
                label: args.label.clone(),
            };
            let plan = virtual_staking_instantiate_proposal(&chain.chain(), &artifacts, &config)?;
            let path = write(
                &chain.out,
                ProposalKind::InstantiateVirtualStaking,
                &plan.proposal,
            )?;
            println!("wrote {}", path.display());
            println!("  predicted virtual-staking address: {}", plan.contract);
        }
        Command::ConsumerInstantiate(args) => {
            let chain = &args.chain;
            note_unusual_gov(chain);
            let artifacts = artifacts::load(&chain.artifacts, &CONSUMER_SUITE)?;
            let config = ConsumerConfig {
                code_id: args.consumer_code_id,
                provider_connection_id: args.provider_connection_id.clone(),
                relay: args.relay.clone(),
                provider_prefix: args.provider_prefix.clone(),
                packet_timeout: args.packet_timeout,
                reporters: args
                    .reporters
                    .iter()
                    .map(|r| r.trim().to_string())
                    .collect(),
                salt: args.consumer_salt.clone(),
                label: args.consumer_label.clone(),
            };
            let plan = consumer_instantiate_proposal(&chain.chain(), &artifacts, &config)?;
            let path = write(
                &chain.out,
                ProposalKind::InstantiateConsumer,
                &plan.proposal,
            )?;
            println!("wrote {}", path.display());
            println!("  predicted consumer address: {}", plan.consumer);
            println!(
                "  consumer IBC port:          {} (the registry's counterparty_port)",
                plan.port
            );
            println!("  relay IBC port:             {}", plan.relay_port);
        }
    }
    Ok(())
}

/// Writes a store proposal and prints each code and the transaction's size.
fn report_store(out: &Path, kind: ProposalKind, plan: &StorePlan) -> Result<()> {
    if let Some(note) = plan.size_note() {
        eprintln!("note: {note}");
    }
    let path = write(out, kind, &plan.proposal)?;
    print_store(&path, plan);
    Ok(())
}

/// [`report_store`] for a file named by its contract (`store-hub.json`).
fn report_store_named(out: &Path, name: &str, plan: &StorePlan) -> Result<()> {
    if let Some(note) = plan.size_note() {
        eprintln!("note: {note}");
    }
    let path = write_named(out, name, &plan.proposal)?;
    print_store(&path, plan);
    Ok(())
}

fn print_store(path: &Path, plan: &StorePlan) {
    println!("wrote {}", path.display());
    for code in &plan.code {
        println!(
            "  {}  sha256 {}  {} bytes, {} gzipped",
            code.file_name, code.checksum_hex, code.raw_len, code.gzip_len
        );
    }
    println!(
        "  code in the transaction: {} bytes gzipped ({} bytes unzipped)",
        plan.gzip_len(),
        plan.raw_len()
    );
}

fn suite_config(args: &InstantiateArgs) -> Result<SuiteConfig, DeployError> {
    let operators = args
        .operators
        .iter()
        .map(|op| parse_operator(op))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SuiteConfig {
        hub_code_id: args.hub_code_id,
        lrt_code_id: args.lrt_code_id,
        registry_code_id: args.registry_code_id,
        relay_code_id: args.relay_code_id,
        slash_book_code_id: args.slash_book_code_id,
        bond_denom: args.bond_denom.clone(),
        valoper_prefix: args
            .valoper_prefix
            .clone()
            .unwrap_or_else(|| format!("{}valoper", args.chain.prefix)),
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
        registry_params: RegistryParams {
            risk_timelock: args.risk_timelock,
            allocation_delay: args.allocation_delay,
            max_total_allocation: args.max_total_allocation,
            max_commission_bps: args.max_commission_bps,
        },
        relay_settings: RelaySettings {
            packet_timeout: args.packet_timeout,
            max_operators_per_update: args.max_operators_per_update,
        },
        hub_salt: args.hub_salt.clone(),
        lrt_salt: args.lrt_salt.clone(),
        registry_salt: args.registry_salt.clone(),
        relay_salt: args.relay_salt.clone(),
        slash_book_salt: args.slash_book_salt.clone(),
        hub_label: args.hub_label.clone(),
        lrt_label: args.lrt_label.clone(),
        registry_label: args.registry_label.clone(),
        relay_label: args.relay_label.clone(),
        slash_book_label: args.slash_book_label.clone(),
    })
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
