//! The store proposal: decoded field by field, its code checked against `checksums.txt`, and a
//! tampered artifact refused.

mod common;

use std::fs;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use palisade_deploy::artifacts::{self, sha256, PROVIDER_SUITE};
use palisade_deploy::proposal::Proposal;
use palisade_deploy::suite::{store_proposal, Chain};
use palisade_deploy::DeployError;
use serde_json::{json, Value};

/// `checksums.txt` read the plain way: file name to hex.
fn listed_checksum(file: &str) -> String {
    let text = fs::read_to_string(artifacts_dir().join("checksums.txt")).unwrap();
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            Some((parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .find(|(_, name)| name == file)
        .map(|(hash, _)| hash)
        .unwrap_or_else(|| panic!("{file} listed"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn store_proposal_uploads_each_checked_artifact_for_governance_only() {
    let proposal = store_proposal(&chain(), &load_artifacts()).unwrap();
    let json: Value = serde_json::from_str(&proposal.to_json().unwrap()).unwrap();

    assert_eq!(
        keys(&json),
        [
            "deposit",
            "expedited",
            "messages",
            "metadata",
            "summary",
            "title"
        ]
    );
    assert_eq!(json["deposit"], "10000000stake");
    assert_eq!(json["expedited"], false);
    assert_eq!(json["metadata"], "");
    assert_eq!(json["title"], "Palisade: store the contract code");

    let messages = json["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    let summary = json["summary"].as_str().unwrap();
    for (message, file) in messages.iter().zip(["hub.wasm", "lrt.wasm"]) {
        assert_eq!(
            keys(message),
            [
                "@type",
                "instantiate_permission",
                "sender",
                "wasm_byte_code"
            ]
        );
        assert_eq!(message["@type"], "/cosmwasm.wasm.v1.MsgStoreCode");
        assert_eq!(message["sender"], gov());
        assert_eq!(
            message["instantiate_permission"],
            json!({"permission": "AnyOfAddresses", "addresses": [gov()]})
        );
        let code = BASE64
            .decode(message["wasm_byte_code"].as_str().unwrap())
            .unwrap();
        // Raw wasm, not gzip: the module's magic number and version.
        assert_eq!(&code[..8], b"\0asm\x01\0\0\0");
        let checksum = listed_checksum(file);
        assert_eq!(hex(&sha256(&code)), checksum, "{file}");
        assert_eq!(code, fs::read(artifacts_dir().join(file)).unwrap());
        assert!(
            summary.contains(&format!("{file}: sha256 {checksum} ({} bytes)", code.len())),
            "summary names {file} with its checksum:\n{summary}"
        );
    }
    assert!(summary.contains(&gov()));
    assert!(summary.contains("Source: https://example.invalid/palisade/commit/abc"));

    // The typed view decodes too, with no field left over.
    let typed: Proposal = serde_json::from_value(json).unwrap();
    assert_eq!(typed, proposal);
}

#[test]
fn the_command_line_writes_the_same_store_proposal() {
    let out = scratch("store-cli");
    let args: Vec<String> = [
        "store",
        "--prefix",
        PREFIX,
        "--gov",
        &gov(),
        "--deposit",
        "10000000stake",
        "--source",
        "https://example.invalid/palisade/commit/abc",
        "--artifacts",
        artifacts_dir().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec();
    let output = run_proposals(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&listed_checksum("hub.wasm")), "{stdout}");
    let written: Proposal =
        serde_json::from_str(&fs::read_to_string(out.join("store.json")).unwrap()).unwrap();
    assert_eq!(
        written,
        store_proposal(&chain(), &load_artifacts()).unwrap()
    );
}

/// A copy of the committed artifacts in a scratch directory.
fn copy_artifacts(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    for file in ["hub.wasm", "lrt.wasm", "checksums.txt"] {
        fs::copy(artifacts_dir().join(file), dir.join(file)).unwrap();
    }
    dir
}

#[test]
fn a_tampered_artifact_is_refused() {
    let dir = copy_artifacts("tampered");
    let mut code = fs::read(dir.join("hub.wasm")).unwrap();
    let last = code.len() - 1;
    code[last] ^= 1;
    fs::write(dir.join("hub.wasm"), &code).unwrap();

    let err = artifacts::load(&dir, &PROVIDER_SUITE).unwrap_err();
    match err {
        DeployError::ChecksumMismatch {
            file,
            expected,
            actual,
        } => {
            assert_eq!(file, "hub.wasm");
            assert_eq!(expected, listed_checksum("hub.wasm"));
            assert_eq!(actual, hex(&sha256(&code)));
        }
        other => panic!("expected a checksum mismatch, got {other}"),
    }

    // The command refuses too, and writes nothing.
    let out = dir.join("out");
    let args: Vec<String> = [
        "store",
        "--prefix",
        PREFIX,
        "--gov",
        &gov(),
        "--deposit",
        "1stake",
        "--artifacts",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec();
    let output = run_proposals(&args);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("hub.wasm: sha256 is"), "{stderr}");
    assert!(!out.join("store.json").exists());
}

#[test]
fn an_artifact_missing_from_checksums_is_refused() {
    let dir = copy_artifacts("unlisted");
    let listed = fs::read_to_string(dir.join("checksums.txt")).unwrap();
    let without_lrt: String = listed
        .lines()
        .filter(|line| !line.ends_with("lrt.wasm"))
        .map(|line| format!("{line}\n"))
        .collect();
    fs::write(dir.join("checksums.txt"), without_lrt).unwrap();
    assert!(matches!(
        artifacts::load(&dir, &PROVIDER_SUITE),
        Err(DeployError::MissingChecksum { file, .. }) if file == "lrt.wasm"
    ));

    fs::write(dir.join("checksums.txt"), "not a checksum line\n").unwrap();
    assert!(matches!(
        artifacts::load(&dir, &PROVIDER_SUITE),
        Err(DeployError::MalformedChecksums { line: 1, .. })
    ));
}

#[test]
fn a_gov_address_of_another_chain_or_a_bad_deposit_is_refused() {
    let artifacts = load_artifacts();
    let other_chain = Chain {
        prefix: "cosmos".to_string(),
        ..chain()
    };
    assert!(matches!(
        store_proposal(&other_chain, &artifacts),
        Err(DeployError::InvalidAddress { .. })
    ));
    for deposit in ["", "stake", "10 stake", "0stake"] {
        let chain = Chain {
            deposit: deposit.to_string(),
            ..chain()
        };
        assert!(
            matches!(
                store_proposal(&chain, &artifacts),
                Err(DeployError::InvalidDeposit { .. })
            ),
            "{deposit:?}"
        );
    }
}

#[test]
fn a_suite_contract_missing_from_the_loaded_artifacts_is_refused() {
    let hub_only: Vec<_> = load_artifacts().into_iter().take(1).collect();
    assert!(matches!(
        store_proposal(&chain(), &hub_only),
        Err(DeployError::MissingArtifact { file }) if file == "lrt.wasm"
    ));
}
