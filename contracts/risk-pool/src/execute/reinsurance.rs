//! Reinsurance through the bridge (`config.reinsurance_bridge`).
//!
//! - A purchase on a product under a treaty cedes part of its premium: the
//!   pool asks the bridge what to cede (one query per purchase, O(1): the
//!   bridge holds the product's treaty, the one source of the terms), takes it
//!   out of the stakers' share (treasury and claims fund keep theirs) and
//!   hands it over with `Cede` in a submessage; a failed cession reverts the
//!   purchase.
//! - A payout tells the bridge of the loss, numbered by the cover's payout
//!   count so the same loss is never recovered twice.
//! - Recovered losses, and the premium of a cession the reinsurer refused,
//!   come back with `CreditRecovery` and join capital.

use cosmwasm_std::{
    Addr, Coin, CosmosMsg, Deps, DepsMut, Response, StdResult, SubMsg, Timestamp, Uint128,
};
use insurance_common::reinsurance_bridge::{ExecuteMsg, LossId, ReinsuranceBridgeContract};
use insurance_common::risk_pool::LossEvent;

use crate::error::ContractError;
use crate::pricing::Quote;
use crate::state::{Config, CONFIG, POOL};

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
        &ExecuteMsg::Cede {
            cover_id,
            product_id,
            cover_amount,
            premium,
            cover_end,
        },
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
        &ExecuteMsg::RecordLoss {
            loss: LossId { cover_id, sequence },
            amount,
            event,
        },
        vec![],
    )?;
    Ok(Some(msg))
}

/// Bridge only: the attached collateral joins capital.
pub fn credit_recovery(
    deps: DepsMut,
    sender: Addr,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if config.reinsurance_bridge.as_ref() != Some(&sender) {
        return Err(ContractError::Unauthorized {
            sender,
            role: "reinsurance bridge".to_string(),
        });
    }
    let mut pool = POOL.load(deps.storage)?;
    pool.total_assets = pool.total_assets.checked_add(amount)?;
    POOL.save(deps.storage, &pool)?;
    Ok(Response::new()
        .add_attribute("action", "credit_recovery")
        .add_attribute("amount", amount)
        .add_attribute("total_assets", pool.total_assets))
}
