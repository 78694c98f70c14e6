//! The JSON in the governance docs and the consumer guide decodes as the real message types:
//! every ```json block, every `'{...}'` passed to a command and every inline `{...}` that is valid
//! JSON must be a message (or a proposal whose messages are, or a field of a message) that a
//! Palisade contract or the proposal format accepts, with no unknown field.

use std::fs;
use std::path::Path;

use palisade_api::{consumer, hub, lrt, registry, relay};
use palisade_deploy::proposal::{Proposal, ProposalMessage};
use serde::de::DeserializeOwned;
use serde_json::Value;

const DOCS: [&str; 2] = ["docs/GOVERNANCE.md", "docs/guides/CONSUMERS.md"];

fn read(doc: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(doc);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn decodes<T: DeserializeOwned>(value: &Value) -> bool {
    serde_json::from_value::<T>(value.clone()).is_ok()
}

/// Whether `value` is a message some Palisade contract accepts.
fn is_contract_message(value: &Value) -> bool {
    decodes::<hub::ExecuteMsg>(value)
        || decodes::<hub::QueryMsg>(value)
        || decodes::<registry::ExecuteMsg>(value)
        || decodes::<registry::QueryMsg>(value)
        || decodes::<relay::ExecuteMsg>(value)
        || decodes::<relay::QueryMsg>(value)
        || decodes::<consumer::ExecuteMsg>(value)
        || decodes::<consumer::QueryMsg>(value)
        || decodes::<consumer::SudoMsg>(value)
        || decodes::<lrt::ExecuteMsg>(value)
        || decodes::<lrt::QueryMsg>(value)
        // Every contract's MigrateMsg is the same empty object.
        || decodes::<hub::MigrateMsg>(value)
}

/// Whether `value` is a field of a message that a doc quotes on its own.
fn is_message_part(value: &Value) -> bool {
    decodes::<registry::SlashDestination>(value)
        || decodes::<registry::RateLimit>(value)
        || decodes::<registry::CommissionBounds>(value)
        || decodes::<registry::ConsumerParams>(value)
        || decodes::<relay::RelaySettings>(value)
        || decodes::<hub::Params>(value)
}

fn check(doc: &str, value: &Value) {
    if value.get("messages").is_some() {
        let proposal: Proposal = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{doc}: a proposal that does not decode ({e}): {value}"));
        for message in &proposal.messages {
            let msg = match message {
                ProposalMessage::ExecuteContract(m) => &m.msg,
                ProposalMessage::InstantiateContract2(m) => &m.msg,
                ProposalMessage::MigrateContract(m) => &m.msg,
                ProposalMessage::StoreCode(_) | ProposalMessage::CommunityPoolSpend(_) => continue,
            };
            assert!(is_contract_message(msg), "{doc}: no contract accepts {msg}");
        }
    } else {
        assert!(
            is_contract_message(value) || is_message_part(value),
            "{doc}: no contract accepts {value}"
        );
    }
}

/// The ```json blocks, and the lines of the other fenced blocks.
fn blocks(text: &str) -> (Vec<String>, Vec<String>) {
    let mut json = Vec::new();
    let mut code_lines = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        match current.take() {
            None => {
                if let Some(lang) = line.trim_start().strip_prefix("```") {
                    current = Some((lang.to_string(), String::new()));
                }
            }
            Some((lang, body)) if line.trim_start().starts_with("```") => {
                if lang == "json" {
                    json.push(body);
                }
            }
            Some((lang, mut body)) => {
                if lang != "json" {
                    code_lines.push(line.to_string());
                }
                body.push_str(line);
                body.push('\n');
                current = Some((lang, body));
            }
        }
    }
    (json, code_lines)
}

/// Substrings between `open` and the next `close` that start with `{`.
fn delimited(text: &str, open: char, close: char) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len_utf8()..];
        let Some(end) = after.find(close) else { break };
        let inner = &after[..end];
        if inner.starts_with('{') {
            found.push(inner.to_string());
        }
        rest = &after[end + close.len_utf8()..];
    }
    found
}

#[test]
fn every_json_in_the_docs_is_a_real_message() {
    for doc in DOCS {
        let text = read(doc);
        let (json_blocks, code_lines) = blocks(&text);
        let mut checked = 0;
        for block in &json_blocks {
            let value: Value = serde_json::from_str(block).unwrap_or_else(|e| {
                panic!("{doc}: a json block that does not parse ({e}):\n{block}")
            });
            check(doc, &value);
            checked += 1;
        }
        // Arguments of commands ('{...}') and inline code (`{...}`) that are complete JSON.
        let quoted = code_lines
            .iter()
            .flat_map(|line| delimited(line, '\'', '\''));
        for candidate in quoted.chain(delimited(&text, '`', '`')) {
            if let Ok(value) = serde_json::from_str::<Value>(&candidate) {
                check(doc, &value);
                checked += 1;
            }
        }
        assert!(checked >= 5, "{doc}: only {checked} JSON examples found");
    }
}
