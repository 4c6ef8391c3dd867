//! Execute handlers, one file per flow.

pub mod deposit;
pub mod governance;
pub mod harvest;
pub mod redeem;
pub mod withdraw;

use cosmwasm_std::{
    to_json_binary, Addr, Coin, CosmosMsg, Deps, Env, StdResult, SubMsg, Uint128, WasmMsg,
};
use insurance_common::math::{
    assets_to_shares, mul_div_ceil, shares_to_assets, VIRTUAL_ASSETS, VIRTUAL_SHARES,
};
use insurance_common::reply::ReplyIds;
use insurance_common::risk_pool;

use crate::error::ContractError;
use crate::position::{observe, Position};
use crate::reply_ids::{RedemptionRef, ReplyId};
use crate::state::{Config, Ledger, CONFIG, LEDGER};
use crate::waterfall::Settlement;

/// A message to the risk pool.
pub(crate) fn pool_msg(
    config: &Config,
    msg: &risk_pool::ExecuteMsg,
    funds: Vec<Coin>,
) -> StdResult<WasmMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: config.risk_pool.to_string(),
        msg: to_json_binary(msg)?,
        funds,
    })
}

/// A message to a tranche token.
pub(crate) fn token_msg(token: &Addr, msg: &cw20::Cw20ExecuteMsg) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

/// Config, the ledger settled up to this block, and the position it was settled on.
pub(crate) struct Settled {
    pub config: Config,
    pub ledger: Ledger,
    pub position: Position,
    pub settlement: Settlement,
}

/// Loads and settles. `adjust` corrects the observed position before the
/// settlement (the receive hook counts the tokens being redeemed as outstanding).
pub(crate) fn settled(
    deps: Deps,
    env: &Env,
    adjust: impl FnOnce(&mut Position),
) -> Result<Settled, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut ledger = LEDGER.load(deps.storage)?;
    let mut position = observe(deps, env, &config)?;
    adjust(&mut position);
    let settlement = ledger.settle(
        &position.holdings()?,
        config.params.senior_target_rate,
        env.block.time.seconds(),
    )?;
    Ok(Settled {
        config,
        ledger,
        position,
        settlement,
    })
}

/// Messages that claim the vault's rewards and stake collateral in the pool.
pub(crate) struct Restake {
    pub messages: Vec<WasmMsg>,
    /// Collateral sent to the pool.
    pub staked: Uint128,
    pub value_after: Uint128,
}

/// Claiming the vault's pool rewards and staking them back with the idle
/// collateral and `extra` (a deposit): the messages, in order, and the vault
/// value once they have run. The pool's own share math is applied to the
/// observed position, so the result is exact. Returns `None` when the amount
/// would not mint a pool share (the caller keeps it idle).
pub(crate) fn restake(
    config: &Config,
    ledger: &Ledger,
    pos: &Position,
    extra: Uint128,
) -> Result<Option<Restake>, ContractError> {
    let total = extra
        .checked_add(ledger.idle)?
        .checked_add(pos.unclaimed_rewards)?;
    let shares = assets_to_shares(total, pos.pool_assets, pos.pool_shares)?;
    if shares.is_zero() {
        return Ok(None);
    }
    let mut messages = vec![];
    if !pos.unclaimed_rewards.is_zero() {
        messages.push(pool_msg(
            config,
            &risk_pool::ExecuteMsg::ClaimRewards {},
            vec![],
        )?);
    }
    messages.push(pool_msg(
        config,
        &risk_pool::ExecuteMsg::Deposit {},
        vec![Coin::new(total, &config.collateral_denom)],
    )?);
    let value_after = shares_to_assets(
        pos.active_shares
            .checked_add(pos.unbonding_shares)?
            .checked_add(shares)?,
        pos.pool_assets.checked_add(total)?,
        pos.pool_shares.checked_add(shares)?,
    )?;
    Ok(Some(Restake {
        messages,
        staked: total,
        value_after,
    }))
}

/// Pool shares worth at least `value` at the observed price (rounded up), at
/// most the vault's earning shares.
pub(crate) fn shares_for(value: Uint128, pos: &Position) -> StdResult<Uint128> {
    if value.is_zero() {
        return Ok(Uint128::zero());
    }
    let shares = mul_div_ceil(
        value,
        pos.pool_shares.checked_add(VIRTUAL_SHARES.into())?,
        pos.pool_assets.checked_add(VIRTUAL_ASSETS.into())?,
    )?;
    Ok(shares.min(pos.active_shares))
}

/// A pool call for a redemption whose reply (`id`) finds the redemption
/// in the payload.
pub(crate) fn redemption_submsg(
    config: &Config,
    msg: &risk_pool::ExecuteMsg,
    id: ReplyId,
    owner: &Addr,
    redemption_id: u64,
) -> StdResult<SubMsg> {
    let redemption = RedemptionRef {
        owner: owner.clone(),
        redemption_id,
    };
    Ok(
        SubMsg::reply_on_success(pool_msg(config, msg, vec![])?, id.id())
            .with_payload(to_json_binary(&redemption)?),
    )
}

/// A `RequestUnbond` submessage for a redemption; its reply records the
/// unbonding id and release time on the redemption.
pub(crate) fn unbond_submsg(
    config: &Config,
    owner: &Addr,
    redemption_id: u64,
    shares: Uint128,
) -> StdResult<SubMsg> {
    redemption_submsg(
        config,
        &risk_pool::ExecuteMsg::RequestUnbond { shares },
        ReplyId::Unbond,
        owner,
        redemption_id,
    )
}
