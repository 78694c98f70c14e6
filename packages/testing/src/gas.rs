//! wasmd's gas model, for the benchmarks: the Cosmos SDK charges a contract's storage in SDK gas as
//! its gas-metered KV store does (a read 1,000 + 3 per byte of key and value, a write 2,000 + 30 per
//! byte, a delete 1,000, each iterator step 30 + 3 per byte), with every key under wasmd's prefix
//! (one type byte and the 32-byte contract address); the VM's own gas converts at 140,000 CosmWasm
//! gas per SDK gas; and every contract call costs a fixed instance charge.

use std::cell::Cell;

use cosmwasm_std::testing::MockStorage;
use cosmwasm_std::{Order, Record, Storage};

/// CosmWasm gas per SDK gas (wasmd's `DefaultGasMultiplier`).
pub const VM_GAS_PER_SDK_GAS: u64 = 140_000;
/// SDK gas wasmd charges to load a contract for a call (`DefaultInstanceCost`).
pub const INSTANCE_COST: u64 = 60_000;
/// What it charges instead for a contract pinned in its memory cache.
pub const PINNED_INSTANCE_COST: u64 = 2_000;
/// Bytes wasmd puts in front of every key of a contract's store.
pub const CONTRACT_KEY_PREFIX: u64 = 1 + 32;

const READ_FLAT: u64 = 1_000;
const READ_PER_BYTE: u64 = 3;
const WRITE_FLAT: u64 = 2_000;
const WRITE_PER_BYTE: u64 = 30;
const DELETE_FLAT: u64 = 1_000;
const ITER_NEXT_FLAT: u64 = 30;

/// What a run of storage operations cost, and how many there were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KvGas {
    pub gas: u64,
    pub reads: u64,
    pub writes: u64,
}

/// Counts the KV gas of storage operations (through `&self`, as reads come).
#[derive(Debug, Default)]
pub struct KvMeter(Cell<KvGas>);

fn len(bytes: &[u8]) -> u64 {
    bytes.len() as u64
}

impl KvMeter {
    fn charge(&self, gas: u64, read: bool) {
        let mut spent = self.0.get();
        spent.gas += gas;
        if read {
            spent.reads += 1;
        } else {
            spent.writes += 1;
        }
        self.0.set(spent);
    }

    pub fn read(&self, key: &[u8], value: Option<&[u8]>) {
        let bytes = CONTRACT_KEY_PREFIX + len(key) + value.map_or(0, len);
        self.charge(READ_FLAT + READ_PER_BYTE * bytes, true);
    }

    pub fn iterate(&self, key: &[u8], value: &[u8]) {
        let bytes = CONTRACT_KEY_PREFIX + len(key) + len(value);
        self.charge(ITER_NEXT_FLAT + READ_PER_BYTE * bytes, true);
    }

    pub fn write(&self, key: &[u8], value: &[u8]) {
        let bytes = CONTRACT_KEY_PREFIX + len(key) + len(value);
        self.charge(WRITE_FLAT + WRITE_PER_BYTE * bytes, false);
    }

    pub fn delete(&self) {
        self.charge(DELETE_FLAT, false);
    }

    /// What was spent so far.
    pub fn spent(&self) -> KvGas {
        self.0.get()
    }

    /// What was spent since the last call; starts counting afresh.
    pub fn take(&self) -> KvGas {
        self.0.take()
    }
}

/// A contract store that charges SDK gas for everything done to it.
#[derive(Default)]
pub struct MeteredStorage {
    inner: MockStorage,
    meter: KvMeter,
}

impl MeteredStorage {
    /// Returns what was spent since the last call and starts counting afresh.
    pub fn take(&self) -> KvGas {
        self.meter.take()
    }
}

impl Storage for MeteredStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.inner.get(key);
        self.meter.read(key, value.as_deref());
        value
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        Box::new(
            self.inner
                .range(start, end, order)
                .inspect(|(k, v)| self.meter.iterate(k, v)),
        )
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.meter.write(key, value);
        self.inner.set(key, value);
    }

    fn remove(&mut self, key: &[u8]) {
        self.meter.delete();
        self.inner.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_cost_what_the_sdk_charges() {
        let mut storage = MeteredStorage::default();
        storage.set(b"key", b"value");
        // 2,000 + 30 × (33 + 3 + 5)
        assert_eq!(
            storage.take(),
            KvGas {
                gas: 3_230,
                reads: 0,
                writes: 1
            }
        );
        assert_eq!(storage.get(b"key").as_deref(), Some(&b"value"[..]));
        assert_eq!(storage.get(b"nope"), None);
        // 1,000 + 3 × 41, then 1,000 + 3 × 37
        assert_eq!(storage.take().gas, 1_123 + 1_111);
        storage.remove(b"key");
        assert_eq!(storage.take().gas, 1_000);
    }
}
