//! What a stress run simulates: a JSON file (every field optional, the
//! defaults below fill the rest), validated before anything runs so that a bad
//! figure is reported by its path, never half-way through a run.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Most paths and periods one run accepts: a million paths split into
/// shards is a useful run, and a typo (extra zeros) beyond ten million is
/// caught before hours of work.
pub const MAX_PATHS: u32 = 10_000_000;
pub const MAX_PERIODS: u32 = 100_000;
/// The pool sells cover for 28 to 365 days (its default parameters).
pub const MIN_COVER_DAYS: u64 = 28;
pub const MAX_COVER_DAYS: u64 = 365;
pub const MAX_PRODUCTS: usize = 8;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StressConfig {
    /// Independent histories (Monte Carlo paths), each on freshly deployed contracts.
    pub paths: u32,
    /// Periods simulated on each path.
    pub periods: u32,
    /// Length of a period in days.
    pub period_days: u64,
    pub capital: CapitalConfig,
    /// One-factor Gaussian copula correlation between the products' incidents
    /// in a period (0: independent).
    pub correlation: f64,
    pub products: Vec<ProductConfig>,
    pub bank_run: BankRunConfig,
    pub reinsurance: ReinsuranceConfig,
    /// The pool's governance parameters under test.
    pub pool: PoolConfig,
    /// Periods governance takes to review a tripped circuit breaker and resume cover.
    pub breaker_review_periods: u32,
}

/// The risk pool's capital parameters (the others keep the pool's defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PoolConfig {
    /// Active cover may reach capital times this multiple.
    pub capacity_multiple: f64,
    /// Withdrawals may not take capital below this ratio of active cover.
    pub min_capital_ratio: f64,
    /// Payouts of one event (or one rolling week) above this share of
    /// capital trip the circuit breaker.
    pub circuit_breaker_threshold: f64,
}

impl Default for PoolConfig {
    fn default() -> Self {
        let p = insurance_common::risk_pool::PoolParams::default();
        let f = |d: cosmwasm_std::Decimal| d.to_string().parse::<f64>().expect("a decimal");
        PoolConfig {
            capacity_multiple: f(p.capacity_multiple),
            min_capital_ratio: f(p.min_capital_ratio),
            circuit_breaker_threshold: f(p.circuit_breaker_threshold),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CapitalConfig {
    /// Direct stakers, each depositing `stake` at the start.
    pub stakers: u32,
    pub stake: u128,
    /// Deposits in the tranche vault at the start.
    pub junior: u128,
    pub senior: u128,
    /// Every this many periods stakers claim their premium and stake it again,
    /// and a keeper harvests the vault (0: never).
    pub reinvest_every: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    /// Exploit cover: each holder files a claim, assessors vote.
    Discretionary,
    /// Depeg cover: an oracle trigger pays a fixed ratio without a vote.
    Parametric,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductConfig {
    pub name: String,
    pub kind: ProductKind,
    /// Annual premium rate at low utilisation.
    pub base_annual_rate: f64,
    /// Share of the pool's capacity the product may use.
    pub capacity_weight: f64,
    /// Expected incidents per year.
    pub annual_frequency: f64,
    /// Discretionary: the share of each cover an exploit takes is Pareto
    /// distributed (heavy tailed), capped at the whole cover.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Parametric: the trigger's payout ratio.
    #[serde(default)]
    pub payout_ratio: Option<f64>,
    /// Under the reinsurance treaty (its premium is ceded, its losses recovered).
    #[serde(default)]
    pub ceded: bool,
    pub demand: Demand,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Severity {
    /// Smallest share of a cover an exploit takes.
    pub minimum: f64,
    /// Pareto tail index: the lower, the heavier the tail.
    pub alpha: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// Expected covers bought per period (Poisson).
    pub covers_per_period: f64,
    /// Cover amount, uniform in the range.
    pub amount: [u128; 2],
    /// Cover duration in days, uniform in the range.
    pub days: [u64; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BankRunConfig {
    /// Claims paid in one period above this share of capital start a run.
    pub trigger_loss: f64,
    /// Expected runs per year with no loss behind them (a panic elsewhere).
    pub annual_frequency: f64,
    /// Share of their shares each direct staker unbonds in a run.
    pub staker_share: f64,
    /// Share of their tokens junior and senior holders redeem in a run.
    pub junior_share: f64,
    pub senior_share: f64,
    /// Periods after a withdrawal before the capital comes back (0: never).
    pub return_after_periods: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReinsuranceConfig {
    /// Quota share of ceded products' premiums and losses.
    pub quota_share: f64,
    /// Capital the reinsurer holds on the partner chain at the start.
    pub capital: u128,
    /// Exposure the reinsurer accepts per treaty year (the treaty renews yearly).
    pub annual_capacity: u128,
    /// Expected relaying outages per year.
    pub outage_frequency: f64,
    /// Length of an outage in periods, uniform in the range.
    pub outage_periods: [u32; 2],
}

impl Default for StressConfig {
    fn default() -> Self {
        StressConfig {
            paths: 100,
            periods: 520,
            period_days: 7,
            capital: CapitalConfig::default(),
            // When one covered protocol fails in a week, another fails the
            // same week about one time in fifteen (see the README).
            correlation: 0.5,
            products: default_products(),
            bank_run: BankRunConfig::default(),
            reinsurance: ReinsuranceConfig::default(),
            pool: PoolConfig::default(),
            breaker_review_periods: 2,
        }
    }
}

impl Default for CapitalConfig {
    fn default() -> Self {
        CapitalConfig {
            stakers: 8,
            stake: 125_000_000_000,
            junior: 200_000_000_000,
            senior: 600_000_000_000,
            // Quarterly, as stakers compound in practice.
            reinvest_every: 13,
        }
    }
}

impl Default for BankRunConfig {
    fn default() -> Self {
        BankRunConfig {
            trigger_loss: 0.05,
            annual_frequency: 0.15,
            staker_share: 0.5,
            junior_share: 0.3,
            senior_share: 0.5,
            return_after_periods: 26,
        }
    }
}

impl Default for ReinsuranceConfig {
    fn default() -> Self {
        ReinsuranceConfig {
            quota_share: 0.3,
            capital: 300_000_000_000,
            annual_capacity: 1_500_000_000_000,
            outage_frequency: 0.5,
            outage_periods: [1, 3],
        }
    }
}

/// The baseline, calibrated on public exploit and depeg statistics (the
/// simulator's README gives the sources and what they cannot tell): two
/// exploit covers (one ceded) whose exploits take a heavy-tailed share of
/// the cover, and two depeg covers paying half the cover below 0.95.
pub fn default_products() -> Vec<ProductConfig> {
    let exploit = |name: &str, rate: f64, frequency: f64, ceded: bool| ProductConfig {
        name: name.to_string(),
        kind: ProductKind::Discretionary,
        base_annual_rate: rate,
        capacity_weight: 0.6,
        annual_frequency: frequency,
        // Mean share lost 36 %, median 22 %, a total loss one time in eight.
        severity: Some(Severity {
            minimum: 0.1,
            alpha: 0.9,
        }),
        payout_ratio: None,
        ceded,
        demand: Demand {
            covers_per_period: 1.0,
            amount: [20_000_000_000, 100_000_000_000],
            days: [28, 180],
        },
    };
    let depeg = |name: &str, rate: f64, frequency: f64, ratio: f64| ProductConfig {
        name: name.to_string(),
        kind: ProductKind::Parametric,
        base_annual_rate: rate,
        capacity_weight: 0.3,
        annual_frequency: frequency,
        severity: None,
        payout_ratio: Some(ratio),
        ceded: false,
        demand: Demand {
            covers_per_period: 1.0,
            amount: [10_000_000_000, 60_000_000_000],
            days: [28, 90],
        },
    };
    vec![
        exploit("DEX exploit", 0.04, 0.06, true),
        exploit("Lending exploit", 0.05, 0.08, false),
        depeg("USDC depeg", 0.02, 0.1, 0.5),
        depeg("USDT depeg", 0.03, 0.1, 0.5),
    ]
}

/// A config that cannot run, with the path of the offending field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn bad<T>(field: impl fmt::Display, why: impl fmt::Display) -> Result<T, ConfigError> {
    Err(ConfigError(format!("{field}: {why}")))
}

fn share(field: &str, v: f64) -> Result<(), ConfigError> {
    if !(0.0..=1.0).contains(&v) {
        return bad(field, format!("must be between 0 and 1 (got {v})"));
    }
    Ok(())
}

fn positive_share(field: &str, v: f64) -> Result<(), ConfigError> {
    if !(v > 0.0 && v <= 1.0) {
        return bad(field, format!("must be above 0 and at most 1 (got {v})"));
    }
    Ok(())
}

fn frequency(field: &str, v: f64) -> Result<(), ConfigError> {
    if !(0.0..=52.0).contains(&v) {
        return bad(field, format!("must be between 0 and 52 a year (got {v})"));
    }
    Ok(())
}

impl StressConfig {
    /// Reads a config file; missing fields take the defaults.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
        Self::from_json(&text).map_err(|e| ConfigError(format!("{}: {e}", path.display())))
    }

    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let config: StressConfig =
            serde_json::from_str(text).map_err(|e| ConfigError(format!("invalid config: {e}")))?;
        config.validate()?;
        Ok(config)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a config serialises")
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.paths == 0 || self.paths > MAX_PATHS {
            return bad(
                "paths",
                format!("must be 1 to {MAX_PATHS} (got {})", self.paths),
            );
        }
        if self.periods == 0 || self.periods > MAX_PERIODS {
            return bad(
                "periods",
                format!("must be 1 to {MAX_PERIODS} (got {})", self.periods),
            );
        }
        if !(1..=MIN_COVER_DAYS).contains(&self.period_days) {
            return bad(
                "period_days",
                format!(
                    "must be 1 to {MIN_COVER_DAYS}, so that a cover lasts at least one period (got {})",
                    self.period_days
                ),
            );
        }
        let c = &self.capital;
        if c.stakers == 0 || c.stakers > 100 {
            return bad(
                "capital.stakers",
                format!("must be 1 to 100 (got {})", c.stakers),
            );
        }
        if c.stake < 1_000_000 {
            return bad(
                "capital.stake",
                format!("must be at least 1000000 (got {})", c.stake),
            );
        }
        if c.junior == 0 && c.senior > 0 {
            return bad(
                "capital.junior",
                "must be above 0 when there is a senior tranche (junior absorbs losses first)",
            );
        }
        if !(0.0..1.0).contains(&self.correlation) {
            return bad(
                "correlation",
                format!("must be at least 0 and below 1 (got {})", self.correlation),
            );
        }
        if self.products.is_empty() || self.products.len() > MAX_PRODUCTS {
            return bad(
                "products",
                format!(
                    "must list 1 to {MAX_PRODUCTS} products (got {})",
                    self.products.len()
                ),
            );
        }
        for (i, p) in self.products.iter().enumerate() {
            p.validate(&format!("products[{i}]"))?;
            if self.products[..i].iter().any(|q| q.name == p.name) {
                return bad(
                    format!("products[{i}].name"),
                    format!("`{}` is listed twice", p.name),
                );
            }
        }
        let b = &self.bank_run;
        if !(b.trigger_loss > 0.0 && b.trigger_loss <= 1.0) {
            return bad(
                "bank_run.trigger_loss",
                format!("must be above 0 and at most 1 (got {})", b.trigger_loss),
            );
        }
        frequency("bank_run.annual_frequency", b.annual_frequency)?;
        share("bank_run.staker_share", b.staker_share)?;
        share("bank_run.junior_share", b.junior_share)?;
        share("bank_run.senior_share", b.senior_share)?;
        let r = &self.reinsurance;
        // The pool cedes out of the stakers' 75 % of each premium.
        if !(r.quota_share > 0.0 && r.quota_share <= 0.75) {
            return bad(
                "reinsurance.quota_share",
                format!(
                    "must be above 0 and at most 0.75, the stakers' share of a premium (got {})",
                    r.quota_share
                ),
            );
        }
        if self.ceded_products().next().is_none() {
            return bad(
                "products",
                "at least one product must be `\"ceded\": true` (the run includes the reinsurance treaty)",
            );
        }
        if r.annual_capacity == 0 {
            return bad("reinsurance.annual_capacity", "must be above 0");
        }
        frequency("reinsurance.outage_frequency", r.outage_frequency)?;
        let p = &self.pool;
        if !(p.capacity_multiple >= 0.1 && p.capacity_multiple <= 20.0) {
            return bad(
                "pool.capacity_multiple",
                format!("must be 0.1 to 20 (got {})", p.capacity_multiple),
            );
        }
        if !(p.min_capital_ratio > 0.0 && p.min_capital_ratio <= 2.0) {
            return bad(
                "pool.min_capital_ratio",
                format!(
                    "must be above 0 and at most 2 (got {})",
                    p.min_capital_ratio
                ),
            );
        }
        positive_share(
            "pool.circuit_breaker_threshold",
            p.circuit_breaker_threshold,
        )?;
        let [lo, hi] = r.outage_periods;
        if lo == 0 || lo > hi {
            return bad(
                "reinsurance.outage_periods",
                format!("must be [min, max] with 1 <= min <= max (got [{lo}, {hi}])"),
            );
        }
        Ok(())
    }

    /// Years one path covers.
    pub fn years(&self) -> f64 {
        f64::from(self.periods) * self.period_days as f64 / 365.0
    }

    pub fn ceded_products(&self) -> impl Iterator<Item = (usize, &ProductConfig)> {
        self.products.iter().enumerate().filter(|(_, p)| p.ceded)
    }
}

impl ProductConfig {
    fn validate(&self, at: &str) -> Result<(), ConfigError> {
        if self.name.trim().is_empty() {
            return bad(format!("{at}.name"), "must not be empty");
        }
        positive_share(&format!("{at}.base_annual_rate"), self.base_annual_rate)?;
        positive_share(&format!("{at}.capacity_weight"), self.capacity_weight)?;
        frequency(&format!("{at}.annual_frequency"), self.annual_frequency)?;
        match self.kind {
            ProductKind::Discretionary => {
                let Some(s) = &self.severity else {
                    return bad(
                        format!("{at}.severity"),
                        "a discretionary product needs {\"minimum\", \"alpha\"}",
                    );
                };
                positive_share(&format!("{at}.severity.minimum"), s.minimum)?;
                if !(s.alpha > 0.0 && s.alpha <= 10.0) {
                    return bad(
                        format!("{at}.severity.alpha"),
                        format!("must be above 0 and at most 10 (got {})", s.alpha),
                    );
                }
                if self.payout_ratio.is_some() {
                    return bad(
                        format!("{at}.payout_ratio"),
                        "only parametric products have a payout ratio",
                    );
                }
            }
            ProductKind::Parametric => {
                let Some(ratio) = self.payout_ratio else {
                    return bad(
                        format!("{at}.payout_ratio"),
                        "a parametric product needs its trigger's payout ratio",
                    );
                };
                positive_share(&format!("{at}.payout_ratio"), ratio)?;
                if self.severity.is_some() {
                    return bad(
                        format!("{at}.severity"),
                        "a parametric product pays its payout ratio: no severity",
                    );
                }
            }
        }
        let d = &self.demand;
        if !(0.0..=20.0).contains(&d.covers_per_period) {
            return bad(
                format!("{at}.demand.covers_per_period"),
                format!("must be between 0 and 20 (got {})", d.covers_per_period),
            );
        }
        let [lo, hi] = d.amount;
        if lo < 1_000_000 || lo > hi {
            return bad(
                format!("{at}.demand.amount"),
                format!("must be [min, max] with 1000000 <= min <= max (got [{lo}, {hi}])"),
            );
        }
        let [lo, hi] = d.days;
        if lo < MIN_COVER_DAYS || hi > MAX_COVER_DAYS || lo > hi {
            return bad(
                format!("{at}.demand.days"),
                format!(
                    "must be [min, max] within {MIN_COVER_DAYS}..={MAX_COVER_DAYS} days (got [{lo}, {hi}])"
                ),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> String {
        StressConfig::from_json(json).unwrap_err().0
    }

    #[test]
    fn the_defaults_are_valid_and_round_trip() {
        let c = StressConfig::default();
        // The pool's own defaults: a fully sold pool at its minimum capital.
        assert_eq!(c.pool.capacity_multiple, 2.0);
        assert_eq!(c.pool.min_capital_ratio, 0.5);
        assert_eq!(c.pool.circuit_breaker_threshold, 0.2);
        c.validate().unwrap();
        assert_eq!(StressConfig::from_json(&c.to_json()).unwrap(), c);
        assert_eq!(StressConfig::from_json("{}").unwrap(), c);
    }

    #[test]
    fn missing_fields_take_the_defaults() {
        let c = StressConfig::from_json(r#"{"paths": 3, "capital": {"stakers": 2}}"#).unwrap();
        assert_eq!(c.paths, 3);
        assert_eq!(c.capital.stakers, 2);
        assert_eq!(c.capital.stake, CapitalConfig::default().stake);
        assert_eq!(c.products, default_products());
    }

    #[test]
    fn bad_figures_name_their_field() {
        assert!(err(r#"{"paths": 0}"#).starts_with("paths: must be 1 to"));
        assert!(err(r#"{"periods": 1000000}"#).starts_with("periods:"));
        assert!(err(r#"{"period_days": 30}"#).starts_with("period_days:"));
        assert!(err(r#"{"correlation": 1.0}"#).starts_with("correlation:"));
        assert!(err(r#"{"bank_run": {"staker_share": 1.5}}"#)
            .starts_with("bank_run.staker_share: must be between 0 and 1 (got 1.5)"));
        assert!(err(r#"{"reinsurance": {"outage_periods": [3, 1]}}"#)
            .starts_with("reinsurance.outage_periods:"));
        assert!(err(r#"{"capital": {"junior": 0}}"#).starts_with("capital.junior:"));
        assert!(err(r#"{"products": []}"#).starts_with("products: must list"));
        assert!(
            err(r#"{"reinsurance": {"quota_share": 0.8}}"#).starts_with("reinsurance.quota_share:")
        );
        assert!(err(r#"{"pool": {"capacity_multiple": 0}}"#).starts_with("pool.capacity_multiple:"));
        assert!(
            err(r#"{"pool": {"min_capital_ratio": -1}}"#).starts_with("pool.min_capital_ratio:")
        );
    }

    #[test]
    fn bad_products_name_their_field() {
        let mut c = StressConfig::default();
        c.products[1].severity.as_mut().unwrap().alpha = 0.0;
        assert!(err(&c.to_json()).starts_with("products[1].severity.alpha:"));
        let mut c = StressConfig::default();
        c.products[2].payout_ratio = None;
        assert!(err(&c.to_json()).starts_with("products[2].payout_ratio:"));
        let mut c = StressConfig::default();
        c.products[0].demand.days = [7, 30];
        assert!(err(&c.to_json()).starts_with("products[0].demand.days:"));
        let mut c = StressConfig::default();
        c.products[3].name = c.products[0].name.clone();
        assert!(err(&c.to_json()).starts_with("products[3].name: `DEX exploit` is listed twice"));
    }

    #[test]
    fn a_run_needs_a_ceded_product() {
        let mut c = StressConfig::default();
        for p in &mut c.products {
            p.ceded = false;
        }
        assert!(err(&c.to_json()).starts_with("products: at least one product must be"));
    }

    #[test]
    fn malformed_json_and_unknown_fields_are_reported() {
        assert!(err(r#"{"paths": 3,}"#).starts_with("invalid config:"));
        let e = err(r#"{"pathz": 3}"#);
        assert!(e.contains("unknown field `pathz`"), "{e}");
        let e = err(r#"{"paths": -1}"#);
        assert!(e.contains("invalid value"), "{e}");
    }
}
