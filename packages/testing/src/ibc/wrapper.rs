//! A cw-multi-test contract wrapper that exposes a contract's IBC entry
//! points and routes its `IbcMsg`s to the chain's IBC host.

use std::fmt::{Debug, Display};

use anyhow::{anyhow, Result as AnyResult};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, CosmosMsg, Deps, DepsMut, Empty, Env,
    IbcBasicResponse, IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg,
    IbcChannelOpenResponse, IbcDestinationCallbackMsg, IbcMsg, IbcPacketAckMsg,
    IbcPacketReceiveMsg, IbcPacketTimeoutMsg, IbcReceiveResponse, IbcSourceCallbackMsg,
    MessageInfo, Reply, Response, WasmMsg,
};
use cw_multi_test::Contract;
use serde::{Deserialize, Serialize};

use super::host::{ChannelEnd, HostExecuteMsg, HostQueryMsg};

/// A call of one of a contract's IBC entry points, sent by the relay (or a
/// test) through cw-multi-test's `sudo`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum IbcEntry {
    IbcChannelOpen(IbcChannelOpenMsg),
    IbcChannelConnect(IbcChannelConnectMsg),
    IbcChannelClose(IbcChannelCloseMsg),
    IbcPacketReceive(IbcPacketReceiveMsg),
    IbcPacketAck(IbcPacketAckMsg),
    IbcPacketTimeout(IbcPacketTimeoutMsg),
    IbcSourceCallback(IbcSourceCallbackMsg),
    IbcDestinationCallback(IbcDestinationCallbackMsg),
}

type Entry<M, R> = Box<dyn Fn(DepsMut, Env, M) -> AnyResult<R>>;

fn entry<M: 'static, R: 'static, E: Display + Debug + Send + Sync + 'static>(
    f: fn(DepsMut, Env, M) -> Result<R, E>,
) -> Entry<M, R> {
    Box::new(move |deps, env, msg| f(deps, env, msg).map_err(anyhow::Error::msg))
}

fn basic(r: IbcBasicResponse) -> Response {
    let mut res = Response::new();
    res.messages = r.messages;
    res.attributes = r.attributes;
    res.events = r.events;
    res
}

/// An IBC contract for cw-multi-test: `inner` (a `ContractWrapper` with the
/// contract's execute, query, ...) plus its IBC entry points. Every `IbcMsg` in
/// its responses is sent to `host`, the chain's IBC host contract.
pub struct IbcContract {
    inner: Box<dyn Contract<Empty>>,
    host: Addr,
    channel_open: Entry<IbcChannelOpenMsg, IbcChannelOpenResponse>,
    channel_connect: Entry<IbcChannelConnectMsg, IbcBasicResponse>,
    channel_close: Entry<IbcChannelCloseMsg, IbcBasicResponse>,
    packet_receive: Entry<IbcPacketReceiveMsg, IbcReceiveResponse>,
    packet_ack: Entry<IbcPacketAckMsg, IbcBasicResponse>,
    packet_timeout: Entry<IbcPacketTimeoutMsg, IbcBasicResponse>,
    source_callback: Option<Entry<IbcSourceCallbackMsg, IbcBasicResponse>>,
    destination_callback: Option<Entry<IbcDestinationCallbackMsg, IbcBasicResponse>>,
}

impl IbcContract {
    /// The six channel and packet entry points are required, as for an IBC
    /// contract on a chain.
    #[allow(clippy::too_many_arguments)]
    pub fn new<E1, E2, E3, E4, E5, E6>(
        inner: Box<dyn Contract<Empty>>,
        host: Addr,
        channel_open: fn(DepsMut, Env, IbcChannelOpenMsg) -> Result<IbcChannelOpenResponse, E1>,
        channel_connect: fn(DepsMut, Env, IbcChannelConnectMsg) -> Result<IbcBasicResponse, E2>,
        channel_close: fn(DepsMut, Env, IbcChannelCloseMsg) -> Result<IbcBasicResponse, E3>,
        packet_receive: fn(DepsMut, Env, IbcPacketReceiveMsg) -> Result<IbcReceiveResponse, E4>,
        packet_ack: fn(DepsMut, Env, IbcPacketAckMsg) -> Result<IbcBasicResponse, E5>,
        packet_timeout: fn(DepsMut, Env, IbcPacketTimeoutMsg) -> Result<IbcBasicResponse, E6>,
    ) -> Self
    where
        E1: Display + Debug + Send + Sync + 'static,
        E2: Display + Debug + Send + Sync + 'static,
        E3: Display + Debug + Send + Sync + 'static,
        E4: Display + Debug + Send + Sync + 'static,
        E5: Display + Debug + Send + Sync + 'static,
        E6: Display + Debug + Send + Sync + 'static,
    {
        IbcContract {
            inner,
            host,
            channel_open: entry(channel_open),
            channel_connect: entry(channel_connect),
            channel_close: entry(channel_close),
            packet_receive: entry(packet_receive),
            packet_ack: entry(packet_ack),
            packet_timeout: entry(packet_timeout),
            source_callback: None,
            destination_callback: None,
        }
    }

    /// The ICS-20 callbacks (ADR-8) the contract implements.
    pub fn with_callbacks<E1, E2>(
        mut self,
        source: fn(DepsMut, Env, IbcSourceCallbackMsg) -> Result<IbcBasicResponse, E1>,
        destination: fn(DepsMut, Env, IbcDestinationCallbackMsg) -> Result<IbcBasicResponse, E2>,
    ) -> Self
    where
        E1: Display + Debug + Send + Sync + 'static,
        E2: Display + Debug + Send + Sync + 'static,
    {
        self.source_callback = Some(entry(source));
        self.destination_callback = Some(entry(destination));
        self
    }

    /// Runs the IBC entry point `call` names (what `sudo` does with it as JSON).
    pub fn call_entry(&self, mut deps: DepsMut, env: Env, call: IbcEntry) -> AnyResult<Response> {
        let res = match call {
            IbcEntry::IbcChannelOpen(msg) => {
                let version = (self.channel_open)(deps.branch(), env.clone(), msg)?;
                Response::new().set_data(to_json_binary(&version)?)
            }
            IbcEntry::IbcChannelConnect(msg) => {
                basic((self.channel_connect)(deps.branch(), env.clone(), msg)?)
            }
            IbcEntry::IbcChannelClose(msg) => {
                basic((self.channel_close)(deps.branch(), env.clone(), msg)?)
            }
            IbcEntry::IbcPacketReceive(msg) => {
                let r = (self.packet_receive)(deps.branch(), env.clone(), msg)?;
                let mut res = Response::new();
                res.messages = r.messages;
                res.attributes = r.attributes;
                res.events = r.events;
                // The ack is the call's data; a reply that sets data replaces
                // it, as wasmd does for `ibc_packet_receive`.
                res.data = r.acknowledgement;
                res
            }
            IbcEntry::IbcPacketAck(msg) => {
                basic((self.packet_ack)(deps.branch(), env.clone(), msg)?)
            }
            IbcEntry::IbcPacketTimeout(msg) => {
                basic((self.packet_timeout)(deps.branch(), env.clone(), msg)?)
            }
            IbcEntry::IbcSourceCallback(msg) => match &self.source_callback {
                Some(f) => basic(f(deps.branch(), env.clone(), msg)?),
                None => return Err(anyhow!("the contract has no ibc_source_callback")),
            },
            IbcEntry::IbcDestinationCallback(msg) => match &self.destination_callback {
                Some(f) => basic(f(deps.branch(), env.clone(), msg)?),
                None => return Err(anyhow!("the contract has no ibc_destination_callback")),
            },
        };
        self.route(deps, &env, res)
    }

    /// Sends every `IbcMsg` of `res` to the host, keeping its submessage id
    /// and reply settings. A `CloseChannel` first runs the contract's own
    /// `CloseInit` callback, which can refuse it.
    fn route(&self, mut deps: DepsMut, env: &Env, mut res: Response) -> AnyResult<Response> {
        let mut i = 0;
        while i < res.messages.len() {
            if let CosmosMsg::Ibc(msg) = &res.messages[i].msg {
                let msg = msg.clone();
                if let IbcMsg::CloseChannel { channel_id } = &msg {
                    let end: ChannelEnd = deps.querier.query_wasm_smart(
                        &self.host,
                        &HostQueryMsg::Channel {
                            port_id: format!("wasm.{}", env.contract.address),
                            channel_id: channel_id.clone(),
                        },
                    )?;
                    let close = (self.channel_close)(
                        deps.branch(),
                        env.clone(),
                        IbcChannelCloseMsg::CloseInit {
                            channel: end.to_ibc_channel(),
                        },
                    )?;
                    res.messages.extend(close.messages);
                    res.attributes.extend(close.attributes);
                    res.events.extend(close.events);
                }
                let funds = match &msg {
                    IbcMsg::Transfer { amount, .. } => vec![amount.clone()],
                    _ => vec![],
                };
                res.messages[i].msg = WasmMsg::Execute {
                    contract_addr: self.host.to_string(),
                    msg: to_json_binary(&HostExecuteMsg::Ibc(msg))?,
                    funds,
                }
                .into();
            }
            i += 1;
        }
        Ok(res)
    }
}

impl Contract<Empty> for IbcContract {
    fn instantiate(
        &self,
        mut deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: Vec<u8>,
    ) -> AnyResult<Response> {
        let res = self
            .inner
            .instantiate(deps.branch(), env.clone(), info, msg)?;
        self.route(deps, &env, res)
    }

    fn execute(
        &self,
        mut deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: Vec<u8>,
    ) -> AnyResult<Response> {
        let res = self.inner.execute(deps.branch(), env.clone(), info, msg)?;
        self.route(deps, &env, res)
    }

    fn query(&self, deps: Deps, env: Env, msg: Vec<u8>) -> AnyResult<Binary> {
        self.inner.query(deps, env, msg)
    }

    fn reply(&self, mut deps: DepsMut, env: Env, msg: Reply) -> AnyResult<Response> {
        let res = self.inner.reply(deps.branch(), env.clone(), msg)?;
        self.route(deps, &env, res)
    }

    /// An [`IbcEntry`] calls an IBC entry point; anything else is the contract's own sudo.
    fn sudo(&self, mut deps: DepsMut, env: Env, msg: Vec<u8>) -> AnyResult<Response> {
        match from_json::<IbcEntry>(&msg) {
            Ok(call) => self.call_entry(deps, env, call),
            Err(_) => {
                let res = self.inner.sudo(deps.branch(), env.clone(), msg)?;
                self.route(deps, &env, res)
            }
        }
    }

    fn migrate(&self, mut deps: DepsMut, env: Env, msg: Vec<u8>) -> AnyResult<Response> {
        let res = self.inner.migrate(deps.branch(), env.clone(), msg)?;
        self.route(deps, &env, res)
    }
}
