//! The proposals that deploy Palisade on a provider chain, in the order governance votes them:
//!
//! 1. [`store_proposal`]: one `MsgStoreCode` per contract of the suite, each instantiable only by
//!    the gov module account.
//! 2. [`instantiate_proposal`], once the first has passed and its code ids are known: the whole
//!    suite in one proposal, with instantiate2 addresses predicted from the artifacts' checksums so
//!    that each contract can be given the others' addresses before they exist.
//!
//! The instantiate messages are built from `palisade-api`'s types and serialized with serde, the
//! same definitions the contracts deserialize, so the proposal cannot drift from the contracts'
//! messages.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use cosmwasm_std::Uint64;
use palisade_api::hub::{self, OperatorWeight, Params};
use palisade_api::lrt::{self, InstantiateMarketingInfo, MinterResponse};

use crate::address;
use crate::artifacts::{find, Artifact, SuiteContract, PROVIDER_SUITE};
use crate::checks::{check_denom, check_params, parse_deposit, MAX_OPERATORS};
use crate::error::DeployError;
use crate::proposal::{
    AccessConfig, AccessType, MsgInstantiateContract2, MsgStoreCode, Proposal, ProposalMessage,
};

/// The proposals the generator writes, one file each.
///
/// Still to come, when their contracts exist: the registry and the relay join
/// [`ProposalKind::InstantiateProvider`] (see [`SuiteContract`]), and a `Consumer` kind will build
/// the consumer chain's proposal (store and instantiate the consumer contract, pointed at the
/// relay over IBC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalKind {
    /// Upload the code of the provider suite.
    Store,
    /// Instantiate the provider suite, wired together, in one proposal.
    InstantiateProvider,
}

impl ProposalKind {
    pub fn file_name(self) -> &'static str {
        match self {
            ProposalKind::Store => "store.json",
            ProposalKind::InstantiateProvider => "instantiate.json",
        }
    }
}

/// The chain and the proposal's envelope.
#[derive(Clone, Debug)]
pub struct Chain {
    /// Bech32 prefix of account and contract addresses (`wasm`, `cosmos`, ...).
    pub prefix: String,
    /// The gov module account: the messages' sender, the contracts' admin and the hub's owner.
    pub gov: String,
    /// Initial deposit, e.g. `10000000stake`.
    pub deposit: String,
    /// Put before each proposal's title, e.g. `Palisade`.
    pub title_prefix: String,
    /// The proposal's `metadata` (often an IPFS link to a longer text); may be empty.
    pub metadata: String,
    /// Where voters find the source the artifacts were built from, e.g. a commit URL.
    pub source: Option<String>,
}

impl Chain {
    fn validated(&self) -> Result<Chain, DeployError> {
        address::decode("gov", &self.gov, &self.prefix)?;
        Ok(Chain {
            deposit: parse_deposit(&self.deposit)?,
            ..self.clone()
        })
    }

    fn envelope(&self, title: &str, summary: String, messages: Vec<ProposalMessage>) -> Proposal {
        let title = match self.title_prefix.trim() {
            "" => title.to_string(),
            prefix => format!("{prefix}: {title}"),
        };
        Proposal {
            messages,
            metadata: self.metadata.clone(),
            deposit: self.deposit.clone(),
            title,
            summary,
            expedited: false,
        }
    }

    fn source_line(&self) -> String {
        match &self.source {
            Some(source) => format!("Source: {source}\n"),
            None => String::new(),
        }
    }
}

/// The store proposal for the provider suite. `artifacts` must come from
/// [`crate::artifacts::load`], which refuses any file whose sha256 differs from `checksums.txt`.
pub fn store_proposal(chain: &Chain, artifacts: &[Artifact]) -> Result<Proposal, DeployError> {
    let chain = chain.validated()?;
    let mut messages = Vec::new();
    let mut lines = String::new();
    for contract in PROVIDER_SUITE {
        let artifact = require(artifacts, contract)?;
        messages.push(ProposalMessage::StoreCode(MsgStoreCode {
            sender: chain.gov.clone(),
            wasm_byte_code: BASE64.encode(&artifact.code),
            instantiate_permission: AccessConfig {
                permission: AccessType::AnyOfAddresses,
                addresses: vec![chain.gov.clone()],
            },
        }));
        lines += &format!(
            "- {}: sha256 {} ({} bytes)\n",
            artifact.file_name,
            artifact.checksum_hex(),
            artifact.code.len()
        );
    }
    let summary = format!(
        "Uploads the code of the Palisade provider suite (interchain restaking), {count} \
         contracts, in this order:\n\n{lines}\n\
         Only the governance module ({gov}) may instantiate these codes; a second proposal \
         instantiates the suite.\n\n\
         To verify: build the source with scripts/build, which is reproducible, and compare \
         artifacts/checksums.txt with the sha256 above; the code in this proposal hashes to them. \
         Once stored, `query wasm code-info <code id>` shows each checksum as data_hash (in \
         upper case).\n{source}",
        count = messages.len(),
        gov = chain.gov,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("store the contract code", summary, messages);
    proposal.check_lengths()?;
    Ok(proposal)
}

/// Everything the instantiate proposal states besides the chain.
#[derive(Clone, Debug)]
pub struct SuiteConfig {
    pub hub_code_id: u64,
    pub lrt_code_id: u64,
    pub bond_denom: String,
    /// Bech32 prefix of validator operator addresses; usually `<prefix>valoper`.
    pub valoper_prefix: String,
    pub operators: Vec<OperatorWeight>,
    pub params: Params,
    pub guardian: Option<String>,
    pub lrt: TokenConfig,
    pub hub_salt: String,
    pub lrt_salt: String,
    pub hub_label: String,
    pub lrt_label: String,
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
}

/// The provider suite in one proposal: first the LRT, minted only by the hub's predicted address,
/// then the hub, given that LRT, which checks at instantiation that the
/// token has no supply and the hub as its only minter.
///
/// When the registry and the relay exist they are predicted here with their own salts, and their
/// messages join the list, each naming the others' addresses.
pub fn instantiate_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
    config: &SuiteConfig,
) -> Result<InstantiatePlan, DeployError> {
    let chain = chain.validated()?;
    check_config(&chain, config)?;
    let hub_code = require(artifacts, SuiteContract::Hub)?;
    let lrt_code = require(artifacts, SuiteContract::Lrt)?;
    let hub_address = address::predict_instantiate2(
        &chain.prefix,
        &chain.gov,
        &hub_code.checksum,
        config.hub_salt.as_bytes(),
    )?;
    let lrt_address = address::predict_instantiate2(
        &chain.prefix,
        &chain.gov,
        &lrt_code.checksum,
        config.lrt_salt.as_bytes(),
    )?;

    let lrt_msg = lrt_instantiate_msg(&chain, config, &hub_address);
    lrt_msg
        .validate()
        .map_err(|e| DeployError::InvalidToken(e.to_string()))?;
    let hub_msg = hub::InstantiateMsg {
        owner: chain.gov.clone(),
        guardian: config.guardian.clone(),
        bond_denom: config.bond_denom.clone(),
        lrt: lrt_address.clone(),
        operators: config.operators.clone(),
        params: config.params.clone(),
    };
    let messages = vec![
        instantiate2(
            &chain,
            config.lrt_code_id,
            &config.lrt_label,
            serde_json::to_value(&lrt_msg)?,
            &config.lrt_salt,
        ),
        instantiate2(
            &chain,
            config.hub_code_id,
            &config.hub_label,
            serde_json::to_value(&hub_msg)?,
            &config.hub_salt,
        ),
    ];
    let summary = instantiate_summary(
        &chain,
        config,
        (hub_code, &hub_address),
        (lrt_code, &lrt_address),
    );
    let proposal = chain.envelope("instantiate the provider suite", summary, messages);
    proposal.check_lengths()?;
    Ok(InstantiatePlan {
        proposal,
        hub: hub_address,
        lrt: lrt_address,
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

fn instantiate2(
    chain: &Chain,
    code_id: u64,
    label: &str,
    msg: serde_json::Value,
    salt: &str,
) -> ProposalMessage {
    ProposalMessage::InstantiateContract2(MsgInstantiateContract2 {
        sender: chain.gov.clone(),
        admin: chain.gov.clone(),
        code_id: Uint64::new(code_id),
        label: label.to_string(),
        msg,
        funds: vec![],
        salt: BASE64.encode(salt.as_bytes()),
        fix_msg: false,
    })
}

fn require(artifacts: &[Artifact], contract: SuiteContract) -> Result<&Artifact, DeployError> {
    find(artifacts, contract).ok_or_else(|| DeployError::MissingArtifact {
        file: contract.file_name(),
    })
}

fn check_config(chain: &Chain, config: &SuiteConfig) -> Result<(), DeployError> {
    if config.hub_code_id == 0 {
        return Err(DeployError::ZeroCodeId {
            field: "hub code id",
        });
    }
    if config.lrt_code_id == 0 {
        return Err(DeployError::ZeroCodeId {
            field: "lrt code id",
        });
    }
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
    for (field, salt) in [
        ("hub salt", &config.hub_salt),
        ("lrt salt", &config.lrt_salt),
    ] {
        if salt.is_empty() || salt.len() > address::MAX_SALT_LEN {
            return Err(DeployError::InvalidSalt {
                field,
                salt: salt.clone(),
            });
        }
    }
    if config.hub_salt == config.lrt_salt {
        return Err(DeployError::SameSalt);
    }
    for (field, label) in [
        ("hub label", &config.hub_label),
        ("lrt label", &config.lrt_label),
    ] {
        if label.trim().is_empty() {
            return Err(DeployError::Empty { field });
        }
        // wasmd's ValidateLabel: at most 128 bytes.
        if label.len() > 128 {
            return Err(DeployError::TooLong {
                field,
                len: label.len(),
                max: 128,
            });
        }
    }
    Ok(())
}

fn instantiate_summary(
    chain: &Chain,
    config: &SuiteConfig,
    (hub_code, hub): (&Artifact, &str),
    (lrt_code, lrt): (&Artifact, &str),
) -> String {
    let p = &config.params;
    let operators: String = config
        .operators
        .iter()
        .map(|op| format!("     - {} (weight {})\n", op.validator, op.weight))
        .collect();
    format!(
        "Instantiates the Palisade provider suite (interchain restaking) in one proposal, with \
         instantiate2 so that each contract is given the other's address. Governance ({gov}) is \
         the hub's owner and both contracts' admin.\n\n\
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
         \x20  operators:\n{operators}\n\
         Both addresses follow from the code checksums above, the gov module account and the \
         salts. Before voting, check that each code id holds the checksum stated here \
         (`query wasm code-info <code id>`, field data_hash). The proposal's messages run \
         atomically: if the hub refuses the LRT, nothing is instantiated.\n{source}",
        gov = chain.gov,
        lrt_id = config.lrt_code_id,
        lrt_sum = lrt_code.checksum_hex(),
        lrt_salt = config.lrt_salt,
        lrt_label = config.lrt_label,
        name = config.lrt.name,
        symbol = config.lrt.symbol,
        decimals = config.lrt.decimals,
        hub_id = config.hub_code_id,
        hub_sum = hub_code.checksum_hex(),
        hub_salt = config.hub_salt,
        hub_label = config.hub_label,
        denom = config.bond_denom,
        guardian = config.guardian.as_deref().unwrap_or("none"),
        epoch = p.epoch_period,
        unbonding = p.unbonding_period,
        delay = p.withdrawal_delay,
        fee_bps = p.fee_bps,
        fee_recipient = p.fee_recipient,
        max_pause = p.max_pause_duration,
        source = chain.source_line(),
    )
}
