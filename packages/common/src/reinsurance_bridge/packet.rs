//! The wire protocol between two bridges: the channel's version and order,
//! the packets (JSON [`BridgePacket`]s), the acknowledgements
//! ([`cosmwasm_std::StdAck`] wrapping a [`BridgeAck`], or an error naming the
//! refusal) and the memo of the bridges' ICS-20 transfers.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{IbcDstCallback, IbcOrder, IbcSrcCallback, Timestamp, Uint128};

use super::msg::LossId;
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

/// The contract address behind a `wasm.<address>` port, if it is one.
pub fn contract_of_port(port_id: &str) -> Option<&str> {
    port_id
        .strip_prefix(WASM_PORT_PREFIX)
        .filter(|a| !a.is_empty())
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Addr;

    #[test]
    fn wasm_ports_name_their_contract() {
        assert_eq!(contract_of_port("wasm.cosmos1abc"), Some("cosmos1abc"));
        assert_eq!(contract_of_port("transfer"), None);
        assert_eq!(contract_of_port("wasm."), None);
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
