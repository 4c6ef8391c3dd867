//! Gas benchmark of the insurance protocol: the optimized wasm artifacts in
//! the real CosmWasm VM (cosmwasm-vm, through the `insurance-vm` chain, which
//! relays their messages, replies, queries and packets and counts their
//! calls and storage operations), each user action and bridge packet
//! measured in VM gas and as an SDK gas estimate from wasmd's constants,
//! after growing numbers of prior stakers, covers, claims and cessions. See
//! the README's "Gas benchmark".

pub mod gas;
pub mod report;
pub mod scenarios;

use std::path::{Path, PathBuf};

use report::Report;
use scenarios::{load_artifacts, Bench};

/// `artifacts/` at the workspace root.
pub fn default_artifacts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts")
}

/// Deploys the protocol from `artifacts`, then for each size (ascending)
/// grows the prior state to that many items of each kind (see
/// [`Bench::populate`]) and measures every action. `progress` receives one
/// line per step.
pub fn run(
    sizes: &[u64],
    artifacts: &Path,
    mut progress: impl FnMut(&str),
) -> Result<Report, String> {
    let mut sizes = sizes.to_vec();
    sizes.sort_unstable();
    sizes.dedup();
    if sizes.is_empty() {
        return Err("no sizes to run".to_string());
    }
    let wasm = load_artifacts(artifacts)?;
    let mut bench = Bench::deploy(&wasm)?;
    let mut runs = vec![];
    for size in &sizes {
        let started = std::time::Instant::now();
        bench.populate(*size)?;
        progress(&format!(
            "{size} prior stakers, covers, claims, incident claims and cessions ready ({:.1}s)",
            started.elapsed().as_secs_f64()
        ));
        runs.push(bench.measure_actions()?);
    }
    let notes = vec![
        "prior state built through real calls: per item a Deposit from a distinct staker, a BuyCover \
         by a distinct buyer (mints its NFT) and a FileClaim on it (locks the NFT; claims stay open), \
         a parametric cover by another buyer that claims a confirmed incident, and a cession on the \
         treaty relayed to the reinsurer's bridge and acknowledged back"
            .to_string(),
        "each action runs once per size with fresh actors; sizes run in ascending order on one chain"
            .to_string(),
        "SDK gas = VM gas / gas multiplier + instance cost per execute/submessage/query/IBC entry \
         point (discount per reply) + KVGasConfig over the action's reads, writes, deletes and \
         iterator steps; bank-module, core-IBC (the relayer's MsgRecvPacket/MsgAcknowledgement, \
         packets and ICS-20 transfers the contracts emit), event and ante-handler gas are not included"
            .to_string(),
    ];
    Ok(Report::new(&sizes, &runs, notes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scenarios::Action;

    #[test]
    fn a_tiny_benchmark_is_well_formed() {
        let report = run(&[3, 1], &default_artifacts_dir(), |_| {}).expect("benchmark runs");
        assert_eq!(report.sizes, vec![1, 3]);
        // the table lists the actions in the order they run
        let names: Vec<&str> = report.rows.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(names, Action::ALL.map(Action::name));
        let row = |action: Action| {
            report
                .row(action)
                .unwrap_or_else(|| panic!("no row {action:?}"))
        };
        for action in Action::ALL {
            let row = row(action);
            assert!(!row.contracts.is_empty(), "{action:?} touches no contract");
            assert_eq!(row.cells.len(), 2);
            for cell in &row.cells {
                assert!(cell.vm_gas > 0, "{action:?}: no VM gas");
                assert!(cell.sdk_gas.wasm > 0, "{action:?}: no wasm SDK gas");
                assert!(cell.sdk_gas.kv > 0, "{action:?}: no KV gas");
                assert!(cell.calls >= 1);
                assert_eq!(
                    cell.sdk_gas.total,
                    cell.sdk_gas.wasm + cell.sdk_gas.instances + cell.sdk_gas.kv
                );
            }
            assert!(row.vm_gas_ratio >= 1.0 && row.sdk_gas_ratio >= 1.0);
        }
        let buy = row(Action::BuyCover);
        assert!(buy.contracts.iter().any(|c| c == "cover_nft"), "{buy:?}");
        let incident = row(Action::IncidentClaim);
        assert!(incident.contracts.iter().any(|c| c == "risk_pool"));
        // each bridge packet runs on one end only; the Cession ack and the
        // Recovery receive each emit one ICS-20 transfer, which is not run
        for (action, bridge, transfers) in [
            (Action::CessionReceive, "reinsurer_bridge", 0),
            (Action::CessionAck, "cedent_bridge", 1),
            (Action::RecoveryReceive, "reinsurer_bridge", 1),
            (Action::RecoveryAck, "cedent_bridge", 0),
        ] {
            let r = row(action);
            assert_eq!(r.contracts, vec![bridge.to_string()], "{action:?}");
            assert!(r.cells.iter().all(|c| c.ibc_messages == transfers), "{r:?}");
        }
        assert_eq!(row(Action::CessionReceive).cells[0].calls, 2);
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json["rows"].as_array().unwrap().len(), report.rows.len());
        assert_eq!(json["constants"]["gas_multiplier"], 140_000);
        let table = report.table();
        assert_eq!(table.lines().count(), report.rows.len() + 2);
    }
}
