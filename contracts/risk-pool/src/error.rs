use cosmwasm_std::{OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
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

    #[error("invalid parameters: {reason}")]
    InvalidParams { reason: String },

    #[error("circuit breaker window {window}s is outside {min}s..={max}s")]
    InvalidBreakerWindow { window: u64, min: u64, max: u64 },

    #[error("invalid product: {reason}")]
    InvalidProduct { reason: String },

    #[error("product {product_id} already exists")]
    ProductExists { product_id: u32 },

    #[error("product {product_id} not found")]
    ProductNotFound { product_id: u32 },

    #[error("product {product_id} is paused")]
    ProductPaused { product_id: u32 },

    #[error("parametric product {product_id} is not sold now: {reason}")]
    SaleSuspended {
        product_id: u32,
        reason: insurance_common::claims_court::SaleBlock,
    },

    #[error("amount must be greater than zero")]
    ZeroAmount {},

    #[error("cover duration {duration}s is outside {min}s..={max}s")]
    DurationOutOfBounds { duration: u64, min: u64, max: u64 },

    #[error("not enough pool capacity: requested {requested}, available {available}")]
    OverCapacity {
        requested: Uint128,
        available: Uint128,
    },

    #[error("not enough capacity for product {product_id}: requested {requested}, available {available}")]
    ProductOverCapacity {
        product_id: u32,
        requested: Uint128,
        available: Uint128,
    },

    #[error("premium {premium} is above the maximum {max_premium}")]
    PremiumAboveMax {
        premium: Uint128,
        max_premium: Uint128,
    },

    #[error("premium {premium} is more than the {sent} sent")]
    InsufficientPremium { premium: Uint128, sent: Uint128 },

    #[error(
        "the circuit breaker is tripped: no new cover or withdrawals until governance resumes"
    )]
    CircuitBreakerTripped {},

    #[error("the {companion} contract is not set")]
    CompanionNotSet { companion: String },

    #[error("deposit of {amount} is too small to mint a share")]
    DepositTooSmall { amount: Uint128 },

    #[error("requested {requested} shares but only {available} are available")]
    InsufficientShares {
        requested: Uint128,
        available: Uint128,
    },

    #[error("unbonding {id} not found")]
    UnbondingNotFound { id: u64 },

    #[error("unbonding can be withdrawn from {release_at}")]
    UnbondingNotMatured { release_at: Timestamp },

    #[error("withdrawal would leave capital {capital_after} below the minimum {minimum_capital}")]
    BelowMinimumCapital {
        capital_after: Uint128,
        minimum_capital: Uint128,
    },

    #[error("no rewards to claim")]
    NoRewards {},

    #[error("cover {cover_id} not found")]
    CoverNotFound { cover_id: u64 },

    #[error("payout {requested} exceeds the cover's remaining {remaining}")]
    ExceedsRemainingCover {
        requested: Uint128,
        remaining: Uint128,
    },

    #[error("payout {requested} exceeds pool capital {available}")]
    InsufficientCapital {
        requested: Uint128,
        available: Uint128,
    },

    #[error("claims fund holds {available}, {requested} requested")]
    InsufficientClaimsFund {
        requested: Uint128,
        available: Uint128,
    },

    #[error("expired cover buckets are pending: send `sync` first")]
    SyncRequired {},

    #[error("the ceded premium {ceded} is more than the stakers' share {to_stakers}")]
    CessionAboveStakerShare { ceded: Uint128, to_stakers: Uint128 },

    #[error("withdrawal of {requested} is above the {cash} in cash (recoveries are still due)")]
    InsufficientLiquidity { requested: Uint128, cash: Uint128 },

    #[error("the bridge settles {settled} of recoveries, {receivable} is expected")]
    ReceivableExceeded {
        settled: Uint128,
        receivable: Uint128,
    },
}
