//! Claims court: discretionary claims filed with a deposit and decided by
//! bonded assessors, parametric incidents from oracle triggers or bonded
//! reports, appeals and overturns by chain governance. The court is the only
//! address that makes the risk pool pay.

pub mod contract;
pub mod error;
pub mod execute;
pub mod external;
pub mod query;
pub mod state;

pub use crate::error::ContractError;
