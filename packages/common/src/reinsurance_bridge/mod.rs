//! Messages, IBC packets and acknowledgements of the reinsurance bridge.
//!
//! The bridge is an IBC application. A chain that runs the protocol (the
//! *cedent*) and a partner chain that holds reinsurance capital (the
//! *reinsurer*) each instantiate it, open a channel between the two
//! instances, and register the same treaty on both sides by governance.
//!
//! - **Cession**: when cover is sold on a product under a treaty, the pool
//!   hands the ceded premium to the bridge (`ExecuteMsg::Cede`), which sends a
//!   [`CessionPacket`]. The reinsurer records the exposure and the premium due,
//!   or answers an error ack (treaty unknown or out of force, capacity
//!   exceeded); on an error ack or a timeout the premium goes back to the pool.
//!   Once accepted, the premium crosses with ICS-20.
//! - **Recovery**: when the pool pays a claim on a ceded cover
//!   (`ExecuteMsg::RecordLoss`), the ceded part of the loss becomes a
//!   [`RecoveryPacket`]. The reinsurer checks its limits, pays with ICS-20 and
//!   acknowledges; the funds reach the pool's capital (`Reinsurance(SettleRecovery)`).
//!
//! Packets are JSON-encoded [`BridgePacket`]s; acknowledgements are
//! [`cosmwasm_std::StdAck`] (`{"result": <base64 JSON of BridgeAck>}` or
//! `{"error": "..."}`), the shape ICS-20 and standard tooling decode.
//!
//! Funds cross with ICS-20 transfers whose memo asks for IBC callbacks
//! (ADR-8) on both chains, with a [`TransferNote`] that ties the transfer to
//! the treaty flow it settles.
//!
//! The API is split the way Polytone splits its protocol crate:
//!
//! - [`msg`]: what contracts and governance send the bridge, and the typed
//!   handle the pool calls it through;
//! - [`packet`]: the wire protocol between two bridges (channel version and
//!   order, packets, acknowledgements, the ICS-20 memo);
//! - [`treaty`]: the terms both sides register, their maths and validation;
//! - [`query`]: queries and their responses.
//!
//! Everything is re-exported here: `insurance_common::reinsurance_bridge::X`.

pub mod msg;
pub mod packet;
pub mod query;
pub mod treaty;

pub use msg::*;
pub use packet::*;
pub use query::*;
pub use treaty::*;
