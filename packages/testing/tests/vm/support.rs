//! What every VM test shares: the artifacts, the chain's capabilities and
//! small call helpers.

use std::path::PathBuf;

use cosmwasm_std::{Addr, ContractResult, MessageInfo, Response};
use cosmwasm_vm::testing::{
    mock_instance_with_options, MockApi, MockInstanceOptions, MockQuerier, MockStorage,
};
use cosmwasm_vm::{capabilities_from_csv, Instance};

/// Capabilities a typical chain offers (wasmd 0.5x).
pub const CHAIN_CAPABILITIES: &str =
    "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0";
/// The common upload limit.
pub const MAX_ARTIFACT_BYTES: usize = 800 * 1024;
pub const GAS_LIMIT: u64 = 500_000_000_000_000;

pub fn artifacts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts")
}

pub fn artifact(name: &str) -> Vec<u8> {
    let path = artifacts_dir().join(format!("{name}.wasm"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/build.sh first", path.display()))
}

pub type VmInstance = Instance<MockApi, MockStorage, MockQuerier>;

pub fn vm_instance(name: &str) -> VmInstance {
    mock_instance_with_options(
        &artifact(name),
        MockInstanceOptions {
            available_capabilities: capabilities_from_csv(CHAIN_CAPABILITIES),
            gas_limit: GAS_LIMIT,
            ..MockInstanceOptions::default()
        },
    )
}

pub fn info(sender: &Addr, funds: &[cosmwasm_std::Coin]) -> MessageInfo {
    MessageInfo {
        sender: sender.clone(),
        funds: funds.to_vec(),
    }
}

pub fn ok(res: ContractResult<Response>) -> Response {
    res.into_result().expect("contract call succeeds in the VM")
}
