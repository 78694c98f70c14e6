//! What a power update costs the consumer contract that receives it, per operator it carries:
//! the consumer's `ibc_packet_receive` alone (the relay's acknowledgement is the provider's, in
//! the IBC table), on the optimized wasm in the VM. Operators have 20-byte valoper addresses and
//! real ed25519 consensus keys, as on a chain; the packets are the relay's, forged here so that
//! every update carries exactly the operators measured.

use std::path::Path;
use std::rc::Rc;

use anyhow::{ensure, Context, Result as AnyResult};
use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Api, CanonicalAddr, IbcTimeout, Uint128};
use palisade_api::ibc::{OperatorPower, PowerUpdateAck, ProviderPacket};
use palisade_testing::ibc::SentPacket;
use palisade_testing::interchain::{consumer_key, packet_data, Interchain, Side};
use palisade_testing::SuiteBuilder;

use crate::bench::TxGas;
use crate::vm::Vm;

/// The updates measured, in the order they arrive.
pub const STEPS: [&str; 4] = [
    "first update (each operator and its key new)",
    "next update (every power changed)",
    "key rotation (every key new, powers changed)",
    "removal (every operator)",
];

/// A valoper address of 20 bytes, as x/staking's.
fn valoper(i: usize) -> String {
    let mut bytes = [9u8; 20];
    bytes[..8].copy_from_slice(&(i as u64).to_be_bytes());
    MockApi::default()
        .with_prefix("cosmosvaloper")
        .addr_humanize(&CanonicalAddr::from(bytes.as_slice()))
        .expect("a valid address")
        .to_string()
}

/// The consumer's gas for each of [`STEPS`] with `operators` operators in every update.
pub fn measure(vm: &Rc<Vm>, artifacts: &Path, operators: usize) -> AnyResult<Vec<TxGas>> {
    let codes = crate::wasm_codes(vm, artifacts)?;
    let mut world = Interchain::new(SuiteBuilder::new().codes(codes), &["alpha-1"]);
    let pair = world.open_channel(0)?;
    let relay = world.relay.clone();
    let names: Vec<String> = (0..operators).map(valoper).collect();
    let powers = |key_round: usize, power: u128| -> Vec<OperatorPower> {
        names
            .iter()
            .enumerate()
            .map(|(i, operator)| OperatorPower {
                operator: operator.clone(),
                // A key of consumer `key_round` stands for the operator's next key.
                consumer_key: consumer_key(i, key_round),
                power: Uint128::new(power + i as u128),
            })
            .collect()
    };
    let updates = [
        (powers(0, 1_000_000), vec![]),
        (powers(0, 2_000_000), vec![]),
        (powers(1, 3_000_000), vec![]),
        (vec![], names.clone()),
    ];
    let mut gas = Vec::new();
    for (n, (powers, removed)) in updates.into_iter().enumerate() {
        let update_id = n as u64 + 1;
        let sent = SentPacket {
            sender: relay.clone(),
            channel_id: pair.provider.clone(),
            data: packet_data(&ProviderPacket::PowerUpdate {
                update_id,
                powers,
                removed,
            }),
            timeout: IbcTimeout::with_timestamp(
                world.consumers[0].app.block_info().time.plus_days(1),
            ),
        };
        let from = vm.log_len();
        let ack = world.receive_only(Side::Provider, &sent)?;
        let records: Vec<_> = vm
            .records_since(from)
            .into_iter()
            .filter(|r| r.contract == "consumer" && r.entry_point == "ibc_packet_receive")
            .collect();
        ensure!(
            records.len() == 1 && records[0].ok,
            "update {update_id} failed: {:?}",
            vm.records_since(from)
        );
        let ack: cosmwasm_std::StdAck = cosmwasm_std::from_json(&ack)?;
        let cosmwasm_std::StdAck::Success(result) = ack else {
            anyhow::bail!("update {update_id} refused: {ack:?}");
        };
        let applied: PowerUpdateAck = cosmwasm_std::from_json(&result).context("ack")?;
        ensure!(applied.applied as usize == operators, "{applied:?}");
        gas.push(TxGas {
            calls: 1,
            vm: records[0].vm_gas / palisade_testing::gas::VM_GAS_PER_SDK_GAS,
            kv: records[0].kv.gas,
        });
        world.advance(6);
    }
    Ok(gas)
}

/// The consumer's gas per operator carried, with 1 and 10 operators per update: each step's
/// total for 1 and for 10, and what one operator more costs (the difference ÷ 9).
pub fn table(vm: &Rc<Vm>, artifacts: &Path) -> AnyResult<Vec<(&'static str, TxGas, TxGas)>> {
    let one = measure(vm, artifacts, 1)?;
    let ten = measure(vm, artifacts, 10)?;
    Ok(STEPS
        .into_iter()
        .zip(one.into_iter().zip(ten))
        .map(|(step, (one, ten))| (step, one, ten))
        .collect())
}

/// SDK gas one operator more adds to an update.
pub fn per_operator(one: TxGas, ten: TxGas) -> u64 {
    (ten.sdk() - one.sdk()) / 9
}

pub fn print(rows: &[(&'static str, TxGas, TxGas)]) {
    println!("A power update received by the consumer (ibc_packet_receive; SDK gas, VM + KV)");
    println!("| update | 1 operator | 10 operators | per operator more | VM gas in it (10) |");
    println!("|---|---:|---:|---:|---:|");
    for (step, one, ten) in rows {
        println!(
            "| {step} | {} | {} | {} | {} |",
            one.sdk(),
            ten.sdk(),
            per_operator(*one, *ten),
            ten.vm
        );
    }
}
