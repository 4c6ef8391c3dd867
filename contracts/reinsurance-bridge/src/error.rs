use cosmwasm_std::{IbcOrder, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use insurance_common::reinsurance_bridge::{LossStatus, Role, TreatyError};
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Migrate(#[from] insurance_common::migrate::MigrateError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    Unauthorized(#[from] insurance_common::auth::Unauthorized),

    #[error("invalid configuration: {reason}")]
    InvalidConfig { reason: ConfigError },

    #[error("invalid treaty: {reason}")]
    InvalidTreaty { reason: TreatyError },

    #[error(
        "channel order must be {}, not {}",
        order_name(expected),
        order_name(actual)
    )]
    InvalidChannelOrder {
        expected: IbcOrder,
        actual: IbcOrder,
    },

    #[error("channel version must be {expected}, not {actual}")]
    InvalidChannelVersion { expected: String, actual: String },

    #[error("counterparty version must be {expected}, not {actual}")]
    InvalidCounterpartyVersion { expected: String, actual: String },

    #[error("counterparty port {port_id} is not a contract's wasm port")]
    InvalidCounterpartyPort { port_id: String },

    #[error("channel {channel_id} is only closed by governance")]
    ChannelCloseRejected { channel_id: String },

    #[error("channel {channel_id} not found")]
    ChannelNotFound { channel_id: String },

    #[error("channel {channel_id} is closed")]
    ChannelClosed { channel_id: String },

    #[error("no risk pool is set: this bridge cannot cede")]
    RiskPoolNotSet {},

    #[error("treaty {treaty_id} already exists on {channel_id}")]
    TreatyExists { channel_id: String, treaty_id: u32 },

    #[error("treaty {treaty_id} is unknown on {channel_id}")]
    TreatyNotFound { channel_id: String, treaty_id: u32 },

    #[error("this bridge is not the {expected} of treaty {treaty_id}")]
    WrongRole { treaty_id: u32, expected: Role },

    #[error("treaty {treaty_id} is not in force at {at}")]
    TreatyNotInForce { treaty_id: u32, at: Timestamp },

    #[error("product {product_id} is already under treaty {treaty_id} on {channel_id}")]
    ProductAlreadyCeded {
        product_id: u32,
        channel_id: String,
        treaty_id: u32,
    },

    #[error("product {product_id} is not ceded")]
    ProductNotCeded { product_id: u32 },

    #[error("denom must be {expected}, not {actual}")]
    DenomMismatch { expected: String, actual: String },

    #[error("ceded premium must be {expected}, {sent} sent")]
    CessionMismatch { expected: Uint128, sent: Uint128 },

    #[error("the packet's {field} does not follow the treaty's terms: expected {expected}, got {actual}")]
    TermsMismatch {
        field: PacketField,
        expected: Uint128,
        actual: Uint128,
    },

    #[error("cover {cover_id} is already ceded")]
    CoverAlreadyCeded { cover_id: u64 },

    #[error("cover {cover_id} was not ceded under treaty {treaty_id}")]
    CoverNotCeded { cover_id: u64, treaty_id: u32 },

    #[error("no cession of cover {cover_id}")]
    CessionNotFound { cover_id: u64 },

    #[error("the cession of cover {cover_id} was not accepted")]
    CessionNotAccepted { cover_id: u64 },

    #[error("capacity exceeded: exposure {requested} requested, {available} left")]
    CapacityExceeded {
        requested: Uint128,
        available: Uint128,
    },

    #[error("loss {cover_id}/{sequence} is already recorded")]
    LossAlreadyRecorded { cover_id: u64, sequence: u32 },

    #[error("loss {cover_id}/{sequence} not found")]
    LossNotFound { cover_id: u64, sequence: u32 },

    #[error("loss {cover_id}/{sequence} is {status}: nothing to retry")]
    LossNotRetryable {
        cover_id: u64,
        sequence: u32,
        status: LossStatus,
    },

    #[error("the treaty's limits leave nothing to recover for loss {cover_id}/{sequence}")]
    RecoveryLimitReached { cover_id: u64, sequence: u32 },

    #[error("loss {cover_id}/{sequence} is already paid")]
    RecoveryAlreadyPaid { cover_id: u64, sequence: u32 },

    #[error("recovery {requested} is above the {allowed} the treaty allows")]
    RecoveryExceedsLimit {
        requested: Uint128,
        allowed: Uint128,
    },

    #[error("insufficient funds: {needed} {denom} needed, {available} available")]
    InsufficientFunds {
        denom: String,
        needed: Uint128,
        available: Uint128,
    },

    #[error("a capital withdrawal must be above zero")]
    ZeroWithdrawal {},

    #[error("withdrawal of {requested} {denom} is above the {free} free")]
    WithdrawalAboveFreeFunds {
        denom: String,
        requested: Uint128,
        free: Uint128,
    },

    #[error("transfer {transfer_id} not found")]
    TransferNotFound { transfer_id: u64 },

    #[error("transfer {transfer_id} is on its way: only a returned transfer is retried")]
    TransferNotReturned { transfer_id: u64 },

    #[error("invalid packet: {error}")]
    InvalidPacket { error: StdError },

    #[error("{packets} packets sent on {channel_id} are in flight")]
    PacketsInFlight { channel_id: String, packets: u32 },

    #[error("channel {channel_id} is open: its packets settle by ack or timeout")]
    ChannelOpen { channel_id: String },

    #[error("in-flight item {id} is not a bridge packet")]
    NotAPacket { id: u64 },

    #[error("a sweep must be above zero")]
    ZeroSweep {},

    #[error("sweep of {requested} {denom} is above the {surplus} the books do not owe")]
    SweepAboveSurplus {
        denom: String,
        requested: Uint128,
        surplus: Uint128,
    },

    /// The error ack of a packet whose work failed. The failure itself is
    /// in the receive transaction's events: chains redact submessage errors,
    /// and an ack should not depend on the text.
    #[error("packet not applied: its work failed on the receiving chain")]
    PacketNotApplied {},

    #[error(transparent)]
    UnknownReplyId(#[from] insurance_common::reply::UnknownReplyId),
}

/// Why a configuration is refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    #[error("packet timeout must be 1 second to 1 year")]
    PacketTimeout,
    #[error("transfer timeout must be 1 second to 1 year")]
    TransferTimeout,
    #[error(
        "receive gas limit must be at least {}",
        crate::state::MIN_RECEIVE_GAS_LIMIT
    )]
    ReceiveGasLimit,
}

/// A field of a cession packet the reinsurer recomputes from the treaty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketField {
    CededPremium,
    Exposure,
}

impl std::fmt::Display for PacketField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PacketField::CededPremium => "ceded premium",
            PacketField::Exposure => "exposure",
        })
    }
}

pub fn order_name(order: &IbcOrder) -> &'static str {
    match order {
        IbcOrder::Unordered => "unordered",
        IbcOrder::Ordered => "ordered",
    }
}
