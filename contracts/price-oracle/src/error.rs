use cosmwasm_std::{Addr, StdError, Timestamp};
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
    Unauthorized(#[from] insurance_common::auth::Unauthorized),

    #[error("{address} is already a feeder")]
    FeederExists { address: Addr },

    #[error("{address} is not a feeder")]
    FeederNotFound { address: Addr },

    #[error("a push carries 1 to {max} prices, not {count}")]
    InvalidPushSize { count: usize, max: usize },

    #[error("asset name must be 1 to {max} bytes")]
    InvalidAsset { max: usize },

    #[error("the price of {asset} is zero")]
    ZeroPrice { asset: String },

    #[error("{asset} observed at {observed_at}, after the block time {now}")]
    FutureObservation {
        asset: String,
        observed_at: Timestamp,
        now: Timestamp,
    },

    #[error("{asset} observed at {observed_at}: more than {max_delay}s before the block time")]
    LateObservation {
        asset: String,
        observed_at: Timestamp,
        max_delay: u64,
    },

    #[error("{asset} observed at {observed_at}: not after its latest price, observed at {latest}")]
    StaleObservation {
        asset: String,
        observed_at: Timestamp,
        latest: Timestamp,
    },

    #[error("max delay {max_delay}s is outside 1s..={max}s")]
    InvalidMaxDelay { max_delay: u64, max: u64 },

    #[error("no price of {asset}")]
    PriceNotFound { asset: String },
}
