//! wasmd's and the Cosmos SDK's gas constants, and the SDK gas estimate of an
//! action built from them.
//!
//! Sources (as stored in the upstream repositories):
//! - wasmd `x/wasm/types/gas_register.go`: `DefaultGasMultiplier = 140_000`
//!   ("how many CosmWasm gas points = 1 Cosmos SDK gas point"; 140_000_000 in
//!   the CosmWasm 1.x era, divided by 1000 with CosmWasm 2.0, cosmwasm#1884 —
//!   cosmwasm-vm 2.3.5 meters 115 gas per Wasm operation accordingly),
//!   `DefaultInstanceCost = 60_000` (charged by `SetupContractCost` every time a
//!   contract is prepared for any entry point: execute, each submessage, query,
//!   and the IBC entry points — `x/wasm/keeper/relay.go` charges it before
//!   `ibc_packet_receive` and `ibc_packet_ack` and meters their VM gas with the
//!   same multiplier)
//!   and `DefaultInstanceCostDiscount = 2_000` (`ReplyCosts(true, ..)`: a reply
//!   goes to a contract assumed to be in the in-memory cache).
//! - cosmos-sdk `store/types/gas.go` `KVGasConfig()`: `HasCost 1000`,
//!   `DeleteCost 1000`, `ReadCostFlat 1000`, `ReadCostPerByte 3`,
//!   `WriteCostFlat 2000`, `WriteCostPerByte 30`, `IterNextCostFlat 30`, applied
//!   by `store/gaskv/store.go` (Get: flat plus per byte of key and value; Set:
//!   flat plus per byte of key and value; Delete: flat; each iterator step: flat
//!   plus read per byte of key and value).
//! - wasmd `x/wasm/types/keys.go` `GetContractStorePrefix`: a contract's keys sit
//!   under `0x03 ‖ contract address` (1 + 32 bytes) in the metered store
//!   (counted by the VM chain, `insurance_vm::CONTRACT_STORE_PREFIX_BYTES`).

use insurance_vm::{KvCounts, Tally};
use serde::Serialize;

pub const GAS_MULTIPLIER: u64 = 140_000;
pub const INSTANCE_COST: u64 = 60_000;
pub const INSTANCE_COST_DISCOUNT: u64 = 2_000;

pub const HAS_COST: u64 = 1_000;
pub const DELETE_COST: u64 = 1_000;
pub const READ_COST_FLAT: u64 = 1_000;
pub const READ_COST_PER_BYTE: u64 = 3;
pub const WRITE_COST_FLAT: u64 = 2_000;
pub const WRITE_COST_PER_BYTE: u64 = 30;
pub const ITER_NEXT_COST_FLAT: u64 = 30;

/// `0x03` + a 32-byte contract address.
pub use insurance_vm::CONTRACT_STORE_PREFIX_BYTES;

/// The SDK gas estimate of one action, by part.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SdkGas {
    /// VM gas / `DefaultGasMultiplier`.
    pub wasm: u64,
    /// `DefaultInstanceCost` per execute, IBC entry point and query, the
    /// discount per reply.
    pub instances: u64,
    /// KVGasConfig over the action's reads, writes, deletes and iterator steps.
    pub kv: u64,
    pub total: u64,
    /// The same with every contract pinned (wasmd's `PinCode`): the
    /// discounted instance cost for executes and queries too (replies are
    /// always charged as pinned).
    pub pinned_total: u64,
}

pub fn kv_gas(kv: &KvCounts) -> u64 {
    kv.reads * READ_COST_FLAT
        + kv.read_bytes * READ_COST_PER_BYTE
        + kv.writes * WRITE_COST_FLAT
        + kv.write_bytes * WRITE_COST_PER_BYTE
        + kv.deletes * DELETE_COST
        + kv.iter_steps * ITER_NEXT_COST_FLAT
        + kv.iter_bytes * READ_COST_PER_BYTE
}

/// What wasmd would charge for an action, without the transaction's own
/// ante-handler costs (signature, tx bytes), bank-module KV operations,
/// core IBC (a relayer's proof verification, packet receipts, commitments
/// and acks; the packets and ICS-20 transfers the contracts send) and event
/// costs, which do not depend on the contracts' state.
pub fn sdk_estimate(vm_gas: u64, tally: &Tally) -> SdkGas {
    let wasm = vm_gas / GAS_MULTIPLIER;
    let instances =
        (tally.executes + tally.queries) * INSTANCE_COST + tally.replies * INSTANCE_COST_DISCOUNT;
    let kv = kv_gas(&tally.kv);
    let pinned_instances =
        (tally.executes + tally.queries + tally.replies) * INSTANCE_COST_DISCOUNT;
    SdkGas {
        wasm,
        instances,
        kv,
        total: wasm + instances + kv,
        pinned_total: wasm + pinned_instances + kv,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_adds_its_parts() {
        let tally = Tally {
            kv: KvCounts {
                reads: 2,
                read_bytes: 100,
                writes: 1,
                write_bytes: 50,
                deletes: 1,
                iter_steps: 3,
                iter_bytes: 10,
            },
            executes: 2,
            replies: 1,
            queries: 1,
            ..Tally::default()
        };
        let gas = sdk_estimate(14_000_000, &tally);
        assert_eq!(gas.wasm, 100);
        assert_eq!(gas.instances, 3 * 60_000 + 2_000);
        assert_eq!(gas.kv, 2_000 + 300 + 2_000 + 1_500 + 1_000 + 90 + 30);
        assert_eq!(gas.total, gas.wasm + gas.instances + gas.kv);
        assert_eq!(gas.pinned_total, gas.wasm + 4 * 2_000 + gas.kv);
    }
}
