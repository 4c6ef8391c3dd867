//! Treaty terms: what both sides register, the ceded premium, exposure and
//! recoveries they imply, and their validation.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, StdResult, Timestamp, Uint128};
use thiserror::Error;

use crate::math::mul_floor;

/// Which side of a treaty this bridge is on.
#[cw_serde]
#[derive(Copy)]
pub enum Role {
    /// This chain's pool cedes premiums and recovers losses.
    Cedent,
    /// This chain's bridge holds the reinsurance capital.
    Reinsurer,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Role::Cedent => "cedent",
            Role::Reinsurer => "reinsurer",
        })
    }
}

#[cw_serde]
pub enum TreatyKind {
    /// The reinsurer takes `share` of every premium and of every loss.
    QuotaShare { share: Decimal },
    /// The reinsurer pays the part of each loss event above `retention`, up to
    /// `limit` per event and `aggregate_limit` over the treaty, for
    /// `premium_rate` of every premium.
    ExcessOfLoss {
        retention: Uint128,
        limit: Uint128,
        aggregate_limit: Uint128,
        premium_rate: Decimal,
    },
}

/// The terms both sides register. They must be identical on both chains:
/// each side computes ceded premium, exposure and recoveries from them.
#[cw_serde]
pub struct TreatyTerms {
    /// Unique per channel.
    pub id: u32,
    pub kind: TreatyKind,
    /// Covers sold from `start` (inclusive) to `end` (exclusive) are ceded
    /// (risks-attaching basis); their losses stay recoverable after `end`.
    pub start: Timestamp,
    pub end: Timestamp,
    /// Most exposure the reinsurer accepts under the treaty.
    pub capacity: Uint128,
    /// The cedent pool's collateral denom (native on the cedent's chain); the
    /// reinsurer pays recoveries in its ICS-20 voucher.
    pub cedent_denom: String,
    /// The cedent's products under the treaty (a product is under at most one treaty).
    pub products: Vec<u32>,
}

/// Most products one treaty may list.
pub const MAX_TREATY_PRODUCTS: usize = 32;

impl TreatyTerms {
    /// Premium ceded out of a cover's premium, rounded down.
    pub fn ceded_premium(&self, premium: Uint128) -> StdResult<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => mul_floor(premium, *share),
            TreatyKind::ExcessOfLoss { premium_rate, .. } => mul_floor(premium, *premium_rate),
        }
    }

    /// Most the reinsurer can pay over a cover's life: the quota share of the
    /// cover amount; under excess of loss the cover amount (its losses add up
    /// with the other losses of their event, so a cover under the retention
    /// still counts), capped by the per-event and aggregate limits.
    pub fn exposure(&self, cover_amount: Uint128) -> StdResult<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => mul_floor(cover_amount, *share),
            TreatyKind::ExcessOfLoss {
                aggregate_limit, ..
            } => Ok(cover_amount.min(*aggregate_limit)),
        }
    }

    /// The reinsurer's part of one loss event whose losses add up to
    /// `event_losses`, before the per-cover and aggregate caps, rounded down:
    /// the quota share of it, or the layer above the retention up to the
    /// per-event limit.
    pub fn recovery(&self, event_losses: Uint128) -> StdResult<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => mul_floor(event_losses, *share),
            TreatyKind::ExcessOfLoss {
                retention, limit, ..
            } => Ok(event_losses.saturating_sub(*retention).min(*limit)),
        }
    }

    /// Whether recoveries are computed on a whole event's losses (excess of
    /// loss) rather than on each payout (quota share).
    pub fn per_event(&self) -> bool {
        matches!(self.kind, TreatyKind::ExcessOfLoss { .. })
    }

    /// The treaty's aggregate limit on recoveries, if it has one.
    pub fn aggregate_limit(&self) -> Option<Uint128> {
        match &self.kind {
            TreatyKind::QuotaShare { .. } => None,
            TreatyKind::ExcessOfLoss {
                aggregate_limit, ..
            } => Some(*aggregate_limit),
        }
    }

    /// True when covers sold at `at` are ceded.
    pub fn in_force(&self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }

    /// Checks the terms are coherent.
    pub fn validate(&self) -> Result<(), TreatyError> {
        match &self.kind {
            TreatyKind::QuotaShare { share } => {
                if share.is_zero() || *share > Decimal::one() {
                    return Err(TreatyError::QuotaShare);
                }
            }
            TreatyKind::ExcessOfLoss {
                limit,
                aggregate_limit,
                premium_rate,
                ..
            } => {
                if limit.is_zero() || aggregate_limit < limit {
                    return Err(TreatyError::Limits);
                }
                if premium_rate.is_zero() || *premium_rate > Decimal::one() {
                    return Err(TreatyError::PremiumRate);
                }
            }
        }
        if self.start >= self.end {
            return Err(TreatyError::Term);
        }
        if self.capacity.is_zero() {
            return Err(TreatyError::Capacity);
        }
        if self.cedent_denom.is_empty() {
            return Err(TreatyError::CedentDenom);
        }
        if self.products.is_empty() || self.products.len() > MAX_TREATY_PRODUCTS {
            return Err(TreatyError::ProductCount);
        }
        let mut sorted = self.products.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != self.products.len() {
            return Err(TreatyError::DuplicateProducts);
        }
        Ok(())
    }
}

/// Why treaty terms (or a treaty's registration) are refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreatyError {
    #[error("quota share must be above 0 and at most 1")]
    QuotaShare,
    #[error("limits must satisfy 0 < limit <= aggregate limit")]
    Limits,
    #[error("premium rate must be above 0 and at most 1")]
    PremiumRate,
    #[error("term must start before it ends")]
    Term,
    #[error("capacity must be above 0")]
    Capacity,
    #[error("cedent denom is empty")]
    CedentDenom,
    #[error("a treaty lists 1 to {} products", MAX_TREATY_PRODUCTS)]
    ProductCount,
    #[error("products are listed twice")]
    DuplicateProducts,
    #[error("transfer channel is empty")]
    TransferChannel,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(kind: TreatyKind) -> TreatyTerms {
        TreatyTerms {
            id: 1,
            kind,
            start: Timestamp::from_seconds(100),
            end: Timestamp::from_seconds(200),
            capacity: Uint128::new(1_000),
            cedent_denom: "uusdc".into(),
            products: vec![1, 2],
        }
    }

    #[test]
    fn quota_share_takes_its_share_rounded_down() {
        let t = terms(TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        });
        assert_eq!(
            t.ceded_premium(Uint128::new(1_001)).unwrap(),
            Uint128::new(300)
        );
        assert_eq!(
            t.exposure(Uint128::new(10_000)).unwrap(),
            Uint128::new(3_000)
        );
        assert_eq!(t.recovery(Uint128::new(999)).unwrap(), Uint128::new(299));
        assert_eq!(t.aggregate_limit(), None);
        assert_eq!(t.validate(), Ok(()));
    }

    #[test]
    fn excess_of_loss_pays_the_layer() {
        let t = terms(TreatyKind::ExcessOfLoss {
            retention: Uint128::new(1_000),
            limit: Uint128::new(5_000),
            aggregate_limit: Uint128::new(8_000),
            premium_rate: Decimal::percent(10),
        });
        assert_eq!(
            t.ceded_premium(Uint128::new(555)).unwrap(),
            Uint128::new(55)
        );
        assert_eq!(t.recovery(Uint128::new(800)).unwrap(), Uint128::zero());
        assert_eq!(
            t.recovery(Uint128::new(3_000)).unwrap(),
            Uint128::new(2_000)
        );
        assert_eq!(
            t.recovery(Uint128::new(30_000)).unwrap(),
            Uint128::new(5_000)
        );
        // a cover's losses join their event's: a cover under the retention still counts
        assert_eq!(
            t.exposure(Uint128::new(4_000)).unwrap(),
            Uint128::new(4_000)
        );
        assert_eq!(
            t.exposure(Uint128::new(40_000)).unwrap(),
            Uint128::new(8_000)
        );
        assert_eq!(t.aggregate_limit(), Some(Uint128::new(8_000)));
        assert_eq!(t.validate(), Ok(()));
    }

    #[test]
    fn term_is_half_open() {
        let t = terms(TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        });
        assert!(!t.in_force(Timestamp::from_seconds(99)));
        assert!(t.in_force(Timestamp::from_seconds(100)));
        assert!(t.in_force(Timestamp::from_seconds(199)));
        assert!(!t.in_force(Timestamp::from_seconds(200)));
    }

    #[test]
    fn incoherent_terms_are_refused() {
        let qs = |share| {
            terms(TreatyKind::QuotaShare {
                share: Decimal::percent(share),
            })
        };
        assert_eq!(qs(0).validate(), Err(TreatyError::QuotaShare));
        assert_eq!(qs(101).validate(), Err(TreatyError::QuotaShare));
        let mut t = qs(50);
        t.end = t.start;
        assert_eq!(t.validate(), Err(TreatyError::Term));
        let mut t = qs(50);
        t.products = vec![1, 1];
        assert_eq!(t.validate(), Err(TreatyError::DuplicateProducts));
        let mut t = qs(50);
        t.products = vec![];
        assert_eq!(t.validate(), Err(TreatyError::ProductCount));
        t.products = (0..=MAX_TREATY_PRODUCTS as u32).collect();
        assert_eq!(t.validate(), Err(TreatyError::ProductCount));
        let mut t = qs(50);
        t.capacity = Uint128::zero();
        assert_eq!(t.validate(), Err(TreatyError::Capacity));
        let mut t = qs(50);
        t.cedent_denom = String::new();
        assert_eq!(t.validate(), Err(TreatyError::CedentDenom));
        let xol = terms(TreatyKind::ExcessOfLoss {
            retention: Uint128::new(1),
            limit: Uint128::new(10),
            aggregate_limit: Uint128::new(5),
            premium_rate: Decimal::percent(10),
        });
        assert_eq!(xol.validate(), Err(TreatyError::Limits));
        let free = terms(TreatyKind::ExcessOfLoss {
            retention: Uint128::new(1),
            limit: Uint128::new(10),
            aggregate_limit: Uint128::new(50),
            premium_rate: Decimal::zero(),
        });
        assert_eq!(free.validate(), Err(TreatyError::PremiumRate));
    }
}
