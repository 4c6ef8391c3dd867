//! Messages, packets and shared math of the insurance protocol.
//!
//! One module per contract, so a contract and everything that talks to it
//! agree on a single definition of every message.

pub mod auth;
pub mod claims_court;
pub mod cover_nft;
pub mod funds;
pub mod math;
pub mod migrate;
pub mod pagination;
pub mod price_oracle;
pub mod raw;
pub mod reinsurance_bridge;
pub mod reply;
pub mod risk_pool;
pub mod tranche_vault;
