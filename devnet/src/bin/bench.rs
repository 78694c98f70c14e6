//! The gas benchmark: SDK gas of every user-facing action on the optimized wasm in cosmwasm-vm,
//! with 1, 10, 100 and 1,000 stakers and with 1, 10 and 50 operators; an LRT transfer against a
//! plain cw20-base transfer in the same run; every kind of transaction the scenario makes (operators,
//! consumers, the relayer's deliveries); each artifact's size. Run it with `scripts/bench`, which
//! builds the cw20-base reference first. Counts, not timings: the same figures on any machine.

use palisade_devnet::bench::{measure, measure_ibc, TxGas, ACTIONS, IBC_ACTIONS};
use palisade_devnet::story::transactions;
use palisade_devnet::transfer::{self, reference_wasm};
use palisade_devnet::{artifacts_dir, Vm};
use palisade_testing::gas::INSTANCE_COST;

fn table(title: &str, header: &str, columns: &[usize], rows: &[Vec<(&str, TxGas)>]) {
    table_of(title, header, columns, &ACTIONS, rows);
}

fn table_of(
    title: &str,
    header: &str,
    columns: &[usize],
    actions: &[&str],
    rows: &[Vec<(&str, TxGas)>],
) {
    println!("\n{title}");
    let width = actions.iter().map(|a| a.len()).max().unwrap_or(0) + 2;
    print!("{:<width$}", "action");
    for c in columns {
        print!(" {:>18}", format!("{c} {header}"));
    }
    println!();
    for (i, action) in actions.iter().enumerate() {
        print!("{action:<width$}");
        for row in rows {
            let gas = row[i].1;
            print!(" {:>18}", format!("{} ({})", gas.sdk(), gas.calls));
        }
        println!();
    }
}

/// The consumer chain's virtual staking with 1, 10 and 50 bound operators.
fn virtual_staking_table(vm: &std::rc::Rc<Vm>, artifacts: &std::path::Path) -> anyhow::Result<()> {
    let operators = [1, 10, 50];
    let rows = operators
        .iter()
        .map(|&n| palisade_devnet::bench::measure_virtual_staking(vm, artifacts, n))
        .collect::<anyhow::Result<Vec<_>>>()?;
    table_of(
        "Virtual staking on the consumer chain by number of bound operators",
        "operators",
        &operators,
        &palisade_devnet::bench::VIRTUAL_STAKING_ACTIONS,
        &rows,
    );

    Ok(())
}

fn ibc_table(vm: &std::rc::Rc<Vm>, artifacts: &std::path::Path) -> anyhow::Result<()> {
    let operators = [1, 10, 50];
    let rows = operators
        .iter()
        .map(|&n| measure_ibc(vm, artifacts, n))
        .collect::<anyhow::Result<Vec<_>>>()?;
    table_of(
        "IBC actions by number of operators on the consumer",
        "operators",
        &operators,
        &IBC_ACTIONS,
        &rows,
    );
    println!();
    let power = palisade_devnet::power::table(vm, artifacts)?;
    palisade_devnet::power::print(&power);
    Ok(())
}

/// The LRT's transfer and other balance-changing messages against cw20-base's.
fn lrt_tables(vm: &std::rc::Rc<Vm>, artifacts: &std::path::Path) -> anyhow::Result<()> {
    let reference = std::fs::read(reference_wasm())
        .map_err(|e| anyhow::anyhow!("{e}: run scripts/build-reference first"))?;
    transfer::print(&transfer::table(vm, artifacts, &reference)?);
    println!();
    transfer::print_messages(&transfer::message_table(vm, artifacts, &reference)?);
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let vm = Vm::new()?;
    let artifacts = artifacts_dir();
    // `scripts/bench virtual-staking`, `ibc`, `power` or `lrt`: that table only.
    match std::env::args().nth(1).as_deref() {
        Some("virtual-staking") => return virtual_staking_table(&vm, &artifacts),
        Some("ibc") => return ibc_table(&vm, &artifacts),
        Some("lrt") => return lrt_tables(&vm, &artifacts),
        Some("power") => {
            return palisade_devnet::power::table(&vm, &artifacts)
                .map(|rows| palisade_devnet::power::print(&rows))
        }
        _ => {}
    }
    println!(
        "SDK gas per transaction (wasm execution + storage), optimized wasm in cosmwasm-vm 2.2.10;"
    );
    println!("in brackets the contract calls, each charged {INSTANCE_COST} more by wasmd to load the contract.");

    let stakers = [1, 10, 100, 1_000];
    let rows = stakers
        .iter()
        .map(|&n| measure(&vm, &artifacts, n, 3))
        .collect::<anyhow::Result<Vec<_>>>()?;
    table(
        "By number of stakers (3 operators)",
        "stakers",
        &stakers,
        &rows,
    );

    let operators = [1, 10, 50];
    let rows = operators
        .iter()
        .map(|&n| measure(&vm, &artifacts, 10, n))
        .collect::<anyhow::Result<Vec<_>>>()?;
    table(
        "By number of operators (10 stakers)",
        "operators",
        &operators,
        &rows,
    );

    ibc_table(&vm, &artifacts)?;
    virtual_staking_table(&vm, &artifacts)?;

    println!();
    lrt_tables(&vm, &artifacts)?;

    println!("\nEvery kind of transaction in the scenario (the costliest successful one; SDK gas, calls)");
    let scenario_vm = Vm::new()?;
    let codes = palisade_devnet::wasm_codes(&scenario_vm, &artifacts)?;
    palisade_tests::scenario::run(codes, false)?;
    let mut seen = std::collections::BTreeMap::new();
    for tx in transactions(scenario_vm.records_since(0)) {
        if !tx.ok {
            continue;
        }
        let entry = seen.entry(tx.message.clone()).or_insert((0, 0));
        if tx.sdk_gas > entry.0 {
            *entry = (tx.sdk_gas, tx.calls.len());
        }
    }
    for (message, (gas, calls)) in &seen {
        println!("{message:<52} {gas:>8} ({calls})");
    }

    println!("\nArtifacts");
    let mut entries: Vec<_> = std::fs::read_dir(&artifacts)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "wasm"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        println!(
            "{:<16} {:>9} bytes",
            e.file_name().to_string_lossy(),
            e.metadata()?.len()
        );
    }
    Ok(())
}
