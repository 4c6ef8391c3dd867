//! Assessor bonds: bonding, unbonding with a delay, withdrawal.

use cosmwasm_std::{Addr, DepsMut, Env, Response, Timestamp, Uint128};
use insurance_common::funds::send;

use crate::error::ContractError;
use crate::state::{ASSESSORS, CONFIG, LEDGER};

pub fn bond(deps: DepsMut, sender: Addr, amount: Uint128) -> Result<Response, ContractError> {
    let mut assessor = ASSESSORS
        .may_load(deps.storage, &sender)?
        .unwrap_or_default();
    let mut ledger = LEDGER.load(deps.storage)?;
    assessor.bonded = assessor.bonded.checked_add(amount)?;
    ledger.total_bonded = ledger.total_bonded.checked_add(amount)?;
    ASSESSORS.save(deps.storage, &sender, &assessor)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(Response::new()
        .add_attribute("action", "bond")
        .add_attribute("assessor", sender)
        .add_attribute("amount", amount)
        .add_attribute("bonded", assessor.bonded))
}

/// Moves bonded stake to unbonding. A new request restarts the delay for the
/// whole unbonding amount, which keeps an assessor's position one record.
pub fn unbond(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let mut assessor = ASSESSORS
        .may_load(deps.storage, &sender)?
        .unwrap_or_default();
    if amount > assessor.bonded {
        return Err(ContractError::InsufficientBond {
            requested: amount,
            available: assessor.bonded,
        });
    }
    if now < assessor.locked_until {
        return Err(ContractError::BondLocked {
            until: assessor.locked_until,
        });
    }
    let mut ledger = LEDGER.load(deps.storage)?;
    assessor.bonded -= amount;
    assessor.unbonding = assessor.unbonding.checked_add(amount)?;
    assessor.unbonding_release = now.plus_seconds(config.params.assessor_unbonding_period);
    ledger.total_bonded = ledger.total_bonded.checked_sub(amount)?;
    ledger.total_unbonding = ledger.total_unbonding.checked_add(amount)?;
    ASSESSORS.save(deps.storage, &sender, &assessor)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(Response::new()
        .add_attribute("action", "unbond")
        .add_attribute("assessor", sender)
        .add_attribute("amount", amount)
        .add_attribute(
            "release_at",
            assessor.unbonding_release.seconds().to_string(),
        ))
}

/// Pays out matured unbonding. Every vote must be settled first, so a
/// slash for voting against an outcome can always be taken.
pub fn withdraw(deps: DepsMut, env: Env, sender: Addr) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut assessor = ASSESSORS
        .may_load(deps.storage, &sender)?
        .unwrap_or_default();
    if assessor.unbonding.is_zero() {
        return Err(ContractError::NothingToWithdraw {});
    }
    if env.block.time < assessor.unbonding_release {
        return Err(ContractError::UnbondingNotMatured {
            release_at: assessor.unbonding_release,
        });
    }
    if assessor.open_votes > 0 {
        return Err(ContractError::UnsettledVotes {
            count: assessor.open_votes,
        });
    }
    let amount = assessor.unbonding;
    let mut ledger = LEDGER.load(deps.storage)?;
    ledger.total_unbonding = ledger.total_unbonding.checked_sub(amount)?;
    assessor.unbonding = Uint128::zero();
    assessor.unbonding_release = Timestamp::default();
    if assessor == Default::default() {
        ASSESSORS.remove(deps.storage, &sender);
    } else {
        ASSESSORS.save(deps.storage, &sender, &assessor)?;
    }
    LEDGER.save(deps.storage, &ledger)?;
    Ok(Response::new()
        .add_message(send(&sender, &config.assessor_denom, amount))
        .add_attribute("action", "withdraw_bond")
        .add_attribute("assessor", sender)
        .add_attribute("amount", amount))
}
