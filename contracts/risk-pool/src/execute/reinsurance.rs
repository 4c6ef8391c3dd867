//! Reinsurance through the bridge (`config.reinsurance_bridge`).
//!
//! - A purchase on a product under a treaty cedes part of its premium: the
//!   pool asks the bridge what to cede (one query per purchase, O(1): the
//!   bridge holds the product's treaty, the one source of the terms), takes it
//!   out of the stakers' share (treasury and claims fund keep theirs) and
//!   hands it over with `Cede` in a submessage; a failed cession reverts the
//!   purchase.
//! - A payout tells the bridge of the loss, numbered by the cover's payout
//!   count so the same loss is never recovered twice, and named by its event
//!   (excess of loss aggregates an event's losses).
//! - The recovery the bridge expects for the loss joins the assets at once as
//!   a receivable (`ExpectRecovery`): the share price counts it from the
//!   payout, so a deposit made while it is in flight pays for it, and those
//!   who bore the loss get it back. Its arrival turns the receivable into cash
//!   without moving the share price (`SettleRecovery`); a refusal writes it off
//!   (`WriteOffRecovery`). Payouts and withdrawals use cash only.
//! - The premium of a cession refused, timed out or never sent comes back
//!   (`ReturnCededPremium`) and streams to the stakers until the cover's end,
//!   like the rest of their premium: the pool carries that risk alone.

use cosmwasm_std::{
    Addr, Coin, CosmosMsg, Decimal256, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
    Storage, SubMsg, Timestamp, Uint128,
};
use cw_utils::{must_pay, nonpayable};
use insurance_common::auth::{ensure_sender, Authority};
use insurance_common::reinsurance_bridge::{
    ExecuteMsg, LossId, PoolMsg, ReinsuranceBridgeContract,
};
use insurance_common::risk_pool::{LossEvent, ReinsuranceMsg};

use crate::error::ContractError;
use crate::ledger::{require_synced, sync_pool};
use crate::pricing::Quote;
use crate::state::{bucket_end, bucket_of, Config, BUCKETS, CONFIG, DETACHED_BRIDGES, POOL};

/// The premium ceded for a purchase: zero without a bridge or when the
/// product is not ceded. It comes out of the stakers' share.
pub fn ceded_premium(
    deps: Deps,
    config: &Config,
    product_id: u32,
    quote: &Quote,
    cover_amount: Uint128,
) -> Result<Uint128, ContractError> {
    let Some(bridge) = &config.reinsurance_bridge else {
        return Ok(Uint128::zero());
    };
    let ceded = ReinsuranceBridgeContract(bridge.clone())
        .cession_quote(&deps.querier, product_id, quote.premium, cover_amount)?
        .ceded_premium;
    if ceded > quote.to_stakers {
        return Err(ContractError::CessionAboveStakerShare {
            ceded,
            to_stakers: quote.to_stakers,
        });
    }
    Ok(ceded)
}

/// Hands the ceded premium of a new cover to the bridge.
#[allow(clippy::too_many_arguments)]
pub fn cede(
    config: &Config,
    cover_id: u64,
    product_id: u32,
    cover_amount: Uint128,
    premium: Uint128,
    cover_end: Timestamp,
    ceded: Uint128,
) -> StdResult<Option<SubMsg>> {
    let Some(bridge) = &config.reinsurance_bridge else {
        return Ok(None);
    };
    if ceded.is_zero() {
        return Ok(None);
    }
    let msg = ReinsuranceBridgeContract(bridge.clone()).call(
        &ExecuteMsg::Pool(PoolMsg::Cede {
            cover_id,
            product_id,
            cover_amount,
            premium,
            cover_end,
        }),
        vec![Coin::new(ceded, config.collateral_denom.clone())],
    )?;
    Ok(Some(SubMsg::new(msg)))
}

/// Tells the bridge of a payout; it recovers the ceded part if the cover was ceded.
pub fn loss_notice(
    config: &Config,
    cover_id: u64,
    sequence: u32,
    amount: Uint128,
    event: LossEvent,
) -> StdResult<Option<CosmosMsg>> {
    let Some(bridge) = &config.reinsurance_bridge else {
        return Ok(None);
    };
    let msg = ReinsuranceBridgeContract(bridge.clone()).call(
        &ExecuteMsg::Pool(PoolMsg::RecordLoss {
            loss: LossId { cover_id, sequence },
            amount,
            event,
        }),
        vec![],
    )?;
    Ok(Some(msg))
}

/// Bridge only: the receivable's bookings, and ceded premium coming back.
pub fn handle(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ReinsuranceMsg,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let denom = config.collateral_denom.as_str();
    // A bridge governance detached may still settle what was in flight: it
    // brings funds back, or writes off, against what was written off for it.
    let detached = match ensure_sender(
        config.reinsurance_bridge.as_ref(),
        &info.sender,
        Authority::ReinsuranceBridge,
    ) {
        Ok(()) => None,
        Err(e) => match DETACHED_BRIDGES.may_load(deps.storage, &info.sender)? {
            Some(w) if !matches!(msg, ReinsuranceMsg::ExpectRecovery { .. }) => Some(w),
            _ => return Err(e.into()),
        },
    };
    let mut pool = POOL.load(deps.storage)?;
    // What the sender's recoveries were booked against.
    let receivable = detached.unwrap_or(pool.reinsurance_receivable);
    let response = Response::new();
    let response = match msg {
        ReinsuranceMsg::ExpectRecovery { amount } => {
            nonpayable(&info)?;
            pool.total_assets = pool.total_assets.checked_add(amount)?;
            pool.reinsurance_receivable = pool.reinsurance_receivable.checked_add(amount)?;
            response
                .add_attribute("action", "expect_recovery")
                .add_attribute("amount", amount)
        }
        ReinsuranceMsg::SettleRecovery { expected } => {
            let paid = must_pay(&info, denom)?;
            if expected > receivable || expected > paid {
                return Err(ContractError::ReceivableExceeded {
                    settled: expected,
                    receivable,
                });
            }
            if detached.is_some() {
                // Written off at the detach: all of it is new value.
                DETACHED_BRIDGES.save(deps.storage, &info.sender, &(receivable - expected))?;
                pool.total_assets = pool.total_assets.checked_add(paid)?;
            } else {
                // The expected part was in the assets already; only a surplus is new value.
                pool.reinsurance_receivable -= expected;
                pool.total_assets = pool.total_assets.checked_add(paid - expected)?;
            }
            response
                .add_attribute("action", "settle_recovery")
                .add_attribute("amount", paid)
        }
        ReinsuranceMsg::WriteOffRecovery { amount } => {
            nonpayable(&info)?;
            if amount > receivable {
                return Err(ContractError::ReceivableExceeded {
                    settled: amount,
                    receivable,
                });
            }
            if detached.is_some() {
                DETACHED_BRIDGES.save(deps.storage, &info.sender, &(receivable - amount))?;
            } else {
                pool.reinsurance_receivable -= amount;
                pool.total_assets = pool.total_assets.checked_sub(amount)?;
            }
            response
                .add_attribute("action", "write_off_recovery")
                .add_attribute("amount", amount)
        }
        ReinsuranceMsg::ReturnCededPremium { until } => {
            let amount = must_pay(&info, denom)?;
            let now = env.block.time.seconds();
            require_synced(sync_pool(deps.storage, &mut pool, now)?)?;
            stream_to_stakers(deps.storage, &mut pool, amount, now, until.seconds())?;
            response
                .add_attribute("action", "return_ceded_premium")
                .add_attribute("amount", amount)
        }
    };
    POOL.save(deps.storage, &pool)?;
    Ok(response.add_attribute("total_assets", pool.total_assets))
}

/// Streams `amount` to the earning shares from `now` to the end of the
/// bucket `until` falls in, as a cover's premium does; after that bucket it
/// is late for anyone to earn it over time, and it joins capital.
fn stream_to_stakers(
    storage: &mut dyn Storage,
    pool: &mut crate::state::Pool,
    amount: Uint128,
    now: u64,
    until: u64,
) -> Result<(), ContractError> {
    let bucket = bucket_of(until);
    if bucket < pool.next_bucket || bucket_end(bucket) <= now {
        pool.total_assets = pool.total_assets.checked_add(amount)?;
        return Ok(());
    }
    let rate = Decimal256::from_ratio(amount, bucket_end(bucket) - now);
    if !rate.is_zero() {
        let mut b = BUCKETS.may_load(storage, bucket)?.unwrap_or_default();
        b.reward_rate = b.reward_rate.checked_add(rate)?;
        BUCKETS.save(storage, bucket, &b)?;
        pool.reward_rate = pool.reward_rate.checked_add(rate)?;
    }
    pool.reward_reserve = pool.reward_reserve.checked_add(amount)?;
    Ok(())
}

/// Governance detaches or replaces the bridge: what the old one owed is no
/// longer expected (written off, kept per bridge so that it can still settle
/// what was in flight); a bridge attached back is expected to pay again what
/// was written off for it and not settled since. Returns what was written off.
pub fn change_bridge(
    storage: &mut dyn Storage,
    old: Option<&Addr>,
    new: Option<&Addr>,
) -> Result<Uint128, ContractError> {
    if old == new {
        return Ok(Uint128::zero());
    }
    let mut pool = POOL.load(storage)?;
    let amount = pool.reinsurance_receivable;
    pool.total_assets = pool.total_assets.checked_sub(amount)?;
    pool.reinsurance_receivable = Uint128::zero();
    if let Some(old) = old {
        let w = DETACHED_BRIDGES.may_load(storage, old)?.unwrap_or_default();
        DETACHED_BRIDGES.save(storage, old, &w.checked_add(amount)?)?;
    }
    if let Some(new) = new {
        if let Some(w) = DETACHED_BRIDGES.may_load(storage, new)? {
            DETACHED_BRIDGES.remove(storage, new);
            pool.reinsurance_receivable = w;
            pool.total_assets = pool.total_assets.checked_add(w)?;
        }
    }
    POOL.save(storage, &pool)?;
    Ok(amount)
}
