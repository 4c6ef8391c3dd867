//! The chain: contracts as cosmwasm-vm instances, a bank, a block, IBC
//! channels between contracts, and the dispatch of everything a response asks.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Attribute, BankMsg, BankQuery, Binary, BlockInfo, Coin,
    ContractResult, CosmosMsg, Empty, Env, Event, IbcAcknowledgement, IbcBasicResponse, IbcChannel,
    IbcChannelConnectMsg, IbcChannelOpenMsg, IbcEndpoint, IbcMsg, IbcOrder, IbcPacket,
    IbcPacketAckMsg, IbcPacketReceiveMsg, IbcPacketTimeoutMsg, IbcReceiveResponse, MessageInfo,
    MsgResponse, QueryRequest, Reply, ReplyOn, Response, SubMsg, SubMsgResponse, SubMsgResult,
    SystemError, SystemResult, Timestamp, WasmMsg, WasmQuery,
};
use cosmwasm_vm::testing::MockApi;
use cosmwasm_vm::{
    call_execute, call_ibc_channel_connect, call_ibc_channel_open, call_ibc_packet_ack,
    call_ibc_packet_receive, call_ibc_packet_timeout, call_instantiate, call_query, call_reply,
    call_sudo, Backend, BackendResult, GasInfo, Instance, InstanceOptions, Querier, Size, VmResult,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ChainError, EntryPoint};
use crate::storage::{CountingStorage, KvCounts};

/// Far above anything a run uses; the VM meters, never stops.
const GAS_LIMIT: u64 = 100_000_000_000_000_000;
const MEMORY_LIMIT: Size = Size::mebi(16);

/// The bank account ICS-20 transfers leave their funds in (the transfer
/// module's escrow, or the burn of a returning voucher).
pub const ICS20_ESCROW: &str = "ics20-escrow";
/// The bank account `BankMsg::Burn` sends to.
pub const BURNED: &str = "burned";
/// Prefix of a CosmWasm contract's IBC port (`wasm.<address>`).
pub const WASM_PORT_PREFIX: &str = "wasm.";
const CONNECTION_ID: &str = "connection-0";
/// What wasmd hands a reply instead of a failed submessage's error
/// (`redactError`: the error's codespace and code only).
pub const REDACTED_SUBMSG_ERROR: &str = "codespace: wasm, code: 5";

/// What one or more calls did, summed over every contract they touched.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub kv: KvCounts,
    /// Execute, instantiate, sudo and IBC entry-point calls (the message and
    /// each submessage).
    pub executes: u64,
    /// Replies to submessages.
    pub replies: u64,
    /// Contract-to-contract queries.
    pub queries: u64,
    /// IBC messages the contracts emitted (`SendPacket`, ICS-20 `Transfer`):
    /// handled by core IBC and the transfer module, not by a contract.
    pub ibc_messages: u64,
    /// Labels of the contracts called or queried.
    pub touched: BTreeSet<String>,
}

/// What a transaction changed, newest last, to roll back a failed call.
pub(crate) enum Undo {
    Storage {
        contract: String,
        key: Vec<u8>,
        prev: Option<Vec<u8>>,
    },
    Bank {
        key: (String, String),
        prev: Option<u128>,
    },
    Contract {
        address: String,
    },
    Instantiated {
        prev: u64,
    },
    Sequence {
        key: (String, String),
        prev: Option<u64>,
    },
    Packet,
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

/// The shared state: contracts, bank balances, the block, the counters and
/// the journal of the open transaction.
struct World {
    contracts: RefCell<BTreeMap<String, Rc<Contract>>>,
    bank: RefCell<BTreeMap<(String, String), u128>>,
    block: RefCell<BlockInfo>,
    tally: Rc<RefCell<Tally>>,
    journal: Rc<RefCell<Vec<Undo>>>,
}

impl World {
    fn contract(&self, addr: &str) -> Result<Rc<Contract>, ChainError> {
        self.contracts
            .borrow()
            .get(addr)
            .cloned()
            .ok_or_else(|| ChainError::NoContract {
                address: addr.to_string(),
            })
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

    fn set_balance(&self, key: (String, String), amount: u128) {
        let prev = self.bank.borrow_mut().insert(key.clone(), amount);
        self.journal.borrow_mut().push(Undo::Bank { key, prev });
    }

    fn transfer(&self, from: &str, to: &str, coins: &[Coin]) -> Result<(), ChainError> {
        for coin in coins {
            let amount = coin.amount.u128();
            let have = self.balance(from, &coin.denom);
            if have < amount {
                return Err(ChainError::InsufficientFunds {
                    account: from.to_string(),
                    denom: coin.denom.clone(),
                    have,
                    need: amount,
                });
            }
            self.set_balance((from.to_string(), coin.denom.clone()), have - amount);
            let to_have = self.balance(to, &coin.denom);
            self.set_balance((to.to_string(), coin.denom.clone()), to_have + amount);
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
                    serde_json::to_vec(&answer)
                        .expect("a balance serializes")
                        .into(),
                ))
            }
            QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg }) => {
                let Ok(contract) = self.contract(&contract_addr) else {
                    return SystemResult::Err(SystemError::NoSuchContract {
                        addr: contract_addr,
                    });
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
                // counted as a read of the queried contract's store
                let value = instance
                    .with_storage(|s| {
                        Ok(cosmwasm_vm::Storage::get(s, key.as_slice())
                            .0
                            .ok()
                            .flatten())
                    })
                    .unwrap_or_default()
                    .unwrap_or_default();
                SystemResult::Ok(ContractResult::Ok(value.into()))
            }
            _ => unsupported("query"),
        }
    }
}

/// Protobuf: one length-delimited field (for `msg_responses` in replies).
pub fn proto_field(field: u8, bytes: &[u8]) -> Vec<u8> {
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

/// A submessage's success as its reply carries it: data and
/// `msg_responses`; `events` (deprecated since CosmWasm 2) stay empty.
#[allow(deprecated)]
fn success(data: Option<Binary>, msg_responses: Vec<MsgResponse>) -> SubMsgResult {
    SubMsgResult::Ok(SubMsgResponse {
        events: vec![],
        data,
        msg_responses,
    })
}

fn json<M: Serialize>(msg: &M) -> Result<Binary, ChainError> {
    to_json_binary(msg).map_err(ChainError::serialization)
}

/// wasmd's events for one call: the response's attributes in a `wasm` event
/// and each custom event as `wasm-<type>`, all led by `_contract_address`.
fn contract_events(address: &str, attributes: Vec<Attribute>, events: Vec<Event>) -> Vec<Event> {
    let mut out = vec![];
    if !attributes.is_empty() {
        out.push(
            Event::new("wasm")
                .add_attribute("_contract_address", address)
                .add_attributes(attributes),
        );
    }
    for event in events {
        out.push(
            Event::new(format!("wasm-{}", event.ty))
                .add_attribute("_contract_address", address)
                .add_attributes(event.attributes),
        );
    }
    out
}

/// What a transaction returned: the data of the call (or of the reply that
/// replaced it, as in wasmd) and the events of every call that stayed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Executed {
    pub data: Option<Binary>,
    pub events: Vec<Event>,
}

impl Executed {
    /// The value of the first attribute named `key`, in any event.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.events
            .iter()
            .flat_map(|e| e.attributes.iter())
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }

    /// The data, deserialized.
    pub fn parse_data<T: DeserializeOwned>(&self) -> Result<T, ChainError> {
        let data = self.data.as_ref().ok_or(ChainError::Serialization {
            error: "the call returned no data".to_string(),
        })?;
        from_json(data).map_err(ChainError::serialization)
    }
}

/// A message a contract sent, as the chain dispatched it (see
/// [`Chain::record_messages`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Dispatched {
    pub sender: Addr,
    pub submsg: SubMsg,
}

/// The data and events of a message or a response.
#[derive(Default)]
struct Outcome {
    data: Option<Binary>,
    events: Vec<Event>,
}

/// The chain: instances, bank, block, channels, and the counters.
pub struct Chain {
    world: Rc<World>,
    api: MockApi,
    /// Stored code by id, for `WasmMsg::Instantiate`.
    codes: BTreeMap<u64, (String, Rc<Vec<u8>>)>,
    instantiated: u64,
    /// Open channels by (contract, channel id), as that end sees them.
    channels: BTreeMap<(String, String), IbcChannel>,
    /// Last packet sequence sent on each (contract, channel id).
    sequences: BTreeMap<(String, String), u64>,
    /// Packets sent and not yet taken by the relayer.
    outbox: Vec<IbcPacket>,
    /// Transactions open (a call and its submessages): the journal is kept
    /// until the outermost one ends.
    depth: u32,
    recording: bool,
    dispatched: Vec<Dispatched>,
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
                journal: Rc::new(RefCell::new(Vec::new())),
            }),
            api: MockApi::default(),
            codes: BTreeMap::new(),
            instantiated: 0,
            channels: BTreeMap::new(),
            sequences: BTreeMap::new(),
            outbox: Vec::new(),
            depth: 0,
            recording: false,
            dispatched: Vec::new(),
        }
    }

    // ------------------------------------------------------------ setup

    /// A valid bech32 address for a name, as the VM's MockApi expects.
    pub fn addr(&self, name: &str) -> Addr {
        Addr::unchecked(self.api.addr_make(name))
    }

    /// Stores code under `code_id` for contracts to instantiate
    /// (`WasmMsg::Instantiate`).
    pub fn store_code(&mut self, code_id: u64, label: &str, wasm: &[u8]) {
        self.codes
            .insert(code_id, (label.to_string(), Rc::new(wasm.to_vec())));
    }

    /// Loads `wasm` as a new instance at `address` (not yet instantiated).
    /// `label` names the contract in errors and in [`Tally::touched`].
    pub fn store(&mut self, label: &str, address: &Addr, wasm: &[u8]) -> Result<(), ChainError> {
        let backend = Backend {
            api: self.api,
            storage: CountingStorage::new(
                address.as_str(),
                self.world.tally.clone(),
                self.world.journal.clone(),
            ),
            querier: ChainQuerier {
                world: self.world.clone(),
            },
        };
        let options = InstanceOptions {
            gas_limit: GAS_LIMIT,
        };
        let instance =
            Instance::from_code(wasm, backend, options, Some(MEMORY_LIMIT)).map_err(|e| {
                ChainError::Load {
                    label: label.to_string(),
                    error: e.to_string(),
                }
            })?;
        self.world.contracts.borrow_mut().insert(
            address.to_string(),
            Rc::new(Contract {
                label: label.to_string(),
                instance: RefCell::new(instance),
            }),
        );
        Ok(())
    }

    /// Loads `wasm` at the address made from `label` and instantiates it.
    pub fn deploy<M: Serialize>(
        &mut self,
        label: &str,
        wasm: &[u8],
        sender: &Addr,
        msg: &M,
    ) -> Result<Addr, ChainError> {
        let address = self.addr(label);
        self.store(label, &address, wasm)?;
        self.instantiate(&address, sender, msg)?;
        Ok(address)
    }

    // ------------------------------------------------------------ block and bank

    pub fn block_time(&self) -> Timestamp {
        self.world.block.borrow().time
    }

    pub fn block(&self) -> BlockInfo {
        self.world.block.borrow().clone()
    }

    /// Moves the clock `seconds` on, and the height one block per 5 s.
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

    // ------------------------------------------------------------ counters

    /// Sum of the VM gas every instance has used so far.
    pub fn vm_gas_used(&self) -> u64 {
        self.world
            .contracts
            .borrow()
            .values()
            .map(|c| GAS_LIMIT - c.instance.borrow_mut().get_gas_left())
            .sum()
    }

    /// The VM gas one contract has used so far.
    pub fn vm_gas_used_by(&self, contract: &Addr) -> Result<u64, ChainError> {
        let c = self.world.contract(contract.as_str())?;
        let left = c.instance.borrow_mut().get_gas_left();
        Ok(GAS_LIMIT - left)
    }

    /// Clears the counters; returns what they held.
    pub fn take_tally(&mut self) -> Tally {
        std::mem::take(&mut *self.world.tally.borrow_mut())
    }

    /// Records every message contracts send from now on (off by default: a
    /// long run would keep them all); [`Chain::take_messages`] returns them.
    pub fn record_messages(&mut self, on: bool) {
        self.recording = on;
    }

    /// The messages dispatched since the last call, in order (those of
    /// calls that were rolled back included).
    pub fn take_messages(&mut self) -> Vec<Dispatched> {
        std::mem::take(&mut self.dispatched)
    }

    // ------------------------------------------------------------ transactions

    /// Runs `f` as one transaction: on error, everything it wrote (contract
    /// storage, bank, new contracts, packets) is rolled back.
    fn atomic<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ChainError>,
    ) -> Result<T, ChainError> {
        let mark = self.world.journal.borrow().len();
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        if result.is_err() {
            self.revert_to(mark);
        }
        if self.depth == 0 {
            self.world.journal.borrow_mut().clear();
        }
        result
    }

    fn revert_to(&mut self, mark: usize) {
        loop {
            let undo = {
                let mut journal = self.world.journal.borrow_mut();
                if journal.len() <= mark {
                    break;
                }
                journal.pop().expect("journal entry")
            };
            match undo {
                Undo::Storage {
                    contract,
                    key,
                    prev,
                } => {
                    if let Ok(c) = self.world.contract(&contract) {
                        let _ = c.instance.borrow_mut().with_storage(|s| {
                            s.restore(&key, prev);
                            Ok(())
                        });
                    }
                }
                Undo::Bank { key, prev } => {
                    let mut bank = self.world.bank.borrow_mut();
                    match prev {
                        Some(amount) => bank.insert(key, amount),
                        None => bank.remove(&key),
                    };
                }
                Undo::Contract { address } => {
                    self.world.contracts.borrow_mut().remove(&address);
                }
                Undo::Instantiated { prev } => self.instantiated = prev,
                Undo::Sequence { key, prev } => {
                    match prev {
                        Some(sequence) => self.sequences.insert(key, sequence),
                        None => self.sequences.remove(&key),
                    };
                }
                Undo::Packet => {
                    self.outbox.pop();
                }
            }
        }
    }

    fn journal(&self, undo: Undo) {
        self.world.journal.borrow_mut().push(undo);
    }

    // ------------------------------------------------------------ calls

    fn note_call(&self, label: &str, reply: bool) {
        let mut tally = self.world.tally.borrow_mut();
        if reply {
            tally.replies += 1;
        } else {
            tally.executes += 1;
        }
        tally.touched.insert(label.to_string());
    }

    /// Calls one entry point of `contract` (counted as an execute, or as a
    /// reply) and returns its response, not yet dispatched.
    fn call<T>(
        &self,
        contract: &Addr,
        entry_point: EntryPoint,
        call: impl FnOnce(&mut VmInstance, &Env) -> VmResult<ContractResult<T>>,
    ) -> Result<T, ChainError> {
        let c = self.world.contract(contract.as_str())?;
        self.note_call(&c.label, entry_point == EntryPoint::Reply);
        let env = self.world.env(contract.as_str());
        let result = call(&mut c.instance.borrow_mut(), &env);
        match result {
            Err(e) => Err(ChainError::Vm {
                label: c.label.clone(),
                entry_point,
                error: e.to_string(),
            }),
            Ok(ContractResult::Err(error)) => Err(ChainError::Contract {
                label: c.label.clone(),
                entry_point,
                error,
            }),
            Ok(ContractResult::Ok(value)) => Ok(value),
        }
    }

    /// Instantiates the contract loaded at `contract` (no funds) and
    /// dispatches what it asks.
    pub fn instantiate<M: Serialize>(
        &mut self,
        contract: &Addr,
        sender: &Addr,
        msg: &M,
    ) -> Result<Executed, ChainError> {
        let msg = json(msg)?;
        self.atomic(|chain| {
            let info = MessageInfo {
                sender: sender.clone(),
                funds: vec![],
            };
            let res: Response = chain.call(contract, EntryPoint::Instantiate, |i, env| {
                call_instantiate(i, env, &info, msg.as_slice())
            })?;
            chain.dispatch(contract, res).map(Executed::from)
        })
    }

    /// A governance proposal's `MsgSudoContract`.
    pub fn sudo<M: Serialize>(&mut self, contract: &Addr, msg: &M) -> Result<Executed, ChainError> {
        let msg = json(msg)?;
        self.atomic(|chain| {
            let res: Response = chain.call(contract, EntryPoint::Sudo, |i, env| {
                call_sudo(i, env, msg.as_slice())
            })?;
            chain.dispatch(contract, res).map(Executed::from)
        })
    }

    /// A user's transaction: executes `msg` with `funds` and relays
    /// everything it triggers. On error nothing it did stays.
    pub fn execute<M: Serialize>(
        &mut self,
        contract: &Addr,
        sender: &Addr,
        msg: &M,
        funds: &[Coin],
    ) -> Result<Executed, ChainError> {
        let msg = json(msg)?;
        self.atomic(|chain| {
            chain
                .execute_raw(contract, sender, &msg, funds)
                .map(Executed::from)
        })
    }

    /// A smart query from outside (not counted).
    pub fn query<M: Serialize, T: DeserializeOwned>(
        &self,
        contract: &Addr,
        msg: &M,
    ) -> Result<T, ChainError> {
        let c = self.world.contract(contract.as_str())?;
        let env = self.world.env(contract.as_str());
        let msg = json(msg)?;
        let result = call_query(&mut c.instance.borrow_mut(), &env, msg.as_slice());
        let bin = match result {
            Err(e) => Err(ChainError::Vm {
                label: c.label.clone(),
                entry_point: EntryPoint::Query,
                error: e.to_string(),
            }),
            Ok(ContractResult::Err(error)) => Err(ChainError::Contract {
                label: c.label.clone(),
                entry_point: EntryPoint::Query,
                error,
            }),
            Ok(ContractResult::Ok(bin)) => Ok(bin),
        }?;
        from_json(&bin).map_err(ChainError::serialization)
    }

    fn execute_raw(
        &mut self,
        contract: &Addr,
        sender: &Addr,
        msg: &Binary,
        funds: &[Coin],
    ) -> Result<Outcome, ChainError> {
        self.world.contract(contract.as_str())?;
        self.world
            .transfer(sender.as_str(), contract.as_str(), funds)?;
        let info = MessageInfo {
            sender: sender.clone(),
            funds: funds.to_vec(),
        };
        let res: Response = self.call(contract, EntryPoint::Execute, |i, env| {
            call_execute(i, env, &info, msg.as_slice())
        })?;
        self.dispatch(contract, res)
    }

    /// Runs a response's messages in order, replying where asked. Returns the
    /// response's data, or the data a reply set instead, and the events.
    fn dispatch(&mut self, contract: &Addr, res: Response) -> Result<Outcome, ChainError> {
        let mut events = contract_events(contract.as_str(), res.attributes, res.events);
        let replied = self.dispatch_messages(contract, res.messages, &mut events)?;
        Ok(Outcome {
            data: replied.or(res.data),
            events,
        })
    }

    /// Runs messages in order, each in its own transaction, replying where
    /// asked; returns the data set by the last reply that set any.
    fn dispatch_messages(
        &mut self,
        contract: &Addr,
        messages: Vec<SubMsg>,
        events: &mut Vec<Event>,
    ) -> Result<Option<Binary>, ChainError> {
        let mut data = None;
        for sub in messages {
            if self.recording {
                self.dispatched.push(Dispatched {
                    sender: contract.clone(),
                    submsg: sub.clone(),
                });
            }
            let reply_on_error = matches!(sub.reply_on, ReplyOn::Always | ReplyOn::Error);
            let reply_on_success = matches!(sub.reply_on, ReplyOn::Always | ReplyOn::Success);
            let result = self.atomic(|chain| chain.run_msg(contract, sub.msg));
            let result = match result {
                Ok((outcome, msg_response)) => {
                    events.extend(outcome.events);
                    if !reply_on_success {
                        continue;
                    }
                    success(outcome.data, msg_response.into_iter().collect())
                }
                Err(_) if reply_on_error => SubMsgResult::Err(REDACTED_SUBMSG_ERROR.to_string()),
                Err(e) => return Err(e),
            };
            let reply = Reply {
                id: sub.id,
                payload: sub.payload,
                gas_used: 0,
                result,
            };
            let res: Response = self.call(contract, EntryPoint::Reply, |i, env| {
                call_reply(i, env, &reply)
            })?;
            let outcome = self.dispatch(contract, res)?;
            events.extend(outcome.events);
            if let Some(d) = outcome.data {
                data = Some(d);
            }
        }
        Ok(data)
    }

    /// Runs one message; returns its data and events, and its
    /// `msg_responses` entry.
    fn run_msg(
        &mut self,
        sender: &Addr,
        msg: CosmosMsg,
    ) -> Result<(Outcome, Option<MsgResponse>), ChainError> {
        match msg {
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                self.world.transfer(sender.as_str(), &to_address, &amount)?;
                Ok((Outcome::default(), None))
            }
            CosmosMsg::Bank(BankMsg::Burn { amount }) => {
                self.world.transfer(sender.as_str(), BURNED, &amount)?;
                Ok((Outcome::default(), None))
            }
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                let outcome =
                    self.execute_raw(&Addr::unchecked(contract_addr), sender, &msg, &funds)?;
                let value = outcome
                    .data
                    .as_ref()
                    .map(|d| proto_field(1, d.as_slice()))
                    .unwrap_or_default();
                let response = MsgResponse {
                    type_url: "/cosmwasm.wasm.v1.MsgExecuteContractResponse".to_string(),
                    value: value.into(),
                };
                Ok((outcome, Some(response)))
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
                    .ok_or(ChainError::NoCode { code_id })?;
                self.journal(Undo::Instantiated {
                    prev: self.instantiated,
                });
                self.instantiated += 1;
                let address = self.addr(&format!("contract-{}", self.instantiated));
                self.store(&label, &address, &wasm)?;
                self.journal(Undo::Contract {
                    address: address.to_string(),
                });
                self.world
                    .transfer(sender.as_str(), address.as_str(), &funds)?;
                let info = MessageInfo {
                    sender: sender.clone(),
                    funds,
                };
                let res: Response = self.call(&address, EntryPoint::Instantiate, |i, env| {
                    call_instantiate(i, env, &info, msg.as_slice())
                })?;
                let mut outcome = self.dispatch(&address, res)?;
                outcome.events.insert(
                    0,
                    Event::new("instantiate")
                        .add_attribute("_contract_address", address.as_str())
                        .add_attribute("code_id", code_id.to_string()),
                );
                let mut value = proto_field(1, address.as_bytes());
                if let Some(d) = &outcome.data {
                    value.extend(proto_field(2, d.as_slice()));
                }
                let response = MsgResponse {
                    type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".to_string(),
                    value: value.into(),
                };
                Ok((outcome, Some(response)))
            }
            CosmosMsg::Ibc(IbcMsg::SendPacket {
                channel_id,
                data,
                timeout,
            }) => {
                let key = (sender.to_string(), channel_id);
                let channel = self
                    .channels
                    .get(&key)
                    .ok_or_else(|| ChainError::NoChannel {
                        contract: sender.to_string(),
                        channel_id: key.1.clone(),
                    })?;
                let (src, dest) = (
                    channel.endpoint.clone(),
                    channel.counterparty_endpoint.clone(),
                );
                let prev = self.sequences.get(&key).copied();
                self.journal(Undo::Sequence {
                    key: key.clone(),
                    prev,
                });
                let sequence = prev.unwrap_or(0) + 1;
                self.sequences.insert(key, sequence);
                self.outbox
                    .push(IbcPacket::new(data, src, dest, sequence, timeout));
                self.journal(Undo::Packet);
                self.world.tally.borrow_mut().ibc_messages += 1;
                Ok((Outcome::default(), None))
            }
            CosmosMsg::Ibc(IbcMsg::Transfer { amount, .. }) => {
                // Not relayed: the funds leave the sender as the transfer
                // module escrows (or burns) them; no contract runs here.
                self.world.transfer(
                    sender.as_str(),
                    ICS20_ESCROW,
                    std::slice::from_ref(&amount),
                )?;
                self.world.tally.borrow_mut().ibc_messages += 1;
                Ok((Outcome::default(), None))
            }
            other => Err(ChainError::Unsupported {
                what: format!("{other:?}"),
            }),
        }
    }

    // ------------------------------------------------------------ IBC

    /// Opens a channel between `a` (which starts the handshake) and `b`:
    /// OpenInit and OpenAck on `a`, OpenTry and OpenConfirm on `b`, each end
    /// answering with the version it accepts. Either end refusing leaves no
    /// trace.
    pub fn open_channel(
        &mut self,
        (a, a_channel): (&Addr, &str),
        (b, b_channel): (&Addr, &str),
        version: &str,
        order: IbcOrder,
    ) -> Result<(), ChainError> {
        let end = |contract: &Addr, channel_id: &str| IbcEndpoint {
            port_id: format!("{WASM_PORT_PREFIX}{contract}"),
            channel_id: channel_id.to_string(),
        };
        let channel = |own: IbcEndpoint, counterparty: IbcEndpoint, version: &str| {
            IbcChannel::new(own, counterparty, order.clone(), version, CONNECTION_ID)
        };
        let (a_end, b_end) = self.atomic(|chain| {
            // At OpenInit the counterparty's channel id is not known yet.
            let init = IbcChannelOpenMsg::new_init(channel(end(a, a_channel), end(b, ""), version));
            let a_version = chain
                .call(a, EntryPoint::IbcChannelOpen, |i, env| {
                    call_ibc_channel_open(i, env, &init)
                })?
                .map_or_else(|| version.to_string(), |r| r.version);
            let try_msg = IbcChannelOpenMsg::new_try(
                channel(end(b, b_channel), end(a, a_channel), &a_version),
                a_version.clone(),
            );
            let b_version = chain
                .call(b, EntryPoint::IbcChannelOpen, |i, env| {
                    call_ibc_channel_open(i, env, &try_msg)
                })?
                .map_or_else(|| a_version.clone(), |r| r.version);
            let a_end = channel(end(a, a_channel), end(b, b_channel), &b_version);
            let b_end = channel(end(b, b_channel), end(a, a_channel), &b_version);
            let ack = IbcChannelConnectMsg::new_ack(a_end.clone(), b_version);
            let res: IbcBasicResponse =
                chain.call(a, EntryPoint::IbcChannelConnect, |i, env| {
                    call_ibc_channel_connect(i, env, &ack)
                })?;
            chain.dispatch_messages(a, res.messages, &mut vec![])?;
            let confirm = IbcChannelConnectMsg::new_confirm(b_end.clone());
            let res: IbcBasicResponse =
                chain.call(b, EntryPoint::IbcChannelConnect, |i, env| {
                    call_ibc_channel_connect(i, env, &confirm)
                })?;
            chain.dispatch_messages(b, res.messages, &mut vec![])?;
            Ok((a_end, b_end))
        })?;
        self.channels
            .insert((a.to_string(), a_channel.to_string()), a_end);
        self.channels
            .insert((b.to_string(), b_channel.to_string()), b_end);
        Ok(())
    }

    /// The packets sent since the last call, in order.
    pub fn take_packets(&mut self) -> Vec<IbcPacket> {
        std::mem::take(&mut self.outbox)
    }

    /// A relayer's `MsgRecvPacket`: the destination contract's
    /// `ibc_packet_receive` and everything it dispatches. Returns the
    /// acknowledgement (as in wasmd, data set by a reply replaces it).
    ///
    /// A contract error is returned as an error with everything rolled
    /// back (wasmd would write an error acknowledgement instead): a
    /// contract whose receive can fail shows up here.
    pub fn receive_packet(
        &mut self,
        packet: &IbcPacket,
        relayer: &Addr,
    ) -> Result<Binary, ChainError> {
        let dest = self.packet_end(&packet.dest)?;
        if let Some(timeout) = packet.timeout.timestamp() {
            if self.block_time() >= timeout {
                return Err(ChainError::PacketTimedOut {
                    sequence: packet.sequence,
                });
            }
        }
        let msg = IbcPacketReceiveMsg::new(packet.clone(), relayer.clone());
        self.atomic(|chain| {
            let res: IbcReceiveResponse =
                chain.call(&dest, EntryPoint::IbcPacketReceive, |i, env| {
                    call_ibc_packet_receive(i, env, &msg)
                })?;
            let ack = res
                .acknowledgement
                .ok_or(ChainError::AsyncAcknowledgement)?;
            let replied = chain.dispatch_messages(&dest, res.messages, &mut vec![])?;
            Ok(replied.unwrap_or(ack))
        })
    }

    /// A relayer's `MsgAcknowledgement`: the sending contract's
    /// `ibc_packet_ack` and everything it dispatches.
    pub fn acknowledge_packet(
        &mut self,
        packet: &IbcPacket,
        ack: &Binary,
        relayer: &Addr,
    ) -> Result<(), ChainError> {
        let src = self.packet_end(&packet.src)?;
        let msg = IbcPacketAckMsg::new(
            IbcAcknowledgement::new(ack.clone()),
            packet.clone(),
            relayer.clone(),
        );
        self.atomic(|chain| {
            let res: IbcBasicResponse = chain.call(&src, EntryPoint::IbcPacketAck, |i, env| {
                call_ibc_packet_ack(i, env, &msg)
            })?;
            chain
                .dispatch_messages(&src, res.messages, &mut vec![])
                .map(|_| ())
        })
    }

    /// A relayer's `MsgTimeout` for a packet never received, once the
    /// block time passed its timeout: the sending contract's
    /// `ibc_packet_timeout`.
    pub fn timeout_packet(&mut self, packet: &IbcPacket, relayer: &Addr) -> Result<(), ChainError> {
        let src = self.packet_end(&packet.src)?;
        let timed_out = packet
            .timeout
            .timestamp()
            .is_some_and(|t| self.block_time() >= t);
        if !timed_out {
            return Err(ChainError::PacketNotTimedOut {
                sequence: packet.sequence,
            });
        }
        let msg = IbcPacketTimeoutMsg::new(packet.clone(), relayer.clone());
        self.atomic(|chain| {
            let res: IbcBasicResponse =
                chain.call(&src, EntryPoint::IbcPacketTimeout, |i, env| {
                    call_ibc_packet_timeout(i, env, &msg)
                })?;
            chain
                .dispatch_messages(&src, res.messages, &mut vec![])
                .map(|_| ())
        })
    }

    /// The contract behind a packet's endpoint, which must be an open channel.
    fn packet_end(&self, endpoint: &IbcEndpoint) -> Result<Addr, ChainError> {
        let contract = endpoint
            .port_id
            .strip_prefix(WASM_PORT_PREFIX)
            .ok_or_else(|| ChainError::NotAContractPort {
                port_id: endpoint.port_id.clone(),
            })?;
        let key = (contract.to_string(), endpoint.channel_id.clone());
        if !self.channels.contains_key(&key) {
            return Err(ChainError::NoChannel {
                contract: contract.to_string(),
                channel_id: endpoint.channel_id.clone(),
            });
        }
        Ok(Addr::unchecked(contract))
    }
}

impl From<Outcome> for Executed {
    fn from(o: Outcome) -> Self {
        Executed {
            data: o.data,
            events: o.events,
        }
    }
}
