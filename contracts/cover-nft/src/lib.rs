//! Cover NFT: a cw721 collection in which every token is an insurance policy
//! sold by the risk pool. Standard cw721 messages keep cw721-base behaviour;
//! the protocol adds minting by the pool, claim locks by the claims court and
//! payout bookkeeping on the policy.

pub mod contract;
pub mod error;
pub mod execute;
pub mod query;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
