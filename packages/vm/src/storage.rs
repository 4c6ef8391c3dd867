//! Contract storage: cosmwasm-vm's `MockStorage` with every operation counted
//! the way the Cosmos SDK's gas-metered store sees it, and every write
//! journaled so that a failed call can be rolled back.

use std::cell::RefCell;
use std::rc::Rc;

use cosmwasm_std::{Order, Record};
use cosmwasm_vm::testing::MockStorage;
use cosmwasm_vm::{BackendResult, GasInfo, Storage};

use crate::chain::{Tally, Undo};

/// wasmd keeps a contract's keys under `0x03 ‖ contract address` (1 + 32
/// bytes) in the metered store (`GetContractStorePrefix` in
/// `x/wasm/types/keys.go`): the byte counts in [`KvCounts`] include it.
pub const CONTRACT_STORE_PREFIX_BYTES: u64 = 33;

/// KV operations as the Cosmos SDK's gas-metered store sees them: byte counts
/// include wasmd's contract-store key prefix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct KvCounts {
    pub reads: u64,
    pub read_bytes: u64,
    pub writes: u64,
    pub write_bytes: u64,
    pub deletes: u64,
    pub iter_steps: u64,
    pub iter_bytes: u64,
}

/// One contract's storage. Storage gas is reported as free to the VM: the SDK
/// meters it (see [`KvCounts`]), so the VM gas is Wasm execution and host
/// calls only.
pub struct CountingStorage {
    contract: String,
    inner: MockStorage,
    tally: Rc<RefCell<Tally>>,
    journal: Rc<RefCell<Vec<Undo>>>,
}

impl CountingStorage {
    pub(crate) fn new(
        contract: &str,
        tally: Rc<RefCell<Tally>>,
        journal: Rc<RefCell<Vec<Undo>>>,
    ) -> Self {
        CountingStorage {
            contract: contract.to_string(),
            inner: MockStorage::default(),
            tally,
            journal,
        }
    }

    fn journal(&self, key: &[u8]) {
        let (prev, _) = self.inner.get(key);
        self.journal.borrow_mut().push(Undo::Storage {
            contract: self.contract.clone(),
            key: key.to_vec(),
            prev: prev.ok().flatten(),
        });
    }

    /// Puts back a value a rolled-back call overwrote (neither counted nor
    /// journaled).
    pub(crate) fn restore(&mut self, key: &[u8], prev: Option<Vec<u8>>) {
        match prev {
            Some(value) => {
                let _ = self.inner.set(key, &value);
            }
            None => {
                let _ = self.inner.remove(key);
            }
        }
    }
}

impl Storage for CountingStorage {
    fn get(&self, key: &[u8]) -> BackendResult<Option<Vec<u8>>> {
        let (result, _) = self.inner.get(key);
        if let Ok(value) = &result {
            let kv = &mut self.tally.borrow_mut().kv;
            kv.reads += 1;
            kv.read_bytes += CONTRACT_STORE_PREFIX_BYTES
                + key.len() as u64
                + value.as_ref().map_or(0, |v| v.len() as u64);
        }
        (result, GasInfo::free())
    }

    fn scan(
        &mut self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> BackendResult<u32> {
        let (result, _) = self.inner.scan(start, end, order);
        (result, GasInfo::free())
    }

    fn next(&mut self, iterator_id: u32) -> BackendResult<Option<Record>> {
        let (result, _) = self.inner.next(iterator_id);
        if let Ok(Some((key, value))) = &result {
            let kv = &mut self.tally.borrow_mut().kv;
            kv.iter_steps += 1;
            kv.iter_bytes += CONTRACT_STORE_PREFIX_BYTES + (key.len() + value.len()) as u64;
        }
        (result, GasInfo::free())
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> BackendResult<()> {
        self.journal(key);
        let (result, _) = self.inner.set(key, value);
        let kv = &mut self.tally.borrow_mut().kv;
        kv.writes += 1;
        kv.write_bytes += CONTRACT_STORE_PREFIX_BYTES + (key.len() + value.len()) as u64;
        (result, GasInfo::free())
    }

    fn remove(&mut self, key: &[u8]) -> BackendResult<()> {
        self.journal(key);
        let (result, _) = self.inner.remove(key);
        self.tally.borrow_mut().kv.deletes += 1;
        (result, GasInfo::free())
    }
}
