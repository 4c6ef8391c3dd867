//! The stress run told four ways: a text report, a JSON file with every
//! figure, an SVG chart of capital over time, and an HTML page a committee
//! can read. A shard writes its paths' records instead, for `merge`.

use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use serde::{Deserialize, Serialize};

use super::chart::{Band, Chart, Series};
use super::config::StressConfig;
use super::engine::{Section, Totals};
use super::html;
use super::record::{series_periods, PathRecord};
use super::run::{Shard, StressRun, Timing};
use super::stats::{joint_probability, per_period_probability, percentiles};
use super::summary::{Distribution, Estimate, LayerLoss, Probability, Summary, QUANTILES};

/// The collateral has 6 decimals (uusdc): figures are shown in whole units.
pub const UNIT: f64 = 1e6;
pub const UNIT_NAME: &str = "USDC";
/// Version of the shard file format.
const SHARD_FORMAT: u32 = 1;

/// Files a run writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub chart: PathBuf,
    pub json: PathBuf,
    pub html: PathBuf,
}

/// One path in the JSON file (the per-period series are in the chart).
#[derive(Serialize)]
struct PathLine<'a> {
    path: u32,
    seed: u64,
    ruined_at: Option<u32>,
    below_minimum_at: Option<u32>,
    junior_wiped_at: Option<u32>,
    final_capital: u128,
    worst_capital_ratio: Option<f64>,
    totals: &'a Totals,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    config: &'a StressConfig,
    summary: &'a Summary,
    performance: Performance,
    paths: Vec<PathLine<'a>>,
}

/// Wall-clock figures of this machine: they vary from run to run, unlike
/// everything else in the report.
#[derive(Serialize)]
struct Performance {
    wall_seconds: f64,
    jobs: usize,
    path_periods: u64,
    path_periods_per_second: f64,
    cpu_seconds: f64,
    path_periods_per_cpu_second: f64,
    ms_per_period_by_decile: Vec<f64>,
    /// Seconds in each part of the driver, summed over threads.
    seconds_by_section: Vec<(&'static str, f64)>,
}

/// A shard's paths, for `merge`.
#[derive(Serialize, Deserialize)]
pub struct ShardFile {
    pub format: u32,
    pub config: StressConfig,
    pub seed: u64,
    pub shard: Shard,
    pub wall_seconds: f64,
    pub path_periods: u64,
    pub paths: Vec<PathRecord>,
}

pub fn units(v: f64) -> String {
    if !v.is_finite() {
        return "-".to_string();
    }
    let v = v / UNIT;
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.2}B", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

pub fn pct(v: f64) -> String {
    if v.is_nan() {
        "-".to_string()
    } else if v.is_infinite() {
        "unbounded".to_string()
    } else {
        format!("{:.1}%", v * 100.0)
    }
}

/// Probabilities with two decimals where the 1-in-200 level lives.
pub fn pct2(v: f64) -> String {
    if v.is_finite() {
        format!("{:.2}%", v * 100.0)
    } else {
        pct(v)
    }
}

pub fn ratio(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        "-".to_string()
    }
}

fn probability(label: &str, p: &Probability, of: &str) -> String {
    format!(
        "  {label:<46} {:>7}   ({} of {} {of}; 95% CI {} to {})\n",
        pct2(p.estimate),
        p.paths,
        p.of,
        pct2(p.low),
        pct2(p.high)
    )
}

fn distribution(label: &str, d: &Distribution) -> String {
    let cells: Vec<String> = d
        .percentiles
        .iter()
        .map(|v| format!("{:>7}", ratio(*v)))
        .collect();
    format!("  {label:<28}{}   min {}\n", cells.join(""), ratio(d.min))
}

fn layer(l: &LayerLoss) -> String {
    format!(
        "  {:<18}{:>12}{:>12}{:>12}{:>9}\n",
        l.layer,
        units(l.mean),
        units(l.p95),
        units(l.max),
        pct(l.share)
    )
}

fn estimate(e: &Estimate, show: fn(f64) -> String) -> String {
    format!(
        "{} (95% CI {} to {})",
        show(e.value),
        show(e.low),
        show(e.high)
    )
}

/// Total starting capital of a config.
pub fn starting_capital(c: &StressConfig) -> u128 {
    c.capital.stake * u128::from(c.capital.stakers) + c.capital.junior + c.capital.senior
}

/// The set-up in a few lines.
pub fn setup_lines(c: &StressConfig) -> Vec<String> {
    let mut lines = vec![format!(
        "capital {} {UNIT_NAME}: {} stakers x {}, junior {}, senior {}; reinsurer {} ({}% quota share of {})",
        units(starting_capital(c) as f64),
        c.capital.stakers,
        units(c.capital.stake as f64),
        units(c.capital.junior as f64),
        units(c.capital.senior as f64),
        units(c.reinsurance.capital as f64),
        (c.reinsurance.quota_share * 100.0).round(),
        c.ceded_products()
            .map(|(_, p)| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    lines.push(format!(
        "pool: capacity {}x capital, minimum capital {} of cover, circuit breaker at {} of capital",
        c.pool.capacity_multiple,
        pct(c.pool.min_capital_ratio),
        pct(c.pool.circuit_breaker_threshold)
    ));
    for p in &c.products {
        let risk = match (&p.severity, p.payout_ratio) {
            (Some(sev), _) => format!(
                "share lost Pareto(min {}, alpha {}) capped at the cover",
                pct(sev.minimum),
                sev.alpha
            ),
            (None, Some(r)) => format!("pays {} of cover", pct(r)),
            _ => String::new(),
        };
        lines.push(format!(
            "{:<18} {:>5}/yr incidents, {risk}; {} covers/period",
            p.name, p.annual_frequency, p.demand.covers_per_period
        ));
    }
    let days = c.period_days as f64;
    let weekly: Vec<f64> = c
        .products
        .iter()
        .map(|p| per_period_probability(p.annual_frequency, days))
        .collect();
    if let (Some(&a), Some(&b)) = (weekly.first(), weekly.get(1)) {
        let joint = joint_probability(a, b, c.correlation);
        lines.push(format!(
            "with rho {}, when {} has an incident in a period, {} has one in the same period with probability {} (independent: {})",
            c.correlation,
            c.products[0].name,
            c.products[1].name,
            pct(joint / a),
            pct(b)
        ));
    }
    lines.push(format!(
        "incidents correlated (one-factor, rho {}); bank run when a period's claims pass {} of capital or {}/yr at random; relaying outages {}/yr of {} to {} periods",
        c.correlation,
        pct(c.bank_run.trigger_loss),
        c.bank_run.annual_frequency,
        c.reinsurance.outage_frequency,
        c.reinsurance.outage_periods[0],
        c.reinsurance.outage_periods[1]
    ));
    lines
}

/// The capital section's sentences (text and HTML share them).
pub fn capital_lines(s: &Summary) -> Vec<String> {
    let k = &s.capital;
    vec![
        format!(
            "the year's loss to capital: mean {}; 99.5% VaR {}; expected shortfall {}",
            units(k.mean_loss),
            estimate(&k.var, units),
            units(k.es)
        ),
        format!(
            "  as a share of capital at the year's start: VaR {}, ES {}",
            estimate(&k.var_of_capital, pct),
            pct(k.es_of_capital)
        ),
        format!(
            "  as a share of the year's cover in force:   VaR {}, ES {}",
            estimate(&k.var_of_cover, pct),
            pct(k.es_of_cover)
        ),
        format!(
            "capital that holds one-year ruin under 0.5%: {} {UNIT_NAME}; the pool holds {} at a year's start on average ({}x)",
            units(k.var.value),
            units(k.mean_capital),
            ratio(k.coverage)
        ),
        format!(
            "the parameters: minimum capital {} of cover; capacity {}x, so a pool sold out holds {} of cover as capital; a 1-in-200 year takes {} of cover: {}",
            pct(k.min_capital_ratio),
            k.capacity_multiple,
            pct(1.0 / k.capacity_multiple),
            pct(k.var_of_cover.value),
            buffer(
                k.min_capital_ratio.min(1.0 / k.capacity_multiple),
                k.var_of_cover.value,
                k.var_of_cover.high
            )
        ),
    ]
}

fn buffer(held: f64, needed: f64, upper: f64) -> String {
    if !needed.is_finite() {
        "too few years to tell".to_string()
    } else if held >= needed {
        let caveat = if upper > held {
            format!(", though not the interval's upper end ({})", pct(upper))
        } else {
            String::new()
        };
        format!(
            "a buffer of {:.1} points of cover{caveat}",
            (held - needed) * 100.0
        )
    } else {
        format!("SHORT by {:.1} points of cover", (needed - held) * 100.0)
    }
}

/// The text report.
pub fn render(run: &StressRun, summary: &Summary, written: Option<&Written>) -> String {
    let s = summary;
    let c = &run.config;
    let m = &s.mean;
    let t = &s.total;
    let mut out = format!(
        "simulator stress --seed {}: {} paths x {} periods of {} days ({:.1} years each, {} periods in all), real contracts on two chains\n\n",
        s.seed,
        s.paths,
        s.periods,
        s.period_days,
        s.years_per_path,
        u64::from(s.paths) * u64::from(s.periods)
    );
    out.push_str("SET-UP\n");
    for line in setup_lines(c) {
        out.push_str(&format!("  {line}\n"));
    }
    out.push('\n');

    out.push_str("SOLVENCY (over each whole path)\n");
    out.push_str(&probability(
        "ruin (a claim due the pool could not pay)",
        &s.ruin,
        "paths",
    ));
    out.push_str(&probability(
        "capital below the minimum requirement",
        &s.below_minimum,
        "paths",
    ));
    out.push_str(&probability(
        "junior tranche wiped out",
        &s.junior_wiped,
        "paths",
    ));
    out.push_str(&probability(
        "circuit breaker tripped",
        &s.breaker_tripped,
        "paths",
    ));
    let heads: Vec<String> = QUANTILES
        .iter()
        .map(|q| format!("{:>7}", format!("p{}", (q * 100.0).round())))
        .collect();
    out.push_str(&format!(
        "\n  capital ratio (capital / minimum capital)\n  {:<28}{}\n",
        "",
        heads.join("")
    ));
    out.push_str(&distribution("at period ends", &s.capital_ratio));
    out.push_str(&distribution("each path's worst", &s.worst_capital_ratio));

    out.push_str(&format!(
        "\nCAPITAL (one year at 99.5%, Solvency II's standard; over {} path-years)\n",
        s.capital.years
    ));
    out.push_str(&probability(
        "one-year ruin (a year with a claim unpaid)",
        &s.capital.one_year_ruin,
        "path-years",
    ));
    for line in capital_lines(s) {
        out.push_str(&format!("  {line}\n"));
    }

    out.push_str(&format!(
        "\nLOSSES per path ({UNIT_NAME}; layers net of the recoveries credited back)\n  {:<18}{:>12}{:>12}{:>12}{:>9}\n",
        "", "mean", "p95", "max", "share"
    ));
    for l in &s.losses {
        out.push_str(&layer(l));
    }
    out.push_str(&layer(&s.unpaid));
    out.push_str(&format!(
        "  premiums {} (ceded {}), claims paid {} + depeg payouts {}: loss ratio {}; reinsurer result {} per path\n\n",
        units(m.premiums as f64),
        units(m.ceded_premiums as f64),
        units(m.claims_paid as f64),
        units(m.incident_paid as f64),
        pct(s.loss_ratio),
        units(s.reinsurer_result)
    ));

    out.push_str(&format!(
        "ACTIVITY (all paths)\n  covers sold {}, refused {} (capacity, breaker, suspended sale); exploits {}, depegs {} ({} more inside a trigger cooldown)\n  claims filed {}, executed {}, payouts refused {}; breaker trips {}; bank runs {}, withdrawals {} ({} attempts held), returning deposits held {}\n  relaying outages {}: packets relayed {}, timed out {}, retries {}\n\n",
        t.covers_sold,
        t.sales_refused,
        t.exploits,
        t.depegs,
        t.depegs_in_cooldown,
        t.claims_filed,
        t.claims_executed,
        t.payouts_refused,
        t.breaker_trips,
        t.bank_runs,
        t.withdrawals,
        t.withdrawals_held,
        t.returns_held,
        t.outages,
        t.packets_relayed,
        t.packets_timed_out,
        t.retries
    ));
    out.push_str(&cost(s, &run.timing));
    if let Some(w) = written {
        out.push_str(&format!(
            "\nFILES\n  report for a committee (HTML): {}\n  chart of capital over time: {}\n  every figure (JSON): {}\n",
            w.html.display(),
            w.chart.display(),
            w.json.display()
        ));
    }
    out
}

/// Where the time went (this machine's wall clock).
fn cost(s: &Summary, timing: &Timing) -> String {
    let tx: Vec<String> = s
        .transactions_per_period_by_decile
        .iter()
        .map(|v| format!("{v:.1}"))
        .collect();
    let ms: Vec<String> = timing
        .ms_per_period_by_decile
        .iter()
        .map(|v| format!("{v:.2}"))
        .collect();
    let mut out = format!(
        "COST (linear in periods: a period's work is bounded by what is alive, never by history)\n  transactions per period, by tenth of the paths: {}\n  ms per period per thread, by tenth (this machine): {}\n  most live items followed at once (covers, claims, exits, losses): {}\n  wall time {:.1} s on {} threads: {:.0} path-periods per second; CPU {:.1} s, {:.0} path-periods per CPU-second ({:.3} ms each)\n",
        tx.join(" "),
        ms.join(" "),
        s.peak_tracked,
        timing.wall.as_secs_f64(),
        timing.jobs,
        timing.speed(),
        timing.cpu.as_secs_f64(),
        timing.speed_per_core(),
        1e3 / timing.speed_per_core()
    );
    let total = timing.sections.total();
    if total > 0.0 {
        let parts: Vec<String> = Section::ALL
            .iter()
            .zip(timing.sections.0)
            .filter(|(_, v)| *v > 0.0)
            .map(|(s, v)| format!("{} {:.0}%", s.name(), 100.0 * v / total))
            .collect();
        out.push_str(&format!("  driver time: {}\n", parts.join(", ")));
    }
    out
}

/// Capital over time across paths: percentile bands, the median, the
/// median minimum requirement and the worst path.
pub fn chart(run: &StressRun, summary: &Summary) -> Chart {
    let kept = series_periods(run.config.periods);
    let years = |i: u32| f64::from(i + 1) * run.config.period_days as f64 / 365.0;
    let mut q = vec![vec![]; 5];
    let mut minimum = vec![];
    for k in 0..kept.len() {
        let capital: Vec<f64> = run
            .paths
            .iter()
            .map(|p| p.series[k][0] as f64 / UNIT)
            .collect();
        for (series, v) in q
            .iter_mut()
            .zip(percentiles(&capital, &[0.05, 0.25, 0.5, 0.75, 0.95]))
        {
            series.push(v);
        }
        let required: Vec<f64> = run
            .paths
            .iter()
            .map(|p| p.series[k][1] as f64 / UNIT)
            .collect();
        minimum.push(percentiles(&required, &[0.5])[0]);
    }
    let worst = run
        .paths
        .iter()
        .min_by(|a, b| {
            let r = |p: &PathRecord| p.worst_capital_ratio().unwrap_or(f64::INFINITY);
            r(a).total_cmp(&r(b))
        })
        .map(|p| p.series.iter().map(|x| x[0] as f64 / UNIT).collect())
        .unwrap_or_default();
    Chart {
        title: format!("Pool capital over time, {} paths", run.paths.len()),
        subtitle: format!(
            "seed {}; ruin {} ({} of {} paths); {UNIT_NAME}",
            run.seed,
            pct2(summary.ruin.estimate),
            summary.ruin.paths,
            summary.ruin.of
        ),
        x_label: "years".to_string(),
        y_label: format!("capital ({UNIT_NAME})"),
        x: kept.into_iter().map(years).collect(),
        bands: vec![
            Band {
                label: "5th to 95th percentile".to_string(),
                lower: q[0].clone(),
                upper: q[4].clone(),
                color: "#4e79a7",
                opacity: 0.18,
            },
            Band {
                label: "25th to 75th percentile".to_string(),
                lower: q[1].clone(),
                upper: q[3].clone(),
                color: "#4e79a7",
                opacity: 0.35,
            },
        ],
        lines: vec![
            Series {
                label: "median capital".to_string(),
                values: q[2].clone(),
                color: "#1f4e79",
                dashed: false,
            },
            Series {
                label: "median minimum capital requirement".to_string(),
                values: minimum,
                color: "#e15759",
                dashed: true,
            },
            Series {
                label: "worst path (lowest capital ratio)".to_string(),
                values: worst,
                color: "#f28e2b",
                dashed: false,
            },
        ],
    }
}

/// Writes the chart, the JSON report and the HTML page into `dir`
/// (created if missing).
pub fn write(run: &StressRun, summary: &Summary, dir: &Path) -> Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let chart_path = dir.join("stress-capital.svg");
    std::fs::write(&chart_path, chart(run, summary).to_svg())
        .with_context(|| format!("cannot write {}", chart_path.display()))?;
    let json_path = dir.join("stress-report.json");
    std::fs::write(&json_path, json(run, summary))
        .with_context(|| format!("cannot write {}", json_path.display()))?;
    let html_path = dir.join("stress-report.html");
    std::fs::write(
        &html_path,
        html::stress_page(run, summary, "stress-capital.svg"),
    )
    .with_context(|| format!("cannot write {}", html_path.display()))?;
    Ok(Written {
        chart: chart_path,
        json: json_path,
        html: html_path,
    })
}

/// Every figure of the run as JSON (non-finite numbers become null).
pub fn json(run: &StressRun, summary: &Summary) -> String {
    let t = &run.timing;
    let report = JsonReport {
        config: &run.config,
        summary,
        performance: Performance {
            wall_seconds: t.wall.as_secs_f64(),
            jobs: t.jobs,
            path_periods: t.path_periods,
            path_periods_per_second: t.speed(),
            cpu_seconds: t.cpu.as_secs_f64(),
            path_periods_per_cpu_second: t.speed_per_core(),
            ms_per_period_by_decile: t.ms_per_period_by_decile.clone(),
            seconds_by_section: Section::ALL
                .iter()
                .zip(t.sections.0)
                .map(|(s, v)| (s.name(), v))
                .collect(),
        },
        paths: run
            .paths
            .iter()
            .map(|p| PathLine {
                path: p.path,
                seed: p.seed,
                ruined_at: p.ruined_at,
                below_minimum_at: p.below_minimum_at,
                junior_wiped_at: p.junior_wiped_at,
                final_capital: p.final_capital,
                worst_capital_ratio: p.worst_capital_ratio(),
                totals: &p.totals,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).expect("the report serialises")
}

/// The file name of shard `shard`.
pub fn shard_file_name(shard: Shard) -> String {
    format!("stress-shard-{}-of-{}.json", shard.index, shard.count)
}

/// Writes a shard's records into `dir`; returns the file.
pub fn write_shard(run: &StressRun, dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(shard_file_name(run.shard));
    let file = ShardFile {
        format: SHARD_FORMAT,
        config: run.config.clone(),
        seed: run.seed,
        shard: run.shard,
        wall_seconds: run.timing.wall.as_secs_f64(),
        path_periods: run.timing.path_periods,
        paths: run.paths.clone(),
    };
    let text = serde_json::to_string(&file).context("a shard serialises")?;
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// The run of every path, from its shards' files: the same records in the
/// same order as one run over all paths, hence the same report.
pub fn merge(files: &[PathBuf]) -> Result<StressRun> {
    ensure!(!files.is_empty(), "merge needs at least one shard file");
    let mut shards: Vec<ShardFile> = vec![];
    for f in files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        let shard: ShardFile = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a shard file", f.display()))?;
        ensure!(
            shard.format == SHARD_FORMAT,
            "{}: shard format {} (this simulator reads {SHARD_FORMAT})",
            f.display(),
            shard.format
        );
        if let Some(first) = shards.first() {
            ensure!(
                shard.config == first.config && shard.seed == first.seed,
                "{}: another run's shard (config or seed differ from {})",
                f.display(),
                files[0].display()
            );
            ensure!(
                shard.shard.count == first.shard.count,
                "{}: shard {} does not split the run like shard {}",
                f.display(),
                shard.shard,
                first.shard
            );
        }
        shards.push(shard);
    }
    let first = &shards[0];
    let (config, seed, count) = (first.config.clone(), first.seed, first.shard.count);
    let mut indices: Vec<u32> = shards.iter().map(|s| s.shard.index).collect();
    indices.sort_unstable();
    let expected: Vec<u32> = (1..=count).collect();
    if indices != expected {
        bail!("the shards are {indices:?} of {count}: every shard 1 to {count} is needed, once");
    }
    let mut wall = 0.0;
    let mut path_periods = 0;
    let mut paths: Vec<PathRecord> = vec![];
    for s in shards {
        wall += s.wall_seconds;
        path_periods += s.path_periods;
        paths.extend(s.paths);
    }
    paths.sort_by_key(|p| p.path);
    let listed: Vec<u32> = paths.iter().map(|p| p.path).collect();
    ensure!(
        listed == (0..config.paths).collect::<Vec<_>>(),
        "the shards do not hold every path 0 to {} exactly once",
        config.paths - 1
    );
    Ok(StressRun {
        config,
        seed,
        shard: Shard::ALL,
        paths,
        timing: Timing {
            wall: std::time::Duration::from_secs_f64(wall),
            path_periods,
            jobs: count as usize,
            ..Timing::default()
        },
    })
}
