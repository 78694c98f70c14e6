//! What every proposal shares, on the provider and on a consumer chain: the chain and the
//! proposal's envelope, the store proposal's messages (gzipped code, instantiable only by
//! governance), the wasmd messages of an instantiate proposal, and the checks on code ids, salts
//! and labels that wasmd would otherwise make after the vote.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use cosmwasm_std::Uint64;

use crate::address;
use crate::artifacts::{find, Artifact, SuiteContract};
use crate::checks::{parse_deposit, MAX_WASM_SIZE};
use crate::error::DeployError;
use crate::gzip;
use crate::proposal::{
    AccessConfig, AccessType, MsgExecuteContract, MsgInstantiateContract2, MsgStoreCode, Proposal,
    ProposalMessage,
};

/// Embedded code above which a store transaction may not fit CometBFT's default mempool
/// `max_tx_bytes` (1,048,576) once the transaction's own bytes (signatures, the proposal's text)
/// are added. The transaction carries the gzipped bytes themselves; only the JSON file holds them
/// as base64.
pub const LARGE_STORE_TX: usize = 900_000;

/// wasmd's `ValidateLabel`: at most 128 bytes.
pub const MAX_LABEL_LEN: usize = 128;

/// The chain and the proposal's envelope.
#[derive(Clone, Debug)]
pub struct Chain {
    /// Bech32 prefix of account and contract addresses (`wasm`, `cosmos`, ...).
    pub prefix: String,
    /// The gov module account: the messages' sender, the contracts' admin and owner.
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
    pub(crate) fn validated(&self) -> Result<Chain, DeployError> {
        address::decode("gov", &self.gov, &self.prefix)?;
        Ok(Chain {
            deposit: parse_deposit(&self.deposit)?,
            ..self.clone()
        })
    }

    /// The proposal with the SDK's length limits checked.
    pub(crate) fn envelope(
        &self,
        title: &str,
        summary: String,
        messages: Vec<ProposalMessage>,
    ) -> Result<Proposal, DeployError> {
        let title = match self.title_prefix.trim() {
            "" => title.to_string(),
            prefix => format!("{prefix}: {title}"),
        };
        let proposal = Proposal {
            messages,
            metadata: self.metadata.clone(),
            deposit: self.deposit.clone(),
            title,
            summary,
            expedited: false,
        };
        proposal.check_lengths()?;
        Ok(proposal)
    }

    pub(crate) fn source_line(&self) -> String {
        match &self.source {
            Some(source) => format!("Source: {source}\n"),
            None => String::new(),
        }
    }

    /// Where a contract instantiated by governance with `salt` will be.
    pub(crate) fn predict(&self, code: &Artifact, salt: &str) -> Result<String, DeployError> {
        address::predict_instantiate2(&self.prefix, &self.gov, &code.checksum, salt.as_bytes())
    }

    pub(crate) fn instantiate2(
        &self,
        code_id: u64,
        label: &str,
        msg: serde_json::Value,
        salt: &str,
    ) -> ProposalMessage {
        ProposalMessage::InstantiateContract2(MsgInstantiateContract2 {
            sender: self.gov.clone(),
            admin: self.gov.clone(),
            code_id: Uint64::new(code_id),
            label: label.to_string(),
            msg,
            funds: vec![],
            salt: BASE64.encode(salt.as_bytes()),
            fix_msg: false,
        })
    }

    pub(crate) fn execute(&self, contract: &str, msg: serde_json::Value) -> ProposalMessage {
        ProposalMessage::ExecuteContract(MsgExecuteContract {
            sender: self.gov.clone(),
            contract: contract.to_string(),
            msg,
            funds: vec![],
        })
    }
}

/// One code a store proposal embeds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedCode {
    pub file_name: String,
    pub checksum_hex: String,
    /// The artifact's size: what wasmd stores.
    pub raw_len: usize,
    /// The gzipped size: what the transaction carries.
    pub gzip_len: usize,
}

/// A store proposal and what it carries.
#[derive(Clone, Debug)]
pub struct StorePlan {
    pub proposal: Proposal,
    pub code: Vec<EmbeddedCode>,
}

impl StorePlan {
    pub fn raw_len(&self) -> usize {
        self.code.iter().map(|c| c.raw_len).sum()
    }

    /// The bytes the transaction carries for the code.
    pub fn gzip_len(&self) -> usize {
        self.code.iter().map(|c| c.gzip_len).sum()
    }

    /// A warning when the transaction may exceed the chain's transaction size limit.
    pub fn size_note(&self) -> Option<String> {
        size_note(self.gzip_len())
    }
}

/// The note printed for `gzip_len` bytes of embedded code, if it exceeds [`LARGE_STORE_TX`].
pub fn size_note(gzip_len: usize) -> Option<String> {
    (gzip_len > LARGE_STORE_TX).then(|| {
        format!(
            "the proposal carries {gzip_len} bytes of gzipped wasm; CometBFT's default mempool \
             max_tx_bytes is 1,048,576. Check the chain's limit, or split the upload \
             (docs/GOVERNANCE.md)"
        )
    })
}

/// One `MsgStoreCode` per contract in `contracts`, in that order, with the code gzipped and
/// instantiable only by governance, and the lines of the summary that name each code.
pub(crate) fn store_messages(
    chain: &Chain,
    artifacts: &[Artifact],
    contracts: &[SuiteContract],
) -> Result<(Vec<ProposalMessage>, Vec<EmbeddedCode>, String), DeployError> {
    let mut messages = Vec::new();
    let mut code = Vec::new();
    let mut lines = String::new();
    for &contract in contracts {
        let artifact = require(artifacts, contract)?;
        check_wasm(artifact)?;
        let gzipped = gzip_checked(artifact)?;
        messages.push(ProposalMessage::StoreCode(MsgStoreCode {
            sender: chain.gov.clone(),
            wasm_byte_code: BASE64.encode(&gzipped),
            instantiate_permission: AccessConfig {
                permission: AccessType::AnyOfAddresses,
                addresses: vec![chain.gov.clone()],
            },
        }));
        lines += &format!(
            "- {}: sha256 {} ({} bytes, {} gzipped)\n",
            artifact.file_name,
            artifact.checksum_hex(),
            artifact.code.len(),
            gzipped.len()
        );
        code.push(EmbeddedCode {
            file_name: artifact.file_name.clone(),
            checksum_hex: artifact.checksum_hex(),
            raw_len: artifact.code.len(),
            gzip_len: gzipped.len(),
        });
    }
    Ok((messages, code, lines))
}

/// The artifact gzipped, and unzipped again as wasmd will (at most `MaxWasmSize`) to check that
/// it gives back the checked code.
fn gzip_checked(artifact: &Artifact) -> Result<Vec<u8>, DeployError> {
    let compress_error = |source| DeployError::Compress {
        file: artifact.file_name.clone(),
        source,
    };
    let gzipped = gzip::compress(&artifact.code).map_err(compress_error)?;
    let unzipped = gzip::decompress(&gzipped, MAX_WASM_SIZE).map_err(compress_error)?;
    if unzipped != artifact.code {
        return Err(compress_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the gzipped code does not unzip to the artifact",
        )));
    }
    Ok(gzipped)
}

/// What wasmd checks of the unzipped code before it compiles it: the wasm magic number, and at
/// most `MaxWasmSize` bytes.
fn check_wasm(artifact: &Artifact) -> Result<(), DeployError> {
    if !artifact.code.starts_with(b"\0asm") {
        return Err(DeployError::NotWasm {
            file: artifact.file_name.clone(),
        });
    }
    if artifact.code.len() > MAX_WASM_SIZE {
        return Err(DeployError::WasmTooLarge {
            file: artifact.file_name.clone(),
            len: artifact.code.len(),
            max: MAX_WASM_SIZE,
        });
    }
    Ok(())
}

/// How voters check the embedded code: unzip it and hash it.
pub(crate) const VERIFY_STORE: &str = "To verify: build the source with scripts/build, which is \
     reproducible, and compare artifacts/checksums.txt with the sha256 above. Each message's \
     wasm_byte_code is gzip, which wasmd unzips before storing: `jq -r \
     '.messages[N].wasm_byte_code' <file> | base64 -d | gunzip | sha256sum` prints the checksum. \
     Once stored, `query wasm code-info <code id>` shows each checksum as data_hash (in upper \
     case).";

pub(crate) fn require(
    artifacts: &[Artifact],
    contract: SuiteContract,
) -> Result<&Artifact, DeployError> {
    find(artifacts, contract).ok_or_else(|| DeployError::MissingArtifact {
        file: contract.file_name(),
    })
}

/// One contract of an instantiate proposal: what the checks need to know about it.
pub(crate) struct Instance<'a> {
    pub contract: SuiteContract,
    pub code_id: u64,
    pub salt: &'a str,
    pub label: &'a str,
}

/// How errors name a contract's code id, salt and label (the command line's flags, in words).
fn field_names(contract: SuiteContract) -> (&'static str, &'static str, &'static str) {
    match contract {
        SuiteContract::Hub => ("hub code id", "hub salt", "hub label"),
        SuiteContract::Lrt => ("lrt code id", "lrt salt", "lrt label"),
        SuiteContract::Registry => ("registry code id", "registry salt", "registry label"),
        SuiteContract::Relay => ("relay code id", "relay salt", "relay label"),
        SuiteContract::SlashBook => ("slash-book code id", "slash-book salt", "slash-book label"),
        SuiteContract::Consumer => ("consumer code id", "consumer salt", "consumer label"),
        SuiteContract::VirtualStaking => (
            "virtual-staking code id",
            "virtual-staking salt",
            "virtual-staking label",
        ),
    }
}

/// Positive code ids, salts of 1 to 64 bytes that differ from each other, and labels of 1 to
/// 128 bytes, as wasmd requires.
pub(crate) fn check_instances(instances: &[Instance]) -> Result<(), DeployError> {
    for (i, instance) in instances.iter().enumerate() {
        let (code_id_field, salt_field, label_field) = field_names(instance.contract);
        if instance.code_id == 0 {
            return Err(DeployError::ZeroCodeId {
                field: code_id_field,
            });
        }
        if instance.salt.is_empty() || instance.salt.len() > address::MAX_SALT_LEN {
            return Err(DeployError::InvalidSalt {
                field: salt_field,
                salt: instance.salt.to_string(),
            });
        }
        if let Some(other) = instances[..i].iter().find(|o| o.salt == instance.salt) {
            return Err(DeployError::SameSalt {
                first: other.contract.name(),
                second: instance.contract.name(),
                salt: instance.salt.to_string(),
            });
        }
        if instance.label.trim().is_empty() {
            return Err(DeployError::Empty { field: label_field });
        }
        if instance.label.len() > MAX_LABEL_LEN {
            return Err(DeployError::TooLong {
                field: label_field,
                len: instance.label.len(),
                max: MAX_LABEL_LEN,
            });
        }
    }
    Ok(())
}
