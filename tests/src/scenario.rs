//! The end-to-end story, printed step by step: three stakers deposit, rewards compound, a validator
//! is slashed, stakers unbond, the batch is submitted and claimed; then governance admits a consumer
//! chain in the registry and operators opt in with allocations; finally, on a provider linked to
//! two consumer chains over `palisade-1`, power updates flow, a consumer's double-sign report
//! becomes a pending slash, the slash executes after the veto period (validator tombstoned, the
//! rate falls), the other consumer pays rewards (ICS-20 tokens and a `rewards_notice`: protocol
//! fee, operator commission, the rest to LRT holders, who claim), the slashed tokens are burned
//! once they left x/staking with the next batch, and a staker unbonds and claims at the lowered
//! rate.
//!
//! It runs in cw-multi-test with its bank, staking and distribution modules, on the contracts' Rust
//! code (`scenario` binary) or on the optimized wasm in cosmwasm-vm (the devnet). Every figure told
//! is read back from the chain; the run fails if any step fails or a check does not hold. The story
//! is returned line by line, so two runs can be compared.

use std::cell::RefCell;

use anyhow::{ensure, Context, Result};
use cosmwasm_std::{Addr, Decimal};
use palisade_api::registry::{
    ConsumerOperatorResponse, ConsumerResponse, ExecuteMsg as RegistryMsg,
    QueryMsg as RegistryQuery,
};
use palisade_testing::{
    consumer_params, event_attr, Codes, Suite, SuiteBuilder, ALLOCATION_DELAY, DAY, EPOCH_PERIOD,
    RISK_TIMELOCK, WITHDRAWAL_DELAY,
};

const UNIT: u128 = 1_000_000;

/// Called after each line of the story is told, with the line; what it returns is printed under
/// the line (the devnet reports the gas of the transactions the line describes).
pub type Annotator = Box<dyn FnMut(&str) -> Option<String>>;

struct Teller {
    echo: bool,
    annotate: Option<Annotator>,
    lines: Vec<String>,
}

thread_local! {
    static STORY: RefCell<Teller> = const {
        RefCell::new(Teller { echo: false, annotate: None, lines: Vec::new() })
    };
}

/// Tells one part of the story.
fn tell(text: String) {
    STORY.with(|story| {
        let mut story = story.borrow_mut();
        let note = story.annotate.as_mut().and_then(|annotate| annotate(&text));
        if story.echo {
            println!("{text}");
            if let Some(note) = note {
                println!("{note}");
            }
        }
        story.lines.push(text);
    });
}

macro_rules! say {
    ($($arg:tt)*) => {
        tell(format!($($arg)*))
    };
}

fn tokens(amount: u128) -> String {
    format!("{}.{:06}", amount / UNIT, amount % UNIT)
}

fn step(title: &str) {
    say!("\n== {title}");
}

fn show_state(suite: &Suite) {
    let s = suite.state();
    say!(
        "   rate {:.6} STAKE/rSTAKE | bonded {} | unbonding {} | held for claims {} | rSTAKE supply {} | fees paid {} | slashed {}",
        s.exchange_rate,
        tokens(s.total_bonded.u128()),
        tokens(s.unbonding.u128()),
        tokens(s.reserved_for_claims.u128()),
        tokens(s.lrt_supply.u128()),
        tokens(s.fees_paid.u128()),
        tokens(s.slashed_total.u128()),
    );
}

fn show_stakers(suite: &Suite, stakers: &[(&str, Addr)]) {
    for (name, addr) in stakers {
        let p = suite.position(addr);
        let pending: u128 = p.requests.iter().map(|r| r.expected_payout.u128()).sum();
        say!(
            "   {name:<6} wallet {:>18} STAKE | {:>16} rSTAKE worth {:>16} | unbonding {:>16}",
            tokens(suite.balance(addr)),
            tokens(p.lrt_balance.u128()),
            tokens(p.lrt_value.u128()),
            tokens(pending),
        );
    }
}

/// Runs the whole story on `codes`; prints it as it goes if `echo`. Returns the story.
pub fn run(codes: Codes, echo: bool) -> Result<Vec<String>> {
    run_annotated(codes, echo, None)
}

/// [`run`], with `annotate` called after each line.
pub fn run_annotated(codes: Codes, echo: bool, annotate: Option<Annotator>) -> Result<Vec<String>> {
    STORY.with(|story| {
        *story.borrow_mut() = Teller {
            echo,
            annotate,
            lines: Vec::new(),
        }
    });
    let result = story(codes);
    let told = STORY.with(|story| std::mem::take(&mut story.borrow_mut().lines));
    STORY.with(|story| story.borrow_mut().annotate = None);
    result.map(|()| told)
}

fn story(codes: Codes) -> Result<()> {
    say!("Palisade hub + LRT: end-to-end scenario (cw-multi-test chain with x/staking)");
    let mut suite = SuiteBuilder::new()
        .codes(codes.clone())
        .validators(&[1, 1, 2])
        .apr(Decimal::percent(12))
        .build();
    let stakers = [
        ("alice", suite.addr("alice")),
        ("bob", suite.addr("bob")),
        ("carol", suite.addr("carol")),
    ];
    let (alice, bob, carol) = (
        stakers[0].1.clone(),
        stakers[1].1.clone(),
        stakers[2].1.clone(),
    );
    say!("   hub {}\n   lrt {}", suite.hub, suite.lrt);

    step("Alice deposits 600 STAKE, Bob 300 STAKE");
    suite
        .deposit(&alice, 600 * UNIT)
        .context("alice deposits")?;
    suite.deposit(&bob, 300 * UNIT).context("bob deposits")?;
    for op in suite.operators() {
        say!(
            "   operator {} weight {} delegated {}",
            op.validator,
            op.weight,
            tokens(op.bonded.u128())
        );
    }
    show_state(&suite);
    show_stakers(&suite, &stakers);

    step("30 days pass; anyone harvests: rewards are re-delegated, 10% protocol fee");
    suite.advance_days(30);
    let res = suite.harvest().context("harvest")?;
    let rewards = event_attr(&res, "harvest_rewards", "rewards").unwrap_or_default();
    let fee = event_attr(&res, "harvest_rewards", "fee").unwrap_or_default();
    say!(
        "   rewards withdrawn {} STAKE, fee {} STAKE",
        tokens(rewards.parse()?),
        tokens(fee.parse()?)
    );
    show_state(&suite);
    ensure!(
        suite.state().exchange_rate > Decimal::one(),
        "the rate rises with rewards"
    );

    step("Carol deposits 300 STAKE at the higher rate: fewer rSTAKE for the same value");
    suite
        .deposit(&carol, 300 * UNIT)
        .context("carol deposits")?;
    show_stakers(&suite, &stakers);
    ensure!(
        suite.lrt_balance(&carol) < suite.lrt_balance(&bob),
        "carol pays the higher rate"
    );

    step("Alice unbonds half her rSTAKE, Bob all of his (cw20 Send to the hub)");
    let half = suite.lrt_balance(&alice) / 2;
    let res = suite.unbond(&alice, half).context("alice unbonds")?;
    say!(
        "   alice's request is worth {} STAKE",
        tokens(
            event_attr(&res, "unbond_request", "value")
                .unwrap()
                .parse()?
        )
    );
    let all = suite.lrt_balance(&bob);
    let res = suite.unbond(&bob, all).context("bob unbonds")?;
    say!(
        "   bob's request is worth {} STAKE",
        tokens(
            event_attr(&res, "unbond_request", "value")
                .unwrap()
                .parse()?
        )
    );
    show_stakers(&suite, &stakers);

    step("A validator is slashed 5% by x/staking; anyone reconciles");
    suite.slash(2, 5);
    let res = suite.reconcile().context("reconcile")?;
    say!(
        "   loss booked {} STAKE",
        tokens(
            event_attr(&res, "reconcile", "delegation_loss")
                .unwrap()
                .parse()?
        )
    );
    show_state(&suite);
    show_stakers(&suite, &stakers);

    step("The epoch ends: anyone submits the batch (LRT burned, stake undelegated)");
    suite.advance(EPOCH_PERIOD);
    let res = suite.submit_batch().context("submit batch")?;
    say!(
        "   batch 1: {} rSTAKE burned, {} STAKE undelegated from {} operator(s)",
        tokens(
            event_attr(&res, "submit_batch", "lrt_burned")
                .unwrap()
                .parse()?
        ),
        tokens(
            event_attr(&res, "submit_batch", "amount")
                .unwrap()
                .parse()?
        ),
        event_attr(&res, "submit_batch", "operators").unwrap(),
    );
    show_state(&suite);

    step("Before the withdrawal delay, a claim is refused");
    suite.advance_days(3);
    let early = suite.claim(&bob);
    say!(
        "   bob claims: {}",
        early
            .as_ref()
            .err()
            .map(|e| e.root_cause().to_string())
            .unwrap_or_default()
    );
    ensure!(early.is_err(), "no early claims");

    step("After the withdrawal delay, Alice and Bob claim");
    suite.advance(WITHDRAWAL_DELAY - 3 * DAY);
    for (name, who) in [("alice", &alice), ("bob", &bob)] {
        let before = suite.balance(who);
        suite.claim(who).with_context(|| format!("{name} claims"))?;
        say!(
            "   {name} received {} STAKE",
            tokens(suite.balance(who) - before)
        );
    }
    show_state(&suite);
    show_stakers(&suite, &stakers);
    let batch = suite.batch(1);
    say!(
        "   batch 1 status {:?}, yield {} STAKE",
        batch.status,
        tokens(batch.yield_amount.unwrap_or_default().u128())
    );
    ensure!(
        suite.state().reserved_for_claims.is_zero(),
        "all claims paid"
    );
    ensure!(
        suite.state().total_bonded.u128() == suite.actual_delegations(),
        "books match x/staking"
    );

    registry_story(&mut suite)?;
    interchain_story(codes)?;

    say!("\nScenario complete.");
    Ok(())
}

/// Governance admits a consumer chain; operators register and opt in with allocations.
fn registry_story(suite: &mut Suite) -> Result<()> {
    step("Governance deploys the registry and proposes consumer chain alpha-1");
    let registry = suite.deploy_registry();
    say!("   registry {registry}");
    suite
        .registry_owner_execute(&RegistryMsg::ProposeConsumer {
            chain_id: "alpha-1".into(),
            params: consumer_params(0),
        })
        .context("propose consumer")?;
    let early = suite.registry_owner_execute(&RegistryMsg::ActivateConsumer {
        chain_id: "alpha-1".into(),
    });
    say!(
        "   activation at once: {}",
        early
            .as_ref()
            .err()
            .map(|e| e.root_cause().to_string())
            .unwrap_or_default()
    );
    ensure!(early.is_err(), "admission waits for the timelock");
    suite.advance(RISK_TIMELOCK);
    suite
        .registry_owner_execute(&RegistryMsg::ActivateConsumer {
            chain_id: "alpha-1".into(),
        })
        .context("activate consumer")?;
    let consumer: ConsumerResponse = suite.registry_query(&RegistryQuery::Consumer {
        chain_id: "alpha-1".into(),
    })?;
    say!(
        "   after the {}-day timelock: {:?}, double-sign slash {}, downtime slash {}, unbonding {} days",
        RISK_TIMELOCK / DAY,
        consumer.status,
        consumer.params.double_sign_fraction,
        consumer.params.downtime_fraction,
        consumer.params.unbonding_period / DAY
    );

    step("Two validators register through their operator accounts and opt in");
    for (index, allocation) in [(0usize, Decimal::percent(50)), (1, Decimal::percent(25))] {
        suite
            .register_operator(index)
            .context("register operator")?;
        let account = suite.validator_account(index);
        suite
            .registry_execute(
                &account,
                &RegistryMsg::OptIn {
                    chain_id: "alpha-1".into(),
                    consumer_key: format!("alpha-key-{index}"),
                    allocation,
                    commission_bps: 1_000,
                },
            )
            .context("opt in")?;
    }
    let show = |suite: &Suite| -> Result<()> {
        let operators: Vec<ConsumerOperatorResponse> =
            suite.registry_query(&RegistryQuery::ConsumerOperators {
                chain_id: "alpha-1".into(),
                start_after: None,
                limit: None,
            })?;
        for o in operators {
            let pending = o.opt_in.pending.map(|p| p.allocation.to_string());
            say!(
                "   {} key {} allocation in force {} pending {} | hub stake {} restaked power {}",
                o.opt_in.validator,
                o.opt_in.consumer_key,
                o.opt_in.allocation,
                pending.unwrap_or_else(|| "none".to_string()),
                tokens(o.hub_stake.u128()),
                tokens(o.restaked_power.u128())
            );
        }
        Ok(())
    };
    show(suite)?;
    suite.advance(ALLOCATION_DELAY);
    say!(
        "   after the {}-day allocation delay:",
        ALLOCATION_DELAY / DAY
    );
    show(suite)?;

    step(
        "An operator lowers its allocation: it stays slashable for the consumer's unbonding period",
    );
    let account = suite.validator_account(0);
    suite
        .registry_execute(
            &account,
            &RegistryMsg::SetAllocation {
                chain_id: "alpha-1".into(),
                allocation: Decimal::percent(20),
            },
        )
        .context("lower allocation")?;
    show(suite)?;
    let profile: palisade_api::registry::OperatorResponse =
        suite.registry_query(&RegistryQuery::Operator {
            validator: suite.validator(0),
        })?;
    let opt_in = &profile.opt_ins[0];
    ensure!(
        opt_in.allocation == Decimal::percent(50)
            && opt_in.pending.as_ref().map(|p| p.allocation) == Some(Decimal::percent(20)),
        "the decrease waits for the consumer's unbonding period"
    );
    Ok(())
}

/// A provider and two consumer chains: channels, power updates, a double-sign report.
fn interchain_story(codes: Codes) -> Result<()> {
    use palisade_api::consumer::{
        OperatorResponse as ConsumerOperator, PowerSummaryResponse, QueryMsg as ConsumerQuery,
    };
    use palisade_api::ibc::{Infraction, SlashRequestAck};
    use palisade_api::slash_book::{
        ExecuteMsg as BookExecute, QueryMsg as BookQuery, SlashResponse,
    };
    use palisade_testing::interchain::Interchain;

    step("A provider (hub, registry linked to it, relay) and consumer chains alpha-1 and beta-1");
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .codes(codes)
            .validators(&[1, 1, 1])
            .staker("alice", 10_000 * UNIT),
        &["alpha-1", "beta-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..3 {
        world.provider.deposit(&alice, 1_000 * UNIT)?;
    }
    say!(
        "   relay {} | alice deposited 3,000 STAKE, 1,000 on each validator",
        world.relay
    );
    let plan = [(0usize, 0usize, 50u64), (1, 0, 30), (1, 1, 40)];
    for operator in 0..2 {
        world.provider.register_operator(operator)?;
    }
    for (operator, consumer, percent) in plan {
        let account = world.provider.validator_account(operator);
        let chain_id = world.consumers[consumer].chain_id.clone();
        world.provider.registry_execute(
            &account,
            &RegistryMsg::OptIn {
                chain_id: chain_id.clone(),
                consumer_key: format!("{chain_id}-key-{operator}"),
                allocation: Decimal::percent(percent),
                commission_bps: 1_000,
            },
        )?;
        say!("   validator {operator} opts in to {chain_id} with {percent}% of its stake");
    }
    world.advance(ALLOCATION_DELAY);

    step("Each consumer opens its channel (the consumer initiates, version palisade-1)");
    for i in 0..2 {
        let pair = world.open_channel(i).context("handshake")?;
        say!(
            "   {}: consumer {} <-> provider {}",
            world.consumers[i].chain_id,
            pair.consumer,
            pair.provider
        );
    }

    step("Anyone runs the power crank; the relayer delivers the updates");
    for i in 0..2 {
        world.send_power_updates(i)?;
    }
    world.relay_all()?;
    for i in 0..2 {
        let summary: PowerSummaryResponse =
            world.consumers[i].query(&ConsumerQuery::PowerSummary {});
        let operators: Vec<ConsumerOperator> =
            world.consumers[i].query(&ConsumerQuery::Operators {
                start_after: None,
                limit: None,
            });
        say!(
            "   {}: update {} | total power {} STAKE",
            world.consumers[i].chain_id,
            summary.last_update_id,
            tokens(summary.total_power.u128())
        );
        for o in operators {
            say!(
                "     {} key {} power {}",
                o.operator,
                o.consumer_key,
                tokens(o.power.u128())
            );
        }
    }
    let alpha: PowerSummaryResponse = world.consumers[0].query(&ConsumerQuery::PowerSummary {});
    ensure!(
        alpha.total_power.u128() == 800 * UNIT,
        "alpha holds 50% + 30% of 1,000 STAKE"
    );

    step("alpha-1 reports a double sign by validator 0; the relay records a pending slash");
    world.advance(60);
    let key = format!("{}-key-0", world.consumers[0].chain_id);
    world.consumers[0].report_now(&key, Infraction::DoubleSign)?;
    let delivered = world.relay_all()?;
    let ack: SlashRequestAck = delivered
        .first()
        .context("the slash request was relayed")?
        .result();
    let slash: SlashResponse = world.book_query(&BookQuery::Slash {
        slash_id: ack.slash_id,
    });
    say!(
        "   slash {}: {:?} | {} x allocation {} x stake {} = {} STAKE | executable after {} (veto period)",
        slash.slash_id,
        slash.status,
        slash.fraction,
        slash.allocation,
        tokens(slash.stake_at_infraction.u128()),
        tokens(slash.amount.u128()),
        slash
            .executable_at
            .map(|t| format!("{}s", t.seconds()))
            .unwrap_or_default()
    );
    ensure!(
        slash.amount.u128() == 25 * UNIT,
        "5% x 50% x 1,000 STAKE = 25 STAKE"
    );
    let exposure: palisade_api::slash_book::ExposureResponse =
        world.book_query(&BookQuery::Exposure { operator: None });
    let total_value = world.provider.state().total_value;
    say!(
        "   stakers' exposure: {} STAKE of {} STAKE staked in pending and queued slashes",
        tokens(exposure.total.u128()),
        tokens(total_value.u128())
    );
    ensure!(
        exposure.total == slash.amount,
        "exposure counts the pending slash"
    );

    step("After the veto period anyone executes it: tombstone, the hub takes the stake, the rate falls");
    let rate_before = world.provider.state().exchange_rate;
    world.advance(DAY);
    let anyone = world.provider.addr("anyone");
    let res = world.book_execute(
        &anyone,
        &BookExecute::ExecuteSlash {
            slash_id: slash.slash_id,
        },
    )?;
    let state = world.provider.state();
    say!(
        "   registry: {} | hub took {} STAKE from the delegation | rate {:.6} -> {:.6} | owed to the burn: {} STAKE",
        event_attr(&res, "slash", "penalty").unwrap_or_default(),
        tokens(
            event_attr(&res, "consumer_slash", "from_stake")
                .unwrap_or_default()
                .parse::<u128>()?
        ),
        rate_before,
        state.exchange_rate,
        tokens(state.owed_to_slash_destinations.u128()),
    );
    ensure!(
        state.total_value.u128() == total_value.u128() - 25 * UNIT,
        "the pool lost exactly the slash"
    );
    world.send_power_updates(0)?;
    world.relay_all()?;
    let alpha: PowerSummaryResponse = world.consumers[0].query(&ConsumerQuery::PowerSummary {});
    say!(
        "   power update {}: alpha-1 total power {} STAKE (validator 0 removed)",
        alpha.last_update_id,
        tokens(alpha.total_power.u128())
    );
    ensure!(
        alpha.total_power.u128() == 300 * UNIT,
        "only validator 1's 30% of 1,000 STAKE remains on alpha"
    );

    rewards_arrive(&mut world)?;

    step("The next batch undelegates the slashed stake; once matured, pay_slashes burns it");
    world.provider.rebalance()?;
    world.advance(palisade_testing::EPOCH_PERIOD);
    world.provider.submit_batch()?;
    world.advance(palisade_testing::UNBONDING_PERIOD + 2 * 3_600);
    let supply = |w: &Interchain| -> Result<u128> {
        Ok(w.provider
            .app
            .wrap()
            .query_supply(palisade_testing::DENOM)?
            .amount
            .u128())
    };
    let before = supply(&world)?;
    let res = world.provider.pay_slashes()?;
    let burned = before - supply(&world)?;
    say!(
        "   pay_slashes paid {} STAKE to the burn; chain supply fell by {} STAKE; still owed {} STAKE",
        tokens(
            event_attr(&res, "pay_slashes", "slash_paid")
                .unwrap_or_default()
                .parse::<u128>()?
        ),
        tokens(burned),
        tokens(world.provider.state().owed_to_slash_destinations.u128())
    );
    ensure!(burned == 25 * UNIT, "the 25 STAKE were burned");

    step("Alice unbonds 1,000 rSTAKE at the rate the slash lowered, and claims after the delay");
    let alice = world.provider.addr("alice");
    let wallet_before = world.provider.balance(&alice);
    let rate = world.provider.state().exchange_rate;
    world.provider.unbond(&alice, 1_000 * UNIT)?;
    let promised: u128 = world
        .provider
        .position(&alice)
        .requests
        .iter()
        .map(|r| r.expected_payout.u128())
        .sum();
    world.advance(palisade_testing::EPOCH_PERIOD);
    world.provider.submit_batch()?;
    world.advance(palisade_testing::WITHDRAWAL_DELAY + 2 * 3_600);
    world.provider.reconcile()?;
    world.provider.claim(&alice)?;
    let paid = world.provider.balance(&alice) - wallet_before;
    say!(
        "   rate {rate:.6}: 1,000 rSTAKE promised {} STAKE, paid {} STAKE | alice now holds {} rSTAKE",
        tokens(promised),
        tokens(paid),
        tokens(world.provider.lrt_balance(&alice)),
    );
    ensure!(
        paid == promised && paid < 1_000 * UNIT,
        "the claim pays what was promised, below 1,000 STAKE after the slash"
    );
    Ok(())
}

/// beta-1 pays 100 of its token for the security it receives: the consumer contract sends them by
/// ICS-20 with a `rewards_notice`; the provider takes the protocol fee and validator 1's
/// commission (its only operator) and LRT holders get the rest. The exchange rate does not move.
fn rewards_arrive(world: &mut palisade_testing::interchain::Interchain) -> Result<()> {
    use cosmwasm_std::coins;
    use cw_multi_test::{BankSudo, Executor, SudoMsg};
    use palisade_api::consumer::{ExecuteMsg as ConsumerMsg, RewardDenomRoute};
    use palisade_api::lrt::{
        ClaimableResponse, ExecuteMsg as LrtMsg, QueryMsg as LrtQuery, RewardRecordResponse,
    };
    const BETA: usize = 1;
    const LOCAL: &str = "ucons";
    const VOUCHER: &str = "ibc/CONSUMER2";

    step("beta-1 pays 100 of its token in rewards: ICS-20 to the relay, then a rewards_notice");
    let owner = world.provider.addrs.owner.clone();
    let lrt = world.provider.lrt.clone();
    world.provider.app.execute_contract(
        owner,
        lrt.clone(),
        &LrtMsg::AddRewardDenom {
            denom: VOUCHER.into(),
        },
        &[],
    )?;
    let beta_owner = world.consumers[BETA].owner.clone();
    world.consumers[BETA].execute(
        &beta_owner,
        &ConsumerMsg::SetRewardRoute {
            transfer_channel: "channel-9".into(),
            denoms: vec![RewardDenomRoute {
                local: LOCAL.into(),
                provider: VOUCHER.into(),
            }],
        },
    )?;
    let contract = world.consumers[BETA].contract.clone();
    world.consumers[BETA]
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: contract.to_string(),
            amount: coins(100 * UNIT, LOCAL),
        }))?;
    let rate_before = world.provider.state().exchange_rate;
    let anyone = world.consumers[BETA].reporter.clone();
    world.consumers[BETA].execute(
        &anyone,
        &ConsumerMsg::ForwardRewards {
            denom: LOCAL.into(),
        },
    )?;
    let arrived = world.deliver_transfers(BETA, VOUCHER);
    ensure!(arrived.len() == 1, "one ICS-20 transfer");
    let delivered = world.relay_all()?;
    let _credited: u64 = delivered
        .first()
        .context("the notice was relayed")?
        .result();
    let history: Vec<RewardRecordResponse> = world.provider.app.wrap().query_wasm_smart(
        &lrt,
        &LrtQuery::RewardHistory {
            chain_id: "beta-1".into(),
            start_before: None,
            limit: None,
        },
    )?;
    let record = history.first().context("the rewards were recorded")?;
    say!(
        "   notice {}: {} {} arrived | protocol fee {} | operators' commission {} | to LRT holders {} (over {} rSTAKE)",
        record.notice_id,
        tokens(record.amount.u128()),
        VOUCHER,
        tokens(record.fee.u128()),
        tokens(record.commission.u128()),
        tokens(record.to_holders.u128()),
        tokens(record.earning_supply.u128()),
    );
    ensure!(
        (
            record.fee.u128(),
            record.commission.u128(),
            record.to_holders.u128()
        ) == (10 * UNIT, 9 * UNIT, 81 * UNIT),
        "10% fee, 10% commission of the rest, 81 to the holders"
    );
    ensure!(
        world.provider.state().exchange_rate == rate_before,
        "consumer rewards do not move the exchange rate"
    );

    step("Alice claims her rewards; validator 1's account claims its commission");
    let alice = world.provider.addr("alice");
    let claimable: Vec<ClaimableResponse> = world.provider.app.wrap().query_wasm_smart(
        &lrt,
        &LrtQuery::Rewards {
            address: alice.to_string(),
        },
    )?;
    world.provider.app.execute_contract(
        alice.clone(),
        lrt.clone(),
        &LrtMsg::ClaimRewards { receiver: None },
        &[],
    )?;
    let paid = world
        .provider
        .app
        .wrap()
        .query_balance(&alice, VOUCHER)?
        .amount
        .u128();
    let account = world.provider.validator_account(1);
    world.provider.app.execute_contract(
        account.clone(),
        lrt,
        &LrtMsg::ClaimCommission {
            validator: world.provider.validator(1),
            receiver: None,
        },
        &[],
    )?;
    let commission = world
        .provider
        .app
        .wrap()
        .query_balance(&account, VOUCHER)?
        .amount
        .u128();
    say!(
        "   alice (every rSTAKE) could claim {} and received {} {VOUCHER} | validator 1 received {} | rate unchanged at {:.6}",
        tokens(claimable.first().map_or(0, |c| c.amount.u128())),
        tokens(paid),
        tokens(commission),
        rate_before,
    );
    ensure!(
        paid <= 81 * UNIT && paid + 1 >= 81 * UNIT,
        "alice gets the holders' part, less at most one unit of rounding"
    );
    ensure!(
        commission == 9 * UNIT,
        "the commission is paid to the operator"
    );
    Ok(())
}
