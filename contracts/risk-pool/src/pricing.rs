//! Cover pricing and capacity.

use cosmwasm_std::{Decimal, Uint128};
use insurance_common::math::{mul_floor, premium};
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

fn ratio(part: Uint128, whole: Uint128) -> Result<Decimal, ContractError> {
    Decimal::checked_from_ratio(part, whole)
        .map_err(|e| ContractError::Std(cosmwasm_std::StdError::generic_err(e.to_string())))
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

/// Checks a purchase against the product, the duration bounds and both
/// capacity limits, and prices it at the utilisation the cover itself would
/// bring (so splitting a purchase never makes it cheaper).
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
    // The busier of the product and the pool sets the price.
    let product_utilisation = ratio(product.active_cover.checked_add(amount)?, product_cap)?;
    let pool_utilisation = ratio(pool.active_cover.checked_add(amount)?, capacity)?;
    let utilisation = product_utilisation.max(pool_utilisation);
    let annual_rate = annual_rate(product.info.base_annual_rate, utilisation, &params.pricing);
    let premium = premium(amount, annual_rate, duration)?;
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
        assert_eq!(q.annual_rate, Decimal::percent(7));
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
