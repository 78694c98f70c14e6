//! The Cosmos SDK's KV-store gas, charged on a contract's storage the way wasmd's gas-metered store
//! charges it: a read costs 1,000 + 3 per byte of key and value, a write 2,000 + 30 per byte, a
//! delete 1,000, each iterator step 30 + 3 per byte. wasmd stores a contract's keys under a
//! prefix (one type byte and the 32-byte contract address), which counts in the key's length.

use std::cell::Cell;

use cosmwasm_std::testing::MockStorage;
use cosmwasm_std::{Order, Record, Storage};

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

/// A contract store that charges SDK gas for everything done to it.
#[derive(Default)]
pub struct MeteredStorage {
    inner: MockStorage,
    spent: Cell<KvGas>,
}

impl MeteredStorage {
    /// Returns what was spent since the last call and starts counting afresh.
    pub fn take(&self) -> KvGas {
        self.spent.take()
    }

    fn charge(&self, gas: u64, read: bool) {
        let mut spent = self.spent.get();
        spent.gas += gas;
        if read {
            spent.reads += 1;
        } else {
            spent.writes += 1;
        }
        self.spent.set(spent);
    }
}

fn len(bytes: &[u8]) -> u64 {
    bytes.len() as u64
}

impl Storage for MeteredStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.inner.get(key);
        let bytes = CONTRACT_KEY_PREFIX + len(key) + value.as_deref().map_or(0, len);
        self.charge(READ_FLAT + READ_PER_BYTE * bytes, true);
        value
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        Box::new(self.inner.range(start, end, order).inspect(|(k, v)| {
            let bytes = CONTRACT_KEY_PREFIX + len(k) + len(v);
            self.charge(ITER_NEXT_FLAT + READ_PER_BYTE * bytes, true);
        }))
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        let bytes = CONTRACT_KEY_PREFIX + len(key) + len(value);
        self.charge(WRITE_FLAT + WRITE_PER_BYTE * bytes, false);
        self.inner.set(key, value);
    }

    fn remove(&mut self, key: &[u8]) {
        self.charge(DELETE_FLAT, false);
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
