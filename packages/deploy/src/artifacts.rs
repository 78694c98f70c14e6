//! The contracts governance deploys and their built code.
//!
//! `scripts/build` writes `artifacts/<name>.wasm` and `artifacts/checksums.txt` (sha256sum format),
//! and CI checks that the committed artifacts are what the source builds, reproducibly. A proposal
//! must carry exactly those bytes: loading an artifact hashes it and refuses it unless the hash is
//! the one `checksums.txt` lists, so a stale, rebuilt-by-hand or tampered file never reaches a vote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use cosmwasm_std::HexBinary;
use sha2::{Digest, Sha256};

use crate::error::DeployError;

/// The file `scripts/build` writes next to the artifacts.
pub const CHECKSUMS_FILE: &str = "checksums.txt";

/// A contract governance deploys. The provider chain's proposals carry [`PROVIDER_SUITE`]; a
/// consumer chain's proposals carry [`CONSUMER_SUITE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuiteContract {
    Hub,
    Lrt,
    Registry,
    Relay,
    /// The slash book the relay opens slashes in.
    SlashBook,
    Consumer,
    /// Optional, on a consumer chain that wants restaked stake in its consensus.
    VirtualStaking,
}

/// What the provider chain's store proposal uploads, in this order.
pub const PROVIDER_SUITE: [SuiteContract; 5] = [
    SuiteContract::Hub,
    SuiteContract::Lrt,
    SuiteContract::Registry,
    SuiteContract::Relay,
    SuiteContract::SlashBook,
];

/// What a consumer chain's store proposal uploads.
pub const CONSUMER_SUITE: [SuiteContract; 1] = [SuiteContract::Consumer];

/// What a consumer chain's virtual-staking store proposal uploads.
pub const VIRTUAL_STAKING_SUITE: [SuiteContract; 1] = [SuiteContract::VirtualStaking];

impl SuiteContract {
    /// The crate directory under `contracts/`, which is also the artifact's base name.
    pub fn name(self) -> &'static str {
        match self {
            SuiteContract::Hub => "hub",
            SuiteContract::Lrt => "lrt",
            SuiteContract::Registry => "registry",
            SuiteContract::Relay => "relay",
            SuiteContract::SlashBook => "slash-book",
            SuiteContract::Consumer => "consumer",
            SuiteContract::VirtualStaking => "virtual-staking",
        }
    }

    /// The consumer chain's contracts, as opposed to the provider's.
    pub fn on_consumer_chain(self) -> bool {
        matches!(
            self,
            SuiteContract::Consumer | SuiteContract::VirtualStaking
        )
    }

    pub fn file_name(self) -> String {
        format!("{}.wasm", self.name())
    }
}

/// One verified artifact: its bytes hash to the checksum `checksums.txt` lists.
#[derive(Clone, Debug)]
pub struct Artifact {
    pub contract: SuiteContract,
    pub file_name: String,
    pub code: Vec<u8>,
    /// sha256 of `code`: what wasmd records as the code's checksum (`data_hash`) and what
    /// instantiate2 addresses are derived from.
    pub checksum: [u8; 32],
}

impl Artifact {
    pub fn checksum_hex(&self) -> String {
        HexBinary::from(self.checksum.as_slice()).to_hex()
    }
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Reads `checksums.txt` in `dir`: file name to lowercase hex sha256.
pub fn read_checksums(dir: &Path) -> Result<BTreeMap<String, String>, DeployError> {
    let path = dir.join(CHECKSUMS_FILE);
    let text = fs::read_to_string(&path).map_err(|source| DeployError::Read {
        path: path.clone(),
        source,
    })?;
    let mut checksums = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (hash, name) = parse_checksum_line(line).ok_or(DeployError::MalformedChecksums {
            path: path.clone(),
            line: index + 1,
        })?;
        checksums.insert(name.to_string(), hash.to_ascii_lowercase());
    }
    Ok(checksums)
}

/// `<64 hex digits><space><space or '*'><file name>`, as `sha256sum` writes it.
fn parse_checksum_line(line: &str) -> Option<(&str, &str)> {
    let hash = line.get(..64)?;
    if !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let rest = line.get(64..)?;
    let name = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))?;
    if name.is_empty() {
        return None;
    }
    Some((hash, name))
}

/// Loads the artifacts of `contracts` from `dir` and checks each against `checksums.txt`.
pub fn load(dir: &Path, contracts: &[SuiteContract]) -> Result<Vec<Artifact>, DeployError> {
    let checksums = read_checksums(dir)?;
    contracts
        .iter()
        .map(|&contract| {
            let file_name = contract.file_name();
            let expected =
                checksums
                    .get(&file_name)
                    .ok_or_else(|| DeployError::MissingChecksum {
                        file: file_name.clone(),
                        checksums: dir.join(CHECKSUMS_FILE),
                    })?;
            let path: PathBuf = dir.join(&file_name);
            let code = fs::read(&path).map_err(|source| DeployError::Read { path, source })?;
            let checksum = sha256(&code);
            let actual = HexBinary::from(checksum.as_slice()).to_hex();
            if &actual != expected {
                return Err(DeployError::ChecksumMismatch {
                    file: file_name,
                    expected: expected.clone(),
                    actual,
                });
            }
            Ok(Artifact {
                contract,
                file_name,
                code,
                checksum,
            })
        })
        .collect()
}

/// The artifact of `contract` among `artifacts`.
pub fn find(artifacts: &[Artifact], contract: SuiteContract) -> Option<&Artifact> {
    artifacts.iter().find(|a| a.contract == contract)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_lines_in_both_sha256sum_modes_parse() {
        let hash = "ab".repeat(32);
        assert_eq!(
            parse_checksum_line(&format!("{hash}  hub.wasm")),
            Some((hash.as_str(), "hub.wasm"))
        );
        assert_eq!(
            parse_checksum_line(&format!("{hash} *lrt.wasm")),
            Some((hash.as_str(), "lrt.wasm"))
        );
        assert_eq!(parse_checksum_line(&format!("{hash} hub.wasm")), None);
        assert_eq!(parse_checksum_line(&format!("{hash}  ")), None);
        assert_eq!(parse_checksum_line("abc  hub.wasm"), None);
        assert_eq!(
            parse_checksum_line(&format!("{}  hub.wasm", "zz".repeat(32))),
            None
        );
    }

    #[test]
    fn sha256_of_the_empty_input_is_the_known_digest() {
        assert_eq!(
            HexBinary::from(sha256(b"").as_slice()).to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
