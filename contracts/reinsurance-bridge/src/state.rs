use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Deps, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use insurance_common::reinsurance_bridge::{
    CessionStatus, InFlightItem, LossId, LossStatus, Role, TreatyLedger, TreatyTerms,
};

use insurance_common::risk_pool::LossEvent;

use crate::error::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:reinsurance-bridge";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Smallest gas limit accepted for the submessage that applies a received packet.
pub const MIN_RECEIVE_GAS_LIMIT: u64 = 100_000;

/// Stored as `QueryMsg::Config` returns it.
pub use insurance_common::reinsurance_bridge::ConfigResponse as Config;

/// A channel to a partner bridge, recorded when the handshake completes.
#[cw_serde]
pub struct Channel {
    pub counterparty_port_id: String,
    pub counterparty_channel_id: String,
    pub connection_id: String,
    /// The partner bridge's address on its chain (from its `wasm.<address>` port).
    pub counterparty_bridge: String,
    pub open: bool,
    /// Set by governance before the bridge closes the channel: the only
    /// `CloseInit` the bridge accepts.
    pub close_requested: bool,
}

#[cw_serde]
pub struct Treaty {
    pub role: Role,
    pub transfer_channel: String,
    pub terms: TreatyTerms,
    pub ledger: TreatyLedger,
    /// Cedent: recoveries expected and not refused (waiting, requested, due
    /// or paid), counted against the aggregate limit.
    #[serde(default, skip_serializing_if = "Uint128::is_zero")]
    pub claimed: Uint128,
    /// The channel the treaty's packets travel on since its own closed
    /// (`GovernanceMsg::RouteTreaty`); its books stay under its own channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
}

impl Treaty {
    /// The channel the treaty's packets are sent on.
    pub fn send_channel(&self, home: &str) -> String {
        self.route.clone().unwrap_or_else(|| home.to_string())
    }
}

/// Cedent: a cover ceded under a treaty (keyed by cover id).
#[cw_serde]
pub struct Cession {
    pub channel_id: String,
    pub treaty_id: u32,
    pub product_id: u32,
    pub ceded_premium: Uint128,
    pub exposure: Uint128,
    /// Recoveries requested, due or paid on the cover.
    #[serde(default, skip_serializing_if = "Uint128::is_zero")]
    pub recovered: Uint128,
    pub status: CessionStatus,
    /// The cession packet while it is in flight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_flight: Option<u64>,
    /// The cover's end: premium coming back streams to the stakers until then.
    #[serde(default)]
    pub cover_end: Timestamp,
}

/// Cedent: a loss on a ceded cover (keyed by cover id and payout sequence).
#[cw_serde]
pub struct Loss {
    pub channel_id: String,
    pub treaty_id: u32,
    pub loss_amount: Uint128,
    /// Requested at the last attempt.
    pub recovery: Uint128,
    pub occurred_at: Timestamp,
    pub attempt: u32,
    pub status: LossStatus,
    /// The recovery packet while it is in flight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_flight: Option<u64>,
    /// The loss event (excess of loss aggregates its losses).
    #[serde(default)]
    pub event: Option<String>,
    /// The event's losses when this one was paid, this one included.
    #[serde(default)]
    pub event_losses: Uint128,
    /// What the pool booked as a receivable for this loss and still expects.
    #[serde(default, skip_serializing_if = "Uint128::is_zero")]
    pub booked: Uint128,
}

/// Cedent: a loss event's losses on covers ceded under a treaty, and the
/// recoveries claimed for it (not refused).
#[cw_serde]
#[derive(Default)]
pub struct EventBook {
    pub losses: Uint128,
    pub claimed: Uint128,
}

/// Reinsurer: the most an event's losses were reported at, and what was paid for it.
#[cw_serde]
#[derive(Default)]
pub struct PaidEvent {
    pub losses: Uint128,
    pub paid: Uint128,
}

/// Reinsurer: a cover accepted on a channel.
#[cw_serde]
pub struct AcceptedCover {
    pub treaty_id: u32,
    pub exposure: Uint128,
    pub ceded_premium: Uint128,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub premium_received: bool,
    #[serde(default, skip_serializing_if = "Uint128::is_zero")]
    pub recovered: Uint128,
}

/// Reinsurer: a recovery accepted and paid on a channel.
#[cw_serde]
pub struct PaidRecovery {
    pub treaty_id: u32,
    pub amount: Uint128,
    pub transfer_id: u64,
    pub settled: bool,
}

/// A loss event as a storage key.
pub fn event_key(event: &LossEvent) -> String {
    match event {
        LossEvent::Incident { incident_id } => format!("incident/{incident_id}"),
        LossEvent::Claim { claim_id } => format!("claim/{claim_id}"),
    }
}

/// The loss event a storage key names.
pub fn parse_event_key(key: &str) -> Option<LossEvent> {
    let (kind, id) = key.split_once('/')?;
    let id = id.parse().ok()?;
    match kind {
        "incident" => Some(LossEvent::Incident { incident_id: id }),
        "claim" => Some(LossEvent::Claim { claim_id: id }),
        _ => None,
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const CHANNELS: Map<&str, Channel> = Map::new("channels");
/// (channel id, treaty id) -> treaty.
pub const TREATIES: Map<(&str, u32), Treaty> = Map::new("treaties");
/// Cedent: product id -> (channel id, treaty id) the product is ceded under.
pub const PRODUCT_TREATIES: Map<u32, (String, u32)> = Map::new("product_treaties");
/// Cedent: cover id -> cession.
pub const CESSIONS: Map<u64, Cession> = Map::new("cessions");
/// Cedent: (cover id, payout sequence) -> loss.
pub const LOSSES: Map<(u64, u32), Loss> = Map::new("losses");
/// Reinsurer: (channel id, cover id) -> accepted cover.
pub const ACCEPTED: Map<(&str, u64), AcceptedCover> = Map::new("accepted");
/// Reinsurer: (channel id, cover id, payout sequence) -> recovery paid.
pub const RECOVERIES: Map<(&str, u64, u32), PaidRecovery> = Map::new("recoveries");
/// Packets and ICS-20 transfers sent and not settled, by id.
pub const IN_FLIGHT: Map<u64, InFlightItem> = Map::new("in_flight");
/// Cedent: (channel id, treaty id, event key) -> the event's losses and claims.
pub const EVENTS: Map<(&str, u32, &str), EventBook> = Map::new("events");
/// Reinsurer: (channel id, treaty id, event key) -> what the event was paid.
pub const PAID_EVENTS: Map<(&str, u32, &str), PaidEvent> = Map::new("paid_events");
pub const NEXT_ID: Item<u64> = Item::new("next_id");
/// Denom -> funds the bridge holds for flows not settled yet (cedent:
/// premiums of pending cessions and returned premium transfers; reinsurer:
/// returned recovery transfers). Never spent on anything else.
pub const HELD: Map<&str, Uint128> = Map::new("held");

/// Channel id -> bridge packets this bridge sent on it and that have not
/// settled (acked, timed out, or settled by governance).
pub const PACKETS_IN_FLIGHT: Map<&str, u32> = Map::new("packets_in_flight");

pub fn packet_sent(storage: &mut dyn Storage, channel_id: &str) -> StdResult<()> {
    let n = PACKETS_IN_FLIGHT
        .may_load(storage, channel_id)?
        .unwrap_or(0);
    PACKETS_IN_FLIGHT.save(storage, channel_id, &(n + 1))
}

pub fn packet_settled(storage: &mut dyn Storage, channel_id: &str) -> StdResult<()> {
    let n = PACKETS_IN_FLIGHT
        .may_load(storage, channel_id)?
        .unwrap_or(0);
    PACKETS_IN_FLIGHT.save(storage, channel_id, &n.saturating_sub(1))
}

/// (channel a routed treaty's packets travel on, treaty id) -> the treaty's own channel.
pub const ROUTES: Map<(&str, u32), String> = Map::new("routes");

/// The channel a treaty's books are kept under, for a packet, ack or
/// transfer that came over `channel_id`.
pub fn home_channel(storage: &dyn Storage, channel_id: &str, treaty_id: u32) -> StdResult<String> {
    Ok(ROUTES
        .may_load(storage, (channel_id, treaty_id))?
        .unwrap_or_else(|| channel_id.to_string()))
}

pub fn next_id(storage: &mut dyn Storage) -> StdResult<u64> {
    let id = NEXT_ID.may_load(storage)?.unwrap_or(1);
    NEXT_ID.save(storage, &(id + 1))?;
    Ok(id)
}

pub fn hold(storage: &mut dyn Storage, denom: &str, amount: Uint128) -> Result<(), ContractError> {
    let held = HELD.may_load(storage, denom)?.unwrap_or_default();
    HELD.save(storage, denom, &held.checked_add(amount)?)?;
    Ok(())
}

pub fn release(
    storage: &mut dyn Storage,
    denom: &str,
    amount: Uint128,
) -> Result<(), ContractError> {
    let held = HELD.may_load(storage, denom)?.unwrap_or_default();
    HELD.save(storage, denom, &held.checked_sub(amount)?)?;
    Ok(())
}

/// Funds of `denom` the bridge may spend: its balance less what it holds for
/// flows not settled. Recoveries are paid, and capital withdrawn, only from these.
pub fn free_funds(deps: Deps, bridge: &Addr, denom: &str) -> Result<Uint128, ContractError> {
    let balance = deps.querier.query_balance(bridge, denom)?.amount;
    let held = HELD.may_load(deps.storage, denom)?.unwrap_or_default();
    Ok(balance.saturating_sub(held))
}

pub fn load_channel(storage: &dyn Storage, channel_id: &str) -> Result<Channel, ContractError> {
    CHANNELS
        .may_load(storage, channel_id)?
        .ok_or_else(|| ContractError::ChannelNotFound {
            channel_id: channel_id.to_string(),
        })
}

pub fn load_open_channel(
    storage: &dyn Storage,
    channel_id: &str,
) -> Result<Channel, ContractError> {
    let channel = load_channel(storage, channel_id)?;
    if !channel.open {
        return Err(ContractError::ChannelClosed {
            channel_id: channel_id.to_string(),
        });
    }
    Ok(channel)
}

pub fn load_treaty(
    storage: &dyn Storage,
    channel_id: &str,
    treaty_id: u32,
) -> Result<Treaty, ContractError> {
    TREATIES
        .may_load(storage, (channel_id, treaty_id))?
        .ok_or_else(|| ContractError::TreatyNotFound {
            channel_id: channel_id.to_string(),
            treaty_id,
        })
}

/// Errors unless `treaty` has this bridge on side `role`.
pub fn ensure_role(treaty: &Treaty, role: Role) -> Result<(), ContractError> {
    if treaty.role != role {
        return Err(ContractError::WrongRole {
            treaty_id: treaty.terms.id,
            expected: role,
        });
    }
    Ok(())
}

pub fn load_cession(storage: &dyn Storage, cover_id: u64) -> Result<Cession, ContractError> {
    CESSIONS
        .may_load(storage, cover_id)?
        .ok_or(ContractError::CessionNotFound { cover_id })
}

pub fn load_loss(storage: &dyn Storage, loss: LossId) -> Result<Loss, ContractError> {
    LOSSES
        .may_load(storage, (loss.cover_id, loss.sequence))?
        .ok_or(ContractError::LossNotFound {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
        })
}

/// A packet or transfer this bridge sent and that has not settled.
pub fn load_in_flight(storage: &dyn Storage, id: u64) -> Result<InFlightItem, ContractError> {
    IN_FLIGHT
        .may_load(storage, id)?
        .ok_or(ContractError::TransferNotFound { transfer_id: id })
}

/// Reinsurer: a cover accepted on a channel.
pub fn load_accepted(
    storage: &dyn Storage,
    channel_id: &str,
    cover_id: u64,
) -> Result<AcceptedCover, ContractError> {
    ACCEPTED
        .may_load(storage, (channel_id, cover_id))?
        .ok_or(ContractError::CessionNotFound { cover_id })
}

/// Reinsurer: a recovery paid on a channel.
pub fn load_paid_recovery(
    storage: &dyn Storage,
    channel_id: &str,
    loss: LossId,
) -> Result<PaidRecovery, ContractError> {
    RECOVERIES
        .may_load(storage, (channel_id, loss.cover_id, loss.sequence))?
        .ok_or(ContractError::LossNotFound {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
        })
}
