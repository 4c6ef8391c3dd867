//! The optimized wasm artifacts in the real CosmWasm VM (cosmwasm-vm).
//!
//! A contract can pass the static check and still abort at its first call,
//! so every artifact is instantiated and executed here, with the messages
//! between contracts relayed by hand. Needs `scripts/build.sh` first.

mod artifacts;
mod claims_court;
mod pool_and_nft;
mod reinsurance_bridge;
mod support;
mod tranche_vault;
