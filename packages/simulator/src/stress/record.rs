//! What a run keeps of each path: a compact record from which every figure
//! of the report is computed. A single run and the merge of shards build
//! the report from the same records, so they agree exactly.

use serde::{Deserialize, Serialize};

use super::config::StressConfig;
use super::engine::{PathOutcome, Totals};

/// Most points of a path's capital series kept for the chart and the
/// capital ratio distribution (a stride of periods beyond that).
pub const MAX_SERIES_POINTS: usize = 130;
/// Tenths of a path, for the cost per period.
pub const DECILES: usize = 10;

/// One full year of a path (years are `periods_per_year` periods).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRecord {
    /// What the year's claims took from capital: payouts net of the
    /// recoveries booked with them, recoveries written off, and claims due
    /// that the pool could not pay.
    pub loss: u128,
    /// Capital at the year's start.
    pub capital_start: u128,
    /// Active cover averaged over the year's period ends.
    pub mean_cover: u128,
    /// A claim due could not be paid in full during the year.
    pub ruined: bool,
}

/// A path as the report uses it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathRecord {
    pub path: u32,
    pub seed: u64,
    pub ruined_at: Option<u32>,
    pub below_minimum_at: Option<u32>,
    pub junior_wiped_at: Option<u32>,
    pub final_capital: u128,
    /// `[capital, minimum capital]` at the period end with the lowest
    /// capital ratio (`None`: never any cover in force). Integers, so that a
    /// shard file gives back exactly what was written.
    pub worst: Option<[u128; 2]>,
    pub totals: Totals,
    pub years: Vec<YearRecord>,
    /// `[capital, minimum capital]` at the period ends of [`series_periods`].
    pub series: Vec<[u128; 2]>,
    /// Transactions in each tenth of the path's periods.
    pub transactions_by_decile: [u64; DECILES],
}

/// Period indices whose ends the series keeps: every `stride`-th period
/// (and the last), at most about [`MAX_SERIES_POINTS`].
pub fn series_periods(periods: u32) -> Vec<u32> {
    let stride = (periods as usize).div_ceil(MAX_SERIES_POINTS).max(1) as u32;
    (0..periods)
        .filter(|i| (i + 1) % stride == 0 || *i + 1 == periods)
        .collect()
}

/// Periods in a path's year.
pub fn periods_per_year(config: &StressConfig) -> u32 {
    (365 / config.period_days).max(1) as u32
}

/// The decile a period falls in.
pub fn decile(period: usize, periods: usize) -> usize {
    period * DECILES / periods.max(1)
}

impl PathRecord {
    pub fn of(outcome: &PathOutcome, config: &StressConfig) -> Self {
        let per_year = periods_per_year(config) as usize;
        let years = outcome.points.len() / per_year;
        let mut capital_before = outcome.initial_capital;
        let mut year_records = Vec::with_capacity(years);
        for y in 0..years {
            let span = y * per_year..(y + 1) * per_year;
            let points = &outcome.points[span.clone()];
            let loss = outcome.period_losses[span.clone()].iter().sum();
            let cover: u128 = points.iter().map(|p| p.active_cover as u128).sum();
            let ruined = outcome
                .ruined_periods
                .iter()
                .any(|&r| span.contains(&(r as usize)));
            year_records.push(YearRecord {
                loss,
                capital_start: capital_before,
                mean_cover: cover / per_year as u128,
                ruined,
            });
            capital_before = points.last().map(|p| p.capital as u128).unwrap_or(0);
        }
        let mut transactions_by_decile = [0u64; DECILES];
        for (i, t) in outcome.transactions.iter().enumerate() {
            transactions_by_decile[decile(i, outcome.transactions.len())] += u64::from(*t);
        }
        let worst = outcome
            .points
            .iter()
            .filter(|x| x.minimum_capital > 0.0)
            .min_by(|a, b| a.capital_ratio().total_cmp(&b.capital_ratio()))
            .map(|x| [x.capital as u128, x.minimum_capital as u128]);
        PathRecord {
            path: outcome.path,
            seed: outcome.seed,
            ruined_at: outcome.ruined_at,
            below_minimum_at: outcome.below_minimum_at,
            junior_wiped_at: outcome.junior_wiped_at,
            final_capital: outcome
                .points
                .last()
                .map(|p| p.capital as u128)
                .unwrap_or(0),
            worst,
            totals: outcome.totals.clone(),
            years: year_records,
            series: series_periods(outcome.points.len() as u32)
                .into_iter()
                .map(|i| {
                    let p = &outcome.points[i as usize];
                    [p.capital as u128, p.minimum_capital as u128]
                })
                .collect(),
            transactions_by_decile,
        }
    }

    /// The lowest capital ratio at a period end (`None`: never any cover).
    pub fn worst_capital_ratio(&self) -> Option<f64> {
        self.worst.map(|[c, m]| c as f64 / m as f64)
    }

    /// Capital over minimum capital at the kept period ends (infinite with
    /// no cover in force).
    pub fn capital_ratios(&self) -> impl Iterator<Item = f64> + '_ {
        self.series.iter().map(|[c, m]| {
            if *m > 0 {
                *c as f64 / *m as f64
            } else {
                f64::INFINITY
            }
        })
    }
}
