//! The attack suite: each test performs an attack on the deployed protocol
//! and asserts that the attacker does not profit and the victims keep their
//! value. One module per area.

mod bridge;
mod capital;
mod court;
mod cover_nft;
mod known;
mod oracle;
mod parametric;
mod pricing;
mod tranche;
