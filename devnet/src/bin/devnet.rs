//! The main job: the end-to-end scenario on the optimized wasm artifacts in cosmwasm-vm (the VM
//! inside wasmd), within the multi-test world: a provider with bank and x/staking and two consumer
//! chains joined by the test relayer. Under each line of the story it prints the transactions made
//! since the previous line with their gas, and it writes the same as JSON
//! (`target/devnet/scenario.json`, or the path given).

use std::cell::RefCell;
use std::rc::Rc;

use palisade_devnet::story::{transactions, Transaction};
use palisade_devnet::{artifacts_dir, wasm_codes, Vm};
use palisade_testing::gas::INSTANCE_COST;
use serde::Serialize;

/// One line of the story and the transactions since the previous line (the story's own reads of
/// the chain, client queries, are left out).
#[derive(Serialize)]
struct Line {
    text: String,
    transactions: Vec<Transaction>,
}

fn main() -> anyhow::Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| artifacts_dir().join("../target/devnet/scenario.json"));
    let vm = Vm::new()?;
    let codes = wasm_codes(&vm, &artifacts_dir())?;
    println!("Running the optimized artifacts (artifacts/*.wasm) in cosmwasm-vm 2.2.10.");
    println!(
        "Under a line: the transactions since the previous one, with their SDK gas (execution and"
    );
    println!("storage, every contract call included; wasmd adds {INSTANCE_COST} per contract call to load it).");
    let lines: Rc<RefCell<Vec<Line>>> = Rc::default();
    let seen = RefCell::new(0usize);
    let (log, record) = (Rc::clone(&vm), Rc::clone(&lines));
    let annotate = Box::new(move |text: &str| {
        let from = seen.replace(log.log_len());
        let txs = transactions(log.records_since(from));
        let note = (!txs.is_empty()).then(|| {
            txs.iter()
                .map(|tx| {
                    format!(
                        "      tx {}: {} gas in {} calls",
                        tx.message,
                        tx.sdk_gas,
                        tx.calls.len()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
        record.borrow_mut().push(Line {
            text: text.to_string(),
            transactions: txs,
        });
        note
    });
    palisade_tests::scenario::run_annotated(codes, true, Some(annotate))?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, serde_json::to_vec_pretty(&*lines.borrow())?)?;
    println!(
        "\nThe story with every transaction's calls and gas: {}",
        out.display()
    );
    Ok(())
}
