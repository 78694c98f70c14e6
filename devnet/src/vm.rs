//! Contracts whose code is the optimized wasm, executed by cosmwasm-vm (the VM inside wasmd) from
//! inside cw-multi-test: multi-test keeps the chain (bank, staking, distribution, blocks, message
//! routing, submessages and replies, the test IBC module), and every entry point of a
//! [`WasmContract`] runs the artifact in the VM against the contract's multi-test storage.
//!
//! Gas follows wasmd: the VM meters wasm execution in CosmWasm gas (1 SDK gas = 140,000), storage
//! is charged in SDK gas by the Cosmos SDK's KV-store costs ([`crate::gas`]), and address
//! functions cost what wasmd's Go API charges. Every call is logged as a [`GasRecord`].

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::{anyhow, bail, Context, Result as AnyResult};
use cosmwasm_std::{
    from_json, to_json_binary, Binary, Checksum, ContractResult, Deps, DepsMut, Empty, Env,
    MessageInfo, Order, Record, Reply, Response, SystemResult,
};
use cosmwasm_vm::{
    call_execute, call_ibc_channel_close, call_ibc_channel_connect, call_ibc_channel_open,
    call_ibc_packet_ack, call_ibc_packet_receive, call_ibc_packet_timeout, call_instantiate,
    call_migrate, call_query, call_reply, call_sudo, capabilities_from_csv, Backend, BackendApi,
    BackendError, BackendResult, Cache, CacheOptions, GasInfo, Instance, InstanceOptions, Querier,
    Size, Storage, VmResult,
};
use cw_multi_test::Contract;
use palisade_testing::ibc::IbcSudo;

use palisade_testing::gas::{KvGas, KvMeter, VM_GAS_PER_SDK_GAS};

/// What the chain offers contracts (wasmd with every CosmWasm 2.2 capability).
const CAPABILITIES: &str = "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,\
                            cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1,cosmwasm_2_2";
/// A transaction's VM gas limit: far above any call here (wasmd's is the block's gas limit).
const GAS_LIMIT: u64 = 1_000_000_000 * VM_GAS_PER_SDK_GAS;
/// SDK gas wasmd's Go API charges for address functions (`x/wasm/keeper/api.go`).
const HUMANIZE_SDK_GAS: u64 = 5;
const CANONICALIZE_SDK_GAS: u64 = 4;

/// One entry point call: which contract, which entry point, and its gas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GasRecord {
    pub contract: String,
    pub entry_point: &'static str,
    /// CosmWasm gas of the wasm execution and address functions.
    pub vm_gas: u64,
    /// SDK gas of the storage operations.
    pub kv: KvGas,
    /// Made while another VM call ran (a query from a contract), not by the transaction itself
    /// or a query from outside.
    pub nested: bool,
    /// The first call of a transaction: an execute or instantiate sent by an account (not a
    /// contract's submessage), an IBC delivery, a sudo or a migration.
    pub starts_transaction: bool,
    /// The message's name (its JSON's top-level key), for executes and sudos.
    pub action: Option<String>,
    /// The call succeeded (a contract error or a VM error is a failure).
    pub ok: bool,
}

impl GasRecord {
    /// A query from outside the chain (a client reading state), which costs no transaction gas.
    pub fn is_client_query(&self) -> bool {
        self.entry_point == "query" && !self.nested
    }
}

/// The calls transactions made: client queries, and the queries they made in turn, left out.
/// (Records are in the order calls started, so a client query's own queries follow it.)
pub fn transaction_calls(records: Vec<GasRecord>) -> Vec<GasRecord> {
    let mut in_client_query = false;
    records
        .into_iter()
        .filter(|r| {
            if !r.nested {
                in_client_query = r.is_client_query();
            }
            !in_client_query
        })
        .collect()
}

impl GasRecord {
    /// The call's SDK gas as wasmd charges it (without the per-call instance cost).
    pub fn sdk_gas(&self) -> u64 {
        self.vm_gas / VM_GAS_PER_SDK_GAS + self.kv.gas
    }
}

/// The VM's module cache and the gas log shared by every wasm contract of a test world.
pub struct Vm {
    cache: Cache<HostApi, HostStorage, HostQuerier>,
    log: RefCell<Vec<GasRecord>>,
    /// VM calls running now (a contract's query runs inside its caller's call).
    depth: std::cell::Cell<u32>,
    /// Addresses of the wasm contracts, to tell a contract's submessage from an account's message.
    contracts: RefCell<std::collections::HashSet<String>>,
    _dir: TempDir,
}

impl Vm {
    pub fn new() -> AnyResult<Rc<Self>> {
        let dir = TempDir::new()?;
        let options = CacheOptions::new(
            dir.0.clone(),
            capabilities_from_csv(CAPABILITIES),
            Size::mebi(512),
            Size::mebi(32),
        );
        // SAFETY: the cache directory is a fresh, private temporary directory, so nothing on
        // disk can be corrupted or tampered with.
        let cache = unsafe { Cache::new(options) }.map_err(|e| anyhow!("VM cache: {e}"))?;
        Ok(Rc::new(Vm {
            cache,
            log: RefCell::new(Vec::new()),
            depth: std::cell::Cell::new(0),
            contracts: RefCell::default(),
            _dir: dir,
        }))
    }

    /// Checks and compiles `wasm` (as wasmd does on upload) and returns a contract that runs it.
    pub fn contract(self: &Rc<Self>, name: &str, wasm: &[u8]) -> AnyResult<WasmContract> {
        let checksum = self
            .cache
            .store_code(wasm, true, true)
            .map_err(|e| anyhow!("{name}: the VM refuses the wasm: {e}"))?;
        Ok(WasmContract {
            vm: Rc::clone(self),
            name: name.to_string(),
            checksum,
        })
    }

    /// Loads `dir/<name>.wasm`.
    pub fn contract_from_file(self: &Rc<Self>, dir: &Path, name: &str) -> AnyResult<WasmContract> {
        let path = dir.join(format!("{name}.wasm"));
        let wasm = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        self.contract(name, &wasm)
    }

    /// Every call logged so far.
    pub fn log_len(&self) -> usize {
        self.log.borrow().len()
    }

    /// The calls logged since position `from`.
    pub fn records_since(&self, from: usize) -> Vec<GasRecord> {
        self.log.borrow()[from..].to_vec()
    }
}

/// A private temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> AnyResult<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos();
        let path =
            std::env::temp_dir().join(format!("palisade-devnet-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A contract of the multi-test chain whose entry points run a wasm in the VM.
#[derive(Clone)]
pub struct WasmContract {
    vm: Rc<Vm>,
    name: String,
    checksum: Checksum,
}

type VmInstance = Instance<HostApi, HostStorage, HostQuerier>;

fn vm_err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("VM error: {e}")
}

/// What an entry point call is, for the gas log.
struct Call {
    entry_point: &'static str,
    /// The contract's address.
    address: String,
    /// Who sent the message (executes and instantiations).
    sender: Option<String>,
    action: Option<String>,
}

impl Call {
    fn new(entry_point: &'static str, env: &Env) -> Self {
        Call {
            entry_point,
            address: env.contract.address.to_string(),
            sender: None,
            action: None,
        }
    }

    fn from(mut self, info: &MessageInfo) -> Self {
        self.sender = Some(info.sender.to_string());
        self
    }

    /// Names the message by its JSON's top-level key.
    fn message(mut self, msg: &[u8]) -> Self {
        self.action = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(msg)
            .ok()
            .and_then(|m| m.keys().next().cloned());
        self
    }
}

impl WasmContract {
    /// Runs `run` on a fresh instance backed by the contract's storage, logs its gas and turns a
    /// contract error into an `anyhow` error (as multi-test expects).
    fn run<T>(
        &self,
        call: Call,
        host: Backend<HostApi, HostStorage, HostQuerier>,
        run: impl FnOnce(&mut VmInstance) -> VmResult<ContractResult<T>>,
    ) -> AnyResult<T> {
        let mut instance = self
            .vm
            .cache
            .get_instance(
                &self.checksum,
                host,
                InstanceOptions {
                    gas_limit: GAS_LIMIT,
                },
            )
            .map_err(vm_err)?;
        let nested = self.vm.depth.get() > 0;
        let from_account = call
            .sender
            .as_ref()
            .is_some_and(|s| !self.vm.contracts.borrow().contains(s));
        let starts_transaction = !nested
            && match call.entry_point {
                "execute" | "instantiate" => from_account,
                "query" | "reply" => false,
                _ => true,
            };
        self.vm.contracts.borrow_mut().insert(call.address);
        // Logged in the order calls start, so a transaction's first call comes before the
        // queries it makes; the gas is filled in when it ends.
        let position = {
            let mut log = self.vm.log.borrow_mut();
            log.push(GasRecord {
                contract: self.name.clone(),
                entry_point: call.entry_point,
                vm_gas: 0,
                kv: KvGas::default(),
                nested,
                starts_transaction,
                action: call.action,
                ok: false,
            });
            log.len() - 1
        };
        self.vm.depth.set(self.vm.depth.get() + 1);
        let result = run(&mut instance);
        self.vm.depth.set(self.vm.depth.get() - 1);
        let report = instance.create_gas_report();
        let kv = instance
            .recycle()
            .map(|backend| backend.storage.meter.spent())
            .unwrap_or_default();
        if let Some(record) = self.vm.log.borrow_mut().get_mut(position) {
            record.vm_gas = report.used_internally;
            record.kv = kv;
            record.ok = matches!(result, Ok(ContractResult::Ok(_)));
        }
        match result.map_err(vm_err)? {
            ContractResult::Ok(value) => Ok(value),
            ContractResult::Err(message) => bail!("{message}"),
        }
    }

    fn sudo_ibc(&self, deps: DepsMut, env: Env, msg: IbcSudo) -> AnyResult<Response> {
        let host = backend_mut(deps);
        let basic = |r: cosmwasm_std::IbcBasicResponse| {
            Response::new()
                .add_submessages(r.messages)
                .add_attributes(r.attributes)
                .add_events(r.events)
        };
        Ok(match msg {
            IbcSudo::ChannelOpen(m) => {
                let version = self.run(Call::new("ibc_channel_open", &env), host, |i| {
                    call_ibc_channel_open(i, &env, &m)
                })?;
                Response::new().set_data(to_json_binary(&version)?)
            }
            IbcSudo::ChannelConnect(m) => {
                basic(self.run(Call::new("ibc_channel_connect", &env), host, |i| {
                    call_ibc_channel_connect::<_, _, _, Empty>(i, &env, &m)
                })?)
            }
            IbcSudo::ChannelClose(m) => {
                basic(self.run(Call::new("ibc_channel_close", &env), host, |i| {
                    call_ibc_channel_close::<_, _, _, Empty>(i, &env, &m)
                })?)
            }
            IbcSudo::PacketReceive(m) => {
                let received = self.run(Call::new("ibc_packet_receive", &env), host, |i| {
                    call_ibc_packet_receive::<_, _, _, Empty>(i, &env, &m)
                })?;
                let mut response = Response::new()
                    .add_submessages(received.messages)
                    .add_attributes(received.attributes)
                    .add_events(received.events);
                if let Some(ack) = received.acknowledgement {
                    response = response.set_data(ack);
                }
                response
            }
            IbcSudo::PacketAck(m) => {
                basic(self.run(Call::new("ibc_packet_ack", &env), host, |i| {
                    call_ibc_packet_ack::<_, _, _, Empty>(i, &env, &m)
                })?)
            }
            IbcSudo::PacketTimeout(m) => {
                basic(self.run(Call::new("ibc_packet_timeout", &env), host, |i| {
                    call_ibc_packet_timeout::<_, _, _, Empty>(i, &env, &m)
                })?)
            }
            IbcSudo::Contract(raw) => {
                self.run(Call::new("sudo", &env).message(&raw), host, |i| {
                    call_sudo::<_, _, _, Empty>(i, &env, raw.as_slice())
                })?
            }
        })
    }
}

impl Contract<Empty> for WasmContract {
    fn instantiate(
        &self,
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: Vec<u8>,
    ) -> AnyResult<Response> {
        self.run(
            Call::new("instantiate", &env).from(&info),
            backend_mut(deps),
            |i| call_instantiate::<_, _, _, Empty>(i, &env, &info, &msg),
        )
    }

    fn execute(
        &self,
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: Vec<u8>,
    ) -> AnyResult<Response> {
        self.run(
            Call::new("execute", &env).from(&info).message(&msg),
            backend_mut(deps),
            |i| call_execute::<_, _, _, Empty>(i, &env, &info, &msg),
        )
    }

    fn query(&self, deps: Deps, env: Env, msg: Vec<u8>) -> AnyResult<Binary> {
        self.run(
            Call::new("query", &env).message(&msg),
            backend_read_only(deps),
            |i| call_query(i, &env, &msg),
        )
    }

    fn reply(&self, deps: DepsMut, env: Env, msg: Reply) -> AnyResult<Response> {
        self.run(Call::new("reply", &env), backend_mut(deps), |i| {
            call_reply::<_, _, _, Empty>(i, &env, &msg)
        })
    }

    /// The test relayer's [`IbcSudo`] goes to the wasm's IBC entry points; anything else to its
    /// `sudo`.
    fn sudo(&self, deps: DepsMut, env: Env, msg: Vec<u8>) -> AnyResult<Response> {
        match from_json::<IbcSudo>(&msg) {
            Ok(ibc) => self.sudo_ibc(deps, env, ibc),
            Err(_) => self.run(
                Call::new("sudo", &env).message(&msg),
                backend_mut(deps),
                |i| call_sudo::<_, _, _, Empty>(i, &env, &msg),
            ),
        }
    }

    fn migrate(&self, deps: DepsMut, env: Env, msg: Vec<u8>) -> AnyResult<Response> {
        self.run(Call::new("migrate", &env), backend_mut(deps), |i| {
            call_migrate::<_, _, _, Empty>(i, &env, &msg)
        })
    }

    fn checksum(&self) -> Option<Checksum> {
        Some(self.checksum)
    }
}

// --- The VM's backend over multi-test's storage, API and querier ------------------------------
//
// cosmwasm-vm wants a backend that lives as long as it likes ('static); multi-test lends the
// contract its storage, API and querier for the duration of one entry point call. The backend
// holds raw pointers to them: every instance is created, used and dropped inside that call
// (`WasmContract::run`), so the pointers never outlive what they point to.

fn backend_mut(deps: DepsMut) -> Backend<HostApi, HostStorage, HostQuerier> {
    let storage: *mut (dyn cosmwasm_std::Storage + '_) = deps.storage;
    // SAFETY: see above; only the lifetime bound of the trait object changes.
    let storage: *mut (dyn cosmwasm_std::Storage + 'static) =
        unsafe { std::mem::transmute(storage) };
    Backend {
        api: HostApi::new(deps.api),
        storage: HostStorage {
            storage,
            writable: true,
            iterators: Vec::new(),
            meter: KvMeter::default(),
        },
        querier: HostQuerier::new(&*deps.querier),
    }
}

fn backend_read_only(deps: Deps) -> Backend<HostApi, HostStorage, HostQuerier> {
    let storage: *const (dyn cosmwasm_std::Storage + '_) = deps.storage;
    // SAFETY: as above; `writable: false` keeps the VM from writing through it.
    let storage: *mut (dyn cosmwasm_std::Storage + 'static) =
        unsafe { std::mem::transmute(storage) };
    Backend {
        api: HostApi::new(deps.api),
        storage: HostStorage {
            storage,
            writable: false,
            iterators: Vec::new(),
            meter: KvMeter::default(),
        },
        querier: HostQuerier::new(&*deps.querier),
    }
}

/// The contract's storage in multi-test, metered with the SDK's KV gas.
pub struct HostStorage {
    storage: *mut (dyn cosmwasm_std::Storage + 'static),
    writable: bool,
    /// Open iterators: each holds the records of its range, taken when it was opened.
    iterators: Vec<std::vec::IntoIter<Record>>,
    meter: KvMeter,
}

impl HostStorage {
    fn inner(&self) -> &dyn cosmwasm_std::Storage {
        // SAFETY: valid for the call (see the module note).
        unsafe { &*self.storage }
    }

    fn inner_mut(&mut self) -> Result<&mut dyn cosmwasm_std::Storage, BackendError> {
        if !self.writable {
            return Err(BackendError::user_err("storage is read-only in a query"));
        }
        // SAFETY: valid for the call, and the VM is the only user while it runs.
        Ok(unsafe { &mut *self.storage })
    }
}

impl Storage for HostStorage {
    fn get(&self, key: &[u8]) -> BackendResult<Option<Vec<u8>>> {
        let value = self.inner().get(key);
        self.meter.read(key, value.as_deref());
        (Ok(value), GasInfo::free())
    }

    fn scan(
        &mut self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> BackendResult<u32> {
        let records: Vec<Record> = self.inner().range(start, end, order).collect();
        self.iterators.push(records.into_iter());
        (Ok(self.iterators.len() as u32 - 1), GasInfo::free())
    }

    fn next(&mut self, iterator_id: u32) -> BackendResult<Option<Record>> {
        let Some(iterator) = self.iterators.get_mut(iterator_id as usize) else {
            return (
                Err(BackendError::iterator_does_not_exist(iterator_id)),
                GasInfo::free(),
            );
        };
        let record = iterator.next();
        if let Some((key, value)) = &record {
            self.meter.iterate(key, value);
        }
        (Ok(record), GasInfo::free())
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> BackendResult<()> {
        let result = self.inner_mut().map(|s| s.set(key, value));
        self.meter.write(key, value);
        (result, GasInfo::free())
    }

    fn remove(&mut self, key: &[u8]) -> BackendResult<()> {
        let result = self.inner_mut().map(|s| s.remove(key));
        self.meter.delete();
        (result, GasInfo::free())
    }
}

/// multi-test's address functions, at wasmd's prices.
#[derive(Clone)]
pub struct HostApi(*const (dyn cosmwasm_std::Api + 'static));

// SAFETY: the VM requires `Send`; instances never leave the thread that made them.
unsafe impl Send for HostApi {}

impl HostApi {
    fn new(api: &dyn cosmwasm_std::Api) -> Self {
        let api: *const (dyn cosmwasm_std::Api + '_) = api;
        // SAFETY: valid for the call (see the module note).
        HostApi(unsafe {
            std::mem::transmute::<
                *const (dyn cosmwasm_std::Api + '_),
                *const (dyn cosmwasm_std::Api + 'static),
            >(api)
        })
    }

    fn api(&self) -> &dyn cosmwasm_std::Api {
        // SAFETY: valid for the call (see the module note).
        unsafe { &*self.0 }
    }
}

fn sdk_cost(sdk_gas: u64) -> GasInfo {
    GasInfo::with_cost(sdk_gas * VM_GAS_PER_SDK_GAS)
}

impl BackendApi for HostApi {
    fn addr_validate(&self, input: &str) -> BackendResult<()> {
        let result = self
            .api()
            .addr_validate(input)
            .map(|_| ())
            .map_err(|e| BackendError::user_err(e.to_string()));
        (result, sdk_cost(HUMANIZE_SDK_GAS + CANONICALIZE_SDK_GAS))
    }

    fn addr_canonicalize(&self, human: &str) -> BackendResult<Vec<u8>> {
        let result = self
            .api()
            .addr_canonicalize(human)
            .map(|c| c.to_vec())
            .map_err(|e| BackendError::user_err(e.to_string()));
        (result, sdk_cost(CANONICALIZE_SDK_GAS))
    }

    fn addr_humanize(&self, canonical: &[u8]) -> BackendResult<String> {
        let result = self
            .api()
            .addr_humanize(&canonical.into())
            .map(|a| a.into_string())
            .map_err(|e| BackendError::user_err(e.to_string()));
        (result, sdk_cost(HUMANIZE_SDK_GAS))
    }
}

/// multi-test's querier: bank, staking and other contracts (a wasm contract queried runs in the
/// VM too, and logs its own gas).
pub struct HostQuerier(*const (dyn cosmwasm_std::Querier + 'static));

impl HostQuerier {
    fn new(querier: &dyn cosmwasm_std::Querier) -> Self {
        let querier: *const (dyn cosmwasm_std::Querier + '_) = querier;
        // SAFETY: valid for the call (see the module note).
        HostQuerier(unsafe {
            std::mem::transmute::<
                *const (dyn cosmwasm_std::Querier + '_),
                *const (dyn cosmwasm_std::Querier + 'static),
            >(querier)
        })
    }
}

impl Querier for HostQuerier {
    fn query_raw(
        &self,
        request: &[u8],
        _gas_limit: u64,
    ) -> BackendResult<SystemResult<ContractResult<Binary>>> {
        // SAFETY: valid for the call (see the module note).
        let querier = unsafe { &*self.0 };
        (Ok(querier.raw_query(request)), GasInfo::free())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(entry_point: &'static str, nested: bool, starts: bool) -> GasRecord {
        GasRecord {
            contract: "c".into(),
            entry_point,
            vm_gas: 0,
            kv: KvGas::default(),
            nested,
            starts_transaction: starts,
            action: None,
            ok: true,
        }
    }

    #[test]
    fn client_queries_and_their_own_queries_are_not_transaction_calls() {
        let records = vec![
            record("query", false, false),   // a client reads the registry...
            record("query", true, false),    // ...which asks the hub
            record("execute", false, true),  // a transaction
            record("query", true, false),    // its query
            record("execute", false, false), // its submessage
            record("query", false, false),   // a client again
        ];
        let kept: Vec<_> = transaction_calls(records)
            .into_iter()
            .map(|r| (r.entry_point, r.nested))
            .collect();
        assert_eq!(
            kept,
            vec![("execute", false), ("query", true), ("execute", false)]
        );
    }
}
