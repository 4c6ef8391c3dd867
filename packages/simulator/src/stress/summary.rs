//! What a stress run found, in the figures a risk committee asks for:
//! ruin probability, the one-year value-at-risk and expected shortfall of
//! the pool's loss and the capital they call for, capital ratio percentiles,
//! the loss each layer took. Everything is computed from the paths' records
//! in path order, with integer sums, so a run and the merge of its shards
//! give the same figures to the bit.

use serde::{Deserialize, Serialize};

use super::config::StressConfig;
use super::engine::Totals;
use super::record::{PathRecord, DECILES};
use super::stats::{mean, percentiles, quantile_interval, tail_mean, wilson_interval};

/// Percentiles reported for every distribution.
pub const QUANTILES: [f64; 6] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95];
/// 95 % confidence for the probabilities and intervals.
pub const Z95: f64 = 1.959_964;
/// Solvency II's standard: capital for a 1-in-200 year.
pub const SOLVENCY_LEVEL: f64 = 0.995;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Probability {
    /// Hits (paths or path-years).
    pub paths: u64,
    pub of: u64,
    pub estimate: f64,
    /// Wilson score interval, 95 %.
    pub low: f64,
    pub high: f64,
}

impl Probability {
    pub fn new(hits: u64, of: u64) -> Self {
        let (low, high) = wilson_interval(hits, of, Z95);
        Probability {
            paths: hits,
            of,
            estimate: if of == 0 {
                0.0
            } else {
                hits as f64 / of as f64
            },
            low,
            high,
        }
    }

    fn of(paths: &[PathRecord], hit: impl Fn(&PathRecord) -> bool) -> Self {
        Probability::new(
            paths.iter().filter(|o| hit(o)).count() as u64,
            paths.len() as u64,
        )
    }
}

/// A figure with its 95 % interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// Values at [`QUANTILES`].
    pub percentiles: Vec<f64>,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

impl Distribution {
    fn of(values: &[f64]) -> Self {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        Distribution {
            percentiles: percentiles(values, &QUANTILES),
            mean: mean(&finite),
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// A layer's loss per path (collateral base units).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerLoss {
    pub layer: String,
    pub mean: f64,
    pub p95: f64,
    pub max: f64,
    /// Of all losses over all paths.
    pub share: f64,
}

/// One-year figures over every full year of every path (Solvency II's
/// horizon and level), and how the pool's parameters compare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapitalFigures {
    /// Path-years observed.
    pub years: u64,
    /// A year in which a claim due could not be paid in full.
    pub one_year_ruin: Probability,
    /// The year's loss: what claims took from capital, net of the
    /// recoveries booked with them, plus claims due the pool could not pay.
    pub mean_loss: f64,
    /// 99.5 % value-at-risk of the year's loss (collateral base units): the
    /// capital that pays every claim of the year in 199 years out of 200.
    pub var: Estimate,
    /// Expected shortfall: the mean loss of the worst 0.5 % of years.
    pub es: f64,
    /// The same, as a share of capital at the year's start.
    pub var_of_capital: Estimate,
    pub es_of_capital: f64,
    /// The same, as a share of the year's mean active cover: the capital a
    /// unit of cover needs.
    pub var_of_cover: Estimate,
    pub es_of_cover: f64,
    /// Mean capital at the years' start and mean active cover.
    pub mean_capital: f64,
    pub mean_cover: f64,
    /// Capital at the years' start over the required capital (the 99.5 %
    /// VaR): above one, the pool holds a 1-in-200 year.
    pub coverage: f64,
    /// The parameters: capital the pool must keep per unit of cover, and
    /// the cover it may sell per unit of capital.
    pub min_capital_ratio: f64,
    pub capacity_multiple: f64,
    pub circuit_breaker_threshold: f64,
    pub quota_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub seed: u64,
    pub paths: u32,
    pub periods: u32,
    pub period_days: u64,
    pub years_per_path: f64,
    /// A claim due that the pool could not pay in full.
    pub ruin: Probability,
    /// A period that ended with capital below the minimum requirement.
    pub below_minimum: Probability,
    pub junior_wiped: Probability,
    pub breaker_tripped: Probability,
    pub capital: CapitalFigures,
    /// Capital over the minimum capital requirement at the kept period ends
    /// of every path with cover in force (every period up to 130 periods).
    pub capital_ratio: Distribution,
    /// Each path's lowest capital ratio.
    pub worst_capital_ratio: Distribution,
    /// Who bore the losses: the layers at payout, then the reinsurer's recoveries.
    pub losses: Vec<LayerLoss>,
    /// Claims the pool could not pay, still owed at the end (holders' loss).
    pub unpaid: LayerLoss,
    /// Amounts per path, on average.
    pub mean: Totals,
    /// Counts over all paths.
    pub total: Totals,
    /// Paid claims over premiums, over all paths.
    pub loss_ratio: f64,
    /// The reinsurer's premium less what it paid, mean per path.
    pub reinsurer_result: f64,
    /// Transactions per period in each tenth of the paths (deterministic).
    pub transactions_per_period_by_decile: Vec<f64>,
    pub peak_tracked: u64,
}

/// Each figure summed over the paths and divided by `n`.
fn totals(paths: &[PathRecord], n: u128) -> Totals {
    let sum = |f: fn(&Totals) -> u128| paths.iter().map(|p| f(&p.totals)).sum::<u128>() / n;
    let count = |f: fn(&Totals) -> u64| {
        (paths.iter().map(|p| u128::from(f(&p.totals))).sum::<u128>() / n) as u64
    };
    Totals {
        premiums: sum(|t| t.premiums),
        ceded_premiums: sum(|t| t.ceded_premiums),
        claims_paid: sum(|t| t.claims_paid),
        incident_paid: sum(|t| t.incident_paid),
        unpaid: sum(|t| t.unpaid),
        junior_loss: sum(|t| t.junior_loss),
        senior_loss: sum(|t| t.senior_loss),
        staker_loss: sum(|t| t.staker_loss),
        junior_recovered: sum(|t| t.junior_recovered),
        senior_recovered: sum(|t| t.senior_recovered),
        staker_recovered: sum(|t| t.staker_recovered),
        recoveries: sum(|t| t.recoveries),
        reinsurer_premium: sum(|t| t.reinsurer_premium),
        reinsurer_paid: sum(|t| t.reinsurer_paid),
        covers_sold: count(|t| t.covers_sold),
        sales_refused: count(|t| t.sales_refused),
        exploits: count(|t| t.exploits),
        depegs: count(|t| t.depegs),
        depegs_in_cooldown: count(|t| t.depegs_in_cooldown),
        claims_filed: count(|t| t.claims_filed),
        claims_executed: count(|t| t.claims_executed),
        payouts_refused: count(|t| t.payouts_refused),
        breaker_trips: count(|t| t.breaker_trips),
        bank_runs: count(|t| t.bank_runs),
        withdrawals: count(|t| t.withdrawals),
        withdrawals_held: count(|t| t.withdrawals_held),
        returns_held: count(|t| t.returns_held),
        outages: count(|t| t.outages),
        packets_relayed: count(|t| t.packets_relayed),
        packets_timed_out: count(|t| t.packets_timed_out),
        retries: count(|t| t.retries),
        transactions: count(|t| t.transactions),
        peak_tracked: paths
            .iter()
            .map(|p| p.totals.peak_tracked)
            .max()
            .unwrap_or(0),
    }
}

/// Per path values, and their sum (exact, in integers).
fn layer(name: &str, values: &[u128], all: u128) -> LayerLoss {
    let as_f64: Vec<f64> = values.iter().map(|&v| v as f64).collect();
    let sum: u128 = values.iter().sum();
    LayerLoss {
        layer: name.to_string(),
        mean: sum as f64 / values.len().max(1) as f64,
        p95: percentiles(&as_f64, &[0.95])[0],
        max: values.iter().copied().max().unwrap_or(0) as f64,
        share: if all > 0 {
            sum as f64 / all as f64
        } else {
            0.0
        },
    }
}

/// The 99.5 % figures of `values`: VaR with its distribution-free interval,
/// and expected shortfall.
fn tail(values: &[f64]) -> (Estimate, f64) {
    let (value, low, high) = quantile_interval(values, SOLVENCY_LEVEL, Z95);
    (
        Estimate { value, low, high },
        tail_mean(values, SOLVENCY_LEVEL),
    )
}

impl CapitalFigures {
    fn of(paths: &[PathRecord], config: &StressConfig) -> Self {
        let years: Vec<_> = paths.iter().flat_map(|p| p.years.iter()).collect();
        let n = years.len();
        let loss: Vec<f64> = years.iter().map(|y| y.loss as f64).collect();
        let of_capital: Vec<f64> = years
            .iter()
            .map(|y| y.loss as f64 / (y.capital_start as f64).max(1.0))
            .collect();
        // Years with no cover in force need no capital for it.
        let of_cover: Vec<f64> = years
            .iter()
            .map(|y| {
                if y.mean_cover > 0 {
                    y.loss as f64 / y.mean_cover as f64
                } else {
                    0.0
                }
            })
            .collect();
        let (var, es) = tail(&loss);
        let (var_of_capital, es_of_capital) = tail(&of_capital);
        let (var_of_cover, es_of_cover) = tail(&of_cover);
        let sum = |f: fn(&super::record::YearRecord) -> u128| {
            years.iter().map(|y| f(y)).sum::<u128>() as f64 / n.max(1) as f64
        };
        let mean_capital = sum(|y| y.capital_start);
        CapitalFigures {
            years: n as u64,
            one_year_ruin: Probability::new(
                years.iter().filter(|y| y.ruined).count() as u64,
                n as u64,
            ),
            mean_loss: sum(|y| y.loss),
            coverage: if var.value > 0.0 {
                mean_capital / var.value
            } else {
                f64::INFINITY
            },
            var,
            es,
            var_of_capital,
            es_of_capital,
            var_of_cover,
            es_of_cover,
            mean_capital,
            mean_cover: sum(|y| y.mean_cover),
            min_capital_ratio: config.pool.min_capital_ratio,
            capacity_multiple: config.pool.capacity_multiple,
            circuit_breaker_threshold: config.pool.circuit_breaker_threshold,
            quota_share: config.reinsurance.quota_share,
        }
    }
}

impl Summary {
    /// The figures of `paths` (in path order) of a run of `config` seeded `seed`.
    pub fn of(config: &StressConfig, seed: u64, paths: &[PathRecord]) -> Self {
        let ratios: Vec<f64> = paths
            .iter()
            .flat_map(|p| p.capital_ratios())
            .filter(|r| r.is_finite())
            .collect();
        let worst: Vec<f64> = paths
            .iter()
            .map(|p| p.worst_capital_ratio().unwrap_or(f64::INFINITY))
            .collect();
        let per_path =
            |f: fn(&Totals) -> u128| -> Vec<u128> { paths.iter().map(|p| f(&p.totals)).collect() };
        // Net of what the reinsurer's recoveries gave back to each layer, so
        // that the layers and the reinsurer add up to the claims paid.
        let junior = per_path(|t| t.junior_loss.saturating_sub(t.junior_recovered));
        let senior = per_path(|t| t.senior_loss.saturating_sub(t.senior_recovered));
        let stakers = per_path(|t| t.staker_loss.saturating_sub(t.staker_recovered));
        let reinsurer = per_path(|t| t.reinsurer_paid);
        let unpaid = per_path(|t| t.unpaid);
        let all: u128 = [&junior, &senior, &stakers, &reinsurer, &unpaid]
            .iter()
            .flat_map(|v| v.iter())
            .sum();
        let premiums: u128 = per_path(|t| t.premiums).iter().sum();
        let paid: u128 = per_path(|t| t.claims_paid + t.incident_paid).iter().sum();
        let reinsurer_premium: u128 = per_path(|t| t.reinsurer_premium).iter().sum();
        let reinsurer_paid: u128 = reinsurer.iter().sum();
        let n = paths.len().max(1);
        let mut by_decile = [0u64; DECILES];
        for p in paths {
            for (d, t) in by_decile.iter_mut().zip(p.transactions_by_decile) {
                *d += t;
            }
        }
        let periods = config.periods as usize;
        let mut periods_by_decile = [0u64; DECILES];
        for i in 0..periods {
            periods_by_decile[super::record::decile(i, periods)] += paths.len() as u64;
        }
        let mean_totals = totals(paths, n as u128);
        Summary {
            seed,
            paths: config.paths,
            periods: config.periods,
            period_days: config.period_days,
            years_per_path: config.years(),
            ruin: Probability::of(paths, |p| p.ruined_at.is_some()),
            below_minimum: Probability::of(paths, |p| p.below_minimum_at.is_some()),
            junior_wiped: Probability::of(paths, |p| p.junior_wiped_at.is_some()),
            breaker_tripped: Probability::of(paths, |p| p.totals.breaker_trips > 0),
            capital: CapitalFigures::of(paths, config),
            capital_ratio: Distribution::of(&ratios),
            worst_capital_ratio: Distribution::of(&worst),
            losses: vec![
                layer("junior tranche", &junior, all),
                layer("senior tranche", &senior, all),
                layer("direct stakers", &stakers, all),
                layer("reinsurer", &reinsurer, all),
            ],
            unpaid: layer("unpaid holders", &unpaid, all),
            peak_tracked: mean_totals.peak_tracked,
            mean: mean_totals,
            total: totals(paths, 1),
            loss_ratio: if premiums > 0 {
                paid as f64 / premiums as f64
            } else {
                0.0
            },
            reinsurer_result: (reinsurer_premium as f64 - reinsurer_paid as f64) / n as f64,
            transactions_per_period_by_decile: by_decile
                .iter()
                .zip(periods_by_decile)
                .map(|(t, n)| {
                    if n == 0 {
                        f64::NAN
                    } else {
                        *t as f64 / n as f64
                    }
                })
                .collect(),
        }
    }
}
