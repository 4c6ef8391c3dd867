//! What a stress run found, in the figures a risk committee asks for:
//! ruin probability, capital ratio percentiles, the loss each layer took.

use serde::Serialize;

use super::engine::{PathOutcome, Totals};
use super::run::{StressRun, DECILES};
use super::stats::{mean, percentiles, wilson_interval};

/// Percentiles reported for every distribution.
pub const QUANTILES: [f64; 6] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95];
/// 95 % confidence for the probabilities.
const Z95: f64 = 1.959_964;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Probability {
    pub paths: u64,
    pub of: u64,
    pub estimate: f64,
    /// Wilson score interval, 95 %.
    pub low: f64,
    pub high: f64,
}

impl Probability {
    fn of(outcomes: &[PathOutcome], hit: impl Fn(&PathOutcome) -> bool) -> Self {
        let paths = outcomes.iter().filter(|o| hit(o)).count() as u64;
        let of = outcomes.len() as u64;
        let (low, high) = wilson_interval(paths, of, Z95);
        Probability {
            paths,
            of,
            estimate: if of == 0 {
                0.0
            } else {
                paths as f64 / of as f64
            },
            low,
            high,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerLoss {
    pub layer: &'static str,
    pub mean: f64,
    pub p95: f64,
    pub max: f64,
    /// Of all losses over all paths.
    pub share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
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
    /// Capital over the minimum capital requirement at every period end of
    /// every path with cover in force.
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
fn totals(paths: &[PathOutcome], n: u128) -> Totals {
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

fn layer(layer: &'static str, values: &[f64], all: f64) -> LayerLoss {
    let p = percentiles(values, &[0.95]);
    LayerLoss {
        layer,
        mean: mean(values),
        p95: p[0],
        max: values.iter().copied().fold(0.0, f64::max),
        share: if all > 0.0 {
            values.iter().sum::<f64>() / all
        } else {
            0.0
        },
    }
}

impl Summary {
    pub fn of(run: &StressRun) -> Self {
        let paths = &run.paths;
        let cfg = &run.config;
        let ratios: Vec<f64> = paths
            .iter()
            .flat_map(|p| p.points.iter().map(|x| x.capital_ratio()))
            .filter(|r| r.is_finite())
            .collect();
        let worst: Vec<f64> = paths
            .iter()
            .map(|p| {
                p.points
                    .iter()
                    .map(|x| x.capital_ratio())
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        let per_path = |f: fn(&Totals) -> u128| -> Vec<f64> {
            paths.iter().map(|p| f(&p.totals) as f64).collect()
        };
        // Net of what the reinsurer's recoveries gave back to each layer, so
        // that the layers and the reinsurer add up to the claims paid.
        let junior = per_path(|t| t.junior_loss.saturating_sub(t.junior_recovered));
        let senior = per_path(|t| t.senior_loss.saturating_sub(t.senior_recovered));
        let stakers = per_path(|t| t.staker_loss.saturating_sub(t.staker_recovered));
        let reinsurer = per_path(|t| t.reinsurer_paid);
        let unpaid = per_path(|t| t.unpaid);
        let all: f64 = [&junior, &senior, &stakers, &reinsurer, &unpaid]
            .iter()
            .flat_map(|v| v.iter())
            .sum();
        let premiums: f64 = per_path(|t| t.premiums).iter().sum();
        let paid: f64 = per_path(|t| t.claims_paid + t.incident_paid).iter().sum();
        let reinsurer_result = mean(
            &paths
                .iter()
                .map(|p| p.totals.reinsurer_premium as f64 - p.totals.reinsurer_paid as f64)
                .collect::<Vec<_>>(),
        );
        let mut by_decile = [(0u64, 0u64); DECILES];
        for p in paths {
            for (i, t) in p.transactions.iter().enumerate() {
                let d = i * DECILES / p.transactions.len();
                by_decile[d].0 += u64::from(*t);
                by_decile[d].1 += 1;
            }
        }
        let mean_totals = totals(paths, paths.len().max(1) as u128);
        Summary {
            seed: run.seed,
            paths: cfg.paths,
            periods: cfg.periods,
            period_days: cfg.period_days,
            years_per_path: cfg.years(),
            ruin: Probability::of(paths, |p| p.ruined_at.is_some()),
            below_minimum: Probability::of(paths, |p| p.below_minimum_at.is_some()),
            junior_wiped: Probability::of(paths, |p| p.junior_wiped_at.is_some()),
            breaker_tripped: Probability::of(paths, |p| p.totals.breaker_trips > 0),
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
            loss_ratio: if premiums > 0.0 { paid / premiums } else { 0.0 },
            reinsurer_result,
            transactions_per_period_by_decile: by_decile
                .iter()
                .map(|(t, n)| {
                    if *n == 0 {
                        f64::NAN
                    } else {
                        *t as f64 / *n as f64
                    }
                })
                .collect(),
        }
    }
}
