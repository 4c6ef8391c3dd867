//! Time-driven bookkeeping: premium streaming and cover expiry.
//!
//! Both change only at bucket boundaries, so bringing the books up to date
//! costs one read per elapsed bucket, whatever the number of covers or stakers.

use cosmwasm_std::{Order, StdResult, Storage, Uint128};

use crate::error::ContractError;
use crate::state::{bucket_end, Pool, Product, Staker, BUCKETS, EXPIRIES, MAX_BUCKETS_PER_CALL};

fn accrue_rewards(pool: &mut Pool, to: u64) -> StdResult<()> {
    pool.accrue_rewards(to)
}

/// Brings the pool's books up to `now`, processing at most
/// `MAX_BUCKETS_PER_CALL` buckets. Returns the processed buckets (for the
/// caller to delete) and whether the books reached `now`.
pub fn advance_pool(
    storage: &dyn Storage,
    pool: &mut Pool,
    now: u64,
) -> StdResult<(Vec<u64>, bool)> {
    let mut processed = vec![];
    let mut steps = 0;
    while bucket_end(pool.next_bucket) <= now {
        if steps == MAX_BUCKETS_PER_CALL {
            return Ok((processed, false));
        }
        steps += 1;
        let bucket = pool.next_bucket;
        accrue_rewards(pool, bucket_end(bucket))?;
        if let Some(b) = BUCKETS.may_load(storage, bucket)? {
            pool.active_cover = pool.active_cover.checked_sub(b.cover)?;
            pool.reward_rate = pool.reward_rate.checked_sub(b.reward_rate)?;
            processed.push(bucket);
        }
        // One record per product with a cover ending in the bucket.
        for e in EXPIRIES
            .prefix(bucket)
            .range(storage, None, None, Order::Ascending)
        {
            let (_, e) = e?;
            pool.active_cover = pool.active_cover.checked_sub(e.cover)?;
            pool.reward_rate = pool.reward_rate.checked_sub(e.reward_rate)?;
        }
        pool.next_bucket += 1;
    }
    accrue_rewards(pool, now)?;
    Ok((processed, true))
}

/// Like `advance_pool` for one product's active cover, up to the pool's
/// `next_bucket` at most: a product deletes the expiries it processes, so the
/// pool must have counted them first.
pub fn advance_product(
    storage: &dyn Storage,
    product: &mut Product,
    now: u64,
    pool_next_bucket: u64,
) -> StdResult<(Vec<u64>, bool)> {
    let mut processed = vec![];
    let mut steps = 0;
    while bucket_end(product.next_bucket) <= now {
        if steps == MAX_BUCKETS_PER_CALL || product.next_bucket >= pool_next_bucket {
            return Ok((processed, false));
        }
        steps += 1;
        let bucket = product.next_bucket;
        if let Some(e) = EXPIRIES.may_load(storage, (bucket, product.info.id))? {
            product.active_cover = product.active_cover.checked_sub(e.cover)?;
            processed.push(bucket);
        }
        product.next_bucket += 1;
    }
    Ok((processed, true))
}

/// Execute-side wrapper: advances and deletes the spent buckets. Returns
/// whether the books reached `now`.
pub fn sync_pool(storage: &mut dyn Storage, pool: &mut Pool, now: u64) -> StdResult<bool> {
    let (spent, done) = advance_pool(storage, pool, now)?;
    for bucket in spent {
        BUCKETS.remove(storage, bucket);
    }
    Ok(done)
}

pub fn sync_product(
    storage: &mut dyn Storage,
    product: &mut Product,
    now: u64,
    pool_next_bucket: u64,
) -> StdResult<bool> {
    let (spent, done) = advance_product(storage, product, now, pool_next_bucket)?;
    for bucket in spent {
        EXPIRIES.remove(storage, (bucket, product.info.id));
    }
    Ok(done)
}

/// Actions other than `Sync` need books that are up to date.
pub fn require_synced(done: bool) -> Result<(), ContractError> {
    if done {
        Ok(())
    } else {
        Err(ContractError::SyncRequired {})
    }
}

/// Credits a staker with what their earning shares accrued since their last action.
pub fn settle_staker(staker: &mut Staker, pool: &Pool) -> StdResult<()> {
    staker.settle(pool)
}

/// Capital times the capacity multiple.
pub fn pool_capacity(pool: &Pool, multiple: cosmwasm_std::Decimal) -> StdResult<Uint128> {
    insurance_common::math::mul_floor(pool.total_assets, multiple)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{bucket_of, Bucket, BUCKET_SECONDS};
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::Decimal256;

    fn pool(now: u64) -> Pool {
        Pool {
            total_assets: Uint128::new(1_000),
            total_shares: Uint128::new(1_000_000_000),
            active_shares: Uint128::new(1_000_000_000),
            reward_reserve: Uint128::new(700),
            reward_index: Decimal256::zero(),
            reward_rate: Decimal256::zero(),
            last_accrual: now,
            claims_fund: Uint128::zero(),
            active_cover: Uint128::zero(),
            next_bucket: bucket_of(now),
            circuit_breaker_tripped: false,
            covers_sold: 0,
            next_unbonding_id: 1,
            reinsurance_receivable: Uint128::zero(),
        }
    }

    #[test]
    fn rewards_stream_until_their_bucket_ends() {
        let mut storage = MockStorage::new();
        let start = 100 * BUCKET_SECONDS;
        let mut p = pool(start);
        // 700 over one bucket
        let rate = Decimal256::from_ratio(700u128, BUCKET_SECONDS);
        p.reward_rate = rate;
        p.active_cover = Uint128::new(5_000);
        BUCKETS
            .save(
                &mut storage,
                100,
                &Bucket {
                    cover: Uint128::new(5_000),
                    reward_rate: rate,
                },
            )
            .unwrap();
        let (spent, done) = advance_pool(&storage, &mut p, start + 3 * BUCKET_SECONDS).unwrap();
        assert!(done);
        assert_eq!(spent, vec![100]);
        assert_eq!(p.reward_rate, Decimal256::zero());
        assert_eq!(p.active_cover, Uint128::zero());
        let mut staker = Staker {
            shares: p.active_shares,
            ..Staker::default()
        };
        settle_staker(&mut staker, &p).unwrap();
        assert!(staker.pending_rewards <= Uint128::new(700));
        assert!(staker.pending_rewards >= Uint128::new(699));
    }

    #[test]
    fn premium_with_nobody_earning_joins_capital() {
        let storage = MockStorage::new();
        let start = 10 * BUCKET_SECONDS;
        let mut p = pool(start);
        p.active_shares = Uint128::zero();
        p.reward_rate = Decimal256::from_ratio(1u128, 1u128);
        advance_pool(&storage, &mut p, start + 100).unwrap();
        assert_eq!(p.total_assets, Uint128::new(1_100));
        assert_eq!(p.reward_reserve, Uint128::new(600));
        assert_eq!(p.reward_index, Decimal256::zero());
    }

    /// A product deletes the expiries it processes: it never passes the pool,
    /// which must count them first.
    #[test]
    fn a_product_catches_up_only_as_far_as_the_pool() {
        use crate::state::{Product, EXPIRIES};
        use insurance_common::risk_pool::{ClaimMethod, ProductInfo};

        let mut storage = MockStorage::new();
        let start = 100 * BUCKET_SECONDS;
        let mut product = Product {
            info: ProductInfo {
                id: 1,
                name: "dex".into(),
                base_annual_rate: cosmwasm_std::Decimal::percent(2),
                capacity_weight: cosmwasm_std::Decimal::one(),
                grace_period: 0,
                claim_method: ClaimMethod::Discretionary,
            },
            paused: false,
            active_cover: Uint128::new(700),
            next_bucket: 100,
        };
        for (bucket, cover) in [(100, 300u128), (101, 400)] {
            EXPIRIES
                .save(
                    &mut storage,
                    (bucket, 1),
                    &Bucket {
                        cover: Uint128::new(cover),
                        reward_rate: Decimal256::zero(),
                    },
                )
                .unwrap();
        }
        let now = start + 3 * BUCKET_SECONDS;
        // the pool has processed bucket 100 only
        assert!(!sync_product(&mut storage, &mut product, now, 101).unwrap());
        assert_eq!(product.active_cover, Uint128::new(400));
        assert_eq!(product.next_bucket, 101);
        assert!(!EXPIRIES.has(&storage, (100, 1)));
        assert!(EXPIRIES.has(&storage, (101, 1)));
        // and the pool still finds bucket 101's record
        let mut p = pool(start + BUCKET_SECONDS);
        p.next_bucket = 101;
        p.active_cover = Uint128::new(400);
        advance_pool(&storage, &mut p, now).unwrap();
        assert_eq!(p.active_cover, Uint128::zero());
        assert!(sync_product(&mut storage, &mut product, now, p.next_bucket).unwrap());
        assert_eq!(product.active_cover, Uint128::zero());
    }

    #[test]
    fn one_call_processes_a_bounded_number_of_buckets() {
        let storage = MockStorage::new();
        let mut p = pool(0);
        let far = (MAX_BUCKETS_PER_CALL + 10) * BUCKET_SECONDS;
        let (_, done) = advance_pool(&storage, &mut p, far).unwrap();
        assert!(!done);
        assert_eq!(p.next_bucket, MAX_BUCKETS_PER_CALL);
        // rewards accrued only up to the last processed boundary
        assert_eq!(p.last_accrual, MAX_BUCKETS_PER_CALL * BUCKET_SECONDS);
        let (_, done) = advance_pool(&storage, &mut p, far).unwrap();
        assert!(done);
        assert_eq!(p.last_accrual, far);
    }
}
