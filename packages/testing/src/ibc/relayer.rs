//! The relayer: handshakes, packets, acknowledgements, timeouts and ICS-20.

use anyhow::{anyhow, bail, Context, Result as AnyResult};
use cosmwasm_std::{
    from_json, Addr, Api, BankMsg, Binary, BlockInfo, Empty, Ibc3ChannelOpenResponse,
    IbcAckCallbackMsg, IbcAcknowledgement, IbcChannelCloseMsg, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcDestinationCallbackMsg, IbcOrder, IbcPacket, IbcPacketAckMsg,
    IbcPacketReceiveMsg, IbcPacketTimeoutMsg, IbcSourceCallbackMsg, IbcTimeout,
    IbcTimeoutCallbackMsg, Order, StdAck,
};
use cw_multi_test::{BankSudo, SudoMsg};
use serde::Deserialize;

use super::host::{
    coin, new_channel_id, receive_denom, take_escrow, ChannelEnd, ChannelState,
    FungibleTokenPacketData, IbcHost, PendingPacket, SentTransfer, ACKS, CHANNELS, CLOSING,
    CONNECTION_ID, DENOM_TRACES, ESCROW, ICS20_VERSION, NEXT_CHANNEL, OUTBOX, RECEIPTS,
    TRANSFER_PORT,
};
use super::wrapper::IbcEntry;
use super::IbcError;
use crate::app::{ChainApp, WorldChain};

/// Bound on relay rounds in [`Relayer::relay_all`] (each round relays everything pending).
const MAX_ROUNDS: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// One chain as the relayer sees it.
pub struct ChainRef<'a, C = ChainApp> {
    pub app: &'a mut C,
    pub host: IbcHost,
}

impl<C: WorldChain> ChainRef<'_, C> {
    fn relayer(&self) -> Addr {
        self.app.addr_make("relayer")
    }

    fn end(&self, port_id: &str, channel_id: &str) -> Option<ChannelEnd> {
        self.host.channel(self.app, port_id, channel_id)
    }

    fn save_end(&mut self, end: &ChannelEnd) -> AnyResult<()> {
        CHANNELS.save(
            &mut *self.app.contract_storage_mut(&self.host.addr),
            (&end.port_id, &end.channel_id),
            end,
        )?;
        Ok(())
    }

    fn peek_channel_id(&self) -> AnyResult<String> {
        let n = NEXT_CHANNEL
            .may_load(&*self.app.contract_storage(&self.host.addr))?
            .unwrap_or(0);
        Ok(format!("channel-{n}"))
    }

    fn take_channel_id(&mut self) -> AnyResult<String> {
        new_channel_id(&mut *self.app.contract_storage_mut(&self.host.addr))
    }

    /// Calls an IBC entry point of the contract bound to `port_id`.
    fn call(&mut self, port_id: &str, entry: IbcEntry) -> AnyResult<cw_multi_test::AppResponse> {
        let contract = port_id
            .strip_prefix("wasm.")
            .ok_or_else(|| anyhow!("no contract on port {port_id}"))?;
        self.app.ibc_entry(Addr::unchecked(contract), entry)
    }

    fn refund(&mut self, channel_id: &str, t: &SentTransfer) -> AnyResult<()> {
        if t.escrowed {
            self.app.execute(
                self.host.addr.clone(),
                BankMsg::Send {
                    to_address: t.sender.to_string(),
                    amount: vec![t.coin.clone()],
                }
                .into(),
            )?;
            take_escrow(
                &mut *self.app.contract_storage_mut(&self.host.addr),
                channel_id,
                &t.coin.denom,
                t.coin.amount,
            )?;
        } else {
            self.app.sudo(SudoMsg::Bank(BankSudo::Mint {
                to_address: t.sender.to_string(),
                amount: vec![t.coin.clone()],
            }))?;
        }
        Ok(())
    }
}

fn timed_out(block: &BlockInfo, timeout: &IbcTimeout) -> bool {
    timeout.timestamp().is_some_and(|t| block.time >= t)
        || timeout.block().is_some_and(|b| block.height >= b.height)
}

/// The callback requests of an ICS-20 memo (ADR-8).
#[derive(Deserialize, Default)]
struct CallbackMemo {
    src_callback: Option<CallbackAddress>,
    dest_callback: Option<CallbackAddress>,
}

#[derive(Deserialize)]
struct CallbackAddress {
    address: String,
}

fn callbacks_of(data: &FungibleTokenPacketData) -> CallbackMemo {
    from_json(data.memo.as_bytes()).unwrap_or_default()
}

/// What the destination chain wrote for a packet.
#[derive(Clone, Debug)]
pub struct Received {
    pub ack: Binary,
    /// The receiving contract's `ibc_packet_receive` returned an error (the
    /// ack is then an error ack written for it, as recent wasmd versions do).
    pub receive_error: Option<String>,
    /// Destination callbacks that failed (the transfer went through anyway).
    pub callback_errors: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum Delivery {
    Acknowledged {
        ack: Binary,
    },
    /// Received, but the ack cannot reach the sender (its channel closed).
    Received {
        ack: Binary,
    },
    TimedOut,
}

/// What a relayer can do with a pending packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Receive,
    Acknowledge,
    TimeOut,
    Stuck,
}

/// A packet the relayer finished: acknowledged on the sender, or timed out.
#[derive(Clone, Debug)]
pub struct Relayed {
    pub from: Side,
    pub packet: IbcPacket,
    pub delivery: Delivery,
    pub receive_error: Option<String>,
    pub callback_errors: Vec<String>,
}

impl Relayed {
    /// The acknowledgement as a `StdAck`, if the packet was received and the ack has that shape.
    pub fn ack(&self) -> Option<StdAck> {
        match &self.delivery {
            Delivery::Acknowledged { ack } => from_json(ack).ok(),
            Delivery::Received { .. } | Delivery::TimedOut => None,
        }
    }

    pub fn is_success(&self) -> bool {
        matches!(self.ack(), Some(StdAck::Success(_)))
    }

    /// The error of an error ack.
    pub fn error(&self) -> Option<String> {
        match self.ack() {
            Some(StdAck::Error(e)) => Some(e),
            _ => None,
        }
    }

    pub fn timed_out(&self) -> bool {
        matches!(self.delivery, Delivery::TimedOut)
    }

    pub fn is_transfer(&self) -> bool {
        self.packet.src.port_id == TRANSFER_PORT
    }
}

/// Relays between chain A and chain B.
pub struct Relayer<'a, C = ChainApp> {
    pub a: ChainRef<'a, C>,
    pub b: ChainRef<'a, C>,
}

impl<'a, C: WorldChain> Relayer<'a, C> {
    pub fn new(a: &'a mut C, a_host: &IbcHost, b: &'a mut C, b_host: &IbcHost) -> Self {
        Relayer {
            a: ChainRef {
                app: a,
                host: a_host.clone(),
            },
            b: ChainRef {
                app: b,
                host: b_host.clone(),
            },
        }
    }

    pub fn chain(&mut self, side: Side) -> &mut ChainRef<'a, C> {
        match side {
            Side::A => &mut self.a,
            Side::B => &mut self.b,
        }
    }

    /// (sending chain, receiving chain).
    fn ends(&mut self, from: Side) -> (&mut ChainRef<'a, C>, &mut ChainRef<'a, C>) {
        match from {
            Side::A => (&mut self.a, &mut self.b),
            Side::B => (&mut self.b, &mut self.a),
        }
    }

    // ------------------------------------------------------------ handshake

    /// ChanOpenInit on `side`: the contract on `port_id` sees `OpenInit`.
    /// Returns the new channel id.
    pub fn chan_open_init(
        &mut self,
        side: Side,
        port_id: &str,
        counterparty_port_id: &str,
        order: IbcOrder,
        version: &str,
    ) -> AnyResult<String> {
        let chain = self.chain(side);
        let mut end = ChannelEnd {
            port_id: port_id.to_string(),
            channel_id: chain.peek_channel_id()?,
            counterparty_port_id: counterparty_port_id.to_string(),
            counterparty_channel_id: String::new(),
            order,
            version: version.to_string(),
            connection_id: CONNECTION_ID.to_string(),
            state: ChannelState::Init,
        };
        let res = chain.call(
            port_id,
            IbcEntry::IbcChannelOpen(IbcChannelOpenMsg::new_init(end.to_ibc_channel())),
        )?;
        if let Some(data) = res.data {
            if let Some(r) = from_json::<Option<Ibc3ChannelOpenResponse>>(&data)? {
                end.version = r.version;
            }
        }
        end.channel_id = chain.take_channel_id()?;
        chain.save_end(&end)?;
        Ok(end.channel_id)
    }

    /// ChanOpenTry on `side`. In wasmd the channel passed to the contract
    /// carries the counterparty's version as its proposal; tests may pass
    /// another `version` to probe the checks.
    #[allow(clippy::too_many_arguments)]
    pub fn chan_open_try(
        &mut self,
        side: Side,
        port_id: &str,
        counterparty_port_id: &str,
        counterparty_channel_id: &str,
        order: IbcOrder,
        version: &str,
        counterparty_version: &str,
    ) -> AnyResult<String> {
        let chain = self.chain(side);
        let mut end = ChannelEnd {
            port_id: port_id.to_string(),
            channel_id: chain.peek_channel_id()?,
            counterparty_port_id: counterparty_port_id.to_string(),
            counterparty_channel_id: counterparty_channel_id.to_string(),
            order,
            version: version.to_string(),
            connection_id: CONNECTION_ID.to_string(),
            state: ChannelState::TryOpen,
        };
        let res = chain.call(
            port_id,
            IbcEntry::IbcChannelOpen(IbcChannelOpenMsg::new_try(
                end.to_ibc_channel(),
                counterparty_version,
            )),
        )?;
        if let Some(data) = res.data {
            if let Some(r) = from_json::<Option<Ibc3ChannelOpenResponse>>(&data)? {
                end.version = r.version;
            }
        }
        end.channel_id = chain.take_channel_id()?;
        chain.save_end(&end)?;
        Ok(end.channel_id)
    }

    /// ChanOpenAck on `side` (the initiating chain): the contract sees
    /// `OpenAck` with its channel and the counterparty's version.
    pub fn chan_open_ack(
        &mut self,
        side: Side,
        port_id: &str,
        channel_id: &str,
        counterparty_channel_id: &str,
        counterparty_version: &str,
    ) -> AnyResult<()> {
        let chain = self.chain(side);
        let mut end = chain
            .end(port_id, channel_id)
            .ok_or_else(|| anyhow!("channel {channel_id} not found"))?;
        if end.state != ChannelState::Init {
            bail!("channel {channel_id} is not in INIT");
        }
        end.counterparty_channel_id = counterparty_channel_id.to_string();
        chain.call(
            port_id,
            IbcEntry::IbcChannelConnect(IbcChannelConnectMsg::new_ack(
                end.to_ibc_channel(),
                counterparty_version,
            )),
        )?;
        end.version = counterparty_version.to_string();
        end.state = ChannelState::Open;
        chain.save_end(&end)
    }

    /// ChanOpenConfirm on `side`.
    pub fn chan_open_confirm(
        &mut self,
        side: Side,
        port_id: &str,
        channel_id: &str,
    ) -> AnyResult<()> {
        let chain = self.chain(side);
        let mut end = chain
            .end(port_id, channel_id)
            .ok_or_else(|| anyhow!("channel {channel_id} not found"))?;
        if end.state != ChannelState::TryOpen {
            bail!("channel {channel_id} is not in TRYOPEN");
        }
        chain.call(
            port_id,
            IbcEntry::IbcChannelConnect(IbcChannelConnectMsg::new_confirm(end.to_ibc_channel())),
        )?;
        end.state = ChannelState::Open;
        chain.save_end(&end)
    }

    /// The full handshake, initiated on A. Returns (A's channel id, B's channel id).
    pub fn open_channel(
        &mut self,
        a_port: &str,
        b_port: &str,
        order: IbcOrder,
        version: &str,
    ) -> AnyResult<(String, String)> {
        let a_channel = self.chan_open_init(Side::A, a_port, b_port, order.clone(), version)?;
        let a_version = self.a.end(a_port, &a_channel).expect("init end").version;
        let b_channel = self.chan_open_try(
            Side::B,
            b_port,
            a_port,
            &a_channel,
            order,
            &a_version,
            &a_version,
        )?;
        let b_version = self.b.end(b_port, &b_channel).expect("try end").version;
        self.chan_open_ack(Side::A, a_port, &a_channel, &b_channel, &b_version)?;
        self.chan_open_confirm(Side::B, b_port, &b_channel)?;
        Ok((a_channel, b_channel))
    }

    /// An ICS-20 channel between the two transfer modules. Returns (A's id, B's id).
    pub fn open_transfer_channel(&mut self) -> AnyResult<(String, String)> {
        let a_id = self.a.take_channel_id()?;
        let b_id = self.b.take_channel_id()?;
        for (chain, id, counterparty) in [(&mut self.a, &a_id, &b_id), (&mut self.b, &b_id, &a_id)]
        {
            chain.save_end(&ChannelEnd {
                port_id: TRANSFER_PORT.to_string(),
                channel_id: id.clone(),
                counterparty_port_id: TRANSFER_PORT.to_string(),
                counterparty_channel_id: counterparty.clone(),
                order: IbcOrder::Unordered,
                version: ICS20_VERSION.to_string(),
                connection_id: CONNECTION_ID.to_string(),
                state: ChannelState::Open,
            })?;
        }
        Ok((a_id, b_id))
    }

    /// A `MsgChannelCloseInit` anyone submits on `side`: the contract's
    /// `CloseInit` callback decides.
    pub fn close_init(&mut self, side: Side, port_id: &str, channel_id: &str) -> AnyResult<()> {
        let chain = self.chain(side);
        let mut end = chain
            .end(port_id, channel_id)
            .ok_or_else(|| anyhow!("channel {channel_id} not found"))?;
        if end.state != ChannelState::Open {
            bail!("channel {channel_id} is not open");
        }
        chain.call(
            port_id,
            IbcEntry::IbcChannelClose(IbcChannelCloseMsg::new_init(end.to_ibc_channel())),
        )?;
        end.state = ChannelState::Closed;
        chain.save_end(&end)?;
        CLOSING.save(
            &mut *chain.app.contract_storage_mut(&chain.host.addr),
            (port_id, channel_id),
            &Empty {},
        )?;
        Ok(())
    }

    /// ChanCloseConfirm on the counterparty of every channel closed on one side.
    pub fn confirm_closes(&mut self) -> AnyResult<()> {
        for side in [Side::A, Side::B] {
            let (here, there) = self.ends(side);
            let closing: Vec<(String, String)> = CLOSING
                .keys(
                    &*here.app.contract_storage(&here.host.addr),
                    None,
                    None,
                    Order::Ascending,
                )
                .collect::<Result<_, _>>()?;
            for (port_id, channel_id) in closing {
                let end = here.end(&port_id, &channel_id).expect("closing end");
                if let Some(mut cp) =
                    there.end(&end.counterparty_port_id, &end.counterparty_channel_id)
                {
                    if cp.state == ChannelState::Open {
                        cp.state = ChannelState::Closed;
                        if cp.port_id.starts_with("wasm.") {
                            there.call(
                                &cp.port_id.clone(),
                                IbcEntry::IbcChannelClose(IbcChannelCloseMsg::new_confirm(
                                    cp.to_ibc_channel(),
                                )),
                            )?;
                        }
                        there.save_end(&cp)?;
                    }
                }
                CLOSING.remove(
                    &mut *here.app.contract_storage_mut(&here.host.addr),
                    (&port_id, &channel_id),
                );
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------ packets

    /// Packets committed on `side` and not relayed yet.
    pub fn pending(&self, side: Side) -> Vec<PendingPacket> {
        let chain = match side {
            Side::A => &self.a,
            Side::B => &self.b,
        };
        chain.host.pending(chain.app)
    }

    /// Relays everything, both ways, until nothing more can move (packets
    /// sent while relaying included): closes are confirmed first, then each
    /// packet is received and acknowledged, or timed out. A packet that
    /// cannot move (received but its channel closed before the ack, or a
    /// chain whose client is not active) stays pending, as on a chain.
    pub fn relay_all(&mut self) -> AnyResult<Vec<Relayed>> {
        let mut relayed = vec![];
        for _ in 0..MAX_ROUNDS {
            self.confirm_closes()?;
            let mut progressed = false;
            for side in [Side::A, Side::B] {
                // A packet passed over is stuck and stays stuck while this
                // side drains (relaying neither revives a client nor reopens
                // a channel), so the walk goes on after the last one seen:
                // the same order as `relay_next` from the start each time,
                // with each pending packet read once.
                let mut after = None;
                while let Some((r, id)) = self.relay_next_after(side, after)? {
                    relayed.push(r);
                    after = Some(id);
                    progressed = true;
                }
            }
            if !progressed {
                return Ok(relayed);
            }
        }
        bail!("packets still pending after {MAX_ROUNDS} rounds")
    }

    /// Relays the oldest packet pending on `from` that can move.
    pub fn relay_next(&mut self, from: Side) -> AnyResult<Option<Relayed>> {
        Ok(self.relay_next_after(from, None)?.map(|(r, _)| r))
    }

    /// Relays the oldest packet that can move among those pending on `from`
    /// after the outbox id `after`; returns it with its outbox id.
    fn relay_next_after(
        &mut self,
        from: Side,
        mut after: Option<u64>,
    ) -> AnyResult<Option<(Relayed, u64)>> {
        self.confirm_closes()?;
        loop {
            let next = {
                let chain = match from {
                    Side::A => &self.a,
                    Side::B => &self.b,
                };
                chain.host.next_pending(chain.app, after)
            };
            let Some(pending) = next else {
                return Ok(None);
            };
            let id = pending.id;
            let step = self.step(from, &pending)?;
            if step != Step::Stuck {
                // Closes were just confirmed: `relay`'s checks would repeat these.
                return self.relay_step(from, pending, step).map(|r| Some((r, id)));
            }
            after = Some(id);
        }
    }

    /// Packets pending on `from` that no relayer can move now.
    pub fn stuck(&mut self, from: Side) -> AnyResult<Vec<PendingPacket>> {
        self.confirm_closes()?;
        let mut stuck = vec![];
        for pending in self.pending(from) {
            if self.step(from, &pending)? == Step::Stuck {
                stuck.push(pending);
            }
        }
        Ok(stuck)
    }

    /// What ibc-go lets a relayer do with a pending packet now.
    fn step(&mut self, from: Side, pending: &PendingPacket) -> AnyResult<Step> {
        let (src, dst) = self.ends(from);
        if !src.host.client_active(src.app) || !dst.host.client_active(dst.app) {
            // No proof verifies against an expired or frozen client.
            return Ok(Step::Stuck);
        }
        let packet = &pending.packet;
        let source_open = src
            .end(&packet.src.port_id, &packet.src.channel_id)
            .is_some_and(|e| e.state == ChannelState::Open);
        let (dest, seq) = (&packet.dest, packet.sequence);
        if dst
            .host
            .received(dst.app, &dest.port_id, &dest.channel_id, seq)
        {
            // Received: never timed out. The ack needs the sender's channel open.
            return Ok(if source_open {
                Step::Acknowledge
            } else {
                Step::Stuck
            });
        }
        let dest_closed = dst
            .end(&dest.port_id, &dest.channel_id)
            .is_none_or(|e| e.state == ChannelState::Closed);
        if dest_closed || timed_out(&dst.app.block_info(), &packet.timeout) {
            return Ok(Step::TimeOut);
        }
        Ok(Step::Receive)
    }

    /// Relays one packet as ibc-go allows: the ack of a packet already
    /// received; a timeout if the destination passed its timeout or its
    /// channel closed (proof of non-receipt); else receive, then the ack if
    /// the sender's channel is still open. Errors on a packet that cannot move.
    pub fn relay(&mut self, from: Side, pending: PendingPacket) -> AnyResult<Relayed> {
        self.confirm_closes()?;
        let step = self.step(from, &pending)?;
        self.relay_step(from, pending, step)
    }

    /// [`Relayer::relay`] once closes are confirmed and the packet's `step` is known.
    fn relay_step(&mut self, from: Side, pending: PendingPacket, step: Step) -> AnyResult<Relayed> {
        match step {
            Step::Stuck => bail!(
                "packet {} on {} cannot be relayed now",
                pending.packet.sequence,
                pending.packet.src.channel_id
            ),
            Step::TimeOut => self.timeout(from, pending),
            Step::Acknowledge => {
                let received = self.written_ack(from, &pending)?;
                self.acknowledge(from, pending, received)
            }
            Step::Receive => {
                let received = self.receive(from, &pending)?;
                // Received now, so `step` would say Acknowledge, or Stuck if
                // the sender's channel closed meanwhile (clients do not move
                // while a packet is received).
                let (src, _) = self.ends(from);
                let source = &pending.packet.src;
                let source_open = src
                    .end(&source.port_id, &source.channel_id)
                    .is_some_and(|e| e.state == ChannelState::Open);
                if !source_open {
                    // Received while the sender's channel closed: the ack waits.
                    return Ok(Relayed {
                        from,
                        packet: pending.packet,
                        delivery: Delivery::Received { ack: received.ack },
                        receive_error: received.receive_error,
                        callback_errors: received.callback_errors,
                    });
                }
                self.acknowledge(from, pending, received)
            }
        }
    }

    /// The acknowledgement the destination wrote for a packet it received.
    fn written_ack(&mut self, from: Side, pending: &PendingPacket) -> AnyResult<Received> {
        let (_, dst) = self.ends(from);
        let dest = &pending.packet.dest;
        let ack = ACKS
            .may_load(
                &*dst.app.contract_storage(&dst.host.addr),
                (&dest.port_id, &dest.channel_id, pending.packet.sequence),
            )?
            .ok_or_else(|| anyhow!("no acknowledgement written"))?;
        Ok(Received {
            ack,
            receive_error: None,
            callback_errors: vec![],
        })
    }

    /// Receives a pending packet on the destination and writes its receipt
    /// and ack (not relayed back yet: see [`Relayer::acknowledge`]).
    pub fn receive(&mut self, from: Side, pending: &PendingPacket) -> AnyResult<Received> {
        let (_, dst) = self.ends(from);
        let packet = &pending.packet;
        let key = (
            packet.dest.port_id.as_str(),
            packet.dest.channel_id.as_str(),
            packet.sequence,
        );
        {
            let storage = dst.app.contract_storage(&dst.host.addr);
            if RECEIPTS.has(&*storage, key) {
                return Err(IbcError::AlreadyReceived {
                    sequence: packet.sequence,
                }
                .into());
            }
        }
        let received = self.deliver(from.other(), packet.clone())?;
        let (_, dst) = self.ends(from);
        let mut storage = dst.app.contract_storage_mut(&dst.host.addr);
        RECEIPTS.save(&mut *storage, key, &Empty {})?;
        ACKS.save(&mut *storage, key, &received.ack)?;
        Ok(received)
    }

    /// Delivers `packet` to the application of `to`'s port, with no receipt
    /// check: [`Relayer::receive`] uses it after writing the receipt; a test
    /// uses it to hand a contract a packet twice or a packet no chain
    /// committed (malformed data), which IBC's receipts and commitments
    /// normally rule out. Nothing is relayed back.
    pub fn deliver(&mut self, to: Side, packet: IbcPacket) -> AnyResult<Received> {
        let dst = self.chain(to);
        if packet.dest.port_id == TRANSFER_PORT {
            return ics20_receive(dst, packet);
        }
        let relayer = dst.relayer();
        let port_id = packet.dest.port_id.clone();
        match dst.call(
            &port_id,
            IbcEntry::IbcPacketReceive(IbcPacketReceiveMsg::new(packet, relayer)),
        ) {
            Ok(res) => Ok(Received {
                ack: res
                    .data
                    .ok_or_else(|| anyhow!("no acknowledgement: async acks are not simulated"))?,
                receive_error: None,
                callback_errors: vec![],
            }),
            Err(e) => Ok(Received {
                ack: StdAck::error(format!("ibc_packet_receive failed: {e}")).to_binary(),
                receive_error: Some(format!("{e:#}")),
                callback_errors: vec![],
            }),
        }
    }

    /// Relays the ack of a received packet back to its sender.
    pub fn acknowledge(
        &mut self,
        from: Side,
        pending: PendingPacket,
        received: Received,
    ) -> AnyResult<Relayed> {
        let mut callback_errors = received.callback_errors;
        let (src, _) = self.ends(from);
        let packet = pending.packet.clone();
        if let Some(t) = &pending.transfer {
            let success = matches!(from_json::<StdAck>(&received.ack), Ok(StdAck::Success(_)));
            if !success {
                src.refund(&packet.src.channel_id, t)?;
            }
            let ack = IbcAcknowledgement::new(received.ack.clone());
            let relayer = src.relayer();
            callback_errors.extend(source_callback(
                src,
                &packet,
                IbcSourceCallbackMsg::Acknowledgement(IbcAckCallbackMsg::new(
                    ack,
                    packet.clone(),
                    relayer,
                )),
            ));
        } else {
            self.acknowledge_raw(from, packet.clone(), received.ack.clone())
                .context("ibc_packet_ack failed")?;
        }
        let (src, _) = self.ends(from);
        OUTBOX.remove(
            &mut *src.app.contract_storage_mut(&src.host.addr),
            pending.id,
        );
        Ok(Relayed {
            from,
            packet,
            delivery: Delivery::Acknowledged { ack: received.ack },
            receive_error: received.receive_error,
            callback_errors,
        })
    }

    /// Calls the sender's `ibc_packet_ack` with any acknowledgement (a test
    /// uses it for malformed or repeated acks).
    pub fn acknowledge_raw(
        &mut self,
        from: Side,
        packet: IbcPacket,
        ack: Binary,
    ) -> AnyResult<cw_multi_test::AppResponse> {
        let (src, _) = self.ends(from);
        let relayer = src.relayer();
        let port_id = packet.src.port_id.clone();
        src.call(
            &port_id,
            IbcEntry::IbcPacketAck(IbcPacketAckMsg::new(
                IbcAcknowledgement::new(ack),
                packet,
                relayer,
            )),
        )
    }

    /// Times a pending packet out on its sender (ICS-20 refunds it).
    pub fn timeout(&mut self, from: Side, pending: PendingPacket) -> AnyResult<Relayed> {
        let (src, _) = self.ends(from);
        let packet = pending.packet.clone();
        let relayer = src.relayer();
        let mut callback_errors = vec![];
        if let Some(t) = &pending.transfer {
            src.refund(&packet.src.channel_id, t)?;
            callback_errors.extend(source_callback(
                src,
                &packet,
                IbcSourceCallbackMsg::Timeout(IbcTimeoutCallbackMsg::new(packet.clone(), relayer)),
            ));
        } else {
            let port_id = packet.src.port_id.clone();
            src.call(
                &port_id,
                IbcEntry::IbcPacketTimeout(IbcPacketTimeoutMsg::new(packet.clone(), relayer)),
            )
            .context("ibc_packet_timeout failed")?;
        }
        OUTBOX.remove(
            &mut *src.app.contract_storage_mut(&src.host.addr),
            pending.id,
        );
        Ok(Relayed {
            from,
            packet,
            delivery: Delivery::TimedOut,
            receive_error: None,
            callback_errors,
        })
    }
}

/// The callbacks middleware on the sending chain: the source callback, if
/// the memo asks for one at the sender's address. Its failure is reported,
/// not raised.
fn source_callback<C: WorldChain>(
    src: &mut ChainRef<C>,
    packet: &IbcPacket,
    msg: IbcSourceCallbackMsg,
) -> Option<String> {
    let data: FungibleTokenPacketData = from_json(&packet.data).ok()?;
    let address = callbacks_of(&data).src_callback?.address;
    if address != data.sender {
        return None;
    }
    src.app
        .ibc_entry(Addr::unchecked(address), IbcEntry::IbcSourceCallback(msg))
        .err()
        .map(|e| format!("source callback: {e:#}"))
}

/// ICS-20 on the receiving chain: unescrow a token coming home or mint a
/// voucher, then the destination callback if the memo asks for it.
fn ics20_receive<C: WorldChain>(dst: &mut ChainRef<C>, packet: IbcPacket) -> AnyResult<Received> {
    let outcome = (|| -> AnyResult<FungibleTokenPacketData> {
        let data: FungibleTokenPacketData =
            from_json(&packet.data).map_err(|e| anyhow!("invalid packet data: {e}"))?;
        let receiver = dst.app.chain_api().addr_validate(&data.receiver)?;
        if data.amount.is_zero() {
            bail!("zero amount");
        }
        let (denom, trace, coming_home) = receive_denom(&packet, &data.denom);
        if coming_home {
            let held = ESCROW
                .may_load(
                    &*dst.app.contract_storage(&dst.host.addr),
                    (&packet.dest.channel_id, &denom),
                )?
                .unwrap_or_default();
            if held < data.amount {
                bail!("escrow holds {held}{denom}, {} asked", data.amount);
            }
            dst.app.execute(
                dst.host.addr.clone(),
                BankMsg::Send {
                    to_address: receiver.to_string(),
                    amount: coin(data.amount, &denom),
                }
                .into(),
            )?;
            take_escrow(
                &mut *dst.app.contract_storage_mut(&dst.host.addr),
                &packet.dest.channel_id,
                &denom,
                data.amount,
            )?;
        } else {
            DENOM_TRACES.save(
                &mut *dst.app.contract_storage_mut(&dst.host.addr),
                &denom,
                &trace.expect("voucher trace"),
            )?;
            dst.app.sudo(SudoMsg::Bank(BankSudo::Mint {
                to_address: receiver.to_string(),
                amount: coin(data.amount, &denom),
            }))?;
        }
        Ok(data)
    })();
    let (ack, data) = match outcome {
        Ok(data) => (StdAck::success(b"\x01"), Some(data)),
        Err(e) => (StdAck::error(format!("ics20: {e}")), None),
    };
    let mut callback_errors = vec![];
    if let Some(address) = data
        .as_ref()
        .and_then(|d| callbacks_of(d).dest_callback)
        .map(|c| c.address)
    {
        let msg = IbcDestinationCallbackMsg {
            packet,
            ack: IbcAcknowledgement::new(ack.to_binary()),
        };
        if let Err(e) = dst.app.ibc_entry(
            Addr::unchecked(address),
            IbcEntry::IbcDestinationCallback(msg),
        ) {
            callback_errors.push(format!("destination callback: {e:#}"));
        }
    }
    Ok(Received {
        ack: ack.to_binary(),
        receive_error: None,
        callback_errors,
    })
}
