//! A tiny in-process chain over cosmwasm-vm instances.
//!
//! Every contract is one real VM instance of its optimized artifact. The
//! runner relays what the chain would: `WasmMsg::Execute` (with funds),
//! submessages and their replies, bank sends, and the contracts' queries to
//! each other and to the bank. It counts every contract call (execute, reply,
//! query) and, through [`CountingStorage`], every KV read, write, delete and
//! iterator step, so the SDK gas of an action can be estimated (see `gas.rs`).
//!
//! No rollback: a failing message fails the whole action, which the
//! benchmark reports as an error (it never relies on a handled failure).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, BankMsg, BankQuery, Binary, BlockInfo, Coin, ContractResult,
    CosmosMsg, Empty, Env, MessageInfo, MsgResponse, Order, QueryRequest, Record, Reply, ReplyOn,
    Response, SubMsgResponse, SubMsgResult, SystemError, SystemResult, WasmMsg, WasmQuery,
};
use cosmwasm_vm::testing::{MockApi, MockStorage};
use cosmwasm_vm::{
    call_execute, call_instantiate, call_query, call_reply, call_sudo, Backend, BackendResult,
    GasInfo, Instance, InstanceOptions, Querier, Size, Storage,
};

use crate::gas::CONTRACT_STORE_PREFIX_BYTES;

/// Far above anything a benchmark run uses; the VM meters, never stops.
const GAS_LIMIT: u64 = 100_000_000_000_000_000;
const MEMORY_LIMIT: Size = Size::mebi(16);

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

/// What one action did, summed over every contract it touched.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub kv: KvCounts,
    /// Execute, instantiate and sudo calls (the message and each submessage).
    pub executes: u64,
    /// Replies to submessages.
    pub replies: u64,
    /// Contract-to-contract queries.
    pub queries: u64,
    pub touched: BTreeSet<String>,
}

/// cosmwasm-vm's MockStorage with every operation counted. Storage gas is
/// reported as free to the VM: the SDK meters it (see `gas.rs`), so the VM
/// gas is Wasm execution and host calls only.
pub struct CountingStorage {
    inner: MockStorage,
    tally: Rc<RefCell<Tally>>,
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
        let (result, _) = self.inner.set(key, value);
        let kv = &mut self.tally.borrow_mut().kv;
        kv.writes += 1;
        kv.write_bytes += CONTRACT_STORE_PREFIX_BYTES + (key.len() + value.len()) as u64;
        (result, GasInfo::free())
    }

    fn remove(&mut self, key: &[u8]) -> BackendResult<()> {
        let (result, _) = self.inner.remove(key);
        self.tally.borrow_mut().kv.deletes += 1;
        (result, GasInfo::free())
    }
}

/// Answers a contract's queries from the other instances and the bank.
pub struct ChainQuerier {
    world: Rc<World>,
}

impl Querier for ChainQuerier {
    fn query_raw(
        &self,
        request: &[u8],
        _gas_limit: u64,
    ) -> BackendResult<SystemResult<ContractResult<Binary>>> {
        (Ok(self.world.query(request)), GasInfo::free())
    }
}

pub type VmInstance = Instance<MockApi, CountingStorage, ChainQuerier>;

struct Contract {
    label: String,
    instance: RefCell<VmInstance>,
}

/// The shared state: contracts, bank balances, the block.
struct World {
    contracts: RefCell<BTreeMap<String, Rc<Contract>>>,
    bank: RefCell<BTreeMap<(String, String), u128>>,
    block: RefCell<BlockInfo>,
    tally: Rc<RefCell<Tally>>,
}

impl World {
    fn contract(&self, addr: &str) -> Result<Rc<Contract>, String> {
        self.contracts
            .borrow()
            .get(addr)
            .cloned()
            .ok_or_else(|| format!("no contract at {addr}"))
    }

    fn env(&self, contract: &str) -> Env {
        let mut env = mock_env();
        env.block = self.block.borrow().clone();
        env.contract.address = Addr::unchecked(contract);
        env
    }

    fn balance(&self, addr: &str, denom: &str) -> u128 {
        *self
            .bank
            .borrow()
            .get(&(addr.to_string(), denom.to_string()))
            .unwrap_or(&0)
    }

    fn transfer(&self, from: &str, to: &str, coins: &[Coin]) -> Result<(), String> {
        let mut bank = self.bank.borrow_mut();
        for coin in coins {
            let amount = coin.amount.u128();
            let key = (from.to_string(), coin.denom.clone());
            let have = bank.get(&key).copied().unwrap_or(0);
            if have < amount {
                return Err(format!("{from} has {have}{}, needs {amount}", coin.denom));
            }
            bank.insert(key, have - amount);
            *bank
                .entry((to.to_string(), coin.denom.clone()))
                .or_insert(0) += amount;
        }
        Ok(())
    }

    fn query(&self, request: &[u8]) -> SystemResult<ContractResult<Binary>> {
        let request: QueryRequest<Empty> = match from_json(request) {
            Ok(r) => r,
            Err(e) => {
                return SystemResult::Err(SystemError::InvalidRequest {
                    error: e.to_string(),
                    request: request.into(),
                })
            }
        };
        let unsupported = |kind: &str| {
            SystemResult::Err(SystemError::UnsupportedRequest {
                kind: kind.to_string(),
            })
        };
        match request {
            QueryRequest::Bank(BankQuery::Balance { address, denom }) => {
                let amount = self.balance(&address, &denom);
                let answer = serde_json::json!({
                    "amount": {"denom": denom, "amount": amount.to_string()}
                });
                SystemResult::Ok(ContractResult::Ok(
                    serde_json::to_vec(&answer).unwrap().into(),
                ))
            }
            QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg }) => {
                let contract = match self.contract(&contract_addr) {
                    Ok(c) => c,
                    Err(_) => {
                        return SystemResult::Err(SystemError::NoSuchContract {
                            addr: contract_addr,
                        })
                    }
                };
                let Ok(mut instance) = contract.instance.try_borrow_mut() else {
                    return unsupported("re-entrant query");
                };
                {
                    let mut tally = self.tally.borrow_mut();
                    tally.queries += 1;
                    tally.touched.insert(contract.label.clone());
                }
                let env = self.env(&contract_addr);
                match call_query(&mut instance, &env, msg.as_slice()) {
                    Ok(result) => SystemResult::Ok(result),
                    Err(e) => SystemResult::Ok(ContractResult::Err(e.to_string())),
                }
            }
            QueryRequest::Wasm(WasmQuery::Raw { contract_addr, key }) => {
                let Ok(contract) = self.contract(&contract_addr) else {
                    return SystemResult::Err(SystemError::NoSuchContract {
                        addr: contract_addr,
                    });
                };
                let Ok(mut instance) = contract.instance.try_borrow_mut() else {
                    return unsupported("re-entrant raw query");
                };
                let value = instance
                    .with_storage(|s| Ok(s.get(key.as_slice()).0.ok().flatten()))
                    .unwrap_or_default()
                    .unwrap_or_default();
                SystemResult::Ok(ContractResult::Ok(value.into()))
            }
            _ => unsupported("query"),
        }
    }
}

/// Protobuf: one length-delimited field (for `msg_responses` in replies).
fn proto_field(field: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![(field << 3) | 2];
    let mut len = bytes.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(bytes);
    out
}

fn vm<T>(result: cosmwasm_vm::VmResult<ContractResult<T>>, what: &str) -> Result<T, String> {
    result
        .map_err(|e| format!("{what}: VM error: {e}"))?
        .into_result()
        .map_err(|e| format!("{what}: {e}"))
}

/// The chain: instances, bank, block, and the counters of the current action.
pub struct Chain {
    world: Rc<World>,
    api: MockApi,
    /// Stored code by id, for `WasmMsg::Instantiate`.
    codes: BTreeMap<u64, (String, Rc<Vec<u8>>)>,
    instantiated: u64,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    pub fn new() -> Self {
        Chain {
            world: Rc::new(World {
                contracts: RefCell::new(BTreeMap::new()),
                bank: RefCell::new(BTreeMap::new()),
                block: RefCell::new(mock_env().block),
                tally: Rc::new(RefCell::new(Tally::default())),
            }),
            api: MockApi::default(),
            codes: BTreeMap::new(),
            instantiated: 0,
        }
    }

    /// Stores code under `code_id` for contracts to instantiate.
    pub fn store_code(&mut self, code_id: u64, label: &str, wasm: &[u8]) {
        self.codes
            .insert(code_id, (label.to_string(), Rc::new(wasm.to_vec())));
    }

    /// A smart query from outside (not counted in any action).
    pub fn query<M: serde::Serialize, T: serde::de::DeserializeOwned>(
        &mut self,
        contract: &Addr,
        msg: &M,
    ) -> Result<T, String> {
        let c = self.world.contract(contract.as_str())?;
        let env = self.world.env(contract.as_str());
        let msg = to_json_binary(msg).map_err(|e| e.to_string())?;
        let bin = vm(
            call_query(&mut c.instance.borrow_mut(), &env, msg.as_slice()),
            &format!("query {}", c.label),
        )?;
        from_json(&bin).map_err(|e| e.to_string())
    }

    /// A valid bech32 address for a name, as the VM's MockApi expects.
    pub fn addr(&self, name: &str) -> Addr {
        Addr::unchecked(self.api.addr_make(name))
    }

    /// Loads `wasm` as a new instance at `address` (not yet instantiated).
    pub fn store(&mut self, label: &str, address: &Addr, wasm: &[u8]) -> Result<(), String> {
        let backend = Backend {
            api: self.api,
            storage: CountingStorage {
                inner: MockStorage::default(),
                tally: self.world.tally.clone(),
            },
            querier: ChainQuerier {
                world: self.world.clone(),
            },
        };
        let options = InstanceOptions {
            gas_limit: GAS_LIMIT,
        };
        let instance = Instance::from_code(wasm, backend, options, Some(MEMORY_LIMIT))
            .map_err(|e| format!("{label}: cannot load the artifact: {e}"))?;
        self.world.contracts.borrow_mut().insert(
            address.to_string(),
            Rc::new(Contract {
                label: label.to_string(),
                instance: RefCell::new(instance),
            }),
        );
        Ok(())
    }

    pub fn block_time(&self) -> cosmwasm_std::Timestamp {
        self.world.block.borrow().time
    }

    pub fn advance(&mut self, seconds: u64) {
        let mut block = self.world.block.borrow_mut();
        block.time = block.time.plus_seconds(seconds);
        block.height += seconds.div_ceil(5).max(1);
    }

    /// Credits `coins` to `addr` (a faucet for users' funds).
    pub fn mint(&mut self, addr: &Addr, coins: &[Coin]) {
        let mut bank = self.world.bank.borrow_mut();
        for coin in coins {
            *bank
                .entry((addr.to_string(), coin.denom.clone()))
                .or_insert(0) += coin.amount.u128();
        }
    }

    pub fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        self.world.balance(addr.as_str(), denom)
    }

    /// Sum of the VM gas every instance has used so far.
    pub fn vm_gas_used(&self) -> u64 {
        self.world
            .contracts
            .borrow()
            .values()
            .map(|c| GAS_LIMIT - c.instance.borrow_mut().get_gas_left())
            .sum()
    }

    /// Clears the counters; returns what they held.
    pub fn take_tally(&mut self) -> Tally {
        std::mem::take(&mut *self.world.tally.borrow_mut())
    }

    fn note_call(&self, label: &str, reply: bool) {
        let mut tally = self.world.tally.borrow_mut();
        if reply {
            tally.replies += 1;
        } else {
            tally.executes += 1;
        }
        tally.touched.insert(label.to_string());
    }

    pub fn instantiate<M: serde::Serialize>(
        &mut self,
        contract: &Addr,
        sender: &Addr,
        msg: &M,
    ) -> Result<(), String> {
        let c = self.world.contract(contract.as_str())?;
        self.note_call(&c.label, false);
        let env = self.world.env(contract.as_str());
        let info = MessageInfo {
            sender: sender.clone(),
            funds: vec![],
        };
        let msg = to_json_binary(msg).map_err(|e| e.to_string())?;
        let res: Response = vm(
            call_instantiate(&mut c.instance.borrow_mut(), &env, &info, msg.as_slice()),
            &format!("instantiate {}", c.label),
        )?;
        self.dispatch(contract, res).map(|_| ())
    }

    pub fn sudo<M: serde::Serialize>(&mut self, contract: &Addr, msg: &M) -> Result<(), String> {
        let c = self.world.contract(contract.as_str())?;
        self.note_call(&c.label, false);
        let env = self.world.env(contract.as_str());
        let msg = to_json_binary(msg).map_err(|e| e.to_string())?;
        let res: Response = vm(
            call_sudo(&mut c.instance.borrow_mut(), &env, msg.as_slice()),
            &format!("sudo {}", c.label),
        )?;
        self.dispatch(contract, res).map(|_| ())
    }

    /// A user's transaction: executes `msg` with `funds` and relays everything
    /// it triggers. Returns the data of the call.
    pub fn execute<M: serde::Serialize>(
        &mut self,
        contract: &Addr,
        sender: &Addr,
        msg: &M,
        funds: &[Coin],
    ) -> Result<Option<Binary>, String> {
        let msg = to_json_binary(msg).map_err(|e| e.to_string())?;
        self.execute_raw(contract, sender, &msg, funds)
    }

    fn execute_raw(
        &mut self,
        contract: &Addr,
        sender: &Addr,
        msg: &Binary,
        funds: &[Coin],
    ) -> Result<Option<Binary>, String> {
        let c = self.world.contract(contract.as_str())?;
        self.world
            .transfer(sender.as_str(), contract.as_str(), funds)?;
        self.note_call(&c.label, false);
        let env = self.world.env(contract.as_str());
        let info = MessageInfo {
            sender: sender.clone(),
            funds: funds.to_vec(),
        };
        let res: Response = vm(
            call_execute(&mut c.instance.borrow_mut(), &env, &info, msg.as_slice()),
            &format!("execute {}", c.label),
        )?;
        self.dispatch(contract, res)
    }

    /// Runs a response's messages in order, replying where asked.
    fn dispatch(&mut self, contract: &Addr, res: Response) -> Result<Option<Binary>, String> {
        let mut data = res.data;
        for sub in res.messages {
            let (data_of_msg, msg_response) = self.run_msg(contract, sub.msg)?;
            if matches!(sub.reply_on, ReplyOn::Always | ReplyOn::Success) {
                let msg_responses: Vec<MsgResponse> = msg_response.into_iter().collect();
                #[allow(deprecated)]
                let reply = Reply {
                    id: sub.id,
                    payload: sub.payload,
                    gas_used: 0,
                    result: SubMsgResult::Ok(SubMsgResponse {
                        events: vec![],
                        data: data_of_msg,
                        msg_responses,
                    }),
                };
                let c = self.world.contract(contract.as_str())?;
                self.note_call(&c.label, true);
                let env = self.world.env(contract.as_str());
                let res: Response = vm(
                    call_reply(&mut c.instance.borrow_mut(), &env, &reply),
                    &format!("reply {}", c.label),
                )?;
                if let Some(d) = self.dispatch(contract, res)? {
                    data = Some(d);
                }
            }
        }
        Ok(data)
    }

    /// Runs one message; returns its data and its `msg_responses` entry.
    fn run_msg(
        &mut self,
        sender: &Addr,
        msg: CosmosMsg,
    ) -> Result<(Option<Binary>, Option<MsgResponse>), String> {
        match msg {
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                self.world.transfer(sender.as_str(), &to_address, &amount)?;
                Ok((None, None))
            }
            CosmosMsg::Bank(BankMsg::Burn { amount }) => {
                self.world.transfer(sender.as_str(), "burned", &amount)?;
                Ok((None, None))
            }
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                let data =
                    self.execute_raw(&Addr::unchecked(contract_addr), sender, &msg, &funds)?;
                let value = data
                    .as_ref()
                    .map(|d| proto_field(1, d.as_slice()))
                    .unwrap_or_default();
                let response = MsgResponse {
                    type_url: "/cosmwasm.wasm.v1.MsgExecuteContractResponse".to_string(),
                    value: value.into(),
                };
                Ok((data, Some(response)))
            }
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                code_id,
                msg,
                funds,
                ..
            }) => {
                let (label, wasm) = self
                    .codes
                    .get(&code_id)
                    .cloned()
                    .ok_or_else(|| format!("no code {code_id}"))?;
                self.instantiated += 1;
                let address = self.addr(&format!("contract-{}", self.instantiated));
                self.store(&label, &address, &wasm)?;
                self.world
                    .transfer(sender.as_str(), address.as_str(), &funds)?;
                let c = self.world.contract(address.as_str())?;
                self.note_call(&c.label, false);
                let env = self.world.env(address.as_str());
                let info = MessageInfo {
                    sender: sender.clone(),
                    funds,
                };
                let res: Response = vm(
                    call_instantiate(&mut c.instance.borrow_mut(), &env, &info, msg.as_slice()),
                    &format!("instantiate {}", c.label),
                )?;
                let data = self.dispatch(&address, res)?;
                let mut value = proto_field(1, address.as_bytes());
                if let Some(d) = &data {
                    value.extend(proto_field(2, d.as_slice()));
                }
                let response = MsgResponse {
                    type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".to_string(),
                    value: value.into(),
                };
                Ok((data, Some(response)))
            }
            other => Err(format!("the benchmark chain does not relay {other:?}")),
        }
    }
}
