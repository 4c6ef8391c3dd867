//! End-to-end simulator of the insurance protocol: drives the real contracts
//! on the testing kit's two-chain world (`ReinsuranceBuilder`) and reports a
//! timeline and a reconciled balance sheet.

pub mod cli;
pub mod demo;
pub mod ledger;
pub mod scenario;
pub mod stress;
pub mod timeline;
