//! Transactions out of the VM's call log: how the main job and the benchmark report gas.

use serde::Serialize;

use crate::vm::{transaction_calls, GasRecord};
use palisade_testing::gas::VM_GAS_PER_SDK_GAS;

#[derive(Serialize)]
pub struct Transaction {
    /// The first call: contract, entry point and message name.
    pub message: String,
    /// SDK gas of execution and storage over every call of the transaction, without wasmd's
    /// per-call instance cost (60,000 each, 2,000 if pinned).
    pub sdk_gas: u64,
    /// Its first call succeeded (a refused transaction still pays for what it ran).
    pub ok: bool,
    pub calls: Vec<Call>,
}

#[derive(Serialize)]
pub struct Call {
    pub contract: String,
    pub entry_point: &'static str,
    pub action: Option<String>,
    pub vm_gas_in_sdk_gas: u64,
    pub kv_gas: u64,
    pub reads: u64,
    pub writes: u64,
}

pub fn describe(record: &GasRecord) -> String {
    match &record.action {
        Some(action) => format!("{}.{} {action}", record.contract, record.entry_point),
        None => format!("{}.{}", record.contract, record.entry_point),
    }
}

/// Groups the calls into transactions, each starting at a call that starts one.
pub fn transactions(records: Vec<GasRecord>) -> Vec<Transaction> {
    let mut out: Vec<Transaction> = Vec::new();
    for r in transaction_calls(records) {
        if r.starts_transaction || out.is_empty() {
            out.push(Transaction {
                message: describe(&r),
                sdk_gas: 0,
                ok: r.ok,
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
