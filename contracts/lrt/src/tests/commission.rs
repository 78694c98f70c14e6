//! The lazy commission's arithmetic: what notices keep for the operators always covers what the
//! operators' checkpoints earn, with at most a unit of dust per notice and per operator.

use cosmwasm_std::Uint128;

use crate::commission::{add_notice, Checkpoint, Pool};

fn checkpoint(power: u128, bps: u64, pool: &Pool) -> Checkpoint {
    Checkpoint {
        power: Uint128::new(power),
        bps,
        marks: pool.indexes.clone(),
    }
}

#[test]
fn records_round_trip_and_an_empty_pool_stores_nothing() {
    let pool = Pool {
        power: Uint128::new(800_000),
        weighted: Uint128::new(800_000_000),
        indexes: vec![Uint128::zero(), Uint128::new(11_250_000_000_000_000)],
    };
    assert_eq!(Pool::decode(&pool.encode()).unwrap(), pool);
    assert!(Pool::default().encode().is_empty());
    assert_eq!(Pool::decode(&[]).unwrap(), Pool::default());
    let with_marks = Checkpoint {
        power: Uint128::new(5),
        bps: 1_000,
        marks: vec![Uint128::new(3)],
    };
    assert_eq!(
        Checkpoint::decode(&with_marks.encode()).unwrap(),
        with_marks
    );
}

#[test]
fn without_power_a_notice_keeps_nothing_and_moves_no_index() {
    let mut pool = Pool::default();
    assert_eq!(
        add_notice(&mut pool, 2, Uint128::new(9_000)).unwrap(),
        Uint128::zero()
    );
    assert_eq!(pool, Pool::default());
}

#[test]
fn notices_keep_at_least_what_the_operators_earn_and_at_most_a_unit_more_each() {
    // Operators with uneven powers and rates; 40 notices of uneven amounts in two denoms.
    let operators = [
        (333_333u128, 1_000u64),
        (7, 9_999),
        (1_000_001, 250),
        (42, 0),
    ];
    let mut pool = Pool {
        power: Uint128::new(operators.iter().map(|(p, _)| p).sum()),
        weighted: Uint128::new(operators.iter().map(|(p, b)| p * u128::from(*b)).sum()),
        indexes: vec![],
    };
    let checkpoints: Vec<Checkpoint> = operators
        .iter()
        .map(|(power, bps)| checkpoint(*power, *bps, &pool))
        .collect();
    let mut kept = [0u128; 2];
    let mut nets = [0u128; 2];
    for i in 0..40u128 {
        let net = (i * 7_919 + 13) % 100_003 + 1;
        let denom = (i % 2) as usize;
        let k = add_notice(&mut pool, denom, Uint128::new(net))
            .unwrap()
            .u128();
        assert!(k <= net);
        kept[denom] += k;
        nets[denom] += net;
    }
    let mut earned = [0u128; 2];
    for checkpoint in &checkpoints {
        for (denom, amount) in checkpoint.earned(&pool).unwrap().iter().enumerate() {
            earned[denom] += amount.u128();
        }
    }
    for denom in 0..2 {
        assert!(earned[denom] <= kept[denom], "{earned:?} {kept:?}");
        // One unit per notice (the rounding up) and per operator (its floors).
        assert!(kept[denom] - earned[denom] <= 20 + 2 * operators.len() as u128);
        // The rates: about 19% of what arrived (weighted / (power × 10,000)).
        let exact = nets[denom] * pool.weighted.u128() / (pool.power.u128() * 10_000);
        assert!(kept[denom] >= exact && kept[denom] <= exact + 20);
    }
}

#[test]
fn an_index_that_would_overflow_is_an_error_not_a_panic() {
    let mut pool = Pool {
        power: Uint128::new(1),
        weighted: Uint128::new(10_000),
        indexes: vec![],
    };
    assert!(add_notice(&mut pool, 0, Uint128::MAX).is_err());
}
