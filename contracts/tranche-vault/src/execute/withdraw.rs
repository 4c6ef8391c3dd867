//! Withdrawing a redemption once its pool unbonding has matured.

use cosmwasm_std::{to_json_binary, Addr, DepsMut, Env, Response, Uint128};
use insurance_common::funds::send;
use insurance_common::risk_pool;
use insurance_common::tranche_vault::WithdrawRedemptionResponse;

use super::{redemption_submsg, settled, shares_for, unbond_submsg};
use crate::error::ContractError;
use crate::reply_ids::ReplyId;
use crate::state::{load_redemption, CONFIG, LEDGER, REDEMPTIONS};

/// With an unbonding: the vault withdraws it from the pool in a submessage
/// and pays in the reply ([`pay_redemption`]), when the returned collateral
/// is in. Without one (nothing was left to unbond): pays from the
/// collateral the vault holds.
pub fn withdraw_redemption(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    redemption_id: u64,
) -> Result<Response, ContractError> {
    let redemption = load_redemption(deps.storage, &sender, redemption_id)?;
    if env.block.time < redemption.release_at {
        return Err(ContractError::RedemptionNotMatured {
            release_at: redemption.release_at,
        });
    }
    match redemption.unbonding_id {
        Some(unbonding_id) => {
            let config = CONFIG.load(deps.storage)?;
            Ok(Response::new()
                .add_submessage(redemption_submsg(
                    &config,
                    &risk_pool::ExecuteMsg::Withdraw { unbonding_id },
                    ReplyId::Withdraw,
                    &sender,
                    redemption_id,
                )?)
                .add_attribute("action", "withdraw_redemption")
                .add_attribute("holder", sender)
                .add_attribute("redemption_id", redemption_id.to_string())
                .add_attribute("unbonding_id", unbonding_id.to_string()))
        }
        None => pay_redemption(deps, env, sender, redemption_id, Uint128::zero()),
    }
}

/// Pays a redemption what it is worth now, after `returned` collateral came
/// back from its unbonding. The payment is capped by the collateral the vault
/// holds; what is still owed is unbonded again from the vault's earning
/// shares (a senior redemption whose unbonding lost value the junior tranche
/// absorbed), and the redemption stays pending with the new unbonding.
pub fn pay_redemption(
    deps: DepsMut,
    env: Env,
    owner: Addr,
    redemption_id: u64,
    returned: Uint128,
) -> Result<Response, ContractError> {
    if !returned.is_zero() {
        let mut ledger = LEDGER.load(deps.storage)?;
        ledger.idle = ledger.idle.checked_add(returned)?;
        LEDGER.save(deps.storage, &ledger)?;
    }
    let s = settled(deps.as_ref(), &env, |_| {})?;
    let (config, mut ledger, pos) = (s.config, s.ledger, s.position);
    let key = (&owner, redemption_id);
    let mut redemption = REDEMPTIONS.load(deps.storage, key)?;
    redemption.unbonding_id = None;
    let payment = ledger.pay(redemption.pending())?;
    redemption.claim = payment.claim_left;
    redemption.paid = redemption.paid.checked_add(payment.paid)?;
    LEDGER.save(deps.storage, &ledger)?;

    let mut response = Response::new()
        .set_data(to_json_binary(&WithdrawRedemptionResponse {
            redemption_id,
            paid: payment.paid,
            pending: !redemption.claim.is_zero(),
        })?)
        .add_attribute("action", "pay_redemption")
        .add_attribute("holder", &owner)
        .add_attribute("redemption_id", redemption_id.to_string())
        .add_attribute("returned", returned)
        .add_attribute("paid", payment.paid)
        .add_attribute("owed_left", payment.owed_left);
    if !payment.paid.is_zero() {
        response = response.add_message(send(&owner, &config.collateral_denom, payment.paid));
    }
    if redemption.claim.is_zero() {
        REDEMPTIONS.remove(deps.storage, key);
        return Ok(response);
    }
    // Still owed: unbond the rest (or, with no earning shares left, wait for
    // collateral to come back to the vault: withdrawable again at once).
    redemption.release_at = env.block.time;
    REDEMPTIONS.save(deps.storage, key, &redemption)?;
    let shares = shares_for(payment.owed_left, &pos)?;
    if !shares.is_zero() {
        response = response
            .add_submessage(unbond_submsg(&config, &owner, redemption_id, shares)?)
            .add_attribute("unbonded_shares", shares);
    }
    Ok(response)
}
