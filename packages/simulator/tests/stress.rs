//! Stress mode over the real contracts: deterministic by seed, every
//! mechanism exercised, losses that add up, and a cost per period that does
//! not grow with the number of periods.

use simulator::stress::config::{ProductKind, StressConfig};
use simulator::stress::record::PathRecord;
use simulator::stress::report;
use simulator::stress::run::{run, run_path, RunOptions, Shard, StressRun};
use simulator::stress::summary::Summary;
use simulator::stress::sweep;

fn options(seed: u64, jobs: usize) -> RunOptions {
    RunOptions::new(seed, jobs)
}

fn summary(r: &StressRun) -> Summary {
    Summary::of(&r.config, r.seed, &r.paths)
}

/// Summaries compared through JSON: a figure with no data is NaN, which
/// equals nothing, and null in JSON.
fn same(a: &Summary, b: &Summary) -> bool {
    serde_json::to_string(a).unwrap() == serde_json::to_string(b).unwrap()
}

fn small(paths: u32, periods: u32) -> StressConfig {
    StressConfig {
        paths,
        periods,
        ..StressConfig::default()
    }
}

/// Frequent, severe, correlated incidents; frequent outages and runs.
fn harsh() -> StressConfig {
    let mut c = small(2, 40);
    c.correlation = 0.6;
    for p in &mut c.products {
        match p.kind {
            ProductKind::Discretionary => {
                p.annual_frequency = 8.0;
                let s = p.severity.as_mut().unwrap();
                s.minimum = 0.3;
                s.alpha = 0.8;
            }
            ProductKind::Parametric => p.annual_frequency = 6.0,
        }
    }
    c.bank_run.annual_frequency = 8.0;
    c.bank_run.return_after_periods = 4;
    c.reinsurance.outage_frequency = 12.0;
    c.reinsurance.outage_periods = [1, 2];
    c.breaker_review_periods = 1;
    c
}

fn run_ok(config: &StressConfig, seed: u64, jobs: usize) -> StressRun {
    run(config, &options(seed, jobs)).expect("the stress run")
}

#[test]
fn same_seed_same_result_whatever_the_threads() {
    let config = small(3, 30);
    let one = run_ok(&config, 5, 1);
    let two = run_ok(&config, 5, 2);
    assert_eq!(one.paths, two.paths);
    assert!(same(&summary(&one), &summary(&two)));
    let other = run_ok(&config, 6, 2);
    assert_ne!(one.paths, other.paths);
    // Each path is its own seed's: a path does not depend on how many run.
    let fewer = run_ok(&small(1, 30), 5, 1);
    assert_eq!(fewer.paths[0], one.paths[0]);
}

fn check_losses_add_up(p: &PathRecord) {
    let t = &p.totals;
    let paid = t.claims_paid + t.incident_paid;
    let layers = t.junior_loss + t.senior_loss + t.staker_loss;
    // The vault values its tranches rounding down: a few units per payout.
    let payouts = u128::from(t.claims_executed) + u128::from(t.depegs) * 50;
    assert!(
        layers <= paid && paid - layers <= payouts,
        "path {}: layers {layers} vs paid {paid}",
        p.path
    );
    assert!(t.junior_recovered + t.senior_recovered + t.staker_recovered <= t.recoveries);
    // What reached the pool is what the reinsurer paid, once relaying is over.
    assert_eq!(t.recoveries, t.reinsurer_paid, "path {}", p.path);
    // Junior before senior: senior keeps a loss only on a path where junior
    // ended a period worth nothing (within a period, a payout that takes
    // junior to zero can touch senior until the recovery comes back).
    if t.senior_loss > t.senior_recovered {
        assert!(p.junior_wiped_at.is_some(), "path {}: {t:?}", p.path);
    }
}

#[test]
fn a_harsh_world_exercises_every_mechanism_and_the_books_hold() {
    // `PathSim::finish` also checks the pool's bank balance against its books.
    let r = run_ok(&harsh(), 11, 2);
    let s = summary(&r);
    let t = &s.total;
    assert!(t.covers_sold > 0 && t.sales_refused > 0, "{t:?}");
    assert!(t.withdrawals_held > 0, "{t:?}");
    assert!(t.exploits > 0 && t.depegs > 0, "{t:?}");
    assert!(t.claims_filed > 0 && t.claims_executed > 0, "{t:?}");
    assert!(t.breaker_trips > 0, "{t:?}");
    assert!(t.bank_runs > 0 && t.withdrawals > 0, "{t:?}");
    assert!(
        t.outages > 0 && t.packets_timed_out > 0 && t.retries > 0,
        "{t:?}"
    );
    assert!(t.reinsurer_paid > 0 && t.reinsurer_premium > 0, "{t:?}");
    assert!(s.ruin.paths > 0, "a harsh world ruins some path: {t:?}");
    assert!(t.payouts_refused > 0 && t.unpaid > 0, "{t:?}");
    for p in &r.paths {
        check_losses_add_up(p);
        assert_eq!(p.series.len(), 40);
    }
    // A ruined path has a year with a loss the pool could not pay.
    assert!(s.capital.one_year_ruin.paths == 0 || s.capital.var.value > 0.0);
}

#[test]
fn default_world_losses_add_up() {
    let r = run_ok(&small(2, 60), 3, 2);
    for p in &r.paths {
        check_losses_add_up(p);
    }
    let s = summary(&r);
    assert!(s.capital_ratio.percentiles.iter().all(|v| v.is_finite()));
    let shares: f64 = s.losses.iter().map(|l| l.share).sum::<f64>() + s.unpaid.share;
    assert!(s.mean.claims_paid + s.mean.incident_paid == 0 || (shares - 1.0).abs() < 1e-9);
}

#[test]
fn the_cost_per_period_does_not_grow_with_periods() {
    let short = run_path(&small(1, 40), 9, 0).unwrap();
    let long_config = small(1, 200);
    let long = run_path(&long_config, 9, 0).unwrap();
    // What the driver follows is bounded by what is alive, not by history.
    let (a, b) = (short.totals.peak_tracked, long.totals.peak_tracked);
    assert!(
        b <= a * 2,
        "peak tracked {a} after 40 periods, {b} after 200"
    );
    // The work a period takes at the end is the work it takes at the start.
    let record = PathRecord::of(&long, &long_config);
    let tx = Summary::of(&long_config, 9, &[record]).transactions_per_period_by_decile;
    let (first, last) = (tx[0], tx[9]);
    assert!(last <= first * 1.5 + 2.0, "transactions per period: {tx:?}");
    // Longer runs are the same path extended: the first 40 periods agree.
    assert_eq!(short.points, long.points[..40]);
    assert_eq!(short.period_losses, long.period_losses[..40]);
}

#[test]
fn the_report_chart_and_json_tell_the_same_run() {
    let r = run_ok(&small(2, 20), 4, 2);
    let s = summary(&r);
    let text = report::render(&r, &s, None);
    for section in [
        "SOLVENCY",
        "CAPITAL",
        "path-periods per second",
        "LOSSES",
        "ACTIVITY",
        "COST",
        "junior tranche",
        "reinsurer",
    ] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&report::json(&r, &s)).unwrap();
    assert_eq!(json["summary"]["paths"], 2);
    assert_eq!(json["paths"].as_array().unwrap().len(), 2);
    assert_eq!(json["config"]["periods"], 20);
    let svg = report::chart(&r, &s).to_svg();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<polygon").count(), 2);

    let dir = std::env::temp_dir().join(format!("stress-report-{}", std::process::id()));
    let written = report::write(&r, &s, &dir).unwrap();
    assert!(std::fs::read_to_string(&written.chart)
        .unwrap()
        .starts_with("<svg"));
    assert!(std::fs::read_to_string(&written.json)
        .unwrap()
        .contains("\"ruin\""));
    let page = std::fs::read_to_string(&written.html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("stress-capital.svg"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_invalid_config_is_refused_before_anything_runs() {
    let mut c = small(1, 10);
    c.products[0].demand.amount = [5, 1];
    let e = run(&c, &options(1, 1)).unwrap_err().to_string();
    assert!(e.starts_with("products[0].demand.amount:"), "{e}");
}

#[test]
fn the_shipped_example_configs_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let config =
            StressConfig::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(config.paths > 0);
        seen += 1;
    }
    assert!(seen > 0);
}

/// Periods shorter than the trigger's 7-day cooldown: a depeg the period
/// after another is the same event (counted, not an error), the keeper
/// re-arms the trigger once the cooldown is over, and the product sells again.
#[test]
fn depegs_inside_the_trigger_cooldown_are_the_same_event() {
    let mut c = small(2, 60);
    c.period_days = 2;
    for p in &mut c.products {
        if p.kind == ProductKind::Parametric {
            p.annual_frequency = 40.0;
        }
    }
    let r = run_ok(&c, 13, 2);
    let t = summary(&r).total;
    assert!(t.depegs_in_cooldown > 0, "{t:?}");
    // Re-armed after each cooldown: more than one incident per product and path.
    assert!(t.depegs > 4, "{t:?}");
    for p in &r.paths {
        check_losses_add_up(p);
    }
}

/// Shards run apart and merged give exactly the report of one run.
#[test]
fn merged_shards_equal_a_single_run() {
    let mut config = small(5, 60);
    config.products[0].annual_frequency = 6.0;
    let single = run_ok(&config, 21, 2);
    let dir = std::env::temp_dir().join(format!("stress-shards-{}", std::process::id()));
    let mut files = vec![];
    for index in [2, 1, 3] {
        let mut o = options(21, 1);
        o.shard = Shard::new(index, 3).unwrap();
        let part = run(&config, &o).unwrap();
        assert!(part.paths.iter().all(|p| p.path % 3 == index - 1));
        files.push(report::write_shard(&part, &dir).unwrap());
    }
    let merged = report::merge(&files).unwrap();
    assert_eq!(merged.paths, single.paths);
    let (a, b) = (summary(&merged), summary(&single));
    assert!(same(&a, &b));
    // The report's figures, chart and page are the same; only the wall
    // clock differs.
    let strip = |json: String| {
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v.as_object_mut().unwrap().remove("performance");
        v
    };
    assert_eq!(
        strip(report::json(&merged, &a)),
        strip(report::json(&single, &b))
    );
    assert_eq!(
        report::chart(&merged, &a).to_svg(),
        report::chart(&single, &b).to_svg()
    );
    // A missing or repeated shard is refused.
    assert!(report::merge(&files[..2]).is_err());
    let twice = vec![files[0].clone(), files[0].clone(), files[1].clone()];
    assert!(report::merge(&twice).is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_sweep_moves_one_parameter_at_a_time() {
    let config = small(1, 12);
    let s = sweep::sweep(&config, &options(2, 2)).unwrap();
    let grid: usize = sweep::Parameter::ALL.iter().map(|p| p.grid().len()).sum();
    assert_eq!(s.points.len(), grid);
    for p in &s.points {
        assert_eq!(p.base, p.value == p.parameter.get(&config));
    }
    assert!(!s.recommendation.is_empty());
    let text = sweep::render(&s);
    assert!(text.contains("RECOMMENDATION") && text.contains("capacity multiple"));
    assert_eq!(sweep::charts(&s).len(), 3);
}

/// Every contract's storage and every balance on `fast`, as `reference` holds them.
fn same_state<C: insurance_testing::WorldChain>(
    fast: &insurance_testing::FastChain,
    reference: &C,
) {
    use cosmwasm_std::Order;
    let contracts = fast.contracts();
    assert!(contracts.len() >= 2, "{contracts:?}");
    for contract in contracts {
        let ours: Vec<_> = insurance_testing::WorldChain::contract_storage(fast, &contract)
            .range(None, None, Order::Ascending)
            .collect();
        let theirs: Vec<_> = reference
            .contract_storage(&contract)
            .range(None, None, Order::Ascending)
            .collect();
        assert!(ours == theirs, "the storage of {contract} differs");
    }
    for (account, coins) in fast.balances() {
        #[allow(deprecated)]
        let theirs = reference.wrap().query_all_balances(&account).unwrap();
        assert_eq!(coins, theirs, "the balances of {account}");
    }
}

/// The stress paths run on the kit's `FastChain`; the same paths on
/// cw-multi-test's `App` (same API, same addresses) must leave every contract's
/// storage and every balance the same, and come out the same figure for
/// figure, through every mechanism (a harsh world: exploits, depegs, runs,
/// outages with timed-out packets and failed sends, the breaker).
#[test]
fn stress_paths_on_the_fast_chain_equal_those_on_cw_multi_test() {
    use insurance_testing::ChainApi;
    use simulator::stress::engine::{chain_api, PathSim};
    use simulator::stress::run::path_seed;

    let config = harsh();
    for path in 0..config.paths {
        let seed = path_seed(11, path);
        let mut fast = PathSim::new(&config, path, seed).expect("deploy on FastChain");
        let mut reference = PathSim::new_on(chain_api().build_app(), &config, path, seed)
            .expect("deploy on cw-multi-test");
        fast.run_periods(|| {}).expect("the path on FastChain");
        reference
            .run_periods(|| {})
            .expect("the path on cw-multi-test");
        same_state(&fast.world().cedent.app, &reference.world().cedent.app);
        same_state(&fast.world().reinsurer, &reference.world().reinsurer);
        let fast = fast.finish().expect("close the books on FastChain");
        let reference = reference
            .finish()
            .expect("close the books on cw-multi-test");
        assert!(fast.totals.covers_sold > 0 && fast.totals.claims_executed > 0);
        assert_eq!(fast, reference, "path {path}");
    }
}
