//! The main job: the end-to-end scenario on the optimized wasm artifacts in cosmwasm-vm (the VM
//! inside wasmd), within the multi-test world: a provider with bank and x/staking and two consumer
//! chains joined by the test relayer. Under each line of the story it prints the transactions made
//! since the previous line with their gas, and it writes the same as JSON
//! (`target/devnet/scenario.json`, or the path given).

use std::cell::RefCell;
use std::rc::Rc;

use palisade_devnet::{artifacts_dir, transaction_calls, wasm_codes, GasRecord, Vm};
use palisade_testing::gas::{INSTANCE_COST, VM_GAS_PER_SDK_GAS};
use serde::Serialize;

/// One line of the story and the transactions since the previous line (the story's own reads of
/// the chain, client queries, are left out).
#[derive(Serialize)]
struct Line {
    text: String,
    transactions: Vec<Transaction>,
}

#[derive(Serialize)]
struct Transaction {
    /// The first call: contract, entry point and message name.
    message: String,
    /// SDK gas of execution and storage over every call of the transaction, without wasmd's
    /// per-call instance cost (60,000 each, 2,000 if pinned).
    sdk_gas: u64,
    calls: Vec<Call>,
}

#[derive(Serialize)]
struct Call {
    contract: String,
    entry_point: &'static str,
    action: Option<String>,
    vm_gas_in_sdk_gas: u64,
    kv_gas: u64,
    reads: u64,
    writes: u64,
}

fn describe(record: &GasRecord) -> String {
    match &record.action {
        Some(action) => format!("{}.{} {action}", record.contract, record.entry_point),
        None => format!("{}.{}", record.contract, record.entry_point),
    }
}

/// Groups the calls into transactions, each starting at a call that starts one.
fn transactions(records: Vec<GasRecord>) -> Vec<Transaction> {
    let mut out: Vec<Transaction> = Vec::new();
    for r in transaction_calls(records) {
        if r.starts_transaction || out.is_empty() {
            out.push(Transaction {
                message: describe(&r),
                sdk_gas: 0,
                calls: Vec::new(),
            });
        }
        let call = Call {
            vm_gas_in_sdk_gas: r.vm_gas / VM_GAS_PER_SDK_GAS,
            kv_gas: r.kv.gas,
            reads: r.kv.reads,
            writes: r.kv.writes,
            contract: r.contract,
            entry_point: r.entry_point,
            action: r.action,
        };
        if let Some(tx) = out.last_mut() {
            tx.sdk_gas += call.vm_gas_in_sdk_gas + call.kv_gas;
            tx.calls.push(call);
        }
    }
    out
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
