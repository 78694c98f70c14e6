//! The main job: the end-to-end scenario on the optimized wasm artifacts in cosmwasm-vm (the VM
//! inside wasmd), within the multi-test world: a provider with bank and x/staking and two consumer
//! chains joined by the test relayer. It prints the story with the gas of the contract calls each
//! line describes, and writes the same as JSON (`target/devnet/scenario.json`, or the path given).

use std::cell::RefCell;
use std::rc::Rc;

use palisade_devnet::{artifacts_dir, wasm_codes, Vm};
use palisade_testing::gas::{INSTANCE_COST, VM_GAS_PER_SDK_GAS};
use serde::Serialize;

/// One line of the story and the contract calls its transactions made since the previous line
/// (the story's own reads of the chain, client queries, are left out).
#[derive(Serialize)]
struct Line {
    text: String,
    calls: Vec<Call>,
    /// SDK gas of those calls: wasm execution plus storage, without wasmd's per-call instance
    /// cost (60,000 each, 2,000 if pinned).
    sdk_gas: u64,
}

#[derive(Serialize)]
struct Call {
    contract: String,
    entry_point: &'static str,
    vm_gas_in_sdk_gas: u64,
    kv_gas: u64,
    reads: u64,
    writes: u64,
}

fn main() -> anyhow::Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| artifacts_dir().join("../target/devnet/scenario.json"));
    let vm = Vm::new()?;
    let codes = wasm_codes(&vm, &artifacts_dir())?;
    println!("Running the optimized artifacts (artifacts/*.wasm) in cosmwasm-vm 2.2.10");
    let lines: Rc<RefCell<Vec<Line>>> = Rc::default();
    let seen = RefCell::new(0usize);
    let (log, record) = (Rc::clone(&vm), Rc::clone(&lines));
    let annotate = Box::new(move |text: &str| {
        let from = seen.replace(log.log_len());
        let calls: Vec<Call> = log
            .records_since(from)
            .into_iter()
            .filter(|r| !r.is_client_query())
            .map(|r| Call {
                vm_gas_in_sdk_gas: r.vm_gas / VM_GAS_PER_SDK_GAS,
                kv_gas: r.kv.gas,
                reads: r.kv.reads,
                writes: r.kv.writes,
                contract: r.contract,
                entry_point: r.entry_point,
            })
            .collect();
        let sdk_gas = calls.iter().map(|c| c.vm_gas_in_sdk_gas + c.kv_gas).sum();
        let note = (!calls.is_empty()).then(|| {
            let mut entries: Vec<String> = Vec::new();
            for c in &calls {
                let entry = format!("{}.{}", c.contract, c.entry_point);
                if !entries.contains(&entry) {
                    entries.push(entry);
                }
            }
            format!(
                "      gas: {sdk_gas} SDK gas in {} contract calls ({}), + {INSTANCE_COST} per call to load the contract",
                calls.len(),
                entries.join(", ")
            )
        });
        record.borrow_mut().push(Line {
            text: text.to_string(),
            calls,
            sdk_gas,
        });
        note
    });
    palisade_tests::scenario::run_annotated(codes, true, Some(annotate))?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, serde_json::to_vec_pretty(&*lines.borrow())?)?;
    println!("\nThe story with every call's gas: {}", out.display());
    Ok(())
}
