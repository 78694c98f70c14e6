//! The LRT transfer's cost against a plain cw20-base transfer, in SDK KV-store gas
//! (`cargo run -p palisade-tests --bin transfer-cost` prints the table; docs/REWARDS.md explains
//! it). The VM's own gas joins these figures with the real-VM benchmark.

use palisade_api::lrt::MAX_REWARD_DENOMS;
use palisade_tests::transfer_cost::{table, Case};

/// The most a transfer's storage may cost next to cw20-base's, in each situation (#18's goals:
/// at most 1.0× for settled holders with 0 or 1 reward denom, 1.2× at 4 denoms after a
/// distribution; the rest bounded by the same 1.2×).
fn kv_limit(row: &palisade_tests::transfer_cost::Row) -> f64 {
    match row.case {
        Case::Settled | Case::NewRecipient if row.denoms <= 1 => 1.0,
        _ => 1.2,
    }
}

#[test]
fn an_lrt_transfer_costs_no_more_storage_than_cw20_base_for_settled_holders() {
    let rows = table();
    assert_eq!(rows.len(), (MAX_REWARD_DENOMS + 1) * 4);
    for row in &rows {
        assert!(
            row.kv_ratio() <= kv_limit(row),
            "{row:?}: {:.3}× a cw20-base transfer's storage gas",
            row.kv_ratio()
        );
    }
}

#[test]
fn the_extra_storage_work_is_bounded_and_known() {
    for row in table() {
        // cw20-base: read and write each balance.
        assert_eq!((row.cw20_base.reads, row.cw20_base.writes), (2, 2));
        // The LRT writes the same two records, reads the indexes, and each party that missed a
        // distribution reads the indexes it last saw (once if both saw the same).
        let history_reads = match row.case {
            _ if row.denoms == 0 => 0,
            Case::Settled | Case::NewRecipient => 0,
            Case::AfterDistribution => 1,
            Case::Behind => 2,
        };
        assert_eq!(
            (row.lrt.reads, row.lrt.writes),
            (3 + history_reads, 2),
            "{row:?}"
        );
    }
    // With no reward denom, the short keys more than pay for the one extra small read.
    let rows = table();
    assert!(rows
        .iter()
        .filter(|r| r.denoms == 0)
        .all(|r| r.kv_ratio() < 0.9));
    // Each reward denom adds a bounded amount (its index, and each party's pending amount). The
    // bound covers indexes at the 10^36 scale (about 37 digits each in the history entry read).
    for case in [Case::Settled, Case::AfterDistribution, Case::Behind] {
        let gas: Vec<u64> = rows
            .iter()
            .filter(|r| r.case == case)
            .map(|r| r.lrt.gas)
            .collect();
        for pair in gas.windows(2).skip(1) {
            assert!(
                pair[1] > pair[0] && pair[1] - pair[0] < 1_000,
                "{case:?}: {gas:?}"
            );
        }
    }
}
