//! Consumer rewards in the LRT: a reward index per denom, settled for both parties on every balance
//! change (transfer, send, transfer_from, send_from, mint, burn), so holders get exactly their
//! time-weighted share; the hub's LRT (handed in for unbonding) earns nothing; rounding never pays
//! out more than arrived.

use cosmwasm_std::{coins, Addr, Uint128};
use cw_multi_test::{AppResponse, BankSudo, Executor, SudoMsg};
use palisade_api::lrt::{
    ClaimableResponse, ExecuteMsg as LrtExecute, QueryMsg as LrtQuery, RewardStateResponse,
    MAX_REWARD_DENOMS,
};
use palisade_lrt::ContractError;
use palisade_testing::{Suite, SuiteBuilder};
use proptest::prelude::*;

const REWARD: &str = "ibc/REWARD";
const OTHER: &str = "ibc/OTHER";

fn lrt_error(err: anyhow::Error) -> ContractError {
    err.downcast::<ContractError>()
        .unwrap_or_else(|e| panic!("not an LRT ContractError: {e:?}"))
}

fn lrt_execute(
    suite: &mut Suite,
    sender: &Addr,
    msg: &LrtExecute,
    funds: &[cosmwasm_std::Coin],
) -> anyhow::Result<AppResponse> {
    let lrt = suite.lrt.clone();
    suite.app.execute_contract(sender.clone(), lrt, msg, funds)
}

fn mint(suite: &mut Suite, to: &Addr, amount: u128, denom: &str) {
    suite
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: to.to_string(),
            amount: coins(amount, denom),
        }))
        .unwrap();
}

fn add_denom(suite: &mut Suite, denom: &str) -> anyhow::Result<AppResponse> {
    let owner = suite.addrs.owner.clone();
    lrt_execute(
        suite,
        &owner,
        &LrtExecute::AddRewardDenom {
            denom: denom.into(),
        },
        &[],
    )
}

/// A funder sends `amount` of `denom` to be distributed.
fn distribute(suite: &mut Suite, amount: u128, denom: &str) -> anyhow::Result<AppResponse> {
    let funder = suite.addr("funder");
    mint(suite, &funder, amount, denom);
    lrt_execute(
        suite,
        &funder,
        &LrtExecute::DistributeRewards {},
        &coins(amount, denom),
    )
}

fn claimable(suite: &Suite, who: &Addr, denom: &str) -> u128 {
    let rewards: Vec<ClaimableResponse> = suite
        .app
        .wrap()
        .query_wasm_smart(
            &suite.lrt,
            &LrtQuery::Rewards {
                address: who.to_string(),
            },
        )
        .unwrap();
    rewards
        .into_iter()
        .find(|r| r.denom == denom)
        .map_or(0, |r| r.amount.u128())
}

fn transfer(suite: &mut Suite, from: &Addr, to: &Addr, amount: u128) {
    lrt_execute(
        suite,
        from,
        &LrtExecute::Transfer {
            recipient: to.to_string(),
            amount: Uint128::new(amount),
        },
        &[],
    )
    .unwrap();
}

fn bank(suite: &Suite, who: &Addr, denom: &str) -> u128 {
    suite
        .app
        .wrap()
        .query_balance(who, denom)
        .unwrap()
        .amount
        .u128()
}

/// Alice 3,000 LRT, bob 1,000, carol 0; `REWARD` registered.
fn suite() -> (Suite, Addr, Addr, Addr) {
    let mut suite = SuiteBuilder::new()
        .staker("alice", 10_000)
        .staker("bob", 10_000)
        .staker("carol", 10_000)
        .build();
    let (alice, bob, carol) = (suite.addr("alice"), suite.addr("bob"), suite.addr("carol"));
    suite.deposit(&alice, 3_000).unwrap();
    suite.deposit(&bob, 1_000).unwrap();
    add_denom(&mut suite, REWARD).unwrap();
    (suite, alice, bob, carol)
}

#[test]
fn holders_get_exactly_their_time_weighted_share() {
    let (mut suite, alice, bob, carol) = suite();
    assert_eq!(suite.lrt_balance(&alice), 3_000);
    let res = distribute(&mut suite, 400, REWARD).unwrap();
    assert_eq!(
        palisade_testing::event_attr(&res, "distribute_rewards", "earning_supply").unwrap(),
        "4000"
    );
    assert_eq!(claimable(&suite, &alice, REWARD), 300);
    assert_eq!(claimable(&suite, &bob, REWARD), 100);

    // Mid-period transfers: alice gives bob 1,000 (2,000 / 2,000), then bob sends carol 500 through
    // an allowance (transfer_from).
    transfer(&mut suite, &alice, &bob, 1_000);
    let spender = suite.addr("spender");
    lrt_execute(
        &mut suite,
        &bob,
        &LrtExecute::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(500),
            expires: None,
        },
        &[],
    )
    .unwrap();
    lrt_execute(
        &mut suite,
        &spender,
        &LrtExecute::TransferFrom {
            owner: bob.to_string(),
            recipient: carol.to_string(),
            amount: Uint128::new(500),
        },
        &[],
    )
    .unwrap();
    // 2,000 / 1,500 / 500 of 4,000.
    distribute(&mut suite, 800, REWARD).unwrap();
    assert_eq!(claimable(&suite, &alice, REWARD), 300 + 400);
    assert_eq!(claimable(&suite, &bob, REWARD), 100 + 300);
    assert_eq!(claimable(&suite, &carol, REWARD), 100);

    // A new deposit (mint) earns only from then on.
    suite.deposit(&carol, 4_000).unwrap();
    assert_eq!(claimable(&suite, &carol, REWARD), 100);
    distribute(&mut suite, 800, REWARD).unwrap(); // 2,000 / 1,500 / 4,500 of 8,000
    assert_eq!(claimable(&suite, &carol, REWARD), 100 + 450);

    // Claims pay exactly, once.
    let res = lrt_execute(
        &mut suite,
        &alice,
        &LrtExecute::ClaimRewards { receiver: None },
        &[],
    )
    .unwrap();
    assert_eq!(
        palisade_testing::event_attr(&res, "claim_rewards", "amount").unwrap(),
        "900"
    );
    assert_eq!(bank(&suite, &alice, REWARD), 900);
    assert_eq!(claimable(&suite, &alice, REWARD), 0);
    let err = lrt_execute(
        &mut suite,
        &alice,
        &LrtExecute::ClaimRewards { receiver: None },
        &[],
    )
    .unwrap_err();
    assert_eq!(lrt_error(err), ContractError::NothingToClaim);
    // To another receiver.
    let wallet = suite.addr("wallet");
    lrt_execute(
        &mut suite,
        &bob,
        &LrtExecute::ClaimRewards {
            receiver: Some(wallet.to_string()),
        },
        &[],
    )
    .unwrap();
    assert_eq!(bank(&suite, &wallet, REWARD), 100 + 300 + 150);

    let state: RewardStateResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&suite.lrt, &LrtQuery::RewardState {})
        .unwrap();
    assert_eq!(state.denoms[0].distributed.u128(), 2_000);
    assert_eq!(state.denoms[0].claimed.u128(), 900 + 550);
    assert_eq!(bank(&suite, &suite.lrt.clone(), REWARD), 2_000 - 1_450);
}

#[test]
fn lrt_handed_in_for_unbonding_earns_nothing() {
    let (mut suite, alice, bob, _) = suite();
    // Bob hands his 1,000 in (a cw20 send to the hub): only alice's 3,000 earn.
    suite.unbond(&bob, 1_000).unwrap();
    distribute(&mut suite, 300, REWARD).unwrap();
    assert_eq!(claimable(&suite, &alice, REWARD), 300);
    assert_eq!(claimable(&suite, &bob, REWARD), 0);
    assert_eq!(claimable(&suite, &suite.hub.clone(), REWARD), 0);
    // Burning the hub's LRT at submission changes nobody's share.
    suite.advance(palisade_testing::EPOCH_PERIOD);
    suite.submit_batch().unwrap();
    distribute(&mut suite, 300, REWARD).unwrap();
    assert_eq!(claimable(&suite, &alice, REWARD), 600);
}

#[test]
fn rounding_never_pays_out_more_than_arrived() {
    let (mut suite, alice, bob, carol) = suite();
    transfer(&mut suite, &alice, &carol, 1_000);
    // 10 over 2,000 / 1,000 / 1,000: 5, 2.5, 2.5 -> 5, 2, 2.
    distribute(&mut suite, 10, REWARD).unwrap();
    let total: u128 = [&alice, &bob, &carol]
        .iter()
        .map(|who| claimable(&suite, who, REWARD))
        .sum();
    assert_eq!(claimable(&suite, &alice, REWARD), 5);
    assert_eq!(claimable(&suite, &bob, REWARD), 2);
    assert!(total <= 10);
}

#[test]
fn bad_reward_input_is_refused_and_changes_nothing() {
    let (mut suite, alice, _, _) = suite();
    // Only governance adds denoms, each once, at most MAX_REWARD_DENOMS.
    let err = lrt_execute(
        &mut suite,
        &alice,
        &LrtExecute::AddRewardDenom {
            denom: OTHER.into(),
        },
        &[],
    )
    .unwrap_err();
    assert_eq!(
        lrt_error(err),
        ContractError::NotGovernance {
            sender: alice.to_string()
        }
    );
    assert_eq!(
        lrt_error(add_denom(&mut suite, REWARD).unwrap_err()),
        ContractError::DuplicateRewardDenom {
            denom: REWARD.into()
        }
    );
    assert_eq!(
        lrt_error(add_denom(&mut suite, " ").unwrap_err()),
        ContractError::InvalidDenom { denom: " ".into() }
    );
    for i in 1..MAX_REWARD_DENOMS {
        add_denom(&mut suite, &format!("ibc/D{i}")).unwrap();
    }
    assert_eq!(
        lrt_error(add_denom(&mut suite, OTHER).unwrap_err()),
        ContractError::TooManyRewardDenoms {
            max: MAX_REWARD_DENOMS
        }
    );

    // A distribution in a foreign denom, or with nothing sent, is refused.
    assert_eq!(
        lrt_error(distribute(&mut suite, 100, OTHER).unwrap_err()),
        ContractError::UnknownRewardDenom {
            denom: OTHER.into()
        }
    );
    let funder = suite.addr("funder");
    let err = lrt_execute(&mut suite, &funder, &LrtExecute::DistributeRewards {}, &[]).unwrap_err();
    assert_eq!(lrt_error(err), ContractError::NoRewardsSent);
    assert_eq!(claimable(&suite, &alice, REWARD), 0);
    // The foreign tokens stayed with the funder.
    assert_eq!(bank(&suite, &funder, OTHER), 100);
}

#[test]
fn an_lrt_of_18_decimals_shares_rewards_to_the_unit() {
    // 200 tokens of 18 decimals (2 × 10^20 units; multi-test's staking module overflows much
    // above) earn a reward of 6 decimals. With a 10^18 index scale the index would move in steps
    // of 200 reward units: 8,100,099 would pay out 8,100,000 and 150 would be refused as too
    // small. At 10^36 holders get their share to the unit.
    const TOKEN: u128 = 1_000_000_000_000_000_000;
    let mut suite = SuiteBuilder::new()
        .staker("alice", 120 * TOKEN)
        .staker("bob", 80 * TOKEN)
        .build();
    let (alice, bob) = (suite.addr("alice"), suite.addr("bob"));
    suite.deposit(&alice, 120 * TOKEN).unwrap();
    suite.deposit(&bob, 80 * TOKEN).unwrap();
    add_denom(&mut suite, REWARD).unwrap();
    let (a, b) = (suite.lrt_balance(&alice), suite.lrt_balance(&bob));
    assert!(a + b > 100 * TOKEN);

    let mut paid = 0;
    for amount in [8_100_099u128, 150] {
        distribute(&mut suite, amount, REWARD).unwrap();
        paid += amount;
        let exact_alice = paid * a / (a + b);
        let exact_bob = paid * b / (a + b);
        let (got_alice, got_bob) = (
            claimable(&suite, &alice, REWARD),
            claimable(&suite, &bob, REWARD),
        );
        // Each rounding is down, by at most one unit per distribution.
        assert!(
            got_alice <= exact_alice && exact_alice - got_alice <= 2,
            "{got_alice}"
        );
        assert!(
            got_bob <= exact_bob && exact_bob - got_bob <= 2,
            "{got_bob}"
        );
    }
    assert!(claimable(&suite, &alice, REWARD) + claimable(&suite, &bob, REWARD) >= paid - 4);
}

#[test]
fn a_distribution_needs_holders_that_earn() {
    let mut suite = SuiteBuilder::new().staker("alice", 10_000).build();
    add_denom(&mut suite, REWARD).unwrap();
    assert_eq!(
        lrt_error(distribute(&mut suite, 100, REWARD).unwrap_err()),
        ContractError::NoEarningSupply
    );
}

#[test]
fn the_hub_still_reads_balances_and_cw20_sends_still_call_the_hook() {
    let (mut suite, alice, _, _) = suite();
    assert_eq!(suite.position(&alice).lrt_balance.u128(), 3_000);
    // A cw20 send to the hub (unbond) goes through the LRT's own send.
    suite.unbond(&alice, 1_000).unwrap();
    assert_eq!(suite.position(&alice).lrt_balance.u128(), 2_000);
    assert_eq!(suite.requests(&alice).len(), 1);
    // Holders are still enumerable.
    let accounts: cw20::AllAccountsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            &suite.lrt,
            &LrtQuery::AllAccounts {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert!(accounts.accounts.contains(&alice.to_string()));
}

#[derive(Clone, Debug)]
enum Op {
    Transfer {
        from: usize,
        to: usize,
        permille: u128,
    },
    Deposit {
        who: usize,
        amount: u128,
    },
    Unbond {
        who: usize,
        permille: u128,
    },
    Distribute {
        amount: u128,
    },
    Claim {
        who: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..3usize, 1u128..=1_000).prop_map(|(from, to, permille)| Op::Transfer { from, to, permille }),
        2 => (0..3usize, 1u128..5_000).prop_map(|(who, amount)| Op::Deposit { who, amount }),
        1 => (0..3usize, 1u128..=1_000).prop_map(|(who, permille)| Op::Unbond { who, permille }),
        3 => (1u128..10_000).prop_map(|amount| Op::Distribute { amount }),
        1 => (0..3usize).prop_map(|who| Op::Claim { who }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: palisade_testing::proptest_cases(48), ..ProptestConfig::default() })]

    /// Whatever holders do, what they can claim plus what they claimed never exceeds what arrived,
    /// and falls short of it only by rounding: at most one unit per settlement of a holder (three
    /// per operation) and one per distribution. The hub's LRT takes no share.
    #[test]
    fn claimable_never_exceeds_what_arrived(ops in proptest::collection::vec(op(), 1..30)) {
        let (mut suite, alice, bob, carol) = suite();
        let holders = [alice, bob, carol];
        let mut arrived = 0u128;
        let mut claimed = 0u128;
        let mut distributions = 0u128;
        let mut steps = 0u128;
        for op in ops {
            steps += 1;
            match op {
                Op::Transfer { from, to, permille } => {
                    let amount = suite.lrt_balance(&holders[from]) * permille / 1_000;
                    let (f, t) = (holders[from].clone(), holders[to].clone());
                    transfer(&mut suite, &f, &t, amount);
                }
                Op::Deposit { who, amount } => {
                    let w = holders[who].clone();
                    let _ = suite.deposit(&w, amount);
                }
                Op::Unbond { who, permille } => {
                    let w = holders[who].clone();
                    let amount = suite.lrt_balance(&w) * permille / 1_000;
                    let _ = suite.unbond(&w, amount);
                }
                Op::Distribute { amount } => {
                    if distribute(&mut suite, amount, REWARD).is_ok() {
                        arrived += amount;
                        distributions += 1;
                    }
                }
                Op::Claim { who } => {
                    let w = holders[who].clone();
                    let before = bank(&suite, &w, REWARD);
                    let _ = lrt_execute(&mut suite, &w, &LrtExecute::ClaimRewards { receiver: None }, &[]);
                    claimed += bank(&suite, &w, REWARD) - before;
                }
            }
            let owed: u128 = holders.iter().map(|h| claimable(&suite, h, REWARD)).sum();
            prop_assert!(owed + claimed <= arrived, "owed {} + claimed {} > arrived {}", owed, claimed, arrived);
            prop_assert!(
                owed + claimed + 3 * steps + distributions >= arrived,
                "owed {} + claimed {} lose more than rounding of {}", owed, claimed, arrived
            );
            prop_assert_eq!(bank(&suite, &suite.lrt.clone(), REWARD), arrived - claimed);
        }
    }
}
