//! Reinsurance bridge: an IBC application that cedes premiums and exposure
//! from the cedent's risk pool to a reinsurer on a partner chain, and
//! recovers the reinsurer's share of losses. See
//! `insurance_common::reinsurance_bridge` for the flows and the wire format.
//!
//! - `contract`: instantiate, execute, sudo, query, reply, migrate;
//! - `ibc`: the channel handshake, packet receive/ack/timeout and the ICS-20
//!   callbacks (ADR-8);
//! - `execute`: the flows (cession, recovery, received packets, ICS-20 legs, governance).

pub mod contract;
pub mod error;
pub mod execute;
pub mod ibc;
pub mod ics20;
pub mod query;
pub mod reply;
pub mod reply_ids;
pub mod state;
#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
