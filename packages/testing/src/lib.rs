//! Testing kit for the insurance protocol: cw-multi-test wrappers of every
//! contract and a suite builder that deploys the protocol in one call.
//!
//! ```ignore
//! let mut suite = SuiteBuilder::new().build();
//! let staker = suite.addr("staker");
//! suite.fund(&staker, 1_000_000);
//! suite.deposit(&staker, 1_000_000).unwrap();
//! ```

pub mod contracts;
pub mod suite;

pub use suite::{Suite, SuiteBuilder, DENOM};
