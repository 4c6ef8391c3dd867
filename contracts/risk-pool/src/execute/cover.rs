//! Buying cover, and catching the books up with time.

use cosmwasm_std::{
    to_json_binary, Addr, Decimal256, Deps, DepsMut, Env, Response, SubMsg, Timestamp, Uint128,
};
use insurance_common::auth::Companion;
use insurance_common::claims_court::ClaimsCourtContract;
use insurance_common::cover_nft::{CoverNftContract, Policy};
use insurance_common::funds::send;
use insurance_common::risk_pool::{BuyCoverResponse, ClaimMethod};

use super::reinsurance;
use crate::error::ContractError;
use crate::ledger::{require_synced, sync_pool, sync_product};
use crate::pricing::quote;
use crate::state::{
    bucket_end, bucket_of, load_product, save_product_cover, Bucket, Config, Cover, Product,
    COVERS, EXPIRIES, POOL,
};

#[allow(clippy::too_many_arguments)]
pub fn buy_cover(
    deps: DepsMut,
    env: Env,
    config: Config,
    buyer: Addr,
    paid: Uint128,
    product_id: u32,
    amount: Uint128,
    duration: u64,
    max_premium: Uint128,
) -> Result<Response, ContractError> {
    let cover_nft = config
        .cover_nft
        .clone()
        .ok_or(ContractError::CompanionNotSet {
            companion: Companion::CoverNft,
        })?;
    let now = env.block.time.seconds();
    let mut pool = POOL.load(deps.storage)?;
    if pool.circuit_breaker_tripped {
        return Err(ContractError::CircuitBreakerTripped {});
    }
    let mut product = load_product(deps.storage, product_id)?;
    require_synced(sync_pool(deps.storage, &mut pool, now)?)?;
    require_synced(sync_product(
        deps.storage,
        &mut product,
        now,
        pool.next_bucket,
    )?)?;
    require_sale_open(deps.as_ref(), &config, &product, product_id)?;

    let q = quote(&config.params, &pool, &product, amount, duration)?;
    if q.premium > max_premium {
        return Err(ContractError::PremiumAboveMax {
            premium: q.premium,
            max_premium,
        });
    }
    if paid < q.premium {
        return Err(ContractError::InsufficientPremium {
            premium: q.premium,
            sent: paid,
        });
    }
    // A product under a reinsurance treaty cedes part of the stakers' share.
    let ceded = reinsurance::ceded_premium(deps.as_ref(), &config, product_id, &q, amount)?;
    let to_stakers = q.to_stakers.checked_sub(ceded)?;

    let end = now
        .checked_add(duration)
        .ok_or(ContractError::DurationOutOfBounds {
            duration,
            min: config.params.min_cover_duration,
            max: config.params.max_cover_duration,
        })?;
    let claimable_until = end.saturating_add(product.info.grace_period);

    // Cover stays on the books through the grace period: claims can still
    // come, and the capital stays committed to it. The stakers' share streams
    // over that whole span, from now to the end of the bucket the claim window
    // ends in; cover and rate leave the books together when it is processed.
    let expiry_bucket = bucket_of(claimable_until);
    let rate = Decimal256::from_ratio(to_stakers, bucket_end(expiry_bucket) - now);
    let key = (expiry_bucket, product_id);
    let mut e: Bucket = EXPIRIES.may_load(deps.storage, key)?.unwrap_or_default();
    e.cover = e.cover.checked_add(amount)?;
    e.reward_rate = e.reward_rate.checked_add(rate)?;
    EXPIRIES.save(deps.storage, key, &e)?;
    pool.reward_rate = pool.reward_rate.checked_add(rate)?;
    pool.reward_reserve = pool.reward_reserve.checked_add(to_stakers)?;
    pool.claims_fund = pool.claims_fund.checked_add(q.to_claims_fund)?;
    pool.active_cover = pool.active_cover.checked_add(amount)?;
    product.active_cover = product.active_cover.checked_add(amount)?;

    pool.covers_sold += 1;
    let cover_id = pool.covers_sold;
    let cover = Cover {
        product_id,
        amount,
        remaining: amount,
        premium: q.premium,
        start: env.block.time,
        end: Timestamp::from_seconds(end),
        claimable_until: Timestamp::from_seconds(claimable_until),
        payouts: 0,
    };
    COVERS.save(deps.storage, cover_id, &cover)?;
    save_product_cover(deps.storage, &product)?;
    POOL.save(deps.storage, &pool)?;

    let policy = Policy {
        cover_id,
        product_id,
        denom: config.collateral_denom.clone(),
        cover_amount: amount,
        remaining_amount: amount,
        premium: q.premium,
        start: cover.start,
        end: cover.end,
        grace_period: product.info.grace_period,
    };
    // A submessage without reply: a failed mint reverts the whole purchase,
    // and no reply round trip is paid for on success.
    let mint = SubMsg::new(CoverNftContract(cover_nft).mint(&buyer, policy)?);
    let mut response = Response::new()
        .set_data(to_json_binary(&BuyCoverResponse {
            cover_id,
            premium: q.premium,
        })?)
        .add_submessage(mint)
        .add_attribute("action", "buy_cover")
        .add_attribute("buyer", &buyer)
        .add_attribute("cover_id", cover_id.to_string())
        .add_attribute("product_id", product_id.to_string())
        .add_attribute("amount", amount)
        .add_attribute("premium", q.premium)
        .add_attribute("annual_rate", q.annual_rate.to_string())
        .add_attribute("end", end.to_string());
    if let Some(cede) = reinsurance::cede(
        &config, cover_id, product_id, amount, q.premium, cover.end, ceded,
    )? {
        response = response
            .add_submessage(cede)
            .add_attribute("ceded_premium", ceded);
    }
    if !q.to_treasury.is_zero() {
        response = response.add_message(send(
            &config.treasury,
            &config.collateral_denom,
            q.to_treasury,
        ));
    }
    let refund = paid - q.premium;
    if !refund.is_zero() {
        response = response.add_message(send(&buyer, &config.collateral_denom, refund));
    }
    Ok(response)
}

/// Parametric cover is not sold into a known incident: the court refuses
/// while the product's oracle shows the breach or an incident on it is open.
pub fn require_sale_open(
    deps: Deps,
    config: &Config,
    product: &Product,
    product_id: u32,
) -> Result<(), ContractError> {
    let Some(court) = &config.claims_court else {
        return Ok(());
    };
    if product.info.claim_method != ClaimMethod::Parametric {
        return Ok(());
    }
    match ClaimsCourtContract(court.clone()).sale_block(&deps.querier, product_id)? {
        Some(reason) => Err(ContractError::SaleSuspended { product_id, reason }),
        None => Ok(()),
    }
}

pub fn sync(deps: DepsMut, env: Env, product_id: Option<u32>) -> Result<Response, ContractError> {
    let now = env.block.time.seconds();
    let mut pool = POOL.load(deps.storage)?;
    let pool_done = sync_pool(deps.storage, &mut pool, now)?;
    POOL.save(deps.storage, &pool)?;
    let mut response = Response::new()
        .add_attribute("action", "sync")
        .add_attribute("pool_synced", pool_done.to_string());
    if let Some(product_id) = product_id {
        let mut product = load_product(deps.storage, product_id)?;
        let done = sync_product(deps.storage, &mut product, now, pool.next_bucket)?;
        save_product_cover(deps.storage, &product)?;
        response = response.add_attribute("product_synced", done.to_string());
    }
    Ok(response)
}
