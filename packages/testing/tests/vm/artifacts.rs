//! Every artifact: size limit, the VM's static check with a typical chain's
//! capabilities, and exactly the capabilities it asks of a chain.

use std::collections::HashSet;

use cosmwasm_vm::testing::{MockApi, MockQuerier, MockStorage};
use cosmwasm_vm::{capabilities_from_csv, Cache, CacheOptions, Size};

use crate::support::{artifact, artifacts_dir, CHAIN_CAPABILITIES, MAX_ARTIFACT_BYTES};

/// Each artifact and the capabilities it needs. Only the IBC application asks
/// for more than `iterator`.
const ARTIFACTS: [(&str, &str); 7] = [
    ("risk_pool", "iterator"),
    ("cover_nft", "iterator"),
    ("claims_court", "iterator"),
    ("tranche_vault", "iterator"),
    ("cw20_base", "iterator"),
    ("price_oracle", "iterator"),
    ("reinsurance_bridge", "iterator,stargate"),
];

#[test]
#[allow(unsafe_code)]
fn every_artifact_fits_passes_the_static_check_and_needs_only_its_capabilities() {
    // A new artifact must be listed here, so none escapes these checks.
    let mut built: Vec<String> = std::fs::read_dir(artifacts_dir())
        .expect("artifacts/: run scripts/build.sh first")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".wasm").map(str::to_string)
        })
        .collect();
    built.sort();
    let mut listed: Vec<String> = ARTIFACTS.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(built, listed, "artifacts/ and the checked list differ");

    let dir = std::env::temp_dir().join(format!("insurance-vm-cache-{}", std::process::id()));
    // SAFETY: the cache directory is private to this test process.
    let cache: Cache<MockApi, MockStorage, MockQuerier> = unsafe {
        Cache::new(CacheOptions::new(
            &dir,
            capabilities_from_csv(CHAIN_CAPABILITIES),
            Size::mebi(64),
            Size::mebi(32),
        ))
    }
    .expect("VM cache");
    for (name, required) in ARTIFACTS {
        let wasm = artifact(name);
        println!(
            "{name}.wasm: {} bytes ({:.1} KiB)",
            wasm.len(),
            wasm.len() as f64 / 1024.0
        );
        assert!(
            wasm.len() <= MAX_ARTIFACT_BYTES,
            "{name}.wasm is over 800 KiB"
        );
        // store_code runs the same static check as wasmd's MsgStoreCode.
        let checksum = cache
            .store_code(&wasm, true, true)
            .unwrap_or_else(|e| panic!("{name}.wasm fails the VM's static check: {e}"));
        let report = cache.analyze(&checksum).expect("analyze");
        let asked: HashSet<String> = report.required_capabilities.into_iter().collect();
        assert_eq!(
            asked,
            capabilities_from_csv(required),
            "{name}.wasm asks for other capabilities"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
