//! Risk pool: underwriting capital, staker shares, products, pricing,
//! capacity, unbonding, minimum capital and claim payouts.

pub mod breaker;
pub mod contract;
pub mod error;
pub mod execute;
pub mod ledger;
pub mod pricing;
pub mod query;
pub mod state;

pub use crate::error::ContractError;
