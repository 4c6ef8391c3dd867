//! A tiny in-process chain over cosmwasm-vm instances.
//!
//! Every contract is one real VM instance of its optimized artifact. The
//! runner relays what the chain would: `WasmMsg::Execute` (with funds),
//! submessages and their replies, bank sends, and the contracts' queries to
//! each other and to the bank. It counts every contract call (execute, reply,
//! query, IBC entry point) and, through [`CountingStorage`], every KV read,
//! write, delete and iterator step, so the SDK gas of an action can be
//! estimated (see `gas.rs`).
//!
//! IBC between contracts of the same runner stands for IBC between two
//! chains: [`Chain::open_channel`] runs the four-step handshake on both
//! ends, `IbcMsg::SendPacket` queues the packet, and the benchmark relays it
//! with [`Chain::receive_packet`] and [`Chain::acknowledge_packet`], which
//! call the contracts' `ibc_packet_receive` and `ibc_packet_ack` as a relayer's
//! `MsgRecvPacket` and `MsgAcknowledgement` would. ICS-20 transfers are not
//! relayed: their funds leave the sender for the transfer module's escrow.
//!
//! No rollback: a failing message fails the whole action, which the
//! benchmark reports as an error (it never relies on a handled failure).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, BankMsg, BankQuery, Binary, BlockInfo, Coin, ContractResult,
    CosmosMsg, Empty, Env, IbcAcknowledgement, IbcBasicResponse, IbcChannel, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcEndpoint, IbcMsg, IbcOrder, IbcPacket, IbcPacketAckMsg,
    IbcPacketReceiveMsg, IbcReceiveResponse, MessageInfo, MsgResponse, Order, QueryRequest, Record,
    Reply, ReplyOn, Response, SubMsg, SubMsgResponse, SubMsgResult, SystemError, SystemResult,
    WasmMsg, WasmQuery,
};
use cosmwasm_vm::testing::{MockApi, MockStorage};
use cosmwasm_vm::{
    call_execute, call_ibc_channel_connect, call_ibc_channel_open, call_ibc_packet_ack,
    call_ibc_packet_receive, call_instantiate, call_query, call_reply, call_sudo, Backend,
    BackendResult, GasInfo, Instance, InstanceOptions, Querier, Size, Storage, VmResult,
};

use crate::gas::CONTRACT_STORE_PREFIX_BYTES;

/// Far above anything a benchmark run uses; the VM meters, never stops.
const GAS_LIMIT: u64 = 100_000_000_000_000_000;
const MEMORY_LIMIT: Size = Size::mebi(16);

/// The bank account ICS-20 transfers leave their funds in (the transfer
/// module's escrow, or the burn of a returning voucher).
pub const ICS20_ESCROW: &str = "ics20-escrow";
/// Prefix of a CosmWasm contract's IBC port (`wasm.<address>`).
const WASM_PORT_PREFIX: &str = "wasm.";
const CONNECTION_ID: &str = "connection-0";

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
    /// Open channels by (contract, channel id), as that end sees them.
    channels: BTreeMap<(String, String), IbcChannel>,
    /// Last packet sequence sent on each (contract, channel id).
    sequences: BTreeMap<(String, String), u64>,
    /// Packets sent and not yet taken by the relayer.
    outbox: Vec<IbcPacket>,
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
            channels: BTreeMap::new(),
            sequences: BTreeMap::new(),
            outbox: Vec::new(),
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

    /// Calls one entry point of `contract` (counted as an execute) and
    /// returns its response, not yet dispatched.
    fn call_entry<T>(
        &self,
        contract: &Addr,
        entry_point: &str,
        call: impl FnOnce(&mut VmInstance, &Env) -> VmResult<ContractResult<T>>,
    ) -> Result<T, String> {
        let c = self.world.contract(contract.as_str())?;
        self.note_call(&c.label, false);
        let env = self.world.env(contract.as_str());
        let result = call(&mut c.instance.borrow_mut(), &env);
        vm(result, &format!("{entry_point} {}", c.label))
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

    /// Runs a response's messages in order, replying where asked. Returns the
    /// response's data, or the data a reply set instead.
    fn dispatch(&mut self, contract: &Addr, res: Response) -> Result<Option<Binary>, String> {
        let replied = self.dispatch_messages(contract, res.messages)?;
        Ok(replied.or(res.data))
    }

    /// Runs messages in order, replying where asked; returns the data set by
    /// the last reply that set any.
    fn dispatch_messages(
        &mut self,
        contract: &Addr,
        messages: Vec<SubMsg>,
    ) -> Result<Option<Binary>, String> {
        let mut data = None;
        for sub in messages {
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
            CosmosMsg::Ibc(IbcMsg::SendPacket {
                channel_id,
                data,
                timeout,
            }) => {
                let key = (sender.to_string(), channel_id);
                let channel = self
                    .channels
                    .get(&key)
                    .ok_or_else(|| format!("{sender} has no open channel {}", key.1))?;
                let (src, dest) = (
                    channel.endpoint.clone(),
                    channel.counterparty_endpoint.clone(),
                );
                let sequence = self.sequences.entry(key).or_insert(0);
                *sequence += 1;
                self.outbox
                    .push(IbcPacket::new(data, src, dest, *sequence, timeout));
                self.world.tally.borrow_mut().ibc_messages += 1;
                Ok((None, None))
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
                Ok((None, None))
            }
            other => Err(format!("the benchmark chain does not relay {other:?}")),
        }
    }

    /// Opens a channel between `a` (which starts the handshake) and `b`:
    /// OpenInit and OpenAck on `a`, OpenTry and OpenConfirm on `b`, each end
    /// answering with the version it accepts.
    pub fn open_channel(
        &mut self,
        (a, a_channel): (&Addr, &str),
        (b, b_channel): (&Addr, &str),
        version: &str,
        order: IbcOrder,
    ) -> Result<(), String> {
        let end = |contract: &Addr, channel_id: &str| IbcEndpoint {
            port_id: format!("{WASM_PORT_PREFIX}{contract}"),
            channel_id: channel_id.to_string(),
        };
        let channel = |own: IbcEndpoint, counterparty: IbcEndpoint, version: &str| {
            IbcChannel::new(own, counterparty, order.clone(), version, CONNECTION_ID)
        };
        // At OpenInit the counterparty's channel id is not known yet.
        let init = IbcChannelOpenMsg::new_init(channel(end(a, a_channel), end(b, ""), version));
        let a_version = self
            .call_entry(a, "ibc_channel_open", |i, env| {
                call_ibc_channel_open(i, env, &init)
            })?
            .map_or_else(|| version.to_string(), |r| r.version);
        let try_msg = IbcChannelOpenMsg::new_try(
            channel(end(b, b_channel), end(a, a_channel), &a_version),
            a_version.clone(),
        );
        let b_version = self
            .call_entry(b, "ibc_channel_open", |i, env| {
                call_ibc_channel_open(i, env, &try_msg)
            })?
            .map_or_else(|| a_version.clone(), |r| r.version);
        let a_end = channel(end(a, a_channel), end(b, b_channel), &b_version);
        let b_end = channel(end(b, b_channel), end(a, a_channel), &b_version);
        let ack = IbcChannelConnectMsg::new_ack(a_end.clone(), b_version.clone());
        let res: IbcBasicResponse = self.call_entry(a, "ibc_channel_connect", |i, env| {
            call_ibc_channel_connect(i, env, &ack)
        })?;
        self.dispatch_messages(a, res.messages)?;
        let confirm = IbcChannelConnectMsg::new_confirm(b_end.clone());
        let res: IbcBasicResponse = self.call_entry(b, "ibc_channel_connect", |i, env| {
            call_ibc_channel_connect(i, env, &confirm)
        })?;
        self.dispatch_messages(b, res.messages)?;
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
    pub fn receive_packet(&mut self, packet: &IbcPacket, relayer: &Addr) -> Result<Binary, String> {
        let dest = self.packet_end(&packet.dest)?;
        if let Some(timeout) = packet.timeout.timestamp() {
            if self.block_time() >= timeout {
                return Err(format!("packet {} timed out", packet.sequence));
            }
        }
        let msg = IbcPacketReceiveMsg::new(packet.clone(), relayer.clone());
        let res: IbcReceiveResponse = self.call_entry(&dest, "ibc_packet_receive", |i, env| {
            call_ibc_packet_receive(i, env, &msg)
        })?;
        let ack = res
            .acknowledgement
            .ok_or("the benchmark chain does not relay asynchronous acknowledgements")?;
        let replied = self.dispatch_messages(&dest, res.messages)?;
        Ok(replied.unwrap_or(ack))
    }

    /// A relayer's `MsgAcknowledgement`: the sending contract's
    /// `ibc_packet_ack` and everything it dispatches.
    pub fn acknowledge_packet(
        &mut self,
        packet: &IbcPacket,
        ack: &Binary,
        relayer: &Addr,
    ) -> Result<(), String> {
        let src = self.packet_end(&packet.src)?;
        let msg = IbcPacketAckMsg::new(
            IbcAcknowledgement::new(ack.clone()),
            packet.clone(),
            relayer.clone(),
        );
        let res: IbcBasicResponse = self.call_entry(&src, "ibc_packet_ack", |i, env| {
            call_ibc_packet_ack(i, env, &msg)
        })?;
        self.dispatch_messages(&src, res.messages).map(|_| ())
    }

    /// The contract behind a packet's endpoint, which must be an open channel.
    fn packet_end(&self, endpoint: &IbcEndpoint) -> Result<Addr, String> {
        let contract = endpoint
            .port_id
            .strip_prefix(WASM_PORT_PREFIX)
            .ok_or_else(|| format!("{} is not a contract port", endpoint.port_id))?;
        let key = (contract.to_string(), endpoint.channel_id.clone());
        if !self.channels.contains_key(&key) {
            return Err(format!(
                "{contract} has no open channel {}",
                endpoint.channel_id
            ));
        }
        Ok(Addr::unchecked(contract))
    }
}
