//! Harvest: settle the books, claim the vault's pool rewards and stake them back.

use cosmwasm_std::{DepsMut, Env, Response, Uint128};

use super::{pool_msg, restake, settled};
use crate::error::ContractError;
use crate::state::LEDGER;
use insurance_common::risk_pool;

/// Anyone may harvest, at any time. It always settles: the income up to now
/// is allocated (senior target first) and the settlement is stored, which is
/// how keepers keep the accrual intervals short (see
/// [`crate::waterfall`]: settling often can only help the junior tranche).
/// Unclaimed rewards are claimed, and staked back into the pool with any
/// idle collateral; an amount too small to mint a pool share stays idle.
pub fn harvest(deps: DepsMut, env: Env) -> Result<Response, ContractError> {
    let s = settled(deps.as_ref(), &env, |_| {})?;
    let (config, mut ledger, pos) = (s.config, s.ledger, s.position);
    let mut response = Response::new()
        .add_attribute("action", "harvest")
        .add_attribute("income", s.settlement.income)
        .add_attribute("income_to_senior", s.settlement.to_senior)
        .add_attribute("claimed", pos.unclaimed_rewards);
    let total = ledger.idle.checked_add(pos.unclaimed_rewards)?;
    if !total.is_zero() {
        match restake(&config, &ledger, &pos, Uint128::zero())? {
            Some(r) => {
                ledger.idle = Uint128::zero();
                ledger.value = r.value_after;
                response = response
                    .add_messages(r.messages)
                    .add_attribute("staked", r.staked);
            }
            None if !pos.unclaimed_rewards.is_zero() => {
                ledger.idle = total;
                response = response.add_message(pool_msg(
                    &config,
                    &risk_pool::ExecuteMsg::ClaimRewards {},
                    vec![],
                )?);
            }
            None => {}
        }
        ledger.rewards_allocated = Uint128::zero();
    }
    LEDGER.save(deps.storage, &ledger)?;
    Ok(response)
}
