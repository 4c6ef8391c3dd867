//! What a path ends with: the figures per period and the totals, read back
//! from the contracts, and who bore each loss.

use super::*;

/// What one period ends with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PeriodPoint {
    /// Capital backing cover (the pool's assets).
    pub capital: f64,
    /// The minimum capital requirement: a ratio of active cover.
    pub minimum_capital: f64,
    pub active_cover: f64,
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Returning deposits the vault held back (junior buffer too thin,
    /// senior impaired): each is tried again a few weeks later.
    #[serde(default)]
    pub returns_held: u64,
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
    /// Capital after the initial deposits.
    pub initial_capital: u128,
    /// What each period's claims took from capital: payouts net of the
    /// recoveries booked with them, recoveries written off, and claims due
    /// the pool could not pay (counted once, when first refused).
    pub period_losses: Vec<u128>,
    /// Periods in which a claim due could not be paid in full.
    pub ruined_periods: Vec<u32>,
}

impl<C: WorldChain> PathSim<'_, C> {
    /// (pool capital, junior, senior, reinsurance receivable) now.
    pub(super) fn layers_and_receivable(&self) -> (u128, u128, u128, u128) {
        let p = self.w.cedent.pool_state();
        let (j, s) = self.tranches();
        (p.total_assets.u128(), j, s, p.reinsurance_receivable.u128())
    }

    /// (junior, senior) value now, earning and pending, from one vault query.
    pub(super) fn tranches(&self) -> (u128, u128) {
        let v = self.w.cedent.vault_state();
        let (j, s) = (v.junior, v.senior);
        (
            (j.value + j.pending_value).u128(),
            (s.value + s.pending_value).u128(),
        )
    }

    /// Books what each layer lost since `before` (payouts only move value down
    /// within one block). A recovery the pool books as a receivable with the
    /// payout softens the drop at once: the layers lost the gross amount and
    /// recovered the receivable's part.
    pub(super) fn absorb(&mut self, before: (u128, u128, u128, u128)) {
        let after = self.layers_and_receivable();
        let pool = before.0.saturating_sub(after.0);
        let junior = before.1.saturating_sub(after.1);
        let senior = before.2.saturating_sub(after.2);
        let booked = after.3.saturating_sub(before.3);
        self.period_loss += pool;
        self.loss_this_period |= pool > 0 || after.1 < before.1;
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

    pub(super) fn end_period(&mut self, period: u32) -> Result<()> {
        let p = self.w.cedent.pool_state();
        if p.circuit_breaker_tripped && self.breaker_since.is_none() {
            self.breaker_since = Some(period);
            self.out.totals.breaker_trips += 1;
        }
        self.capital = p.total_assets.u128();
        let point = PeriodPoint {
            capital: p.total_assets.u128() as f64,
            minimum_capital: p.minimum_capital.u128() as f64,
            active_cover: p.active_cover.u128() as f64,
        };
        if point.capital < point.minimum_capital {
            self.out.below_minimum_at.get_or_insert(period);
        }
        // Only a loss takes the junior tranche to nothing: read it then.
        if std::mem::take(&mut self.loss_this_period)
            && self.cfg.capital.junior > 0
            && self.out.junior_wiped_at.is_none()
            && self.tranches().0 == 0
        {
            self.out.junior_wiped_at = Some(period);
        }
        self.out.points.push(point);
        self.out.transactions.push(self.period_transactions);
        let loss = std::mem::take(&mut self.period_loss);
        let credit = std::mem::take(&mut self.period_credit);
        self.out.period_losses.push(loss.saturating_sub(credit));
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
    /// Settles what is still in flight and checks the pool's books: the path's outcome.
    pub fn finish(mut self) -> Result<PathOutcome> {
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
