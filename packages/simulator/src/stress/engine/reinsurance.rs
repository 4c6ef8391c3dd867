//! The treaty and the relayer: yearly renewal, outages, packets relayed,
//! recoveries followed and retried.

use super::*;

impl<C: WorldChain> PathSim<'_, C> {
    /// Governance resumes cover after its review and renews the treaty.
    pub(super) fn governance(&mut self, period: u32) -> Result<()> {
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

    /// Starts and ends relaying outages; when relaying resumes, everything
    /// queued is relayed (late packets time out and roll back) and the keeper
    /// retries what came back.
    pub(super) fn relayer(&mut self, period: u32) -> Result<()> {
        match self.outage_until {
            Some(until) if period >= until => {
                self.outage_until = None;
                self.losses_changed = true;
                self.relay()?;
                self.retry_after_outage()?;
            }
            Some(_) => {}
            None => {
                if bernoulli(&mut self.rng, self.outage_probability) {
                    let [lo, hi] = self.cfg.reinsurance.outage_periods;
                    let len = uniform(&mut self.rng, lo, hi);
                    self.outage_until = Some(period + len);
                    self.out.totals.outages += 1;
                }
            }
        }
        Ok(())
    }

    /// Relays everything pending both ways, unless the relayer is down.
    pub(super) fn relay(&mut self) -> Result<()> {
        if !self.relaying() {
            return Ok(());
        }
        self.relay_packets()?;
        if std::mem::take(&mut self.losses_changed) {
            self.check_losses()?;
        }
        Ok(())
    }

    /// Drops settled losses; a recovery that timed out or waited is requested again.
    pub(super) fn check_losses(&mut self) -> Result<()> {
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
    pub(super) fn relay_packets(&mut self) -> Result<()> {
        // Nothing committed on either chain: nothing to relay (the relayer
        // would find the same by scanning both hosts).
        if !self.w.host_a.has_pending(&self.w.cedent.app)
            && !self.w.host_b.has_pending(&self.w.reinsurer)
        {
            return Ok(());
        }
        self.losses_changed = true;
        // Only a recovery refused moves capital here (it is written off): the
        // layers are read around the relay only while a loss awaits recovery.
        let before = (!self.losses.is_empty()).then(|| self.layers_and_receivable());
        let relayed = self.w.relayer().relay_all().context("the relayer relays")?;
        ensure_relayed(&relayed)?;
        let t = &mut self.out.totals;
        t.packets_relayed += relayed.len() as u64;
        t.packets_timed_out += relayed.iter().filter(|r| r.timed_out()).count() as u64;
        self.period_transactions += relayed.len() as u32;
        if let (Some(before), false) = (before, relayed.is_empty()) {
            let after = self.layers_and_receivable();
            // A recovery refused is written off: what the layers had recovered
            // with the receivable is lost again.
            let written_off = before.3.saturating_sub(after.3);
            let lost = before.0.saturating_sub(after.0).min(written_off);
            if lost > 0 {
                self.period_loss += lost;
                self.loss_this_period = true;
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
    pub(super) fn relay_once(&mut self) -> Result<()> {
        self.relay_packets()
    }

    /// ICS-20 transfers that came back during an outage are sent again, on
    /// both chains.
    pub(super) fn retry_after_outage(&mut self) -> Result<()> {
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
                        let keeper_b = self.w.reinsurer.addr_make("keeper");
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
}

/// Every packet a working relayer delivers is received; a refusal (error
/// ack) is a contract's answer and is fine, a failed receive is not.
pub(super) fn ensure_relayed(relayed: &[insurance_testing::ibc::Relayed]) -> Result<()> {
    for r in relayed {
        if let Some(e) = &r.receive_error {
            bail!("a packet's receive failed: {e}");
        }
    }
    Ok(())
}
