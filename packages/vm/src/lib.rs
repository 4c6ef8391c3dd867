//! A tiny in-process chain over cosmwasm-vm: the protocol's optimized wasm
//! artifacts run in the real CosmWasm VM, and the chain relays between them
//! what wasmd would.
//!
//! Every contract is one VM instance of its artifact. The chain relays
//! `WasmMsg::Execute` (with funds) and `WasmMsg::Instantiate` (from stored
//! code), submessages and their replies (`ReplyOn` as in wasmd: a failed
//! submessage that replies on error is rolled back and its reply gets
//! wasmd's redacted error), bank sends and burns, and the contracts' smart
//! and raw queries to each other and bank balance queries. Each top-level
//! call is a transaction: when it fails, everything it wrote (contract
//! storage, balances, new contracts, packets) is rolled back.
//!
//! IBC between contracts of the same chain stands for IBC between two
//! chains: [`Chain::open_channel`] runs the four-step handshake on both
//! ends, `IbcMsg::SendPacket` queues the packet, and a test relays it with
//! [`Chain::receive_packet`], [`Chain::acknowledge_packet`] or
//! [`Chain::timeout_packet`], which call the contracts' IBC entry points as a
//! relayer's `MsgRecvPacket`, `MsgAcknowledgement` and `MsgTimeout` would.
//! ICS-20 transfers are not relayed: their funds leave the sender for the
//! transfer module's escrow ([`ICS20_ESCROW`]).
//!
//! The chain counts every contract call (execute, reply, query, IBC entry
//! point) and, through [`CountingStorage`], every KV read, write, delete and
//! iterator step, so that the SDK gas of an action can be estimated (the
//! gas benchmark, `packages/gas-bench`, does). Submessage gas limits are not
//! enforced.
//!
//! ```no_run
//! use cosmwasm_std::{coins, Addr};
//! use insurance_vm::Chain;
//!
//! # fn main() -> Result<(), insurance_vm::ChainError> {
//! let wasm = std::fs::read("artifacts/risk_pool.wasm").expect("scripts/build.sh first");
//! let mut chain = Chain::new();
//! let gov = chain.addr("governance");
//! # let instantiate_msg = cosmwasm_std::Empty {};
//! let pool = chain.deploy("risk_pool", &wasm, &gov, &instantiate_msg)?;
//! let staker = chain.addr("staker");
//! chain.mint(&staker, &coins(1_000, "uusdc"));
//! # let deposit = cosmwasm_std::Empty {};
//! chain.execute(&pool, &staker, &deposit, &coins(1_000, "uusdc"))?;
//! assert_eq!(chain.balance(&pool, "uusdc"), 1_000);
//! # Ok(())
//! # }
//! ```

mod chain;
mod error;
mod storage;

use std::path::Path;

pub use chain::{
    proto_field, Chain, ChainQuerier, Dispatched, Executed, Tally, VmInstance, BURNED,
    ICS20_ESCROW, REDACTED_SUBMSG_ERROR, WASM_PORT_PREFIX,
};
pub use error::{ChainError, EntryPoint};
pub use storage::{CountingStorage, KvCounts, CONTRACT_STORE_PREFIX_BYTES};

/// Reads `<dir>/<name>.wasm`, or says how to build it.
pub fn read_artifact(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    let path = dir.join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e}; run scripts/build.sh first (or pass another artifacts directory)",
            path.display()
        )
    })
}
