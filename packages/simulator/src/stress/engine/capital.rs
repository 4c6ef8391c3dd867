//! Capital: stakers and tranche holders who leave in a run and come back,
//! premium restaked, the keeper's book syncs.

use super::*;

#[derive(Clone)]
pub(super) enum Holder {
    Staker(Addr),
    Tranche(Addr, Tranche),
}

pub(super) struct Exit {
    pub(super) holder: Holder,
    pub(super) id: u64,
    pub(super) release_at: Timestamp,
}

pub(super) struct Return {
    pub(super) holder: Holder,
    pub(super) amount: u128,
    pub(super) at_period: u32,
}

impl<C: WorldChain> PathSim<'_, C> {
    /// A keeper syncs the pool's and each product's weekly buckets twice per
    /// window the pool processes in one call, so that no user action ever
    /// meets `SyncRequired`, even on a pool nobody touches (no capacity left).
    pub(super) fn keep_books(&mut self, period: u32) -> Result<()> {
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

    /// Matured unbondings and redemptions are withdrawn, unless the minimum
    /// capital or the breaker holds them (they are tried again next period).
    pub(super) fn exits_due(&mut self, period: u32) -> Result<()> {
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
                    // The holder tries again a few weeks later.
                    self.out.totals.withdrawals_held += 1;
                    self.exits[i].release_at = now.plus_seconds(HELD_RETRY);
                    i += 1;
                }
                Err(e) => return Err(e).context("a matured withdrawal"),
            }
        }
        Ok(())
    }

    pub(super) fn redemption_release(&self, owner: &Addr, id: u64) -> Result<Timestamp> {
        Ok(self.w.cedent.redemption(owner, id)?.release_at)
    }

    /// Capital that left in a run comes back once confidence does.
    pub(super) fn returns_due(&mut self, period: u32) -> Result<()> {
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
                // minimum share or senior is impaired: the holder tries again
                // a few weeks later, as a held withdrawal does (the junior
                // buffer rebuilds over months).
                Err(e) if deposit_waits(&e) => {
                    self.out.totals.returns_held += 1;
                    let wait = HELD_RETRY.div_ceil(self.period_len).max(1) as u32;
                    self.returns.push(Return {
                        at_period: period + wait,
                        ..back
                    });
                }
                Err(e) => return Err(e).context("capital comes back"),
            }
        }
        Ok(())
    }

    /// Stakers claim their streamed premium and stake it; a keeper harvests the vault.
    pub(super) fn reinvest(&mut self) -> Result<()> {
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

    /// Stakers unbond and tranche holders redeem part of what they hold.
    pub(super) fn bank_run(&mut self) -> Result<()> {
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
}
