//! The chain's state: each contract's storage in its own ordered map, the
//! bank's balances, and an undo journal that makes a transaction (or a
//! submessage inside one) roll back in the time it took to write.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use cosmwasm_std::{Addr, Order, Record, Storage};
use rustc_hash::FxHashMap;

/// A contract's storage: values by key for reads and writes, and the keys in
/// order for ranges (a write that only changes a value leaves the order be).
#[derive(Default)]
pub(super) struct ContractKeys {
    values: FxHashMap<Vec<u8>, Vec<u8>>,
    ordered: BTreeSet<Vec<u8>>,
}

impl ContractKeys {
    pub fn get(&self, key: &[u8]) -> Option<&Vec<u8>> {
        self.values.get(key)
    }

    pub fn insert(&mut self, key: &[u8], value: Vec<u8>) -> Option<Vec<u8>> {
        match self.values.get_mut(key) {
            Some(held) => Some(std::mem::replace(held, value)),
            None => {
                self.ordered.insert(key.to_vec());
                self.values.insert(key.to_vec(), value)
            }
        }
    }

    pub fn remove(&mut self, key: &[u8]) -> Option<Vec<u8>> {
        let old = self.values.remove(key)?;
        self.ordered.remove(key);
        Some(old)
    }

    /// The first (or last) record within `bounds`.
    fn first_in(&self, bounds: (Bound<&[u8]>, Bound<&[u8]>), order: Order) -> Option<Record> {
        let mut keys = self.ordered.range::<[u8], _>(bounds);
        let key = match order {
            Order::Ascending => keys.next(),
            Order::Descending => keys.next_back(),
        }?;
        Some((key.clone(), self.values[key.as_slice()].clone()))
    }
}

/// A contract instance and its storage.
pub(super) struct Instance {
    pub code_id: u64,
    pub storage: ContractKeys,
}

/// What a write replaced, so that a failed call can put it back.
pub(super) enum Undo {
    Storage {
        instance: usize,
        key: Vec<u8>,
        old: Option<Vec<u8>>,
    },
    Balance {
        account: Addr,
        denom: String,
        old: u128,
    },
    /// The last instance registered.
    Instance,
}

#[derive(Default)]
pub(super) struct State {
    pub instances: Vec<Instance>,
    pub addresses: Vec<Addr>,
    pub by_address: FxHashMap<Addr, usize>,
    /// Non-zero balances only, by account then denom (ordered, as the bank answers).
    pub balances: FxHashMap<Addr, BTreeMap<String, u128>>,
    /// Undo entries of the open transaction (empty outside one).
    pub journal: Vec<Undo>,
    pub in_transaction: bool,
}

impl State {
    fn record(&mut self, undo: Undo) {
        if self.in_transaction {
            self.journal.push(undo);
        }
    }

    pub fn balance(&self, account: &Addr, denom: &str) -> u128 {
        self.balances
            .get(account)
            .and_then(|coins| coins.get(denom))
            .copied()
            .unwrap_or(0)
    }

    pub fn set_balance(&mut self, account: &Addr, denom: &str, amount: u128) {
        let coins = self.balances.entry(account.clone()).or_default();
        let old = if amount == 0 {
            coins.remove(denom)
        } else {
            coins.insert(denom.to_string(), amount)
        };
        let old = old.unwrap_or(0);
        if old != amount {
            self.record(Undo::Balance {
                account: account.clone(),
                denom: denom.to_string(),
                old,
            });
        }
    }

    pub fn register(&mut self, address: Addr, code_id: u64) {
        self.by_address
            .insert(address.clone(), self.instances.len());
        self.addresses.push(address);
        self.instances.push(Instance {
            code_id,
            storage: ContractKeys::default(),
        });
        self.record(Undo::Instance);
    }

    /// Undoes everything written since the journal had `len` entries.
    pub fn roll_back_to(&mut self, len: usize) {
        while self.journal.len() > len {
            match self.journal.pop().expect("longer than len") {
                Undo::Storage { instance, key, old } => {
                    let storage = &mut self.instances[instance].storage;
                    match old {
                        Some(value) => storage.insert(&key, value),
                        None => storage.remove(&key),
                    };
                }
                Undo::Balance {
                    account,
                    denom,
                    old,
                } => {
                    let coins = self.balances.entry(account).or_default();
                    if old == 0 {
                        coins.remove(&denom);
                    } else {
                        coins.insert(denom, old);
                    }
                }
                Undo::Instance => {
                    self.instances.pop();
                    let address = self.addresses.pop().expect("one per instance");
                    self.by_address.remove(&address);
                }
            }
        }
    }
}

/// One contract's storage, as its entry points see it.
pub(super) struct ContractStorage<'a> {
    pub state: &'a RefCell<State>,
    pub instance: usize,
}

impl Storage for ContractStorage<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.state.borrow().instances[self.instance]
            .storage
            .get(key)
            .cloned()
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        if let (Some(start), Some(end)) = (start, end) {
            if start > end {
                return Box::new(std::iter::empty());
            }
        }
        Box::new(StorageRange {
            state: self.state,
            instance: self.instance,
            low: start.map_or(Bound::Unbounded, |k| Bound::Included(k.to_vec())),
            high: end.map_or(Bound::Unbounded, |k| Bound::Excluded(k.to_vec())),
            order,
        })
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        // as the chain's store (and cosmwasm-std's MemoryStorage) refuses it
        assert!(!value.is_empty(), "a stored value must not be empty");
        let mut state = self.state.borrow_mut();
        let old = state.instances[self.instance]
            .storage
            .insert(key, value.to_vec());
        if state.in_transaction {
            state.journal.push(Undo::Storage {
                instance: self.instance,
                key: key.to_vec(),
                old,
            });
        }
    }

    fn remove(&mut self, key: &[u8]) {
        let mut state = self.state.borrow_mut();
        if let Some(old) = state.instances[self.instance].storage.remove(key) {
            state.record(Undo::Storage {
                instance: self.instance,
                key: key.to_vec(),
                old: Some(old),
            });
        }
    }
}

/// A range read one record at a time: each step looks up the next key after
/// the last one returned, so no borrow of the state outlives a step (the
/// contract may query other contracts between steps).
struct StorageRange<'a> {
    state: &'a RefCell<State>,
    instance: usize,
    low: Bound<Vec<u8>>,
    high: Bound<Vec<u8>>,
    order: Order,
}

impl Iterator for StorageRange<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let state = self.state.borrow();
        let bounds = (
            self.low.as_ref().map(Vec::as_slice),
            self.high.as_ref().map(Vec::as_slice),
        );
        if let (Bound::Excluded(low), Bound::Excluded(high)) = bounds {
            if low >= high {
                return None;
            }
        }
        let record = state.instances[self.instance]
            .storage
            .first_in(bounds, self.order)?;
        match self.order {
            Order::Ascending => self.low = Bound::Excluded(record.0.clone()),
            Order::Descending => self.high = Bound::Excluded(record.0.clone()),
        }
        Some(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with_one_instance() -> RefCell<State> {
        let mut state = State::default();
        state.register(Addr::unchecked("contract"), 1);
        RefCell::new(state)
    }

    #[test]
    fn ranges_as_memory_storage() {
        let state = state_with_one_instance();
        let mut ours = ContractStorage {
            state: &state,
            instance: 0,
        };
        let mut reference = cosmwasm_std::MemoryStorage::new();
        for key in [&b"a"[..], b"ab", b"b", b"ba", b"c", b"d"] {
            ours.set(key, key);
            reference.set(key, key);
        }
        type Bounds<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);
        let bounds: [Bounds; 7] = [
            (None, None),
            (Some(b"ab"), None),
            (None, Some(b"c")),
            (Some(b"ab"), Some(b"c")),
            (Some(b"b"), Some(b"b")),
            (Some(b"c"), Some(b"b")),
            (Some(b"zz"), None),
        ];
        for (start, end) in bounds {
            for order in [Order::Ascending, Order::Descending] {
                let got: Vec<Record> = ours.range(start, end, order).collect();
                let want: Vec<Record> = reference.range(start, end, order).collect();
                assert_eq!(got, want, "{start:?}..{end:?} {order:?}");
            }
        }
    }

    #[test]
    fn rolls_back_to_a_checkpoint() {
        let state = state_with_one_instance();
        state.borrow_mut().in_transaction = true;
        let mut storage = ContractStorage {
            state: &state,
            instance: 0,
        };
        storage.set(b"kept", b"1");
        let alice = Addr::unchecked("alice");
        state.borrow_mut().set_balance(&alice, "ucov", 10);
        let checkpoint = state.borrow().journal.len();
        storage.set(b"kept", b"2");
        storage.set(b"new", b"3");
        storage.remove(b"kept");
        state.borrow_mut().set_balance(&alice, "ucov", 0);
        state.borrow_mut().register(Addr::unchecked("second"), 1);

        state.borrow_mut().roll_back_to(checkpoint);
        assert_eq!(storage.get(b"kept"), Some(b"1".to_vec()));
        assert_eq!(storage.get(b"new"), None);
        assert_eq!(state.borrow().balance(&alice, "ucov"), 10);
        assert_eq!(state.borrow().instances.len(), 1);
        assert!(!state
            .borrow()
            .by_address
            .contains_key(&Addr::unchecked("second")));

        state.borrow_mut().roll_back_to(0);
        assert_eq!(storage.get(b"kept"), None);
        assert_eq!(state.borrow().balance(&alice, "ucov"), 0);
        // registered before the transaction opened
        assert_eq!(state.borrow().instances.len(), 1);
    }
}
