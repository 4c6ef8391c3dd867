//! Queries. Time-dependent figures are brought up to the queried block
//! without writing, the same way an execute would.

use cosmwasm_std::{Decimal, Deps, StdResult, Timestamp, Uint128};
use insurance_common::math::{mul_ceil, share_price, shares_to_assets};
use insurance_common::risk_pool::{
    ConfigResponse, CoverResponse, PoolStateResponse, ProductResponse, ProductsResponse,
    QuoteResponse, StakerResponse, UnbondingResponse, UnbondingsResponse,
};

use insurance_common::pagination::{page, prefix_page};

use crate::error::ContractError;
use crate::execute::reinsurance;
use crate::execute::staking::reserved_claims;
use crate::ledger::{advance_pool, advance_product, pool_capacity, require_synced, settle_staker};
use crate::pricing::{self, product_capacity};
use crate::state::{
    load_cover, load_product, Pool, Product, CONFIG, POOL, PRODUCTS, STAKERS, UNBONDINGS,
};

fn current_pool(deps: Deps, now: Timestamp) -> StdResult<Pool> {
    let mut pool = POOL.load(deps.storage)?;
    advance_pool(deps.storage, &mut pool, now.seconds())?;
    Ok(pool)
}

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    CONFIG.load(deps.storage)
}

pub fn pool_state(deps: Deps, now: Timestamp) -> StdResult<PoolStateResponse> {
    let config = CONFIG.load(deps.storage)?;
    let pool = current_pool(deps, now)?;
    let capacity = pool_capacity(&pool, config.params.capacity_multiple)?;
    let utilisation = if capacity.is_zero() {
        if pool.active_cover.is_zero() {
            Decimal::zero()
        } else {
            Decimal::one()
        }
    } else {
        Decimal::from_ratio(pool.active_cover, capacity)
    };
    Ok(PoolStateResponse {
        total_assets: pool.total_assets,
        total_shares: pool.total_shares,
        active_shares: pool.active_shares,
        share_price: share_price(pool.total_assets, pool.total_shares)?,
        active_cover: pool.active_cover,
        capacity,
        capacity_left: capacity.saturating_sub(pool.active_cover),
        utilisation,
        minimum_capital: mul_ceil(pool.active_cover, config.params.min_capital_ratio)?,
        reward_reserve: pool.reward_reserve,
        reward_rate: pool.reward_rate,
        claims_fund: pool.claims_fund,
        reinsurance_receivable: pool.reinsurance_receivable,
        circuit_breaker_tripped: pool.circuit_breaker_tripped,
        covers_sold: pool.covers_sold,
    })
}

pub fn staker(deps: Deps, now: Timestamp, address: String) -> StdResult<StakerResponse> {
    let address = deps.api.addr_validate(&address)?;
    let pool = current_pool(deps, now)?;
    let mut staker = STAKERS
        .may_load(deps.storage, &address)?
        .unwrap_or_default();
    settle_staker(&mut staker, &pool)?;
    Ok(StakerResponse {
        value: shares_to_assets(staker.shares, pool.total_assets, pool.total_shares)?,
        address,
        shares: staker.shares,
        unbonding_shares: staker.unbonding_shares,
        pending_rewards: staker.pending_rewards,
    })
}

pub fn unbondings(
    deps: Deps,
    now: Timestamp,
    staker: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<UnbondingsResponse> {
    let staker = deps.api.addr_validate(&staker)?;
    let config = CONFIG.load(deps.storage)?;
    let pool = current_pool(deps, now)?;
    // What `Withdraw` pays: net of the claims reserve.
    let net_assets = pool.total_assets - reserved_claims(deps, &config, &pool)?;
    let unbondings = prefix_page(
        &UNBONDINGS.prefix(&staker),
        deps.storage,
        start_after,
        limit,
    )
    .map(|item| {
        let (id, u) = item?;
        Ok(UnbondingResponse {
            id,
            shares: u.shares,
            value: shares_to_assets(u.shares, net_assets, pool.total_shares)?,
            release_at: u.release_at,
            withdrawable: now >= u.release_at,
        })
    })
    .collect::<StdResult<_>>()?;
    Ok(UnbondingsResponse { unbondings })
}

fn product_response(
    deps: Deps,
    now: Timestamp,
    product: Product,
) -> Result<ProductResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let pool = current_pool(deps, now)?;
    let mut product = product;
    advance_product(deps.storage, &mut product, now.seconds(), pool.next_bucket)?;
    let capacity = product_capacity(&pool, &product, &config.params)?;
    let pool_left =
        pool_capacity(&pool, config.params.capacity_multiple)?.saturating_sub(pool.active_cover);
    Ok(ProductResponse {
        capacity_left: capacity.saturating_sub(product.active_cover).min(pool_left),
        capacity,
        active_cover: product.active_cover,
        paused: product.paused,
        product: product.info,
    })
}

pub fn product(
    deps: Deps,
    now: Timestamp,
    product_id: u32,
) -> Result<ProductResponse, ContractError> {
    product_response(deps, now, load_product(deps.storage, product_id)?)
}

pub fn products(
    deps: Deps,
    now: Timestamp,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<ProductsResponse, ContractError> {
    let products = page(&PRODUCTS, deps.storage, start_after, limit)
        .map(|item| {
            let (id, _) = item?;
            product_response(deps, now, load_product(deps.storage, id)?)
        })
        .collect::<Result<_, _>>()?;
    Ok(ProductsResponse { products })
}

pub fn quote(
    deps: Deps,
    now: Timestamp,
    product_id: u32,
    amount: Uint128,
    duration: u64,
) -> Result<QuoteResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    // The books `BuyCover` would see: after a long idle spell it asks for a
    // `Sync` first, and so does the quote.
    let mut pool = POOL.load(deps.storage)?;
    require_synced(advance_pool(deps.storage, &mut pool, now.seconds())?.1)?;
    let mut product = load_product(deps.storage, product_id)?;
    require_synced(
        advance_product(deps.storage, &mut product, now.seconds(), pool.next_bucket)?.1,
    )?;
    crate::execute::cover::require_sale_open(deps, &config, &product, product_id)?;
    let q = pricing::quote(&config.params, &pool, &product, amount, duration)?;
    // The split `BuyCover` makes: the ceded premium comes out of the stakers' share.
    let ceded = reinsurance::ceded_premium(deps, &config, product_id, &q, amount)?;
    Ok(QuoteResponse {
        premium: q.premium,
        annual_rate: q.annual_rate,
        to_stakers: q.to_stakers.checked_sub(ceded)?,
        ceded,
        to_treasury: q.to_treasury,
        to_claims_fund: q.to_claims_fund,
    })
}

pub fn cover(deps: Deps, cover_id: u64) -> Result<CoverResponse, ContractError> {
    let c = load_cover(deps.storage, cover_id)?;
    Ok(CoverResponse {
        cover_id,
        product_id: c.product_id,
        amount: c.amount,
        remaining: c.remaining,
        premium: c.premium,
        start: c.start,
        end: c.end,
        claimable_until: c.claimable_until,
    })
}
