//! A lean chain for long simulations: the contracts' own entry points, run
//! with cw-multi-test's semantics at a fraction of its cost.
//!
//! cw-multi-test opens a storage transaction for every message, every
//! contract call and every submessage, each a copy-on-write layer that a read
//! walks down and a commit replays up; it keeps each contract's record and
//! every balance as JSON in one prefixed store. A ten-year stress path sends
//! millions of messages, and those layers were about 40 % of its time.
//! [`FastChain`] keeps each contract's storage in its own map (values by
//! key, the keys in order for ranges) and every balance as a number, and makes a transaction atomic with an undo
//! journal: a write records what it replaced, a failed message or submessage
//! puts it back. Everything else is what cw-multi-test does:
//!
//! - the contracts run through the same [`Contract`] wrappers (JSON messages
//!   in, responses out), so their code is the code every other suite runs;
//! - messages: `WasmMsg::Execute` and `Instantiate` (with funds), `BankMsg::Send`
//!   and `Burn`; submessages with `reply_on`, payloads and replies, a failed
//!   submessage rolled back before its reply; the events (`execute`, `wasm`,
//!   `wasm-*`, `reply`, `sudo`, `instantiate`, `transfer`), the response data
//!   (protobuf-wrapped as wasmd does) and the replies' `msg_responses`;
//! - queries: smart and raw wasm queries, bank balances;
//! - contract addresses as cw-multi-test makes them on a [`FastApi`] chain
//!   ([`ChainApi::build_app`]), so the same deployment gets the same
//!   addresses and a simulation the same results (a test here drives the
//!   same transactions on both chains and compares events, data, storage and
//!   balances; one in the simulator runs stress paths on both and compares
//!   every contract's storage, every balance and the outcome).
//!
//! What it leaves out, and refuses with [`FastChainError::Unsupported`]:
//! migrations and admin changes, staking, distribution, governance, stargate
//! and custom messages, contract-info and supply queries. Use cw-multi-test's
//! `App` for those; this chain is for running the same few messages millions
//! of times.

mod store;

use std::cell::RefCell;

use anyhow::{bail, Result as AnyResult};
use cosmwasm_std::testing::mock_env;
#[allow(deprecated)]
use cosmwasm_std::{
    from_json, to_json_binary, Addr, AllBalanceResponse, Api, Attribute, BalanceResponse, BankMsg,
    BankQuery, Binary, BlockInfo, Coin, ContractInfo, ContractResult, CosmosMsg, Deps, DepsMut,
    Empty, Env, Event, MessageInfo, MsgResponse, OverflowError, OverflowOperation, Querier,
    QuerierResult, QuerierWrapper, QueryRequest, Reply, ReplyOn, Response, StdError, Storage,
    SubMsg, SubMsgResponse, SubMsgResult, SystemError, SystemResult, TransactionInfo, Uint128,
    WasmMsg, WasmQuery,
};
use cw_multi_test::{AppResponse, BankSudo, Contract, Executor, SudoMsg, WasmSudo};
use serde::Serialize;

use crate::app::{AppParts, ChainApi, WorldChain};
use crate::fast_api::{contract_address, FastApi};
use crate::ibc::{IbcContract, IbcEntry};
use store::{ContractStorage, State};

/// The attribute wasmd adds to a contract's events.
const CONTRACT_ATTR: &str = "_contract_address";

/// What [`FastChain`] refuses on its own (a contract's refusal comes back
/// as the contract's error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FastChainError {
    NoContract {
        address: String,
    },
    NoCode {
        code_id: u64,
    },
    AddressTaken {
        address: String,
    },
    EmptyLabel,
    EmptyCoins,
    /// A message or query this chain does not run (its debug form).
    Unsupported(String),
}

impl std::fmt::Display for FastChainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FastChainError::NoContract { address } => write!(f, "no contract at {address}"),
            FastChainError::NoCode { code_id } => write!(f, "no code with id {code_id}"),
            FastChainError::AddressTaken { address } => {
                write!(f, "a contract already has the address {address}")
            }
            FastChainError::EmptyLabel => write!(f, "a contract needs a label"),
            FastChainError::EmptyCoins => write!(f, "cannot transfer an empty coin amount"),
            FastChainError::Unsupported(what) => write!(f, "FastChain does not run {what}"),
        }
    }
}

impl std::error::Error for FastChainError {}

/// A stored code: any contract, or an IBC contract whose entry points the
/// relayer reaches without a JSON round trip.
enum Code {
    Contract(Box<dyn Contract<Empty, Empty>>),
    Ibc(Box<IbcContract>),
}

impl Code {
    fn contract(&self) -> &dyn Contract<Empty, Empty> {
        match self {
            Code::Contract(code) => code.as_ref(),
            Code::Ibc(code) => code.as_ref(),
        }
    }
}

/// The lean chain (see the [module](self)).
pub struct FastChain {
    api: FastApi,
    block: BlockInfo,
    codes: Vec<Code>,
    state: RefCell<State>,
}

impl FastChain {
    /// A chain on `api`, at cw-multi-test's first block.
    pub fn new(api: FastApi) -> Self {
        FastChain {
            api,
            block: mock_env().block,
            codes: Vec::new(),
            state: RefCell::default(),
        }
    }

    pub fn api(&self) -> &FastApi {
        &self.api
    }

    /// `address`'s balance of `denom`.
    pub fn balance(&self, address: &Addr, denom: &str) -> u128 {
        self.state.borrow().balance(address, denom)
    }

    /// Every contract instantiated, in order.
    pub fn contracts(&self) -> Vec<Addr> {
        self.state.borrow().addresses.clone()
    }

    /// Every account that holds a balance, with its balances (by denom).
    pub fn balances(&self) -> Vec<(Addr, Vec<Coin>)> {
        let state = self.state.borrow();
        let mut accounts: Vec<(Addr, Vec<Coin>)> = state
            .balances
            .iter()
            .filter(|(_, coins)| !coins.is_empty())
            .map(|(account, coins)| {
                let coins = coins
                    .iter()
                    .map(|(denom, &amount)| Coin::new(amount, denom))
                    .collect();
                (account.clone(), coins)
            })
            .collect();
        accounts.sort_by(|a, b| a.0.cmp(&b.0));
        accounts
    }

    fn instance(&self, address: &Addr) -> AnyResult<(usize, u64)> {
        let state = self.state.borrow();
        let instance =
            *state
                .by_address
                .get(address)
                .ok_or_else(|| FastChainError::NoContract {
                    address: address.to_string(),
                })?;
        Ok((instance, state.instances[instance].code_id))
    }

    fn code(&self, code_id: u64) -> AnyResult<&Code> {
        usize::try_from(code_id)
            .ok()
            .and_then(|id| id.checked_sub(1))
            .and_then(|index| self.codes.get(index))
            .ok_or_else(|| FastChainError::NoCode { code_id }.into())
    }

    fn env(&self, address: &Addr) -> Env {
        Env {
            block: self.block.clone(),
            contract: ContractInfo {
                address: address.clone(),
            },
            transaction: Some(TransactionInfo { index: 0 }),
        }
    }

    /// Runs `action` on the contract at `address` with its storage, the
    /// chain's API and a querier of the whole chain.
    fn with_contract<T>(
        &self,
        address: &Addr,
        action: impl FnOnce(&dyn Contract<Empty, Empty>, DepsMut, Env) -> AnyResult<T>,
    ) -> AnyResult<T> {
        self.with_code(address, |code, deps, env| {
            action(code.contract(), deps, env)
        })
    }

    fn with_code<T>(
        &self,
        address: &Addr,
        action: impl FnOnce(&Code, DepsMut, Env) -> AnyResult<T>,
    ) -> AnyResult<T> {
        let (instance, code_id) = self.instance(address)?;
        let mut storage = ContractStorage {
            state: &self.state,
            instance,
        };
        let deps = DepsMut {
            storage: &mut storage,
            api: &self.api,
            querier: QuerierWrapper::new(self),
        };
        action(self.code(code_id)?, deps, self.env(address))
    }

    /// Runs `action` as one transaction: all of it is kept, or none.
    fn transaction<T>(&self, action: impl FnOnce() -> AnyResult<T>) -> AnyResult<T> {
        {
            let mut state = self.state.borrow_mut();
            debug_assert!(!state.in_transaction, "transactions do not nest");
            state.in_transaction = true;
            state.journal.clear();
        }
        let result = action();
        let mut state = self.state.borrow_mut();
        if result.is_err() {
            state.roll_back_to(0);
        }
        state.in_transaction = false;
        state.journal.clear();
        result
    }

    fn dispatch(&self, sender: &Addr, msg: CosmosMsg) -> AnyResult<AppResponse> {
        match msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                let contract = self.api.addr_validate(&contract_addr)?;
                let response =
                    self.call_with_funds(sender, &contract, funds, |code, deps, env, info| {
                        code.execute(deps, env, info, msg.into())
                    })?;
                let event = Event::new("execute").add_attribute(CONTRACT_ATTR, contract.as_str());
                let mut response = self.process(&contract, event, response)?;
                response.data = response.data.map(|data| execute_data(&data));
                Ok(response)
            }
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                // no migrations here, so no admin to keep
                admin: _,
                code_id,
                msg,
                funds,
                label,
            }) => {
                if label.is_empty() {
                    bail!(FastChainError::EmptyLabel);
                }
                self.code(code_id)?;
                let instance_id = self.state.borrow().instances.len() as u64;
                let contract =
                    contract_address(&self.api, self.api.contract_len(), code_id, instance_id)?;
                if self.state.borrow().by_address.contains_key(&contract) {
                    bail!(FastChainError::AddressTaken {
                        address: contract.to_string()
                    });
                }
                self.state.borrow_mut().register(contract.clone(), code_id);
                let response =
                    self.call_with_funds(sender, &contract, funds, |code, deps, env, info| {
                        code.instantiate(deps, env, info, msg.into())
                    })?;
                let event = Event::new("instantiate")
                    .add_attribute(CONTRACT_ATTR, contract.as_str())
                    .add_attribute("code_id", code_id.to_string());
                let mut response = self.process(&contract, event, response)?;
                response.data = Some(instantiate_data(&contract, response.data));
                Ok(response)
            }
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                let event = Event::new("transfer")
                    .add_attribute("recipient", &to_address)
                    .add_attribute("sender", sender.as_str())
                    .add_attribute("amount", coins_to_string(&amount));
                self.transfer(sender, &Addr::unchecked(to_address), amount)?;
                Ok(AppResponse {
                    events: vec![event],
                    ..AppResponse::default()
                })
            }
            CosmosMsg::Bank(BankMsg::Burn { amount }) => {
                self.burn(sender, &non_zero(amount)?)?;
                Ok(AppResponse::default())
            }
            other => bail!(FastChainError::Unsupported(format!("{other:?}"))),
        }
    }

    /// The response of a call: its events as wasmd shapes them, then its
    /// submessages in order (cw-multi-test's `process_response`).
    fn process(&self, contract: &Addr, event: Event, response: Response) -> AnyResult<AppResponse> {
        let Response {
            messages,
            attributes,
            events,
            data,
            ..
        } = response;
        let mut app_events = Vec::with_capacity(2 + events.len());
        app_events.push(event);
        if !attributes.is_empty() {
            app_events.push(
                Event::new("wasm")
                    .add_attribute(CONTRACT_ATTR, contract.as_str())
                    .add_attributes(attributes),
            );
        }
        app_events.extend(events.into_iter().map(|mut event| {
            event.ty = format!("wasm-{}", event.ty);
            // the chain's own key: `Attribute::new` refuses `_` keys to contracts
            let attribute = Attribute {
                key: CONTRACT_ATTR.to_string(),
                value: contract.to_string(),
            };
            event.attributes.insert(0, attribute);
            event
        }));
        let mut data = data;
        for message in messages {
            let response = self.submessage(contract, message)?;
            app_events.extend(response.events);
            data = response.data.or(data);
        }
        Ok(AppResponse {
            events: app_events,
            data,
            msg_responses: vec![],
        })
    }

    fn submessage(&self, contract: &Addr, message: SubMsg) -> AnyResult<AppResponse> {
        let SubMsg {
            id,
            payload,
            msg,
            reply_on,
            ..
        } = message;
        let type_url = response_type_url(&msg);
        let checkpoint = self.state.borrow().journal.len();
        match self.dispatch(contract, msg) {
            Ok(mut response) => {
                if matches!(reply_on, ReplyOn::Always | ReplyOn::Success) {
                    let msg_responses = type_url
                        .map(|type_url| MsgResponse {
                            type_url: type_url.to_string(),
                            value: response.data.clone().unwrap_or_default(),
                        })
                        .into_iter()
                        .collect();
                    #[allow(deprecated)]
                    let result = SubMsgResult::Ok(SubMsgResponse {
                        events: response.events.clone(),
                        data: response.data.clone(),
                        msg_responses,
                    });
                    let reply = Reply {
                        id,
                        payload,
                        gas_used: 0,
                        result,
                    };
                    let replied = self.reply(contract, reply)?;
                    response.data = replied.data;
                    response.events.extend(replied.events);
                } else {
                    response.data = None;
                }
                Ok(response)
            }
            Err(error) => {
                self.state.borrow_mut().roll_back_to(checkpoint);
                if matches!(reply_on, ReplyOn::Always | ReplyOn::Error) {
                    let reply = Reply {
                        id,
                        payload,
                        gas_used: 0,
                        result: SubMsgResult::Err(format!("{error:?}")),
                    };
                    self.reply(contract, reply)
                } else {
                    Err(error)
                }
            }
        }
    }

    fn reply(&self, contract: &Addr, reply: Reply) -> AnyResult<AppResponse> {
        let mode = if reply.result.is_ok() {
            "handle_success"
        } else {
            "handle_failure"
        };
        let event = Event::new("reply")
            .add_attribute(CONTRACT_ATTR, contract.as_str())
            .add_attribute("mode", mode);
        let response =
            self.with_contract(contract, |code, deps, env| code.reply(deps, env, reply))?;
        self.process(contract, event, response)
    }

    fn call_sudo(&self, contract: &Addr, message: Binary) -> AnyResult<AppResponse> {
        let response = self.with_contract(contract, |code, deps, env| {
            code.sudo(deps, env, message.into())
        })?;
        let event = Event::new("sudo").add_attribute(CONTRACT_ATTR, contract.as_str());
        self.process(contract, event, response)
    }

    /// Moves `funds` from `sender` to `contract`, then runs `action` on the
    /// contract with them as its `MessageInfo` (an execute or an instantiate).
    fn call_with_funds<T>(
        &self,
        sender: &Addr,
        contract: &Addr,
        funds: Vec<Coin>,
        action: impl FnOnce(&dyn Contract<Empty, Empty>, DepsMut, Env, MessageInfo) -> AnyResult<T>,
    ) -> AnyResult<T> {
        if !funds.is_empty() {
            self.transfer(sender, contract, funds.clone())?;
        }
        let info = MessageInfo {
            sender: sender.clone(),
            funds,
        };
        self.with_contract(contract, |code, deps, env| action(code, deps, env, info))
    }

    fn transfer(&self, from: &Addr, to: &Addr, amount: Vec<Coin>) -> AnyResult<()> {
        let amount = non_zero(amount)?;
        self.burn(from, &amount)?;
        self.mint(to, &amount);
        Ok(())
    }

    fn burn(&self, from: &Addr, amount: &[Coin]) -> AnyResult<()> {
        let mut state = self.state.borrow_mut();
        // all or nothing, as the bank's balance arithmetic
        let mut left = Vec::with_capacity(amount.len());
        for coin in amount {
            let held = state.balance(from, &coin.denom);
            let rest = held
                .checked_sub(coin.amount.u128())
                .ok_or_else(|| StdError::overflow(OverflowError::new(OverflowOperation::Sub)))?;
            left.push(rest);
        }
        for (coin, rest) in amount.iter().zip(left) {
            state.set_balance(from, &coin.denom, rest);
        }
        Ok(())
    }

    fn mint(&self, to: &Addr, amount: &[Coin]) {
        let mut state = self.state.borrow_mut();
        for coin in amount {
            let held = state.balance(to, &coin.denom);
            let total = held
                .checked_add(coin.amount.u128())
                .expect("no supply exceeds u128");
            state.set_balance(to, &coin.denom, total);
        }
    }

    fn query(&self, request: QueryRequest<Empty>) -> AnyResult<Binary> {
        match request {
            QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg }) => {
                let contract = self.api.addr_validate(&contract_addr)?;
                let (instance, code_id) = self.instance(&contract)?;
                let storage = ContractStorage {
                    state: &self.state,
                    instance,
                };
                let deps = Deps {
                    storage: &storage,
                    api: &self.api,
                    querier: QuerierWrapper::new(self),
                };
                self.code(code_id)?
                    .contract()
                    .query(deps, self.env(&contract), msg.into())
            }
            QueryRequest::Wasm(WasmQuery::Raw { contract_addr, key }) => {
                let contract = self.api.addr_validate(&contract_addr)?;
                let state = self.state.borrow();
                let value = state
                    .by_address
                    .get(&contract)
                    .and_then(|&instance| state.instances[instance].storage.get(key.as_slice()))
                    .cloned()
                    .unwrap_or_default();
                Ok(value.into())
            }
            QueryRequest::Bank(BankQuery::Balance { address, denom }) => {
                let address = self.api.addr_validate(&address)?;
                let amount = self.balance(&address, &denom);
                Ok(to_json_binary(&BalanceResponse::new(Coin {
                    denom,
                    amount: Uint128::new(amount),
                }))?)
            }
            #[allow(deprecated)]
            QueryRequest::Bank(BankQuery::AllBalances { address }) => {
                let address = self.api.addr_validate(&address)?;
                let state = self.state.borrow();
                let coins = state
                    .balances
                    .get(&address)
                    .into_iter()
                    .flatten()
                    .map(|(denom, &amount)| Coin {
                        denom: denom.clone(),
                        amount: Uint128::new(amount),
                    })
                    .collect();
                Ok(to_json_binary(&AllBalanceResponse::new(coins))?)
            }
            other => bail!(FastChainError::Unsupported(format!("{other:?}"))),
        }
    }
}

impl Querier for FastChain {
    fn raw_query(&self, bin_request: &[u8]) -> QuerierResult {
        let request: QueryRequest<Empty> = match from_json(bin_request) {
            Ok(request) => request,
            Err(e) => {
                return SystemResult::Err(SystemError::InvalidRequest {
                    error: format!("Parsing query request: {e}"),
                    request: bin_request.into(),
                })
            }
        };
        let result: ContractResult<Binary> = self.query(request).into();
        SystemResult::Ok(result)
    }
}

impl Executor<Empty> for FastChain {
    fn execute(&mut self, sender: Addr, msg: CosmosMsg) -> AnyResult<AppResponse> {
        self.transaction(|| self.dispatch(&sender, msg))
    }
}

impl AppParts for FastChain {
    type ExecC = Empty;
    type QueryC = Empty;

    fn addr_make(&self, name: &str) -> Addr {
        self.api.addr_make(name)
    }

    fn wrap(&self) -> QuerierWrapper<'_, Empty> {
        QuerierWrapper::new(self)
    }

    fn store_code(&mut self, code: Box<dyn Contract<Empty, Empty>>) -> u64 {
        self.codes.push(Code::Contract(code));
        self.codes.len() as u64
    }

    fn sudo(&mut self, msg: SudoMsg) -> AnyResult<AppResponse> {
        match msg {
            SudoMsg::Bank(BankSudo::Mint { to_address, amount }) => self.transaction(|| {
                let to = self.api.addr_validate(&to_address)?;
                self.mint(&to, &non_zero(amount)?);
                Ok(AppResponse::default())
            }),
            SudoMsg::Wasm(WasmSudo {
                contract_addr,
                message,
            }) => self.transaction(|| self.call_sudo(&contract_addr, message)),
            _ => bail!(FastChainError::Unsupported(
                "sudo messages other than bank mints and wasm sudo".to_string()
            )),
        }
    }

    fn wasm_sudo<T: Serialize, U: Into<Addr>>(
        &mut self,
        contract_addr: U,
        msg: &T,
    ) -> AnyResult<AppResponse> {
        let contract = contract_addr.into();
        let message = to_json_binary(msg)?;
        self.transaction(|| self.call_sudo(&contract, message))
    }

    fn update_block<F: Fn(&mut BlockInfo)>(&mut self, action: F) {
        action(&mut self.block);
    }

    fn block_info(&self) -> BlockInfo {
        self.block.clone()
    }

    fn contract_storage_mut<'a>(&'a mut self, contract_addr: &Addr) -> Box<dyn Storage + 'a> {
        Box::new(self.storage_of(contract_addr))
    }
}

impl FastChain {
    /// A contract's storage; writes made through it outside a transaction
    /// are kept at once (as cw-multi-test's `contract_storage_mut`). Panics
    /// if no contract is at `contract` (cw-multi-test hands out an empty
    /// storage that no contract reads).
    fn storage_of(&self, contract: &Addr) -> ContractStorage<'_> {
        let (instance, _) = self.instance(contract).unwrap_or_else(|e| panic!("{e}"));
        ContractStorage {
            state: &self.state,
            instance,
        }
    }
}

impl WorldChain for FastChain {
    type Api = FastApi;

    fn chain_api(&self) -> &FastApi {
        &self.api
    }

    fn contract_storage<'a>(&'a self, contract_addr: &Addr) -> Box<dyn Storage + 'a> {
        Box::new(self.storage_of(contract_addr))
    }

    fn partner(&self, prefix: &'static str) -> Self {
        FastChain::new(self.api.prefixed(prefix))
    }

    fn store_ibc_code(&mut self, code: IbcContract) -> u64 {
        self.codes.push(Code::Ibc(Box::new(code)));
        self.codes.len() as u64
    }

    fn ibc_entry(&mut self, contract: Addr, entry: IbcEntry) -> AnyResult<AppResponse> {
        self.transaction(|| {
            let response = self.with_code(&contract, |code, deps, env| match code {
                Code::Ibc(ibc) => ibc.call_entry(deps, env, entry),
                Code::Contract(code) => code.sudo(deps, env, to_json_binary(&entry)?.into()),
            })?;
            let event = Event::new("sudo").add_attribute(CONTRACT_ATTR, contract.as_str());
            self.process(&contract, event, response)
        })
    }
}

fn non_zero(amount: Vec<Coin>) -> AnyResult<Vec<Coin>> {
    let amount: Vec<Coin> = amount
        .into_iter()
        .filter(|coin| !coin.amount.is_zero())
        .collect();
    if amount.is_empty() {
        bail!(FastChainError::EmptyCoins);
    }
    Ok(amount)
}

fn coins_to_string(coins: &[Coin]) -> String {
    coins
        .iter()
        .map(|c| format!("{}{}", c.amount, c.denom))
        .collect::<Vec<_>>()
        .join(",")
}

/// The type URL of a message's response, as a reply's `msg_responses` gets it.
fn response_type_url(msg: &CosmosMsg) -> Option<&'static str> {
    match msg {
        CosmosMsg::Bank(BankMsg::Send { .. }) => Some("/cosmos.bank.v1beta1.MsgSendResponse"),
        CosmosMsg::Bank(BankMsg::Burn { .. }) => Some("/cosmos.bank.v1beta1.MsgBurnResponse"),
        CosmosMsg::Wasm(WasmMsg::Execute { .. }) => {
            Some("/cosmwasm.wasm.v1.MsgExecuteContractResponse")
        }
        CosmosMsg::Wasm(WasmMsg::Instantiate { .. }) => {
            Some("/cosmwasm.wasm.v1.MsgInstantiateContractResponse")
        }
        _ => None,
    }
}

/// wasmd's `MsgExecuteContractResponse`.
#[derive(Clone, PartialEq, prost::Message)]
struct ExecuteResponse {
    #[prost(bytes, tag = "1")]
    data: Vec<u8>,
}

/// wasmd's `MsgInstantiateContractResponse`.
#[derive(Clone, PartialEq, prost::Message)]
struct InstantiateResponse {
    #[prost(string, tag = "1")]
    address: String,
    #[prost(bytes, tag = "2")]
    data: Vec<u8>,
}

/// A contract's response data as wasmd returns it from an execute.
fn execute_data(data: &[u8]) -> Binary {
    let response = ExecuteResponse {
        data: data.to_vec(),
    };
    prost::Message::encode_to_vec(&response).into()
}

/// A new contract's address and response data as wasmd returns them.
fn instantiate_data(contract: &Addr, data: Option<Binary>) -> Binary {
    let response = InstantiateResponse {
        address: contract.to_string(),
        data: data.map(Vec::from).unwrap_or_default(),
    };
    prost::Message::encode_to_vec(&response).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{coins, Order, StdResult};
    use cw_multi_test::ContractWrapper;
    use cw_utils::{parse_execute_response_data, parse_instantiate_response_data};
    use serde::Deserialize;

    /// A contract that writes, fails, pays and calls itself as told, to
    /// compare the two chains' transaction semantics.
    #[derive(Serialize, Deserialize, Debug)]
    #[serde(rename_all = "snake_case")]
    enum Probe {
        Write { key: String },
        WriteThenFail { key: String },
        Pay { to: String, amount: u128 },
        Calls { calls: Vec<Call> },
    }

    #[derive(Serialize, Deserialize, Debug)]
    struct Call {
        id: u64,
        reply_on: ReplyOn,
        funds: u128,
        probe: Probe,
    }

    fn probe_execute(deps: DepsMut, env: Env, _: MessageInfo, msg: Probe) -> StdResult<Response> {
        match msg {
            Probe::Write { key } => {
                deps.storage.set(key.as_bytes(), b"written");
                Ok(Response::new()
                    .add_attribute("wrote", &key)
                    .add_event(Event::new("probe").add_attribute("key", key))
                    .set_data(b"write"))
            }
            Probe::WriteThenFail { key } => {
                deps.storage.set(key.as_bytes(), b"written");
                Err(StdError::generic_err("refused"))
            }
            Probe::Pay { to, amount } => Ok(Response::new().add_message(BankMsg::Send {
                to_address: to,
                amount: coins(amount, "ucov"),
            })),
            Probe::Calls { calls } => {
                let mut response = Response::new();
                for call in calls {
                    let execute = WasmMsg::Execute {
                        contract_addr: env.contract.address.to_string(),
                        msg: to_json_binary(&call.probe)?,
                        funds: if call.funds == 0 {
                            vec![]
                        } else {
                            coins(call.funds, "ucov")
                        },
                    };
                    let mut sub = SubMsg::new(execute).with_payload(call.id.to_be_bytes());
                    sub.id = call.id;
                    sub.reply_on = call.reply_on;
                    response = response.add_submessage(sub);
                }
                Ok(response)
            }
        }
    }

    fn probe_reply(deps: DepsMut, _: Env, reply: Reply) -> StdResult<Response> {
        let outcome = match &reply.result {
            SubMsgResult::Ok(response) => {
                let url = response.msg_responses.first().map(|r| r.type_url.clone());
                format!("ok {} {url:?}", response.events.len())
            }
            SubMsgResult::Err(_) => "err".to_string(),
        };
        let key = format!("reply-{}-{}", reply.id, reply.payload.len());
        deps.storage.set(key.as_bytes(), outcome.as_bytes());
        Ok(Response::new()
            .add_attribute("replied", key)
            .set_data(outcome.into_bytes()))
    }

    fn probe_instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new().set_data(b"born"))
    }

    fn probe_query(deps: Deps, _: Env, key: String) -> StdResult<Binary> {
        to_json_binary(&deps.storage.get(key.as_bytes()))
    }

    fn probe_code() -> Box<dyn Contract<Empty, Empty>> {
        Box::new(
            ContractWrapper::new(probe_execute, probe_instantiate, probe_query)
                .with_reply(probe_reply),
        )
    }

    fn write(key: &str) -> Probe {
        Probe::Write { key: key.into() }
    }

    fn fail(key: &str) -> Probe {
        Probe::WriteThenFail { key: key.into() }
    }

    fn call(id: u64, reply_on: ReplyOn, probe: Probe) -> Call {
        Call {
            id,
            reply_on,
            funds: 0,
            probe,
        }
    }

    /// What a chain did with the probe's transactions.
    /// Each transaction's events and data (`None`: it failed), the probe's
    /// storage, and the balances of the owner, bob and the probe.
    type Driven = (
        Vec<Option<(Vec<Event>, Option<Binary>)>>,
        Vec<(Vec<u8>, Vec<u8>)>,
        Vec<u128>,
    );

    fn drive<C: WorldChain>(mut chain: C) -> Driven {
        let owner = chain.addr_make("owner");
        let bob = chain.addr_make("bob");
        chain
            .sudo(SudoMsg::Bank(BankSudo::Mint {
                to_address: owner.to_string(),
                amount: coins(1_000, "ucov"),
            }))
            .unwrap();
        let code = chain.store_code(probe_code());
        let probe = chain
            .instantiate_contract(
                code,
                owner.clone(),
                &Empty {},
                &coins(100, "ucov"),
                "probe",
                None,
            )
            .unwrap();
        let pay = |amount| Probe::Pay {
            to: bob.to_string(),
            amount,
        };
        let transactions = vec![
            Probe::Calls {
                calls: vec![
                    call(1, ReplyOn::Success, write("a")),
                    call(2, ReplyOn::Error, fail("b")),
                    call(3, ReplyOn::Never, write("c")),
                    call(
                        4,
                        ReplyOn::Always,
                        Probe::Calls {
                            calls: vec![
                                call(5, ReplyOn::Never, pay(10)),
                                call(6, ReplyOn::Never, fail("d")),
                            ],
                        },
                    ),
                    call(7, ReplyOn::Always, pay(5)),
                    Call {
                        funds: 20,
                        ..call(8, ReplyOn::Success, write("e"))
                    },
                ],
            },
            // fails as a whole: nothing of it is kept
            Probe::Calls {
                calls: vec![
                    call(9, ReplyOn::Never, write("f")),
                    call(10, ReplyOn::Never, pay(10_000)),
                ],
            },
            write("g"),
        ];
        let mut responses = vec![];
        for msg in &transactions {
            let sent = chain.execute_contract(owner.clone(), probe.clone(), msg, &coins(1, "ucov"));
            responses.push(sent.ok().map(|r| (r.events, r.data)));
        }
        let stored = chain
            .contract_storage(&probe)
            .range(None, None, Order::Ascending)
            .collect();
        let balance = |chain: &C, who: &Addr| {
            chain
                .wrap()
                .query_balance(who, "ucov")
                .unwrap()
                .amount
                .u128()
        };
        let balances = vec![
            balance(&chain, &owner),
            balance(&chain, &bob),
            balance(&chain, &probe),
        ];
        (responses, stored, balances)
    }

    #[test]
    fn transactions_submessages_and_replies_as_cw_multi_test() {
        let api = || FastApi::new("cosmwasm").with_contract_len(20);
        let ours = drive(FastChain::new(api()));
        let theirs = drive(api().build_app());
        assert_eq!(ours.2, theirs.2, "balances");
        assert_eq!(ours.1, theirs.1, "storage");
        assert_eq!(ours.0, theirs.0, "responses");
        // what the cases are for
        assert!(ours.0[0].is_some() && ours.0[1].is_none() && ours.0[2].is_some());
        let keys: Vec<&[u8]> = ours.1.iter().map(|(k, _)| k.as_slice()).collect();
        assert!(keys.contains(&&b"a"[..]) && keys.contains(&&b"g"[..]));
        assert!(
            !keys.contains(&&b"b"[..]) && !keys.contains(&&b"d"[..]) && !keys.contains(&&b"f"[..])
        );
        assert_eq!(ours.2[1], 5, "bob got the paid 5, not the rolled-back 10");
    }

    #[test]
    fn response_data_as_wasmd_encodes_it() {
        let long = vec![7u8; 300];
        for data in [&b"abc"[..], &long] {
            let parsed = parse_execute_response_data(&execute_data(data)).unwrap();
            assert_eq!(parsed.data.unwrap().as_slice(), data);
        }
        let contract = Addr::unchecked("cosmwasm1contract");
        let parsed = parse_instantiate_response_data(&instantiate_data(
            &contract,
            Some(Binary::from(long.clone())),
        ))
        .unwrap();
        assert_eq!(parsed.contract_address, contract.as_str());
        assert_eq!(parsed.data.unwrap().as_slice(), long.as_slice());
    }

    #[test]
    fn refuses_what_it_does_not_run() {
        let mut chain = FastChain::new(FastApi::new("cosmwasm"));
        let alice = chain.addr_make("alice");
        let err = chain
            .execute(
                alice.clone(),
                CosmosMsg::Wasm(WasmMsg::ClearAdmin {
                    contract_addr: alice.to_string(),
                }),
            )
            .unwrap_err();
        assert!(matches!(
            err.downcast_ref::<FastChainError>(),
            Some(FastChainError::Unsupported(_))
        ));
    }

    #[test]
    fn a_failed_transfer_changes_nothing() {
        let mut chain = FastChain::new(FastApi::new("cosmwasm"));
        let alice = chain.addr_make("alice");
        let bob = chain.addr_make("bob");
        chain
            .sudo(SudoMsg::Bank(BankSudo::Mint {
                to_address: alice.to_string(),
                amount: vec![Coin::new(10u128, "ucov"), Coin::new(5u128, "uatom")],
            }))
            .unwrap();
        let too_much = vec![Coin::new(10u128, "ucov"), Coin::new(6u128, "uatom")];
        chain
            .execute(
                alice.clone(),
                CosmosMsg::Bank(BankMsg::Send {
                    to_address: bob.to_string(),
                    amount: too_much,
                }),
            )
            .unwrap_err();
        assert_eq!(chain.balance(&alice, "ucov"), 10);
        assert_eq!(chain.balance(&bob, "ucov"), 0);
        let err = chain
            .execute(
                alice.clone(),
                CosmosMsg::Bank(BankMsg::Send {
                    to_address: bob.to_string(),
                    amount: vec![Coin::new(0u128, "ucov")],
                }),
            )
            .unwrap_err();
        assert_eq!(
            err.downcast_ref::<FastChainError>(),
            Some(&FastChainError::EmptyCoins)
        );
    }
}
