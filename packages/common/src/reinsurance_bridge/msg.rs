//! What contracts and governance send the bridge, and the typed handle the
//! risk pool calls it through.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Coin, CosmosMsg, QuerierWrapper, StdResult, Timestamp, Uint128,
    WasmMsg,
};

use super::query::{CessionQuoteResponse, ConfigResponse, QueryMsg};
use super::treaty::{Role, TreatyTerms};
use crate::risk_pool::LossEvent;

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
    /// Risk pool only: cessions and losses.
    Pool(PoolMsg),
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
    /// The bridge itself, never a user.
    Internal(InternalMsg),
    Governance(GovernanceMsg),
}

/// What the risk pool tells the bridge.
#[cw_serde]
pub enum PoolMsg {
    /// With the ceded premium attached (collateral denom): cede a cover sold
    /// on a product under a treaty.
    Cede {
        cover_id: u64,
        product_id: u32,
        cover_amount: Uint128,
        /// The cover's whole premium (the ceded part is attached).
        premium: Uint128,
        cover_end: Timestamp,
    },
    /// A payout on a cover. If the cover was ceded, the reinsurer's part of
    /// the loss is requested.
    RecordLoss {
        loss: LossId,
        amount: Uint128,
        /// Losses of one event aggregate under excess-of-loss terms.
        event: LossEvent,
    },
}

/// What the bridge sends itself.
#[cw_serde]
pub enum InternalMsg {
    /// Applies a received packet. `ibc_packet_receive` runs this in a
    /// submessage so that any failure becomes an error ack.
    HandlePacket { channel_id: String, data: Binary },
}

#[cw_serde]
pub struct MigrateMsg {}

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
