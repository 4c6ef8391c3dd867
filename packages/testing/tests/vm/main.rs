//! The optimized wasm artifacts in the real CosmWasm VM (cosmwasm-vm).
//!
//! A contract can pass the static check and still abort at its first call,
//! so every artifact is loaded into the real-VM chain (`insurance-vm`) and
//! driven through full flows: the chain relays the messages, submessages,
//! replies, queries and IBC packets between the contracts as wasmd would.
//! Needs `scripts/build.sh` first.

mod artifacts;
mod claims_court;
mod pool_and_nft;
mod reinsurance_bridge;
mod support;
mod tranche_vault;
