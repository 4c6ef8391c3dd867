//! Sensitivity sweep: the same stress run with one capital parameter moved
//! at a time (capacity multiple, minimum capital ratio, quota share), with a
//! table, charts and a recommendation. Every point reuses the run's seed, so
//! the points differ by the parameter, not by luck (common random numbers).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::chart::{Band, Chart, Series};
use super::config::StressConfig;
use super::html;
use super::report::{pct, ratio};
use super::run::{self, RunOptions};
use super::summary::Summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parameter {
    CapacityMultiple,
    MinCapitalRatio,
    QuotaShare,
}

impl Parameter {
    pub const ALL: [Parameter; 3] = [
        Parameter::CapacityMultiple,
        Parameter::MinCapitalRatio,
        Parameter::QuotaShare,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Parameter::CapacityMultiple => "capacity multiple",
            Parameter::MinCapitalRatio => "minimum capital ratio",
            Parameter::QuotaShare => "reinsurance quota share",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Parameter::CapacityMultiple => "capacity-multiple",
            Parameter::MinCapitalRatio => "min-capital-ratio",
            Parameter::QuotaShare => "quota-share",
        }
    }

    /// The values a sweep tries.
    pub fn grid(self) -> &'static [f64] {
        match self {
            Parameter::CapacityMultiple => &[1.0, 1.5, 2.0, 3.0, 4.0],
            Parameter::MinCapitalRatio => &[0.3, 0.5, 0.7, 1.0],
            Parameter::QuotaShare => &[0.1, 0.3, 0.5, 0.7],
        }
    }

    pub fn get(self, c: &StressConfig) -> f64 {
        match self {
            Parameter::CapacityMultiple => c.pool.capacity_multiple,
            Parameter::MinCapitalRatio => c.pool.min_capital_ratio,
            Parameter::QuotaShare => c.reinsurance.quota_share,
        }
    }

    pub fn set(self, c: &mut StressConfig, v: f64) {
        match self {
            Parameter::CapacityMultiple => c.pool.capacity_multiple = v,
            Parameter::MinCapitalRatio => c.pool.min_capital_ratio = v,
            Parameter::QuotaShare => c.reinsurance.quota_share = v,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SweepPoint {
    pub parameter: Parameter,
    pub value: f64,
    /// The base run's own value of every parameter.
    pub base: bool,
    pub summary: Summary,
}

#[derive(Clone, Debug, Serialize)]
pub struct Sweep {
    pub seed: u64,
    pub paths: u32,
    pub periods: u32,
    pub base: StressConfig,
    pub points: Vec<SweepPoint>,
    pub recommendation: Vec<String>,
    pub wall_seconds: f64,
}

/// Runs the base config and each parameter's grid (the base's own value
/// once), with `options` for every run.
pub fn sweep(base: &StressConfig, options: &RunOptions) -> Result<Sweep> {
    let started = std::time::Instant::now();
    let base_summary = {
        let r = run::run(base, options)?;
        Summary::of(&r.config, r.seed, &r.paths)
    };
    let mut points = vec![];
    for parameter in Parameter::ALL {
        let own = parameter.get(base);
        let mut values: Vec<f64> = parameter.grid().to_vec();
        if !values.contains(&own) {
            values.push(own);
            values.sort_by(f64::total_cmp);
        }
        for value in values {
            let summary = if value == own {
                base_summary.clone()
            } else {
                let mut c = base.clone();
                parameter.set(&mut c, value);
                c.validate()
                    .with_context(|| format!("{} {value}", parameter.label()))?;
                let r = run::run(&c, options)?;
                Summary::of(&r.config, r.seed, &r.paths)
            };
            points.push(SweepPoint {
                parameter,
                value,
                base: value == own,
                summary,
            });
        }
    }
    let recommendation = recommend(base, &base_summary, &points);
    Ok(Sweep {
        seed: options.seed,
        paths: base.paths,
        periods: base.periods,
        base: base.clone(),
        points,
        recommendation,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

/// The committee's reading of the sweep.
fn recommend(base: &StressConfig, s: &Summary, points: &[SweepPoint]) -> Vec<String> {
    let k = &s.capital;
    let need = k.var_of_cover.value;
    let need_high = k.var_of_cover.high;
    // Capacity times the minimum ratio: above one, a pool sold out is under
    // its minimum capital by construction and every withdrawal is held.
    let product = base.pool.capacity_multiple * base.pool.min_capital_ratio;
    let locked: Vec<String> = points
        .iter()
        .filter(|p| p.summary.below_minimum.estimate > 0.5)
        .map(|p| format!("{} {}", p.parameter.label(), p.value))
        .collect();
    let mut out = vec![format!(
        "Capacity multiple x minimum capital ratio is {product:.2}: {}{}",
        if product > 1.0 {
            "above one, a pool sold out is under its minimum capital by construction and withdrawals are held"
        } else if product == 1.0 {
            "a pool sold out sits exactly at its minimum capital, with no buffer before withdrawals are held"
        } else {
            "a pool sold out keeps a buffer above its minimum capital"
        },
        if locked.is_empty() {
            String::new()
        } else {
            format!(
                "; capital ended a period under the minimum on most paths at {}",
                locked.join(", ")
            )
        }
    )];
    out.push(format!(
        "In the base run a 1-in-200 year takes {} of the cover in force (95% interval {} to {}); its expected shortfall is {}.",
        pct(need),
        pct(k.var_of_cover.low),
        pct(need_high),
        pct(k.es_of_cover)
    ));
    // The minimum capital ratio is capital per unit of cover: it should hold
    // the 1-in-200 year with the interval's upper end, rounded up to 5 %.
    if need_high.is_finite() {
        let floor = (need_high * 20.0).ceil() / 20.0;
        let current = base.pool.min_capital_ratio;
        out.push(if current >= floor {
            format!(
                "Minimum capital ratio: the current {} covers the upper end of that interval ({}); keep it, or lower it no further than {}.",
                pct(current),
                pct(need_high),
                pct(floor)
            )
        } else {
            format!(
                "Minimum capital ratio: raise it from {} to at least {}, the upper end of the 1-in-200 loss per unit of cover rounded up.",
                pct(current),
                pct(floor)
            )
        });
        // A pool sold to capacity holds 1/multiple of its cover as capital.
        let safe: Vec<f64> = points
            .iter()
            .filter(|p| p.parameter == Parameter::CapacityMultiple)
            .filter(|p| {
                1.0 / p.value >= p.summary.capital.var_of_cover.high
                    && p.summary.capital.one_year_ruin.high < 0.005
            })
            .map(|p| p.value)
            .collect();
        let best = safe.iter().copied().fold(f64::NAN, f64::max);
        out.push(if best.is_nan() {
            "Capacity multiple: no multiple tested keeps a sold-out pool above the 1-in-200 loss with one-year ruin under 0.5 %: lower it below the smallest tested, or add capital.".to_string()
        } else {
            format!(
                "Capacity multiple: up to {best}x a sold-out pool still holds the 1-in-200 loss (capital {} of cover) with one-year ruin under 0.5 % at the interval's upper end; the current {}x {}.",
                pct(1.0 / best),
                base.pool.capacity_multiple,
                if base.pool.capacity_multiple <= best {
                    "is within it"
                } else {
                    "is above it: lower it"
                }
            )
        });
    } else {
        out.push("Too few path-years to bound the 1-in-200 loss: run more paths before changing the parameters.".to_string());
    }
    let quota: Vec<&SweepPoint> = points
        .iter()
        .filter(|p| p.parameter == Parameter::QuotaShare)
        .collect();
    if let (Some(lo), Some(hi)) = (quota.first(), quota.last()) {
        out.push(format!(
            "Quota share: ceding {} instead of {} of the ceded products moves the 1-in-200 loss per unit of cover from {} to {} and path ruin from {} to {}; reinsurance buys capital relief only on the ceded products, and only while the partner chain relays.",
            pct(hi.value),
            pct(lo.value),
            pct(lo.summary.capital.var_of_cover.value),
            pct(hi.summary.capital.var_of_cover.value),
            pct(lo.summary.ruin.estimate),
            pct(hi.summary.ruin.estimate)
        ));
    }
    out
}

/// The text table.
pub fn render(sweep: &Sweep) -> String {
    let mut out = format!(
        "simulator sweep --seed {}: {} paths x {} periods per point, one parameter moved at a time\n\n",
        sweep.seed, sweep.paths, sweep.periods
    );
    out.push_str(&format!(
        "  {:<24}{:>7}{:>9}{:>19}{:>10}{:>19}{:>9}{:>9}{:>9}{:>9}\n",
        "parameter",
        "value",
        "ruin",
        "95% CI",
        "1y ruin",
        "95% CI",
        "<min",
        "ratio p5",
        "VaR/cov",
        "cap/req"
    ));
    for p in &sweep.points {
        let s = &p.summary;
        out.push_str(&format!(
            "  {:<24}{:>7}{:>9}{:>19}{:>10}{:>19}{:>9}{:>9}{:>9}{:>9}{}\n",
            p.parameter.label(),
            p.value,
            pct(s.ruin.estimate),
            format!("{} to {}", pct(s.ruin.low), pct(s.ruin.high)),
            pct(s.capital.one_year_ruin.estimate),
            format!(
                "{} to {}",
                pct(s.capital.one_year_ruin.low),
                pct(s.capital.one_year_ruin.high)
            ),
            pct(s.below_minimum.estimate),
            ratio(s.capital_ratio.percentiles[1]),
            pct(s.capital.var_of_cover.value),
            ratio(s.capital.coverage),
            if p.base { "  (base)" } else { "" }
        ));
    }
    out.push_str("\nRECOMMENDATION\n");
    for line in &sweep.recommendation {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// One chart per parameter: ruin probabilities with the path ruin's
/// interval, and the capital ratio's 5th percentile.
pub fn charts(sweep: &Sweep) -> Vec<(Parameter, Chart)> {
    Parameter::ALL
        .iter()
        .map(|&parameter| {
            let points: Vec<&SweepPoint> = sweep
                .points
                .iter()
                .filter(|p| p.parameter == parameter)
                .collect();
            let get = |f: &dyn Fn(&Summary) -> f64| -> Vec<f64> {
                points.iter().map(|p| f(&p.summary)).collect()
            };
            let chart = Chart {
                title: format!("Ruin and capital against the {}", parameter.label()),
                subtitle: format!(
                    "{} paths x {} periods per point, seed {}; probabilities in %, ratio of capital to the minimum",
                    sweep.paths, sweep.periods, sweep.seed
                ),
                x_label: parameter.label().to_string(),
                y_label: "% (probabilities) and ratio".to_string(),
                x: points.iter().map(|p| p.value).collect(),
                bands: vec![Band {
                    label: "path ruin, 95% interval".to_string(),
                    lower: get(&|s| s.ruin.low * 100.0),
                    upper: get(&|s| s.ruin.high * 100.0),
                    color: "#e15759",
                    opacity: 0.18,
                }],
                lines: vec![
                    Series {
                        label: "path ruin (%)".to_string(),
                        values: get(&|s| s.ruin.estimate * 100.0),
                        color: "#e15759",
                        dashed: false,
                    },
                    Series {
                        label: "one-year ruin (%)".to_string(),
                        values: get(&|s| s.capital.one_year_ruin.estimate * 100.0),
                        color: "#b07aa1",
                        dashed: true,
                    },
                    Series {
                        label: "capital below minimum (%)".to_string(),
                        values: get(&|s| s.below_minimum.estimate * 100.0),
                        color: "#f28e2b",
                        dashed: false,
                    },
                    Series {
                        label: "capital ratio, 5th percentile".to_string(),
                        values: get(&|s| s.capital_ratio.percentiles[1]),
                        color: "#4e79a7",
                        dashed: false,
                    },
                ],
            };
            (parameter, chart)
        })
        .collect()
}

/// Writes the table (JSON), the charts and the HTML page into `dir`.
pub fn write(sweep: &Sweep, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = vec![];
    let mut images = vec![];
    for (parameter, chart) in charts(sweep) {
        let name = format!("sweep-{}.svg", parameter.slug());
        let path = dir.join(&name);
        std::fs::write(&path, chart.to_svg())
            .with_context(|| format!("cannot write {}", path.display()))?;
        images.push((name, chart.title.clone()));
        written.push(path);
    }
    let json = dir.join("sweep.json");
    std::fs::write(
        &json,
        serde_json::to_string_pretty(sweep).expect("a sweep serialises"),
    )
    .with_context(|| format!("cannot write {}", json.display()))?;
    written.push(json);
    let page = dir.join("sweep.html");
    std::fs::write(&page, html::sweep_page(sweep, &images))
        .with_context(|| format!("cannot write {}", page.display()))?;
    written.push(page);
    Ok(written)
}
