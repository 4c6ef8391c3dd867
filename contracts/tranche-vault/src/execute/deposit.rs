//! Deposits: stake the collateral in the pool, mint tranche tokens.

use cosmwasm_std::{to_json_binary, Addr, DepsMut, Env, Response, Uint128};
use insurance_common::tranche_vault::{DepositResponse, Tranche, LOCKED_TOKENS};

use super::{restake, settled, token_msg};
use crate::error::ContractError;
use crate::state::{load_token, LEDGER};

/// The deposit is staked together with the vault's unclaimed rewards and
/// idle collateral (one pool `Deposit`, after a `ClaimRewards`), so the price
/// the depositor gets is computed on a settled ledger and the income up to
/// this block is allocated before the new tokens exist.
///
/// The depositor is credited what the new pool shares add to the vault's
/// value (at most the amount sent): the pool's rounding is theirs to bear.
pub fn deposit(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    tranche: Tranche,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let s = settled(deps.as_ref(), &env, |_| {})?;
    let (config, mut ledger, pos) = (s.config, s.ledger, s.position);
    let value_before = ledger.value;
    let restake = restake(&config, &ledger, &pos, amount)?
        .ok_or(ContractError::DepositTooSmall { amount })?;
    let credited = restake.value_after.saturating_sub(value_before).min(amount);
    if credited.is_zero() {
        return Err(ContractError::DepositTooSmall { amount });
    }
    ledger.idle = Uint128::zero();
    ledger.rewards_allocated = Uint128::zero();
    let supply = pos.supply(tranche);
    let tokens = ledger.deposit(
        tranche,
        credited,
        restake.value_after,
        supply,
        config.params.min_subordination,
    )?;
    LEDGER.save(deps.storage, &ledger)?;

    let token = load_token(deps.storage, tranche)?;
    // The first deposit of a tranche locks `LOCKED_TOKENS` for good (held by the token contract
    // itself, which cannot move them): the outstanding supply never falls under them again, so
    // nobody can shrink it to a unit and take a later depositor's rounding (first-depositor
    // inflation by burning or handing tokens to the vault).
    let (tokens, locked) = if supply.is_zero() {
        let to_depositor = tokens
            .checked_sub(LOCKED_TOKENS)
            .ok()
            .filter(|t| !t.is_zero())
            .ok_or(ContractError::DepositTooSmall { amount })?;
        (
            to_depositor,
            Some(token_msg(
                &token,
                &cw20::Cw20ExecuteMsg::Mint {
                    recipient: token.to_string(),
                    amount: LOCKED_TOKENS,
                },
            )?),
        )
    } else {
        (tokens, None)
    };
    Ok(Response::new()
        .add_messages(locked)
        .set_data(to_json_binary(&DepositResponse {
            tranche,
            credited,
            tokens_minted: tokens,
        })?)
        .add_messages(restake.messages)
        .add_message(token_msg(
            &token,
            &cw20::Cw20ExecuteMsg::Mint {
                recipient: sender.to_string(),
                amount: tokens,
            },
        )?)
        .add_attribute("action", "deposit")
        .add_attribute("tranche", tranche.as_str())
        .add_attribute("depositor", sender)
        .add_attribute("amount", amount)
        .add_attribute("credited", credited)
        .add_attribute("tokens", tokens)
        .add_attribute("staked", restake.staked)
        .add_attribute("income", s.settlement.income)
        .add_attribute("income_to_senior", s.settlement.to_senior))
}
