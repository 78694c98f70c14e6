//! The proposals that deploy Palisade on a provider chain, in the order governance votes them:
//!
//! 1. [`store_proposal`]: one `MsgStoreCode` per contract of the suite (hub, LRT, registry,
//!    relay), gzipped, each instantiable only by the gov module account; or, where one
//!    transaction of the whole suite is above the chain's block gas limit,
//!    [`store_contract_proposal`] five times, one contract each.
//! 2. [`instantiate_proposal`], once the first has passed and its code ids are known: the whole
//!    suite in one proposal, with instantiate2 addresses predicted from the artifacts' checksums so
//!    that each contract can be given the others' addresses before they exist, then the two calls
//!    that link them (the hub's `set_registry`, the registry's `set_relay`).
//!
//! A consumer chain's proposals are in [`crate::consumer`]. The contract messages are built from
//! `palisade-api`'s types and serialized with serde, the same definitions the contracts
//! deserialize, so the proposal cannot drift from the contracts' messages.

use palisade_api::hub::{self, OperatorWeight, Params};
use palisade_api::lrt::{self, InstantiateMarketingInfo, MinterResponse};
use palisade_api::registry::{self, RegistryParams};
use palisade_api::relay::{self, RelaySettings};
use palisade_api::slash_book;

use crate::address;
use crate::artifacts::{Artifact, SuiteContract, PROVIDER_SUITE};
use crate::chain::{check_instances, require, store_messages, Instance, VERIFY_STORE};
use crate::checks::{
    check_denom, check_params, check_registry_params, check_relay_settings, MAX_OPERATORS,
};
use crate::error::DeployError;
use crate::proposal::Proposal;

pub use crate::chain::{Chain, EmbeddedCode, StorePlan};

/// The proposals the generator writes, one file each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalKind {
    /// Upload the code of the provider suite.
    Store,
    /// Instantiate the provider suite, wired together, in one proposal.
    InstantiateProvider,
    /// Upload the consumer contract's code on a consumer chain.
    StoreConsumer,
    /// Instantiate the consumer contract on a consumer chain.
    InstantiateConsumer,
    /// Upload the virtual-staking code on a consumer chain.
    StoreVirtualStaking,
    /// Instantiate virtual staking on a consumer chain and grant its budget.
    InstantiateVirtualStaking,
    /// Upload new code for an upgrade (either chain).
    UpgradeStore,
}

impl ProposalKind {
    pub fn file_name(self) -> &'static str {
        match self {
            ProposalKind::Store => "store.json",
            ProposalKind::InstantiateProvider => "instantiate.json",
            ProposalKind::StoreConsumer => "consumer-store.json",
            ProposalKind::InstantiateConsumer => "consumer-instantiate.json",
            ProposalKind::StoreVirtualStaking => "virtual-staking-store.json",
            ProposalKind::InstantiateVirtualStaking => "virtual-staking-instantiate.json",
            ProposalKind::UpgradeStore => "upgrade-store.json",
        }
    }
}

/// The store proposal for the provider suite. `artifacts` must come from
/// [`crate::artifacts::load`], which refuses any file whose sha256 differs from `checksums.txt`.
pub fn store_proposal(chain: &Chain, artifacts: &[Artifact]) -> Result<StorePlan, DeployError> {
    let chain = chain.validated()?;
    let (messages, code, lines) = store_messages(&chain, artifacts, &PROVIDER_SUITE)?;
    let summary = format!(
        "Uploads the code of the Palisade provider suite (interchain restaking), {count} \
         contracts, in this order:\n\n{lines}\n\
         Only the governance module ({gov}) may instantiate these codes; a second proposal \
         instantiates the suite.\n\n{VERIFY_STORE}\n{source}",
        count = messages.len(),
        gov = chain.gov,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("store the contract code", summary, messages)?;
    Ok(StorePlan { proposal, code })
}

/// The store proposal of one contract of the provider suite: storing the suite costs about 114
/// million gas on wasmd 0.55 (`docs/LOCALNET.md`), above many chains' block gas limit, so the
/// upload can be split in five proposals, voted in parallel. The instantiate proposal takes the
/// five code ids, whichever proposals stored them.
pub fn store_contract_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
    contract: SuiteContract,
) -> Result<StorePlan, DeployError> {
    if !PROVIDER_SUITE.contains(&contract) {
        return Err(DeployError::NotProviderContract {
            contract: contract.name().to_string(),
        });
    }
    let chain = chain.validated()?;
    let (messages, code, lines) = store_messages(&chain, artifacts, &[contract])?;
    let summary = format!(
        "Uploads the code of the Palisade {name} contract, one of the five contracts of the \
         provider suite (interchain restaking: hub, lrt, registry, relay, slash-book), each uploaded by its \
         own proposal:\n\n{lines}\n\
         Only the governance module ({gov}) may instantiate this code; once the five codes are \
         stored, a further proposal instantiates the suite.\n\n{VERIFY_STORE}\n{source}",
        name = contract.name(),
        gov = chain.gov,
        source = chain.source_line(),
    );
    let title = format!("store the {} contract's code", contract.name());
    let proposal = chain.envelope(&title, summary, messages)?;
    Ok(StorePlan { proposal, code })
}

/// Everything the instantiate proposal states besides the chain.
#[derive(Clone, Debug)]
pub struct SuiteConfig {
    pub hub_code_id: u64,
    pub lrt_code_id: u64,
    pub registry_code_id: u64,
    pub relay_code_id: u64,
    pub slash_book_code_id: u64,
    pub bond_denom: String,
    /// Bech32 prefix of validator operator addresses; usually `<prefix>valoper`.
    pub valoper_prefix: String,
    pub operators: Vec<OperatorWeight>,
    pub params: Params,
    pub guardian: Option<String>,
    pub lrt: TokenConfig,
    pub registry_params: RegistryParams,
    pub relay_settings: RelaySettings,
    pub hub_salt: String,
    pub lrt_salt: String,
    pub registry_salt: String,
    pub relay_salt: String,
    pub slash_book_salt: String,
    pub hub_label: String,
    pub lrt_label: String,
    pub registry_label: String,
    pub relay_label: String,
    pub slash_book_label: String,
}

#[derive(Clone, Debug)]
pub struct TokenConfig {
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    pub project: Option<String>,
    pub description: Option<String>,
}

/// The instantiate proposal and the addresses it will create.
#[derive(Clone, Debug)]
pub struct InstantiatePlan {
    pub proposal: Proposal,
    pub hub: String,
    pub lrt: String,
    pub registry: String,
    pub relay: String,
    pub slash_book: String,
}

/// The predicted addresses, in the proposal's order.
struct Addresses {
    lrt: String,
    hub: String,
    registry: String,
    relay: String,
    slash_book: String,
}

/// The provider suite in one proposal, each contract at its instantiate2 address:
///
/// 1. the LRT, minted only by the hub's predicted address;
/// 2. the hub, given that LRT (it checks at instantiation that the token has no supply and the
///    hub as its only minter);
/// 3. the registry, given the hub (whose withdrawal delay bounds consumers' unbonding periods);
/// 4. the relay, given the registry (its instantiation queries the registry's config for the
///    hub, so the registry must exist first);
/// 5. the slash book, given the registry and the relay;
/// 6. the hub's `set_registry`, 7. the registry's `set_relay` and 8. the relay's
///    `set_slash_book`, from the gov module account.
pub fn instantiate_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
    config: &SuiteConfig,
) -> Result<InstantiatePlan, DeployError> {
    let chain = chain.validated()?;
    check_config(&chain, config)?;
    let code = |contract| require(artifacts, contract);
    let at = Addresses {
        lrt: chain.predict(code(SuiteContract::Lrt)?, &config.lrt_salt)?,
        hub: chain.predict(code(SuiteContract::Hub)?, &config.hub_salt)?,
        registry: chain.predict(code(SuiteContract::Registry)?, &config.registry_salt)?,
        relay: chain.predict(code(SuiteContract::Relay)?, &config.relay_salt)?,
        slash_book: chain.predict(code(SuiteContract::SlashBook)?, &config.slash_book_salt)?,
    };

    let lrt_msg = lrt_instantiate_msg(&chain, config, &at.hub);
    // cw20-base's own rules for the name, symbol and decimals, on the message as it reads it.
    serde_json::to_value(&lrt_msg)
        .and_then(serde_json::from_value::<cw20_base::msg::InstantiateMsg>)
        .map_err(|e| DeployError::InvalidToken(e.to_string()))?
        .validate()
        .map_err(|e| DeployError::InvalidToken(e.to_string()))?;
    let hub_msg = hub::InstantiateMsg {
        owner: chain.gov.clone(),
        guardian: config.guardian.clone(),
        bond_denom: config.bond_denom.clone(),
        lrt: at.lrt.clone(),
        operators: config.operators.clone(),
        params: config.params.clone(),
    };
    let registry_msg = registry::InstantiateMsg {
        owner: chain.gov.clone(),
        hub: at.hub.clone(),
        params: config.registry_params.clone(),
    };
    let relay_msg = relay::InstantiateMsg {
        owner: chain.gov.clone(),
        registry: at.registry.clone(),
        settings: config.relay_settings.clone(),
    };
    let book_msg = slash_book::InstantiateMsg {
        owner: chain.gov.clone(),
        registry: at.registry.clone(),
        relay: at.relay.clone(),
    };
    let set_book = relay::ExecuteMsg::SetSlashBook {
        slash_book: at.slash_book.clone(),
    };
    let set_registry = hub::ExecuteMsg::SetRegistry {
        registry: Some(at.registry.clone()),
    };
    let set_relay = registry::ExecuteMsg::SetRelay {
        relay: at.relay.clone(),
    };
    let messages = vec![
        chain.instantiate2(
            config.lrt_code_id,
            &config.lrt_label,
            serde_json::to_value(&lrt_msg)?,
            &config.lrt_salt,
        ),
        chain.instantiate2(
            config.hub_code_id,
            &config.hub_label,
            serde_json::to_value(&hub_msg)?,
            &config.hub_salt,
        ),
        chain.instantiate2(
            config.registry_code_id,
            &config.registry_label,
            serde_json::to_value(&registry_msg)?,
            &config.registry_salt,
        ),
        chain.instantiate2(
            config.relay_code_id,
            &config.relay_label,
            serde_json::to_value(&relay_msg)?,
            &config.relay_salt,
        ),
        chain.instantiate2(
            config.slash_book_code_id,
            &config.slash_book_label,
            serde_json::to_value(&book_msg)?,
            &config.slash_book_salt,
        ),
        chain.execute(&at.hub, serde_json::to_value(&set_registry)?),
        chain.execute(&at.registry, serde_json::to_value(&set_relay)?),
        chain.execute(&at.relay, serde_json::to_value(&set_book)?),
    ];
    let checksum = |contract| code(contract).map(Artifact::checksum_hex);
    let checksums = [
        checksum(SuiteContract::Lrt)?,
        checksum(SuiteContract::Hub)?,
        checksum(SuiteContract::Registry)?,
        checksum(SuiteContract::Relay)?,
        checksum(SuiteContract::SlashBook)?,
    ];
    let summary = instantiate_summary(&chain, config, &at, &checksums);
    let proposal = chain.envelope("instantiate the provider suite", summary, messages)?;
    Ok(InstantiatePlan {
        proposal,
        hub: at.hub,
        lrt: at.lrt,
        registry: at.registry,
        relay: at.relay,
        slash_book: at.slash_book,
    })
}

fn lrt_instantiate_msg(chain: &Chain, config: &SuiteConfig, hub: &str) -> lrt::InstantiateMsg {
    lrt::InstantiateMsg {
        name: config.lrt.name.clone(),
        symbol: config.lrt.symbol.clone(),
        decimals: config.lrt.decimals,
        initial_balances: vec![],
        mint: Some(MinterResponse {
            minter: hub.to_string(),
            cap: None,
        }),
        marketing: Some(InstantiateMarketingInfo {
            project: config.lrt.project.clone(),
            description: config.lrt.description.clone(),
            marketing: Some(chain.gov.clone()),
            logo: None,
        }),
    }
}

fn check_config(chain: &Chain, config: &SuiteConfig) -> Result<(), DeployError> {
    check_instances(&[
        Instance {
            contract: SuiteContract::Hub,
            code_id: config.hub_code_id,
            salt: &config.hub_salt,
            label: &config.hub_label,
        },
        Instance {
            contract: SuiteContract::Lrt,
            code_id: config.lrt_code_id,
            salt: &config.lrt_salt,
            label: &config.lrt_label,
        },
        Instance {
            contract: SuiteContract::Registry,
            code_id: config.registry_code_id,
            salt: &config.registry_salt,
            label: &config.registry_label,
        },
        Instance {
            contract: SuiteContract::Relay,
            code_id: config.relay_code_id,
            salt: &config.relay_salt,
            label: &config.relay_label,
        },
        Instance {
            contract: SuiteContract::SlashBook,
            code_id: config.slash_book_code_id,
            salt: &config.slash_book_salt,
            label: &config.slash_book_label,
        },
    ])?;
    check_denom(&config.bond_denom)?;
    check_params(&config.params)?;
    address::decode("fee recipient", &config.params.fee_recipient, &chain.prefix)?;
    if let Some(guardian) = &config.guardian {
        address::decode("guardian", guardian, &chain.prefix)?;
    }
    if config.operators.is_empty() || config.operators.len() > MAX_OPERATORS {
        return Err(DeployError::OperatorCount {
            count: config.operators.len(),
            max: MAX_OPERATORS,
        });
    }
    for (i, op) in config.operators.iter().enumerate() {
        address::decode("operator", &op.validator, &config.valoper_prefix)?;
        if op.weight == 0 {
            return Err(DeployError::ZeroWeight {
                validator: op.validator.clone(),
            });
        }
        if config.operators[..i]
            .iter()
            .any(|other| other.validator == op.validator)
        {
            return Err(DeployError::DuplicateOperator {
                validator: op.validator.clone(),
            });
        }
    }
    check_registry_params(&config.registry_params)?;
    check_relay_settings(&config.relay_settings)?;
    Ok(())
}

/// `checksums` in the proposal's order: LRT, hub, registry, relay, slash book.
fn instantiate_summary(
    chain: &Chain,
    config: &SuiteConfig,
    at: &Addresses,
    checksums: &[String; 5],
) -> String {
    let p = &config.params;
    let r = &config.registry_params;
    let s = &config.relay_settings;
    let operators: String = config
        .operators
        .iter()
        .map(|op| format!("     - {} (weight {})\n", op.validator, op.weight))
        .collect();
    format!(
        "Instantiates the Palisade provider suite (interchain restaking) in one proposal, with \
         instantiate2 so that each contract is given the others' addresses, then links them. \
         Governance ({gov}) is every contract's admin and the hub's, the registry's, the \
         relay's and the slash book's owner.\n\n\
         1. LRT, code id {lrt_id} (sha256 {lrt_sum}), salt \"{lrt_salt}\", label \"{lrt_label}\"\n\
         \x20  address: {lrt}\n\
         \x20  token: {name} ({symbol}, {decimals} decimals), no initial supply; minter: the hub \
         below, no cap; marketing admin: governance.\n\
         2. Hub, code id {hub_id} (sha256 {hub_sum}), salt \"{hub_salt}\", label \"{hub_label}\"\n\
         \x20  address: {hub}\n\
         \x20  bond denom: {denom}; LRT: the address above; guardian: {guardian}\n\
         \x20  parameters: epoch_period {epoch} s, unbonding_period {unbonding} s, \
         withdrawal_delay {delay} s, fee {fee_bps} bps to {fee_recipient}, \
         max_pause_duration {max_pause} s\n\
         \x20  operators:\n{operators}\
         3. Registry, code id {registry_id} (sha256 {registry_sum}), salt \"{registry_salt}\", \
         label \"{registry_label}\"\n\
         \x20  address: {registry}\n\
         \x20  hub: the address above; risk_timelock {risk_timelock} s, allocation_delay \
         {allocation_delay} s, max_total_allocation {max_total_allocation}, max_commission_bps \
         {max_commission_bps}\n\
         4. Relay, code id {relay_id} (sha256 {relay_sum}), salt \"{relay_salt}\", label \
         \"{relay_label}\"\n\
         \x20  address: {relay} (IBC port wasm.{relay})\n\
         \x20  registry: the address above; packet_timeout {packet_timeout} s, \
         max_operators_per_update {max_ops}\n\
         5. Slash book, code id {book_id} (sha256 {book_sum}), salt \"{book_salt}\", label \
         \"{book_label}\"\n\
         \x20  address: {book}\n\
         \x20  registry and relay: the addresses above; governance vetoes and releases slashes \
         here.\n\
         6. The hub's set_registry: from then on only the registry changes the hub's operator \
         set.\n\
         7. The registry's set_relay: only the relay may jail and tombstone operators.\n\
         8. The relay's set_slash_book: the relay opens consumers' slash requests in the slash \
         book, and orders the executed ones from it.\n\n\
         Every address follows from the code checksums above, the gov module account and the \
         salts. Before voting, check that each code id holds the checksum stated here \
         (`query wasm code-info <code id>`, field data_hash). The proposal's messages run \
         atomically: if any is refused, nothing is instantiated.\n{source}",
        gov = chain.gov,
        lrt_id = config.lrt_code_id,
        lrt_sum = checksums[0],
        lrt_salt = config.lrt_salt,
        lrt_label = config.lrt_label,
        lrt = at.lrt,
        name = config.lrt.name,
        symbol = config.lrt.symbol,
        decimals = config.lrt.decimals,
        hub_id = config.hub_code_id,
        hub_sum = checksums[1],
        hub_salt = config.hub_salt,
        hub_label = config.hub_label,
        hub = at.hub,
        denom = config.bond_denom,
        guardian = config.guardian.as_deref().unwrap_or("none"),
        epoch = p.epoch_period,
        unbonding = p.unbonding_period,
        delay = p.withdrawal_delay,
        fee_bps = p.fee_bps,
        fee_recipient = p.fee_recipient,
        max_pause = p.max_pause_duration,
        registry_id = config.registry_code_id,
        registry_sum = checksums[2],
        registry_salt = config.registry_salt,
        registry_label = config.registry_label,
        registry = at.registry,
        risk_timelock = r.risk_timelock,
        allocation_delay = r.allocation_delay,
        max_total_allocation = r.max_total_allocation,
        max_commission_bps = r.max_commission_bps,
        relay_id = config.relay_code_id,
        relay_sum = checksums[3],
        relay_salt = config.relay_salt,
        relay_label = config.relay_label,
        relay = at.relay,
        book_id = config.slash_book_code_id,
        book_sum = checksums[4],
        book_salt = config.slash_book_salt,
        book_label = config.slash_book_label,
        book = at.slash_book,
        packet_timeout = s.packet_timeout,
        max_ops = s.max_operators_per_update,
        source = chain.source_line(),
    )
}
