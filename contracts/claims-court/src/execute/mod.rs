//! Execute handlers, one file per flow.

pub mod assessors;
pub mod claims;
pub mod decisions;
pub mod governance;
pub mod incidents;
pub mod rewards;
