//! An LRT transfer against a plain cw20-base transfer, both as optimized wasm in the VM, in the same
//! chain: the LRT is the suite's (minted by the real hub on deposits), cw20-base is built from
//! `reference/cw20-base` with the contracts' pipeline (`scripts/build-reference`). Holders have
//! 20-byte account addresses, as wallets do.

use std::path::Path;
use std::rc::Rc;

use anyhow::{ensure, Context, Result as AnyResult};
use cosmwasm_std::{coins, Addr, Api, CanonicalAddr, Uint128};
use cw_multi_test::{BankSudo, Executor, SudoMsg};
use palisade_api::lrt::ExecuteMsg as LrtMsg;
use palisade_testing::gas::{INSTANCE_COST, PINNED_INSTANCE_COST};
use palisade_testing::{Suite, SuiteBuilder};

use crate::vm::{GasRecord, Vm};

/// The situations a transfer can meet (as in the KV benchmark, `tests/src/transfer_cost.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Nothing was distributed since both parties last moved.
    Settled,
    /// A distribution since both last moved (at the same one).
    AfterDistribution,
    /// Distributions since either moved, and they moved at different ones.
    Behind,
    /// The recipient never held the token.
    NewRecipient,
}

pub const CASES: [Case; 4] = [
    Case::Settled,
    Case::AfterDistribution,
    Case::Behind,
    Case::NewRecipient,
];

/// SDK gas of one transfer, as wasmd charges it, without the per-call instance cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransferGas {
    /// The VM's gas in SDK gas (CosmWasm gas / 140,000, rounded down).
    pub vm: u64,
    /// The KV store's gas.
    pub kv: u64,
}

impl TransferGas {
    fn of(records: &[GasRecord]) -> Self {
        let vm: u64 = records.iter().map(|r| r.vm_gas).sum();
        TransferGas {
            vm: vm / palisade_testing::gas::VM_GAS_PER_SDK_GAS,
            kv: records.iter().map(|r| r.kv.gas).sum(),
        }
    }

    pub fn total(&self) -> u64 {
        self.vm + self.kv
    }
}

/// One row of the comparison.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub denoms: usize,
    pub case: Case,
    pub lrt: TransferGas,
    pub cw20_base: TransferGas,
}

impl Row {
    /// LRT ÷ cw20-base with `instance_cost` added to both.
    pub fn ratio(&self, instance_cost: u64) -> f64 {
        (self.lrt.total() + instance_cost) as f64 / (self.cw20_base.total() + instance_cost) as f64
    }

    /// As wasmd charges a call.
    pub fn call_ratio(&self) -> f64 {
        self.ratio(INSTANCE_COST)
    }

    /// Both contracts pinned in wasmd's cache.
    pub fn pinned_ratio(&self) -> f64 {
        self.ratio(PINNED_INSTANCE_COST)
    }
}

/// A 20-byte account address.
fn account(suite: &Suite, name: &str) -> Addr {
    let mut bytes = [0u8; 20];
    for (b, c) in bytes.iter_mut().zip(name.bytes()) {
        *b = c;
    }
    suite
        .app
        .api()
        .addr_humanize(&CanonicalAddr::from(bytes.as_slice()))
        .expect("a valid address")
}

const STAKE: u128 = 1_000_000_000;
const REWARD: u128 = 1_000_000;

fn reward_denom(i: usize) -> String {
    format!("ibc/REWARD{i}")
}

/// Runs `transfer` and returns the gas of every VM call it made.
fn measured(
    vm: &Vm,
    run: impl FnOnce() -> AnyResult<cw_multi_test::AppResponse>,
) -> AnyResult<TransferGas> {
    let from = vm.log_len();
    run()?;
    Ok(TransferGas::of(&vm.records_since(from)))
}

/// Sends `REWARD` of reward denom `i` to the LRT's holders, from `funder`.
fn distribute(suite: &mut Suite, funder: &Addr, i: usize) -> AnyResult<()> {
    suite.app.sudo(SudoMsg::Bank(BankSudo::Mint {
        to_address: funder.to_string(),
        amount: coins(REWARD, reward_denom(i)),
    }))?;
    let lrt = suite.lrt.clone();
    suite.app.execute_contract(
        funder.clone(),
        lrt,
        &LrtMsg::DistributeRewards {},
        &coins(REWARD, reward_denom(i)),
    )?;
    Ok(())
}

/// The suite on the artifacts with alice and bob holding LRT from deposits, and `denoms` reward
/// denoms that have each paid out once (the last address returned is the funder).
fn holders_with_rewards(
    vm: &Rc<Vm>,
    artifacts: &Path,
    denoms: usize,
) -> AnyResult<(Suite, Addr, Addr, Addr)> {
    let codes = crate::wasm_codes(vm, artifacts)?;
    let mut suite = SuiteBuilder::new().codes(codes).build();
    let (alice, bob) = (account(&suite, "alice"), account(&suite, "bob"));
    for holder in [&alice, &bob] {
        suite.mint_bond(holder, STAKE);
        suite.deposit(holder, STAKE).context("deposit")?;
    }
    let (owner, lrt) = (suite.addrs.owner.clone(), suite.lrt.clone());
    let funder = account(&suite, "funder");
    for i in 0..denoms {
        let add = LrtMsg::AddRewardDenom {
            denom: reward_denom(i),
        };
        suite
            .app
            .execute_contract(owner.clone(), lrt.clone(), &add, &[])?;
        distribute(&mut suite, &funder, i)?;
    }
    Ok((suite, alice, bob, funder))
}

/// An LRT transfer of 1 unit from alice in `case`, with `denoms` reward denoms that have each paid
/// out before.
pub fn lrt_transfer(
    vm: &Rc<Vm>,
    artifacts: &Path,
    denoms: usize,
    case: Case,
) -> AnyResult<TransferGas> {
    let (mut suite, alice, bob, funder) = holders_with_rewards(vm, artifacts, denoms)?;
    let (carol, dave) = (account(&suite, "carol"), account(&suite, "dave"));
    let lrt = suite.lrt.clone();
    let transfer = |to: &Addr| LrtMsg::Transfer {
        recipient: to.to_string(),
        amount: Uint128::one(),
    };
    // Both parties settle what was distributed so far.
    suite
        .app
        .execute_contract(alice.clone(), lrt.clone(), &transfer(&bob), &[])?;
    if denoms > 0 && matches!(case, Case::AfterDistribution | Case::Behind) {
        distribute(&mut suite, &funder, 0)?;
    }
    if denoms > 0 && case == Case::Behind {
        suite
            .app
            .execute_contract(bob.clone(), lrt.clone(), &transfer(&dave), &[])?;
        distribute(&mut suite, &funder, 0)?;
    }
    let to = if case == Case::NewRecipient {
        &carol
    } else {
        &bob
    };
    let before = suite.lrt_balance(to);
    let gas = measured(vm, || {
        suite
            .app
            .execute_contract(alice.clone(), lrt.clone(), &transfer(to), &[])
    })?;
    ensure!(suite.lrt_balance(to) == before + 1, "the LRT moved");
    Ok(gas)
}

/// A plain cw20-base transfer of 1 unit from alice in `case` (which has no distributions).
pub fn cw20_base_transfer(vm: &Rc<Vm>, wasm: &[u8], case: Case) -> AnyResult<TransferGas> {
    let mut suite = SuiteBuilder::new().build();
    let (alice, bob, carol) = (
        account(&suite, "alice"),
        account(&suite, "bob"),
        account(&suite, "carol"),
    );
    let code = suite
        .app
        .store_code(Box::new(vm.contract("cw20-base", wasm)?));
    let initial = [&alice, &bob]
        .iter()
        .map(|a| cw20::Cw20Coin {
            address: a.to_string(),
            amount: Uint128::new(STAKE),
        })
        .collect();
    let token = suite.app.instantiate_contract(
        code,
        alice.clone(),
        &cw20_base_instantiate(initial),
        &[],
        "cw20-base",
        None,
    )?;
    let to = if case == Case::NewRecipient {
        &carol
    } else {
        &bob
    };
    measured(vm, || {
        suite.app.execute_contract(
            alice.clone(),
            token.clone(),
            &cw20::Cw20ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount: Uint128::one(),
            },
            &[],
        )
    })
}

fn cw20_base_instantiate(initial: Vec<cw20::Cw20Coin>) -> palisade_api::lrt::InstantiateMsg {
    palisade_api::lrt::InstantiateMsg {
        name: "Reference".into(),
        symbol: "REF".into(),
        decimals: 6,
        initial_balances: initial,
        mint: None,
        marketing: None,
    }
}

/// Every case with 0, 1 and `MAX_REWARD_DENOMS` reward denoms.
pub fn table(vm: &Rc<Vm>, artifacts: &Path, cw20_base: &[u8]) -> AnyResult<Vec<Row>> {
    let mut rows = Vec::new();
    for denoms in [0, 1, palisade_api::lrt::MAX_REWARD_DENOMS] {
        for case in CASES {
            rows.push(Row {
                denoms,
                case,
                lrt: lrt_transfer(vm, artifacts, denoms, case)?,
                cw20_base: cw20_base_transfer(vm, cw20_base, case)?,
            });
        }
    }
    Ok(rows)
}

/// Where `scripts/build-reference` puts the reference.
pub fn reference_wasm() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/reference/cw20_base.wasm")
}

/// Prints the comparison as a table.
pub fn print(rows: &[Row]) {
    println!(
        "LRT transfer vs cw20-base transfer, optimized wasm in cosmwasm-vm, SDK gas (VM + KV)"
    );
    println!(
        "{:>6}  {:<18} {:>20} {:>20} {:>8} {:>8} {:>9}",
        "denoms", "case", "LRT", "cw20-base", "×", "call ×", "pinned ×"
    );
    for row in rows {
        println!(
            "{:>6}  {:<18} {:>7} ({:>4}+{:>6}) {:>7} ({:>4}+{:>6}) {:>8.3} {:>8.3} {:>9.3}",
            row.denoms,
            format!("{:?}", row.case),
            row.lrt.total(),
            row.lrt.vm,
            row.lrt.kv,
            row.cw20_base.total(),
            row.cw20_base.vm,
            row.cw20_base.kv,
            row.ratio(0),
            row.call_ratio(),
            row.pinned_ratio(),
        );
    }
    println!("call ×: with the {INSTANCE_COST} SDK gas wasmd charges per call added to both;");
    println!("pinned ×: with the {PINNED_INSTANCE_COST} it charges instead for a pinned contract");
}

/// cw20's other balance-changing messages, each by the party that sends it on Palisade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// A holder sends 1 unit to a contract that already holds the token (the hook's own call is
    /// not counted: it is the receiver's).
    Send,
    /// A spender moves 1 unit of an owner's to itself, both holders, under an allowance.
    TransferFrom,
    /// The minter (the hub) mints 1 unit to a holder.
    Mint,
    /// The hub burns 1 unit of its own (LRT handed in for unbonding); for cw20-base, a holder at
    /// an address of the hub's length.
    Burn,
}

pub const MESSAGES: [Message; 4] = [
    Message::Send,
    Message::TransferFrom,
    Message::Mint,
    Message::Burn,
];

/// One row of the other messages' comparison (holders settled).
#[derive(Clone, Copy, Debug)]
pub struct MessageRow {
    pub message: Message,
    pub denoms: usize,
    pub lrt: TransferGas,
    pub cw20_base: TransferGas,
}

impl MessageRow {
    pub fn ratio(&self) -> f64 {
        self.lrt.total() as f64 / self.cw20_base.total() as f64
    }
}

/// A contract that accepts any cw20 `receive` and does nothing: the receiver of `send`.
fn sink() -> Box<dyn cw_multi_test::Contract<cosmwasm_std::Empty>> {
    use cosmwasm_std::{Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError};
    fn execute(
        _: DepsMut,
        _: Env,
        _: MessageInfo,
        _: serde_json::Value,
    ) -> Result<Response, StdError> {
        Ok(Response::new())
    }
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> Result<Response, StdError> {
        Ok(Response::new())
    }
    fn query(_: Deps, _: Env, _: Empty) -> Result<Binary, StdError> {
        Ok(Binary::default())
    }
    Box::new(cw_multi_test::ContractWrapper::new(
        execute,
        instantiate,
        query,
    ))
}

/// The gas of the first call `run` makes (the token's own), as wasmd charges it.
fn measured_first(
    vm: &Vm,
    run: impl FnOnce() -> AnyResult<cw_multi_test::AppResponse>,
) -> AnyResult<TransferGas> {
    let from = vm.log_len();
    run()?;
    let records = vm.records_since(from);
    ensure!(!records.is_empty(), "no VM call");
    Ok(TransferGas::of(&records[..1]))
}

/// The LRT's `message` with `denoms` reward denoms, every party settled.
pub fn lrt_message(
    vm: &Rc<Vm>,
    artifacts: &Path,
    denoms: usize,
    message: Message,
) -> AnyResult<TransferGas> {
    let (mut suite, alice, bob, _) = holders_with_rewards(vm, artifacts, denoms)?;
    let (owner, lrt, hub) = (
        suite.addrs.owner.clone(),
        suite.lrt.clone(),
        suite.hub.clone(),
    );
    let sink_code = suite.app.store_code(sink());
    let sink = suite.app.instantiate_contract(
        sink_code,
        owner.clone(),
        &cosmwasm_std::Empty {},
        &[],
        "sink",
        None,
    )?;
    let one = Uint128::one();
    let mut run = |sender: &Addr, msg: &LrtMsg| {
        suite
            .app
            .execute_contract(sender.clone(), lrt.clone(), msg, &[])
    };
    // Every party settles and holds the token: alice and bob move, the sink and the hub receive.
    let send = LrtMsg::Send {
        contract: sink.to_string(),
        amount: one,
        msg: Default::default(),
    };
    let hand_in = LrtMsg::Transfer {
        recipient: hub.to_string(),
        amount: Uint128::new(10),
    };
    let to_alice = LrtMsg::Transfer {
        recipient: alice.to_string(),
        amount: one,
    };
    run(&alice, &send)?;
    run(&alice, &hand_in)?;
    run(&bob, &to_alice)?;
    let allow = LrtMsg::IncreaseAllowance {
        spender: bob.to_string(),
        amount: Uint128::new(10),
        expires: None,
    };
    run(&alice, &allow)?;
    let (sender, msg) = match message {
        Message::Send => (alice.clone(), send),
        Message::TransferFrom => (
            bob.clone(),
            LrtMsg::TransferFrom {
                owner: alice.to_string(),
                recipient: bob.to_string(),
                amount: one,
            },
        ),
        Message::Mint => (
            hub.clone(),
            LrtMsg::Mint {
                recipient: bob.to_string(),
                amount: one,
            },
        ),
        Message::Burn => (hub.clone(), LrtMsg::Burn { amount: one }),
    };
    measured_first(vm, || run(&sender, &msg))
}

/// cw20-base's `message` in the same situation: the same parties (the hub's address as minter
/// and as the burning holder), all holding the token.
pub fn cw20_base_message(vm: &Rc<Vm>, wasm: &[u8], message: Message) -> AnyResult<TransferGas> {
    let mut suite = SuiteBuilder::new().build();
    let (alice, bob, hub) = (
        account(&suite, "alice"),
        account(&suite, "bob"),
        suite.hub.clone(),
    );
    let code = suite
        .app
        .store_code(Box::new(vm.contract("cw20-base", wasm)?));
    let sink_code = suite.app.store_code(sink());
    let sink = suite.app.instantiate_contract(
        sink_code,
        alice.clone(),
        &cosmwasm_std::Empty {},
        &[],
        "sink",
        None,
    )?;
    let initial = [&alice, &bob, &hub, &sink]
        .iter()
        .map(|a| cw20::Cw20Coin {
            address: a.to_string(),
            amount: Uint128::new(STAKE),
        })
        .collect();
    let mut msg = cw20_base_instantiate(initial);
    msg.mint = Some(cw20::MinterResponse {
        minter: hub.to_string(),
        cap: None,
    });
    let token =
        suite
            .app
            .instantiate_contract(code, alice.clone(), &msg, &[], "cw20-base", None)?;
    let one = Uint128::one();
    let allow = cw20::Cw20ExecuteMsg::IncreaseAllowance {
        spender: bob.to_string(),
        amount: Uint128::new(10),
        expires: None,
    };
    suite
        .app
        .execute_contract(alice.clone(), token.clone(), &allow, &[])?;
    let (sender, msg) = match message {
        Message::Send => (
            alice.clone(),
            cw20::Cw20ExecuteMsg::Send {
                contract: sink.to_string(),
                amount: one,
                msg: Default::default(),
            },
        ),
        Message::TransferFrom => (
            bob.clone(),
            cw20::Cw20ExecuteMsg::TransferFrom {
                owner: alice.to_string(),
                recipient: bob.to_string(),
                amount: one,
            },
        ),
        Message::Mint => (
            hub.clone(),
            cw20::Cw20ExecuteMsg::Mint {
                recipient: bob.to_string(),
                amount: one,
            },
        ),
        Message::Burn => (hub.clone(), cw20::Cw20ExecuteMsg::Burn { amount: one }),
    };
    measured_first(vm, || {
        suite
            .app
            .execute_contract(sender.clone(), token.clone(), &msg, &[])
    })
}

/// Every other message with 0 and 1 reward denoms.
pub fn message_table(
    vm: &Rc<Vm>,
    artifacts: &Path,
    cw20_base: &[u8],
) -> AnyResult<Vec<MessageRow>> {
    let mut rows = Vec::new();
    for message in MESSAGES {
        let reference = cw20_base_message(vm, cw20_base, message)?;
        for denoms in [0, 1] {
            rows.push(MessageRow {
                message,
                denoms,
                lrt: lrt_message(vm, artifacts, denoms, message)?,
                cw20_base: reference,
            });
        }
    }
    Ok(rows)
}

/// Prints the other messages' comparison.
pub fn print_messages(rows: &[MessageRow]) {
    println!("LRT vs cw20-base, cw20's other balance-changing messages, holders settled, SDK gas (VM + KV)");
    println!(
        "{:<14} {:>6} {:>20} {:>20} {:>8}",
        "message", "denoms", "LRT", "cw20-base", "×"
    );
    for row in rows {
        println!(
            "{:<14} {:>6} {:>7} ({:>4}+{:>6}) {:>7} ({:>4}+{:>6}) {:>8.3}",
            format!("{:?}", row.message),
            row.denoms,
            row.lrt.total(),
            row.lrt.vm,
            row.lrt.kv,
            row.cw20_base.total(),
            row.cw20_base.vm,
            row.cw20_base.kv,
            row.ratio(),
        );
    }
}
