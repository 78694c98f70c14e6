//! The store proposal: decoded field by field, its gzipped code unzipped and checked against
//! `checksums.txt`, its output reproducible, and a tampered, missing or unstorable artifact
//! refused.

mod common;

use std::fs;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use palisade_deploy::artifacts::{self, sha256, Artifact, SuiteContract, PROVIDER_SUITE};
use palisade_deploy::chain::{size_note, LARGE_STORE_TX};
use palisade_deploy::checks::MAX_WASM_SIZE;
use palisade_deploy::proposal::Proposal;
use palisade_deploy::suite::{store_contract_proposal, store_proposal, Chain};
use palisade_deploy::DeployError;
use serde_json::{json, Value};

const PROVIDER_FILES: [&str; 5] = [
    "hub.wasm",
    "lrt.wasm",
    "registry.wasm",
    "relay.wasm",
    "slash-book.wasm",
];

#[test]
fn store_proposal_uploads_each_checked_artifact_gzipped_for_governance_only() {
    let plan = store_proposal(&chain(), &load_artifacts()).unwrap();
    let json: Value = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();

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
    assert_eq!(messages.len(), 5);
    let summary = json["summary"].as_str().unwrap();
    let mut gzip_total = 0;
    for (message, file) in messages.iter().zip(PROVIDER_FILES) {
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
        let gzipped = BASE64
            .decode(message["wasm_byte_code"].as_str().unwrap())
            .unwrap();
        // gzip with a fixed header (no name, mtime 0, OS unknown), as wasmd's IsGzip expects.
        assert_eq!(&gzipped[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
        let code = gunzip(&gzipped);
        assert_eq!(&code[..8], b"\0asm\x01\0\0\0");
        let checksum = listed_checksum(file);
        assert_eq!(hex(&sha256(&code)), checksum, "{file}");
        assert_eq!(code, fs::read(artifacts_dir().join(file)).unwrap());
        assert!(gzipped.len() < code.len() / 2, "{file} compresses");
        assert!(
            summary.contains(&format!(
                "{file}: sha256 {checksum} ({} bytes, {} gzipped)",
                code.len(),
                gzipped.len()
            )),
            "summary names {file} with its checksum:\n{summary}"
        );
        gzip_total += gzipped.len();
    }
    assert!(summary.contains(&gov()));
    assert!(summary.contains("base64 -d | gunzip | sha256sum"));
    assert!(summary.contains("Source: https://example.invalid/palisade/commit/abc"));

    // The plan's sizes are the embedded ones; the whole suite fits a default transaction.
    assert_eq!(plan.gzip_len(), gzip_total);
    assert_eq!(
        plan.raw_len(),
        PROVIDER_FILES
            .iter()
            .map(|f| fs::read(artifacts_dir().join(f)).unwrap().len())
            .sum::<usize>()
    );
    assert!(plan.raw_len() > 1_048_576, "raw, the suite would not fit");
    assert!(gzip_total < LARGE_STORE_TX);
    assert_eq!(plan.size_note(), None);

    // The typed view decodes too, with no field left over.
    let typed: Proposal = serde_json::from_value(json).unwrap();
    assert_eq!(typed, plan.proposal);
}

#[test]
fn the_store_proposal_is_reproducible() {
    let first = store_proposal(&chain(), &load_artifacts()).unwrap();
    let second = store_proposal(&chain(), &load_artifacts()).unwrap();
    assert_eq!(
        first.proposal.to_json().unwrap(),
        second.proposal.to_json().unwrap()
    );
}

#[test]
fn a_store_above_the_transaction_threshold_gets_a_note() {
    assert_eq!(size_note(LARGE_STORE_TX), None);
    let note = size_note(LARGE_STORE_TX + 1).unwrap();
    assert!(note.contains("900001 bytes of gzipped wasm"), "{note}");
    assert!(note.contains("max_tx_bytes"), "{note}");
}

/// An artifact as `artifacts::load` would return it, for code no build produces.
fn fake_artifact(contract: SuiteContract, code: Vec<u8>) -> Artifact {
    Artifact {
        contract,
        file_name: contract.file_name(),
        checksum: sha256(&code),
        code,
    }
}

#[test]
fn code_wasmd_would_not_store_is_refused() {
    let mut artifacts = load_artifacts();
    artifacts[2] = fake_artifact(SuiteContract::Registry, b"#!/bin/sh\n".to_vec());
    assert!(matches!(
        store_proposal(&chain(), &artifacts),
        Err(DeployError::NotWasm { file }) if file == "registry.wasm"
    ));

    let mut big = b"\0asm\x01\0\0\0".to_vec();
    big.resize(MAX_WASM_SIZE + 1, 0);
    artifacts[2] = fake_artifact(SuiteContract::Registry, big);
    assert!(matches!(
        store_proposal(&chain(), &artifacts),
        Err(DeployError::WasmTooLarge { file, len, max })
            if file == "registry.wasm" && len == MAX_WASM_SIZE + 1 && max == MAX_WASM_SIZE
    ));
}

#[test]
fn the_command_line_writes_the_same_store_proposal() {
    let out = scratch("store-cli");
    let output = run_proposals(&store_args(&out));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let expected = store_proposal(&chain(), &load_artifacts()).unwrap();
    for code in &expected.code {
        assert!(
            stdout.contains(&format!(
                "{}  sha256 {}  {} bytes, {} gzipped",
                code.file_name, code.checksum_hex, code.raw_len, code.gzip_len
            )),
            "{stdout}"
        );
    }
    assert!(
        stdout.contains(&format!(
            "code in the transaction: {} bytes gzipped ({} bytes unzipped)",
            expected.gzip_len(),
            expected.raw_len()
        )),
        "{stdout}"
    );
    let written = fs::read_to_string(out.join("store.json")).unwrap();
    assert_eq!(written, expected.proposal.to_json().unwrap());
    let written: Proposal = serde_json::from_str(&written).unwrap();
    assert_eq!(written, expected.proposal);
}

/// `proposals store` with the test chain, the committed artifacts and `out`.
fn store_args(out: &std::path::Path) -> Vec<String> {
    cli_args("store", PREFIX, &gov(), out)
}

/// A copy of the committed artifacts in a scratch directory.
fn copy_artifacts(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    for file in PROVIDER_FILES.iter().chain(&["checksums.txt"]) {
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
    let without_relay: Vec<_> = load_artifacts().into_iter().take(3).collect();
    assert!(matches!(
        store_proposal(&chain(), &without_relay),
        Err(DeployError::MissingArtifact { file }) if file == "relay.wasm"
    ));
}

#[test]
fn each_contract_can_be_stored_by_its_own_proposal() {
    let artifacts = load_artifacts();
    let whole = store_proposal(&chain(), &artifacts).unwrap();
    let whole: Value = serde_json::from_str(&whole.proposal.to_json().unwrap()).unwrap();
    for (index, (contract, file)) in PROVIDER_SUITE.iter().zip(PROVIDER_FILES).enumerate() {
        let plan = store_contract_proposal(&chain(), &artifacts, *contract).unwrap();
        let json: Value = serde_json::from_str(&plan.proposal.to_json().unwrap()).unwrap();
        assert_eq!(
            json["title"],
            format!("Palisade: store the {} contract's code", contract.name())
        );
        assert_eq!(json["deposit"], "10000000stake");
        // The one message is exactly the whole suite's message for that contract.
        let messages = json["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0], whole["messages"][index], "{file}");
        let code = gunzip(
            &BASE64
                .decode(messages[0]["wasm_byte_code"].as_str().unwrap())
                .unwrap(),
        );
        assert_eq!(hex(&sha256(&code)), listed_checksum(file));
        let summary = json["summary"].as_str().unwrap();
        assert!(summary.contains(&format!("{file}: sha256 {}", listed_checksum(file))));
        assert!(
            summary.contains("each uploaded by its own proposal"),
            "{summary}"
        );
        assert!(summary.contains(&gov()));
        assert_eq!(plan.code.len(), 1);
        assert_eq!(plan.code[0].file_name, file);
    }
}

#[test]
fn the_consumer_is_not_stored_by_a_provider_store_proposal() {
    let artifacts = artifacts::load(&artifacts_dir(), &[SuiteContract::Consumer]).unwrap();
    assert!(matches!(
        store_contract_proposal(&chain(), &artifacts, SuiteContract::Consumer),
        Err(DeployError::NotProviderContract { contract }) if contract == "consumer"
    ));
}

#[test]
fn the_command_line_writes_one_contracts_store_proposal() {
    let out = scratch("store-one-cli");
    let mut args = store_args(&out);
    args.extend(["--contract".to_string(), "registry".to_string()]);
    let output = run_proposals(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected =
        store_contract_proposal(&chain(), &load_artifacts(), SuiteContract::Registry).unwrap();
    let written = fs::read_to_string(out.join("store-registry.json")).unwrap();
    assert_eq!(written, expected.proposal.to_json().unwrap());
    assert!(!out.join("store.json").exists());

    *args.last_mut().unwrap() = "consumer".into();
    let output = run_proposals(&args);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("consumer is not a contract of the provider suite"),
        "{stderr}"
    );
    *args.last_mut().unwrap() = "vault".into();
    let output = run_proposals(&args);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("expected hub, lrt, registry, relay, slash-book or consumer"));
}
