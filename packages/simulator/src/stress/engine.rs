//! One stress path: freshly deployed contracts on two chains (the testing
//! kit's `ReinsuranceWorld`), driven period by period with cw-multi-test
//! messages exactly as users, keepers, governance and the relayer would send
//! them. Every figure the report shows is read back from the contracts.
//!
//! The driver keeps only what is alive (covers in force, claims in the court,
//! unbondings, losses awaiting recovery), so a period costs the same at the
//! end of a long run as at the start.

use std::collections::VecDeque;

use anyhow::{bail, Context, Result};
use cosmwasm_std::{coins, Addr, Decimal, Timestamp, Uint128};
use cw_multi_test::App;
use insurance_common::claims_court::{ClaimStatus, DEFAULT_WAITING_PERIOD};
use insurance_common::reinsurance_bridge::{
    self as bridge, CessionResponse, CessionStatus, InFlightItem, InFlightResponse, InFlightStatus,
    LossId, LossResponse, LossStatus, TreatyKind, TreatyTerms,
};
use insurance_common::risk_pool::{
    self as risk_pool_msg, ClaimMethod, GovernanceMsg, ProductInfo, QuoteResponse, DAY,
};
use insurance_common::tranche_vault::Tranche;
use insurance_testing::court::attribute;
use insurance_testing::reinsurance::{ReinsuranceBuilder, ReinsuranceWorld, TREATY_ID};
use insurance_testing::{SuiteBuilder, DENOM};
use serde::Serialize;

use super::config::{ProductKind, StressConfig};
use super::stats::{bernoulli, pareto, per_period_probability, poisson, OneFactor};
use crate::scenario::Rng;

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
/// Claims are settled this long before the period ends.
const SETTLE_BEFORE_END: u64 = 3_600;
/// In-flight items fetched per page when the keeper retries returned transfers.
const IN_FLIGHT_PAGE: u32 = 30;

/// What one period ends with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PeriodPoint {
    /// Capital backing cover (the pool's assets).
    pub capital: f64,
    /// The minimum capital requirement: a ratio of active cover.
    pub minimum_capital: f64,
    pub active_cover: f64,
    pub junior: f64,
    pub senior: f64,
}

impl PeriodPoint {
    /// Capital over the requirement; infinite with no cover in force.
    pub fn capital_ratio(&self) -> f64 {
        if self.minimum_capital > 0.0 {
            self.capital / self.minimum_capital
        } else {
            f64::INFINITY
        }
    }
}

/// Counts and amounts over one path (collateral base units).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub premiums: u128,
    pub ceded_premiums: u128,
    /// Discretionary claims the pool paid.
    pub claims_paid: u128,
    /// Parametric incident claims the pool paid.
    pub incident_paid: u128,
    /// Approved claims and incident claims the pool could not pay (refused
    /// for lack of capital), as still owed at the end of the path.
    pub unpaid: u128,
    /// Loss each layer absorbed when the pool paid (before any recovery).
    pub junior_loss: u128,
    pub senior_loss: u128,
    pub staker_loss: u128,
    /// What each layer got back when recoveries were credited to the pool.
    pub junior_recovered: u128,
    pub senior_recovered: u128,
    pub staker_recovered: u128,
    /// Recoveries credited to the pool.
    pub recoveries: u128,
    /// The reinsurer's ledger: premium received, recoveries it paid.
    pub reinsurer_premium: u128,
    pub reinsurer_paid: u128,
    pub covers_sold: u64,
    pub sales_refused: u64,
    pub exploits: u64,
    pub depegs: u64,
    /// Depeg draws the trigger's cooldown absorbed (same trigger, too soon).
    pub depegs_in_cooldown: u64,
    pub claims_filed: u64,
    pub claims_executed: u64,
    pub payouts_refused: u64,
    pub breaker_trips: u64,
    pub bank_runs: u64,
    pub withdrawals: u64,
    /// Withdrawal attempts held back by the minimum capital or the breaker.
    pub withdrawals_held: u64,
    pub outages: u64,
    pub packets_relayed: u64,
    pub packets_timed_out: u64,
    pub retries: u64,
    /// Transactions sent (users, keepers, governance, relayed packets).
    pub transactions: u64,
    /// Most live items the driver tracked at once (covers, claims,
    /// unbondings, losses): bounded, whatever the number of periods.
    pub peak_tracked: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathOutcome {
    pub path: u32,
    pub seed: u64,
    /// First period in which a claim due could not be paid in full.
    pub ruined_at: Option<u32>,
    /// First period that ended with capital below the minimum requirement.
    pub below_minimum_at: Option<u32>,
    /// First period that ended with the junior tranche worth nothing.
    pub junior_wiped_at: Option<u32>,
    pub totals: Totals,
    pub points: Vec<PeriodPoint>,
    /// Transactions each period took.
    pub transactions: Vec<u32>,
}

struct Cover {
    id: u64,
    product: usize,
    owner: Addr,
    amount: u128,
    paid: u128,
    /// Payouts so far: the pool numbers a cover's losses 1, 2, ...
    payouts: u32,
    start: Timestamp,
    end: Timestamp,
    open_claim: bool,
}

struct PendingClaim {
    claim_id: u64,
    cover_id: u64,
    amount: u128,
    refused: bool,
}

#[derive(Clone)]
enum Holder {
    Staker(Addr),
    Tranche(Addr, Tranche),
}

struct Exit {
    holder: Holder,
    id: u64,
    release_at: Timestamp,
}

struct Return {
    holder: Holder,
    amount: u128,
    at_period: u32,
}

pub struct PathSim<'a> {
    cfg: &'a StressConfig,
    rng: Rng,
    copula: OneFactor,
    w: ReinsuranceWorld,
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
    out: PathOutcome,
}

/// Rounds a share of an amount down (the protocol never owes rounding).
fn take(amount: u128, share: f64) -> u128 {
    (amount as f64 * share).floor() as u128
}

fn ratio(v: f64) -> Decimal {
    Decimal::from_ratio((v * 1e6).round() as u128, 1_000_000u128)
}

fn in_range(rng: &mut Rng, [lo, hi]: [u128; 2]) -> u128 {
    lo + (u128::from(rng.next_u64()) % (hi - lo + 1))
}

/// Refusals of the risk pool the run expects and counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    OverCapacity,
    ProductOverCapacity,
    ProductPaused,
    SaleSuspended,
    CircuitBreaker,
    BelowMinimumCapital,
    InsufficientCapital,
    NoRewards,
    DepositTooSmall,
}

impl Refusal {
    fn of_typed(e: &risk_pool::ContractError) -> Option<Refusal> {
        use risk_pool::ContractError as E;
        Some(match e {
            E::OverCapacity { .. } => Refusal::OverCapacity,
            E::ProductOverCapacity { .. } => Refusal::ProductOverCapacity,
            E::ProductPaused { .. } => Refusal::ProductPaused,
            E::SaleSuspended { .. } => Refusal::SaleSuspended,
            E::CircuitBreakerTripped {} => Refusal::CircuitBreaker,
            E::BelowMinimumCapital { .. } => Refusal::BelowMinimumCapital,
            E::InsufficientCapital { .. } => Refusal::InsufficientCapital,
            E::NoRewards {} => Refusal::NoRewards,
            E::DepositTooSmall { .. } => Refusal::DepositTooSmall,
            _ => return None,
        })
    }

    /// The pool's refusal behind a failed transaction, by its type: the
    /// multi-test app keeps a contract's error in the chain of contexts it
    /// adds, also when the pool refuses a message another contract sent it.
    fn of(e: &anyhow::Error) -> Option<Refusal> {
        typed::<risk_pool::ContractError>(e).and_then(Refusal::of_typed)
    }
}

/// The contract error of type `E` behind a failed transaction, if any.
/// cw-multi-test keeps a contract's error as the root of the `anyhow` error
/// it returns (as a message error, under the contexts it adds on the way
/// out), also when the contract refused a message another contract sent it:
/// `anyhow`'s downcast looks through those layers.
fn typed<E>(e: &anyhow::Error) -> Option<&E>
where
    E: std::fmt::Display + std::fmt::Debug + Send + Sync + 'static,
{
    e.downcast_ref::<E>()
}

impl<'a> PathSim<'a> {
    /// Deploys everything for one path and funds the starting capital.
    pub fn new(cfg: &'a StressConfig, path: u32, seed: u64) -> Result<Self> {
        let genesis = App::default().block_info().time;
        let year = 365 * DAY;
        let ceded: Vec<u32> = cfg.ceded_products().map(|(i, _)| i as u32 + 1).collect();
        let terms = TreatyTerms {
            id: TREATY_ID,
            kind: TreatyKind::QuotaShare {
                share: ratio(cfg.reinsurance.quota_share),
            },
            start: genesis,
            end: genesis.plus_seconds(year),
            capacity: Uint128::new(cfg.reinsurance.annual_capacity),
            cedent_denom: DENOM.to_string(),
            products: ceded,
        };
        let products = cfg
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| ProductInfo {
                id: i as u32 + 1,
                name: p.name.clone(),
                base_annual_rate: ratio(p.base_annual_rate),
                capacity_weight: ratio(p.capacity_weight),
                grace_period: match p.kind {
                    ProductKind::Discretionary => 30 * DAY,
                    ProductKind::Parametric => 14 * DAY,
                },
                claim_method: match p.kind {
                    ProductKind::Discretionary => ClaimMethod::Discretionary,
                    ProductKind::Parametric => ClaimMethod::Parametric,
                },
            })
            .collect();
        let c = &cfg.capital;
        let mut suite = SuiteBuilder::new()
            .with_products(products)
            .with_funds("junior_holder", c.junior)
            .with_funds("senior_holder", c.senior);
        for i in 0..c.stakers {
            suite = suite.with_funds(&format!("staker{i}"), c.stake);
        }
        for i in 0..BUYERS {
            suite = suite.with_funds(&format!("buyer{i}"), BUYER_FUNDS);
        }
        let mut w = ReinsuranceBuilder::new(suite)
            .with_terms(terms)
            .with_capital(cfg.reinsurance.capital)
            .build();
        ensure_relayed(&w.relay_all())?;

        let s = &mut w.cedent;
        s.deploy_tranche_vault();
        let prices: Vec<(String, Decimal)> = (0..cfg.products.len())
            .map(|i| (asset(i), Decimal::one()))
            .collect();
        let prices: Vec<(&str, Decimal)> = prices.iter().map(|(a, p)| (a.as_str(), *p)).collect();
        let oracle = s.deploy_mock_oracle(&prices);
        for (i, p) in cfg.products.iter().enumerate() {
            if let Some(payout_ratio) = p.payout_ratio {
                s.set_price_trigger(
                    i as u32 + 1,
                    &oracle,
                    &asset(i),
                    Decimal::percent(TRIGGER_THRESHOLD),
                    ratio(payout_ratio),
                )
                .context("governance sets a product's trigger")?;
            }
        }
        for name in ASSESSORS {
            let who = s.addr(name);
            s.fund_and_bond(&who, ASSESSOR_BOND)
                .context("an assessor bonds")?;
        }
        let stakers: Vec<Addr> = (0..c.stakers)
            .map(|i| s.addr(&format!("staker{i}")))
            .collect();
        for staker in &stakers {
            s.deposit(staker, c.stake).context("a staker deposits")?;
        }
        let junior_holder = s.addr("junior_holder");
        let senior_holder = s.addr("senior_holder");
        if c.junior > 0 {
            s.deposit_tranche(&junior_holder, Tranche::Junior, c.junior)
                .context("the junior holder deposits")?;
        }
        if c.senior > 0 {
            s.deposit_tranche(&senior_holder, Tranche::Senior, c.senior)
                .context("the senior holder deposits")?;
        }
        let buyers = (0..BUYERS).map(|i| s.addr(&format!("buyer{i}"))).collect();
        let keeper = s.addr("keeper");
        let start = s.now();
        let days = cfg.period_days as f64;
        Ok(PathSim {
            cfg,
            rng: Rng::new(seed),
            copula: OneFactor::new(cfg.correlation),
            oracle,
            keeper,
            stakers,
            junior_holder,
            senior_holder,
            buyers,
            next_buyer: 0,
            start,
            period_len: cfg.period_days * DAY,
            incident_probability: cfg
                .products
                .iter()
                .map(|p| per_period_probability(p.annual_frequency, days))
                .collect(),
            run_probability: per_period_probability(cfg.bank_run.annual_frequency, days),
            outage_probability: per_period_probability(cfg.reinsurance.outage_frequency, days),
            covers: VecDeque::new(),
            claims: vec![],
            exits: vec![],
            returns: vec![],
            losses: vec![],
            depegged: vec![],
            outage_until: None,
            breaker_since: None,
            treaty_end: genesis.plus_seconds(year),
            period_transactions: 0,
            paid_this_period: 0,
            w,
            out: PathOutcome {
                path,
                seed,
                ruined_at: None,
                below_minimum_at: None,
                junior_wiped_at: None,
                totals: Totals::default(),
                points: Vec::with_capacity(cfg.periods as usize),
                transactions: Vec::with_capacity(cfg.periods as usize),
            },
        })
    }

    /// Runs every period, calling `tick` after each.
    pub fn run(mut self, mut tick: impl FnMut()) -> Result<PathOutcome> {
        for period in 0..self.cfg.periods {
            self.step(period)
                .with_context(|| format!("path {}, period {period}", self.out.path))?;
            tick();
        }
        self.finish()
    }

    fn now(&self) -> Timestamp {
        self.w.cedent.now()
    }

    fn advance_to(&mut self, t: Timestamp) {
        let now = self.now();
        if t > now {
            self.w.advance_time(t.seconds() - now.seconds());
        }
    }

    /// Counts one transaction and passes its result on.
    fn tx<T>(&mut self, r: Result<T>) -> Result<T> {
        self.period_transactions += 1;
        r
    }

    fn relaying(&self) -> bool {
        self.outage_until.is_none()
    }

    fn step(&mut self, period: u32) -> Result<()> {
        self.period_transactions = 0;
        self.paid_this_period = 0;
        let period_start = self.start.plus_seconds(u64::from(period) * self.period_len);
        self.advance_to(period_start);
        let capital_at_start = self.w.cedent.pool_state().total_assets.u128();

        self.governance(period)?;
        self.keep_books(period)?;
        self.relayer(period)?;
        self.restore_prices()?;
        self.exits_due(period)?;
        self.returns_due(period)?;
        if self.cfg.capital.reinvest_every > 0
            && period > 0
            && period.checked_rem(self.cfg.capital.reinvest_every) == Some(0)
        {
            self.reinvest()?;
        }
        self.sell_covers()?;
        self.relay()?;
        self.incidents(period)?;

        let settle_at = period_start.plus_seconds(self.period_len - SETTLE_BEFORE_END);
        self.advance_to(settle_at);
        self.settle_claims(period)?;
        self.relay()?;

        let panic = bernoulli(&mut self.rng, self.run_probability);
        let loss_run = capital_at_start > 0
            && self.paid_this_period as f64
                > self.cfg.bank_run.trigger_loss * capital_at_start as f64;
        if (loss_run || panic) && self.exits.is_empty() {
            self.bank_run()?;
        }
        self.end_period(period)
    }

    /// Governance resumes cover after its review and renews the treaty.
    fn governance(&mut self, period: u32) -> Result<()> {
        if let Some(since) = self.breaker_since {
            if period >= since + self.cfg.breaker_review_periods {
                let r = self.w.cedent.sudo_pool(GovernanceMsg::ResumeCover {});
                self.tx(r).context("governance resumes cover")?;
                self.breaker_since = None;
            }
        }
        // Yearly renewal, a period ahead: a new year's capacity on top of the
        // exposure already accepted (exposure counts for the cover's life).
        if self.now().plus_seconds(self.period_len) >= self.treaty_end {
            let accepted = self.w.treaty_b().ledger.exposure;
            let capacity = accepted + Uint128::new(self.cfg.reinsurance.annual_capacity);
            self.treaty_end = self.treaty_end.plus_seconds(365 * DAY);
            for side_a in [true, false] {
                let msg = bridge::GovernanceMsg::AmendTreaty {
                    channel_id: if side_a {
                        self.w.channel_a.clone()
                    } else {
                        self.w.channel_b.clone()
                    },
                    treaty_id: TREATY_ID,
                    capacity: Some(capacity),
                    end: Some(self.treaty_end),
                    transfer_channel: None,
                };
                let r = if side_a {
                    self.w.governance_a(msg)
                } else {
                    self.w.governance_b(msg)
                };
                self.tx(r).context("governance renews the treaty")?;
            }
        }
        Ok(())
    }

    /// A keeper syncs the pool's and each product's weekly buckets twice per
    /// window the pool processes in one call, so that no user action ever
    /// meets `SyncRequired`, even on a pool nobody touches (no capacity left).
    fn keep_books(&mut self, period: u32) -> Result<()> {
        let window_days = MAX_BUCKETS_PER_CALL * 7 / 2;
        let every = (window_days / self.cfg.period_days).max(1);
        if period == 0 || u64::from(period) % every != 0 {
            return Ok(());
        }
        let keeper = self.keeper.clone();
        for product in 1..=self.cfg.products.len() as u32 {
            let r = self.w.cedent.execute_pool(
                &keeper,
                &risk_pool_msg::ExecuteMsg::Sync {
                    product_id: Some(product),
                },
                &[],
            );
            self.tx(r).context("the keeper syncs the books")?;
        }
        Ok(())
    }

    /// Starts and ends relaying outages; when relaying resumes, everything
    /// queued is relayed (late packets time out and roll back) and the keeper
    /// retries what came back.
    fn relayer(&mut self, period: u32) -> Result<()> {
        match self.outage_until {
            Some(until) if period >= until => {
                self.outage_until = None;
                self.relay()?;
                self.retry_after_outage()?;
            }
            Some(_) => {}
            None => {
                if bernoulli(&mut self.rng, self.outage_probability) {
                    let [lo, hi] = self.cfg.reinsurance.outage_periods;
                    let len = self.rng.range(lo.into(), hi.into()) as u32;
                    self.outage_until = Some(period + len);
                    self.out.totals.outages += 1;
                }
            }
        }
        Ok(())
    }

    /// Relays everything pending both ways, unless the relayer is down.
    fn relay(&mut self) -> Result<()> {
        if !self.relaying() {
            return Ok(());
        }
        self.relay_packets()?;
        self.check_losses()
    }

    /// Drops settled losses; a recovery that timed out or waited is requested again.
    fn check_losses(&mut self) -> Result<()> {
        let mut retry = vec![];
        let mut i = 0;
        while i < self.losses.len() {
            // The bridge records a loss only on a cover it ceded: a cover whose
            // cession was refused or timed out has none.
            let query = bridge::QueryMsg::Loss {
                loss: self.losses[i],
            };
            let Ok(loss) = self
                .w
                .cedent
                .app
                .wrap()
                .query_wasm_smart::<LossResponse>(&self.w.bridge_a, &query)
            else {
                self.losses.swap_remove(i);
                continue;
            };
            match loss.status {
                LossStatus::Paid | LossStatus::Rejected { .. } => {
                    self.losses.swap_remove(i);
                    continue;
                }
                LossStatus::TimedOut if self.relaying() => retry.push(loss.loss),
                // Waiting on its cession: requested once the cession is
                // accepted; a cession refused or timed out left the cover
                // without reinsurance.
                LossStatus::Waiting if self.relaying() => {
                    let cession: CessionResponse = self.w.query_a(&bridge::QueryMsg::Cession {
                        cover_id: loss.loss.cover_id,
                    });
                    match cession.status {
                        CessionStatus::Accepted => retry.push(loss.loss),
                        CessionStatus::Pending => {}
                        CessionStatus::Rejected { .. } | CessionStatus::TimedOut => {
                            self.losses.swap_remove(i);
                            continue;
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if retry.is_empty() {
            return Ok(());
        }
        let keeper = self.keeper.clone();
        for loss in retry {
            let r = self
                .w
                .execute_a(&keeper, &bridge::ExecuteMsg::RetryRecovery { loss }, &[]);
            self.tx(r).context("the keeper retries a recovery")?;
            self.out.totals.retries += 1;
        }
        self.relay_once()
    }

    /// Relays everything pending and books what recoveries gave back to
    /// each layer (nothing else moves the pool's capital up within a block).
    fn relay_packets(&mut self) -> Result<()> {
        let before = self.layers_and_receivable();
        let relayed = self.w.relayer().relay_all().context("the relayer relays")?;
        ensure_relayed(&relayed)?;
        let t = &mut self.out.totals;
        t.packets_relayed += relayed.len() as u64;
        t.packets_timed_out += relayed.iter().filter(|r| r.timed_out()).count() as u64;
        self.period_transactions += relayed.len() as u32;
        if !relayed.is_empty() {
            let after = self.layers_and_receivable();
            // A recovery refused is written off: what the layers had recovered
            // with the receivable is lost again.
            let written_off = before.3.saturating_sub(after.3);
            let lost = before.0.saturating_sub(after.0).min(written_off);
            if lost > 0 {
                let share = |drop: u128| drop * lost / before.0.saturating_sub(after.0).max(1);
                let junior = share(before.1.saturating_sub(after.1));
                let senior = share(before.2.saturating_sub(after.2));
                let t = &mut self.out.totals;
                t.junior_recovered = t.junior_recovered.saturating_sub(junior);
                t.senior_recovered = t.senior_recovered.saturating_sub(senior);
                t.staker_recovered = t
                    .staker_recovered
                    .saturating_sub(lost.saturating_sub(junior + senior));
            }
            // Recoveries paid do not move the share price any more: the pool
            // booked them with the payout (see `absorb`).
        }
        Ok(())
    }

    /// Relays without re-checking losses (used after retries, so that a
    /// recovery refused again is not retried in a loop).
    fn relay_once(&mut self) -> Result<()> {
        self.relay_packets()
    }

    /// ICS-20 transfers that came back during an outage are sent again, on
    /// both chains.
    fn retry_after_outage(&mut self) -> Result<()> {
        for side_a in [true, false] {
            let mut start_after = None;
            loop {
                let msg = bridge::QueryMsg::InFlight {
                    start_after,
                    limit: Some(IN_FLIGHT_PAGE),
                };
                let page: InFlightResponse = if side_a {
                    self.w.query_a(&msg)
                } else {
                    self.w.query_b(&msg)
                };
                let returned: Vec<&InFlightItem> = page
                    .items
                    .iter()
                    .filter(|i| i.status == InFlightStatus::Returned)
                    .collect();
                let keeper = self.keeper.clone();
                for item in returned {
                    let retry = bridge::ExecuteMsg::RetryTransfer {
                        transfer_id: item.id,
                    };
                    let r = if side_a {
                        self.w.execute_a(&keeper, &retry, &[])
                    } else {
                        let keeper_b = self.w.reinsurer.api().addr_make("keeper");
                        self.w.execute_b(&keeper_b, &retry, &[])
                    };
                    self.tx(r).context("the keeper retries a transfer")?;
                    self.out.totals.retries += 1;
                }
                if page.items.len() < IN_FLIGHT_PAGE as usize {
                    break;
                }
                start_after = page.items.last().map(|i| i.id);
            }
        }
        self.relay()
    }

    /// The oracle's feed recovers the period after a depeg and the keeper
    /// checks the trigger, which re-arms it. The court keeps it fired while
    /// the breach is younger than its cooldown (with periods shorter than
    /// the cooldown): the keeper checks again each period until it re-arms,
    /// and a depeg meanwhile is the same event.
    fn restore_prices(&mut self) -> Result<()> {
        let oracle = self.oracle.clone();
        let keeper = self.keeper.clone();
        for product in std::mem::take(&mut self.depegged) {
            self.w
                .cedent
                .set_price(&oracle, &asset(product), Decimal::one(), None);
            self.period_transactions += 1;
            let r = self
                .w
                .cedent
                .check_trigger_response(&keeper, product as u32 + 1);
            match self.tx(r) {
                Ok(_) => {}
                Err(e) if is_cooling_down(&e) => self.depegged.push(product),
                Err(e) => return Err(e).context("the keeper re-arms a trigger"),
            }
        }
        Ok(())
    }

    /// Matured unbondings and redemptions are withdrawn, unless the minimum
    /// capital or the breaker holds them (they are tried again next period).
    fn exits_due(&mut self, period: u32) -> Result<()> {
        let now = self.now();
        let mut i = 0;
        while i < self.exits.len() {
            if self.exits[i].release_at > now {
                i += 1;
                continue;
            }
            let exit = &self.exits[i];
            let (owner, id) = match &exit.holder {
                Holder::Staker(a) | Holder::Tranche(a, _) => (a.clone(), exit.id),
            };
            let before = self.w.cedent.balance(&owner);
            let r = match &exit.holder {
                Holder::Staker(a) => self.w.cedent.withdraw(a, id),
                Holder::Tranche(a, _) => self.w.cedent.withdraw_redemption(a, id),
            };
            match self.tx(r) {
                Ok(res) => {
                    let amount = self.w.cedent.balance(&owner).saturating_sub(before);
                    // A senior redemption short of what it is owed is unbonded again.
                    let owed_left: u128 = attribute(&res, "owed_left")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or_default();
                    self.out.totals.withdrawals += 1;
                    let exit = self.exits.swap_remove(i);
                    if self.cfg.bank_run.return_after_periods > 0 && amount > 0 {
                        self.returns.push(Return {
                            holder: exit.holder.clone(),
                            amount,
                            at_period: period + self.cfg.bank_run.return_after_periods,
                        });
                    }
                    if owed_left > 0 {
                        let release_at = self.redemption_release(&owner, id)?;
                        self.exits.push(Exit { release_at, ..exit });
                    }
                }
                Err(e) if is_held(&e) => {
                    self.out.totals.withdrawals_held += 1;
                    i += 1;
                }
                Err(e) => return Err(e).context("a matured withdrawal"),
            }
        }
        Ok(())
    }

    fn redemption_release(&self, owner: &Addr, id: u64) -> Result<Timestamp> {
        Ok(self.w.cedent.redemption(owner, id)?.release_at)
    }

    /// Capital that left in a run comes back once confidence does.
    fn returns_due(&mut self, period: u32) -> Result<()> {
        let mut i = 0;
        while i < self.returns.len() {
            if self.returns[i].at_period > period {
                i += 1;
                continue;
            }
            let back = self.returns.swap_remove(i);
            let r = match &back.holder {
                Holder::Staker(a) => self.w.cedent.deposit(a, back.amount),
                Holder::Tranche(a, t) => self.w.cedent.deposit_tranche(a, *t, back.amount),
            };
            match self.tx(r) {
                Ok(_) => {}
                // The vault takes no senior money while junior is under its
                // minimum share or senior is impaired: it waits a period.
                Err(e) if deposit_waits(&e) => self.returns.push(Return {
                    at_period: period + 1,
                    ..back
                }),
                Err(e) => return Err(e).context("capital comes back"),
            }
        }
        Ok(())
    }

    /// Stakers claim their streamed premium and stake it; a keeper harvests the vault.
    fn reinvest(&mut self) -> Result<()> {
        for staker in self.stakers.clone() {
            let r = self.w.cedent.claim_rewards(&staker);
            match self.tx(r) {
                Ok(res) => {
                    let amount: u128 = attribute(&res, "amount")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or_default();
                    if amount > 0 {
                        let r = self.w.cedent.deposit(&staker, amount);
                        match self.tx(r) {
                            Ok(_) => {}
                            Err(e) if Refusal::of(&e) == Some(Refusal::DepositTooSmall) => {}
                            Err(e) => return Err(e).context("a staker restakes"),
                        }
                    }
                }
                Err(e) if Refusal::of(&e) == Some(Refusal::NoRewards) => {}
                Err(e) => return Err(e).context("a staker claims rewards"),
            }
        }
        let keeper = self.keeper.clone();
        let r = self.w.cedent.harvest(&keeper);
        self.tx(r).context("the keeper harvests the vault")?;
        Ok(())
    }

    /// Buyers arrive (Poisson per product) and buy what the pool will sell.
    fn sell_covers(&mut self) -> Result<()> {
        for (product, p) in self.cfg.products.iter().enumerate() {
            let n = poisson(&mut self.rng, p.demand.covers_per_period);
            for _ in 0..n {
                let amount = in_range(&mut self.rng, p.demand.amount);
                let [lo, hi] = p.demand.days;
                let days = self.rng.range(lo, hi);
                let duration = days * DAY;
                let id = product as u32 + 1;
                let buyer = self.buyers[self.next_buyer % BUYERS].clone();
                self.next_buyer += 1;
                let r = self.buy(&buyer, id, amount, duration);
                match self.tx(r) {
                    Ok((cover_id, quote)) => {
                        let t = &mut self.out.totals;
                        t.covers_sold += 1;
                        t.premiums += quote.premium.u128();
                        t.ceded_premiums += quote.ceded.u128();
                        // The pool keeps whole seconds.
                        let end = Timestamp::from_seconds(self.now().seconds() + duration);
                        self.covers.push_back(Cover {
                            id: cover_id,
                            product,
                            owner: buyer,
                            amount,
                            paid: 0,
                            payouts: 0,
                            start: self.now(),
                            end,
                            open_claim: false,
                        });
                    }
                    Err(e) if is_refused_sale(&e) => self.out.totals.sales_refused += 1,
                    Err(e) => return Err(e).context("a buyer buys cover"),
                }
            }
        }
        Ok(())
    }

    /// A buyer asks for a quote and buys at it. A quote the pool refuses
    /// comes back as text (a query error): the buyer then sends the purchase
    /// anyway, whose refusal carries its type.
    fn buy(
        &mut self,
        buyer: &Addr,
        product_id: u32,
        amount: u128,
        duration: u64,
    ) -> Result<(u64, QuoteResponse)> {
        let quote = self.w.cedent.quote(product_id, amount, duration);
        let premium = quote.as_ref().map(|q| q.premium.u128()).unwrap_or(1);
        let res = self.w.cedent.execute_pool(
            buyer,
            &risk_pool_msg::ExecuteMsg::BuyCover {
                product_id,
                amount: Uint128::new(amount),
                duration,
                max_premium: Uint128::new(premium),
            },
            &coins(premium, DENOM),
        )?;
        let quote = quote.context("the pool sold a cover it would not quote")?;
        let cover_id = attribute(&res, "cover_id")
            .and_then(|v| v.parse().ok())
            .context("a purchase names its cover")?;
        Ok((cover_id, quote))
    }

    /// Draws the period's incidents (correlated across products): depegs pay
    /// at once through the oracle trigger, exploits are filed and voted.
    fn incidents(&mut self, period: u32) -> Result<()> {
        let fired = self.copula.draw(&mut self.rng, &self.incident_probability);
        for (product, hit) in fired.into_iter().enumerate() {
            if !hit {
                continue;
            }
            match self.cfg.products[product].kind {
                ProductKind::Parametric => self.depeg(period, product)?,
                ProductKind::Discretionary => self.exploit(product)?,
            }
        }
        Ok(())
    }

    fn depeg(&mut self, period: u32, product: usize) -> Result<()> {
        let oracle = self.oracle.clone();
        self.w.cedent.set_price(
            &oracle,
            &asset(product),
            Decimal::percent(DEPEG_PRICE),
            None,
        );
        self.period_transactions += 1;
        if !self.depegged.contains(&product) {
            self.depegged.push(product);
        }
        let keeper = self.keeper.clone();
        let r = self.w.cedent.check_trigger(&keeper, product as u32 + 1);
        let incident = match self.tx(r) {
            Ok(id) => id,
            Err(e) if is_same_event(&e) => {
                self.out.totals.depegs_in_cooldown += 1;
                return Ok(());
            }
            Err(e) => return Err(e).context("the keeper checks a trigger"),
        };
        self.out.totals.depegs += 1;
        let now = self.now();
        let ratio = self.cfg.products[product].payout_ratio.unwrap_or_default();
        // covers still in their waiting period do not claim the incident
        let holders: Vec<(u64, Addr, u128)> = self
            .covers
            .iter()
            .filter(|c| {
                c.product == product
                    && c.end >= now
                    && c.paid < c.amount
                    && c.start.plus_seconds(DEFAULT_WAITING_PERIOD) <= now
            })
            .map(|c| {
                (
                    c.id,
                    c.owner.clone(),
                    take(c.amount, ratio).min(c.amount - c.paid),
                )
            })
            .collect();
        let before = self.layers_and_receivable();
        for (cover_id, owner, due) in holders {
            let r = self.w.cedent.claim_incident(&owner, incident, cover_id);
            match self.tx(r) {
                Ok(_) => {
                    let paid = self.w.cedent.cover(cover_id).remaining.u128();
                    let cover = self.cover_mut(cover_id);
                    let now_paid = cover.amount - paid;
                    let delta = now_paid - cover.paid;
                    cover.paid = now_paid;
                    self.out.totals.incident_paid += delta;
                    self.paid_this_period += delta;
                    self.track_loss(cover_id, product);
                }
                Err(e) if Refusal::of(&e) == Some(Refusal::InsufficientCapital) => {
                    self.out.totals.payouts_refused += 1;
                    self.out.totals.unpaid += due;
                    self.out.ruined_at.get_or_insert(period);
                }
                Err(e) => return Err(e).context("a holder claims a depeg incident"),
            }
        }
        self.absorb(before);
        Ok(())
    }

    fn exploit(&mut self, product: usize) -> Result<()> {
        self.out.totals.exploits += 1;
        let severity = self.cfg.products[product]
            .severity
            .as_ref()
            .context("an exploit product has a severity")?;
        let share = pareto(&mut self.rng, severity.minimum, severity.alpha).min(1.0);
        let now = self.now();
        let victims: Vec<(u64, Addr, u128)> = self
            .covers
            .iter()
            .filter(|c| c.product == product && c.end >= now && !c.open_claim)
            .map(|c| {
                (
                    c.id,
                    c.owner.clone(),
                    take(c.amount, share).min(c.amount - c.paid),
                )
            })
            .filter(|(_, _, amount)| *amount > 0)
            .collect();
        let assessors: Vec<Addr> = ASSESSORS.iter().map(|a| self.w.cedent.addr(a)).collect();
        for (cover_id, owner, amount) in victims {
            let deposit = (amount * 5).div_ceil(100);
            let r = self.w.cedent.file_claim(&owner, cover_id, amount, deposit);
            let claim_id = self.tx(r).context("a holder files a claim")?;
            self.out.totals.claims_filed += 1;
            for assessor in &assessors {
                let r = self.w.cedent.vote(assessor, claim_id, true);
                self.tx(r).context("an assessor votes")?;
            }
            self.cover_mut(cover_id).open_claim = true;
            self.claims.push(PendingClaim {
                claim_id,
                cover_id,
                amount,
                refused: false,
            });
        }
        Ok(())
    }

    /// A keeper executes every claim past its cooldown; the pool pays, or
    /// refuses for lack of capital (the claim stays executable).
    fn settle_claims(&mut self, period: u32) -> Result<()> {
        let now = self.now();
        let due: Vec<usize> = (0..self.claims.len())
            .filter(|&i| {
                self.w
                    .cedent
                    .claim(self.claims[i].claim_id)
                    .executable_at
                    .is_some_and(|t| t <= now)
            })
            .collect();
        if due.is_empty() {
            return Ok(());
        }
        let before = self.layers_and_receivable();
        let keeper = self.keeper.clone();
        let mut done = vec![];
        for i in due {
            let claim_id = self.claims[i].claim_id;
            let r = self.w.cedent.execute_claim(&keeper, claim_id);
            self.tx(r).context("the keeper executes a claim")?;
            let c = self.w.cedent.claim(claim_id);
            if c.status == ClaimStatus::Paid {
                let paid = c.paid.u128();
                let cover_id = self.claims[i].cover_id;
                let cover = self.cover_mut(cover_id);
                cover.paid += paid;
                cover.open_claim = false;
                let product = cover.product;
                let t = &mut self.out.totals;
                t.claims_paid += paid;
                t.claims_executed += 1;
                self.paid_this_period += paid;
                self.track_loss(cover_id, product);
                done.push(i);
            } else {
                // Refused: counted once as a refusal, owed until paid.
                let pending = &mut self.claims[i];
                if !pending.refused {
                    pending.refused = true;
                    self.out.totals.payouts_refused += 1;
                }
                self.out.ruined_at.get_or_insert(period);
            }
        }
        for i in done.into_iter().rev() {
            self.claims.swap_remove(i);
        }
        self.absorb(before);
        Ok(())
    }

    /// Records the loss on a ceded cover so its recovery is followed.
    fn track_loss(&mut self, cover_id: u64, product: usize) {
        let cover = self.cover_mut(cover_id);
        cover.payouts += 1;
        let sequence = cover.payouts;
        if self.cfg.products[product].ceded {
            self.losses.push(LossId { cover_id, sequence });
        }
    }

    fn cover_mut(&mut self, cover_id: u64) -> &mut Cover {
        self.covers
            .iter_mut()
            .find(|c| c.id == cover_id)
            .expect("a tracked cover")
    }

    /// (pool capital, junior, senior) now.
    fn layers(&self) -> (u128, u128, u128) {
        let l = self.layers_and_receivable();
        (l.0, l.1, l.2)
    }

    /// (pool capital, junior, senior, reinsurance receivable) now.
    fn layers_and_receivable(&self) -> (u128, u128, u128, u128) {
        let p = self.w.cedent.pool_state();
        let j = self.w.cedent.tranche(Tranche::Junior);
        let s = self.w.cedent.tranche(Tranche::Senior);
        (
            p.total_assets.u128(),
            (j.value + j.pending_value).u128(),
            (s.value + s.pending_value).u128(),
            p.reinsurance_receivable.u128(),
        )
    }

    /// Books what each layer lost since `before` (payouts only move value down
    /// within one block). A recovery the pool books as a receivable with the
    /// payout softens the drop at once: the layers lost the gross amount and
    /// recovered the receivable's part.
    fn absorb(&mut self, before: (u128, u128, u128, u128)) {
        let after = self.layers_and_receivable();
        let pool = before.0.saturating_sub(after.0);
        let junior = before.1.saturating_sub(after.1);
        let senior = before.2.saturating_sub(after.2);
        let booked = after.3.saturating_sub(before.3);
        let gross = pool + booked;
        let scale = |net: u128| (net * gross).checked_div(pool).unwrap_or(0);
        let (junior_gross, senior_gross) = (scale(junior), scale(senior));
        let staker_gross = gross.saturating_sub(junior_gross + senior_gross);
        let t = &mut self.out.totals;
        t.junior_loss += junior_gross;
        t.senior_loss += senior_gross;
        t.staker_loss += staker_gross;
        let (junior_back, senior_back) = (junior_gross - junior, senior_gross - senior);
        t.junior_recovered += junior_back;
        t.senior_recovered += senior_back;
        t.staker_recovered += booked.saturating_sub(junior_back + senior_back);
    }

    /// Stakers unbond and tranche holders redeem part of what they hold.
    fn bank_run(&mut self) -> Result<()> {
        self.out.totals.bank_runs += 1;
        let b = self.cfg.bank_run.clone();
        for staker in self.stakers.clone() {
            let shares = self.w.cedent.staker(&staker).shares.u128();
            let shares = take(shares, b.staker_share);
            if shares == 0 {
                continue;
            }
            let r = self.w.cedent.request_unbond(&staker, Uint128::new(shares));
            let res = self.tx(r).context("a staker requests unbonding")?;
            let id = attribute(&res, "unbonding_id").and_then(|v| v.parse().ok());
            let release: Option<u64> = attribute(&res, "release_at").and_then(|v| v.parse().ok());
            if let (Some(id), Some(release)) = (id, release) {
                self.exits.push(Exit {
                    holder: Holder::Staker(staker),
                    id,
                    release_at: Timestamp::from_seconds(release),
                });
            }
        }
        for (holder, tranche, share) in [
            (self.junior_holder.clone(), Tranche::Junior, b.junior_share),
            (self.senior_holder.clone(), Tranche::Senior, b.senior_share),
        ] {
            let tokens = take(self.w.cedent.tranche_balance(tranche, &holder), share);
            if tokens == 0 {
                continue;
            }
            let r = self.w.cedent.redeem(&holder, tranche, tokens);
            let id = self.tx(r).context("a tranche holder redeems")?;
            let release_at = self.redemption_release(&holder, id)?;
            self.exits.push(Exit {
                holder: Holder::Tranche(holder, tranche),
                id,
                release_at,
            });
        }
        Ok(())
    }

    fn end_period(&mut self, period: u32) -> Result<()> {
        let p = self.w.cedent.pool_state();
        if p.circuit_breaker_tripped && self.breaker_since.is_none() {
            self.breaker_since = Some(period);
            self.out.totals.breaker_trips += 1;
        }
        let (_, junior, senior) = self.layers();
        let point = PeriodPoint {
            capital: p.total_assets.u128() as f64,
            minimum_capital: p.minimum_capital.u128() as f64,
            active_cover: p.active_cover.u128() as f64,
            junior: junior as f64,
            senior: senior as f64,
        };
        if point.capital < point.minimum_capital {
            self.out.below_minimum_at.get_or_insert(period);
        }
        if junior == 0 && self.cfg.capital.junior > 0 {
            self.out.junior_wiped_at.get_or_insert(period);
        }
        self.out.points.push(point);
        self.out.transactions.push(self.period_transactions);
        self.out.totals.transactions += u64::from(self.period_transactions);

        // Covers past their end with no claim open are no longer followed.
        let now = self.now();
        self.covers.retain(|c| c.end >= now || c.open_claim);
        let tracked = self.covers.len()
            + self.claims.len()
            + self.exits.len()
            + self.returns.len()
            + self.losses.len();
        let t = &mut self.out.totals;
        t.peak_tracked = t.peak_tracked.max(tracked as u64);
        Ok(())
    }

    /// Closes the path: relaying resumes, and the books are read.
    fn finish(mut self) -> Result<PathOutcome> {
        if self.outage_until.take().is_some() {
            self.relay()?;
            self.retry_after_outage()?;
        }
        let a = self.w.treaty_a().ledger;
        let b = self.w.treaty_b().ledger;
        let receivable = self.w.cedent.pool_state().reinsurance_receivable;
        let t = &mut self.out.totals;
        // Paid, and still due: the pool counts those as a receivable already.
        t.recoveries = (a.recoveries_paid + receivable).u128();
        // The layers' shares of it were split with rounding: never more than it.
        let shares = t.junior_recovered + t.senior_recovered + t.staker_recovered;
        t.staker_recovered = t
            .staker_recovered
            .saturating_sub(shares.saturating_sub(t.recoveries));
        t.reinsurer_premium = b.premium_paid.u128();
        t.reinsurer_paid = b.recoveries_paid.u128();
        t.unpaid += self
            .claims
            .iter()
            .filter(|c| c.refused)
            .map(|c| c.amount)
            .sum::<u128>();
        let p = self.w.cedent.pool_state();
        let bank = self.w.cedent.balance(&self.w.cedent.pool);
        let books =
            (p.total_assets - p.reinsurance_receivable + p.reward_reserve + p.claims_fund).u128();
        if bank != books {
            bail!(
                "path {}: the pool's bank balance {bank} differs from its books {books}",
                self.out.path
            );
        }
        Ok(self.out)
    }
}

/// A withdrawal the pool holds back for now: the minimum capital or the breaker.
fn is_held(e: &anyhow::Error) -> bool {
    matches!(
        Refusal::of(e),
        Some(Refusal::BelowMinimumCapital | Refusal::CircuitBreaker)
    )
}

/// A deposit the vault (or the pool behind it) turns away for now.
fn deposit_waits(e: &anyhow::Error) -> bool {
    use tranche_vault::ContractError as V;
    matches!(
        typed::<V>(e),
        Some(V::SubordinationBreach { .. } | V::SeniorImpaired { .. } | V::DepositTooSmall { .. })
    ) || Refusal::of(e) == Some(Refusal::DepositTooSmall)
}

/// The court refuses a depeg that is the event already recorded: the
/// trigger has not re-armed since it fired.
fn is_same_event(e: &anyhow::Error) -> bool {
    matches!(
        typed::<claims_court::ContractError>(e),
        Some(claims_court::ContractError::IncidentOpen { .. })
    )
}

/// The court keeps a fired trigger fired while the breach is younger than
/// its cooldown: the keeper checks again next period.
fn is_cooling_down(e: &anyhow::Error) -> bool {
    matches!(
        typed::<claims_court::ContractError>(e),
        Some(claims_court::ContractError::TriggerCoolingDown { .. })
    )
}

/// A sale the pool refuses by design: no capacity, breaker tripped, product
/// paused, or a parametric product's sale suspended while its incident is open.
fn is_refused_sale(e: &anyhow::Error) -> bool {
    matches!(
        Refusal::of(e),
        Some(
            Refusal::OverCapacity
                | Refusal::ProductOverCapacity
                | Refusal::CircuitBreaker
                | Refusal::ProductPaused
                | Refusal::SaleSuspended
        )
    )
}

/// Every packet a working relayer delivers is received; a refusal (error
/// ack) is a contract's answer and is fine, a failed receive is not.
fn ensure_relayed(relayed: &[insurance_testing::ibc::Relayed]) -> Result<()> {
    for r in relayed {
        if let Some(e) = &r.receive_error {
            bail!("a packet's receive failed: {e}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Uint128;
    use risk_pool::ContractError as E;
    use tranche_vault::ContractError as V;

    /// As cw-multi-test hands a contract's error back: a message error (its
    /// contract wrapper knows the type only as `Display`), wrapped in contexts.
    fn relayed<T: std::fmt::Display + std::fmt::Debug + Send + Sync + 'static>(
        e: T,
    ) -> anyhow::Error {
        Err::<(), _>(anyhow::anyhow!(e))
            .context("Error executing WasmMsg: Execute { .. }")
            .context("the keeper does something")
            .unwrap_err()
    }

    #[test]
    fn refusals_are_read_from_their_types() {
        let n = Uint128::new(5);
        let cases = [
            (
                E::OverCapacity {
                    requested: n,
                    available: n,
                },
                Refusal::OverCapacity,
            ),
            (
                E::ProductOverCapacity {
                    product_id: 2,
                    requested: n,
                    available: n,
                },
                Refusal::ProductOverCapacity,
            ),
            (E::ProductPaused { product_id: 2 }, Refusal::ProductPaused),
            (E::CircuitBreakerTripped {}, Refusal::CircuitBreaker),
            (
                E::BelowMinimumCapital {
                    capital_after: n,
                    minimum_capital: n,
                },
                Refusal::BelowMinimumCapital,
            ),
            (
                E::InsufficientCapital {
                    requested: n,
                    available: n,
                },
                Refusal::InsufficientCapital,
            ),
            (E::NoRewards {}, Refusal::NoRewards),
            (E::DepositTooSmall { amount: n }, Refusal::DepositTooSmall),
        ];
        for (error, refusal) in cases {
            let text = error.to_string();
            assert_eq!(Refusal::of(&relayed(error)), Some(refusal));
            // The words alone are not a refusal.
            assert_eq!(Refusal::of(&anyhow::anyhow!("{text}")), None, "{text}");
        }
        assert_eq!(Refusal::of(&relayed(E::ZeroAmount {})), None);
        let d = cosmwasm_std::Decimal::percent(10);
        for waits in [
            V::SubordinationBreach {
                junior_share: d,
                minimum: d,
            },
            V::SeniorImpaired {
                senior_value: n,
                senior_entitlement: n,
            },
            V::DepositTooSmall { amount: n },
        ] {
            let text = waits.to_string();
            assert!(deposit_waits(&relayed(waits)));
            assert!(!deposit_waits(&anyhow::anyhow!("{text}")), "{text}");
        }
        assert!(deposit_waits(&relayed(E::DepositTooSmall { amount: n })));
        assert!(!deposit_waits(&relayed(V::ZeroAmount {})));
        assert!(is_refused_sale(&relayed(E::ProductPaused {
            product_id: 1
        })));
        assert!(!is_refused_sale(&relayed(E::NoRewards {})));
    }

    #[test]
    fn trigger_refusals_are_read_from_their_types() {
        use claims_court::ContractError as C;
        let open = || C::IncidentOpen {
            product_id: 3,
            incident_id: 1,
        };
        let cooling = || C::TriggerCoolingDown {
            product_id: 3,
            until: Timestamp::from_seconds(9),
        };
        let (open_text, cooling_text) = (open().to_string(), cooling().to_string());
        assert!(is_same_event(&relayed(open())));
        assert!(!is_cooling_down(&relayed(open())));
        assert!(is_cooling_down(&relayed(cooling())));
        assert!(!is_same_event(&relayed(cooling())));
        assert!(!is_same_event(&anyhow::anyhow!("{open_text}")));
        assert!(!is_cooling_down(&anyhow::anyhow!("{cooling_text}")));
    }
}
