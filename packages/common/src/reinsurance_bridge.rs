//! Messages, IBC packets and acknowledgements of the reinsurance bridge.
//!
//! The bridge is an IBC application. A chain that runs the protocol (the
//! *cedent*) and a partner chain that holds reinsurance capital (the
//! *reinsurer*) each instantiate it, open a channel between the two
//! instances, and register the same treaty on both sides by governance.
//!
//! - **Cession**: when cover is sold on a product under a treaty, the pool
//!   hands the ceded premium to the bridge (`ExecuteMsg::Cede`), which sends a
//!   [`CessionPacket`]. The reinsurer records the exposure and the premium due,
//!   or answers an error ack (treaty unknown or out of force, capacity
//!   exceeded); on an error ack or a timeout the premium goes back to the pool.
//!   Once accepted, the premium crosses with ICS-20.
//! - **Recovery**: when the pool pays a claim on a ceded cover
//!   (`ExecuteMsg::RecordLoss`), the ceded part of the loss becomes a
//!   [`RecoveryPacket`]. The reinsurer checks its limits, pays with ICS-20 and
//!   acknowledges; the funds reach the pool's capital (`Reinsurance(SettleRecovery)`).
//!
//! Packets are JSON-encoded [`BridgePacket`]s; acknowledgements are
//! [`cosmwasm_std::StdAck`] (`{"result": <base64 JSON of BridgeAck>}` or
//! `{"error": "..."}`), the shape ICS-20 and standard tooling decode.
//!
//! Funds cross with ICS-20 transfers whose memo asks for IBC callbacks
//! (ADR-8) on both chains, with a [`TransferNote`] that ties the transfer to
//! the treaty flow it settles.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Coin, CosmosMsg, Decimal, IbcDstCallback, IbcOrder,
    IbcSrcCallback, QuerierWrapper, StdError, StdResult, Timestamp, Uint128, WasmMsg,
};

use crate::math::mul_floor;
use crate::risk_pool::LossEvent;

/// Version of the bridge's channels; both ends must speak exactly this.
pub const BRIDGE_VERSION: &str = "insurance-reinsurance-1";
/// The bridge's channels are unordered: a late packet never blocks the next.
pub const BRIDGE_ORDER: IbcOrder = IbcOrder::Unordered;
/// Port of the ICS-20 transfer module (the same on every Cosmos chain).
pub const TRANSFER_PORT: &str = "transfer";
/// ICS-20 channel version.
pub const ICS20_VERSION: &str = "ics20-1";
/// Prefix of the IBC port of a CosmWasm contract (`wasm.<address>`).
pub const WASM_PORT_PREFIX: &str = "wasm.";

/// Which side of a treaty this bridge is on.
#[cw_serde]
#[derive(Copy)]
pub enum Role {
    /// This chain's pool cedes premiums and recovers losses.
    Cedent,
    /// This chain's bridge holds the reinsurance capital.
    Reinsurer,
}

#[cw_serde]
pub enum TreatyKind {
    /// The reinsurer takes `share` of every premium and of every loss.
    QuotaShare { share: Decimal },
    /// The reinsurer pays the part of each loss event above `retention`, up to
    /// `limit` per event and `aggregate_limit` over the treaty, for
    /// `premium_rate` of every premium.
    ExcessOfLoss {
        retention: Uint128,
        limit: Uint128,
        aggregate_limit: Uint128,
        premium_rate: Decimal,
    },
}

/// The terms both sides register. They must be identical on both chains:
/// each side computes ceded premium, exposure and recoveries from them.
#[cw_serde]
pub struct TreatyTerms {
    /// Unique per channel.
    pub id: u32,
    pub kind: TreatyKind,
    /// Covers sold from `start` (inclusive) to `end` (exclusive) are ceded
    /// (risks-attaching basis); their losses stay recoverable after `end`.
    pub start: Timestamp,
    pub end: Timestamp,
    /// Most exposure the reinsurer accepts under the treaty.
    pub capacity: Uint128,
    /// The cedent pool's collateral denom (native on the cedent's chain); the
    /// reinsurer pays recoveries in its ICS-20 voucher.
    pub cedent_denom: String,
    /// The cedent's products under the treaty (a product is under at most one treaty).
    pub products: Vec<u32>,
}

/// Most products one treaty may list.
pub const MAX_TREATY_PRODUCTS: usize = 32;

impl TreatyTerms {
    /// Premium ceded out of a cover's premium, rounded down.
    pub fn ceded_premium(&self, premium: Uint128) -> StdResult<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => mul_floor(premium, *share),
            TreatyKind::ExcessOfLoss { premium_rate, .. } => mul_floor(premium, *premium_rate),
        }
    }

    /// Most the reinsurer can pay over a cover's life: the quota share of the
    /// cover amount; under excess of loss the cover amount (its losses add up
    /// with the other losses of their event, so a cover under the retention
    /// still counts), capped by the per-event and aggregate limits.
    pub fn exposure(&self, cover_amount: Uint128) -> StdResult<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => mul_floor(cover_amount, *share),
            TreatyKind::ExcessOfLoss {
                aggregate_limit, ..
            } => Ok(cover_amount.min(*aggregate_limit)),
        }
    }

    /// The reinsurer's part of one loss event whose losses add up to
    /// `event_losses`, before the per-cover and aggregate caps, rounded down:
    /// the quota share of it, or the layer above the retention up to the
    /// per-event limit.
    pub fn recovery(&self, event_losses: Uint128) -> StdResult<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => mul_floor(event_losses, *share),
            TreatyKind::ExcessOfLoss {
                retention, limit, ..
            } => Ok(event_losses.saturating_sub(*retention).min(*limit)),
        }
    }

    /// Whether recoveries are computed on a whole event's losses (excess of
    /// loss) rather than on each payout (quota share).
    pub fn per_event(&self) -> bool {
        matches!(self.kind, TreatyKind::ExcessOfLoss { .. })
    }

    /// The treaty's aggregate limit on recoveries, if it has one.
    pub fn aggregate_limit(&self) -> Option<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { .. } => None,
            TreatyKind::ExcessOfLoss {
                aggregate_limit, ..
            } => Some(*aggregate_limit),
        }
    }

    /// True when covers sold at `at` are ceded.
    pub fn in_force(&self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }

    /// Checks the terms are coherent; the reason otherwise.
    pub fn validate(&self) -> Result<(), String> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => {
                if share.is_zero() || *share > Decimal::one() {
                    return Err("quota share must be above 0 and at most 1".into());
                }
            }
            TreatyKind::ExcessOfLoss {
                limit,
                aggregate_limit,
                premium_rate,
                ..
            } => {
                if limit.is_zero() || aggregate_limit < limit {
                    return Err("limits must satisfy 0 < limit <= aggregate limit".into());
                }
                if premium_rate.is_zero() || *premium_rate > Decimal::one() {
                    return Err("premium rate must be above 0 and at most 1".into());
                }
            }
        }
        if self.start >= self.end {
            return Err("term must start before it ends".into());
        }
        if self.capacity.is_zero() {
            return Err("capacity must be above 0".into());
        }
        if self.cedent_denom.is_empty() {
            return Err("cedent denom is empty".into());
        }
        if self.products.is_empty() || self.products.len() > MAX_TREATY_PRODUCTS {
            return Err(format!(
                "a treaty lists 1 to {MAX_TREATY_PRODUCTS} products"
            ));
        }
        let mut sorted = self.products.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != self.products.len() {
            return Err("products are listed twice".into());
        }
        Ok(())
    }
}

/// A loss event: a payout on a cover. The pool numbers the payouts of each
/// cover, so the same loss is never recovered twice.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub struct LossId {
    pub cover_id: u64,
    /// 1 for the cover's first payout, 2 for the second, ...
    pub sequence: u32,
}

#[cw_serde]
pub struct InstantiateMsg {
    pub governance: String,
    /// The pool that cedes (cedent side); a reinsurer-only bridge has none.
    pub risk_pool: Option<String>,
    /// Seconds before a bridge packet times out.
    pub packet_timeout: u64,
    /// Seconds before an ICS-20 transfer times out.
    pub transfer_timeout: u64,
    /// Gas limit of the submessage that applies a received packet: an error,
    /// out of gas included, inside it still writes an error ack.
    pub receive_gas_limit: u64,
}

/// Operations reserved to chain governance: through `sudo` (x/wasm
/// `MsgSudoContract`) or `ExecuteMsg::Governance` sent by the governance address.
#[cw_serde]
pub enum GovernanceMsg {
    UpdateConfig {
        governance: Option<String>,
        risk_pool: Option<String>,
        packet_timeout: Option<u64>,
        transfer_timeout: Option<u64>,
        receive_gas_limit: Option<u64>,
    },
    /// Registers a treaty on an open channel. `transfer_channel` is this
    /// chain's ICS-20 channel to the partner chain.
    RegisterTreaty {
        channel_id: String,
        role: Role,
        transfer_channel: String,
        terms: TreatyTerms,
    },
    /// Changes a treaty's capacity, the end of its term (the term can end
    /// early, which stops new cessions) or its ICS-20 channel (transfers that
    /// came back are retried on the new one; on the reinsurer's side the
    /// settlement denom becomes the voucher of the new channel).
    AmendTreaty {
        channel_id: String,
        treaty_id: u32,
        capacity: Option<Uint128>,
        end: Option<Timestamp>,
        transfer_channel: Option<String>,
    },
    /// Closes a channel. Refused while packets this bridge sent on it are in
    /// flight (a packet the partner received could then neither be
    /// acknowledged nor time out); ICS-20 transfers are on the transfer
    /// channel and settle.
    CloseChannel { channel_id: String },
    /// Settles a packet stuck on a channel the partner closed (received there,
    /// so it cannot time out; acks are refused on a closed channel), as the
    /// partner's books show it: `accepted` like a success ack, else like an
    /// error ack. `packet_id` is its `InFlight` id.
    SettlePacket { packet_id: u64, accepted: bool },
    /// Both sides, after the treaty's channel closed and a new one opened
    /// between the same bridges: the treaty's packets travel on `via` from
    /// now on (its books stay under `channel_id`), so losses that waited or
    /// timed out are retried there and new covers are ceded there.
    RouteTreaty {
        channel_id: String,
        treaty_id: u32,
        via: String,
    },
    /// Cedent: sends `amount` of `denom` the bridge holds and its books do
    /// not owe anyone (stray ICS-20 transfers) to the pool's treasury.
    Sweep { denom: String, amount: Uint128 },
    /// Reinsurer: bank-sends `amount` of capital, in the treaty's settlement
    /// denom (the voucher it pays recoveries in), to `recipient`. Only free
    /// funds leave: the bridge's balance less what it holds for flows not
    /// settled (returned recovery transfers), the same funds a recovery may
    /// use. Booked in the treaty's `capital_withdrawn`.
    WithdrawCapital {
        channel_id: String,
        treaty_id: u32,
        recipient: String,
        amount: Uint128,
    },
}

pub type SudoMsg = GovernanceMsg;

#[cw_serde]
pub enum ExecuteMsg {
    /// Risk pool only, with the ceded premium attached (collateral denom):
    /// cede a cover sold on a product under a treaty.
    Cede {
        cover_id: u64,
        product_id: u32,
        cover_amount: Uint128,
        /// The cover's whole premium (the ceded part is attached).
        premium: Uint128,
        cover_end: Timestamp,
    },
    /// Risk pool only: a payout on a cover. If the cover was ceded, the
    /// reinsurer's part of the loss is requested.
    RecordLoss {
        loss: LossId,
        amount: Uint128,
        /// Losses of one event aggregate under excess-of-loss terms.
        event: LossEvent,
    },
    /// Anyone: request again a recovery that waited (cession not yet
    /// accepted), was refused or timed out. The reinsurer never pays a loss twice.
    RetryRecovery {
        loss: LossId,
    },
    /// Anyone: send again an ICS-20 transfer that came back (timeout or
    /// failure) or could not be sent.
    RetryTransfer {
        transfer_id: u64,
    },
    /// The bridge itself: applies a received packet. `ibc_packet_receive`
    /// runs this in a submessage so that any failure becomes an error ack.
    HandlePacket {
        channel_id: String,
        data: Binary,
    },
    Governance(GovernanceMsg),
}

#[cw_serde]
pub struct MigrateMsg {}

// ---------------------------------------------------------------- packets

/// Data of every packet on a bridge channel (JSON).
#[cw_serde]
pub enum BridgePacket {
    Cession(CessionPacket),
    Recovery(RecoveryPacket),
}

/// Cedent to reinsurer: a cover sold under a treaty.
#[cw_serde]
pub struct CessionPacket {
    pub treaty_id: u32,
    pub cover_id: u64,
    pub product_id: u32,
    pub cover_amount: Uint128,
    /// The cover's whole premium.
    pub premium: Uint128,
    /// The part of it ceded, sent with ICS-20 once the cession is accepted.
    pub ceded_premium: Uint128,
    /// The reinsurer's most over the cover's life.
    pub exposure: Uint128,
    /// Collateral denom of the cedent (native on its chain).
    pub denom: String,
    pub cover_start: Timestamp,
    pub cover_end: Timestamp,
}

/// Cedent to reinsurer: the reinsurer's part of a loss on a ceded cover.
#[cw_serde]
pub struct RecoveryPacket {
    pub treaty_id: u32,
    pub loss: LossId,
    /// What the pool paid.
    pub loss_amount: Uint128,
    /// What the reinsurer is asked to pay.
    pub recovery: Uint128,
    pub occurred_at: Timestamp,
    /// The cedent numbers its attempts for one loss; an ack only settles the
    /// attempt it answers.
    pub attempt: u32,
    /// The loss event the payout belongs to (excess of loss aggregates them).
    #[serde(default)]
    pub event: Option<LossEvent>,
    /// The cedent's losses on the event so far, this one included, on covers
    /// ceded under the treaty: the excess-of-loss layer applies to them.
    #[serde(default)]
    pub event_losses: Uint128,
}

/// A loss event as a storage key.
pub fn event_key(event: &LossEvent) -> String {
    match event {
        LossEvent::Incident { incident_id } => format!("incident/{incident_id}"),
        LossEvent::Claim { claim_id } => format!("claim/{claim_id}"),
    }
}

/// Payload of a success ack (inside `StdAck::Success`).
#[cw_serde]
pub enum BridgeAck {
    Cession { cover_id: u64, exposure: Uint128 },
    Recovery { loss: LossId, amount: Uint128 },
}

/// Why an ICS-20 transfer between the bridges moves funds.
#[cw_serde]
pub enum TransferPurpose {
    /// Cedent to reinsurer: the premium of an accepted cession.
    Premium { cover_id: u64 },
    /// Reinsurer to cedent: an accepted recovery.
    Recovery { loss: LossId },
}

/// Carried in the memo of the bridge's ICS-20 transfers, next to the IBC
/// callback requests (`src_callback`, `dest_callback`).
#[cw_serde]
pub struct TransferNote {
    /// The *receiving* bridge's channel of the treaty.
    pub channel_id: String,
    pub treaty_id: u32,
    pub purpose: TransferPurpose,
    /// The sending bridge's id of the transfer (for its source callback).
    pub transfer_id: u64,
    pub attempt: u32,
}

/// The memo of a bridge transfer: IBC callbacks (ADR-8) on both chains and
/// the note. Serialized as `{"src_callback":..,"dest_callback":..,"reinsurance":..}`.
#[cw_serde]
pub struct TransferMemo {
    pub src_callback: IbcSrcCallback,
    pub dest_callback: IbcDstCallback,
    pub reinsurance: TransferNote,
}

// ---------------------------------------------------------------- queries

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

// ---------------------------------------------------------------- helpers

/// The contract address behind a `wasm.<address>` port.
pub fn contract_of_port(port_id: &str) -> StdResult<&str> {
    port_id
        .strip_prefix(WASM_PORT_PREFIX)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| StdError::generic_err(format!("{port_id} is not a wasm contract port")))
}

/// Typed handle on a deployed bridge for the risk pool.
#[cw_serde]
pub struct ReinsuranceBridgeContract(pub Addr);

impl ReinsuranceBridgeContract {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    pub fn call(&self, msg: &ExecuteMsg, funds: Vec<Coin>) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds,
        }
        .into())
    }

    pub fn cession_quote(
        &self,
        querier: &QuerierWrapper,
        product_id: u32,
        premium: Uint128,
        cover_amount: Uint128,
    ) -> StdResult<CessionQuoteResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::CessionQuote {
                product_id,
                premium,
                cover_amount,
            },
        )
    }

    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<ConfigResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(kind: TreatyKind) -> TreatyTerms {
        TreatyTerms {
            id: 1,
            kind,
            start: Timestamp::from_seconds(100),
            end: Timestamp::from_seconds(200),
            capacity: Uint128::new(1_000),
            cedent_denom: "uusdc".into(),
            products: vec![1, 2],
        }
    }

    #[test]
    fn quota_share_takes_its_share_rounded_down() {
        let t = terms(TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        });
        assert_eq!(
            t.ceded_premium(Uint128::new(1_001)).unwrap(),
            Uint128::new(300)
        );
        assert_eq!(
            t.exposure(Uint128::new(10_000)).unwrap(),
            Uint128::new(3_000)
        );
        assert_eq!(t.recovery(Uint128::new(999)).unwrap(), Uint128::new(299));
        assert_eq!(t.aggregate_limit(), None);
        assert!(t.validate().is_ok());
    }

    #[test]
    fn excess_of_loss_pays_the_layer() {
        let t = terms(TreatyKind::ExcessOfLoss {
            retention: Uint128::new(1_000),
            limit: Uint128::new(5_000),
            aggregate_limit: Uint128::new(8_000),
            premium_rate: Decimal::percent(10),
        });
        assert_eq!(
            t.ceded_premium(Uint128::new(555)).unwrap(),
            Uint128::new(55)
        );
        assert_eq!(t.recovery(Uint128::new(800)).unwrap(), Uint128::zero());
        assert_eq!(
            t.recovery(Uint128::new(3_000)).unwrap(),
            Uint128::new(2_000)
        );
        assert_eq!(
            t.recovery(Uint128::new(30_000)).unwrap(),
            Uint128::new(5_000)
        );
        // a cover's losses join their event's: a cover under the retention still counts
        assert_eq!(
            t.exposure(Uint128::new(4_000)).unwrap(),
            Uint128::new(4_000)
        );
        assert_eq!(
            t.exposure(Uint128::new(40_000)).unwrap(),
            Uint128::new(8_000)
        );
        assert_eq!(t.aggregate_limit(), Some(Uint128::new(8_000)));
        assert!(t.validate().is_ok());
    }

    #[test]
    fn term_is_half_open() {
        let t = terms(TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        });
        assert!(!t.in_force(Timestamp::from_seconds(99)));
        assert!(t.in_force(Timestamp::from_seconds(100)));
        assert!(t.in_force(Timestamp::from_seconds(199)));
        assert!(!t.in_force(Timestamp::from_seconds(200)));
    }

    #[test]
    fn incoherent_terms_are_refused() {
        let qs = |share| {
            terms(TreatyKind::QuotaShare {
                share: Decimal::percent(share),
            })
        };
        assert!(qs(0).validate().is_err());
        assert!(qs(101).validate().is_err());
        let mut t = qs(50);
        t.end = t.start;
        assert!(t.validate().is_err());
        let mut t = qs(50);
        t.products = vec![1, 1];
        assert!(t.validate().is_err());
        let mut t = qs(50);
        t.products = vec![];
        assert!(t.validate().is_err());
        let mut t = qs(50);
        t.capacity = Uint128::zero();
        assert!(t.validate().is_err());
        let xol = terms(TreatyKind::ExcessOfLoss {
            retention: Uint128::new(1),
            limit: Uint128::new(10),
            aggregate_limit: Uint128::new(5),
            premium_rate: Decimal::percent(10),
        });
        assert!(xol.validate().is_err());
    }

    #[test]
    fn wasm_ports_name_their_contract() {
        assert_eq!(contract_of_port("wasm.cosmos1abc").unwrap(), "cosmos1abc");
        assert!(contract_of_port("transfer").is_err());
        assert!(contract_of_port("wasm.").is_err());
    }

    #[test]
    fn memo_has_the_callback_fields_at_the_top() {
        let memo = TransferMemo {
            src_callback: IbcSrcCallback {
                address: Addr::unchecked("a"),
                gas_limit: None,
            },
            dest_callback: IbcDstCallback {
                address: "b".into(),
                gas_limit: None,
            },
            reinsurance: TransferNote {
                channel_id: "channel-0".into(),
                treaty_id: 1,
                purpose: TransferPurpose::Premium { cover_id: 7 },
                transfer_id: 3,
                attempt: 1,
            },
        };
        let json = cosmwasm_std::to_json_string(&memo).unwrap();
        assert!(json.starts_with(
            r#"{"src_callback":{"address":"a"},"dest_callback":{"address":"b"},"reinsurance":"#
        ));
    }
}
