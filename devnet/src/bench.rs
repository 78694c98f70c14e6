//! The gas of every user-facing hub and LRT action, on the optimized wasm in the VM, as the number
//! of stakers and of operators grows. Each action is one transaction; its gas is every contract
//! call it made (its own, its submessages', and queries between contracts), in SDK gas.

use std::path::Path;
use std::rc::Rc;

use anyhow::{Context, Result as AnyResult};
use cosmwasm_std::{Addr, Api, CanonicalAddr, Uint128};
use cw_multi_test::{AppResponse, Executor};
use palisade_testing::gas::{INSTANCE_COST, VM_GAS_PER_SDK_GAS};
use palisade_testing::{Suite, SuiteBuilder, EPOCH_PERIOD, WITHDRAWAL_DELAY};

use crate::vm::Vm;

/// One transaction's gas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxGas {
    /// Contract calls (each loads a contract: wasmd's instance cost).
    pub calls: u64,
    /// The VM's gas in SDK gas.
    pub vm: u64,
    /// Storage gas.
    pub kv: u64,
}

impl TxGas {
    /// Execution and storage.
    pub fn sdk(&self) -> u64 {
        self.vm + self.kv
    }

    /// As wasmd charges it, with the instance cost of every call (contracts not pinned).
    pub fn charged(&self) -> u64 {
        self.sdk() + self.calls * INSTANCE_COST
    }
}

/// Runs one transaction and returns its gas (client queries made meanwhile are left out).
pub fn tx(vm: &Vm, run: impl FnOnce() -> AnyResult<AppResponse>) -> AnyResult<TxGas> {
    let from = vm.log_len();
    run()?;
    let calls = crate::vm::transaction_calls(vm.records_since(from));
    Ok(TxGas {
        calls: calls.len() as u64,
        vm: calls.iter().map(|r| r.vm_gas).sum::<u64>() / VM_GAS_PER_SDK_GAS,
        kv: calls.iter().map(|r| r.kv.gas).sum(),
    })
}

/// The user-facing actions measured, in the order they run.
pub const ACTIONS: [&str; 8] = [
    "deposit",
    "LRT transfer",
    "unbond request (LRT send)",
    "harvest",
    "rebalance",
    "submit batch",
    "reconcile",
    "claim",
];

/// A 20-byte account address for staker `i`.
fn staker(suite: &Suite, i: usize) -> Addr {
    let mut bytes = [7u8; 20];
    bytes[..8].copy_from_slice(&(i as u64).to_be_bytes());
    suite
        .app
        .api()
        .addr_humanize(&CanonicalAddr::from(bytes.as_slice()))
        .expect("a valid address")
}

const STAKE: u128 = 1_000_000_000;

/// Each action's gas with `stakers` stakers already in and `operators` operators.
pub fn measure(
    vm: &Rc<Vm>,
    artifacts: &Path,
    stakers: usize,
    operators: usize,
) -> AnyResult<Vec<(&'static str, TxGas)>> {
    let codes = crate::wasm_codes(vm, artifacts)?;
    let mut suite = SuiteBuilder::new()
        .codes(codes)
        .validators(&vec![1; operators])
        .build();
    for i in 0..stakers {
        let who = staker(&suite, i);
        suite.mint_bond(&who, STAKE);
        suite.deposit(&who, STAKE).context("setup deposit")?;
    }
    let (first, newcomer) = (staker(&suite, 0), staker(&suite, stakers + 1));
    suite.mint_bond(&newcomer, STAKE);
    let lrt = suite.lrt.clone();
    let mut gas = Vec::new();

    gas.push(tx(vm, || suite.deposit(&newcomer, STAKE))?);
    gas.push(tx(vm, || {
        suite.app.execute_contract(
            first.clone(),
            lrt.clone(),
            &cw20::Cw20ExecuteMsg::Transfer {
                recipient: newcomer.to_string(),
                amount: Uint128::new(1),
            },
            &[],
        )
    })?);
    gas.push(tx(vm, || suite.unbond(&first, STAKE / 2))?);
    suite.advance(EPOCH_PERIOD);
    gas.push(tx(vm, || suite.harvest())?);
    gas.push(tx(vm, || suite.rebalance())?);
    gas.push(tx(vm, || suite.submit_batch())?);
    suite.advance(WITHDRAWAL_DELAY + EPOCH_PERIOD);
    gas.push(tx(vm, || suite.reconcile())?);
    gas.push(tx(vm, || suite.claim(&first))?);
    Ok(ACTIONS.into_iter().zip(gas).collect())
}
