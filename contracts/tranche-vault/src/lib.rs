//! Tranche vault: senior and junior tranches over one risk pool position.
//!
//! The vault is a single staker of the risk pool. Capital providers deposit
//! the pool's collateral into a tranche and receive that tranche's cw20
//! token (two cw20-base contracts the vault instantiates and mints). What the
//! tranches are worth is never stored per holder: every action reads the
//! vault's pool position and splits its value between the tranches with the
//! O(1) ledger of [`waterfall`]: income pays the senior target rate first,
//! losses hit the junior tranche first.
//!
//! Layout: [`contract`] holds the entry points and a thin dispatch, the work
//! is in [`execute`], [`reply`] and [`query`]; [`reply_ids`] numbers the
//! submessages; [`position`] reads the pool and the tokens; [`waterfall`] is
//! the pure accounting, unit-tested on its own.

pub mod contract;
pub mod error;
pub mod execute;
pub mod position;
pub mod query;
pub mod reply;
pub mod reply_ids;
pub mod state;
pub mod waterfall;

pub use crate::error::ContractError;
