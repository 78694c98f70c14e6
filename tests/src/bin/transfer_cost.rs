//! Prints what an LRT transfer costs next to a plain cw20-base transfer (SDK KV-store gas), for
//! 0 to 4 reward denoms: `cargo run -p palisade-tests --bin transfer-cost`.

use palisade_tests::transfer_cost::{table, INSTANCE_COST, PINNED_INSTANCE_COST};

fn main() {
    println!("LRT transfer vs cw20-base transfer, Cosmos SDK KV-store gas (reads/writes)");
    println!(
        "{:>6}  {:<18} {:>18} {:>18} {:>8} {:>8} {:>9}",
        "denoms", "case", "LRT", "cw20-base", "KV ×", "call ×", "pinned ×"
    );
    for row in table() {
        println!(
            "{:>6}  {:<18} {:>9} ({:>2}r/{}w) {:>9} ({:>2}r/{}w) {:>8.3} {:>8.3} {:>9.3}",
            row.denoms,
            format!("{:?}", row.case),
            row.lrt.gas,
            row.lrt.reads,
            row.lrt.writes,
            row.cw20_base.gas,
            row.cw20_base.reads,
            row.cw20_base.writes,
            row.kv_ratio(),
            row.call_ratio(),
            row.pinned_ratio(),
        );
    }
    println!(
        "call ×: with the {INSTANCE_COST} SDK gas wasmd charges per contract call added to both"
    );
    println!("pinned ×: with the {PINNED_INSTANCE_COST} it charges instead for a pinned contract");
}
