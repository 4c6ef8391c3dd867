//! Price oracle: latest prices pushed by feeders that chain governance
//! authorises, answering the claims court's `Price` query (and readable raw).

pub mod contract;
pub mod error;
pub mod execute;
pub mod query;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
