use cosmwasm_std::{Addr, Decimal, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::{ParseReplyError, PaymentError};
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
    ParseReply(#[from] ParseReplyError),

    #[error(transparent)]
    Unauthorized(#[from] insurance_common::auth::Unauthorized),

    #[error("invalid parameters: {reason}")]
    InvalidParams { reason: ParamError },

    #[error("amount must be greater than zero")]
    ZeroAmount {},

    #[error("deposit of {amount} is too small to mint a pool share or a tranche token")]
    DepositTooSmall { amount: Uint128 },

    #[error(
        "the deposit would leave the junior tranche at {junior_share} of the vault, below the minimum {minimum}"
    )]
    SubordinationBreach {
        junior_share: Decimal,
        minimum: Decimal,
    },

    #[error(
        "the senior tranche is impaired (worth {senior_value} of {senior_entitlement} owed): deposits wait until income restores it"
    )]
    SeniorImpaired {
        senior_value: Uint128,
        senior_entitlement: Uint128,
    },

    #[error("{token} is not a tranche token of this vault")]
    NotATrancheToken { token: Addr },

    #[error("redemption {id} not found")]
    RedemptionNotFound { id: u64 },

    #[error("redemption can be withdrawn from {release_at}")]
    RedemptionNotMatured { release_at: Timestamp },

    #[error("the tranche tokens are not instantiated yet")]
    TokensNotReady {},

    #[error(transparent)]
    UnknownReplyId(#[from] insurance_common::reply::UnknownReplyId),
}

/// Why vault parameters are refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamError {
    #[error("token decimals must be at most 18")]
    Decimals,
    #[error("senior target rate must be at most 1 (100 % a year)")]
    SeniorTargetRate,
    #[error("minimum subordination must be below 1")]
    MinSubordination,
}
