use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use insurance_common::tranche_vault::{Tranche, VaultParams};

use crate::error::ContractError;
pub use crate::waterfall::Ledger;
use crate::waterfall::PendingClaim;

pub const CONTRACT_NAME: &str = "crates.io:tranche-vault";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub risk_pool: Addr,
    /// The pool's collateral denom, read from the pool at instantiation.
    pub collateral_denom: String,
    pub governance: Addr,
    pub cw20_code_id: u64,
    pub params: VaultParams,
}

/// A redemption waiting for its pool unbonding (or for the vault's collateral).
#[cw_serde]
pub struct Redemption {
    #[serde(rename = "tr", alias = "tranche")]
    pub tranche: Tranche,
    /// Tranche tokens returned (the vault keeps them: not outstanding).
    #[serde(rename = "to", alias = "tokens")]
    pub tokens: Uint128,
    /// Senior: the share of the senior entitlement the tokens carried (nominal,
    /// paid in full while the senior tranche is whole). Junior: pending units
    /// of the junior tranche's pending pot (see [`crate::waterfall`]).
    #[serde(rename = "cl", alias = "claim")]
    pub claim: Uint128,
    /// Junior: the pending pot's epoch the units belong to (a pot wiped out
    /// by losses is closed and a new epoch starts). Zero for senior.
    #[serde(rename = "ep", alias = "epoch")]
    pub epoch: u64,
    /// Value when requested.
    #[serde(rename = "rv", alias = "requested_value")]
    pub requested_value: Uint128,
    /// Paid so far.
    #[serde(rename = "pa", alias = "paid")]
    pub paid: Uint128,
    /// The pool unbonding that holds its capital, if any.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "ui",
        alias = "unbonding_id"
    )]
    pub unbonding_id: Option<u64>,
    #[serde(rename = "ra", alias = "release_at")]
    pub release_at: Timestamp,
}

impl Redemption {
    /// Its claim on the tranche's pending side.
    pub fn pending(&self) -> PendingClaim {
        PendingClaim {
            tranche: self.tranche,
            claim: self.claim,
            epoch: self.epoch,
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const LEDGER: Item<Ledger> = Item::new("ledger");
/// Tranche (`Tranche::as_str`) -> its cw20 token contract.
pub const TOKENS: Map<&str, Addr> = Map::new("tokens");
/// Token contract -> its tranche, for the receive hook.
pub const TOKEN_TRANCHES: Map<&Addr, Tranche> = Map::new("token_tranches");
/// (owner, redemption id) -> redemption.
pub const REDEMPTIONS: Map<(&Addr, u64), Redemption> = Map::new("redemptions");

pub fn load_redemption(
    storage: &dyn Storage,
    owner: &Addr,
    id: u64,
) -> Result<Redemption, ContractError> {
    REDEMPTIONS
        .may_load(storage, (owner, id))?
        .ok_or(ContractError::RedemptionNotFound { id })
}

/// The token contract of a tranche.
pub fn load_token(storage: &dyn Storage, tranche: Tranche) -> Result<Addr, ContractError> {
    TOKENS
        .may_load(storage, tranche.as_str())?
        .ok_or(ContractError::TokensNotReady {})
}

/// The tranche of one of the vault's token contracts.
pub fn load_token_tranche(storage: &dyn Storage, token: &Addr) -> Result<Tranche, ContractError> {
    TOKEN_TRANCHES
        .may_load(storage, token)?
        .ok_or_else(|| ContractError::NotATrancheToken {
            token: token.clone(),
        })
}
