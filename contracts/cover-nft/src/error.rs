use cosmwasm_std::{StdError, Uint128};
use cw721::error::Cw721ContractError;
use cw_utils::PaymentError;
use insurance_common::auth::Unauthorized;
use thiserror::Error;

/// What is wrong with the terms of a policy the pool asks to mint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyDefect {
    EmptyDenom,
    ZeroCover,
    NothingRemaining,
    EndsBeforeStart,
    /// The claim deadline (end plus grace) overflows a timestamp.
    GraceTooLong,
}

impl std::fmt::Display for PolicyDefect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PolicyDefect::EmptyDenom => "empty denom",
            PolicyDefect::ZeroCover => "zero cover amount",
            PolicyDefect::NothingRemaining => "a new policy must have something left to pay",
            PolicyDefect::EndsBeforeStart => "cover must end after it starts",
            PolicyDefect::GraceTooLong => "grace period too long",
        })
    }
}

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Migrate(#[from] insurance_common::migrate::MigrateError),

    /// Refusals of the standard cw721 messages (not the owner, expired approval, ...).
    #[error(transparent)]
    Cw721(#[from] Cw721ContractError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Unauthorized(#[from] Unauthorized),

    #[error("token {token_id} not found")]
    TokenNotFound { token_id: String },

    #[error("token {token_id} already exists")]
    TokenExists { token_id: String },

    /// A claim is open on the token in the court (read raw, `OPEN_CLAIMS_KEY`).
    #[error("token {token_id} is locked by an open claim")]
    TokenLocked { token_id: String },

    #[error("remaining amount {remaining} of token {token_id} exceeds its cover amount {cover}")]
    RemainingExceedsCover {
        token_id: String,
        remaining: Uint128,
        cover: Uint128,
    },

    #[error("invalid policy: {defect}")]
    InvalidPolicy { defect: PolicyDefect },
}
