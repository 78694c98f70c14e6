//! The gas of every user-facing hub and LRT action, on the optimized wasm in the VM, as the number
//! of stakers and of operators grows. Each action is one transaction; its gas is every contract
//! call it made (its own, its submessages', and queries between contracts), in SDK gas.

use std::path::Path;
use std::rc::Rc;

use anyhow::{Context, Result as AnyResult};
use cosmwasm_std::{Addr, Api, CanonicalAddr, Uint128};
use cw_multi_test::{AppResponse, Executor};
use palisade_testing::gas::{INSTANCE_COST, VM_GAS_PER_SDK_GAS};
use palisade_testing::{Suite, SuiteBuilder, EPOCH_PERIOD, WITHDRAWAL_DELAY};

use crate::vm::Vm;

/// One transaction's gas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxGas {
    /// Contract calls (each loads a contract: wasmd's instance cost).
    pub calls: u64,
    /// The VM's gas in SDK gas.
    pub vm: u64,
    /// Storage gas.
    pub kv: u64,
}

impl TxGas {
    /// Execution and storage.
    pub fn sdk(&self) -> u64 {
        self.vm + self.kv
    }

    /// As wasmd charges it, with the instance cost of every call (contracts not pinned).
    pub fn charged(&self) -> u64 {
        self.sdk() + self.calls * INSTANCE_COST
    }
}

/// Runs one transaction and returns its gas (client queries made meanwhile are left out).
pub fn tx(vm: &Vm, run: impl FnOnce() -> AnyResult<AppResponse>) -> AnyResult<TxGas> {
    let from = vm.log_len();
    run()?;
    let calls = crate::vm::transaction_calls(vm.records_since(from));
    Ok(TxGas {
        calls: calls.len() as u64,
        vm: calls.iter().map(|r| r.vm_gas).sum::<u64>() / VM_GAS_PER_SDK_GAS,
        kv: calls.iter().map(|r| r.kv.gas).sum(),
    })
}

/// The user-facing actions measured, in the order they run.
pub const ACTIONS: [&str; 8] = [
    "deposit",
    "LRT transfer",
    "unbond request (LRT send)",
    "harvest",
    "rebalance",
    "submit batch",
    "reconcile",
    "claim",
];

/// A 20-byte account address for staker `i`.
fn staker(suite: &Suite, i: usize) -> Addr {
    let mut bytes = [7u8; 20];
    bytes[..8].copy_from_slice(&(i as u64).to_be_bytes());
    suite
        .app
        .api()
        .addr_humanize(&CanonicalAddr::from(bytes.as_slice()))
        .expect("a valid address")
}

const STAKE: u128 = 1_000_000_000;

/// Each action's gas with `stakers` stakers already in and `operators` operators.
pub fn measure(
    vm: &Rc<Vm>,
    artifacts: &Path,
    stakers: usize,
    operators: usize,
) -> AnyResult<Vec<(&'static str, TxGas)>> {
    let codes = crate::wasm_codes(vm, artifacts)?;
    let mut suite = SuiteBuilder::new()
        .codes(codes)
        .validators(&vec![1; operators])
        .build();
    for i in 0..stakers {
        let who = staker(&suite, i);
        suite.mint_bond(&who, STAKE);
        suite.deposit(&who, STAKE).context("setup deposit")?;
    }
    let (first, newcomer) = (staker(&suite, 0), staker(&suite, stakers + 1));
    suite.mint_bond(&newcomer, STAKE);
    let lrt = suite.lrt.clone();
    let mut gas = Vec::new();

    gas.push(tx(vm, || suite.deposit(&newcomer, STAKE))?);
    gas.push(tx(vm, || {
        suite.app.execute_contract(
            first.clone(),
            lrt.clone(),
            &cw20::Cw20ExecuteMsg::Transfer {
                recipient: newcomer.to_string(),
                amount: Uint128::new(1),
            },
            &[],
        )
    })?);
    gas.push(tx(vm, || suite.unbond(&first, STAKE / 2))?);
    suite.advance(EPOCH_PERIOD);
    gas.push(tx(vm, || suite.harvest())?);
    gas.push(tx(vm, || suite.rebalance())?);
    gas.push(tx(vm, || suite.submit_batch())?);
    suite.advance(WITHDRAWAL_DELAY + EPOCH_PERIOD);
    gas.push(tx(vm, || suite.reconcile())?);
    gas.push(tx(vm, || suite.claim(&first))?);
    Ok(ACTIONS.into_iter().zip(gas).collect())
}

/// The IBC actions measured with `operators` operators opted in to one consumer.
pub const IBC_ACTIONS: [&str; 8] = [
    "power crank (one page, relay)",
    "power update delivered (consumer receive + relay ack)",
    "slash report (consumer)",
    "slash request delivered (relay receive and slash book + consumer ack)",
    "slash executed (slash book, relay, registry, hub)",
    "rewards forwarded (consumer)",
    "rewards notice delivered (split, fee, commission)",
    "verified evidence (slash book: relay's applied_at, two signatures, opening)",
];

/// Gas of the IBC actions with `operators` operators (hub operators, all opted in to one consumer
/// at 50%, 10% commission).
pub fn measure_ibc(
    vm: &Rc<Vm>,
    artifacts: &Path,
    operators: usize,
) -> AnyResult<Vec<(&'static str, TxGas)>> {
    use cosmwasm_std::{coins, Decimal};
    use cw_multi_test::{BankSudo, SudoMsg};
    use palisade_api::consumer::{ExecuteMsg as ConsumerMsg, RewardDenomRoute};
    use palisade_api::ibc::Infraction;
    use palisade_api::lrt::ExecuteMsg as LrtMsg;
    use palisade_api::registry::ExecuteMsg as RegistryMsg;
    use palisade_api::slash_book::ExecuteMsg as BookMsg;
    use palisade_testing::interchain::Interchain;
    use palisade_testing::ALLOCATION_DELAY;

    // An ICS-20 voucher's denom as a chain names it: "ibc/" and a 64-digit hash.
    const VOUCHER: &str = "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2";
    const LOCAL: &str = "ucons";
    let codes = crate::wasm_codes(vm, artifacts)?;
    let builder = SuiteBuilder::new()
        .codes(codes)
        .validators(&vec![1; operators])
        .staker("alice", STAKE * operators as u128);
    let mut world = Interchain::with_params(builder, &["alpha-1"], |_, params| {
        params.max_operators = 100;
        params.reward_denoms = vec![VOUCHER.to_string()];
    });
    let alice = world.provider.addr("alice");
    for _ in 0..operators {
        world.provider.deposit(&alice, STAKE).context("deposit")?;
    }
    for i in 0..operators {
        world.provider.register_operator(i)?;
        let account = world.provider.validator_account(i);
        world.provider.registry_execute(
            &account,
            &RegistryMsg::OptIn {
                chain_id: "alpha-1".into(),
                consumer_key: format!("key-{i}"),
                allocation: Decimal::percent(50),
                commission_bps: 1_000,
            },
        )?;
    }
    world.advance(ALLOCATION_DELAY);
    world.open_channel(0)?;
    let mut gas = Vec::new();

    gas.push(tx(vm, || world.send_power_updates(0))?);
    gas.push(tx(vm, || {
        world.relay_all().map(|_| AppResponse::default())
    })?);
    // The rest of the pages (at most 100 operators, 10 per update in the test world).
    for _ in 0..10 {
        if world.send_power_updates(0).is_err() || world.relay_all()?.is_empty() {
            break;
        }
    }

    world.advance(60);
    gas.push(tx(vm, || {
        world.consumers[0].report_now("key-0", Infraction::DoubleSign)
    })?);
    gas.push(tx(vm, || {
        world.relay_all().map(|_| AppResponse::default())
    })?);
    world.advance(palisade_testing::DAY);
    let anyone = world.provider.addr("anyone");
    gas.push(tx(vm, || {
        world.book_execute(&anyone, &BookMsg::ExecuteSlash { slash_id: 1 })
    })?);

    let owner = world.provider.addrs.owner.clone();
    let lrt = world.provider.lrt.clone();
    world.provider.app.execute_contract(
        owner,
        lrt,
        &LrtMsg::AddRewardDenom {
            denom: VOUCHER.into(),
        },
        &[],
    )?;
    let consumer_owner = world.consumers[0].owner.clone();
    world.consumers[0].execute(
        &consumer_owner,
        &ConsumerMsg::SetRewardRoute {
            transfer_channel: "channel-9".into(),
            denoms: vec![RewardDenomRoute {
                local: LOCAL.into(),
                provider: VOUCHER.into(),
            }],
        },
    )?;
    let contract = world.consumers[0].contract.clone();
    world.consumers[0].app.sudo(SudoMsg::Bank(BankSudo::Mint {
        to_address: contract.to_string(),
        amount: coins(1_000_000, LOCAL),
    }))?;
    let reporter = world.consumers[0].reporter.clone();
    gas.push(tx(vm, || {
        world.consumers[0].execute(
            &reporter,
            &ConsumerMsg::ForwardRewards {
                denom: LOCAL.into(),
            },
        )
    })?);
    world.deliver_transfers(0, VOUCHER);
    gas.push(tx(vm, || {
        world.relay_all().map(|_| AppResponse::default())
    })?);
    gas.push(measure_evidence(vm, artifacts, operators)?);
    Ok(IBC_ACTIONS.into_iter().zip(gas).collect())
}

/// One consumer, `alpha-1`, and `operators` hub operators of `STAKE` each opted in to it at 50%
/// (10% commission) under real ed25519 keys (`consumer_key`), every power sent and applied.
fn powered_world(
    codes: palisade_testing::Codes,
    operators: usize,
) -> AnyResult<palisade_testing::interchain::Interchain> {
    use cosmwasm_std::Decimal;
    use palisade_api::registry::ExecuteMsg as RegistryMsg;
    use palisade_testing::interchain::{consumer_key, Interchain};
    use palisade_testing::ALLOCATION_DELAY;

    let builder = SuiteBuilder::new()
        .codes(codes)
        .validators(&vec![1; operators])
        .staker("alice", STAKE * operators as u128);
    let mut world = Interchain::with_params(builder, &["alpha-1"], |_, params| {
        params.max_operators = 100;
    });
    let alice = world.provider.addr("alice");
    for _ in 0..operators {
        world.provider.deposit(&alice, STAKE).context("deposit")?;
    }
    for i in 0..operators {
        world.provider.register_operator(i)?;
        let account = world.provider.validator_account(i);
        world.provider.registry_execute(
            &account,
            &RegistryMsg::OptIn {
                chain_id: "alpha-1".into(),
                consumer_key: consumer_key(i, 0),
                allocation: Decimal::percent(50),
                commission_bps: 1_000,
            },
        )?;
    }
    world.advance(ALLOCATION_DELAY);
    world.open_channel(0)?;
    for _ in 0..11 {
        if world.send_power_updates(0).is_err() || world.relay_all()?.is_empty() {
            break;
        }
    }
    Ok(world)
}

/// Gas of `submit_evidence` with `operators` operators opted in to one consumer under real
/// ed25519 keys, every power applied: a double sign by operator 0, a stranger submitting it.
pub fn measure_evidence(vm: &Rc<Vm>, artifacts: &Path, operators: usize) -> AnyResult<TxGas> {
    use palisade_api::slash_book::ExecuteMsg as BookMsg;
    use palisade_testing::evidence::double_sign;
    use palisade_testing::interchain::consumer_signing_key;

    let codes = crate::wasm_codes(vm, artifacts)?;
    let mut world = powered_world(codes, operators)?;
    world.advance(60);
    let height = world.consumers[0].app.block_info().height;
    let (vote_a, vote_b) = double_sign(&consumer_signing_key(0, 0), "alpha-1", height);
    let submit = BookMsg::SubmitEvidence {
        chain_id: "alpha-1".into(),
        operator: world.provider.validator(0),
        vote_a,
        vote_b,
    };
    let stranger = world.provider.addr("stranger");
    tx(vm, || world.book_execute(&stranger, &submit))
}

/// The virtual-staking actions measured (`docs/VIRTUAL_STAKING.md`).
pub const VIRTUAL_STAKING_ACTIONS: [&str; 5] = [
    "bind_validator (one)",
    "sync, first delegations (one page, up to 30)",
    "sync, nothing changed (one page)",
    "sync, every target lowered (one page)",
    "claim_rewards (one page)",
];

/// Gas of the virtual-staking actions with `operators` operators, each bound to its own validator
/// on the consumer chain.
pub fn measure_virtual_staking(
    vm: &Rc<Vm>,
    artifacts: &Path,
    operators: usize,
) -> AnyResult<Vec<(&'static str, TxGas)>> {
    use cosmwasm_std::Decimal;
    use palisade_api::virtual_staking::{ExecuteMsg as VsMsg, Params};
    use palisade_testing::interchain::Interchain;
    use palisade_testing::virtual_staking::{params, VirtualStaking};

    let codes = crate::wasm_codes(vm, artifacts)?;
    let vs_code = codes.virtual_staking.clone();
    let mut world = powered_world(codes, operators)?;
    let native = vec![10 * STAKE; operators];
    let vs = VirtualStaking::deploy_code(&mut world.consumers[0], vs_code(), &native, params())?;
    let operator_addrs: Vec<String> = (0..operators)
        .map(|i| world.provider.validator(i))
        .collect();
    let mut gas = Vec::new();
    for (i, operator) in operator_addrs.iter().enumerate() {
        let bound = tx(vm, || vs.bind(&mut world.consumers[0], 0, i, operator, i))?;
        if i == 0 {
            gas.push(bound);
        }
    }
    vs.grant(&mut world.consumers[0], STAKE * operators as u128);
    let cranker = world.consumers[0].app.api().addr_make("cranker");
    let page = VsMsg::Sync { limit: Some(30) };
    let sync =
        |world: &mut Interchain| tx(vm, || vs.execute(&mut world.consumers[0], &cranker, &page));
    // The pages after the measured one, so that the next measure starts on a fresh round.
    let rest = |world: &mut Interchain| -> AnyResult<()> {
        for _ in 1..operators.div_ceil(30) {
            vs.execute(&mut world.consumers[0], &cranker, &page)?;
        }
        Ok(())
    };
    gas.push(sync(&mut world)?);
    rest(&mut world)?;
    gas.push(sync(&mut world)?);
    rest(&mut world)?;
    let owner = world.consumers[0].owner.clone();
    let lower = Params {
        rate: Decimal::percent(90),
        ..params()
    };
    vs.execute(
        &mut world.consumers[0],
        &owner,
        &VsMsg::SetParams { params: lower },
    )?;
    gas.push(sync(&mut world)?);
    world.advance(palisade_testing::DAY);
    let anyone = world.consumers[0].app.api().addr_make("anyone");
    gas.push(tx(vm, || {
        vs.execute(
            &mut world.consumers[0],
            &anyone,
            &VsMsg::ClaimRewards {
                start_after: None,
                limit: Some(30),
            },
        )
    })?);
    Ok(VIRTUAL_STAKING_ACTIONS.into_iter().zip(gas).collect())
}
