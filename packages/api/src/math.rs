//! Share math of the hub, with no storage access so it can be tested on its own and reused by
//! frontends to estimate results.
//!
//! Every division says which way it rounds. The rule: rounding always favours the pool (the holders
//! who stay), never the user who acts. Mints round down, values paid out round down, and the protocol
//! fee rounds down (the fee recipient is not a staker, so the rounding goes to the stakers).

use cosmwasm_std::{CheckedMultiplyRatioError, Decimal, Uint128};

/// Virtual LRT added to the supply and virtual bond tokens added to the value when pricing.
///
/// They make the first-depositor ("donation") attack unprofitable: an attacker who mints 1 unit of
/// LRT and then donates to inflate the rate shares the donation with these 1,000 virtual units, so
/// rounding a victim's mint down costs the attacker more than it gains. Equal amounts keep the
/// initial rate at exactly 1.
pub const VIRTUAL_SHARES: u128 = 1_000;
/// See [`VIRTUAL_SHARES`].
pub const VIRTUAL_ASSETS: u128 = 1_000;

/// Basis points in one whole.
pub const BPS_DENOMINATOR: u128 = 10_000;

/// The pool as the exchange rate sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool {
    /// Bond tokens backing the LRT: recorded delegations plus idle rewards, net of fees.
    pub total_value: Uint128,
    /// LRT in existence.
    pub lrt_supply: Uint128,
}

impl Pool {
    fn priced_value(&self) -> Uint128 {
        self.total_value + Uint128::new(VIRTUAL_ASSETS)
    }

    fn priced_supply(&self) -> Uint128 {
        self.lrt_supply + Uint128::new(VIRTUAL_SHARES)
    }

    /// LRT minted for a deposit of `amount` bond tokens. Rounds down (the pool keeps the dust).
    pub fn lrt_for_deposit(&self, amount: Uint128) -> Result<Uint128, CheckedMultiplyRatioError> {
        amount.checked_multiply_ratio(self.priced_supply(), self.priced_value())
    }

    /// Bond tokens that `lrt` is worth now: the lower of the virtual-offset price and the plain
    /// pro-rata share `lrt * value / supply`. Rounds down (the pool keeps the dust).
    ///
    /// The cap matters once losses push the rate below 1: the virtual offset alone would then
    /// price the whole supply above the pool's value, and the last holders out would find it empty.
    pub fn value_of(&self, lrt: Uint128) -> Result<Uint128, CheckedMultiplyRatioError> {
        let virtual_price =
            lrt.checked_multiply_ratio(self.priced_value(), self.priced_supply())?;
        let pro_rata = if self.lrt_supply.is_zero() {
            self.total_value
        } else {
            lrt.checked_multiply_ratio(self.total_value, self.lrt_supply)?
        };
        Ok(virtual_price.min(pro_rata))
    }

    /// Bond tokens per LRT at which LRT is redeemed (see [`Pool::value_of`]), for display.
    /// Amounts are never computed from it. Saturates at `Decimal::MAX` instead of panicking: with
    /// 18-decimal denoms a tiny supply and a large donation could exceed it, and the rate is
    /// shown in every deposit's event.
    pub fn exchange_rate(&self) -> Decimal {
        let ratio =
            |a: Uint128, b: Uint128| Decimal::checked_from_ratio(a, b).unwrap_or(Decimal::MAX);
        let virtual_rate = ratio(self.priced_value(), self.priced_supply());
        if self.lrt_supply.is_zero() {
            return virtual_rate;
        }
        virtual_rate.min(ratio(self.total_value, self.lrt_supply))
    }
}

/// A request's payout from its batch: its value at request scaled by what the batch yielded over what
/// the batch was worth at request. Rounds down. Since `batch_yield <= batch_value`, a request never
/// gets more than its value at request, and the payouts of one batch never sum above its yield.
pub fn request_payout(
    request_value: Uint128,
    batch_yield: Uint128,
    batch_value: Uint128,
) -> Result<Uint128, CheckedMultiplyRatioError> {
    if batch_value.is_zero() {
        return Ok(Uint128::zero());
    }
    request_value.checked_multiply_ratio(batch_yield, batch_value)
}

/// A matured batch's part of the bond tokens that arrived for all matured batches, when fewer arrived
/// than expected (native slashing of unbonding entries). Pro rata to what each expected; rounds down,
/// and the caller gives the dust to the pool.
pub fn share_of_shortfall(
    expected: Uint128,
    arrived_total: Uint128,
    expected_total: Uint128,
) -> Result<Uint128, CheckedMultiplyRatioError> {
    if expected_total.is_zero() {
        return Ok(Uint128::zero());
    }
    expected.checked_multiply_ratio(arrived_total, expected_total)
}

/// Splits rewards into (protocol fee, what the stakers keep). The fee rounds down.
pub fn split_fee(rewards: Uint128, fee_bps: u16) -> (Uint128, Uint128) {
    // fee_bps <= 10_000 so the product fits: rewards * 10_000 / 10_000 cannot exceed rewards.
    let fee = rewards.multiply_ratio(u128::from(fee_bps), BPS_DENOMINATOR);
    (fee, rewards - fee)
}

/// Target stake of one operator: `total * weight / total_weight`, rounded down. The remainder of all
/// targets is small (under one unit per operator) and simply stays where it is.
pub fn target_stake(total: Uint128, weight: u64, total_weight: u64) -> Uint128 {
    if total_weight == 0 {
        return Uint128::zero();
    }
    total.multiply_ratio(weight, total_weight)
}

/// How one consumer slash's `take` is shared among those who held the stake at the infraction:
/// the pool (`pool_value`: holders now) and each batch that left after the infraction and has not
/// settled (`leavers`: what is left of each), all pro rata to their value.
///
/// A leaver's cut is `take × value / (pool_value + Σ leavers)` rounded **up** (capped by its value
/// and by what is left of `take`), so rounding never favours those who left over those who stay;
/// the pool bears the rest, capped by its value. Returns the cuts in the order given and the
/// pool's part; their sum is `take` whenever the holders together hold that much.
pub fn slash_shares(
    take: Uint128,
    pool_value: Uint128,
    leavers: &[Uint128],
) -> Result<(Vec<Uint128>, Uint128), CheckedMultiplyRatioError> {
    let mut base = pool_value;
    for value in leavers {
        base = base
            .checked_add(*value)
            .map_err(|_| CheckedMultiplyRatioError::Overflow)?;
    }
    if base.is_zero() {
        return Ok((vec![Uint128::zero(); leavers.len()], Uint128::zero()));
    }
    // More than the holders hold takes everything they hold: each leaver's value, then the pool.
    let take = take.min(base);
    let mut remaining = take;
    let mut cuts = Vec::with_capacity(leavers.len());
    for value in leavers {
        // Rounded up: `take × value / base = value − (base − take) × value / base`, so flooring
        // the second term rounds the cut up (both subtractions hold since `take <= base`).
        let kept = (base - take).checked_multiply_ratio(*value, base)?;
        let cut = (*value - kept).min(remaining);
        // Cannot underflow: `cut <= remaining`.
        remaining -= cut;
        cuts.push(cut);
    }
    Ok((cuts, remaining.min(pool_value)))
}

/// Scale of the hub's pool loss index: 1.0 is `LOSS_SCALE`.
pub const LOSS_SCALE: u128 = 1_000_000_000_000_000_000;

/// The pool loss index after the pool lost `loss` of `value_before`: `index × (value_before −
/// loss) / value_before`, rounded **down** (the index never overstates what a waiting request
/// kept), and never below 1 (a total loss leaves the floor, not zero: `scaled` divides by it).
/// Unchanged when nothing was lost or there was nothing to lose. A loss above the value counts
/// as the whole value.
pub fn index_after_loss(
    index: Uint128,
    value_before: Uint128,
    loss: Uint128,
) -> Result<Uint128, CheckedMultiplyRatioError> {
    if loss.is_zero() || value_before.is_zero() {
        return Ok(index);
    }
    let kept = value_before.saturating_sub(loss);
    Ok(index
        .checked_multiply_ratio(kept, value_before)?
        .max(Uint128::one()))
}

/// `value / index`, scaled by `LOSS_SCALE`: what an unbond request records. Rounded **down**.
pub fn scaled(value: Uint128, index: Uint128) -> Result<Uint128, CheckedMultiplyRatioError> {
    value.checked_multiply_ratio(LOSS_SCALE, index)
}

/// `scaled × index`: a recorded value at a later index, its value less the losses since it was
/// recorded. Rounded **down**.
pub fn unscaled(scaled: Uint128, index: Uint128) -> Result<Uint128, CheckedMultiplyRatioError> {
    scaled.checked_multiply_ratio(index, LOSS_SCALE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pool(value: u128, supply: u128) -> Pool {
        Pool {
            total_value: Uint128::new(value),
            lrt_supply: Uint128::new(supply),
        }
    }

    #[test]
    fn first_deposit_mints_one_to_one() {
        let minted = pool(0, 0).lrt_for_deposit(Uint128::new(1_000_000)).unwrap();
        assert_eq!(minted, Uint128::new(1_000_000));
    }

    #[test]
    fn mint_rounds_down() {
        // value 3_000 + 1_000 virtual, supply 1_000 + 1_000 virtual: rate 2. 5 tokens -> 2.5 -> 2.
        let minted = pool(3_000, 1_000).lrt_for_deposit(Uint128::new(5)).unwrap();
        assert_eq!(minted, Uint128::new(2));
    }

    #[test]
    fn value_rounds_down() {
        // virtual rate 2/3 (pro rata 1/2 is lower): 5 LRT are worth 2.5 -> 2.
        let value = pool(1_000, 2_000).value_of(Uint128::new(5)).unwrap();
        assert_eq!(value, Uint128::new(2));
        // virtual rate 4/3 (pro rata 3/2 is higher): 5 LRT are worth 6.67 -> 6.
        let value = pool(3_000, 2_000).value_of(Uint128::new(5)).unwrap();
        assert_eq!(value, Uint128::new(6));
    }

    #[test]
    fn below_par_the_whole_supply_redeems_exactly_the_pool() {
        let p = pool(10, 12);
        assert_eq!(p.value_of(Uint128::new(12)).unwrap(), Uint128::new(10));
    }

    #[test]
    fn donation_attack_does_not_pay() {
        // Attacker deposits 1, then donates 1_000_000 straight to the pool's value.
        let attacker_lrt = pool(0, 0).lrt_for_deposit(Uint128::new(1)).unwrap();
        let after_donation = pool(1 + 1_000_000, attacker_lrt.u128());
        // Victim deposits 500_000 and still receives LRT.
        let victim_lrt = after_donation
            .lrt_for_deposit(Uint128::new(500_000))
            .unwrap();
        assert!(!victim_lrt.is_zero());
        let end = pool(
            1 + 1_000_000 + 500_000,
            attacker_lrt.u128() + victim_lrt.u128(),
        );
        let attacker_value = end.value_of(attacker_lrt).unwrap();
        assert!(
            attacker_value.u128() < 1 + 1_000_000,
            "attacker must lose money"
        );
    }

    #[test]
    fn fee_split_rounds_fee_down() {
        assert_eq!(
            split_fee(Uint128::new(999), 1_000),
            (Uint128::new(99), Uint128::new(900))
        );
        assert_eq!(
            split_fee(Uint128::new(5), 0),
            (Uint128::zero(), Uint128::new(5))
        );
    }

    #[test]
    fn payout_scales_by_batch_yield() {
        assert_eq!(
            request_payout(Uint128::new(100), Uint128::new(90), Uint128::new(300)).unwrap(),
            Uint128::new(30)
        );
        assert_eq!(
            request_payout(Uint128::new(100), Uint128::zero(), Uint128::zero()).unwrap(),
            Uint128::zero()
        );
    }

    #[test]
    fn exchange_rate_saturates_instead_of_panicking() {
        let p = pool(u128::MAX / 2, 1);
        assert_eq!(p.exchange_rate(), Decimal::MAX);
        assert_eq!(
            pool(2_000, 1_000).exchange_rate(),
            Decimal::from_ratio(3_000u128, 2_000u128)
        );
    }

    #[test]
    fn extreme_rate_overflow_is_an_error_not_a_panic() {
        let p = pool(0, u128::MAX - 2_000);
        assert!(p.lrt_for_deposit(Uint128::new(u128::MAX / 2)).is_err());
    }

    #[test]
    fn slash_shares_are_pro_rata_with_leavers_rounded_up() {
        let (cuts, pool) = slash_shares(
            Uint128::new(25_000),
            Uint128::new(2_800_000),
            &[Uint128::new(200_000)],
        )
        .unwrap();
        // 25,000 × 200,000 / 3,000,000 = 1,666.67: the leaver's cut rounds up.
        assert_eq!(cuts, vec![Uint128::new(1_667)]);
        assert_eq!(pool, Uint128::new(23_333));
        // Nobody holds anything: nothing is taken.
        let (cuts, pool) =
            slash_shares(Uint128::new(5), Uint128::zero(), &[Uint128::zero()]).unwrap();
        assert_eq!((cuts, pool), (vec![Uint128::zero()], Uint128::zero()));
        // More than the holders hold: everything they hold.
        let (cuts, pool) =
            slash_shares(Uint128::new(100), Uint128::new(30), &[Uint128::new(20)]).unwrap();
        assert_eq!((cuts, pool), (vec![Uint128::new(20)], Uint128::new(30)));
    }

    #[test]
    fn the_loss_index_falls_by_the_loss_and_stops_at_one() {
        let one = Uint128::new(LOSS_SCALE);
        let index = index_after_loss(one, Uint128::new(1_000), Uint128::new(250)).unwrap();
        assert_eq!(index.u128(), LOSS_SCALE / 4 * 3);
        // Nothing lost, or nothing to lose: unchanged.
        assert_eq!(
            index_after_loss(index, Uint128::new(1_000), Uint128::zero()).unwrap(),
            index
        );
        assert_eq!(
            index_after_loss(index, Uint128::zero(), Uint128::new(5)).unwrap(),
            index
        );
        // A total loss (or more) leaves the floor of 1.
        let floor = index_after_loss(index, Uint128::new(1_000), Uint128::new(5_000)).unwrap();
        assert_eq!(floor, Uint128::one());
        assert_eq!(
            index_after_loss(floor, Uint128::new(10), Uint128::new(3)).unwrap(),
            Uint128::one()
        );
    }

    proptest! {
        /// A request recorded at one index and worth its scaled value at a later one keeps at most
        /// its exact share of the pool after the losses in between (rounding never favours it),
        /// and, while the index has not collapsed, at most a few units less.
        #[test]
        fn a_request_keeps_its_exact_share_after_losses_rounded_down(
            value in 1u128..1_000_000_000_000_000,
            pool_value in 1u128..1_000_000_000_000_000,
            earlier in proptest::collection::vec(0u16..1_000, 0..3),
            losses in proptest::collection::vec(0u16..=1_000, 0..6),
        ) {
            use cosmwasm_std::Uint512;
            // Losses before the request move the index off 1.0 first.
            let mut index = Uint128::new(LOSS_SCALE);
            let mut pool = pool_value;
            for per_mille in &earlier {
                let loss = pool * u128::from(*per_mille) / 1_000;
                index = index_after_loss(index, Uint128::new(pool), Uint128::new(loss)).unwrap();
                pool = (pool - loss).max(1);
            }
            let recorded = scaled(Uint128::new(value), index).unwrap();
            let index_at_request = index;
            // The losses it shares; its exact worth is value × Π kept / Π before.
            let mut kept_product = Uint512::from(value);
            let mut before_product = Uint512::one();
            for per_mille in &losses {
                let loss = pool * u128::from(*per_mille) / 1_000;
                index = index_after_loss(index, Uint128::new(pool), Uint128::new(loss)).unwrap();
                kept_product *= Uint512::from(pool - loss);
                before_product *= Uint512::from(pool);
                pool = (pool - loss).max(1);
            }
            let worth = unscaled(recorded, index).unwrap();
            prop_assert!(index <= index_at_request && index >= Uint128::one());
            // Never above the exact share.
            prop_assert!(Uint512::from(worth) * before_product <= kept_product);
            let exact = Uint128::try_from(kept_product / before_product).unwrap().u128();
            if losses.is_empty() && earlier.is_empty() {
                prop_assert_eq!(worth.u128(), value);
            }
            // Each rounding of the index costs at most one unit of it: while the index stays
            // large, the request loses at most a few units beyond its exact share.
            if index.u128() >= 1_000_000_000_000 {
                let steps = (losses.len() + earlier.len() + 2) as u128;
                let slack = value / (index.u128() / steps) + 2;
                prop_assert!(worth.u128() + slack >= exact, "worth {} exact {}", worth, exact);
            }
        }

        /// The index only falls, and stays at least 1, whatever the losses.
        #[test]
        fn the_loss_index_never_rises_nor_reaches_zero(
            steps in proptest::collection::vec((1u128..1_000_000_000_000_000_000, 0u128..2_000_000_000_000_000_000), 0..20),
        ) {
            let mut index = Uint128::new(LOSS_SCALE);
            for (value, loss) in steps {
                let next = index_after_loss(index, Uint128::new(value), Uint128::new(loss)).unwrap();
                prop_assert!(next <= index);
                prop_assert!(next >= Uint128::one());
                index = next;
            }
        }
    }

    proptest! {
        /// A slash's shares add up to the take (or to everything held, if less), no leaver pays
        /// more than its value nor less than its exact share, and the pool never pays more than
        /// its exact share.
        #[test]
        fn slash_shares_add_up_and_never_favour_leavers(
            take in 0u128..1_000_000_000_000,
            pool_value in 0u128..1_000_000_000_000,
            leavers in proptest::collection::vec(0u128..1_000_000_000_000, 0..8),
        ) {
            let values: Vec<Uint128> = leavers.iter().map(|v| Uint128::new(*v)).collect();
            let (cuts, pool) = slash_shares(Uint128::new(take), Uint128::new(pool_value), &values).unwrap();
            let base = pool_value + leavers.iter().sum::<u128>();
            let total = pool.u128() + cuts.iter().map(|c| c.u128()).sum::<u128>();
            prop_assert_eq!(total, take.min(base));
            prop_assert!(pool.u128() <= pool_value);
            for (cut, value) in cuts.iter().zip(&leavers) {
                prop_assert!(cut.u128() <= *value);
                if take <= base && base > 0 {
                    // Exact share `take × value / base`, compared without dividing; a leaver pays
                    // less only when earlier leavers' rounding up used the last units.
                    let n = leavers.len() as u128;
                    prop_assert!((cut.u128() + n) * base >= take * value);
                    prop_assert!(cut.u128() * base < take * value + base);
                }
            }
            if take <= base && base > 0 {
                prop_assert!(pool.u128() * base <= take * pool_value);
            }
        }

        /// Depositing and immediately valuing the minted LRT never returns more than was deposited.
        #[test]
        fn deposit_then_value_never_gains(
            value in 0u128..1_000_000_000_000_000,
            supply in 0u128..1_000_000_000_000_000,
            amount in 1u128..1_000_000_000_000_000,
        ) {
            let before = pool(value, supply);
            let minted = before.lrt_for_deposit(Uint128::new(amount)).unwrap();
            let after = pool(value + amount, supply + minted.u128());
            let worth = after.value_of(minted).unwrap();
            prop_assert!(worth.u128() <= amount);
        }

        /// Existing holders are never diluted by a deposit: value per LRT does not fall.
        #[test]
        fn deposit_never_lowers_the_rate(
            value in 1u128..1_000_000_000_000_000,
            supply in 1u128..1_000_000_000_000_000,
            amount in 1u128..1_000_000_000_000_000,
        ) {
            let before = pool(value, supply);
            let minted = before.lrt_for_deposit(Uint128::new(amount)).unwrap();
            let after = pool(value + amount, supply + minted.u128());
            // rate_after >= rate_before  <=>  (v+a+A)(s+S) >= (v+A)(s+m+S)
            let lhs = (value + amount + VIRTUAL_ASSETS) * (supply + VIRTUAL_SHARES);
            let rhs = (value + VIRTUAL_ASSETS) * (supply + minted.u128() + VIRTUAL_SHARES);
            prop_assert!(lhs >= rhs, "rate fell: {:?} -> {:?}", before, after);
        }

        /// The payouts of one batch never sum above what the batch yielded.
        #[test]
        fn batch_payouts_never_exceed_yield(
            values in proptest::collection::vec(1u128..1_000_000_000_000, 1..20),
            yield_permille in 0u128..=1_000,
        ) {
            let total: u128 = values.iter().sum();
            let batch_yield = total * yield_permille / 1_000;
            let paid: u128 = values
                .iter()
                .map(|v| request_payout(Uint128::new(*v), Uint128::new(batch_yield), Uint128::new(total)).unwrap().u128())
                .sum();
            prop_assert!(paid <= batch_yield);
            for v in &values {
                let p = request_payout(Uint128::new(*v), Uint128::new(batch_yield), Uint128::new(total)).unwrap();
                prop_assert!(p.u128() <= *v);
            }
        }

        /// Shortfall shares never sum above what arrived.
        #[test]
        fn shortfall_shares_never_exceed_arrival(
            expected in proptest::collection::vec(1u128..1_000_000_000_000, 1..10),
            arrived_permille in 0u128..1_000,
        ) {
            let total: u128 = expected.iter().sum();
            let arrived = total * arrived_permille / 1_000;
            let shares: u128 = expected
                .iter()
                .map(|e| share_of_shortfall(Uint128::new(*e), Uint128::new(arrived), Uint128::new(total)).unwrap().u128())
                .sum();
            prop_assert!(shares <= arrived);
        }

        /// All LRT together never redeem for more than the pool holds, whatever the rate.
        #[test]
        fn whole_supply_never_redeems_above_value(
            value in 0u128..1_000_000_000_000_000,
            supply in 0u128..1_000_000_000_000_000,
        ) {
            let p = pool(value, supply);
            prop_assert!(p.value_of(Uint128::new(supply)).unwrap().u128() <= value);
        }

        /// A deposit never lowers what existing LRT redeem for, in either regime of the rate.
        #[test]
        fn deposit_never_lowers_the_redemption_value(
            value in 1u128..1_000_000_000_000,
            supply in 1u128..1_000_000_000_000,
            held in 1u128..1_000_000_000_000,
            amount in 1u128..1_000_000_000_000,
        ) {
            let held = held.min(supply);
            let before = pool(value, supply);
            let minted = before.lrt_for_deposit(Uint128::new(amount)).unwrap();
            let after = pool(value + amount, supply + minted.u128());
            prop_assert!(after.value_of(Uint128::new(held)).unwrap() >= before.value_of(Uint128::new(held)).unwrap());
        }

        #[test]
        fn fee_never_exceeds_rewards(rewards in 0u128..u128::MAX / 10_001, bps in 0u16..=10_000) {
            let (fee, net) = split_fee(Uint128::new(rewards), bps);
            prop_assert_eq!(fee + net, Uint128::new(rewards));
            prop_assert!(fee.u128() * 10_000 <= rewards * u128::from(bps));
        }
    }
}
