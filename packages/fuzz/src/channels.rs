//! The bridge channel's life and the cedent bridge's stray funds:
//!
//! - governance closes the channel (refused while packets are in flight;
//!   half the time the relayer drains it first);
//! - the partner closes its end after the relayer delivered some of the
//!   cedent's packets but not their acks: those packets are stuck (no ack on
//!   a closed channel, no timeout for a received packet);
//! - governance settles a stuck packet as the partner's books show it;
//! - a relayer opens a new channel and both governances route the treaty to
//!   it (the partner's sometimes a step later), so losses that waited or
//!   timed out are retried there (`RetryRecovery`);
//! - an account on chain B sends vouchers home to the cedent's bridge with no
//!   flow to settle; governance sweeps such funds to the treasury.

use cosmwasm_std::{coin, IbcTimeout, Uint128};
use insurance_common::reinsurance_bridge::{
    self as bridge, AcceptedCoverResponse, ChannelResponse, InFlightItem, InFlightKind,
    PaidRecoveryResponse,
};
use insurance_common::risk_pool::DAY;
use insurance_testing::ibc::{ChannelState, PendingPacket, Side};
use insurance_testing::reinsurance::TREATY_ID;
use insurance_testing::DENOM;

use crate::actions::{done, note_relayed, refused, tx, Attempt};
use crate::invariants::in_flight;
use crate::rng::Rng;
use crate::world::{World, UNIT};

/// Whether the cedent's bridge counts `channel_id` open.
pub(crate) fn open_on_a(w: &World, channel_id: &str) -> bool {
    w.w.cedent
        .app
        .wrap()
        .query_wasm_smart::<ChannelResponse>(
            &w.w.bridge_a,
            &bridge::QueryMsg::Channel {
                channel_id: channel_id.to_string(),
            },
        )
        .is_ok_and(|c| c.open)
}

fn is_packet(i: &InFlightItem) -> bool {
    matches!(
        i.kind,
        InFlightKind::CessionPacket { .. } | InFlightKind::RecoveryPacket { .. }
    )
}

/// Governance closes the channel the treaty's packets travel on.
pub(crate) fn gov_close_channel(w: &mut World, r: &mut Rng) -> Attempt {
    let channel_id = if r.chance(95) {
        w.route.a.clone()
    } else {
        "channel-999".to_string()
    };
    let mut desc = format!("governance closes bridge channel {channel_id}");
    if w.relaying && r.chance(50) {
        match w.w.relayer().relay_all() {
            Ok(list) => note_relayed(w, &list),
            Err(e) => {
                w.step
                    .receive_errors
                    .push(format!("the relay failed: {e:#}"));
                return refused(desc, "relayer::Failed");
            }
        }
        desc.push_str(" after the relayer drained it");
    }
    let res =
        w.w.governance_a(bridge::GovernanceMsg::CloseChannel { channel_id });
    tx(w, desc, res)
}

fn timed_out_on_b(w: &World, timeout: &IbcTimeout) -> bool {
    let block = w.w.reinsurer.block_info();
    timeout.timestamp().is_some_and(|t| block.time >= t)
        || timeout.block().is_some_and(|b| block.height >= b.height)
}

/// The partner closes its end of the channel, mostly while the cedent's
/// packets are in flight (the case that strands them): the relayer delivers
/// most of them first, not their acks.
pub(crate) fn partner_close_channel(w: &mut World, r: &mut Rng) -> Attempt {
    let (route_a, route_b) = (w.route.a.clone(), w.route.b.clone());
    let port_b = w.w.port_b();
    let open_b =
        w.w.host_b
            .channel(&w.w.reinsurer, &port_b, &route_b)
            .is_some_and(|e| e.state == ChannelState::Open);
    let deliverable: Vec<PendingPacket> = if w.relaying && open_b {
        w.w.relayer()
            .pending(Side::A)
            .into_iter()
            .filter(|p| {
                let (packet, dest) = (&p.packet, &p.packet.dest);
                p.transfer.is_none()
                    && packet.src.channel_id == route_a
                    && !timed_out_on_b(w, &packet.timeout)
                    && !w.w.host_b.received(
                        &w.w.reinsurer,
                        &dest.port_id,
                        &dest.channel_id,
                        packet.sequence,
                    )
            })
            .collect()
    } else {
        vec![]
    };
    if deliverable.is_empty() && !r.chance(30) {
        return refused(
            "the partner closes the bridge channel: nothing in flight".into(),
            "driver::NothingInFlight",
        );
    }
    let mut received = 0;
    for p in deliverable {
        if !r.chance(90) {
            continue;
        }
        match w.w.relayer().receive(Side::A, &p) {
            Ok(got) => {
                if let Some(e) = got.receive_error {
                    w.step.receive_errors.push(e);
                }
                received += 1;
            }
            Err(e) => w
                .step
                .receive_errors
                .push(format!("receiving packet {}: {e:#}", p.packet.sequence)),
        }
    }
    let desc = format!(
        "the partner closes bridge channel {route_b} after receiving {received} packets unacknowledged"
    );
    let res = w.w.governance_b(bridge::GovernanceMsg::CloseChannel {
        channel_id: route_b,
    });
    tx(w, desc, res)
}

/// What the partner's books show for a packet: the cession accepted, or
/// the recovery paid (the reinsurer books both under its own channel).
fn partner_accepted(w: &World, item: &InFlightItem) -> bool {
    let q = w.w.reinsurer.wrap();
    let channel_id = w.w.channel_b.clone();
    match item.kind {
        InFlightKind::CessionPacket { cover_id } => q
            .query_wasm_smart::<AcceptedCoverResponse>(
                &w.w.bridge_b,
                &bridge::QueryMsg::AcceptedCover {
                    channel_id,
                    cover_id,
                },
            )
            .is_ok(),
        InFlightKind::RecoveryPacket { loss } => q
            .query_wasm_smart::<PaidRecoveryResponse>(
                &w.w.bridge_b,
                &bridge::QueryMsg::PaidRecovery { channel_id, loss },
            )
            .is_ok(),
        _ => false,
    }
}

/// Governance settles a packet stuck on a closed channel as the partner's
/// books show it; sometimes a packet on an open channel, or an unknown id.
pub(crate) fn gov_settle_packet(w: &mut World, r: &mut Rng) -> Attempt {
    let packets: Vec<InFlightItem> = in_flight(w, true).into_iter().filter(is_packet).collect();
    let stuck: Vec<&InFlightItem> = packets
        .iter()
        .filter(|i| !open_on_a(w, &i.channel_id))
        .collect();
    let (packet_id, accepted) = match r.pick(&stuck) {
        Some(item) if !r.chance(5) => (item.id, partner_accepted(w, item)),
        _ => {
            if !r.chance(20) {
                return refused(
                    "governance settles a stuck packet: none".into(),
                    "driver::NothingStuck",
                );
            }
            let id = r.pick(&packets).map(|i| i.id).unwrap_or(900_000);
            (id, r.chance(50))
        }
    };
    let desc = format!("governance settles packet {packet_id}: accepted={accepted}");
    let res = w.w.governance_a(bridge::GovernanceMsg::SettlePacket {
        packet_id,
        accepted,
    });
    if res.is_ok() {
        w.step.settled_packets.push(packet_id);
    }
    tx(w, desc, res)
}

fn route_on_b(w: &mut World) -> Attempt {
    let via = w.route.b.clone();
    let desc = format!("the partner's governance routes the treaty to {via}");
    let res = w.w.governance_b(bridge::GovernanceMsg::RouteTreaty {
        channel_id: w.w.channel_b.clone(),
        treaty_id: TREATY_ID,
        via,
    });
    if res.is_ok() {
        w.route.b_pending = false;
    }
    tx(w, desc, res)
}

/// After a close: a relayer opens a new channel between the bridges and the
/// cedent's governance routes the treaty to it, the partner's mostly at
/// once. With the channel open, governance sometimes tries to route anyway.
pub(crate) fn route_treaty(w: &mut World, r: &mut Rng) -> Attempt {
    if w.route.b_pending {
        return route_on_b(w);
    }
    if !w.relaying {
        return refused("open a new bridge channel".into(), "relayer::Outage");
    }
    if let Err(e) = w.w.relayer().confirm_closes() {
        w.step
            .receive_errors
            .push(format!("confirming closes failed: {e:#}"));
        return refused("confirm channel closes".into(), "relayer::Failed");
    }
    let home = w.w.channel_a.clone();
    if open_on_a(w, &w.route.a) {
        if !r.chance(20) {
            return refused(
                "route the treaty: channel open".into(),
                "driver::ChannelOpen",
            );
        }
        let via = w.route.a.clone();
        let desc = format!("governance routes the treaty to open channel {via}");
        let res = w.w.governance_a(bridge::GovernanceMsg::RouteTreaty {
            channel_id: home,
            treaty_id: TREATY_ID,
            via,
        });
        return tx(w, desc, res);
    }
    let (a, b) = w.w.open_bridge_channel();
    let desc = format!("a relayer opens {a}/{b}; governance routes the treaty to {a}");
    let res = w.w.governance_a(bridge::GovernanceMsg::RouteTreaty {
        channel_id: home,
        treaty_id: TREATY_ID,
        via: a.clone(),
    });
    if res.is_err() {
        return tx(w, desc, res);
    }
    w.route = crate::world::Route {
        a,
        b,
        b_pending: true,
    };
    let first = tx(w, desc, res);
    if r.chance(85) {
        let second = route_on_b(w);
        return Attempt {
            desc: format!("{}; {}", first.desc, second.desc),
            outcome: second.outcome,
        };
    }
    first
}

/// An account on chain B sends vouchers home to the cedent's bridge with no
/// reinsurance note: stray funds once relayed.
pub(crate) fn stray_transfer(w: &mut World, r: &mut Rng) -> Attempt {
    let owner = w.capital_owner_b.clone();
    let balance = w.w.balance_b(&owner);
    if balance == 0 {
        return refused(
            "a stray transfer to the cedent's bridge: no vouchers".into(),
            "driver::NoFunds",
        );
    }
    let amount = r.range_u128(1, balance.min(1_000 * UNIT));
    let desc = format!("{owner} sends {amount} vouchers to the cedent's bridge");
    let timeout = IbcTimeout::with_timestamp(w.w.reinsurer.block_info().time.plus_seconds(DAY));
    let (host, channel, to, voucher) = (
        w.w.host_b.clone(),
        w.w.transfer_b.clone(),
        w.w.bridge_a.to_string(),
        w.w.voucher.clone(),
    );
    let res = host.transfer(
        &mut w.w.reinsurer,
        &owner,
        &channel,
        &to,
        coin(amount, voucher),
        timeout,
    );
    match res {
        Ok(_) => done(desc),
        Err(e) => tx(w, desc, Err(e)),
    }
}

/// Governance sweeps stray funds from the cedent's bridge to the treasury;
/// sometimes more than is stray, or nothing.
pub(crate) fn gov_sweep(w: &mut World, r: &mut Rng) -> Attempt {
    let stray = w.stray_a;
    let amount = match r.range(0, 9) {
        0 => stray + 1,
        1 => 0,
        _ if stray > 0 => r.range_u128(1, stray),
        _ => r.range_u128(1, 1_000),
    };
    let desc = format!("governance sweeps {amount} from the cedent's bridge (stray {stray})");
    let res = w.w.governance_a(bridge::GovernanceMsg::Sweep {
        denom: DENOM.to_string(),
        amount: Uint128::new(amount),
    });
    if res.is_ok() {
        w.stray_a -= amount;
    }
    tx(w, desc, res)
}
