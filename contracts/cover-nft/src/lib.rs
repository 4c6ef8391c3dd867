//! Cover NFT: a cw721 collection in which every token is an insurance policy
//! sold by the risk pool. Standard cw721 messages keep cw721-base behaviour
//! (served by cw721's own functions on cw721's storage layout); the protocol
//! adds minting and payout records by the pool, claim locks by the claims
//! court, and display metadata computed at query time for wallets.

pub mod contract;
pub mod error;
pub mod execute;
pub mod metadata;
pub mod query;
pub mod state;

pub use crate::error::ContractError;
