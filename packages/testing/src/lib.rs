//! Testing kit for the insurance protocol: cw-multi-test wrappers of every
//! contract and a suite builder that deploys the protocol in one call.
//!
//! ```
//! use insurance_testing::SuiteBuilder;
//!
//! let mut suite = SuiteBuilder::new().with_funds("staker", 1_000_000).build();
//! let staker = suite.addr("staker");
//! suite.deposit(&staker, 1_000_000).unwrap();
//! assert_eq!(suite.pool_state().total_assets.u128(), 1_000_000);
//! ```

pub mod contracts;
pub mod court;
pub mod ibc;
pub mod mock_oracle;
pub mod oracle;
pub mod reinsurance;
pub mod suite;
pub mod vault;

pub use suite::{Suite, SuiteBuilder, DENOM};
