//! Payouts of approved claims, instructed by the claims court only.

use cosmwasm_std::{Addr, DepsMut, Env, OverflowError, OverflowOperation, Response, Uint128};
use insurance_common::auth::{ensure_sender, Authority, Unauthorized};
use insurance_common::funds::send;
use insurance_common::risk_pool::LossEvent;

use super::reinsurance;
use crate::breaker;
use crate::error::ContractError;
use crate::ledger::{require_synced, sync_pool};
use crate::state::{load_cover, Config, BUCKETS, CONFIG, COVERS, EXPIRIES, POOL, PRODUCT_COVERS};

fn ensure_court(config: &Config, sender: &Addr) -> Result<(), Unauthorized> {
    ensure_sender(config.claims_court.as_ref(), sender, Authority::ClaimsCourt)
}

/// Pays a claim the court decided. The cover NFT is not told: it reads what
/// is left to pay raw from the pool when asked.
#[allow(clippy::too_many_arguments)]
pub fn payout(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    cover_id: u64,
    recipient: String,
    amount: Uint128,
    event: LossEvent,
    claims_fund: Uint128,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    ensure_court(&config, &sender)?;
    let recipient = deps.api.addr_validate(&recipient)?;
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let mut cover = load_cover(deps.storage, cover_id)?;
    if amount > cover.remaining {
        return Err(ContractError::ExceedsRemainingCover {
            requested: amount,
            remaining: cover.remaining,
        });
    }
    let mut pool = POOL.load(deps.storage)?;
    require_synced(sync_pool(
        deps.storage,
        &mut pool,
        env.block.time.seconds(),
    )?)?;
    // Paid from cash: recoveries still due are value, not money to pay with.
    if amount > pool.cash() {
        return Err(ContractError::InsufficientCapital {
            requested: amount,
            available: pool.cash(),
        });
    }

    // Large losses, of one event or in a short time, hold new cover and
    // withdrawals until governance looks.
    let tripped = breaker::record_loss(
        deps.storage,
        &config.params,
        event,
        amount,
        pool.total_assets,
        env.block.time.seconds(),
    )?;
    if tripped {
        pool.circuit_breaker_tripped = true;
    }
    // Shares are untouched: every share, unbonding ones included, loses value pro rata.
    pool.total_assets -= amount;
    cover.remaining -= amount;
    cover.payouts = cover
        .payouts
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;

    // The paid part no longer needs backing. If the cover's bucket is already
    // processed, it has left active cover in full.
    // The product processes a bucket only after the pool, so while the
    // product has not, the cover is in its expiry record.
    let expiry_bucket = cover.expiry_bucket();
    let mut totals = PRODUCT_COVERS.load(deps.storage, cover.product_id)?;
    if expiry_bucket >= totals.next_bucket {
        let key = (expiry_bucket, cover.product_id);
        let mut e = EXPIRIES.load(deps.storage, key)?;
        e.cover = e.cover.checked_sub(amount)?;
        EXPIRIES.save(deps.storage, key, &e)?;
        totals.active_cover = totals.active_cover.checked_sub(amount)?;
        PRODUCT_COVERS.save(deps.storage, cover.product_id, &totals)?;
    } else if expiry_bucket >= pool.next_bucket {
        // Stored before expiries were per product, with the product ahead of
        // the pool: the pool still counts it in `BUCKETS`.
        let mut b = BUCKETS.load(deps.storage, expiry_bucket)?;
        b.cover = b.cover.checked_sub(amount)?;
        BUCKETS.save(deps.storage, expiry_bucket, &b)?;
    }
    if expiry_bucket >= pool.next_bucket {
        pool.active_cover = pool.active_cover.checked_sub(amount)?;
    }
    // The court's pull of the claims fund, carried by the payout.
    if claims_fund > pool.claims_fund {
        return Err(ContractError::InsufficientClaimsFund {
            requested: claims_fund,
            available: pool.claims_fund,
        });
    }
    pool.claims_fund -= claims_fund;
    COVERS.save(deps.storage, cover_id, &cover)?;
    POOL.save(deps.storage, &pool)?;

    let mut response = Response::new()
        .add_message(send(&recipient, &config.collateral_denom, amount))
        .add_attribute("action", "payout")
        .add_attribute("cover_id", cover_id.to_string())
        .add_attribute("recipient", &recipient)
        .add_attribute("amount", amount)
        .add_attribute("remaining", cover.remaining)
        .add_attribute("circuit_breaker_tripped", tripped.to_string());
    if !claims_fund.is_zero() {
        response = response
            .add_message(send(&sender, &config.collateral_denom, claims_fund))
            .add_attribute("claims_fund_withdrawn", claims_fund);
    }
    // The reinsurance bridge recovers the ceded part of the loss, if any.
    if let Some(notice) = reinsurance::loss_notice(&config, cover_id, cover.payouts, amount, event)?
    {
        response = response.add_message(notice);
    }
    Ok(response)
}

pub fn withdraw_claims_fund(
    deps: DepsMut,
    sender: Addr,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    ensure_court(&config, &sender)?;
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let mut pool = POOL.load(deps.storage)?;
    if amount > pool.claims_fund {
        return Err(ContractError::InsufficientClaimsFund {
            requested: amount,
            available: pool.claims_fund,
        });
    }
    pool.claims_fund -= amount;
    POOL.save(deps.storage, &pool)?;
    Ok(Response::new()
        .add_message(send(&sender, &config.collateral_denom, amount))
        .add_attribute("action", "withdraw_claims_fund")
        .add_attribute("amount", amount))
}
