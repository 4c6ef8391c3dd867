//! Cover pricing and capacity.

use cosmwasm_std::{Decimal, StdError, Uint128, Uint256, Uint512};
use insurance_common::math::{mul_floor, SECONDS_PER_YEAR};
use insurance_common::risk_pool::{PoolParams, PricingParams};

use crate::error::ContractError;
use crate::ledger::pool_capacity;
use crate::state::{Pool, Product};

#[derive(Debug, PartialEq)]
pub struct Quote {
    pub premium: Uint128,
    pub annual_rate: Decimal,
    pub to_stakers: Uint128,
    pub to_treasury: Uint128,
    pub to_claims_fund: Uint128,
}

/// Annual rate at a given utilisation: the base rate plus a surge that grows
/// linearly from `surge_start` to full utilisation, kept within floor and cap.
pub fn annual_rate(base: Decimal, utilisation: Decimal, pricing: &PricingParams) -> Decimal {
    let surge = if utilisation > pricing.surge_start && pricing.surge_start < Decimal::one() {
        let over = (utilisation - pricing.surge_start).min(Decimal::one() - pricing.surge_start);
        pricing.surge_rate * over / (Decimal::one() - pricing.surge_start)
    } else {
        Decimal::zero()
    };
    let rate = base.saturating_add(surge);
    rate.max(pricing.min_annual_rate)
        .min(pricing.max_annual_rate)
}

/// Capacity a product may use: its weight of the pool's capacity.
pub fn product_capacity(
    pool: &Pool,
    product: &Product,
    params: &PoolParams,
) -> Result<Uint128, ContractError> {
    let capacity = pool_capacity(pool, params.capacity_multiple)?;
    Ok(mul_floor(capacity, product.info.capacity_weight)?)
}

/// The line a purchase moves along: the product's active cover `y` grows
/// and the pool's is `y + offset`, against fixed capacities.
struct Line {
    offset: Uint128,
    product_cap: Uint128,
    pool_cap: Uint128,
}

const ONE: u128 = 1_000_000_000_000_000_000;

fn small(v: Uint256) -> Result<u128, ContractError> {
    Ok(Uint128::try_from(v).map_err(StdError::from)?.u128())
}

fn u512(v: impl Into<Uint256>) -> Uint512 {
    Uint512::from(v.into())
}

impl Line {
    /// The busier utilisation at `y` as a fraction `(numerator, denominator)`, at most one.
    fn utilisation(&self, y: Uint128) -> Result<(Uint256, Uint256), ContractError> {
        let pool_n = Uint256::from(y).checked_add(self.offset.into())?;
        let product_n = Uint256::from(y);
        let (pool_c, product_c) = (
            Uint256::from(self.pool_cap),
            Uint256::from(self.product_cap),
        );
        // pool_n / pool_c >= product_n / product_c
        let (n, c) = if pool_n.full_mul(product_c) >= product_n.full_mul(pool_c) {
            (pool_n, pool_c)
        } else {
            (product_n, product_c)
        };
        Ok((n.min(c), c))
    }

    /// The annual rate at `y`, in `Decimal` atomics: `annual_rate` of the busier
    /// utilisation, computed exactly and rounded down once.
    fn rate(&self, y: Uint128, base: Decimal, p: &PricingParams) -> Result<Uint256, ContractError> {
        let (n, c) = self.utilisation(y)?;
        let us = p.surge_start.atomics().u128();
        let over = u512(n) * u512(ONE);
        let start = u512(us) * u512(c);
        let surge = if us < ONE && over > start {
            let num = (over - start) * u512(p.surge_rate.atomics());
            let den = u512(c) * u512(ONE - us);
            Uint256::try_from(num / den).unwrap_or(Uint256::MAX)
        } else {
            Uint256::zero()
        };
        let rate = Uint256::from(base.atomics()).saturating_add(surge);
        Ok(rate
            .max(p.min_annual_rate.atomics().into())
            .min(p.max_annual_rate.atomics().into()))
    }

    /// Levels of `y` where the rate curve bends: the utilisations where the
    /// surge starts, meets the floor or the cap, reaches full use, in either
    /// regime (pool busier, product busier), and where the busier side changes.
    fn bends(&self, base: Decimal, p: &PricingParams) -> Vec<Uint128> {
        let us = p.surge_start.atomics().u128();
        let mut utilisations = vec![us, ONE];
        if us < ONE && !p.surge_rate.is_zero() {
            for target in [p.min_annual_rate, p.max_annual_rate] {
                if target > base {
                    let extra = (target - base).atomics().full_mul(ONE - us)
                        / Uint256::from(p.surge_rate.atomics());
                    if let Ok(extra) = small(extra) {
                        if extra < ONE - us {
                            utilisations.push(us + extra);
                        }
                    }
                }
            }
        }
        let mut points = vec![];
        // pool busier below the crossing, product busier above it
        let crossing = if self.pool_cap > self.product_cap {
            let num = self.offset.full_mul(self.product_cap);
            small(num / Uint256::from(self.pool_cap - self.product_cap)).ok()
        } else {
            None
        };
        if let Some(x) = crossing {
            points.push(x);
        }
        for u in utilisations {
            let at =
                |cap: Uint128| -> Option<u128> { small(cap.full_mul(u) / Uint256::from(ONE)).ok() };
            if let Some(n) = at(self.pool_cap) {
                if let Some(y) = n.checked_sub(self.offset.u128()) {
                    let below = match crossing {
                        Some(x) => y <= x,
                        None => true,
                    };
                    if below {
                        points.push(y);
                    }
                }
            }
            if let Some(y) = at(self.product_cap) {
                if matches!(crossing, Some(x) if y >= x) {
                    points.push(y);
                }
            }
        }
        // The bend lies between a point and the next unit: the curve is
        // linear on either side, so only that unit is interpolated.
        points
            .into_iter()
            .flat_map(|y| [y, y.saturating_add(1)])
            .map(Uint128::new)
            .collect()
    }

    /// Twice the area under the rate curve from `y = 0` to `level`, in
    /// cover units × rate atomics: exact trapezoids between the bends. A
    /// deterministic function of the level on the line, so the premiums of
    /// consecutive purchases add up exactly to the premium of one.
    fn area(
        &self,
        level: Uint128,
        bends: &[Uint128],
        base: Decimal,
        p: &PricingParams,
    ) -> Result<Uint256, ContractError> {
        let mut points: Vec<Uint128> = bends
            .iter()
            .copied()
            .filter(|b| !b.is_zero() && *b < level)
            .collect();
        points.sort();
        points.dedup();
        points.push(level);
        let mut area = Uint256::zero();
        let (mut x0, mut r0) = (Uint128::zero(), self.rate(Uint128::zero(), base, p)?);
        for x1 in points {
            let r1 = self.rate(x1, base, p)?;
            let width = Uint256::from(x1 - x0);
            area = area.checked_add(width.checked_mul(r0.checked_add(r1)?)?)?;
            (x0, r0) = (x1, r1);
        }
        Ok(area)
    }
}

/// Checks a purchase against the product, the duration bounds and both
/// capacity limits, and prices it at the average of the rate curve over the
/// utilisation the purchase spans (the busier of the product and the pool):
/// `premium = ⌈amount × average rate × duration / year⌉`, rounded up once.
/// Splitting a purchase never makes it cheaper: the slices' exact integrals
/// add up to the whole, and each is rounded up.
pub fn quote(
    params: &PoolParams,
    pool: &Pool,
    product: &Product,
    amount: Uint128,
    duration: u64,
) -> Result<Quote, ContractError> {
    if product.paused {
        return Err(ContractError::ProductPaused {
            product_id: product.info.id,
        });
    }
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    if duration < params.min_cover_duration || duration > params.max_cover_duration {
        return Err(ContractError::DurationOutOfBounds {
            duration,
            min: params.min_cover_duration,
            max: params.max_cover_duration,
        });
    }
    let capacity = pool_capacity(pool, params.capacity_multiple)?;
    let available = capacity.saturating_sub(pool.active_cover);
    if amount > available {
        return Err(ContractError::OverCapacity {
            requested: amount,
            available,
        });
    }
    let product_cap = mul_floor(capacity, product.info.capacity_weight)?;
    let product_available = product_cap.saturating_sub(product.active_cover);
    if amount > product_available {
        return Err(ContractError::ProductOverCapacity {
            product_id: product.info.id,
            requested: amount,
            available: product_available,
        });
    }
    let line = Line {
        offset: pool.active_cover.saturating_sub(product.active_cover),
        product_cap,
        pool_cap: capacity,
    };
    let (base, pricing) = (product.info.base_annual_rate, &params.pricing);
    let bends = line.bends(base, pricing);
    let from = line.area(product.active_cover, &bends, base, pricing)?;
    let to = line.area(
        product.active_cover.checked_add(amount)?,
        &bends,
        base,
        pricing,
    )?;
    let area = to.checked_sub(from)?;
    let annual_rate = Decimal::new(Uint128::new(small(
        area / Uint256::from(amount).checked_mul(Uint256::from(2u8))?,
    )?));
    let num = area.checked_mul(Uint256::from(duration))?;
    let den = Uint256::from(2 * ONE) * Uint256::from(SECONDS_PER_YEAR);
    let premium = Uint128::new(small(num.checked_add(den - Uint256::one())? / den)?);
    // Any cover costs at least a unit.
    let premium = premium.max(Uint128::one());
    let split = &params.premium_split;
    let to_treasury = mul_floor(premium, split.treasury)?;
    let to_claims_fund = mul_floor(premium, split.claims_fund)?;
    // Stakers take what rounding leaves, so the split always adds up to the premium.
    let to_stakers = premium
        .checked_sub(to_treasury)?
        .checked_sub(to_claims_fund)?;
    Ok(Quote {
        premium,
        annual_rate,
        to_stakers,
        to_treasury,
        to_claims_fund,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Pool;
    use cosmwasm_std::Decimal256;
    use insurance_common::math::SECONDS_PER_YEAR;
    use insurance_common::risk_pool::{ClaimMethod, ProductInfo, DAY};

    fn pool(assets: u128, active: u128) -> Pool {
        Pool {
            total_assets: Uint128::new(assets),
            total_shares: Uint128::new(assets * 1_000_000),
            active_shares: Uint128::new(assets * 1_000_000),
            reward_reserve: Uint128::zero(),
            reward_index: Decimal256::zero(),
            reward_rate: Decimal256::zero(),
            last_accrual: 0,
            claims_fund: Uint128::zero(),
            active_cover: Uint128::new(active),
            next_bucket: 0,
            circuit_breaker_tripped: false,
            covers_sold: 0,
            next_unbonding_id: 0,
            reinsurance_receivable: Uint128::zero(),
        }
    }

    fn product(weight: u64, active: u128) -> Product {
        Product {
            info: ProductInfo {
                id: 1,
                name: "dex".into(),
                base_annual_rate: Decimal::percent(2),
                capacity_weight: Decimal::percent(weight),
                grace_period: 30 * DAY,
                claim_method: ClaimMethod::Discretionary,
            },
            paused: false,
            active_cover: Uint128::new(active),
            next_bucket: 0,
        }
    }

    #[test]
    fn rate_rises_with_utilisation_between_floor_and_cap() {
        let p = PoolParams::default().pricing;
        let base = Decimal::percent(2);
        assert_eq!(annual_rate(base, Decimal::zero(), &p), base);
        assert_eq!(annual_rate(base, Decimal::percent(80), &p), base);
        // half way through the surge zone: half the surge
        assert_eq!(
            annual_rate(base, Decimal::percent(90), &p),
            Decimal::percent(7)
        );
        assert_eq!(
            annual_rate(base, Decimal::percent(100), &p),
            Decimal::percent(12)
        );
        // floor and cap
        assert_eq!(
            annual_rate(Decimal::zero(), Decimal::zero(), &p),
            p.min_annual_rate
        );
        assert_eq!(
            annual_rate(Decimal::percent(30), Decimal::zero(), &p),
            p.max_annual_rate
        );
        let mut monotone = Decimal::zero();
        for u in 0..=100u64 {
            let r = annual_rate(base, Decimal::percent(u), &p);
            assert!(r >= monotone);
            monotone = r;
        }
    }

    #[test]
    fn quote_prices_and_splits_in_the_pools_favour() {
        let params = PoolParams::default();
        // capacity 2_000_000; product may use all of it; 10 % post-purchase utilisation
        let q = quote(
            &params,
            &pool(1_000_000, 0),
            &product(100, 0),
            Uint128::new(200_000),
            SECONDS_PER_YEAR,
        )
        .unwrap();
        assert_eq!(q.annual_rate, Decimal::percent(2));
        assert_eq!(q.premium, Uint128::new(4_000));
        assert_eq!(q.to_treasury, Uint128::new(600));
        assert_eq!(q.to_claims_fund, Uint128::new(400));
        assert_eq!(q.to_stakers, Uint128::new(3_000));
        // a premium that does not split evenly: the remainder goes to stakers, premium rounds up
        let q = quote(
            &params,
            &pool(1_000_000, 0),
            &product(100, 0),
            Uint128::new(1_001),
            30 * DAY,
        )
        .unwrap();
        assert_eq!(q.premium, Uint128::new(2)); // 1001 * 2 % * 30/365 = 1.64 -> 2
        assert_eq!(q.to_treasury + q.to_claims_fund + q.to_stakers, q.premium);
    }

    #[test]
    fn a_busy_pool_surges_a_quiet_product() {
        let params = PoolParams::default();
        // product at 50 % of its cap, pool at 90 % of capacity after the purchase
        let q = quote(
            &params,
            &pool(1_000_000, 1_700_000),
            &product(10, 0),
            Uint128::new(100_000),
            SECONDS_PER_YEAR,
        )
        .unwrap();
        // the pool goes from 85 % to 90 %: surge 2.5 % to 5 %, 3.75 % on average
        assert_eq!(q.annual_rate, Decimal::from_ratio(575u128, 10_000u128));
        assert_eq!(q.premium, Uint128::new(5_750));
    }

    #[test]
    fn the_premium_is_the_average_of_the_curve_over_the_span() {
        let params = PoolParams::default();
        // 80 % -> 100 % of the pool: surge 0 -> 10 %, 5 % on average, plus 2 %
        let q = quote(
            &params,
            &pool(1_000_000, 1_600_000),
            &product(100, 1_600_000),
            Uint128::new(400_000),
            SECONDS_PER_YEAR,
        )
        .unwrap();
        assert_eq!(q.annual_rate, Decimal::percent(7));
        assert_eq!(q.premium, Uint128::new(28_000));
        // 70 % -> 90 %: flat 2 % for half, then 2 % -> 7 %: 3.25 % on average
        let q = quote(
            &params,
            &pool(1_000_000, 1_400_000),
            &product(100, 1_400_000),
            Uint128::new(400_000),
            SECONDS_PER_YEAR,
        )
        .unwrap();
        assert_eq!(q.premium, Uint128::new(13_000));
        // the cap bends the curve: a 20 % base meets the 25 % cap at 90 %
        let mut p = product(100, 1_600_000);
        p.info.base_annual_rate = Decimal::percent(20);
        let q = quote(
            &params,
            &pool(1_000_000, 1_600_000),
            &p,
            Uint128::new(400_000),
            SECONDS_PER_YEAR,
        )
        .unwrap();
        // 200k at 20 % -> 25 % (22.5 % avg) and 200k at 25 %
        assert_eq!(q.premium, Uint128::new(45_000 + 50_000));
    }

    /// A small deterministic generator, so the test needs no dependency.
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn splitting_never_changes_the_price() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut params = PoolParams::default();
        for case in 0..2_000 {
            params.pricing.surge_start = Decimal::percent(next(&mut seed) % 101);
            params.pricing.surge_rate = Decimal::percent(next(&mut seed) % 60);
            params.pricing.min_annual_rate = Decimal::permille(1 + next(&mut seed) % 30);
            params.pricing.max_annual_rate =
                params.pricing.min_annual_rate + Decimal::percent(next(&mut seed) % 40);
            let assets = 1 + (next(&mut seed) % 10_000_000) as u128;
            let capacity = assets * 2;
            let pool_active = (next(&mut seed) as u128) % (capacity + 1);
            let weight = 1 + next(&mut seed) % 100;
            let mut prod = product(weight, 0);
            prod.info.base_annual_rate = Decimal::permille(next(&mut seed) % 200);
            let cap = capacity * weight as u128 / 100;
            prod.active_cover =
                Uint128::new((next(&mut seed) as u128) % (cap + 1)).min(Uint128::new(pool_active));
            let left = (capacity - pool_active).min(cap - prod.active_cover.u128());
            if left == 0 {
                continue;
            }
            let amount = 1 + (next(&mut seed) as u128) % left;
            let duration = params.min_cover_duration
                + next(&mut seed) % (params.max_cover_duration - params.min_cover_duration);
            let mut p = pool(assets, pool_active);
            let q = quote(&params, &p, &prod, Uint128::new(amount), duration).unwrap();
            let whole = q.premium.u128();
            // the average lies between the rates at both ends of the span
            let busier = |extra: u128| {
                let pu = Decimal::from_ratio(pool_active + extra, capacity);
                let uu = Decimal::from_ratio(prod.active_cover.u128() + extra, cap);
                pu.max(uu)
            };
            let (lo, hi) = (
                annual_rate(prod.info.base_annual_rate, busier(0), &params.pricing),
                annual_rate(prod.info.base_annual_rate, busier(amount), &params.pricing),
            );
            // bends are placed to the unit: the interpolated unit around each
            // one may miss the curve by its slope per unit
            let slope = params
                .pricing
                .surge_rate
                .to_string()
                .parse::<f64>()
                .unwrap()
                / (cap.min(capacity) as f64)
                / (1.0
                    - params
                        .pricing
                        .surge_start
                        .to_string()
                        .parse::<f64>()
                        .unwrap())
                .max(0.01);
            let tol = 1e-9 + 24.0 * slope / amount as f64;
            let tick = Decimal::from_ratio((tol * 1e18) as u128, 10u128.pow(18));
            assert!(
                q.annual_rate + tick >= lo,
                "case {case}: {} < {lo} amount {amount} cap {cap} capacity {capacity} pool {pool_active} prod {} {:?} base {}",
                q.annual_rate, prod.active_cover, params.pricing, prod.info.base_annual_rate
            );
            assert!(
                q.annual_rate <= hi + tick,
                "case {case}: {} > {hi}",
                q.annual_rate
            );
            let n = 1 + (next(&mut seed) % 12) as u128;
            let mut total = 0;
            let mut bought = 0;
            for k in 0..n {
                let slice = if k + 1 == n {
                    amount - bought
                } else {
                    amount / n
                };
                if slice == 0 {
                    continue;
                }
                total += quote(&params, &p, &prod, Uint128::new(slice), duration)
                    .unwrap()
                    .premium
                    .u128();
                p.active_cover += Uint128::new(slice);
                prod.active_cover += Uint128::new(slice);
                bought += slice;
            }
            assert!(total >= whole, "case {case}: {n} slices {total} < {whole}");
            assert!(
                total < whole + n,
                "case {case}: {n} slices {total} vs {whole}"
            );
        }
    }

    #[test]
    fn quote_enforces_capacity_and_bounds() {
        let params = PoolParams::default();
        let err = quote(
            &params,
            &pool(1_000, 1_900),
            &product(100, 0),
            Uint128::new(101),
            30 * DAY,
        )
        .unwrap_err();
        assert_eq!(
            err,
            ContractError::OverCapacity {
                requested: Uint128::new(101),
                available: Uint128::new(100)
            }
        );
        let err = quote(
            &params,
            &pool(1_000, 0),
            &product(10, 150),
            Uint128::new(51),
            30 * DAY,
        )
        .unwrap_err();
        assert_eq!(
            err,
            ContractError::ProductOverCapacity {
                product_id: 1,
                requested: Uint128::new(51),
                available: Uint128::new(50)
            }
        );
        let err = quote(
            &params,
            &pool(1_000, 0),
            &product(100, 0),
            Uint128::new(1),
            DAY,
        )
        .unwrap_err();
        assert!(matches!(err, ContractError::DurationOutOfBounds { .. }));
        let err = quote(
            &params,
            &pool(1_000, 0),
            &product(100, 0),
            Uint128::zero(),
            30 * DAY,
        )
        .unwrap_err();
        assert_eq!(err, ContractError::ZeroAmount {});
        let mut paused = product(100, 0);
        paused.paused = true;
        let err = quote(&params, &pool(1_000, 0), &paused, Uint128::new(1), 30 * DAY).unwrap_err();
        assert_eq!(err, ContractError::ProductPaused { product_id: 1 });
        // empty pool: no capacity at all
        let err = quote(
            &params,
            &pool(0, 0),
            &product(100, 0),
            Uint128::new(1),
            30 * DAY,
        )
        .unwrap_err();
        assert!(matches!(err, ContractError::OverCapacity { .. }));
    }
}
