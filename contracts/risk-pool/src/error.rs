use cosmwasm_std::{OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use insurance_common::auth::Companion;
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
    InvalidParams { reason: ParamError },

    #[error("circuit breaker window {window}s is outside {min}s..={max}s")]
    InvalidBreakerWindow { window: u64, min: u64, max: u64 },

    #[error("invalid product: {reason}")]
    InvalidProduct { reason: ProductError },

    #[error("product {product_id} already exists")]
    ProductExists { product_id: u32 },

    #[error("the pool lists at most {max} products")]
    TooManyProducts { max: u32 },

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
    CompanionNotSet { companion: Companion },

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

/// Why pool parameters are refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamError {
    #[error("collateral denom is empty")]
    EmptyCollateralDenom,
    #[error("capacity multiple must be above 0 and at most 100")]
    CapacityMultiple,
    #[error("unbonding period must be between 1 second and 365 days")]
    UnbondingPeriod,
    #[error("premium split must add up to 1")]
    PremiumSplit,
    #[error("cover durations must satisfy 0 < min <= max <= 5 years")]
    CoverDurations,
    #[error("circuit breaker threshold must be above 0 and at most 1")]
    BreakerThreshold,
    #[error("minimum capital ratio must be at most 1")]
    MinCapitalRatio,
    #[error("annual rates must satisfy 0 < floor <= cap <= 10")]
    AnnualRates,
    #[error("surge start must be a utilisation at most 1")]
    SurgeStart,
}

/// Why a product listing is refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductError {
    #[error("name must be 1 to 64 characters")]
    Name,
    #[error("base annual rate must be at most 10")]
    BaseAnnualRate,
    #[error("capacity weight must be above 0 and at most 1")]
    CapacityWeight,
    #[error("grace period must be at most 365 days")]
    GracePeriod,
}
