//! The waterfall: how the vault's value is split between the tranches, in O(1).
//!
//! # Value
//!
//! The vault owns one pool position. Its value `V` is what its pool shares
//! (earning and unbonding) are worth at the pool's price, plus the pool
//! rewards it has earned and not claimed, plus the collateral it holds
//! (`idle`: harvested rewards not restaked yet, unbondings returned and not
//! paid out yet). `V` is read from the pool at every action
//! ([`crate::position`] hands it over as [`Holdings`]); the ledger stores
//! the `V` it last saw, so the
//! difference at the next action is exactly what happened in between: new
//! rewards (income) and moves of the pool's share price (losses, and the
//! small gains the pool's rounding gives remaining stakers).
//!
//! # The split
//!
//! The senior tranche has a nominal claim, its *entitlement* `E`: principal
//! deposited plus the target income it has received, less what redemptions
//! took. It is worth `S = min(V, E)`: while `V >= E` the senior tranche is
//! whole, and every loss so far has been borne by the junior tranche, which
//! is worth the residual `J = V - S`. Junior therefore loses first and down
//! to zero; only then does the senior value fall. Gains after a loss restore
//! the senior tranche first (`min`), then the junior one.
//!
//! # Income
//!
//! Income is the growth of the vault's unclaimed pool rewards since the last
//! settlement (claiming them moves them to `idle` without changing `V`). The
//! senior target accrues at `target_rate × principal × elapsed / year`
//! (simple interest, fractions carried in `senior_target_carry`); it is paid
//! from the income of the same interval: the senior entitlement grows by
//! `min(income, target)` and the junior tranche gets the rest, since it is the
//! residual. When income falls short of the target, the shortfall is not
//! carried forward: an arrear would be a claim fungible tokens cannot carry
//! fairly (newcomers would share arrears accrued before they joined), so the
//! junior tranche bears a short interval by receiving nothing. The vault
//! settles at every action and anyone can `Harvest` (a settlement that is
//! stored), and the pool streams rewards by the second, so intervals are
//! short. Queries show the values as if the vault settled at the queried
//! block; since `min` is superadditive, folding two intervals into one can
//! only move income from junior to senior, so a junior holder who wants the
//! allocation of a past interval locked in harvests.
//!
//! # Pending redemptions
//!
//! A redemption leaves the tranche's earning side at once (its tokens are
//! burned) but stays in the tranche's loss order until the holder withdraws:
//!
//! - **Senior**: the redeemed tokens' share of the earning entitlement moves
//!   to a pending entitlement (`senior_pending_entitlement`), and the
//!   redemption records that nominal `claim`. Earning and pending senior
//!   claims are paid pro rata from `S`: a redemption is worth
//!   `claim × S / E`, i.e. its claim in full while junior has value. The
//!   pending entitlement earns no target income (its principal left).
//! - **Junior**: the redeemed tokens' value moves into a pending pot
//!   (`junior_pending_value`, in units `junior_pending_units`, priced like
//!   shares). At every settlement the pot is revalued by the same factor as
//!   the whole junior tranche *before* income: `pot × J_new / J_old`, so a loss
//!   hits pending and earning junior capital pro rata. Income is added after
//!   the revaluation and goes to the earning side only. A pot that reaches
//!   zero is closed: the next redemption opens a new epoch, and redemptions of
//!   a closed epoch are worth nothing.
//!
//! While the senior tranche is impaired, whatever restores it (income
//! included) is shared by its earning and pending claims pro rata: a pending
//! senior redemption recovers the loss it bore, as it would have by staying.
//!
//! A redemption is paid at withdrawal what it is worth then, from the
//! collateral the vault holds (its unbonding has just been returned). When a
//! loss the junior tranche absorbed left the unbonding short of a senior
//! claim, the vault pays what it holds and unbonds the rest from its earning
//! shares; the redemption stays with a new release time. No holder is ever
//! paid from another's unbonding beyond their own value.
//!
//! # Rounding
//!
//! Every division rounds against the person acting: tokens minted, values
//! redeemed, claims and payouts round down, units consumed by a partial
//! payment round up. The dust stays in `V`, i.e. with the junior tranche.
//! A senior redemption is valued as its claim will be paid (`claim × S / E`,
//! rounded down), capped at its tokens' share of the earning side: while
//! senior is impaired the two roundings differ, the holder gets the lower and
//! the claim shrinks to the one paid exactly that.
//!
//! # Orphans
//!
//! Value that no token can claim is handed to the other tranche at settlement:
//! senior entitlement with no senior tokens outstanding (tokens burned outside
//! the vault) joins the junior residual; junior value with no junior tokens
//! outstanding (all junior capital left) belongs to the senior holders, the
//! only ones left. Without this the first depositor into an empty tranche
//! would take it.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Decimal256, StdError, StdResult, Uint128};
use insurance_common::math::{mul_div_ceil, mul_div_floor, SECONDS_PER_YEAR};
use insurance_common::tranche_vault::Tranche;

use crate::error::ContractError;

/// What the vault holds at one block, as the ledger needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    /// What the vault's pool shares, earning and unbonding, are worth at the
    /// pool's price (rounded down).
    pub pool_value: Uint128,
    /// Pool rewards the vault has earned and not claimed.
    pub unclaimed_rewards: Uint128,
    /// Senior tokens held by anyone but the vault.
    pub senior_supply: Uint128,
    pub junior_supply: Uint128,
}

impl Holdings {
    /// `V`: the pool position, unclaimed rewards and the collateral the
    /// ledger says the vault holds (`idle`; tokens sent to the vault outside
    /// its flows are not counted).
    pub fn value(&self, idle: Uint128) -> StdResult<Uint128> {
        Ok(self
            .pool_value
            .checked_add(self.unclaimed_rewards)?
            .checked_add(idle)?)
    }
}

/// A pending redemption's claim on its tranche's pending side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingClaim {
    pub tranche: Tranche,
    /// Senior: nominal entitlement; junior: pending units.
    pub claim: Uint128,
    /// Junior: the pending pot's epoch the units belong to.
    pub epoch: u64,
}

/// The vault's books. Everything is a single number: no entry per holder.
#[cw_serde]
#[derive(Default)]
pub struct Ledger {
    /// `V` at the last settlement, after the action that settled.
    #[serde(rename = "va", alias = "value")]
    pub value: Uint128,
    /// Senior deposits still earning; the target rate accrues on it.
    #[serde(rename = "sp", alias = "senior_principal")]
    pub senior_principal: Uint128,
    /// Earning senior claim: principal plus target income received.
    #[serde(rename = "se", alias = "senior_entitlement")]
    pub senior_entitlement: Uint128,
    /// Senior claims of pending redemptions.
    #[serde(rename = "spe", alias = "senior_pending_entitlement")]
    pub senior_pending_entitlement: Uint128,
    /// Fraction of a collateral unit of senior target accrued and not paid.
    #[serde(rename = "stc", alias = "senior_target_carry")]
    pub senior_target_carry: Decimal256,
    /// Junior pending pot: what pending junior redemptions are worth.
    #[serde(rename = "jpv", alias = "junior_pending_value")]
    pub junior_pending_value: Uint128,
    #[serde(rename = "jpu", alias = "junior_pending_units")]
    pub junior_pending_units: Uint128,
    #[serde(rename = "jpe", alias = "junior_pending_epoch")]
    pub junior_pending_epoch: u64,
    /// The vault's unclaimed pool rewards already counted as income.
    #[serde(rename = "ra", alias = "rewards_allocated")]
    pub rewards_allocated: Uint128,
    /// Collateral the vault holds for its own account.
    #[serde(rename = "id", alias = "idle")]
    pub idle: Uint128,
    /// Seconds: the senior target is accrued up to here.
    #[serde(rename = "la", alias = "last_accrual")]
    pub last_accrual: u64,
    #[serde(rename = "nri", alias = "next_redemption_id")]
    pub next_redemption_id: u64,
}

/// `V` split between the tranches, earning and pending sides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Split {
    pub total: Uint128,
    pub senior: Uint128,
    pub senior_active: Uint128,
    pub senior_pending: Uint128,
    pub junior: Uint128,
    pub junior_active: Uint128,
    pub junior_pending: Uint128,
}

impl Split {
    pub fn active(&self, tranche: Tranche) -> Uint128 {
        match tranche {
            Tranche::Senior => self.senior_active,
            Tranche::Junior => self.junior_active,
        }
    }

    pub fn pending(&self, tranche: Tranche) -> Uint128 {
        match tranche {
            Tranche::Senior => self.senior_pending,
            Tranche::Junior => self.junior_pending,
        }
    }
}

/// What a settlement found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settlement {
    pub income: Uint128,
    pub to_senior: Uint128,
    pub to_junior: Uint128,
}

/// A redemption's share of the ledger when it is requested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Redeemed {
    /// What the redeemed tokens were worth.
    pub value: Uint128,
    /// Senior: nominal entitlement; junior: pending units.
    pub claim: Uint128,
    pub epoch: u64,
}

/// What a withdrawal paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payment {
    pub paid: Uint128,
    /// The claim left (zero when the redemption is settled).
    pub claim_left: Uint128,
    /// What the redemption is still owed (zero when it is settled).
    pub owed_left: Uint128,
}

/// Tokens minted for `credited` collateral into a side worth `value` with
/// `supply` tokens, rounded down. An empty tranche starts at one token per
/// unit. A tranche worth nothing with tokens outstanding still takes
/// deposits: the old tokens are diluted to (almost) nothing, never the new.
pub fn tokens_for(credited: Uint128, supply: Uint128, value: Uint128) -> StdResult<Uint128> {
    if supply.is_zero() {
        Ok(credited)
    } else if value.is_zero() {
        Ok(credited.checked_mul(supply.checked_add(Uint128::one())?)?)
    } else {
        mul_div_floor(credited, supply, value)
    }
}

fn floor_units(amount: Decimal256) -> StdResult<Uint128> {
    Uint128::try_from(amount.to_uint_floor()).map_err(|e| StdError::generic_err(e.to_string()))
}

fn decimal_err(e: impl std::fmt::Display) -> StdError {
    StdError::generic_err(e.to_string())
}

impl Ledger {
    pub fn new(now: u64) -> Self {
        Ledger {
            last_accrual: now,
            next_redemption_id: 1,
            ..Ledger::default()
        }
    }

    /// Everything the senior tranche is owed, earning and pending.
    pub fn senior_claims(&self) -> StdResult<Uint128> {
        Ok(self
            .senior_entitlement
            .checked_add(self.senior_pending_entitlement)?)
    }

    /// The split of the ledger's `value`.
    pub fn split(&self) -> StdResult<Split> {
        let claims = self.senior_claims()?;
        let senior = self.value.min(claims);
        let senior_active = if claims.is_zero() {
            Uint128::zero()
        } else {
            mul_div_floor(senior, self.senior_entitlement, claims)?
        };
        let junior = self.value.checked_sub(senior)?;
        let junior_pending = self.junior_pending_value.min(junior);
        Ok(Split {
            total: self.value,
            senior,
            senior_active,
            senior_pending: senior.checked_sub(senior_active)?,
            junior,
            junior_active: junior.checked_sub(junior_pending)?,
            junior_pending,
        })
    }

    /// Target income accrued since the last settlement (plus the carried fraction).
    fn senior_target(&self, rate: Decimal, now: u64) -> StdResult<Decimal256> {
        let elapsed = now.saturating_sub(self.last_accrual);
        let accrued = Decimal256::from_ratio(self.senior_principal, 1u128)
            .checked_mul(Decimal256::from(rate))
            .and_then(|d| d.checked_mul(Decimal256::from_ratio(elapsed, SECONDS_PER_YEAR)))
            .map_err(decimal_err)?;
        self.senior_target_carry
            .checked_add(accrued)
            .map_err(decimal_err)
    }

    /// Brings the books up to `pos` at `now`: revalues the junior pending pot
    /// with the pool's price moves, pays the senior target from new income,
    /// and hands orphaned value over (see the module docs).
    pub fn settle(
        &mut self,
        pos: &Holdings,
        rate: Decimal,
        now: u64,
    ) -> Result<Settlement, ContractError> {
        let value_now = pos.value(self.idle)?;
        let income = pos.unclaimed_rewards.saturating_sub(self.rewards_allocated);
        let before_income = value_now.checked_sub(income)?;

        // Price moves: junior = V - min(V, E), before and after.
        let claims = self.senior_claims()?;
        let junior_last = self.value.saturating_sub(claims);
        let junior_now = before_income.saturating_sub(claims);
        if !self.junior_pending_value.is_zero() {
            self.junior_pending_value = if junior_last.is_zero() {
                Uint128::zero()
            } else {
                mul_div_floor(self.junior_pending_value, junior_now, junior_last)?.min(junior_now)
            };
        }

        // Income: the senior target first, from this interval's income only.
        let target = self.senior_target(rate, now)?;
        let owed = floor_units(target)?;
        let to_senior = income.min(owed);
        self.senior_target_carry = if to_senior == owed {
            target
                .checked_sub(Decimal256::from_ratio(owed, 1u128))
                .map_err(decimal_err)?
        } else {
            Decimal256::zero()
        };
        self.senior_entitlement = self.senior_entitlement.checked_add(to_senior)?;
        self.value = value_now;
        self.rewards_allocated = pos.unclaimed_rewards;
        self.last_accrual = self.last_accrual.max(now);

        self.hand_over_orphans(pos.senior_supply, pos.junior_supply)?;
        Ok(Settlement {
            income,
            to_senior,
            to_junior: income.checked_sub(to_senior)?,
        })
    }

    fn hand_over_orphans(
        &mut self,
        senior_supply: Uint128,
        junior_supply: Uint128,
    ) -> StdResult<()> {
        if senior_supply.is_zero() {
            self.senior_entitlement = Uint128::zero();
            self.senior_principal = Uint128::zero();
            self.senior_target_carry = Decimal256::zero();
        }
        if junior_supply.is_zero() && !senior_supply.is_zero() {
            let orphaned = self.split()?.junior_active;
            self.senior_entitlement = self.senior_entitlement.checked_add(orphaned)?;
        }
        Ok(())
    }

    /// Deposits wait while the senior tranche is owed more than the vault is
    /// worth: new money would first make the senior tranche whole.
    pub fn ensure_senior_whole(&self) -> Result<(), ContractError> {
        let split = self.split()?;
        let claims = self.senior_claims()?;
        if split.senior < claims {
            return Err(ContractError::SeniorImpaired {
                senior_value: split.senior,
                senior_entitlement: claims,
            });
        }
        Ok(())
    }

    /// Junior share of the earning value if `senior_added` joined the senior side.
    pub fn junior_share(&self, senior_added: Uint128) -> StdResult<Decimal> {
        let split = self.split()?;
        let total = split
            .senior_active
            .checked_add(senior_added)?
            .checked_add(split.junior_active)?;
        if total.is_zero() {
            return Ok(Decimal::zero());
        }
        Decimal::checked_from_ratio(split.junior_active, total).map_err(decimal_err)
    }

    /// Books a deposit of `credited` into `tranche` (on a settled ledger) and
    /// returns the tokens to mint. `value_after` is `V` once the deposit and
    /// the restaked collateral are in the pool; the caller has zeroed `idle`
    /// and `rewards_allocated` (they were restaked).
    pub fn deposit(
        &mut self,
        tranche: Tranche,
        credited: Uint128,
        value_after: Uint128,
        supply: Uint128,
        min_subordination: Decimal,
    ) -> Result<Uint128, ContractError> {
        self.ensure_senior_whole()?;
        if tranche == Tranche::Senior {
            let junior_share = self.junior_share(credited)?;
            if junior_share < min_subordination {
                return Err(ContractError::SubordinationBreach {
                    junior_share,
                    minimum: min_subordination,
                });
            }
        }
        let tokens = tokens_for(credited, supply, self.split()?.active(tranche))?;
        if tokens.is_zero() {
            return Err(ContractError::DepositTooSmall { amount: credited });
        }
        if tranche == Tranche::Senior {
            self.senior_entitlement = self.senior_entitlement.checked_add(credited)?;
            self.senior_principal = self.senior_principal.checked_add(credited)?;
        }
        // Junior is the residual: the new value is its own. Rounding dust of
        // the pool deposit above `credited` stays with the junior tranche too.
        self.value = value_after;
        Ok(tokens)
    }

    /// Moves `tokens` of `supply` (outstanding before the redemption) from the
    /// earning side of `tranche` to its pending side, on a settled ledger.
    pub fn redeem(
        &mut self,
        tranche: Tranche,
        tokens: Uint128,
        supply: Uint128,
    ) -> Result<Redeemed, ContractError> {
        if tokens.is_zero() || supply.is_zero() {
            return Err(ContractError::ZeroAmount {});
        }
        let tokens = tokens.min(supply);
        let split = self.split()?;
        match tranche {
            Tranche::Senior => {
                let mut claim = mul_div_floor(tokens, self.senior_entitlement, supply)?;
                // Worth what the claim will be paid from the senior value
                // (`owed`), and never more than the tokens' share of the
                // earning side: while senior is impaired the two round apart.
                // The claim then shrinks to one paid exactly that value; what
                // it gives up stays with the earning side.
                let claims = self.senior_claims()?;
                let value = if claims.is_zero() {
                    Uint128::zero()
                } else {
                    let share = mul_div_floor(tokens, split.senior_active, supply)?;
                    let owed = mul_div_floor(claim, split.senior, claims)?;
                    if share < owed {
                        // senior < claims here, so this claim is owed `share`
                        claim = mul_div_ceil(share, claims, split.senior)?;
                    }
                    share.min(owed)
                };
                let principal = mul_div_floor(tokens, self.senior_principal, supply)?;
                self.senior_entitlement = self.senior_entitlement.checked_sub(claim)?;
                self.senior_pending_entitlement =
                    self.senior_pending_entitlement.checked_add(claim)?;
                self.senior_principal = self.senior_principal.checked_sub(principal)?;
                Ok(Redeemed {
                    value,
                    claim,
                    epoch: 0,
                })
            }
            Tranche::Junior => {
                let value = mul_div_floor(tokens, split.junior_active, supply)?;
                let pot = self.junior_pending_value;
                let units = if self.junior_pending_units.is_zero() {
                    value
                } else if pot.is_zero() {
                    // The pot was wiped out: close its epoch, open a new one.
                    self.junior_pending_epoch += 1;
                    self.junior_pending_units = Uint128::zero();
                    value
                } else {
                    mul_div_floor(value, self.junior_pending_units, pot)?
                };
                // Too small to buy a unit: the value stays with the tranche.
                let value = if units.is_zero() {
                    Uint128::zero()
                } else {
                    value
                };
                self.junior_pending_value = pot.checked_add(value)?;
                self.junior_pending_units = self.junior_pending_units.checked_add(units)?;
                Ok(Redeemed {
                    value,
                    claim: units,
                    epoch: self.junior_pending_epoch,
                })
            }
        }
    }

    /// What a redemption would be paid now (on a settled ledger).
    pub fn owed(&self, r: &PendingClaim) -> StdResult<Uint128> {
        let split = self.split()?;
        match r.tranche {
            Tranche::Senior => {
                let claims = self.senior_claims()?;
                if claims.is_zero() {
                    return Ok(Uint128::zero());
                }
                mul_div_floor(r.claim, split.senior, claims)
            }
            Tranche::Junior => {
                if r.epoch != self.junior_pending_epoch || self.junior_pending_units.is_zero() {
                    return Ok(Uint128::zero());
                }
                mul_div_floor(r.claim, split.junior_pending, self.junior_pending_units)
            }
        }
    }

    /// Pays a redemption what it is owed, from `idle`, as far as `idle` goes.
    /// A partial payment consumes the paid fraction of the claim, rounded up.
    pub fn pay(&mut self, mut r: PendingClaim) -> Result<Payment, ContractError> {
        let owed = self.owed(&r)?;
        let paid = owed.min(self.idle);
        let consumed = if paid == owed {
            r.claim
        } else {
            mul_div_ceil(r.claim, paid, owed)?.min(r.claim)
        };
        self.retire(r.tranche, r.epoch, paid, consumed)?;
        r.claim = r.claim.checked_sub(consumed)?;
        self.idle = self.idle.checked_sub(paid)?;
        self.value = self.value.checked_sub(paid)?;
        let owed_left = if r.claim.is_zero() {
            Uint128::zero()
        } else {
            self.owed(&r)?
        };
        if owed_left.is_zero() && !r.claim.is_zero() {
            // What is left of the claim is worth nothing: close it.
            self.retire(r.tranche, r.epoch, Uint128::zero(), r.claim)?;
            r.claim = Uint128::zero();
        }
        Ok(Payment {
            paid,
            claim_left: r.claim,
            owed_left,
        })
    }

    /// Removes `consumed` claim (and `paid` value) from a tranche's pending side.
    fn retire(
        &mut self,
        tranche: Tranche,
        epoch: u64,
        paid: Uint128,
        consumed: Uint128,
    ) -> StdResult<()> {
        match tranche {
            Tranche::Senior => {
                self.senior_pending_entitlement =
                    self.senior_pending_entitlement.checked_sub(consumed)?;
            }
            Tranche::Junior if epoch == self.junior_pending_epoch => {
                self.junior_pending_value = self.junior_pending_value.saturating_sub(paid);
                self.junior_pending_units = self.junior_pending_units.checked_sub(consumed)?;
                if self.junior_pending_units.is_zero() {
                    // Rounding dust of the last pending units returns to the tranche.
                    self.junior_pending_value = Uint128::zero();
                }
            }
            // A closed epoch is no longer in the books.
            Tranche::Junior => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: u64 = SECONDS_PER_YEAR;

    fn u(v: u128) -> Uint128 {
        Uint128::new(v)
    }

    /// A pool position worth `assets`.
    fn pos(assets: u128, rewards: u128, senior: u128, junior: u128) -> Holdings {
        Holdings {
            pool_value: u(assets),
            unclaimed_rewards: u(rewards),
            senior_supply: u(senior),
            junior_supply: u(junior),
        }
    }

    /// The same position after a payout or a gain moved its value to `assets`.
    fn repriced(p: &Holdings, assets: u128) -> Holdings {
        Holdings {
            pool_value: u(assets),
            ..*p
        }
    }

    fn redemption(tranche: Tranche, r: Redeemed) -> PendingClaim {
        PendingClaim {
            tranche,
            claim: r.claim,
            epoch: r.epoch,
        }
    }

    /// Pays `red` and keeps what is left of its claim.
    fn pay(l: &mut Ledger, red: &mut PendingClaim) -> Payment {
        let payment = l.pay(*red).unwrap();
        red.claim = payment.claim_left;
        payment
    }

    /// 300 junior then 700 senior at t = 0.
    fn funded(rate: Decimal) -> Ledger {
        let mut l = Ledger::new(0);
        l.settle(&pos(0, 0, 0, 0), rate, 0).unwrap();
        let minted = l
            .deposit(Tranche::Junior, u(300), u(300), u(0), Decimal::percent(20))
            .unwrap();
        assert_eq!(minted, u(300));
        l.settle(&pos(300, 0, 0, 300), rate, 0).unwrap();
        let minted = l
            .deposit(
                Tranche::Senior,
                u(700),
                u(1_000),
                u(0),
                Decimal::percent(20),
            )
            .unwrap();
        assert_eq!(minted, u(700));
        l
    }

    #[test]
    fn income_pays_the_senior_target_first() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        // a year later 100 of income: senior target is 70
        let s = l.settle(&pos(1_000, 100, 700, 300), rate, YEAR).unwrap();
        assert_eq!(
            s,
            Settlement {
                income: u(100),
                to_senior: u(70),
                to_junior: u(30)
            }
        );
        let split = l.split().unwrap();
        assert_eq!(split.senior_active, u(770));
        assert_eq!(split.junior_active, u(330));
        // short income the next year: all to senior, shortfall not carried
        let s = l
            .settle(&pos(1_000, 140, 700, 300), rate, 2 * YEAR)
            .unwrap();
        assert_eq!(s.to_senior, u(40));
        assert_eq!(s.to_junior, u(0));
        assert_eq!(l.senior_target_carry, Decimal256::zero());
        let s = l
            .settle(&pos(1_000, 240, 700, 300), rate, 3 * YEAR)
            .unwrap();
        assert_eq!(s.to_senior, u(70));
        assert_eq!(s.to_junior, u(30));
    }

    #[test]
    fn target_fractions_are_carried_not_lost() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        // 700 * 10 % per year = 70 a year; 1/8 of a year at a time: 8.75 each
        let mut rewards = 0;
        let mut senior = 0;
        for i in 1..=8 {
            rewards += 20;
            senior += l
                .settle(&pos(1_000, rewards, 700, 300), rate, i * YEAR / 8)
                .unwrap()
                .to_senior
                .u128();
        }
        assert_eq!(senior, 70);
    }

    #[test]
    fn loss_smaller_than_junior_leaves_senior_whole() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        l.settle(&pos(750, 0, 700, 300), rate, 0).unwrap();
        let split = l.split().unwrap();
        assert_eq!(split.senior_active, u(700));
        assert_eq!(split.junior_active, u(50));
        l.ensure_senior_whole().unwrap();
    }

    #[test]
    fn loss_larger_than_junior_reaches_senior() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        l.settle(&pos(600, 0, 700, 300), rate, 0).unwrap();
        let split = l.split().unwrap();
        assert_eq!(split.senior_active, u(600));
        assert_eq!(split.junior_active, u(0));
        assert_eq!(
            l.ensure_senior_whole(),
            Err(ContractError::SeniorImpaired {
                senior_value: u(600),
                senior_entitlement: u(700)
            })
        );
        // income restores the senior tranche before junior sees any
        let s = l.settle(&pos(600, 150, 700, 300), rate, YEAR).unwrap();
        assert_eq!(s.to_senior, u(70));
        let split = l.split().unwrap();
        assert_eq!(split.senior_active, u(750));
        assert_eq!(split.junior_active, u(0));
    }

    #[test]
    fn subordination_is_checked_on_earning_values() {
        let rate = Decimal::percent(10);
        let mut l = Ledger::new(0);
        l.deposit(Tranche::Junior, u(200), u(200), u(0), Decimal::percent(20))
            .unwrap();
        l.settle(&pos(200, 0, 0, 200), rate, 0).unwrap();
        // 200 / (200 + 801) < 20 %
        assert!(matches!(
            l.deposit(
                Tranche::Senior,
                u(801),
                u(1_001),
                u(0),
                Decimal::percent(20)
            ),
            Err(ContractError::SubordinationBreach { .. })
        ));
        l.deposit(
            Tranche::Senior,
            u(800),
            u(1_000),
            u(0),
            Decimal::percent(20),
        )
        .unwrap();
    }

    #[test]
    fn pending_junior_bears_losses_pro_rata_and_earns_nothing() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        let p = pos(1_000, 0, 700, 300);
        l.settle(&p, rate, 0).unwrap();
        let r = l.redeem(Tranche::Junior, u(100), u(300)).unwrap();
        assert_eq!(r.value, u(100));
        let mut red = redemption(Tranche::Junior, r);
        // 150 loss: junior 300 -> 150; pending 100 -> 50, earning 200 -> 100
        let p = pos(1_000, 0, 700, 200);
        l.settle(&repriced(&p, 850), rate, 0).unwrap();
        assert_eq!(l.owed(&red).unwrap(), u(50));
        assert_eq!(l.split().unwrap().junior_active, u(100));
        // a year of income: senior 70, junior earning side 30, pending nothing
        let p = Holdings {
            unclaimed_rewards: u(100),
            ..repriced(&p, 850)
        };
        l.settle(&p, rate, YEAR).unwrap();
        assert_eq!(l.owed(&red).unwrap(), u(50));
        assert_eq!(l.split().unwrap().junior_active, u(130));
        // paid from idle (say the unbonding returned 60 of the value)
        l.idle = u(60);
        let pay = pay(&mut l, &mut red);
        assert_eq!(pay.paid, u(50));
        assert_eq!(pay.owed_left, u(0));
        assert_eq!(l.junior_pending_units, u(0));
        assert_eq!(l.junior_pending_value, u(0));
    }

    #[test]
    fn pending_senior_is_protected_by_junior() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        l.settle(&pos(1_000, 0, 700, 300), rate, 0).unwrap();
        let r = l.redeem(Tranche::Senior, u(350), u(700)).unwrap();
        assert_eq!((r.value, r.claim), (u(350), u(350)));
        assert_eq!(l.senior_principal, u(350));
        let mut red = redemption(Tranche::Senior, r);
        // 250 loss: junior absorbs
        l.settle(&repriced(&pos(1_000, 0, 350, 300), 750), rate, 0)
            .unwrap();
        assert_eq!(l.owed(&red).unwrap(), u(350));
        // 350 more: junior gone, senior loses 100 pro rata (50 each side)
        l.settle(&repriced(&pos(1_000, 0, 350, 300), 600), rate, 0)
            .unwrap();
        assert_eq!(l.owed(&red).unwrap(), u(300));
        assert_eq!(l.split().unwrap().senior_active, u(300));
        // short of cash: a partial payment consumes the claim rounded up
        l.idle = u(100);
        let pay = pay(&mut l, &mut red);
        assert_eq!(pay.paid, u(100));
        // 350 * 100 / 300 = 116.67 -> 117 consumed
        assert_eq!(red.claim, u(233));
        // 233 * 500 / 583
        assert_eq!(pay.owed_left, u(199));
    }

    #[test]
    fn an_impaired_senior_redemption_is_worth_no_more_than_it_is_paid() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        // a year of income: entitlement 770 on 700 tokens
        l.settle(&pos(1_000, 100, 700, 300), rate, YEAR).unwrap();
        assert_eq!(l.senior_entitlement, u(770));
        // a loss takes the vault to 700: junior gone, senior impaired (700 of 770)
        let p = Holdings {
            unclaimed_rewards: u(100),
            ..repriced(&pos(1_000, 100, 700, 300), 600)
        };
        l.settle(&p, rate, YEAR).unwrap();
        assert_eq!(l.split().unwrap().senior, u(700));
        for tokens in [1u128, 3, 7, 10, 99] {
            let supply = 700;
            let mut ledger = l.clone();
            let r = ledger
                .redeem(Tranche::Senior, u(tokens), u(supply))
                .unwrap();
            let red = redemption(Tranche::Senior, r);
            // the value it was shown is what it is owed, never a unit more
            assert_eq!(r.value, ledger.owed(&red).unwrap(), "{tokens} tokens");
            assert!(r.value.u128() * supply <= 700 * tokens);
        }
    }

    #[test]
    fn a_wiped_out_junior_pot_closes_its_epoch() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        l.settle(&pos(1_000, 0, 700, 300), rate, 0).unwrap();
        let old = redemption(
            Tranche::Junior,
            l.redeem(Tranche::Junior, u(300), u(300)).unwrap(),
        );
        // junior wiped out
        l.settle(&repriced(&pos(1_000, 0, 700, 0), 700), rate, 0)
            .unwrap();
        assert_eq!(l.owed(&old).unwrap(), u(0));
        // new junior money, then a new redemption opens a new epoch
        l.deposit(Tranche::Junior, u(100), u(800), u(0), Decimal::percent(20))
            .unwrap();
        let new = redemption(
            Tranche::Junior,
            l.redeem(Tranche::Junior, u(100), u(100)).unwrap(),
        );
        assert_eq!(new.epoch, 1);
        assert_eq!(l.owed(&new).unwrap(), u(100));
        assert_eq!(l.owed(&old).unwrap(), u(0));
    }

    #[test]
    fn orphaned_junior_income_goes_to_senior_holders() {
        let rate = Decimal::percent(10);
        let mut l = funded(rate);
        l.settle(&pos(1_000, 0, 700, 300), rate, 0).unwrap();
        // every junior token burned outside the vault
        l.settle(&pos(1_000, 100, 700, 0), rate, YEAR).unwrap();
        let split = l.split().unwrap();
        assert_eq!(split.junior, u(0));
        assert_eq!(split.senior_active, u(1_100));
    }

    #[test]
    fn minting_rounds_down_and_never_dilutes_into_a_gain() {
        assert_eq!(tokens_for(u(100), u(0), u(0)).unwrap(), u(100));
        assert_eq!(tokens_for(u(100), u(50), u(0)).unwrap(), u(5_100));
        assert_eq!(tokens_for(u(10), u(3), u(7)).unwrap(), u(4));
        // the depositor's share is never worth more than the deposit
        for (c, n, v) in [(7u128, 3u128, 1u128), (1_001, 1, 1_000), (5, 1_000, 3)] {
            let m = tokens_for(u(c), u(n), u(v)).unwrap().u128();
            assert!(m * (v + c) <= c * (n + m), "c={c} n={n} v={v} m={m}");
        }
    }
}
