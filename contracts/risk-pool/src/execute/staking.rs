//! Staking: deposits for shares, unbonding, withdrawals and reward claims.

use cosmwasm_std::{to_json_binary, Addr, Deps, DepsMut, Env, Response, StdResult, Uint128};
use insurance_common::claims_court::ClaimsCourtContract;
use insurance_common::funds::send;
use insurance_common::math::{assets_to_shares, mul_ceil, shares_to_assets};
use insurance_common::risk_pool::{
    ClaimRewardsResponse, DepositResponse, RequestUnbondResponse, WithdrawResponse,
};

use crate::error::ContractError;
use crate::ledger::{require_synced, settle_staker, sync_pool};
use crate::state::{load_unbonding, Config, Pool, Unbonding, CONFIG, POOL, STAKERS, UNBONDINGS};

pub fn deposit(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let mut pool = POOL.load(deps.storage)?;
    require_synced(sync_pool(
        deps.storage,
        &mut pool,
        env.block.time.seconds(),
    )?)?;

    let shares = assets_to_shares(amount, pool.total_assets, pool.total_shares)?;
    if shares.is_zero() {
        return Err(ContractError::DepositTooSmall { amount });
    }
    let mut staker = STAKERS.may_load(deps.storage, &sender)?.unwrap_or_default();
    settle_staker(&mut staker, &pool)?;
    staker.shares = staker.shares.checked_add(shares)?;
    pool.total_assets = pool.total_assets.checked_add(amount)?;
    pool.total_shares = pool.total_shares.checked_add(shares)?;
    pool.active_shares = pool.active_shares.checked_add(shares)?;

    STAKERS.save(deps.storage, &sender, &staker)?;
    POOL.save(deps.storage, &pool)?;
    Ok(Response::new()
        .set_data(to_json_binary(&DepositResponse { shares })?)
        .add_attribute("action", "deposit")
        .add_attribute("staker", sender)
        .add_attribute("amount", amount)
        .add_attribute("shares", shares))
}

pub fn request_unbond(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    shares: Uint128,
) -> Result<Response, ContractError> {
    if shares.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let config = CONFIG.load(deps.storage)?;
    let mut pool = POOL.load(deps.storage)?;
    require_synced(sync_pool(
        deps.storage,
        &mut pool,
        env.block.time.seconds(),
    )?)?;
    let mut staker = STAKERS.may_load(deps.storage, &sender)?.unwrap_or_default();
    if shares > staker.shares {
        return Err(ContractError::InsufficientShares {
            requested: shares,
            available: staker.shares,
        });
    }
    settle_staker(&mut staker, &pool)?;
    staker.shares -= shares;
    staker.unbonding_shares = staker.unbonding_shares.checked_add(shares)?;
    // Unbonding shares stop earning premium but stay in total_shares: they keep bearing losses.
    pool.active_shares = pool.active_shares.checked_sub(shares)?;
    let id = pool.next_unbonding_id;
    pool.next_unbonding_id += 1;
    let release_at = env.block.time.plus_seconds(config.params.unbonding_period);
    UNBONDINGS.save(
        deps.storage,
        (&sender, id),
        &Unbonding { shares, release_at },
    )?;
    STAKERS.save(deps.storage, &sender, &staker)?;
    POOL.save(deps.storage, &pool)?;
    Ok(Response::new()
        .set_data(to_json_binary(&RequestUnbondResponse {
            unbonding_id: id,
            shares,
            release_at,
        })?)
        .add_attribute("action", "request_unbond")
        .add_attribute("staker", sender)
        .add_attribute("unbonding_id", id.to_string())
        .add_attribute("shares", shares)
        .add_attribute("release_at", release_at.seconds().to_string()))
}

pub fn withdraw(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    unbonding_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let unbonding = load_unbonding(deps.storage, &sender, unbonding_id)?;
    if env.block.time < unbonding.release_at {
        return Err(ContractError::UnbondingNotMatured {
            release_at: unbonding.release_at,
        });
    }
    let mut pool = POOL.load(deps.storage)?;
    if pool.circuit_breaker_tripped {
        return Err(ContractError::CircuitBreakerTripped {});
    }
    require_synced(sync_pool(
        deps.storage,
        &mut pool,
        env.block.time.seconds(),
    )?)?;

    // A leaver is paid net of what claims already filed may take: the loss
    // is shared with those who stay, never left to them.
    let reserved = reserved_claims(deps.as_ref(), &config, &pool)?;
    let net_assets = pool.total_assets - reserved;
    let assets = shares_to_assets(unbonding.shares, net_assets, pool.total_shares)?;
    // Valued with the recoveries due, paid from cash.
    if assets > pool.cash() {
        return Err(ContractError::InsufficientLiquidity {
            requested: assets,
            cash: pool.cash(),
        });
    }
    let capital_after = net_assets.checked_sub(assets)?;
    let minimum_capital = mul_ceil(pool.active_cover, config.params.min_capital_ratio)?;
    if capital_after < minimum_capital {
        return Err(ContractError::BelowMinimumCapital {
            capital_after,
            minimum_capital,
        });
    }
    pool.total_assets = pool.total_assets.checked_sub(assets)?;
    pool.total_shares = pool.total_shares.checked_sub(unbonding.shares)?;
    let mut staker = STAKERS.load(deps.storage, &sender)?;
    staker.unbonding_shares = staker.unbonding_shares.checked_sub(unbonding.shares)?;
    // A staker who has left holds nothing: no record is kept (it reads as the default).
    if staker.is_empty() {
        STAKERS.remove(deps.storage, &sender);
    } else {
        STAKERS.save(deps.storage, &sender, &staker)?;
    }
    UNBONDINGS.remove(deps.storage, (&sender, unbonding_id));
    POOL.save(deps.storage, &pool)?;

    let mut response = Response::new()
        .set_data(to_json_binary(&WithdrawResponse {
            unbonding_id,
            amount: assets,
        })?)
        .add_attribute("action", "withdraw")
        .add_attribute("staker", &sender)
        .add_attribute("unbonding_id", unbonding_id.to_string())
        .add_attribute("shares", unbonding.shares)
        .add_attribute("amount", assets);
    // Losses can leave an unbonding worth nothing: its shares are still burned.
    if !assets.is_zero() {
        response = response.add_message(send(&sender, &config.collateral_denom, assets));
    }
    Ok(response)
}

/// What open and accepted claims may still take from capital, as the claims
/// court publishes it (one raw read), capped at capital.
pub fn reserved_claims(deps: Deps, config: &Config, pool: &Pool) -> StdResult<Uint128> {
    let Some(court) = &config.claims_court else {
        return Ok(Uint128::zero());
    };
    let reserved = ClaimsCourtContract(court.clone()).reserved_claims(&deps.querier)?;
    Ok(reserved.min(pool.total_assets))
}

pub fn claim_rewards(deps: DepsMut, env: Env, sender: Addr) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut pool = POOL.load(deps.storage)?;
    require_synced(sync_pool(
        deps.storage,
        &mut pool,
        env.block.time.seconds(),
    )?)?;
    let mut staker = STAKERS.may_load(deps.storage, &sender)?.unwrap_or_default();
    settle_staker(&mut staker, &pool)?;
    let amount = staker.pending_rewards;
    if amount.is_zero() {
        return Err(ContractError::NoRewards {});
    }
    staker.pending_rewards = Uint128::zero();
    pool.reward_reserve = pool.reward_reserve.checked_sub(amount)?;
    STAKERS.save(deps.storage, &sender, &staker)?;
    POOL.save(deps.storage, &pool)?;
    Ok(Response::new()
        .set_data(to_json_binary(&ClaimRewardsResponse { amount })?)
        .add_message(send(&sender, &config.collateral_denom, amount))
        .add_attribute("action", "claim_rewards")
        .add_attribute("staker", sender)
        .add_attribute("amount", amount))
}
