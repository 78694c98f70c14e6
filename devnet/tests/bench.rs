//! The design's budgets in the real VM: deposit, transfer, unbond request and claim cost the same
//! (to a few percent: amounts get longer) whether 1 or 100 stakers are in; nothing loops over
//! stakers. `scripts/bench` prints the full table.

use palisade_devnet::bench::measure;
use palisade_devnet::{artifacts_dir, Vm};

#[test]
fn user_actions_cost_the_same_with_1_or_100_stakers() {
    let vm = Vm::new().unwrap();
    let one = measure(&vm, &artifacts_dir(), 1, 3).unwrap();
    let hundred = measure(&vm, &artifacts_dir(), 100, 3).unwrap();
    for ((action, a), (_, b)) in one.iter().zip(&hundred) {
        assert_eq!(a.calls, b.calls, "{action}");
        assert!(
            b.sdk() * 100 <= a.sdk() * 103,
            "{action}: {} with 1 staker, {} with 100",
            a.sdk(),
            b.sdk()
        );
    }
}
