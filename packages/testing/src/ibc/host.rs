//! A chain's IBC stack as a cw-multi-test contract: channel ends, packet
//! commitments waiting for the relayer, receipts, and ICS-20's escrow, burn
//! and denom traces. IBC contracts reach it through [`super::IbcContract`];
//! accounts make ICS-20 transfers with [`HostExecuteMsg::Transfer`].

use anyhow::{anyhow, bail, Result as AnyResult};
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coins, to_json_binary, to_json_vec, Addr, BankMsg, Binary, Coin, Deps, DepsMut, Empty, Env,
    IbcChannel, IbcEndpoint, IbcMsg, IbcOrder, IbcPacket, IbcTimeout, MessageInfo, Response,
    Storage, Uint128,
};
use cw_multi_test::{Contract, ContractWrapper};

use crate::app::WorldChain;
use cw_storage_plus::{Item, Map};
use serde::{Deserialize, Serialize};

use super::{hash_trace, IbcError};

pub const TRANSFER_PORT: &str = "transfer";
pub const ICS20_VERSION: &str = "ics20-1";
pub const CONNECTION_ID: &str = "connection-0";

#[cw_serde]
pub enum ChannelState {
    Init,
    TryOpen,
    Open,
    Closed,
}

#[cw_serde]
pub struct ChannelEnd {
    pub port_id: String,
    pub channel_id: String,
    pub counterparty_port_id: String,
    /// Empty until the counterparty's end exists.
    pub counterparty_channel_id: String,
    pub order: IbcOrder,
    pub version: String,
    pub connection_id: String,
    pub state: ChannelState,
}

impl ChannelEnd {
    pub fn to_ibc_channel(&self) -> IbcChannel {
        IbcChannel::new(
            IbcEndpoint {
                port_id: self.port_id.clone(),
                channel_id: self.channel_id.clone(),
            },
            IbcEndpoint {
                port_id: self.counterparty_port_id.clone(),
                channel_id: self.counterparty_channel_id.clone(),
            },
            self.order.clone(),
            self.version.clone(),
            self.connection_id.clone(),
        )
    }
}

/// What ICS-20 did with a sent token, to refund it on failure.
#[cw_serde]
pub struct SentTransfer {
    pub sender: Addr,
    /// Bank denom on the sending chain.
    pub coin: Coin,
    /// Escrowed (the chain is the token's source) or burned (a voucher going home).
    pub escrowed: bool,
}

/// A packet committed on the sending chain, waiting for the relayer.
#[cw_serde]
pub struct PendingPacket {
    /// Order of sending on this chain.
    pub id: u64,
    pub packet: IbcPacket,
    pub transfer: Option<SentTransfer>,
}

#[cw_serde]
pub enum HostExecuteMsg {
    /// An `IbcMsg` a contract emitted, with a transfer's funds attached.
    Ibc(IbcMsg),
    /// An account's ICS-20 transfer (`MsgTransfer`), the coin attached.
    Transfer {
        channel_id: String,
        to_address: String,
        timeout: IbcTimeout,
        memo: Option<String>,
    },
}

#[cw_serde]
pub enum HostQueryMsg {
    Channel { port_id: String, channel_id: String },
}

/// ICS-20 packet data (v1, JSON), as ibc-go encodes it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FungibleTokenPacketData {
    pub denom: String,
    pub amount: Uint128,
    pub sender: String,
    pub receiver: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
}

pub(crate) const CHANNELS: Map<(&str, &str), ChannelEnd> = Map::new("channels");
pub(crate) const NEXT_CHANNEL: Item<u64> = Item::new("next_channel");
pub(crate) const NEXT_SEQUENCE: Map<(&str, &str), u64> = Map::new("next_sequence");
pub(crate) const OUTBOX: Map<u64, PendingPacket> = Map::new("outbox");
pub(crate) const NEXT_OUTBOX: Item<u64> = Item::new("next_outbox");
pub(crate) const RECEIPTS: Map<(&str, &str, u64), Empty> = Map::new("receipts");
/// Acknowledgements written on receive, waiting to be relayed to the sender.
pub(crate) const ACKS: Map<(&str, &str, u64), Binary> = Map::new("acks");
/// Set while this chain's light client of the counterparty is expired or
/// frozen: ibc-go then refuses to send packets (and to verify any proof).
pub(crate) const CLIENT_INACTIVE: Item<bool> = Item::new("client_inactive");
/// `ibc/<hash>` -> trace path (`port/channel/.../base`).
pub(crate) const DENOM_TRACES: Map<&str, String> = Map::new("denom_traces");
/// (transfer channel, bank denom) -> escrowed amount.
pub(crate) const ESCROW: Map<(&str, &str), Uint128> = Map::new("escrow");
/// Channel ends closed here whose counterparty has not confirmed yet.
pub(crate) const CLOSING: Map<(&str, &str), Empty> = Map::new("closing");

pub(crate) fn new_channel_id(storage: &mut dyn Storage) -> AnyResult<String> {
    let n = NEXT_CHANNEL.may_load(storage)?.unwrap_or(0);
    NEXT_CHANNEL.save(storage, &(n + 1))?;
    Ok(format!("channel-{n}"))
}

fn open_end(storage: &dyn Storage, port_id: &str, channel_id: &str) -> AnyResult<ChannelEnd> {
    let end = CHANNELS
        .may_load(storage, (port_id, channel_id))?
        .ok_or_else(|| IbcError::ChannelNotFound {
            port_id: port_id.to_string(),
            channel_id: channel_id.to_string(),
        })?;
    if end.state != ChannelState::Open {
        bail!("channel {port_id}/{channel_id} is not open");
    }
    Ok(end)
}

fn commit(
    storage: &mut dyn Storage,
    end: &ChannelEnd,
    data: Binary,
    timeout: IbcTimeout,
    transfer: Option<SentTransfer>,
) -> AnyResult<IbcPacket> {
    if CLIENT_INACTIVE.may_load(storage)?.unwrap_or(false) {
        bail!(
            "client status is not active: cannot send a packet on {}",
            end.channel_id
        );
    }
    let key = (end.port_id.as_str(), end.channel_id.as_str());
    let sequence = NEXT_SEQUENCE.may_load(storage, key)?.unwrap_or(1);
    NEXT_SEQUENCE.save(storage, key, &(sequence + 1))?;
    let packet = IbcPacket::new(
        data,
        IbcEndpoint {
            port_id: end.port_id.clone(),
            channel_id: end.channel_id.clone(),
        },
        IbcEndpoint {
            port_id: end.counterparty_port_id.clone(),
            channel_id: end.counterparty_channel_id.clone(),
        },
        sequence,
        timeout,
    );
    let id = NEXT_OUTBOX.may_load(storage)?.unwrap_or(1);
    NEXT_OUTBOX.save(storage, &(id + 1))?;
    OUTBOX.save(
        storage,
        id,
        &PendingPacket {
            id,
            packet: packet.clone(),
            transfer,
        },
    )?;
    Ok(packet)
}

pub(crate) fn add_escrow(
    storage: &mut dyn Storage,
    channel_id: &str,
    denom: &str,
    amount: Uint128,
) -> AnyResult<()> {
    let held = ESCROW
        .may_load(storage, (channel_id, denom))?
        .unwrap_or_default();
    ESCROW.save(storage, (channel_id, denom), &held.checked_add(amount)?)?;
    Ok(())
}

pub(crate) fn take_escrow(
    storage: &mut dyn Storage,
    channel_id: &str,
    denom: &str,
    amount: Uint128,
) -> AnyResult<()> {
    let held = ESCROW
        .may_load(storage, (channel_id, denom))?
        .unwrap_or_default();
    if held < amount {
        bail!("escrow of {channel_id} holds {held}{denom}, {amount} asked");
    }
    ESCROW.save(storage, (channel_id, denom), &(held - amount))?;
    Ok(())
}

/// ICS-20 send: escrow a token this chain is the source of, burn a voucher
/// going back over the channel it came by.
fn transfer(
    deps: DepsMut,
    sender: Addr,
    funds: &[Coin],
    channel_id: &str,
    to_address: String,
    timeout: IbcTimeout,
    memo: Option<String>,
) -> AnyResult<Response> {
    let coin = match funds {
        [coin] if !coin.amount.is_zero() => coin.clone(),
        _ => bail!("an ICS-20 transfer sends exactly one non-zero coin"),
    };
    let end = open_end(deps.storage, TRANSFER_PORT, channel_id)?;
    let path = if coin.denom.starts_with("ibc/") {
        DENOM_TRACES
            .may_load(deps.storage, &coin.denom)?
            .ok_or_else(|| anyhow!("unknown IBC denom {}", coin.denom))?
    } else {
        coin.denom.clone()
    };
    let going_home = path.starts_with(&format!("{TRANSFER_PORT}/{channel_id}/"));
    let mut res = Response::new()
        .add_attribute("action", "ibc_transfer")
        .add_attribute("channel_id", channel_id)
        .add_attribute("denom", &path)
        .add_attribute("amount", coin.amount);
    if going_home {
        res = res.add_message(BankMsg::Burn {
            amount: vec![coin.clone()],
        });
    } else {
        add_escrow(deps.storage, channel_id, &coin.denom, coin.amount)?;
    }
    let data = FungibleTokenPacketData {
        denom: path,
        amount: coin.amount,
        sender: sender.to_string(),
        receiver: to_address,
        memo: memo.unwrap_or_default(),
    };
    let packet = commit(
        deps.storage,
        &end,
        Binary::new(to_json_vec(&data)?),
        timeout,
        Some(SentTransfer {
            sender,
            coin,
            escrowed: !going_home,
        }),
    )?;
    Ok(res.add_attribute("packet_sequence", packet.sequence.to_string()))
}

fn execute(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: HostExecuteMsg,
) -> AnyResult<Response> {
    match msg {
        HostExecuteMsg::Transfer {
            channel_id,
            to_address,
            timeout,
            memo,
        } => transfer(
            deps,
            info.sender,
            &info.funds,
            &channel_id,
            to_address,
            timeout,
            memo,
        ),
        HostExecuteMsg::Ibc(msg) => {
            let port_id = format!("wasm.{}", info.sender);
            match msg {
                IbcMsg::Transfer {
                    channel_id,
                    to_address,
                    amount,
                    timeout,
                    memo,
                } => {
                    if info.funds != vec![amount] {
                        bail!("the transfer's coin must come with the message");
                    }
                    transfer(
                        deps,
                        info.sender,
                        &info.funds,
                        &channel_id,
                        to_address,
                        timeout,
                        memo,
                    )
                }
                IbcMsg::SendPacket {
                    channel_id,
                    data,
                    timeout,
                } => {
                    if !info.funds.is_empty() {
                        bail!("a packet carries no funds");
                    }
                    let end = open_end(deps.storage, &port_id, &channel_id)?;
                    let packet = commit(deps.storage, &end, data, timeout, None)?;
                    Ok(Response::new()
                        .add_attribute("action", "send_packet")
                        .add_attribute("channel_id", channel_id)
                        .add_attribute("packet_sequence", packet.sequence.to_string()))
                }
                IbcMsg::CloseChannel { channel_id } => {
                    let mut end = open_end(deps.storage, &port_id, &channel_id)?;
                    end.state = ChannelState::Closed;
                    CHANNELS.save(deps.storage, (&port_id, &channel_id), &end)?;
                    CLOSING.save(deps.storage, (&port_id, &channel_id), &Empty {})?;
                    Ok(Response::new()
                        .add_attribute("action", "close_channel")
                        .add_attribute("channel_id", channel_id))
                }
                other => bail!("unsupported IBC message {other:?}"),
            }
        }
    }
}

fn instantiate(_deps: DepsMut, _env: Env, _info: MessageInfo, _msg: Empty) -> AnyResult<Response> {
    Ok(Response::new())
}

fn query(deps: Deps, _env: Env, msg: HostQueryMsg) -> AnyResult<Binary> {
    match msg {
        HostQueryMsg::Channel {
            port_id,
            channel_id,
        } => {
            let end = CHANNELS
                .may_load(deps.storage, (&port_id, &channel_id))?
                .ok_or_else(|| anyhow!("channel {port_id}/{channel_id} not found"))?;
            Ok(to_json_binary(&end)?)
        }
    }
}

pub fn host_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query))
}

/// Handle on a chain's deployed IBC host.
#[derive(Clone, Debug)]
pub struct IbcHost {
    pub addr: Addr,
}

impl IbcHost {
    /// Stores and instantiates the host on `app`.
    pub fn deploy<C: WorldChain>(app: &mut C) -> IbcHost {
        let code = app.store_code(host_contract());
        let owner = app.addr_make("ibc-host-deployer");
        let addr = app
            .instantiate_contract(code, owner, &Empty {}, &[], "ibc-host", None)
            .expect("instantiate the IBC host");
        IbcHost { addr }
    }

    pub fn channel<C: WorldChain>(
        &self,
        app: &C,
        port_id: &str,
        channel_id: &str,
    ) -> Option<ChannelEnd> {
        CHANNELS
            .may_load(&*app.contract_storage(&self.addr), (port_id, channel_id))
            .expect("read channel")
    }

    /// Packets committed on this chain and not relayed yet, in sending order.
    pub fn pending<C: WorldChain>(&self, app: &C) -> Vec<PendingPacket> {
        OUTBOX
            .range(
                &*app.contract_storage(&self.addr),
                None,
                None,
                cosmwasm_std::Order::Ascending,
            )
            .map(|item| item.expect("read outbox").1)
            .collect()
    }

    /// Whether a packet committed on this chain waits for the relayer (reads
    /// one key, where [`IbcHost::pending`] reads them all).
    pub fn has_pending<C: WorldChain>(&self, app: &C) -> bool {
        OUTBOX
            .keys_raw(
                &*app.contract_storage(&self.addr),
                None,
                None,
                cosmwasm_std::Order::Ascending,
            )
            .next()
            .is_some()
    }

    /// The oldest packet pending after `after` (an outbox id), read alone: a
    /// relayer walking the outbox reads each packet once.
    pub(crate) fn next_pending<C: WorldChain>(
        &self,
        app: &C,
        after: Option<u64>,
    ) -> Option<PendingPacket> {
        OUTBOX
            .range(
                &*app.contract_storage(&self.addr),
                after.map(cw_storage_plus::Bound::exclusive),
                None,
                cosmwasm_std::Order::Ascending,
            )
            .next()
            .map(|item| item.expect("read outbox").1)
    }

    /// Expires (or restores) this chain's light client of the counterparty:
    /// while it is not active, every packet and ICS-20 send fails, and the
    /// relayer moves nothing to or from this chain.
    pub fn set_client_active<C: WorldChain>(&self, app: &mut C, active: bool) {
        CLIENT_INACTIVE
            .save(&mut *app.contract_storage_mut(&self.addr), &!active)
            .expect("write client status");
    }

    pub fn client_active<C: WorldChain>(&self, app: &C) -> bool {
        !CLIENT_INACTIVE
            .may_load(&*app.contract_storage(&self.addr))
            .expect("read client status")
            .unwrap_or(false)
    }

    /// Whether the packet `sequence` on this chain's `port_id`/`channel_id`
    /// was received here.
    pub fn received<C: WorldChain>(
        &self,
        app: &C,
        port_id: &str,
        channel_id: &str,
        sequence: u64,
    ) -> bool {
        RECEIPTS.has(
            &*app.contract_storage(&self.addr),
            (port_id, channel_id, sequence),
        )
    }

    /// What ICS-20 holds in escrow on `channel_id` for `denom`.
    pub fn escrowed<C: WorldChain>(&self, app: &C, channel_id: &str, denom: &str) -> u128 {
        ESCROW
            .may_load(&*app.contract_storage(&self.addr), (channel_id, denom))
            .expect("read escrow")
            .unwrap_or_default()
            .u128()
    }

    /// An account's ICS-20 transfer.
    pub fn transfer<C: WorldChain>(
        &self,
        app: &mut C,
        sender: &Addr,
        channel_id: &str,
        to_address: &str,
        amount: Coin,
        timeout: IbcTimeout,
    ) -> AnyResult<cw_multi_test::AppResponse> {
        app.execute_contract(
            sender.clone(),
            self.addr.clone(),
            &HostExecuteMsg::Transfer {
                channel_id: channel_id.to_string(),
                to_address: to_address.to_string(),
                timeout,
                memo: None,
            },
            &[amount],
        )
    }
}

/// The bank denom a received ICS-20 token credits (unwrap when coming home,
/// else this channel's voucher), and its trace path if it is a voucher.
pub(crate) fn receive_denom(packet: &IbcPacket, denom: &str) -> (String, Option<String>, bool) {
    let source_prefix = format!("{}/{}/", packet.src.port_id, packet.src.channel_id);
    if let Some(rest) = denom.strip_prefix(&source_prefix) {
        let mut parts = rest.splitn(3, '/');
        let is_trace = matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(p), Some(c), Some(_)) if !p.is_empty() && c.starts_with("channel-")
        );
        if is_trace {
            (hash_trace(rest), Some(rest.to_string()), true)
        } else {
            (rest.to_string(), None, true)
        }
    } else {
        let path = format!(
            "{}/{}/{}",
            packet.dest.port_id, packet.dest.channel_id, denom
        );
        (hash_trace(&path), Some(path), false)
    }
}

pub(crate) fn coin(amount: Uint128, denom: &str) -> Vec<Coin> {
    coins(amount.u128(), denom)
}
