//! A power update costs the consumer at most 10,000 SDK gas per operator it carries once the
//! consumer knows the operator's key: the update writes each operator's history entry and nothing
//! else per operator (`docs/IBC.md`, "What a power update writes"). An operator's first update and
//! a key rotation also write its key record and map the key to it, once. Optimized wasm in the VM,
//! VM and storage gas; `scripts/bench power` prints the table.

use palisade_devnet::power::{per_operator, table, STEPS};
use palisade_devnet::{artifacts_dir, Vm};

#[test]
fn a_power_update_of_known_operators_costs_the_consumer_at_most_10k_per_operator() {
    let vm = Vm::new().unwrap();
    let rows = table(&vm, &artifacts_dir()).unwrap();
    assert_eq!(rows.len(), STEPS.len());
    for (step, one, ten) in rows {
        let more = per_operator(one, ten);
        let average = ten.sdk() / 10;
        match step {
            "next update (every power changed)" | "removal (every operator)" => assert!(
                more <= 10_000 && average <= 10_000,
                "{step}: {more} per operator more, {average} on average with 10"
            ),
            // One key record and one key mapping more per operator, written once.
            _ => assert!(more <= 23_000, "{step}: {more} per operator more"),
        }
        // Storage dominates: the VM's own gas is a small part of every update.
        assert!(ten.vm * 10 < ten.kv, "{step}: {ten:?}");
    }
}
