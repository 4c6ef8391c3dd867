//! One stress path: freshly deployed contracts on two chains (the testing
//! kit's `ReinsuranceWorld`), driven period by period with cw-multi-test
//! messages exactly as users, keepers, governance and the relayer would send
//! them. Every figure the report shows is read back from the contracts.
//!
//! The driver keeps only what is alive (covers in force, claims in the court,
//! unbondings, losses awaiting recovery), so a period costs the same at the
//! end of a long run as at the start.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use cosmwasm_std::{coins, from_json, Addr, Decimal, Timestamp, Uint128};
use cw_multi_test::App;
use insurance_common::claims_court::{ClaimStatus, DEFAULT_WAITING_PERIOD};
use insurance_common::reinsurance_bridge::{
    self as bridge, CessionResponse, CessionStatus, InFlightItem, InFlightResponse, InFlightStatus,
    LossId, LossResponse, LossStatus, TreatyKind, TreatyTerms,
};
use insurance_common::risk_pool::{
    self as risk_pool_msg, BuyCoverResponse, ClaimMethod, GovernanceMsg, PoolParams, ProductInfo,
    DAY,
};
use insurance_common::tranche_vault::Tranche;
use insurance_testing::court::attribute;
use insurance_testing::reinsurance::{ReinsuranceBuilder, ReinsuranceWorld, TREATY_ID};
use insurance_testing::{FastApi, FastChain, SuiteBuilder, WorldChain, DENOM};
use serde::{Deserialize, Serialize};

use super::config::{ProductKind, StressConfig};
use super::stats::{
    bernoulli, pareto, per_period_probability, poisson, uniform, OneFactor, PathRng,
};

mod capital;
mod market;
mod outcomes;
mod refusals;
mod reinsurance;
mod setup;

use capital::{Exit, Return};
use market::{Cover, PendingClaim};
pub use outcomes::{PathOutcome, PeriodPoint, Totals};
use refusals::*;
pub use setup::{chain, chain_api};

/// Bytes of the accounts the paths make (users, keepers, governance).
const ACCOUNT_LEN: usize = 20;
/// Bytes of the contracts' addresses.
const CONTRACT_LEN: usize = 20;

/// Weekly buckets the pool processes in one call (`risk_pool::state`).
const MAX_BUCKETS_PER_CALL: u64 = risk_pool::state::MAX_BUCKETS_PER_CALL;
/// Buyers rotate over this many funded accounts.
const BUYERS: usize = 16;
/// Enough for any premium and claim deposit a path can need.
const BUYER_FUNDS: u128 = 1_000_000_000_000_000;
const ASSESSORS: [&str; 3] = ["assessor1", "assessor2", "assessor3"];
const ASSESSOR_BOND: u128 = 1_000_000;
/// Parametric triggers fire below this oracle price; an incident prints this one.
const TRIGGER_THRESHOLD: u64 = 95;
const DEPEG_PRICE: u64 = 90;
/// The oracle asset behind product index `product` (product id `product + 1`).
fn asset(product: usize) -> String {
    format!("ASSET{}", product + 1)
}
/// A withdrawal the pool holds back is tried again this long after.
const HELD_RETRY: u64 = 28 * DAY;
/// Claims are settled this long before the period ends.
const SETTLE_BEFORE_END: u64 = 3_600;
/// In-flight items fetched per page when the keeper retries returned transfers.
const IN_FLIGHT_PAGE: u32 = 30;

/// One path, on a chain of kind `C` (the kit's [`FastChain`] unless a test
/// compares it with cw-multi-test's).
pub struct PathSim<'a, C: WorldChain = FastChain> {
    cfg: &'a StressConfig,
    rng: PathRng,
    copula: OneFactor,
    w: ReinsuranceWorld<C>,
    oracle: Addr,
    keeper: Addr,
    stakers: Vec<Addr>,
    junior_holder: Addr,
    senior_holder: Addr,
    buyers: Vec<Addr>,
    next_buyer: usize,
    start: Timestamp,
    period_len: u64,
    incident_probability: Vec<f64>,
    run_probability: f64,
    outage_probability: f64,
    covers: VecDeque<Cover>,
    claims: Vec<PendingClaim>,
    exits: Vec<Exit>,
    returns: Vec<Return>,
    losses: Vec<LossId>,
    depegged: Vec<usize>,
    outage_until: Option<u32>,
    breaker_since: Option<u32>,
    treaty_end: Timestamp,
    period_transactions: u32,
    paid_this_period: u128,
    /// Pool capital at the last period end (nothing moves it between a
    /// period's end and the next one's start but time, which does not).
    capital: u128,
    /// This period's loss to capital, and the part of it counted before
    /// (a refused claim paid later).
    period_loss: u128,
    period_credit: u128,
    /// A payout or a write-off moved capital this period.
    loss_this_period: bool,
    /// A packet moved, a loss was booked or relaying resumed since the
    /// tracked losses were last read: their statuses may have changed.
    losses_changed: bool,
    assessors: Vec<Addr>,
    sections: Sections,
    out: PathOutcome,
}

/// Rounds a share of an amount down (the protocol never owes rounding).
fn take(amount: u128, share: f64) -> u128 {
    (amount as f64 * share).floor() as u128
}

fn ratio(v: f64) -> Decimal {
    Decimal::from_ratio((v * 1e6).round() as u128, 1_000_000u128)
}

fn in_range(rng: &mut PathRng, [lo, hi]: [u128; 2]) -> u128 {
    uniform(rng, lo, hi)
}

impl<C: WorldChain> PathSim<'_, C> {
    /// Runs every period, calling `tick` after each; returns the outcome
    /// and where the time went.
    pub fn run(mut self, tick: impl FnMut()) -> Result<(PathOutcome, Sections)> {
        self.run_periods(tick)?;
        let started = Instant::now();
        let mut sections = self.sections;
        let out = self.finish()?;
        sections.add(Section::Finish, started.elapsed());
        Ok((out, sections))
    }

    /// Runs every period, calling `tick` after each (then [`PathSim::finish`]
    /// closes the books).
    pub fn run_periods(&mut self, mut tick: impl FnMut()) -> Result<()> {
        for period in 0..self.cfg.periods {
            self.step(period)
                .with_context(|| format!("path {}, period {period}", self.out.path))?;
            tick();
        }
        Ok(())
    }

    /// The two chains the path runs on.
    pub fn world(&self) -> &ReinsuranceWorld<C> {
        &self.w
    }

    /// Runs `f`, adding its time to `section`.
    fn timed<T>(&mut self, section: Section, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let started = Instant::now();
        let r = f(self);
        self.sections.add(section, started.elapsed());
        r
    }

    pub(super) fn now(&self) -> Timestamp {
        self.w.cedent.now()
    }

    pub(super) fn advance_to(&mut self, t: Timestamp) {
        let now = self.now();
        if t > now {
            self.w.advance_time(t.seconds() - now.seconds());
        }
    }

    /// Counts one transaction and passes its result on.
    pub(super) fn tx<T>(&mut self, r: Result<T>) -> Result<T> {
        self.period_transactions += 1;
        r
    }

    pub(super) fn relaying(&self) -> bool {
        self.outage_until.is_none()
    }

    pub(super) fn step(&mut self, period: u32) -> Result<()> {
        use Section as S;
        self.period_transactions = 0;
        self.paid_this_period = 0;
        let period_start = self.start.plus_seconds(u64::from(period) * self.period_len);
        self.timed(S::Blocks, |s| {
            s.advance_to(period_start);
            Ok(())
        })?;
        let capital_at_start = self.capital;

        self.timed(S::Governance, |s| s.governance(period))?;
        self.timed(S::Books, |s| s.keep_books(period))?;
        self.timed(S::Relaying, |s| s.relayer(period))?;
        self.timed(S::Triggers, |s| s.restore_prices())?;
        self.timed(S::Exits, |s| {
            s.exits_due(period)?;
            s.returns_due(period)
        })?;
        if self.cfg.capital.reinvest_every > 0
            && period > 0
            && period.checked_rem(self.cfg.capital.reinvest_every) == Some(0)
        {
            self.timed(S::Reinvest, |s| s.reinvest())?;
        }
        self.timed(S::Sales, |s| s.sell_covers())?;
        self.timed(S::Relaying, |s| s.relay())?;
        self.timed(S::Incidents, |s| s.incidents(period))?;

        let settle_at = period_start.plus_seconds(self.period_len - SETTLE_BEFORE_END);
        self.timed(S::Blocks, |s| {
            s.advance_to(settle_at);
            Ok(())
        })?;
        self.timed(S::Claims, |s| s.settle_claims(period))?;
        self.timed(S::Relaying, |s| s.relay())?;

        let panic = bernoulli(&mut self.rng, self.run_probability);
        let loss_run = capital_at_start > 0
            && self.paid_this_period as f64
                > self.cfg.bank_run.trigger_loss * capital_at_start as f64;
        if (loss_run || panic) && self.exits.is_empty() {
            self.timed(S::Exits, |s| s.bank_run())?;
        }
        self.timed(S::Readings, |s| s.end_period(period))
    }
}

/// What a path's time is spent on (wall clock of this machine: not part of
/// the result).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Deploying and funding the contracts.
    Setup,
    /// Advancing both chains' blocks.
    Blocks,
    /// Resuming cover, renewing the treaty.
    Governance,
    /// The keeper's syncs of the pool's weekly buckets.
    Books,
    /// Relaying packets, following recoveries, retries after outages.
    Relaying,
    /// Re-arming triggers after a depeg.
    Triggers,
    /// Withdrawals, capital coming back, bank runs.
    Exits,
    /// Premium claimed and restaked, the vault's harvest.
    Reinvest,
    /// Quotes and purchases.
    Sales,
    /// Exploits filed and voted, depegs claimed.
    Incidents,
    /// Claims executed.
    Claims,
    /// Reading the period's figures back from the contracts.
    Readings,
    /// The last relaying and the books' check.
    Finish,
}

impl Section {
    pub const ALL: [Section; 13] = [
        Section::Setup,
        Section::Blocks,
        Section::Governance,
        Section::Books,
        Section::Relaying,
        Section::Triggers,
        Section::Exits,
        Section::Reinvest,
        Section::Sales,
        Section::Incidents,
        Section::Claims,
        Section::Readings,
        Section::Finish,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::Setup => "setup (deploy, fund)",
            Section::Blocks => "block advance",
            Section::Governance => "governance",
            Section::Books => "keeper syncs",
            Section::Relaying => "relaying, recoveries",
            Section::Triggers => "trigger re-arms",
            Section::Exits => "exits, returns, runs",
            Section::Reinvest => "restake, harvest",
            Section::Sales => "quotes, purchases",
            Section::Incidents => "exploits, depegs",
            Section::Claims => "claim execution",
            Section::Readings => "period-end readings",
            Section::Finish => "closing relay, books",
        }
    }
}

/// Seconds spent in each [`Section`], in the order of [`Section::ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sections(pub [f64; 13]);

impl Sections {
    pub fn add(&mut self, section: Section, spent: Duration) {
        self.0[section as usize] += spent.as_secs_f64();
    }

    pub fn merge(&mut self, other: &Sections) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    pub fn total(&self) -> f64 {
        self.0.iter().sum()
    }
}
