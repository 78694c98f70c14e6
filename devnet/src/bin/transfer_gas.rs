//! Prints an LRT transfer's gas next to a plain cw20-base transfer's, both as optimized wasm in
//! cosmwasm-vm with wasmd's gas model. Needs `scripts/build` and `scripts/build-reference`.

use palisade_devnet::transfer::{reference_wasm, table};
use palisade_devnet::{artifacts_dir, Vm};
use palisade_testing::gas::{INSTANCE_COST, PINNED_INSTANCE_COST};

fn main() -> anyhow::Result<()> {
    let vm = Vm::new()?;
    let reference = std::fs::read(reference_wasm())?;
    println!(
        "LRT transfer vs cw20-base transfer, optimized wasm in cosmwasm-vm, SDK gas (VM + KV)"
    );
    println!(
        "{:>6}  {:<18} {:>20} {:>20} {:>8} {:>8} {:>9}",
        "denoms", "case", "LRT", "cw20-base", "×", "call ×", "pinned ×"
    );
    for row in table(&vm, &artifacts_dir(), &reference)? {
        println!(
            "{:>6}  {:<18} {:>7} ({:>4}+{:>6}) {:>7} ({:>4}+{:>6}) {:>8.3} {:>8.3} {:>9.3}",
            row.denoms,
            format!("{:?}", row.case),
            row.lrt.total(),
            row.lrt.vm,
            row.lrt.kv,
            row.cw20_base.total(),
            row.cw20_base.vm,
            row.cw20_base.kv,
            row.ratio(0),
            row.call_ratio(),
            row.pinned_ratio(),
        );
    }
    println!("(VM + KV) per transfer; call ×: with the {INSTANCE_COST} SDK gas wasmd charges per call added to both;");
    println!("pinned ×: with the {PINNED_INSTANCE_COST} it charges instead for a contract pinned in its cache");
    Ok(())
}
