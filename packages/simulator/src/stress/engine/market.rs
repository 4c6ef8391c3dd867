//! Buyers, incidents and claims: covers sold at the pool's quote, exploits
//! filed and voted, depegs paid through the oracle trigger.

use super::*;

pub(super) struct Cover {
    pub(super) id: u64,
    pub(super) product: usize,
    pub(super) owner: Addr,
    pub(super) amount: u128,
    pub(super) paid: u128,
    /// Payouts so far: the pool numbers a cover's losses 1, 2, ...
    pub(super) payouts: u32,
    pub(super) start: Timestamp,
    pub(super) end: Timestamp,
    pub(super) open_claim: bool,
}

pub(super) struct PendingClaim {
    pub(super) claim_id: u64,
    pub(super) cover_id: u64,
    pub(super) amount: u128,
    pub(super) refused: bool,
    /// The claim is read again from this time on.
    pub(super) check_at: Timestamp,
}

impl<C: WorldChain> PathSim<'_, C> {
    /// Buyers arrive (Poisson per product) and buy what the pool will sell.
    pub(super) fn sell_covers(&mut self) -> Result<()> {
        for (product, p) in self.cfg.products.iter().enumerate() {
            let n = poisson(&mut self.rng, p.demand.covers_per_period);
            for _ in 0..n {
                let amount = in_range(&mut self.rng, p.demand.amount);
                let [lo, hi] = p.demand.days;
                let days = uniform(&mut self.rng, lo, hi);
                let duration = days * DAY;
                let id = product as u32 + 1;
                let buyer = self.buyers[self.next_buyer % BUYERS].clone();
                self.next_buyer += 1;
                let r = self.buy(&buyer, id, amount, duration);
                match self.tx(r) {
                    Ok((cover_id, premium, ceded)) => {
                        let t = &mut self.out.totals;
                        t.covers_sold += 1;
                        t.premiums += premium;
                        t.ceded_premiums += ceded;
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

    /// A buyer buys in one transaction, as a wallet does with slippage
    /// protection: it sends a premium bound (a rate twice the pool's 25 %
    /// maximum) as `max_premium` and the funds; the pool charges its quote at
    /// that block and refunds the rest. Returns the cover id and the premium
    /// and ceded premium the pool booked (from its response). A refusal
    /// carries its type (a quote query's refusal would come back as text).
    pub(super) fn buy(
        &mut self,
        buyer: &Addr,
        product_id: u32,
        amount: u128,
        duration: u64,
    ) -> Result<(u64, u128, u128)> {
        let bound = (amount * u128::from(duration)).div_ceil(u128::from(2 * 365 * DAY)) + 1;
        let res = self.w.cedent.execute_pool(
            buyer,
            &risk_pool_msg::ExecuteMsg::BuyCover {
                product_id,
                amount: Uint128::new(amount),
                duration,
                max_premium: Uint128::new(bound),
            },
            &coins(bound, DENOM),
        )?;
        let data: BuyCoverResponse = from_json(
            res.data
                .as_ref()
                .context("a purchase answers with its cover")?,
        )?;
        let pool = self.w.cedent.pool.to_string();
        let ceded = res
            .events
            .iter()
            .filter(|e| {
                e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == pool)
            })
            .flat_map(|e| e.attributes.iter())
            .find(|a| a.key == "ceded_premium")
            .map(|a| a.value.parse::<u128>())
            .transpose()?
            .unwrap_or(0);
        Ok((data.cover_id, data.premium.u128(), ceded))
    }

    /// Draws the period's incidents (correlated across products): depegs pay
    /// at once through the oracle trigger, exploits are filed and voted.
    pub(super) fn incidents(&mut self, period: u32) -> Result<()> {
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

    pub(super) fn depeg(&mut self, period: u32, product: usize) -> Result<()> {
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
                    self.period_loss += due;
                    self.ruined(period);
                }
                Err(e) => return Err(e).context("a holder claims a depeg incident"),
            }
        }
        self.absorb(before);
        Ok(())
    }

    pub(super) fn exploit(&mut self, product: usize) -> Result<()> {
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
        let assessors = self.assessors.clone();
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
                check_at: Timestamp::from_seconds(0),
            });
        }
        Ok(())
    }

    /// The oracle's feed recovers the period after a depeg and the keeper
    /// checks the trigger, which re-arms it. The court keeps it fired while
    /// the breach is younger than its cooldown (with periods shorter than
    /// the cooldown): the keeper checks again each period until it re-arms,
    /// and a depeg meanwhile is the same event.
    pub(super) fn restore_prices(&mut self) -> Result<()> {
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

    /// A keeper executes every claim past its cooldown; the pool pays, or
    /// refuses for lack of capital (the claim stays executable).
    pub(super) fn settle_claims(&mut self, period: u32) -> Result<()> {
        let now = self.now();
        let mut due = vec![];
        for i in 0..self.claims.len() {
            // The court's times are read once known; until then, at most
            // once per period after the vote's end.
            if self.claims[i].check_at > now {
                continue;
            }
            let c = self.w.cedent.claim(self.claims[i].claim_id);
            match c.executable_at {
                Some(t) if t <= now => due.push(i),
                Some(t) => self.claims[i].check_at = t,
                None => self.claims[i].check_at = c.voting_end.max(now),
            }
        }
        if due.is_empty() {
            return Ok(());
        }
        let before = self.layers_and_receivable();
        let keeper = self.keeper.clone();
        let mut done = vec![];
        for i in due {
            let claim_id = self.claims[i].claim_id;
            let r = self.w.cedent.execute_claim(&keeper, claim_id);
            match self.tx(r) {
                Ok(_) => {}
                // The pool refuses for lack of capital: the execution is
                // undone and the claim stays executable.
                Err(e) if Refusal::of(&e) == Some(Refusal::InsufficientCapital) => {}
                Err(e) => return Err(e).context("the keeper executes a claim"),
            }
            let c = self.w.cedent.claim(claim_id);
            if c.status == ClaimStatus::Paid {
                let paid = c.paid.u128();
                let cover_id = self.claims[i].cover_id;
                let cover = self.cover_mut(cover_id);
                cover.paid += paid;
                cover.open_claim = false;
                let product = cover.product;
                if self.claims[i].refused {
                    // Counted as the year's loss when it was refused.
                    self.period_credit += self.claims[i].amount;
                }
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
                    self.period_loss += pending.amount;
                    self.out.totals.payouts_refused += 1;
                }
                self.ruined(period);
            }
        }
        for i in done.into_iter().rev() {
            self.claims.swap_remove(i);
        }
        self.absorb(before);
        Ok(())
    }

    /// Records the loss on a ceded cover so its recovery is followed.
    /// A claim due could not be paid in full this period.
    pub(super) fn ruined(&mut self, period: u32) {
        self.out.ruined_at.get_or_insert(period);
        if self.out.ruined_periods.last() != Some(&period) {
            self.out.ruined_periods.push(period);
        }
    }

    pub(super) fn track_loss(&mut self, cover_id: u64, product: usize) {
        let cover = self.cover_mut(cover_id);
        cover.payouts += 1;
        let sequence = cover.payouts;
        if self.cfg.products[product].ceded {
            self.losses_changed = true;
            self.losses.push(LossId { cover_id, sequence });
        }
    }

    pub(super) fn cover_mut(&mut self, cover_id: u64) -> &mut Cover {
        self.covers
            .iter_mut()
            .find(|c| c.id == cover_id)
            .expect("a tracked cover")
    }
}
