use cosmwasm_std::{Addr, StdError, Uint128};
use cw721::error::Cw721ContractError;
use cw_utils::PaymentError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Migrate(#[from] insurance_common::migrate::MigrateError),

    #[error(transparent)]
    Cw721(#[from] Cw721ContractError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error("{sender} is not the risk pool")]
    NotRiskPool { sender: Addr },

    #[error("{sender} is not the claims court")]
    NotClaimsCourt { sender: Addr },

    #[error("{sender} is not governance")]
    NotGovernance { sender: Addr },

    #[error("no claims court is configured")]
    NoClaimsCourt {},

    #[error("token {token_id} is locked by an open claim")]
    TokenLocked { token_id: String },

    #[error("token {token_id} is already locked")]
    AlreadyLocked { token_id: String },

    #[error("token {token_id} is not locked")]
    NotLocked { token_id: String },

    #[error("remaining amount {remaining} of token {token_id} exceeds its cover amount {cover}")]
    RemainingExceedsCover {
        token_id: String,
        remaining: Uint128,
        cover: Uint128,
    },

    #[error("token id {token_id} does not match cover id {cover_id}")]
    TokenIdMismatch { token_id: String, cover_id: u64 },

    #[error("invalid policy: {reason}")]
    InvalidPolicy { reason: String },
}
