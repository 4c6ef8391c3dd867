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
//!
//! For an integrator, from another workspace:
//!
//! - [`SuiteBuilder`]: the pool, cover NFT and claims court on a fresh App,
//!   or on the integrator's own App ([`SuiteBuilder::with_app`]: custom
//!   module, stargate, address prefix; see [`app`]) with their collateral
//!   denom ([`SuiteBuilder::with_denom`]); then `deploy_tranche_vault`;
//! - [`contracts`]: each contract wrapped for any App, to deploy by hand;
//! - [`mock_oracle`]: a price oracle answering the protocol's oracle query,
//!   for parametric triggers (`Suite::deploy_mock_oracle`);
//! - [`ibc`]: a two-chain IBC relay on cw-multi-test (IBC host, relayer,
//!   ICS-20 with callbacks) for any IBC contract wrapped in
//!   [`ibc::IbcContract`], and [`reinsurance`], the protocol's bridge on it;
//! - [`fast_chain`]: [`FastChain`], cw-multi-test's semantics at a fraction
//!   of its cost for runs of millions of messages (the two-chain world runs
//!   on either, see [`WorldChain`]), and [`FastApi`];
//! - with the `vm` feature, [`vm`]: the real-VM chain (cosmwasm-vm) that
//!   runs the optimized wasm artifacts.

pub mod app;
pub mod assert;
pub mod contracts;
pub mod court;
pub mod fast_api;
pub mod fast_chain;
pub mod ibc;
pub mod mock_oracle;
pub mod nft;
pub mod oracle;
pub mod reinsurance;
pub mod suite;
pub mod vault;

pub use app::{AppParts, ChainApi, ChainApp, MakeAddr, SuiteApp, WorldChain};
pub use fast_api::FastApi;
pub use fast_chain::FastChain;
pub use ibc::{IbcContract, IbcHost, Relayer};
pub use reinsurance::{ReinsuranceBuilder, ReinsuranceWorld};
pub use suite::{Suite, SuiteBuilder, DENOM};

/// The real-VM chain: the optimized wasm artifacts in cosmwasm-vm, with
/// executes, submessages, replies, queries, bank and IBC relayed between
/// them (the `insurance-vm` crate).
#[cfg(feature = "vm")]
pub use insurance_vm as vm;
