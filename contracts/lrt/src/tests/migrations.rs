//! Unit tests of `migrations.rs`: a populated 0.1.0 state, as 0.1.0 stored it, upgraded.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi};
use cosmwasm_std::{from_json, Addr, Uint128, Uint256};
use cw20::{AllAccountsResponse, BalanceResponse};
use palisade_api::lrt::{ClaimableResponse, ExecuteMsg, MigrateMsg, QueryMsg, INDEX_SCALE};

use crate::contract::{execute, migrate, query};
use crate::migrations::*;
use crate::state::{RewardDenom, DENOMS};
use crate::ContractError;

const HOLDERS: u128 = 45;

fn holder(i: u128) -> Addr {
    MockApi::default().addr_make(&format!("holder{i}"))
}

fn balance_of(i: u128) -> Uint128 {
    Uint128::new(1_000_000 * (i + 1))
}

/// What holder `i` had pending at distribution 1 (every third holder had claimed).
fn pending_of(i: u128) -> Vec<Uint128> {
    if i.is_multiple_of(3) {
        vec![]
    } else {
        vec![Uint128::new(10 + i)]
    }
}

/// 0.1.0's state: cw20-base's records, `HOLDERS` holders at distribution 1 with pending rewards,
/// the hub holding LRT handed in for unbonding, two distributions in the history.
fn deps_at_0_1_0(
) -> cosmwasm_std::OwnedDeps<cosmwasm_std::MemoryStorage, MockApi, cosmwasm_std::testing::MockQuerier>
{
    let mut deps = mock_dependencies();
    let hub = deps.api.addr_make("hub");
    let token = crate::contract::cw20_base_msg(super::token(&hub));
    let info = message_info(&hub, &[]);
    cw20_base::contract::instantiate(deps.as_mut(), mock_env(), info, token).unwrap();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.1.0").unwrap();
    let index = |tenths: u128| Uint256::from(INDEX_SCALE / 10 * tenths);
    LEGACY_HISTORY
        .save(&mut deps.storage, 1, &vec![index(1)])
        .unwrap();
    LEGACY_HISTORY
        .save(&mut deps.storage, 2, &vec![index(3)])
        .unwrap();
    LEGACY_INDEXES
        .save(
            &mut deps.storage,
            &LegacyIndexes {
                hub: hub.clone(),
                seq: 2,
                indexes: vec![index(3)],
            },
        )
        .unwrap();
    DENOMS
        .save(
            &mut deps.storage,
            &vec![RewardDenom {
                denom: "ureward".into(),
                distributed: Uint128::new(1_000_000_000),
                claimed: Uint128::zero(),
            }],
        )
        .unwrap();
    let mut supply = Uint128::zero();
    for i in 0..HOLDERS {
        let record = LegacyHolder {
            balance: balance_of(i),
            seq: 1,
            pending: pending_of(i),
        };
        LEGACY_HOLDERS
            .save(&mut deps.storage, &holder(i), &record)
            .unwrap();
        supply += balance_of(i);
    }
    let hub_record = LegacyHolder {
        balance: Uint128::new(500),
        seq: 2,
        pending: vec![],
    };
    LEGACY_HOLDERS
        .save(&mut deps.storage, &hub, &hub_record)
        .unwrap();
    cw20_base::state::TOKEN_INFO
        .update(
            &mut deps.storage,
            |mut info| -> cosmwasm_std::StdResult<_> {
                info.total_supply = supply + Uint128::new(500);
                Ok(info)
            },
        )
        .unwrap();
    deps
}

fn balance(deps: cosmwasm_std::Deps, addr: &Addr) -> Uint128 {
    let msg = QueryMsg::Balance {
        address: addr.to_string(),
    };
    from_json::<BalanceResponse>(query(deps, mock_env(), msg).unwrap())
        .unwrap()
        .balance
}

fn claimable(deps: cosmwasm_std::Deps, addr: &Addr) -> Uint128 {
    let msg = QueryMsg::Rewards {
        address: addr.to_string(),
    };
    from_json::<Vec<ClaimableResponse>>(query(deps, mock_env(), msg).unwrap()).unwrap()[0].amount
}

/// Holder `i`'s claimable: its pending at distribution 1 plus 0.2 per LRT since.
fn expected_claimable(i: u128) -> Uint128 {
    pending_of(i).first().copied().unwrap_or_default() + balance_of(i) / Uint128::new(5)
}

fn assert_every_holder_unchanged(deps: cosmwasm_std::Deps) {
    for i in 1..HOLDERS {
        assert_eq!(balance(deps, &holder(i)), balance_of(i), "holder {i}");
        assert_eq!(
            claimable(deps, &holder(i)),
            expected_claimable(i),
            "holder {i}"
        );
    }
}

#[test]
fn a_populated_0_1_0_token_converts_with_every_balance_and_reward_unchanged() {
    let mut deps = deps_at_0_1_0();
    let hub = deps.api.addr_make("hub");
    let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    assert!(res
        .attributes
        .iter()
        .any(|a| a.key == "holders_to_convert" && a.value == "true"));
    assert_every_holder_unchanged(deps.as_ref());
    // The hub's LRT still earns nothing: the earning supply excludes its 500.
    let state: palisade_api::lrt::RewardStateResponse =
        from_json(query(deps.as_ref(), mock_env(), QueryMsg::RewardState {}).unwrap()).unwrap();
    let supply: u128 = (0..HOLDERS).map(|i| balance_of(i).u128()).sum();
    assert_eq!(state.earning_supply, Uint128::new(supply));
    assert_eq!((state.hub, state.distributions), (hub.clone(), 2));
    assert_eq!(balance(deps.as_ref(), &hub), Uint128::new(500));
    // The supply moved to the indexes record: cw20's token info reads the same, and cw20-base's
    // record keeps no stale copy.
    let info: cw20::TokenInfoResponse =
        from_json(query(deps.as_ref(), mock_env(), QueryMsg::TokenInfo {}).unwrap()).unwrap();
    assert_eq!(info.total_supply, Uint128::new(supply + 500));
    assert_eq!((info.name.as_str(), info.decimals), ("Restaked", 6));
    let stored = cw20_base::state::TOKEN_INFO.load(&deps.storage).unwrap();
    assert_eq!(stored.total_supply, Uint128::zero());

    // Holder 0 transfers before its record is converted: both parties settle from 0.1.0's
    // records, and the history of 0.1.0 is read where it is.
    let info = message_info(&holder(0), &[]);
    let transfer = ExecuteMsg::Transfer {
        recipient: holder(1).to_string(),
        amount: Uint128::new(1_000_000),
    };
    execute(deps.as_mut(), mock_env(), info, transfer).unwrap();
    assert_eq!(balance(deps.as_ref(), &holder(0)), Uint128::zero());
    assert_eq!(balance(deps.as_ref(), &holder(1)), Uint128::new(3_000_000));
    assert_eq!(claimable(deps.as_ref(), &holder(0)), expected_claimable(0));
    assert_eq!(claimable(deps.as_ref(), &holder(1)), expected_claimable(1));
    assert!(LEGACY_HOLDERS
        .may_load(&deps.storage, &holder(0))
        .unwrap()
        .is_none());

    // Holder 2 claims before its record is converted: it is paid what 0.1.0 owed it.
    let info = message_info(&holder(2), &[]);
    let res = execute(
        deps.as_mut(),
        mock_env(),
        info,
        ExecuteMsg::ClaimRewards { receiver: None },
    )
    .unwrap();
    let paid = palisade_testing::unit::attr(&res.attributes, "amount");
    assert_eq!(paid, expected_claimable(2).to_string());
    assert_eq!(claimable(deps.as_ref(), &holder(2)), Uint128::zero());

    // A distribution during the conversion reaches converted and unconverted holders alike:
    // 0.1 more per LRT (the earning supply is unchanged: the hub's 500 still earns nothing).
    let earning: u128 = (0..HOLDERS).map(|i| balance_of(i).u128()).sum();
    let funds = cosmwasm_std::coins(earning / 10, "ureward");
    let info = message_info(&deps.api.addr_make("funder"), &funds);
    execute(
        deps.as_mut(),
        mock_env(),
        info,
        ExecuteMsg::DistributeRewards {},
    )
    .unwrap();
    assert_eq!(
        claimable(deps.as_ref(), &holder(3)),
        expected_claimable(3) + balance_of(3) / Uint128::new(10)
    );
    assert_eq!(
        claimable(deps.as_ref(), &holder(1)),
        expected_claimable(1) + Uint128::new(3_000_000 / 10)
    );
    assert_eq!(
        claimable(deps.as_ref(), &holder(2)),
        balance_of(2) / Uint128::new(10)
    );

    // The account list waits for the conversion.
    let list = QueryMsg::AllAccounts {
        start_after: None,
        limit: Some(30),
    };
    let err = query(deps.as_ref(), mock_env(), list.clone()).unwrap_err();
    assert!(err.to_string().contains("migrate_holders"), "{err}");

    // Anyone converts the rest a page at a time; balances and rewards read the same throughout.
    let stranger = message_info(&deps.api.addr_make("stranger"), &[]);
    let page = ExecuteMsg::MigrateHolders { limit: Some(20) };
    let mut pages = 0;
    loop {
        let res = execute(deps.as_mut(), mock_env(), stranger.clone(), page.clone()).unwrap();
        pages += 1;
        assert_every_holder_unchanged_but_0_to_3(deps.as_ref());
        if res
            .attributes
            .iter()
            .any(|a| a.key == "done" && a.value == "true")
        {
            break;
        }
    }
    // 42 records left after the transfer and the claim: pages of 20, 20 and 2.
    assert_eq!(pages, 3);
    assert!(LEGACY_HOLDERS
        .keys_raw(&deps.storage, None, None, cosmwasm_std::Order::Ascending)
        .next()
        .is_none());
    let err = execute(deps.as_mut(), mock_env(), stranger, page).unwrap_err();
    assert_eq!(err, ContractError::NoHoldersToConvert);

    // Every account is listed again: the holders (holder 0 keeps a record for its settled
    // mark and rewards) and the hub.
    let mut listed = vec![];
    let mut start_after = None;
    loop {
        let msg = QueryMsg::AllAccounts {
            start_after: start_after.clone(),
            limit: Some(30),
        };
        let page: AllAccountsResponse =
            from_json(query(deps.as_ref(), mock_env(), msg).unwrap()).unwrap();
        if page.accounts.is_empty() {
            break;
        }
        start_after = page.accounts.last().cloned();
        listed.extend(page.accounts);
    }
    let mut expected: Vec<String> = (0..HOLDERS).map(|i| holder(i).to_string()).collect();
    expected.push(hub.to_string());
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
}

/// After the distribution made during the conversion: every holder that did not move, its
/// 0.1.0 rewards plus 0.1 per LRT.
fn assert_every_holder_unchanged_but_0_to_3(deps: cosmwasm_std::Deps) {
    for i in 4..HOLDERS {
        assert_eq!(balance(deps, &holder(i)), balance_of(i), "holder {i}");
        let with_distribution = expected_claimable(i) + balance_of(i) / Uint128::new(10);
        assert_eq!(claimable(deps, &holder(i)), with_distribution, "holder {i}");
    }
}

#[test]
fn once_converted_nothing_is_converted_twice() {
    let mut deps = deps_at_0_1_0();
    migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    let stranger = message_info(&deps.api.addr_make("stranger"), &[]);
    let page = ExecuteMsg::MigrateHolders { limit: Some(100) };
    execute(deps.as_mut(), mock_env(), stranger.clone(), page.clone()).unwrap();
    // Migrating again to the same release finds no 0.1.0 record to convert.
    let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    assert!(!res.attributes.iter().any(|a| a.key == "holders_to_convert"));
    let err = execute(deps.as_mut(), mock_env(), stranger, page).unwrap_err();
    assert_eq!(err, ContractError::NoHoldersToConvert);
    assert_every_holder_unchanged(deps.as_ref());
}

#[test]
fn a_token_instantiated_at_this_release_has_nothing_to_convert() {
    let mut deps = mock_dependencies();
    let hub = deps.api.addr_make("hub");
    let msg = super::token(&hub);
    let info = message_info(&hub, &[]);
    crate::contract::instantiate(deps.as_mut(), mock_env(), info, msg).unwrap();
    let stranger = message_info(&deps.api.addr_make("stranger"), &[]);
    let page = ExecuteMsg::MigrateHolders { limit: None };
    let err = execute(deps.as_mut(), mock_env(), stranger, page).unwrap_err();
    assert_eq!(err, ContractError::NoHoldersToConvert);
    // The hub's record is there from the start, marked as never earning.
    let list = QueryMsg::AllAccounts {
        start_after: None,
        limit: None,
    };
    let accounts: AllAccountsResponse =
        from_json(query(deps.as_ref(), mock_env(), list).unwrap()).unwrap();
    assert_eq!(accounts.accounts, vec![hub.to_string()]);
}

/// One thing a holder or a keeper does while the conversion runs.
#[derive(Clone, Debug)]
enum Op {
    Transfer {
        from: u128,
        to: u128,
        amount: u128,
    },
    Claim(u128),
    /// Rewards of `per_thousand` ‰ of the earning supply.
    Distribute {
        per_thousand: u128,
    },
    Convert {
        limit: u32,
    },
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    use proptest::prelude::*;
    prop_oneof![
        (0..HOLDERS, 0..HOLDERS + 3, 0..3_000_000u128)
            .prop_map(|(from, to, amount)| Op::Transfer { from, to, amount }),
        (0..HOLDERS + 3).prop_map(Op::Claim),
        (1..50u128).prop_map(|per_thousand| Op::Distribute { per_thousand }),
        (1..20u32).prop_map(|limit| Op::Convert { limit }),
    ]
}

/// The exact model: balances, and rewards as `balance × index gain`, both rounded down per
/// settlement exactly as the contract does (the indexes are the contract's own).
#[derive(Default)]
struct Model {
    balance: std::collections::BTreeMap<u128, u128>,
    paid: u128,
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: palisade_testing::proptest_cases(32),
        ..Default::default()
    })]

    /// Whatever holders and keepers do, in any order, while the holder records convert: every
    /// balance is what the transfers left, the supply never changes, what holders claimed plus
    /// what they can claim never exceeds what 0.1.0 owed them plus what arrived since, and once
    /// the conversion ends every account is listed and no 0.1.0 record is left.
    #[test]
    fn the_conversion_keeps_balances_and_rewards_whatever_the_order(
        ops in proptest::collection::vec(op(), 1..25)
    ) {
        let mut deps = deps_at_0_1_0();
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        let supply: u128 = (0..HOLDERS).map(|i| balance_of(i).u128()).sum::<u128>() + 500;
        let owed_before: u128 = (0..HOLDERS).map(|i| expected_claimable(i).u128()).sum();
        let mut model = Model::default();
        for i in 0..HOLDERS {
            model.balance.insert(i, balance_of(i).u128());
        }
        let mut arrived = 0u128;
        let mut done = false;
        for op in ops {
            match op {
                Op::Transfer { from, to, amount } => {
                    let info = message_info(&holder(from), &[]);
                    let msg = ExecuteMsg::Transfer {
                        recipient: holder(to).to_string(),
                        amount: Uint128::new(amount),
                    };
                    let result = execute(deps.as_mut(), mock_env(), info, msg);
                    let held = model.balance.get(&from).copied().unwrap_or_default();
                    // Refused exactly when the sender holds less, and then nothing changes.
                    proptest::prop_assert_eq!(result.is_ok(), amount <= held);
                    if amount <= held {
                        *model.balance.entry(from).or_default() -= amount;
                        *model.balance.entry(to).or_default() += amount;
                    }
                }
                Op::Claim(who) => {
                    let before = claimable(deps.as_ref(), &holder(who)).u128();
                    let info = message_info(&holder(who), &[]);
                    let msg = ExecuteMsg::ClaimRewards { receiver: None };
                    let result = execute(deps.as_mut(), mock_env(), info, msg);
                    proptest::prop_assert_eq!(result.is_ok(), before > 0);
                    model.paid += before;
                    proptest::prop_assert_eq!(claimable(deps.as_ref(), &holder(who)).u128(), 0);
                }
                Op::Distribute { per_thousand } => {
                    let amount = (supply - 500) * per_thousand / 1_000;
                    let funds = cosmwasm_std::coins(amount, "ureward");
                    let info = message_info(&deps.api.addr_make("funder"), &funds);
                    execute(deps.as_mut(), mock_env(), info, ExecuteMsg::DistributeRewards {})
                        .unwrap();
                    arrived += amount;
                }
                Op::Convert { limit } => {
                    let stranger = message_info(&deps.api.addr_make("stranger"), &[]);
                    let msg = ExecuteMsg::MigrateHolders { limit: Some(limit) };
                    let result = execute(deps.as_mut(), mock_env(), stranger, msg);
                    proptest::prop_assert_eq!(result.is_ok(), !done);
                    if let Ok(res) = result {
                        done = res.attributes.iter().any(|a| a.key == "done" && a.value == "true");
                    }
                }
            }
            let mut claimable_now = 0u128;
            for i in 0..HOLDERS + 3 {
                let expected = model.balance.get(&i).copied().unwrap_or_default();
                proptest::prop_assert_eq!(balance(deps.as_ref(), &holder(i)).u128(), expected);
                claimable_now += claimable(deps.as_ref(), &holder(i)).u128();
            }
            let info: cw20::TokenInfoResponse =
                from_json(query(deps.as_ref(), mock_env(), QueryMsg::TokenInfo {}).unwrap())
                    .unwrap();
            proptest::prop_assert_eq!(info.total_supply.u128(), supply);
            // Rounded down at every settlement: never more than owed and arrived, short of it
            // by at most one unit per holder per distribution.
            let owed = owed_before + arrived;
            let total = claimable_now + model.paid;
            proptest::prop_assert!(total <= owed, "{} > {}", total, owed);
            proptest::prop_assert!(owed - total <= (HOLDERS + 3) * 20, "{} short", owed - total);
        }
        // Whatever is left converts, and then every holder with a record is listed once.
        while !done {
            let stranger = message_info(&deps.api.addr_make("stranger"), &[]);
            let msg = ExecuteMsg::MigrateHolders { limit: Some(100) };
            let res = execute(deps.as_mut(), mock_env(), stranger, msg).unwrap();
            done = res.attributes.iter().any(|a| a.key == "done" && a.value == "true");
        }
        proptest::prop_assert!(LEGACY_HOLDERS
            .keys_raw(&deps.storage, None, None, cosmwasm_std::Order::Ascending)
            .next()
            .is_none());
        let list = QueryMsg::AllAccounts { start_after: None, limit: Some(30) };
        let first: AllAccountsResponse =
            from_json(query(deps.as_ref(), mock_env(), list).unwrap()).unwrap();
        proptest::prop_assert_eq!(first.accounts.len(), 30);
    }
}

#[test]
fn commission_recorded_by_0_1_0_is_claimed_with_what_accrued_since() {
    use crate::consumer_rewards::LEGACY_COMMISSION;
    use crate::state::{load_commission, save_commission};
    use cosmwasm_std::{coin, BankMsg, CosmosMsg};

    let mut deps = deps_at_0_1_0();
    let account = deps.api.addr_make("operator");
    let validator = MockApi::default()
        .with_prefix("cosmwasmvaloper")
        .addr_make("operator")
        .to_string();
    // 0.1.0 owed the operator 10 ureward and 5 of a denom it listed no longer first.
    for (denom, amount) in [("ureward", 10), ("uother", 5)] {
        LEGACY_COMMISSION
            .save(
                &mut deps.storage,
                (&validator, denom),
                &Uint128::new(amount),
            )
            .unwrap();
    }
    migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    // A notice after the upgrade adds 7 ureward (denom position 0) to today's record.
    save_commission(&mut deps.storage, &validator, &[Uint128::new(7)]);
    let owed = |deps: cosmwasm_std::Deps| -> Vec<cosmwasm_std::Coin> {
        let msg = QueryMsg::Commission {
            validator: validator.clone(),
        };
        from_json(query(deps, mock_env(), msg).unwrap()).unwrap()
    };
    let expected = vec![coin(5, "uother"), coin(17, "ureward")];
    assert_eq!(owed(deps.as_ref()), expected);

    let claim = ExecuteMsg::ClaimCommission {
        validator: validator.clone(),
        receiver: None,
    };
    let info = message_info(&account, &[]);
    let res = execute(deps.as_mut(), mock_env(), info.clone(), claim.clone()).unwrap();
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Bank(BankMsg::Send {
            to_address: account.to_string(),
            amount: expected,
        })
    );
    // Both forms are cleared: nothing is paid twice.
    assert_eq!(owed(deps.as_ref()), vec![]);
    assert!(load_commission(&deps.storage, &validator)
        .unwrap()
        .is_empty());
    assert!(LEGACY_COMMISSION
        .prefix(&validator)
        .range(&deps.storage, None, None, cosmwasm_std::Order::Ascending)
        .next()
        .is_none());
    let err = execute(deps.as_mut(), mock_env(), info, claim).unwrap_err();
    assert_eq!(err, ContractError::NothingToClaim);
}
