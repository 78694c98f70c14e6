//! Unit tests of `pricing.rs`: the rewards x/distribution reports, read as the hub reads them.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use cosmwasm_std::{DecCoin, Decimal256, QuerierWrapper, Uint128};

use crate::pricing::accrued_rewards;

#[test]
fn accrued_rewards_are_the_whole_units_of_the_bond_denom() {
    let mut deps = mock_dependencies();
    let hub = mock_env().contract.address;
    let dec = |text: &str, denom: &str| DecCoin::new(text.parse::<Decimal256>().unwrap(), denom);
    deps.querier.distribution.set_rewards(
        "valoper1",
        hub.as_str(),
        vec![
            dec("78082.999999999999999999", "ustake"),
            dec("5", "uother"),
        ],
    );
    deps.querier
        .distribution
        .set_rewards("valoper2", hub.as_str(), vec![dec("0.5", "ustake")]);
    let querier = QuerierWrapper::new(&deps.querier);
    // 78,083.499...: the fraction is never counted (x/distribution pays whole units).
    assert_eq!(
        accrued_rewards(&querier, &hub, "ustake").unwrap(),
        Uint128::new(78_083)
    );
    assert_eq!(
        accrued_rewards(&querier, &hub, "uother").unwrap(),
        Uint128::new(5)
    );
    assert_eq!(
        accrued_rewards(&querier, &hub, "unone").unwrap(),
        Uint128::zero()
    );
}
