//! Consumer rewards across chains: the consumer forwards reward tokens by ICS-20 with a
//! `rewards_notice`; the relay credits a notice once, only when the tokens arrived; the registry
//! takes the protocol fee and the operators' commission and the LRT's holders get the rest. (A
//! notice on a channel that is no consumer's is refused in the relay's unit tests.)

use cosmwasm_std::{coins, Decimal, Uint128};
use cw_multi_test::{BankSudo, Executor, SudoMsg};
use palisade_api::consumer::{
    ExecuteMsg as ConsumerExecute, NoticeResponse, NoticeStatus, QueryMsg as ConsumerQuery,
    RewardDenomRoute,
};
use palisade_api::ibc::ConsumerPacket;
use palisade_api::lrt::{
    ClaimableResponse, ExecuteMsg as LrtExecute, QueryMsg as LrtQuery, RewardRecordResponse,
};
use palisade_api::registry::{ConsumerResponse, ExecuteMsg as RegistryExecute};
use palisade_api::relay::ExecuteMsg as RelayExecute;
use palisade_testing::interchain::{packet_data, Interchain, Side};
use palisade_testing::{event_attr, SuiteBuilder, ALLOCATION_DELAY};

const ALPHA: usize = 0;
const STAKE: u128 = 1_000_000;
/// The reward token on the consumer chain, and its voucher on the provider (alpha is
/// `consumer_params(1)`, whose reward denom this is).
const LOCAL: &str = "ucons";
const VOUCHER: &str = "ibc/CONSUMER1";

/// Three operators with `STAKE` each; operators 0 and 1 opted in to alpha at 50% and 30% with 10%
/// commission; the LRT pays rewards in the voucher; alpha routes its token; channel open.
fn world() -> Interchain {
    world_listing(true)
}

/// [`world`], the LRT listing the consumer's voucher ahead of time or not.
fn world_listing(list_voucher: bool) -> Interchain {
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .validators(&[1, 1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for (operator, percent) in [(0, 50), (1, 30)] {
        world.provider.register_operator(operator).unwrap();
        let account = world.provider.validator_account(operator);
        world
            .provider
            .registry_execute(
                &account,
                &RegistryExecute::OptIn {
                    chain_id: "alpha-1".into(),
                    consumer_key: format!("key-{operator}"),
                    allocation: Decimal::percent(percent),
                    commission_bps: 1_000,
                },
            )
            .unwrap();
    }
    let owner = world.provider.addrs.owner.clone();
    let lrt = world.provider.lrt.clone();
    if list_voucher {
        world
            .provider
            .app
            .execute_contract(
                owner,
                lrt,
                &LrtExecute::AddRewardDenom {
                    denom: VOUCHER.into(),
                },
                &[],
            )
            .unwrap();
    }
    world.advance(ALLOCATION_DELAY);
    world.open_channel(ALPHA).unwrap();
    // The powers are sent (and, as by the keeper, checkpointed for the commission).
    world.sync_powers(ALPHA);
    let consumer_owner = world.consumers[ALPHA].owner.clone();
    world.consumers[ALPHA]
        .execute(
            &consumer_owner,
            &ConsumerExecute::SetRewardRoute {
                transfer_channel: "channel-7".into(),
                denoms: vec![RewardDenomRoute {
                    local: LOCAL.into(),
                    provider: VOUCHER.into(),
                }],
            },
        )
        .unwrap();
    world
}

/// The consumer chain's fee collector pays the consumer contract `amount` of its token.
fn fund_consumer(world: &mut Interchain, amount: u128) {
    let contract = world.consumers[ALPHA].contract.clone();
    world.consumers[ALPHA]
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: contract.to_string(),
            amount: coins(amount, LOCAL),
        }))
        .unwrap();
}

fn forward(world: &mut Interchain) -> anyhow::Result<cw_multi_test::AppResponse> {
    let anyone = world.consumers[ALPHA].reporter.clone();
    world.consumers[ALPHA].execute(
        &anyone,
        &ConsumerExecute::ForwardRewards {
            denom: LOCAL.into(),
        },
    )
}

fn notices(world: &Interchain) -> Vec<NoticeResponse> {
    world.consumers[ALPHA].query(&ConsumerQuery::Notices {
        start_before: None,
        limit: None,
    })
}

fn bank(world: &Interchain, who: &cosmwasm_std::Addr, denom: &str) -> u128 {
    world
        .provider
        .app
        .wrap()
        .query_balance(who, denom)
        .unwrap()
        .amount
        .u128()
}

fn history(world: &Interchain) -> Vec<RewardRecordResponse> {
    world
        .provider
        .app
        .wrap()
        .query_wasm_smart(
            &world.provider.lrt,
            &LrtQuery::RewardHistory {
                chain_id: "alpha-1".into(),
                start_before: None,
                limit: None,
            },
        )
        .unwrap()
}

fn claimable(world: &Interchain, who: &cosmwasm_std::Addr) -> u128 {
    let r: Vec<ClaimableResponse> = world
        .provider
        .app
        .wrap()
        .query_wasm_smart(
            &world.provider.lrt,
            &LrtQuery::Rewards {
                address: who.to_string(),
            },
        )
        .unwrap();
    r.iter()
        .find(|c| c.denom == VOUCHER)
        .map_or(0, |c| c.amount.u128())
}

#[test]
fn a_notice_stranded_by_a_closed_channel_is_sent_again_on_the_next_one() {
    let mut world = world();
    fund_consumer(&mut world, 10_000);
    forward(&mut world).unwrap();
    // The notice overtakes its tokens and the relay refuses it, but the channel closes before
    // the error acknowledgement is relayed back: it can never be acknowledged now.
    let packets = world.take_packets();
    assert_eq!(packets.len(), 1);
    let (side, notice) = packets.into_iter().next().unwrap();
    let ack = world.receive_only(side, &notice).unwrap();
    assert!(String::from_utf8_lossy(&ack).contains("error"), "{ack}");
    world.close_channel(ALPHA).unwrap();
    assert_eq!(notices(&world)[0].status, NoticeStatus::InFlight);
    let reporter = world.consumers[ALPHA].reporter.clone();
    let resend = ConsumerExecute::ResendNotice { notice_id: 1 };
    assert!(world.consumers[ALPHA].execute(&reporter, &resend).is_err());

    // A new channel opens and the tokens arrive: the stranded notice is sent again and credited,
    // once.
    world.advance(60);
    world.open_channel(ALPHA).unwrap();
    world.deliver_transfers(ALPHA, VOUCHER);
    world.consumers[ALPHA].execute(&reporter, &resend).unwrap();
    // In flight on the open channel now: not sent a third time.
    let err = world.consumers[ALPHA]
        .execute(&reporter, &resend)
        .unwrap_err();
    assert!(
        err.root_cause()
            .to_string()
            .contains("in flight on the open channel"),
        "{err}"
    );
    let delivered = world.relay_all().unwrap();
    let _: u64 = delivered[0].result();
    assert_eq!(notices(&world)[0].status, NoticeStatus::Accepted);
    assert_eq!(notices(&world)[0].attempts, 2);
    assert_eq!(history(&world).len(), 1);
    assert_eq!(history(&world)[0].amount.u128(), 10_000);
}

#[test]
fn a_late_timeout_of_a_notice_sent_on_a_closed_channel_leaves_its_resend_in_flight() {
    let mut world = world();
    fund_consumer(&mut world, 10_000);
    forward(&mut world).unwrap();
    // The notice leaves on the first channel, which closes before anyone relays it.
    let packets = world.take_packets();
    assert_eq!(packets.len(), 1);
    let (side, first_send) = packets.into_iter().next().unwrap();
    world.close_channel(ALPHA).unwrap();
    world.advance(60);
    world.open_channel(ALPHA).unwrap();
    world.deliver_transfers(ALPHA, VOUCHER);
    let reporter = world.consumers[ALPHA].reporter.clone();
    world.consumers[ALPHA]
        .execute(&reporter, &ConsumerExecute::ResendNotice { notice_id: 1 })
        .unwrap();
    // The first send's timeout, relayed late, is about the closed channel: the resend waits.
    world.time_out(side, first_send).unwrap();
    assert_eq!(notices(&world)[0].status, NoticeStatus::InFlight);
    assert_eq!(notices(&world)[0].attempts, 2);
    // The resend is received and acknowledged: credited once.
    let delivered = world.relay_all().unwrap();
    let _: u64 = delivered[0].result();
    assert_eq!(notices(&world)[0].status, NoticeStatus::Accepted);
    assert_eq!(history(&world).len(), 1);
    assert_eq!(history(&world)[0].amount.u128(), 10_000);
}

#[test]
fn a_notice_in_a_denom_the_lrt_had_not_listed_lists_it_and_reaches_holders() {
    // The registry's governance admitted the voucher for alpha, but nobody listed it on the LRT
    // ahead of time: the first notice lists it instead of leaving its tokens in the relay.
    let mut world = world_listing(false);
    let lrt = world.provider.lrt.clone();
    let denoms = |world: &Interchain| -> Vec<String> {
        let state: palisade_api::lrt::RewardStateResponse = world
            .provider
            .app
            .wrap()
            .query_wasm_smart(&lrt, &LrtQuery::RewardState {})
            .unwrap();
        state.denoms.into_iter().map(|d| d.denom).collect()
    };
    assert!(denoms(&world).is_empty());
    fund_consumer(&mut world, 10_000);
    forward(&mut world).unwrap();
    world.deliver_transfers(ALPHA, VOUCHER);
    let delivered = world.relay_all().unwrap();
    let notice_id: u64 = delivered[0].result();
    assert_eq!(notice_id, 1);
    assert_eq!(notices(&world)[0].status, NoticeStatus::Accepted);
    assert_eq!(denoms(&world), vec![VOUCHER.to_string()]);
    let relay = world.relay.clone();
    assert_eq!(bank(&world, &relay, VOUCHER), 0);
    let record = &history(&world)[0];
    assert_eq!(record.amount.u128(), 10_000);
    let alice = world.provider.addr("alice");
    assert!(record.to_holders.u128() - claimable(&world, &alice) <= 1);
}

#[test]
fn rewards_sent_before_a_consumer_was_removed_still_reach_holders() {
    // The consumer pays for security it was given, then governance removes it while the tokens
    // travel. The notice is credited all the same: nothing stays in the relay.
    let mut world = world();
    fund_consumer(&mut world, 10_000);
    forward(&mut world).unwrap();
    world
        .provider
        .registry_owner_execute(&RegistryExecute::RemoveConsumer {
            chain_id: "alpha-1".into(),
        })
        .unwrap();
    world.deliver_transfers(ALPHA, VOUCHER);
    let delivered = world.relay_all().unwrap();
    let notice_id: u64 = delivered[0].result();
    assert_eq!(notice_id, 1);
    assert_eq!(notices(&world)[0].status, NoticeStatus::Accepted);
    let relay = world.relay.clone();
    assert_eq!(bank(&world, &relay, VOUCHER), 0);
    let record = &history(&world)[0];
    assert_eq!(record.amount.u128(), 10_000);
    assert_eq!(
        record.fee + record.commission + record.to_holders,
        record.amount
    );
    let alice = world.provider.addr("alice");
    // Alice holds every LRT: the holders' part, to the unit or one below (rounding).
    assert!(record.to_holders.u128() - claimable(&world, &alice) <= 1);
}

#[test]
fn rewards_reach_holders_after_fee_and_commission_once_the_tokens_arrived() {
    let mut world = world();
    fund_consumer(&mut world, 10_000);
    let res = forward(&mut world).unwrap();
    assert_eq!(
        event_attr(&res, "forward_rewards", "amount").unwrap(),
        "10000"
    );
    // The tokens left the consumer contract (escrowed by ICS-20).
    let contract = world.consumers[ALPHA].contract.clone();
    assert_eq!(
        world.consumers[ALPHA]
            .app
            .wrap()
            .query_balance(&contract, LOCAL)
            .unwrap()
            .amount,
        Uint128::zero()
    );

    // The notice overtakes the tokens: refused, nothing credited.
    let delivered = world.relay_all().unwrap();
    assert!(
        delivered[0].error().contains("error handling packet"),
        "{}",
        delivered[0].error()
    );
    assert!(matches!(
        notices(&world)[0].status,
        NoticeStatus::Rejected { .. }
    ));
    assert!(history(&world).is_empty());
    let relay = world.relay.clone();
    assert_eq!(bank(&world, &relay, VOUCHER), 0);

    // The tokens arrive; a reporter sends the notice again (same id) and it is credited. Not
    // anyone: a resend is credited out of whatever tokens of the denom the relay holds.
    let transfers = world.deliver_transfers(ALPHA, VOUCHER);
    assert_eq!(transfers.len(), 1);
    assert_eq!(transfers[0].to_address, relay.to_string());
    assert_eq!(bank(&world, &relay, VOUCHER), 10_000);
    let stranger = world.consumers[ALPHA].app.api().addr_make("stranger");
    let err = world.consumers[ALPHA]
        .execute(&stranger, &ConsumerExecute::ResendNotice { notice_id: 1 })
        .unwrap_err();
    assert!(
        err.root_cause()
            .to_string()
            .contains("neither the owner nor a reporter"),
        "{err}"
    );
    assert!(matches!(
        notices(&world)[0].status,
        NoticeStatus::Rejected { .. }
    ));
    let reporter = world.consumers[ALPHA].reporter.clone();
    world.consumers[ALPHA]
        .execute(&reporter, &ConsumerExecute::ResendNotice { notice_id: 1 })
        .unwrap();
    let delivered = world.relay_all().unwrap();
    let _: u64 = delivered[0].result();
    assert_eq!(notices(&world)[0].status, NoticeStatus::Accepted);
    assert_eq!(notices(&world)[0].attempts, 2);

    // 10,000: fee 10% = 1,000 to the fee recipient; of 9,000, operator 0 has 5/8 of the power
    // sent (500,000 of 800,000) and earns 10% of 5,625 = 562, operator 1 10% of 3,375 = 337; the
    // notice keeps 10% of 9,000 = 900 for them (rounded up: their floors never exceed it), the
    // holders get 8,100.
    let record = &history(&world)[0];
    assert_eq!(
        (
            record.amount.u128(),
            record.fee.u128(),
            record.commission.u128(),
            record.to_holders.u128()
        ),
        (10_000, 1_000, 900, 8_100)
    );
    assert_eq!(record.total_power.u128(), 800_000);
    let fee_recipient = world.provider.addrs.fee_recipient.clone();
    assert_eq!(bank(&world, &fee_recipient, VOUCHER), 1_000);
    assert_eq!(bank(&world, &relay, VOUCHER), 0);
    // Alice holds all 3,000,000 LRT: all 8,100 (the index divides it exactly).
    let alice = world.provider.addr("alice");
    assert_eq!(claimable(&world, &alice), 8_100);
    let lrt = world.provider.lrt.clone();
    world
        .provider
        .app
        .execute_contract(
            alice.clone(),
            lrt,
            &LrtExecute::ClaimRewards { receiver: None },
            &[],
        )
        .unwrap();
    assert_eq!(bank(&world, &alice, VOUCHER), 8_100);

    // Operators claim their commission with their accounts.
    let account = world.provider.validator_account(0);
    let commission: Vec<cosmwasm_std::Coin> = world
        .provider
        .app
        .wrap()
        .query_wasm_smart(
            &world.provider.lrt,
            &LrtQuery::Commission {
                validator: world.provider.validator(0),
            },
        )
        .unwrap();
    assert_eq!(commission, coins(562, VOUCHER));
    let claim = LrtExecute::ClaimCommission {
        validator: world.provider.validator(0),
        receiver: None,
    };
    let lrt = world.provider.lrt.clone();
    // Only the operator's own account.
    let err = world
        .provider
        .app
        .execute_contract(alice.clone(), lrt.clone(), &claim, &[])
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::NotOperatorAccount {
            sender: alice.to_string(),
            validator: world.provider.validator(0)
        }
    );
    world
        .provider
        .app
        .execute_contract(account.clone(), lrt.clone(), &claim, &[])
        .unwrap();
    assert_eq!(bank(&world, &account, VOUCHER), 562);
    let err = world
        .provider
        .app
        .execute_contract(account, lrt, &claim, &[])
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::NothingToClaim
    );
    // The LRT holds what the holders have not claimed, the commission not claimed, and the unit
    // the notice kept beyond the operators' floors.
    let lrt = world.provider.lrt.clone();
    assert_eq!(bank(&world, &lrt, VOUCHER), 337 + 1);
}

#[test]
fn replayed_and_foreign_notices_credit_nothing() {
    let mut world = world();
    fund_consumer(&mut world, 5_000);
    forward(&mut world).unwrap();
    world.deliver_transfers(ALPHA, VOUCHER);
    let sent = world.take_packets();
    let (side, notice) = sent[0].clone();
    assert_eq!(side, Side::Consumer(ALPHA));
    world.deliver(side, notice.clone()).unwrap();
    assert_eq!(history(&world).len(), 1);

    // The same notice again (a replay, or a duplicate id): refused, nothing more credited.
    let relay = world.relay.clone();
    world
        .provider
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: relay.to_string(),
            amount: coins(5_000, VOUCHER),
        }))
        .unwrap();
    let replay = world.deliver(side, notice.clone()).unwrap();
    assert!(
        replay.error().contains("duplicate rewards notice 1"),
        "{}",
        replay.error()
    );
    assert_eq!(history(&world).len(), 1);
    assert_eq!(bank(&world, &relay, VOUCHER), 5_000);

    // A denom the consumer is not registered to pay in, with the tokens there: refused.
    world
        .provider
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: relay.to_string(),
            amount: coins(100, "ibc/OTHER"),
        }))
        .unwrap();
    let foreign = ConsumerPacket::RewardsNotice {
        notice_id: 7,
        denom: "ibc/OTHER".into(),
        amount: Uint128::new(100),
    };
    let refused = world
        .deliver(
            side,
            palisade_testing::ibc::SentPacket {
                data: packet_data(&foreign),
                ..notice.clone()
            },
        )
        .unwrap();
    assert!(
        refused
            .error()
            .contains("not one of alpha-1's reward denoms"),
        "{}",
        refused.error()
    );
    assert_eq!(bank(&world, &relay, "ibc/OTHER"), 100);
    assert_eq!(history(&world).len(), 1);

    // No notice can credit those tokens: governance sends them back (the consumer's treasury
    // here); a stranger may not, nor may governance send more than the relay holds.
    let treasury = world.provider.addr("alpha-treasury");
    let refund = |amount: u128| RelayExecute::RefundRewards {
        denom: "ibc/OTHER".into(),
        amount: Uint128::new(amount),
        recipient: treasury.to_string(),
    };
    let stranger = world.provider.addr("stranger");
    assert!(world.relay_execute(&stranger, &refund(100)).is_err());
    let owner = world.provider.addrs.owner.clone();
    assert!(world.relay_execute(&owner, &refund(101)).is_err());
    assert_eq!(bank(&world, &relay, "ibc/OTHER"), 100);
    let res = world.relay_execute(&owner, &refund(100)).unwrap();
    assert_eq!(
        event_attr(&res, "refund_rewards", "amount").as_deref(),
        Some("100")
    );
    assert_eq!(bank(&world, &relay, "ibc/OTHER"), 0);
    assert_eq!(bank(&world, &treasury, "ibc/OTHER"), 100);
    // The voucher the replayed notice left is another notice's to credit: untouched.
    assert_eq!(bank(&world, &relay, VOUCHER), 5_000);
    assert_eq!(history(&world).len(), 1);
}

#[test]
fn the_consumer_refuses_bad_forwarding() {
    let mut world = world();
    let anyone = world.consumers[ALPHA].reporter.clone();
    // Nothing to forward.
    let err = forward(&mut world).unwrap_err();
    assert!(
        err.root_cause().to_string().contains("holds no ucons"),
        "{err}"
    );
    // A denom without a route.
    fund_consumer(&mut world, 10);
    let err = world.consumers[ALPHA]
        .execute(
            &anyone,
            &ConsumerExecute::ForwardRewards {
                denom: "uother".into(),
            },
        )
        .unwrap_err();
    assert!(err.root_cause().to_string().contains("no route"), "{err}");
    // Only the owner routes; an accepted notice is not sent again.
    let err = world.consumers[ALPHA]
        .execute(
            &anyone,
            &ConsumerExecute::SetRewardRoute {
                transfer_channel: "channel-1".into(),
                denoms: vec![],
            },
        )
        .unwrap_err();
    assert!(err.root_cause().to_string().contains("owner"), "{err}");
    let err = world.consumers[ALPHA]
        .execute(&anyone, &ConsumerExecute::ResendNotice { notice_id: 3 })
        .unwrap_err();
    assert!(
        err.root_cause().to_string().contains("does not exist"),
        "{err}"
    );
}

/// Forwards `amount` from alpha and delivers tokens then notice; returns the new record.
fn reward_round(world: &mut Interchain, amount: u128) -> RewardRecordResponse {
    fund_consumer(world, amount);
    forward(world).unwrap();
    world.deliver_transfers(ALPHA, VOUCHER);
    let delivered = world.relay_all().unwrap();
    let _: u64 = delivered[0].result();
    history(world).remove(0)
}

#[test]
fn commission_is_taken_at_the_rate_in_force_within_the_consumer_ceiling() {
    let mut world = world();
    let account = world.provider.validator_account(0);
    let commission_of_0 = |world: &Interchain| -> u128 {
        let owed: Vec<cosmwasm_std::Coin> = world
            .provider
            .app
            .wrap()
            .query_wasm_smart(
                &world.provider.lrt,
                &LrtQuery::Commission {
                    validator: world.provider.validator(0),
                },
            )
            .unwrap();
        owed.first().map_or(0, |c| c.amount.u128())
    };
    // Operator 0 raises its commission from 10% to 20%: rewards arriving before the delay still
    // pay 10%. Of 10,000: fee 1,000; operator 0's share 5,625 -> 562.
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::SetCommission {
                chain_id: "alpha-1".into(),
                commission_bps: 2_000,
            },
        )
        .unwrap();
    // A sync before the delay reads the rate in force: still 10%.
    world.sync_commission(ALPHA);
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.commission.u128(), 900);
    assert_eq!(record.earning_supply.u128(), 3 * STAKE);
    assert_eq!(commission_of_0(&world), 562);

    // In force after the delay, and taken from the next sync on: 20% of 5,625 = 1,125; the
    // notice keeps (5/8 × 20% + 3/8 × 10%) of 9,000 = 1,462.5, rounded up.
    world.advance(ALLOCATION_DELAY);
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.commission.u128(), 900, "not synced yet: 10%");
    world.sync_commission(ALPHA);
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.commission.u128(), 1_463);
    assert_eq!(record.to_holders.u128(), 9_000 - 1_463);
    // Operator 0 accrues at its checkpoint's change, over both 10% notices at once: 10% of
    // 11,250 = 1,125 (a unit more than two floors of 562), then 1,125 at 20%.
    assert_eq!(commission_of_0(&world), 1_125 + 1_125);

    // Governance lowers alpha's ceiling to 5% (lowering risk applies at once): both operators'
    // rates are held to it. 5% of 5,625 = 281, of 3,375 = 168.
    let current: ConsumerResponse = world
        .provider
        .registry_query(&palisade_api::registry::QueryMsg::Consumer {
            chain_id: "alpha-1".into(),
        })
        .unwrap();
    let mut params = current.params;
    params.commission_bounds.max_bps = 500;
    let res = world
        .provider
        .registry_owner_execute(&RegistryExecute::UpdateConsumerParams {
            chain_id: "alpha-1".into(),
            params,
        })
        .unwrap();
    assert!(res.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "action" && a.value.contains("update_consumer"))));
    world.sync_commission(ALPHA);
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.commission.u128(), 450);
    assert_eq!(commission_of_0(&world), 1_125 + 1_125 + 281);
    // Operator 1 earned 10% of 3 × 3,375 = 1,012 until its rate was held to 5%, then 168.
    let owed_1: Vec<cosmwasm_std::Coin> = world
        .provider
        .app
        .wrap()
        .query_wasm_smart(
            &world.provider.lrt,
            &LrtQuery::Commission {
                validator: world.provider.validator(1),
            },
        )
        .unwrap();
    assert_eq!(owed_1, coins(1_012 + 168, VOUCHER));
}

#[test]
fn commission_stays_claimable_after_the_operator_left_the_registry() {
    let mut world = world();
    reward_round(&mut world, 10_000);
    let account = world.provider.validator_account(0);
    let validator = world.provider.validator(0);
    // Operator 0 opts out, waits the consumer's unbonding period, and deregisters.
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    world.advance(palisade_testing::CONSUMER_UNBONDING);
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::PruneOptIn {
                validator: validator.clone(),
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    world
        .provider
        .registry_execute(&account, &RegistryExecute::DeregisterOperator {})
        .unwrap();
    // Its account still claims what it earned; nobody else can.
    let claim = LrtExecute::ClaimCommission {
        validator,
        receiver: None,
    };
    let lrt = world.provider.lrt.clone();
    let stranger = world.provider.addr("stranger");
    let err = world
        .provider
        .app
        .execute_contract(stranger, lrt.clone(), &claim, &[])
        .unwrap_err();
    assert!(matches!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::NotOperatorAccount { .. }
    ));
    world
        .provider
        .app
        .execute_contract(account.clone(), lrt, &claim, &[])
        .unwrap();
    assert_eq!(bank(&world, &account, VOUCHER), 562);
}

/// What `operator` can claim in the voucher.
fn commission_of(world: &Interchain, operator: usize) -> u128 {
    let owed: Vec<cosmwasm_std::Coin> = world
        .provider
        .app
        .wrap()
        .query_wasm_smart(
            &world.provider.lrt,
            &LrtQuery::Commission {
                validator: world.provider.validator(operator),
            },
        )
        .unwrap();
    owed.iter()
        .find(|c| c.denom == VOUCHER)
        .map_or(0, |c| c.amount.u128())
}

fn opt_out(world: &mut Interchain, operator: usize) {
    let account = world.provider.validator_account(operator);
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::OptOut {
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
}

/// What the LRT holds in the voucher covers every claim on it: the holders', the operators'.
fn assert_claims_covered(world: &Interchain) {
    let alice = world.provider.addr("alice");
    let lrt = world.provider.lrt.clone();
    let owed = claimable(world, &alice) + commission_of(world, 0) + commission_of(world, 1);
    assert!(bank(world, &lrt, VOUCHER) >= owed);
}

#[test]
fn an_operator_earns_on_the_power_sent_until_a_crank_removes_it() {
    let mut world = world();
    // Operator 0 leaves; after the consumer's unbonding period its restaked power is zero, but
    // the consumer still holds the power last sent, and so does its share of the rewards.
    opt_out(&mut world, 0);
    world.advance(palisade_testing::CONSUMER_UNBONDING);
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.total_power.u128(), 800_000);
    assert_eq!(record.commission.u128(), 900);
    assert_eq!(commission_of(&world, 0), 562);

    // The crank sends its removal and, in the same transaction, the LRT's checkpoint follows.
    let res = world.send_power_updates(ALPHA).unwrap();
    assert_eq!(
        event_attr(&res, "sync_commission", "total_power").unwrap(),
        "300000"
    );
    world.relay_all().unwrap();
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.total_power.u128(), 300_000);
    // All 9,000 of net to operator 1's 300,000: 10% = 900.
    assert_eq!(record.commission.u128(), 900);
    assert_eq!(record.to_holders.u128(), 8_100);
    assert_eq!(commission_of(&world, 0), 562);
    // Operator 1: 10% of (3,375 + 9,000) = 1,237 (its checkpoint never moved: one floor).
    assert_eq!(commission_of(&world, 1), 1_237);
    assert_claims_covered(&world);
}

#[test]
fn an_operator_pruned_between_two_cranks_leaves_the_pool_at_the_next() {
    let mut world = world();
    opt_out(&mut world, 0);
    world.advance(palisade_testing::CONSUMER_UNBONDING);
    let account = world.provider.validator_account(0);
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::PruneOptIn {
                validator: world.provider.validator(0),
                chain_id: "alpha-1".into(),
            },
        )
        .unwrap();
    // The registry no longer lists it; the crank finds the relay's entry, removes it, and the
    // LRT's sync finds its checkpoint in the same range.
    let res = world.send_power_updates(ALPHA).unwrap();
    assert_eq!(event_attr(&res, "sync_commission", "moved").unwrap(), "1");
    world.relay_all().unwrap();
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.total_power.u128(), 300_000);
    assert_eq!(commission_of(&world, 0), 0);
    assert_eq!(commission_of(&world, 1), 900);
    assert_claims_covered(&world);
}

#[test]
fn anyone_may_sync_but_only_the_powers_sent_count() {
    let mut world = world();
    // Operator 1 raises its allocation to 50%: its restaked power is 500,000 once in force, but
    // nothing was sent yet. An operator syncing first gains nothing: the powers are the relay's.
    let account = world.provider.validator_account(1);
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::SetAllocation {
                chain_id: "alpha-1".into(),
                allocation: Decimal::percent(50),
            },
        )
        .unwrap();
    world.advance(ALLOCATION_DELAY);
    let lrt = world.provider.lrt.clone();
    let sync = LrtExecute::SyncCommission {
        chain_id: "alpha-1".into(),
        start_after: None,
        limit: None,
    };
    let res = world
        .provider
        .app
        .execute_contract(account.clone(), lrt.clone(), &sync, &[])
        .unwrap();
    assert_eq!(event_attr(&res, "sync_commission", "moved").unwrap(), "0");
    assert_eq!(
        event_attr(&res, "sync_commission", "total_power").unwrap(),
        "800000"
    );
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.total_power.u128(), 800_000);

    // Funds on a sync, or a consumer the registry does not know: refused, nothing changed.
    world
        .provider
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: account.to_string(),
            amount: coins(5, VOUCHER),
        }))
        .unwrap();
    let err = world
        .provider
        .app
        .execute_contract(account.clone(), lrt.clone(), &sync, &coins(5, VOUCHER))
        .unwrap_err();
    assert!(matches!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::Payment(_)
    ));
    let unknown = LrtExecute::SyncCommission {
        chain_id: "nobody-1".into(),
        start_after: None,
        limit: None,
    };
    let err = world
        .provider
        .app
        .execute_contract(account, lrt, &unknown, &[])
        .unwrap_err();
    // The registry's own answer: no such consumer record.
    let reason = err.root_cause().to_string();
    assert!(
        reason.contains("registry::state::Consumer") && reason.contains("not found"),
        "{reason}"
    );

    // The crank sends 500,000 and the checkpoint follows: 5/10 each.
    world.sync_powers(ALPHA);
    let record = reward_round(&mut world, 10_000);
    assert_eq!(record.total_power.u128(), 1_000_000);
    assert_eq!(record.commission.u128(), 900);
    // Operator 0: 562 (5/8) + 450 (5/10); operator 1: 337 (3/8) + 450 accrued when it moved.
    assert_eq!(commission_of(&world, 0), 562 + 450);
    assert_eq!(commission_of(&world, 1), 337 + 450);
    assert_claims_covered(&world);
}

#[test]
fn many_uneven_notices_never_promise_more_than_arrived() {
    let mut world = world();
    let alice = world.provider.addr("alice");
    let lrt = world.provider.lrt.clone();
    let mut arrived = 0u128;
    let mut fees = 0u128;
    for (round, amount) in [7u128, 13, 999, 1, 10_001, 77_777, 3]
        .into_iter()
        .enumerate()
    {
        let record = reward_round(&mut world, amount);
        arrived += amount;
        fees += record.fee.u128();
        if round == 3 {
            // A rate change in the middle moves operator 0's checkpoint.
            let account = world.provider.validator_account(0);
            world
                .provider
                .registry_execute(
                    &account,
                    &RegistryExecute::SetCommission {
                        chain_id: "alpha-1".into(),
                        commission_bps: 1_777,
                    },
                )
                .unwrap();
            world.advance(ALLOCATION_DELAY);
            world.sync_commission(ALPHA);
        }
        assert_claims_covered(&world);
    }
    // Everyone claims; the LRT keeps only rounding dust, never less than zero.
    let claim = LrtExecute::ClaimRewards { receiver: None };
    world
        .provider
        .app
        .execute_contract(alice.clone(), lrt.clone(), &claim, &[])
        .unwrap();
    for operator in 0..2 {
        let account = world.provider.validator_account(operator);
        let claim = LrtExecute::ClaimCommission {
            validator: world.provider.validator(operator),
            receiver: None,
        };
        world
            .provider
            .app
            .execute_contract(account, lrt.clone(), &claim, &[])
            .unwrap();
    }
    let paid = bank(&world, &alice, VOUCHER)
        + bank(&world, &world.provider.validator_account(0), VOUCHER)
        + bank(&world, &world.provider.validator_account(1), VOUCHER);
    let dust = bank(&world, &lrt, VOUCHER);
    assert_eq!(paid + dust + fees, arrived);
    // At most a unit per notice kept for the operators and a unit per settlement lost to the
    // holders' index.
    assert!(dust <= 3 * 7, "dust {dust}");
}

#[test]
fn a_sync_needs_the_hubs_registry_and_the_registrys_relay() {
    let mut suite = SuiteBuilder::new().validators(&[1]).build();
    let lrt = suite.lrt.clone();
    let anyone = suite.addr("anyone");
    let sync = LrtExecute::SyncCommission {
        chain_id: "alpha-1".into(),
        start_after: None,
        limit: None,
    };
    let err = suite
        .app
        .execute_contract(anyone.clone(), lrt.clone(), &sync, &[])
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::NoRegistry
    );
    // A registry linked to the hub but no relay yet: nothing to read the powers sent from.
    let registry = suite.deploy_registry();
    suite
        .owner_execute(&palisade_api::hub::ExecuteMsg::SetRegistry {
            registry: Some(registry.to_string()),
        })
        .unwrap();
    let err = suite
        .app
        .execute_contract(anyone, lrt, &sync, &[])
        .unwrap_err();
    assert_eq!(
        err.downcast::<palisade_lrt::ContractError>().unwrap(),
        palisade_lrt::ContractError::NoRelay
    );
}
