//! The stress run told three ways: a text report, a JSON file with every
//! figure, and an SVG chart of capital over time.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::chart::{Band, Chart, Series};
use super::config::StressConfig;
use super::engine::{PathOutcome, Totals};
use super::run::StressRun;
use super::stats::percentiles;
use super::summary::{Distribution, LayerLoss, Probability, Summary, QUANTILES};

/// The collateral has 6 decimals (uusdc): figures are shown in whole units.
const UNIT: f64 = 1e6;
const UNIT_NAME: &str = "USDC";

/// Files a run writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub chart: PathBuf,
    pub json: PathBuf,
}

/// One path in the JSON file (the per-period series are in the chart).
#[derive(Serialize)]
struct PathLine<'a> {
    path: u32,
    seed: u64,
    ruined_at: Option<u32>,
    below_minimum_at: Option<u32>,
    junior_wiped_at: Option<u32>,
    final_capital: f64,
    worst_capital_ratio: f64,
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
    ms_per_period_by_decile: Vec<f64>,
}

fn units(v: f64) -> String {
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

fn pct(v: f64) -> String {
    if v.is_nan() {
        "-".to_string()
    } else {
        format!("{:.1}%", v * 100.0)
    }
}

fn ratio(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        "-".to_string()
    }
}

fn probability(label: &str, p: &Probability) -> String {
    format!(
        "  {label:<44} {:>7}   ({} of {} paths; 95% CI {} to {})\n",
        pct(p.estimate),
        p.paths,
        p.of,
        pct(p.low),
        pct(p.high)
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
    let capital =
        c.capital.stake * u128::from(c.capital.stakers) + c.capital.junior + c.capital.senior;
    out.push_str(&format!(
        "SET-UP\n  capital {} {UNIT_NAME}: {} stakers x {}, junior {}, senior {}; reinsurer {} ({}% quota share of {})\n",
        units(capital as f64),
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
    ));
    for p in &c.products {
        let risk = match (&p.severity, p.payout_ratio) {
            (Some(sev), _) => format!(
                "share lost Pareto(min {}, alpha {})",
                pct(sev.minimum),
                sev.alpha
            ),
            (None, Some(r)) => format!("pays {} of cover", pct(r)),
            _ => String::new(),
        };
        out.push_str(&format!(
            "  {:<18} {:>5}/yr incidents, {risk}; {} covers/period\n",
            p.name, p.annual_frequency, p.demand.covers_per_period
        ));
    }
    out.push_str(&format!(
        "  incidents correlated (one-factor, rho {}); bank run when a period's claims pass {} of capital or {}/yr at random; relaying outages {}/yr\n\n",
        c.correlation,
        pct(c.bank_run.trigger_loss),
        c.bank_run.annual_frequency,
        c.reinsurance.outage_frequency
    ));

    out.push_str("SOLVENCY\n");
    out.push_str(&probability(
        "ruin (a claim due the pool could not pay)",
        &s.ruin,
    ));
    out.push_str(&probability(
        "capital below the minimum requirement",
        &s.below_minimum,
    ));
    out.push_str(&probability("junior tranche wiped out", &s.junior_wiped));
    out.push_str(&probability("circuit breaker tripped", &s.breaker_tripped));
    let heads: Vec<String> = QUANTILES
        .iter()
        .map(|q| format!("{:>7}", format!("p{}", (q * 100.0).round())))
        .collect();
    out.push_str(&format!(
        "\n  capital ratio (capital / minimum capital)\n  {:<28}{}\n",
        "",
        heads.join("")
    ));
    out.push_str(&distribution("every period end", &s.capital_ratio));
    out.push_str(&distribution("each path's worst", &s.worst_capital_ratio));

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
        "ACTIVITY (all paths)\n  covers sold {}, refused {} (capacity or breaker); exploits {}, depegs {} ({} inside a trigger cooldown)\n  claims filed {}, executed {}, payouts refused {}; breaker trips {}; bank runs {}, withdrawals {} ({} attempts held)\n  relaying outages {}: packets relayed {}, timed out {}, retries {}\n\n",
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
        t.outages,
        t.packets_relayed,
        t.packets_timed_out,
        t.retries
    ));

    let tx: Vec<String> = s
        .transactions_per_period_by_decile
        .iter()
        .map(|v| format!("{v:.1}"))
        .collect();
    let ms: Vec<String> = run
        .timing
        .ms_per_period_by_decile
        .iter()
        .map(|v| format!("{v:.1}"))
        .collect();
    out.push_str(&format!(
        "COST (linear in periods: a period's work is bounded by what is alive, never by history)\n  transactions per period, by tenth of the paths: {}\n  ms per period, by tenth (this machine): {}\n  most live items followed at once (covers, claims, exits, losses): {}; wall time {:.1} s\n",
        tx.join(" "),
        ms.join(" "),
        s.peak_tracked,
        run.timing.wall.as_secs_f64()
    ));
    if let Some(w) = written {
        out.push_str(&format!(
            "\nFILES\n  chart of capital over time: {}\n  every figure (JSON): {}\n",
            w.chart.display(),
            w.json.display()
        ));
    }
    out
}

/// Capital over time across paths: percentile bands, the median, the
/// median minimum requirement and the worst path.
pub fn chart(run: &StressRun, summary: &Summary) -> Chart {
    let periods = run.config.periods as usize;
    let years = |i: usize| (i + 1) as f64 * run.config.period_days as f64 / 365.0;
    let at = |i: usize, f: fn(&super::engine::PeriodPoint) -> f64| -> Vec<f64> {
        run.paths.iter().map(|p| f(&p.points[i]) / UNIT).collect()
    };
    let mut q = vec![vec![]; 5];
    let mut minimum = vec![];
    for i in 0..periods {
        let capital = at(i, |p| p.capital);
        for (series, v) in q
            .iter_mut()
            .zip(percentiles(&capital, &[0.05, 0.25, 0.5, 0.75, 0.95]))
        {
            series.push(v);
        }
        minimum.push(percentiles(&at(i, |p| p.minimum_capital), &[0.5])[0]);
    }
    let worst = run
        .paths
        .iter()
        .min_by(|a, b| worst_ratio(a).total_cmp(&worst_ratio(b)))
        .map(|p| p.points.iter().map(|x| x.capital / UNIT).collect())
        .unwrap_or_default();
    Chart {
        title: format!("Pool capital over time, {} paths", run.paths.len()),
        subtitle: format!(
            "seed {}; ruin {} ({} of {} paths); {UNIT_NAME}",
            run.seed,
            pct(summary.ruin.estimate),
            summary.ruin.paths,
            summary.ruin.of
        ),
        x_label: "years".to_string(),
        y_label: format!("capital ({UNIT_NAME})"),
        x: (0..periods).map(years).collect(),
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

fn worst_ratio(p: &PathOutcome) -> f64 {
    p.points
        .iter()
        .map(|x| x.capital_ratio())
        .fold(f64::INFINITY, f64::min)
}

/// Writes the chart and the JSON report into `dir` (created if missing).
pub fn write(run: &StressRun, summary: &Summary, dir: &Path) -> Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let chart_path = dir.join("stress-capital.svg");
    std::fs::write(&chart_path, chart(run, summary).to_svg())
        .with_context(|| format!("cannot write {}", chart_path.display()))?;
    let json_path = dir.join("stress-report.json");
    std::fs::write(&json_path, json(run, summary))
        .with_context(|| format!("cannot write {}", json_path.display()))?;
    Ok(Written {
        chart: chart_path,
        json: json_path,
    })
}

/// Every figure of the run as JSON (non-finite numbers become null).
pub fn json(run: &StressRun, summary: &Summary) -> String {
    let report = JsonReport {
        config: &run.config,
        summary,
        performance: Performance {
            wall_seconds: run.timing.wall.as_secs_f64(),
            ms_per_period_by_decile: run.timing.ms_per_period_by_decile.clone(),
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
                final_capital: p.points.last().map(|x| x.capital).unwrap_or_default(),
                worst_capital_ratio: worst_ratio(p),
                totals: &p.totals,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).expect("the report serialises")
}
