//! Queries of the bridge and their responses.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Timestamp, Uint128};

use super::msg::LossId;
use super::treaty::{Role, TreatyTerms};

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(ChannelResponse)]
    Channel { channel_id: String },
    #[returns(ChannelsResponse)]
    Channels {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(TreatyResponse)]
    Treaty { channel_id: String, treaty_id: u32 },
    /// Treaties in (channel, treaty id) order.
    #[returns(TreatiesResponse)]
    Treaties {
        start_after: Option<(String, u32)>,
        limit: Option<u32>,
    },
    /// Packets and ICS-20 transfers this bridge sent that have not settled.
    #[returns(InFlightResponse)]
    InFlight {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// What the pool cedes for a cover bought now (zero when the product is not ceded).
    #[returns(CessionQuoteResponse)]
    CessionQuote {
        product_id: u32,
        premium: Uint128,
        cover_amount: Uint128,
    },
    /// Cedent: a ceded cover.
    #[returns(CessionResponse)]
    Cession { cover_id: u64 },
    /// Cedent: a recorded loss and its recovery.
    #[returns(LossResponse)]
    Loss { loss: LossId },
    /// Reinsurer: a cover accepted on a channel.
    #[returns(AcceptedCoverResponse)]
    AcceptedCover { channel_id: String, cover_id: u64 },
    /// Reinsurer: a recovery paid on a channel.
    #[returns(PaidRecoveryResponse)]
    PaidRecovery { channel_id: String, loss: LossId },
}

/// The bridge's configuration, stored as it is returned.
#[cw_serde]
pub struct ConfigResponse {
    pub governance: Addr,
    pub risk_pool: Option<Addr>,
    /// The pool's collateral denom, read from the pool when it is set.
    pub collateral_denom: Option<String>,
    /// Seconds.
    pub packet_timeout: u64,
    /// Seconds.
    pub transfer_timeout: u64,
    pub receive_gas_limit: u64,
}

#[cw_serde]
pub struct ChannelResponse {
    pub channel_id: String,
    pub counterparty_port_id: String,
    pub counterparty_channel_id: String,
    pub connection_id: String,
    /// The partner bridge's address on its chain.
    pub counterparty_bridge: String,
    pub open: bool,
}

#[cw_serde]
pub struct ChannelsResponse {
    pub channels: Vec<ChannelResponse>,
}

/// A treaty's books, on either side. In flight = pending + due.
#[cw_serde]
#[derive(Default)]
pub struct TreatyLedger {
    /// Cedent: premium of cession packets not yet acknowledged (held by the bridge).
    pub premium_pending: Uint128,
    /// Premium of accepted cessions that has not reached the reinsurer yet
    /// (ICS-20 in transit, or returned and waiting for a retry).
    pub premium_due: Uint128,
    /// Premium that reached the reinsurer.
    pub premium_paid: Uint128,
    /// Cedent: exposure of cession packets not yet acknowledged.
    pub exposure_pending: Uint128,
    /// Exposure the reinsurer accepted.
    pub exposure: Uint128,
    /// Cedent: recovery requests not yet acknowledged.
    pub recoveries_pending: Uint128,
    /// Recoveries the reinsurer accepted that have not settled yet.
    pub recoveries_due: Uint128,
    /// Recoveries that settled (cedent: credited to the pool).
    pub recoveries_paid: Uint128,
    /// Accepted cessions.
    pub cessions: u64,
    /// Accepted recoveries.
    pub recoveries: u64,
    /// Reinsurer: capital governance withdrew against the treaty
    /// (`GovernanceMsg::WithdrawCapital`).
    #[serde(default)]
    pub capital_withdrawn: Uint128,
}

#[cw_serde]
pub struct TreatyResponse {
    pub channel_id: String,
    pub role: Role,
    pub transfer_channel: String,
    pub terms: TreatyTerms,
    pub ledger: TreatyLedger,
    /// Whether covers sold now are ceded (cedent) or accepted (reinsurer).
    pub in_force: bool,
    pub capacity_left: Uint128,
    /// Cedent: recoveries claimed against the aggregate limit and not
    /// refused (waiting, requested, due or paid); less `recoveries_paid`, what
    /// the pool holds as a receivable.
    #[serde(default)]
    pub claimed: Uint128,
}

#[cw_serde]
pub struct TreatiesResponse {
    pub treaties: Vec<TreatyResponse>,
}

#[cw_serde]
pub enum InFlightKind {
    CessionPacket { cover_id: u64 },
    RecoveryPacket { loss: LossId },
    PremiumTransfer { cover_id: u64 },
    RecoveryTransfer { loss: LossId },
}

#[cw_serde]
pub enum InFlightStatus {
    /// On its way (packet or ICS-20 transfer).
    Sent,
    /// An ICS-20 transfer that came back (timeout, failure) or could not be
    /// sent: the funds are in the bridge, `RetryTransfer` sends them again.
    Returned,
}

#[cw_serde]
pub struct InFlightItem {
    pub id: u64,
    pub channel_id: String,
    pub treaty_id: u32,
    pub kind: InFlightKind,
    pub amount: Uint128,
    pub denom: String,
    pub attempt: u32,
    pub status: InFlightStatus,
    pub sent_at: Timestamp,
}

#[cw_serde]
pub struct InFlightResponse {
    pub items: Vec<InFlightItem>,
}

#[cw_serde]
pub struct CessionQuoteResponse {
    pub ceded_premium: Uint128,
    pub exposure: Uint128,
    /// The treaty the cover would be ceded under.
    pub channel_id: Option<String>,
    pub treaty_id: Option<u32>,
}

#[cw_serde]
pub enum CessionStatus {
    /// The cession packet is in flight.
    Pending,
    Accepted,
    /// Error ack: the premium went back to the pool.
    Rejected {
        reason: String,
    },
    /// The packet timed out: the premium went back to the pool.
    TimedOut,
}

#[cw_serde]
pub struct CessionResponse {
    pub cover_id: u64,
    pub channel_id: String,
    pub treaty_id: u32,
    pub product_id: u32,
    pub ceded_premium: Uint128,
    pub exposure: Uint128,
    /// Recoveries requested, due or paid on the cover.
    pub recovered: Uint128,
    pub status: CessionStatus,
}

#[cw_serde]
pub enum LossStatus {
    /// Not requested yet: the cession was still in flight or the channel closed.
    Waiting,
    /// The recovery packet is in flight.
    Requested,
    /// The reinsurer accepted; its ICS-20 transfer has not arrived.
    Due,
    /// Recovered and credited to the pool.
    Paid,
    Rejected {
        reason: String,
    },
    TimedOut,
}

impl std::fmt::Display for LossStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LossStatus::Waiting => "waiting",
            LossStatus::Requested => "requested",
            LossStatus::Due => "due",
            LossStatus::Paid => "paid",
            LossStatus::Rejected { .. } => "rejected",
            LossStatus::TimedOut => "timed out",
        })
    }
}

#[cw_serde]
pub struct LossResponse {
    pub loss: LossId,
    pub channel_id: String,
    pub treaty_id: u32,
    pub loss_amount: Uint128,
    pub recovery: Uint128,
    pub attempt: u32,
    pub status: LossStatus,
}

#[cw_serde]
pub struct AcceptedCoverResponse {
    pub channel_id: String,
    pub cover_id: u64,
    pub treaty_id: u32,
    pub exposure: Uint128,
    pub ceded_premium: Uint128,
    pub premium_received: bool,
    pub recovered: Uint128,
}

#[cw_serde]
pub struct PaidRecoveryResponse {
    pub channel_id: String,
    pub loss: LossId,
    pub treaty_id: u32,
    pub amount: Uint128,
    /// True once the ICS-20 transfer settled.
    pub settled: bool,
}
