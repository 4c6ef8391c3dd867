//! Execute handlers, one file per flow.

pub mod claims;
pub mod cover;
pub mod governance;
pub mod reinsurance;
pub mod staking;
